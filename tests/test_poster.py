"""The poster: exact paper sizes, a QR code phones read, and text that survives a grey printer."""

from __future__ import annotations

import dataclasses
import re
import warnings
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
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
from radical_social.graphics.poster import (
    DEFAULT_PAPER,
    MARGIN_MM,
    MIN_CONTRAST,
    PAPER,
    Inks,
    Poster,
    grey_contrast,
    poster_image,
    poster_inks,
    render_poster,
)
from radical_social.graphics.poster import _detail_lines as detail_lines

TODAY = date(2026, 12, 1)
POINTS_PER_MM = 72 / 25.4
PIXELS = {"A4": (2480, 3508), "A5": (1748, 2480)}
TRICKY = [
    Palette(background="#ffffff", text="#ffd700", accent="#ffd700"),  # gold on white: pale in grey
    Palette(background="#e63946", text="#457b9d", accent="#2a9d8f"),  # red and blue: one grey
    Palette(background="#777777", text="#888888", accent="#666666"),  # mid greys: the worst case
]
ALL_PALETTES = [None, *PALETTES, *TRICKY]


@pytest.fixture(scope="module")
def example() -> Event:
    return Event.example()


@pytest.fixture(scope="module")
def a4(example: Event) -> Poster:
    return render_poster(example, today=TODAY)


def media_box(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", pdf)
    assert match, "no MediaBox"
    return float(match.group(1)), float(match.group(2))


def grey(image: Image.Image) -> Image.Image:
    return image.convert("L")


def margin_pixels(image: Image.Image, mm: float) -> Image.Image:
    """The image with everything but a band of ``mm`` around the edge painted white."""
    band = round(mm / 25.4 * 300)
    out = grey(image).copy()
    out.paste(255, (band, band, image.width - band, image.height - band))
    return out


def darkest(image: Image.Image) -> int:
    return next(level for level, count in enumerate(grey(image).histogram()) if count)


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_pdf_page_is_exactly_the_paper(example: Event, paper: str) -> None:
    poster = render_poster(example, paper=paper, today=TODAY)
    width, height = PAPER[paper]
    assert poster.data.startswith(b"%PDF-")
    assert media_box(poster.data) == pytest.approx((width * POINTS_PER_MM, height * POINTS_PER_MM), abs=0.01)
    assert (poster.paper, poster.width_mm, poster.height_mm) == (paper, width, height)


def test_a4_is_the_default_and_the_numbers_are_iso_216(a4: Poster) -> None:
    assert DEFAULT_PAPER == a4.paper == "A4"
    assert media_box(a4.data) == pytest.approx((595.28, 841.89), abs=0.01)
    assert media_box(render_poster(Event.example(), paper="A5").data) == pytest.approx((419.53, 595.28), abs=0.01)


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_image_is_300_dpi(example: Event, paper: str) -> None:
    assert poster_image(example, paper=paper).size == PIXELS[paper]


def test_a_plain_a4_pdf_is_small(a4: Poster) -> None:
    assert a4.bytes == len(a4.data) < 1_500_000
    assert a4.bytes < 50_000  # a 1-bit CCITT G4 page: about 15 kB


def test_the_pdf_is_the_same_every_time(example: Event, a4: Poster) -> None:
    assert render_poster(example, today=TODAY).data == a4.data


def test_repr(a4: Poster) -> None:
    assert repr(a4) == f"<Poster A4 210×297 mm, {a4.bytes:,} bytes>"


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_the_qr_code_reads_as_the_event_url(example: Event, paper: str) -> None:
    found = zxingcpp.read_barcodes(poster_image(example, paper=paper))
    assert [(code.format, code.text) for code in found] == [(zxingcpp.BarcodeFormat.QRCode, example.url)]


@pytest.mark.parametrize("palette", [*PALETTES, *TRICKY])
def test_the_qr_code_reads_on_any_palette(example: Event, palette: str | Palette) -> None:
    found = zxingcpp.read_barcodes(grey(poster_image(example, look=Look(palette=palette), paper="A5")))
    assert [code.text for code in found] == [example.url]


def test_an_event_without_url_has_no_qr_code(example: Event) -> None:
    image = poster_image(dataclasses.replace(example, url=None), paper="A5")
    assert zxingcpp.read_barcodes(image) == []


def test_black_on_white_by_default() -> None:
    assert poster_inks(None) == Inks((255, 255, 255), (0, 0, 0), (0, 0, 0))
    assert grey_contrast((255, 255, 255), (0, 0, 0)) == pytest.approx(21)


@pytest.mark.parametrize("palette", ALL_PALETTES)
def test_text_contrasts_in_grey(example: Event, palette: str | Palette | None) -> None:
    inks = poster_inks(Look(palette=palette).colours)
    assert grey_contrast(inks.text, inks.background) >= MIN_CONTRAST
    assert grey_contrast(inks.accent, inks.background) >= MIN_CONTRAST
    # On the page: the title's two commonest greys are the paper and the ink.
    image = grey(poster_image(example, look=Look(palette=palette), paper="A5"))
    title = image.crop((150, 150, image.width - 150, image.height // 5))
    paper, text = sorted(range(256), key=title.histogram().__getitem__)[-2:]
    assert grey_contrast((paper,) * 3, (text,) * 3) >= MIN_CONTRAST


def test_a_palette_that_contrasts_in_grey_is_kept() -> None:
    colours = PALETTES["carta"].colours
    assert poster_inks(PALETTES["carta"]) == Inks(colours.background, colours.text, colours.accent)


def test_a_pale_ink_becomes_black() -> None:
    assert poster_inks(TRICKY[0]) == Inks((255, 255, 255), (0, 0, 0), (0, 0, 0))


@pytest.mark.parametrize("language", ["it", "en", "es", "fr", "de"])
def test_every_language_makes_a_poster(example: Event, language: str) -> None:
    image = poster_image(example, language=language, today=TODAY, paper="A5")
    assert image.size == PIXELS["A5"]
    dark = sum(count for level, count in enumerate(image.histogram()) if level < 128)
    assert dark > 0.02 * image.width * image.height


def test_the_details_say_how_often_and_the_address_as_its_country_writes_it(example: Event) -> None:
    venue = Venue(name="Chapeltown Hub", address="12 Chapeltown Road", postcode="LS7 4PE", city="Leeds", country="GB")
    event = dataclasses.replace(example, language="en", venue=venue, rrule="FREQ=WEEKLY;BYDAY=SA;COUNT=6")
    texts = [line.text for line in detail_lines(event, TODAY)]
    assert texts[0].startswith("Saturday 16 January")
    assert texts[1:6] == ["Every Saturday for 6 weeks", "Chapeltown Hub", "12 Chapeltown Road", "Leeds", "LS7 4PE"]
    assert [line.text for line in detail_lines(example, TODAY)][1:4] == [
        "Bottega Sartori", "Via Santa Maria in Chiavica 7", "37121 Verona"]


def test_the_date_line_shows_an_end_time_only_when_the_event_gives_one(example: Event) -> None:
    at_six = dataclasses.replace(example, end=example.start)
    assert detail_lines(at_six, TODAY)[0].text == "Sabato 16 gennaio, ore 18:00"
    assert detail_lines(example, TODAY)[0].text == "Sabato 16 gennaio, ore 18:00–20:30"


def test_languages_differ(example: Event) -> None:
    assert poster_image(example, language="de").tobytes() != poster_image(example, language="fr").tobytes()


LONG_TITLE = ("Grande festa di fine stagione con pasta fresca, musica dal vivo e mercatino " * 3)[:200]


@pytest.mark.parametrize(
    "title", [LONG_TITLE, "Donaudampfschifffahrtsgesellschaftskapitän" * 4 + "x" * 32], ids=["words", "one word"]
)
@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_a_200_character_title_stays_inside_the_margins(example: Event, title: str, paper: str) -> None:
    assert len(title) == 200
    image = poster_image(dataclasses.replace(example, title=title), paper=paper)
    assert darkest(margin_pixels(image, MARGIN_MM - 1)) == 255


def test_long_details_stay_inside_the_margins(example: Event) -> None:
    long = "Via " + "lunghissima " * 40
    event = dataclasses.replace(
        example,
        title=LONG_TITLE,
        venue=Venue(name="Bottega " * 60, address=long, city="Verona"),
        organizer=Organizer(name="Associazione " * 38),
        rrule="FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270630",
    )
    image = poster_image(event, paper="A5")
    assert darkest(margin_pixels(image, MARGIN_MM - 1)) == 255
    assert zxingcpp.read_barcodes(image)[0].text == example.url


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """Black on the left, red on the right."""
    image = Image.new("RGB", (400, 100), (200, 0, 0))
    image.paste((0, 0, 0), (0, 0, 200, 100))
    path = tmp_path / "photo.png"
    image.save(path)
    return path


def test_a_photo_goes_in_a_grey_band_at_the_top(example: Event, photo: Path) -> None:
    image = poster_image(example, look=Look(photo=Photo(path=photo)), paper="A5")
    assert image.mode == "L"
    left, right = image.getpixel((300, 300)), image.getpixel((image.width - 300, 300))
    assert (left, right) == (0, 60)  # red is grey 60 in print (ITU-R 601-2 luma)
    assert zxingcpp.read_barcodes(image)[0].text == example.url


def test_the_photo_is_cropped_around_its_focal_point(example: Event, photo: Path) -> None:
    on_the_left = poster_image(example, look=Look(photo=Photo(path=photo, focal=(0.0, 0.5))), paper="A5")
    on_the_right = poster_image(example, look=Look(photo=Photo(path=photo, focal=(1.0, 0.5))), paper="A5")
    middle = (on_the_left.width // 2, 300)
    assert (on_the_left.getpixel(middle), on_the_right.getpixel(middle)) == (0, 60)


def test_a_poster_with_a_photo_is_a_jpeg_in_the_pdf(example: Event, photo: Path) -> None:
    printed = render_poster(example, look=Look(photo=Photo(path=photo)), paper="A5")
    assert media_box(printed.data) == pytest.approx((419.53, 595.28), abs=0.01)
    assert b"/DCTDecode" in printed.data


def test_an_unreadable_photo_is_an_event_error(example: Event, tmp_path: Path) -> None:
    (tmp_path / "notes.jpg").write_text("not a picture")
    with pytest.raises(EventError, match="image"):
        render_poster(example, look=Look(photo=Photo(path=tmp_path / "notes.jpg")))


def test_a_palette_poster_is_in_colour(example: Event) -> None:
    image = poster_image(example, look=Look(palette="carta"), paper="A5")
    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == PALETTES["carta"].colours.background


def test_pillows_font_builds_the_accents_it_lacks(example: Event) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Caffè e ragù", "35 €", "sábado": nothing prints as a box
        for language in ("it", "es", "fr", "de"):
            poster_image(dataclasses.replace(example, title="Caffè e ragù"), language=language, paper="A5")


def test_characters_the_font_lacks_are_named(example: Event) -> None:
    with pytest.warns(MissingGlyphWarning, match="東京"):
        poster_image(dataclasses.replace(example, title="Festa a 東京"), paper="A5")


def test_a_font_file_is_used_for_all_text(example: Event) -> None:
    try:
        regular = str(ImageFont.truetype("DejaVuSans.ttf", 10).path)
    except OSError:
        pytest.skip("DejaVu Sans is not installed")
    default = poster_image(example, paper="A5")
    assert poster_image(example, look=Look(font=regular), paper="A5").tobytes() != default.tobytes()


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
