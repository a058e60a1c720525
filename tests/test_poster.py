"""The poster: a vector PDF read back with the tools people and printers use (poppler's pdftotext,
pdffonts, pdfimages and pdftoppm, pypdf, and zxing on the rendered page)."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import warnings
from datetime import date
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFont

from radical_social import (
    PALETTES,
    CardError,
    Event,
    EventError,
    Look,
    MissingGlyphWarning,
    Organizer,
    Palette,
    Photo,
    Venue,
)
from radical_social.event import addresses
from radical_social.graphics.poster import (
    DEFAULT_PAPER,
    MARGIN_MM,
    MIN_CONTRAST,
    PAPER,
    PHOTO_DPI,
    Inks,
    Poster,
    grey_contrast,
    poster_inks,
    render_poster,
)
from radical_social.posts.channels import CHANNELS
from radical_social.posts.compose import compose
from radical_social.text import words

TODAY = date(2026, 12, 1)
POINTS_PER_MM = 72 / 25.4
TRICKY = [
    Palette(background="#ffffff", text="#ffd700", accent="#ffd700"),  # gold on white: pale in grey
    Palette(background="#e63946", text="#457b9d", accent="#2a9d8f"),  # red and blue: one grey
    Palette(background="#777777", text="#888888", accent="#666666"),  # mid greys: the worst case
]
ALL_PALETTES = [None, *PALETTES, *TRICKY]
LANGUAGES = ["it", "en", "es", "fr", "de"]
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitänsmützenausstellung"


@pytest.fixture(scope="module")
def example() -> Event:
    return Event.example()


@pytest.fixture(scope="module")
def a4(example: Event) -> Poster:
    return render_poster(example, today=TODAY)


def poppler(tool: str, poster: Poster, *args: str) -> str:
    """What a poppler tool prints for the poster; its warnings (stderr) fail the test."""
    done = subprocess.run([tool, *args, "-", "-"] if tool == "pdftotext" else [tool, *args, "-"],
                          input=poster.data, capture_output=True, check=True)
    assert done.stderr == b"", done.stderr.decode()
    return done.stdout.decode()


def text_lines(poster: Poster) -> list[str]:
    """The poster's lines as pdftotext reads them (a word hyphenated at a line's end joined again)."""
    return [line for line in poppler("pdftotext", poster).splitlines() if line.strip()]


def spaced(text: str) -> str:
    """Every space an ordinary one: pdftotext reads thin and no-break spaces as gaps between glyphs."""
    return re.sub(r"\s", " ", text)


def page(poster: Poster, dpi: int = 100) -> Image.Image:
    """The page as pdftoppm renders it, in grey."""
    done = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-"], input=poster.data,
                          capture_output=True, check=True)
    with Image.open(io.BytesIO(done.stdout)) as image:
        return image.convert("L")


def margin_ink(image: Image.Image, mm: float, dpi: int = 100) -> int:
    """The darkest grey in a band of ``mm`` around the edge, on a white page (255: nothing there)."""
    band = round(mm / 25.4 * dpi)
    out = image.copy()
    out.paste(255, (band, band, image.width - band, image.height - band))
    return int(out.getextrema()[0])


def word_boxes(poster: Poster) -> list[tuple[str, float, float, float, float]]:
    """Each word pdftotext finds, with its box in points: ``(word, left, top, right, bottom)``."""
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       poppler("pdftotext", poster, "-bbox"))
    return [(word, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, word in found]


def qr_texts(poster: Poster) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(page(poster, 150))
            if code.format == zxingcpp.BarcodeFormat.QRCode]


# --- the page ------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_pdf_page_is_exactly_the_paper(example: Event, paper: str) -> None:
    poster = render_poster(example, paper=paper, today=TODAY)
    width, height = PAPER[paper]
    box = pypdf.PdfReader(io.BytesIO(poster.data)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((width * POINTS_PER_MM, height * POINTS_PER_MM),
                                                                  abs=0.01)
    assert (poster.paper, poster.width_mm, poster.height_mm) == (paper, width, height)
    assert DEFAULT_PAPER == "A4"


def test_the_title_and_language_are_in_the_metadata(example: Event) -> None:
    for language in ("it", "de-CH"):
        reader = pypdf.PdfReader(io.BytesIO(render_poster(example, language=language).data))
        assert reader.metadata is not None and reader.metadata.title == example.title
        assert reader.trailer["/Root"]["/Lang"] == language


def test_the_text_is_set_in_the_bundled_inter_embedded_and_subset(a4: Poster) -> None:
    rows = poppler("pdffonts", a4).splitlines()[2:]
    fonts = {row.split()[0].split("+")[1]: row.split()[-5:-2] for row in rows}
    assert fonts == {"Inter": ["yes", "yes", "yes"], "InterBold": ["yes", "yes", "yes"]}  # embedded, subset, unicode


def test_a_plain_poster_is_small_and_the_same_every_time(example: Event, a4: Poster) -> None:
    assert a4.bytes <= 100_000
    assert render_poster(example, paper="A5", today=TODAY).bytes <= 100_000
    assert render_poster(example, today=TODAY).data == a4.data


def test_repr(a4: Poster) -> None:
    assert repr(a4) == f"<Poster A4 210×297 mm, {a4.bytes:,} bytes>"


# --- what it says --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_poster_says_what_the_posts_say(example: Event, language: str) -> None:
    event = example.in_language(language)
    post = compose(event, CHANNELS["newsletter"], "announce", today=TODAY).text
    when = words.when(event, today=TODAY)
    assert event.venue is not None and event.url is not None
    place = addresses.lines(event.venue)
    assert all(fact in post for fact in (event.title, when, ", ".join(place), event.url))
    lines = text_lines(render_poster(event, today=TODAY))
    said = " ".join(lines)
    assert event.title in said
    assert spaced(words.upper_first(when)) in said  # on one line, or broken after its comma
    assert " ".join(place) in said and all(part in lines for part in place)
    assert event.url in lines  # on one line, as it is typed


def test_a_cancelled_event_says_so(example: Event) -> None:
    for language in ("it", "de"):
        event = dataclasses.replace(example, status="cancelled", language=language)
        lines = lines_of(event)
        date_line = next(index for index, line in enumerate(lines) if line.startswith(("Sabato", "Samstag")))
        assert lines[date_line - 1] == words.phrases(language).status("cancelled").upper()


def lines_of(event: Event, paper: str = "A5") -> list[str]:
    """The poster's lines, title first."""
    return text_lines(render_poster(event, paper=paper, today=TODAY))


def test_a_recurring_event_says_how_often(example: Event) -> None:
    event = dataclasses.replace(example, rrule="FREQ=MONTHLY;BYDAY=1SA")
    often = words.recurrence(event)
    assert often is not None
    assert words.upper_first(often) in " ".join(lines_of(event))
    assert "ogni primo sabato del mese" in often.lower()


def test_the_address_as_its_country_writes_it(example: Event) -> None:
    venue = Venue(name="Chapeltown Hub", address="12 Chapeltown Road", postcode="LS7 4PE", city="Leeds", country="GB")
    event = dataclasses.replace(example, language="en", venue=venue, rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=6")
    lines = lines_of(event)
    start = lines.index("Every Saturday for 6 weeks")
    assert "Saturday 16 January" in " ".join(lines[:start])
    assert lines[start + 1:start + 5] == ["Chapeltown Hub", "12 Chapeltown Road", "Leeds", "LS7 4PE"]


def test_the_end_time_only_when_the_event_gives_one(example: Event) -> None:
    assert "Sabato 16 gennaio, ore 18:00 Bottega" in " ".join(lines_of(dataclasses.replace(example, end=example.start)))
    assert "Sabato 16 gennaio, ore 18:00–20:30 Bottega" in " ".join(lines_of(example))


def test_every_letter_of_five_languages_is_printed_by_the_font(example: Event) -> None:
    title = "Straße ẞ Œuvre € 12,50 «ciao» „Hallo“ – — ¿Qué? Ça"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        poster = render_poster(dataclasses.replace(example, title=title), paper="A5", today=TODAY)
    assert " ".join(text_lines(poster)).startswith(title)


def test_emoji_are_left_out(example: Event) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        poster = render_poster(dataclasses.replace(example, title="🍝 Pasta 🇮🇹 fresca"), paper="A5")
    assert " ".join(text_lines(poster)).startswith("Pasta fresca Sabato")


def test_characters_no_font_has_are_named(example: Event) -> None:
    unassigned = chr(0x378)  # no character yet: no font has a glyph for it
    with pytest.warns(MissingGlyphWarning, match=re.escape(f"nor one of the system's has a glyph for {unassigned!r}")):
        poster = render_poster(dataclasses.replace(example, title=f"Festa a {unassigned}"), paper="A5")
    assert text_lines(poster)[0] == "Festa a"


def system_fonts_for(text: str) -> set[str]:
    """The PostScript names (as pdffonts writes them) of the fonts fontconfig picks for ``text``; skips without."""
    from fontTools.ttLib import TTFont

    from radical_social.graphics.coverage import system_font

    found = [system_font(text, bold) for bold in (False, True)]
    if None in found:
        pytest.skip(f"fontconfig finds no font for {text!r} here")
    names = set()
    for font in found:
        assert font is not None
        with TTFont(font.path, fontNumber=font.index, lazy=True) as opened:
            names.add(opened["name"].getDebugName(6).replace("-", ""))
    return names


@pytest.mark.parametrize(("title", "lacking"), [("Երեկո գրադարանում", "Երեկո"), ("საღამო ბიბლიოთეკაში", "საღამო"),
                                               ("Βραδιά ποίησης · Երեկո", "Երեկո")],
                         ids=["armenian", "georgian", "greek and armenian"])
@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_script_inter_lacks_is_set_in_a_system_font(example: Event, title: str, lacking: str, paper: str) -> None:
    expected = system_fonts_for(lacking)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        poster = render_poster(dataclasses.replace(example, title=title), paper=paper, today=TODAY)
    assert " ".join(text_lines(poster)).startswith(title + " Sabato")
    rows = [row.split() for row in poppler("pdffonts", poster).splitlines()[2:]]
    embedded = {row[0].split("+")[1]: row[-5:-2] for row in rows}
    assert set(embedded) & expected and "Inter" in embedded  # the title is bold: at least the bold one
    assert all(flags == ["yes", "yes", "yes"] for flags in embedded.values())  # embedded, subset, unicode
    assert margin_ink(page(poster), MARGIN_MM - 1) == 255
    width, height = (mm * POINTS_PER_MM for mm in PAPER[paper])
    inner = MARGIN_MM * POINTS_PER_MM - 1
    assert all(inner <= left and right <= width - inner and inner <= top and bottom <= height - inner
               for _, left, top, right, bottom in word_boxes(poster))


def test_a_script_that_needs_shaping_is_left_out_and_named(example: Event) -> None:
    # Arabic letters join and run right to left: set one after the other they would be wrong.
    title = "أمسية شعرية في المكتبة"
    with pytest.warns(MissingGlyphWarning, match=r"cannot set 'أمسيةشعرفالكتب'.*shaping"):
        poster = render_poster(dataclasses.replace(example, title=f"Poesia {title}"), paper="A5")
    assert text_lines(poster)[0] == "Poesia"


# --- it fits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_long_compound_is_hyphenated_before_the_title_shrinks(example: Event, paper: str) -> None:
    event = dataclasses.replace(example, title=f"Die {COMPOUND}", language="de")
    poster = render_poster(event, paper=paper, today=TODAY)
    assert text_lines(poster)[0] == event.title  # pdftotext joins what was hyphenated
    boxes = word_boxes(poster)
    title = [word for word, *_ in boxes[1:boxes.index(next(box for box in boxes if box[0] == "Samstag,"))]]
    assert len(title) >= 3 and all(word.endswith("-") for word in title[:-1])
    assert "".join(word.removesuffix("-") for word in title) == COMPOUND
    title_height = boxes[0][4] - boxes[0][2]
    date_height = next(bottom - top for word, _, top, _, bottom in boxes if word == "Samstag,")
    assert title_height > 1.5 * date_height  # the title stays the largest thing
    assert margin_ink(page(poster), MARGIN_MM - 1) == 255


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_title_is_balanced(example: Event, paper: str) -> None:
    event = dataclasses.replace(example, title="Corso di cucina per principianti a Verona")
    lines = poppler("pdftotext", render_poster(event, paper=paper, today=TODAY), "-raw").splitlines()
    title = lines[:next(index for index, line in enumerate(lines) if line.startswith("Sabato"))]
    # Broken greedily, "principianti a" / "Verona": the short word goes down with the name it belongs to.
    assert title == ["Corso di", "cucina per", "principianti", "a Verona"]


LONG_TITLE = ("Grande festa di fine stagione con pasta fresca, musica dal vivo e mercatino " * 3)[:200]


@pytest.mark.parametrize("title", [LONG_TITLE, COMPOUND * 3 + "x" * 20], ids=["words", "one word"])
@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_200_character_title_stays_inside_the_margins(example: Event, title: str, paper: str) -> None:
    assert len(title) == 200
    poster = render_poster(dataclasses.replace(example, title=title), paper=paper)
    assert margin_ink(page(poster), MARGIN_MM - 1) == 255
    width, height = (mm * POINTS_PER_MM for mm in PAPER[paper])
    inner = MARGIN_MM * POINTS_PER_MM - 1
    assert all(inner <= left and right <= width - inner and inner <= top and bottom <= height - inner
               for _, left, top, right, bottom in word_boxes(poster))


LETTERS = "abcdefghijklmnopqrstuvwxyzàèéìòùäöüßçñœáíóúABCDEFGHIJKLMNOPQRSTUVWXYZÀÉÈÄÖÜẞÇÑŒ0123456789"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.lists(st.text(LETTERS, min_size=1, max_size=30), min_size=1, max_size=8).map(" ".join),
       language=st.sampled_from(LANGUAGES))
def test_any_title_reads_back_whole_and_stays_on_the_page(example: Event, title: str, language: str) -> None:
    poster = render_poster(dataclasses.replace(example, title=title, language=language), paper="A5", today=TODAY)
    # In content order (pdftotext's layout may run single letters together), hyphenated words joined again.
    raw = " ".join(poppler("pdftotext", poster, "-raw").split()).replace("- ", "")
    assert raw.startswith(title + " ")
    width, height = (mm * POINTS_PER_MM for mm in PAPER["A5"])
    inner = MARGIN_MM * POINTS_PER_MM - 1
    assert all(inner <= left and right <= width - inner and inner <= top and bottom <= height - inner
               for _, left, top, right, bottom in word_boxes(poster))


def test_long_details_stay_inside_the_margins(example: Event) -> None:
    event = dataclasses.replace(
        example,
        title=LONG_TITLE,
        venue=Venue(name="Bottega " * 60, address="Via " + "lunghissima " * 40, city="Verona"),
        organizer=Organizer(name="Associazione " * 38),
        rrule="FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630",
    )
    poster = render_poster(event, paper="A5")
    assert margin_ink(page(poster), MARGIN_MM - 1) == 255
    assert qr_texts(poster) == [example.url]


# --- the QR code ---------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_qr_code_is_vector_and_reads_as_the_event_url(example: Event, paper: str) -> None:
    poster = render_poster(example, paper=paper)
    assert qr_texts(poster) == [example.url]
    assert poppler("pdfimages", poster, "-list").count("\n") == 2  # the header only: no image


@pytest.mark.parametrize("palette", [*PALETTES, *TRICKY])
def test_the_qr_code_reads_on_any_palette(example: Event, palette: str | Palette) -> None:
    assert qr_texts(render_poster(example, look=Look(palette=palette), paper="A5")) == [example.url]


def test_an_event_without_url_has_no_qr_code_and_no_link(example: Event) -> None:
    poster = render_poster(dataclasses.replace(example, url=None), paper="A5")
    assert qr_texts(poster) == []
    assert not any("https://" in line for line in text_lines(poster))


def test_the_qr_code_and_the_link_are_clickable(a4: Poster, example: Event) -> None:
    annotations = pypdf.PdfReader(io.BytesIO(a4.data)).pages[0]["/Annots"]
    assert [annotation.get_object()["/A"]["/URI"] for annotation in annotations] == [example.url] * 2


# --- ink -----------------------------------------------------------------------------------------


def test_black_on_white_by_default(a4: Poster) -> None:
    assert poster_inks(None) == Inks((255, 255, 255), (0, 0, 0), (0, 0, 0))
    histogram = page(a4).histogram()
    assert histogram[255] > 0.85 * sum(histogram)  # a light page: little ink


@pytest.mark.parametrize("palette", ALL_PALETTES)
def test_text_contrasts_in_grey(example: Event, palette: str | Palette | None) -> None:
    inks = poster_inks(Look(palette=palette).colours)
    assert grey_contrast(inks.text, inks.background) >= MIN_CONTRAST
    assert grey_contrast(inks.accent, inks.background) >= MIN_CONTRAST
    # On the page: the title's two commonest greys are the paper and the ink.
    image = page(render_poster(example, look=Look(palette=palette), paper="A5"))
    title = image.crop((60, 60, image.width - 60, image.height // 5))
    paper, text = sorted(range(256), key=title.histogram().__getitem__)[-2:]
    assert grey_contrast((paper,) * 3, (text,) * 3) >= MIN_CONTRAST


def test_a_dark_palette_prints_a_dark_page_when_asked_for(example: Event) -> None:
    image = page(render_poster(example, look=Look(palette="notte"), paper="A5"))
    assert image.getpixel((5, 5)) < 40
    assert text_lines(render_poster(example, look=Look(palette="notte"), paper="A5"))[0].startswith("Laboratorio")


def test_a_palette_that_contrasts_in_grey_is_kept() -> None:
    colours = PALETTES["carta"].colours
    assert poster_inks(PALETTES["carta"]) == Inks(colours.background, colours.text, colours.accent)


def test_a_pale_ink_becomes_black() -> None:
    assert poster_inks(TRICKY[0]) == Inks((255, 255, 255), (0, 0, 0), (0, 0, 0))


# --- the photo -----------------------------------------------------------------------------------


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """Black on the left, red on the right, larger than the band needs."""
    image = Image.new("RGB", (4000, 1000), (200, 0, 0))
    image.paste((0, 0, 0), (0, 0, 2000, 1000))
    path = tmp_path / "photo.png"
    image.save(path)
    return path


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_photo_is_a_jpeg_at_200_dpi_of_its_printed_size(example: Event, photo: Path, paper: str) -> None:
    poster = render_poster(example, look=Look(photo=Photo(path=photo)), paper=paper)
    image = poppler("pdfimages", poster, "-list").splitlines()[2].split()
    width_mm = PAPER[paper][0] - 2 * MARGIN_MM
    assert (image[3], image[8]) == (str(round(width_mm / 25.4 * PHOTO_DPI)), "jpeg")
    assert int(image[12]) == PHOTO_DPI
    assert qr_texts(poster) == [example.url]


def test_the_photo_is_cropped_around_its_focal_point(example: Event, photo: Path) -> None:
    def middle(focal: tuple[float, float]) -> int:
        image = page(render_poster(example, look=Look(photo=Photo(path=photo, focal=focal)), paper="A5"))
        return int(image.getpixel((image.width // 2, 100)))

    assert middle((0.0, 0.5)) < 10 and 50 < middle((1.0, 0.5)) < 80  # black; red is about grey 60


def test_an_unreadable_photo_is_an_event_error(example: Event, tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("not a picture")
    with pytest.raises(EventError, match="image"):
        render_poster(example, look=Look(photo=Photo(path=tmp_path / "notes.jpg")))


# --- fonts and options ---------------------------------------------------------------------------


def test_a_font_file_is_used_for_all_text(example: Event) -> None:
    try:
        regular = str(ImageFont.truetype("DejaVuSans.ttf", 10).path)
    except OSError:
        pytest.skip("DejaVu Sans is not installed")
    poster = render_poster(example, look=Look(font=regular), paper="A5")
    assert {row.split()[0].split("+")[1] for row in poppler("pdffonts", poster).splitlines()[2:]} == {"DejaVuSansBook"}
    assert text_lines(poster)[-1] == example.url


def ink(poster: Poster, wanted: str) -> float:
    """The share of dark pixels in the box of the first word ``wanted`` (rendered at 150 dpi)."""
    image = page(poster, 150)
    _, left, top, right, bottom = next(box for box in word_boxes(poster) if box[0] == wanted)
    crop = image.crop(tuple(round(edge * 150 / 72) for edge in (left, top, right, bottom)))
    return sum(crop.histogram()[:128]) / (crop.width * crop.height)


def test_a_one_file_font_is_outlined_for_bold_and_only_there(example: Event) -> None:
    from radical_social.graphics.typeface import bundled_font

    regular_only = render_poster(example, look=Look(font=bundled_font()), paper="A5")
    assert ink(regular_only, "Laboratorio") > 1.2 * ink(regular_only, "Santa")
    assert ink(regular_only, "Santa") == pytest.approx(ink(render_poster(example, paper="A5"), "Santa"), rel=0.1)


def test_a_file_that_is_not_a_font_is_refused(example: Event, tmp_path: Path) -> None:
    path = tmp_path / "brand.ttf"
    path.write_bytes(b"not a font")
    with pytest.raises(CardError, match="cannot read the font"):
        render_poster(example, look=Look(font=path))


def test_an_unknown_paper_is_refused(example: Event) -> None:
    with pytest.raises(CardError, match="A4, A5"):
        render_poster(example, paper="Letter")
    with pytest.raises(CardError, match="did you mean 'A5'"):
        render_poster(example, paper="a5")


@pytest.mark.parametrize("paper", ["A4", "A5"])
@pytest.mark.parametrize("title", ["Lecture « Extraordinairement » longue et passionnante de textes choisis",
                                   "« Œuvres complètes » : lecture à voix haute du dimanche"])
def test_a_mark_that_stands_alone_stays_with_its_word(example: Event, paper: str, title: str) -> None:
    poster = render_poster(dataclasses.replace(example, title=title, language="fr"), paper=paper, today=TODAY)
    lines = [spaced(line).strip() for line in poppler("pdftotext", poster, "-raw").splitlines() if line.strip()]
    assert not any(line.endswith("«") or line.startswith(("»", ":")) for line in lines), lines
