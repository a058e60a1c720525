"""Cards: sizes, QR codes a real decoder reads, contrast measured on the pixels, text that always
fits, every language without a warning, weight, photos cropped around their focal point (type: test_card_type)."""

from __future__ import annotations

import io
import math
import os
import struct
import subprocess
import sys
import warnings
import zlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from radical_social import (
    PALETTES,
    CardError,
    ContrastWarning,
    Event,
    EventError,
    Look,
    MissingGlyphWarning,
    Palette,
    Photo,
    Venue,
    brand_palette,
)
from radical_social.graphics.cards import (
    ALT_TEXT_LIMIT,
    LAYOUTS,
    QR_SIZES,
    SIZES,
    Card,
    alt_text,
    card_facts,
    render_card,
    render_cards,
)
from radical_social.graphics.faces import face, missing
from radical_social.graphics.layouts import LAYOUTS as LAYOUT_FUNCTIONS
from radical_social.graphics.layouts import Scene, Spec
from radical_social.graphics.palette import contrast
from radical_social.graphics.text_boxes import wrap

TODAY = date(2026, 12, 1)
GOLDEN = Path(__file__).parent / "golden" / "cards"
GOLDEN_TOLERANCE = 3.0
"""Mean absolute difference per channel (0–255) a card may drift from its golden image."""

LONG_TITLE = ("Laboratorio di pasta fresca, tortelli di zucca, tagliatelle al ragù e gnocchi di patate "
              "con la farina del Mulino Bassi, per chi non ha mai impastato e per chi vuole imparare davvero")
COMPOUND = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhalter"

LANGUAGES = {
    # language: (weekday and month of the example's date, characters the language needs)
    "it": (("sabato", "gennaio"), "àèéìòùÈ«»’"),
    "en": (("Saturday", "January"), "’–—“”"),
    "es": (("sábado", "enero"), "ñÑáíóúü¿¡"),
    "fr": (("samedi", "janvier"), "çœŒêëîïôûÉÀ«»\u202f\u00a0"),
    "de": (("Samstag", "Januar"), "äöüÄÖÜß„“€"),
}
TITLES = {
    "it": "Perché è già venerdì: Ìsola, Città",
    "en": "Readers’ café — “naïve” stories",
    "es": "¿Jamón ibérico? ¡Señorío de Año Nuevo!",
    "fr": "Fête de l’œuvre « Noël à Besançon »",
    "de": "Straßenfest „Größe“ in Düsseldorf, Ölmühle",
}


def image_of(card: Card) -> Image.Image:
    return Image.open(io.BytesIO(card.data)).convert("RGB")


def in_language(event: Event, language: str, title: str | None = None) -> Event:
    return replace(event, language=language, title=title or event.title)


def border_colours(image: Image.Image, band: int) -> set[tuple[int, int, int]]:
    """The colours in the frame ``band`` px wide around the image."""
    width, height = image.size
    found: set[tuple[int, int, int]] = set()
    for box in ((0, 0, width, band), (0, height - band, width, height), (0, 0, band, height),
                (width - band, 0, width, height)):
        found |= {colour for _, colour in image.crop(box).getcolors(1 << 20) or []}
    return found


def margin(size: str) -> int:
    width, height = SIZES[size]
    return round(min(width, height) * 0.08)


# --- sizes, formats, the card object -----------------------------------------------------------


def test_every_size_has_its_pixels_format_and_name(event: Event) -> None:
    cards = render_cards(event, SIZES, today=TODAY)
    assert [card.size for card in cards] == list(SIZES)
    for card in cards:
        image = Image.open(io.BytesIO(card.data))
        assert image.format == "PNG" and card.format == "png"
        assert image.size == SIZES[card.size] == (card.width, card.height)
        assert card.filename == f"{card.size}.png"
        assert card.qr == (card.size in QR_SIZES)
        assert card.bytes == len(card.data)
        assert repr(card) == f"<Card {card.size} {card.width}×{card.height} png {round(card.bytes / 1000)} KB>"
        assert not image.info.keys() - {"dpi", "gamma", "transparency"}  # no text chunks, no EXIF
        assert card._repr_png_() == card.data


def test_a_broken_card_has_no_png_representation_rather_than_an_error() -> None:
    card = Card(size="square", width=1, height=1, format="jpeg", data=b"not a jpeg", alt="", qr=False)
    assert card._repr_png_() is None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_flat_cards_are_light(event: Event, layout: str) -> None:
    for palette in PALETTES:
        card = render_card(event, "square", look=Look(layout=layout, palette=palette), today=TODAY)
        assert card.bytes <= 65_000, (layout, palette, card.bytes)


def test_sizes_and_colours_that_do_not_exist_are_named(event: Event) -> None:
    with pytest.raises(CardError, match="did you mean 'square'"):
        render_card(event, "sqaure")
    with pytest.raises(CardError, match="not a colour"):
        Palette(background="#12345", text="#000000", accent="#000000")


def test_a_photo_that_cannot_be_read_is_an_event_problem_at_image(event: Event, tmp_path: Path) -> None:
    (tmp_path / "text.jpg").write_text("hello")
    with pytest.raises(EventError, match="cannot read the photo"):
        render_card(event, look=Look(photo=Photo(path=tmp_path / "text.jpg")))


def test_a_photo_of_too_many_pixels_is_refused_before_it_is_decoded(event: Event, tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    Image.new("1", (8000, 8000)).save(huge)  # 8 MB as one bit a pixel; 192 MB once decoded to RGB
    assert huge.stat().st_size < 100_000
    with pytest.raises(EventError, match=r"it is 8000×8000 pixels, more than 50 megapixels") as caught:
        render_card(event, look=Look(photo=Photo(path=huge)))
    assert [problem.path for problem in caught.value.problems] == ["image"]


def _png_header(width: int, height: int) -> bytes:
    """A tiny PNG whose header says ``width``×``height`` and whose pixel data is a few bytes of zeros."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(8))) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(30_000, 1), (1, 50_000_000)])
def test_a_photo_longer_than_20000_pixels_on_a_side_is_refused_before_it_is_decoded(
    event: Event, tmp_path: Path, width: int, height: int
) -> None:
    strip = tmp_path / "strip.png"
    if height == 1:
        Image.new("L", (width, height)).save(strip)
    else:  # the header alone: 50 megapixels, within that limit, but 1.6 GB to decode row by row
        strip.write_bytes(_png_header(width, height))
    with pytest.raises(EventError, match=f"it is {width}×{height} pixels, more than 20,000 pixels on a side") as caught:
        render_card(event, look=Look(photo=Photo(path=strip)))
    assert [problem.path for problem in caught.value.problems] == ["image"]


# --- QR codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", sorted(QR_SIZES))
def test_the_qr_code_decodes_to_the_event_url(event: Event, layout: str, size: str) -> None:
    card = render_card(event, size, look=Look(layout=layout), today=TODAY)
    [found] = zxingcpp.read_barcodes(image_of(card))
    assert found.text == event.url


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_the_qr_code_decodes_on_every_palette_and_with_a_long_url(event: Event, palette: str) -> None:
    url = "https://bottegasartori.example/laboratori/" + "pasta-fresca-" * 12 + "?utm=none"
    card = render_card(replace(event, url=url), "square", look=Look(layout="split", palette=palette), today=TODAY)
    [found] = zxingcpp.read_barcodes(image_of(card))
    assert found.text == url


def test_without_a_url_there_is_no_qr_code_and_no_domain(event: Event) -> None:
    card = render_card(replace(event, url=None), "square", today=TODAY)
    assert not card.qr
    assert zxingcpp.read_barcodes(image_of(card)) == []
    assert "example" not in card.alt


# --- contrast ------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_type_contrasts_at_least_4_5_to_1_as_drawn(event: Event, layout: str, palette: str) -> None:
    image = image_of(render_card(event, "link", look=Look(layout=layout, palette=palette), today=TODAY))
    counts = {colour: count for count, colour in image.getcolors(1 << 16) or []}
    background = max(counts, key=counts.__getitem__)
    chosen = PALETTES[palette].colours
    # The solid colours of the type, found on the card: every glyph's core is drawn in them.
    for ink in {chosen.text, chosen.accent}:
        assert counts.get(ink, 0) > 500, (palette, ink)
        assert contrast(background, ink) >= 4.5


def test_every_built_in_palette_passes_without_adjustment() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for palette in PALETTES.values():
            assert palette.legible
            assert brand_palette(palette.background, palette.text, palette.accent) == palette


def test_a_brand_colour_that_fails_is_adjusted_with_a_warning() -> None:
    with pytest.warns(ContrastWarning, match=r"#ffcc00 has a contrast of 1\.\d\d:1"):
        palette = brand_palette("#ffffff", "#222222", accent="#ffcc00")
    colours = palette.colours
    assert colours.text == (0x22, 0x22, 0x22)
    assert contrast(colours.accent, colours.background) >= 4.5
    assert colours.accent[0] > colours.accent[2]  # still a yellow, only darker
    assert contrast(colours.accent, colours.background) < 5  # moved just enough


def test_a_palette_passed_directly_is_checked_too(event: Event) -> None:
    weak = Palette(background=(250, 250, 250), text=(170, 170, 170), accent=(40, 40, 40))
    with pytest.warns(ContrastWarning, match="text colour"):
        card = render_card(event, "square", look=Look(palette=weak), today=TODAY)
    counts = {colour for _, colour in image_of(card).getcolors(1 << 16) or []}
    darkest = min(counts, key=sum)
    assert contrast(darkest, (250, 250, 250)) >= 4.5


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


# --- alt text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_alt_text_says_what_when_where_in_the_events_language(event: Event, language: str) -> None:
    local = in_language(event, language)
    text = alt_text(local, today=TODAY)
    (weekday, month), _ = LANGUAGES[language]
    assert text.startswith(event.title)
    assert weekday.lower() in text.lower() and month in text
    assert "Bottega Sartori" in text and "Verona" in text
    assert "bottegasartori.example" in text
    assert len(text) <= ALT_TEXT_LIMIT
    assert "QR" in text and "QR" not in alt_text(local, today=TODAY, qr=False)


def test_each_card_carries_the_alt_text_for_what_it_shows(event: Event) -> None:
    square, link = render_cards(event, ("square", "link"), today=TODAY)
    assert square.alt == alt_text(event, today=TODAY)
    assert link.alt == alt_text(event, today=TODAY, qr=False)
    assert render_card(event, language="de", today=TODAY).alt == alt_text(event, language="de", today=TODAY)
    assert "Samstag" in render_card(event, language="de", today=TODAY).alt


def test_alt_text_stays_within_the_limit_whatever_the_venue(event: Event) -> None:
    assert event.venue is not None
    venue = replace(event.venue, name="Sala " * 98 + "Grande", address="Via " + "Lunga " * 80)
    text = alt_text(replace(event, title="T" * 200, venue=venue), today=TODAY)
    assert len(text) <= ALT_TEXT_LIMIT
    assert text.startswith("T" * 200) and text.endswith("…")


# --- text that fits ------------------------------------------------------------------------------


def scene(event: Event, layout: str, size: str, *, photo: bool = False) -> Scene:
    width, height = SIZES[size]
    spec = Spec(size, width, height, card_facts(event, TODAY), PALETTES["carta"].colours, None, photo,
                (b"\x00" * 25,) * 25 if size in QR_SIZES else None)
    return LAYOUT_FUNCTIONS[layout](spec)


def scene_text(event: Event, layout: str, size: str) -> list[str]:
    return [line.text for line in scene(event, layout, size).lines]


def item_boxes(drawn: Scene) -> list[tuple[int, int, int, int]]:
    """The box each item's lines take (lines in a row with the same face and colour are one item)."""
    boxes: list[tuple[int, int, int, int]] = []
    previous = None
    for line in drawn.lines:
        right = line.x + math.ceil(line.face.length(line.text))
        box = (line.x, line.baseline - line.face.top, right, line.baseline + line.face.bottom)
        if previous is not None and (previous.face, previous.fill) == (line.face, line.fill):
            last = boxes.pop()
            box = (min(last[0], box[0]), last[1], max(last[2], box[2]), box[3])
        boxes.append(box)
        previous = line
    return boxes


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("photo", [False, True])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_lines_keep_clear_of_each_other_the_qr_code_and_the_photo(
        event: Event, layout: str, size: str, photo: bool) -> None:
    for title in (event.title, LONG_TITLE):
        drawn = scene(replace(event, title=title), layout, size, photo=photo)
        boxes = item_boxes(drawn)
        width, height = SIZES[size]
        assert all(box[0] > 0 and box[1] > 0 and box[2] < width and box[3] < height for box in boxes)
        for index, box in enumerate(boxes):
            assert not any(overlap(box, other) for other in boxes[index + 1:]), (title, index)
        if drawn.qr is not None:
            qr = (drawn.qr.x, drawn.qr.y, drawn.qr.x + drawn.qr.side, drawn.qr.y + drawn.qr.side)
            assert not any(overlap(box, qr) for box in boxes)
        if drawn.photo is not None:
            area = (drawn.photo.x, drawn.photo.y, drawn.photo.right, drawn.photo.bottom)
            assert not any(overlap(box, area) for box in boxes)


@pytest.mark.parametrize("title", [LONG_TITLE + " " + LONG_TITLE[:200 - len(LONG_TITLE) - 1], COMPOUND])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_long_titles_fit_whole_inside_the_margins(event: Event, title: str, layout: str, size: str) -> None:
    long = replace(event, title=title[:200], language="de")
    image = image_of(render_card(long, size, look=Look(layout=layout), today=TODAY))
    colours = PALETTES["carta"].colours
    allowed = {colours.background} | ({colours.accent} if layout != "poster" else set())  # bands and panels
    assert border_colours(image, margin(size) // 2) <= allowed
    shown = "".join(scene_text(long, layout, size))
    assert title[:200].replace(" ", "") in shown.replace("-", "").replace(" ", "")  # every letter, in order


def test_long_words_are_hyphenated_in_the_events_language() -> None:
    regular = face(None, 60)
    lines, split = wrap(regular, COMPOUND, 600, "de")
    assert split and len(lines) > 2
    assert all(regular.length(line) <= 600 for line in lines)
    assert "".join(line.removesuffix("-") for line in lines) == COMPOUND
    assert lines[0] in ("Donaudampf-", "Donaudampfschiff-", "Donaudampfschifffahrts-")


def test_dates_break_after_their_comma_not_inside_it() -> None:
    regular = face(None, 44)
    lines, _ = wrap(regular, "Sabato 16 gennaio, ore 18:00–20:30", 520, "it", clauses=True)
    assert lines == ["Sabato 16 gennaio,", "ore 18:00–20:30"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn")), min_size=1, max_size=200))
def test_any_title_renders_and_latin_ones_never_leave_the_margins(event: Event, title: str) -> None:
    try:
        hostile = replace(event, title=title)
    except EventError:
        assume(False)
        return
    latin = not missing(None, title)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if not latin else "error", MissingGlyphWarning)
        card = render_card(hostile, "square", look=Look(layout="poster"), today=TODAY)
    if latin:
        assert border_colours(image_of(card), margin("square") // 2) == {PALETTES["carta"].colours.background}


# --- languages and glyphs ------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_languages_letters_and_titles_render_without_a_warning(event: Event, language: str) -> None:
    _, letters = LANGUAGES[language]
    assert missing(None, letters + TITLES[language]) == ""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_card(in_language(event, language, TITLES[language]), "square", today=TODAY)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="no DejaVu Sans on this machine")
def test_a_brand_font_is_used_as_it_is(event: Event) -> None:
    built_in = render_card(event, "square", today=TODAY)
    branded = render_card(event, "square", look=Look(font=DEJAVU), today=TODAY)
    assert ImageChops.difference(image_of(built_in), image_of(branded)).getbbox()
    assert missing(str(DEJAVU), "ßœ€") == ""  # and Inter draws what DejaVu lacks


# --- photos --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 4000×3000 camera-like JPEG (gradients and noise, EXIF) with a red block at (0.7, 0.5)."""
    width, height = 4000, 3000
    red_x, red_y = 0.7, 0.5
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 48)
    dim = gradient.point(lambda value: value // 2)  # no red in the scene but the block
    image = Image.merge("RGB", (dim, noise, gradient.transpose(Image.Transpose.ROTATE_180)))
    block = 180
    image.paste((230, 0, 0), (round(red_x * width) - block // 2, round(red_y * height) - block // 2,
                              round(red_x * width) + block // 2, round(red_y * height) + block // 2))
    exif = Image.Exif()
    exif[0x013B] = "Giulia Sartori"  # Artist
    path = tmp_path_factory.mktemp("photo") / "photo.jpg"
    image.save(path, "JPEG", quality=92, exif=exif)
    return path


def red_centre(image: Image.Image) -> tuple[float, float]:
    red = image.split()[0].point(lambda v: 255 if v > 200 else 0)
    green = image.split()[1].point(lambda v: 255 if v < 60 else 0)
    mask = ImageChops.multiply(red, green)
    box = mask.getbbox()
    assert box is not None, "no red block on the card"
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


@pytest.mark.parametrize("size", list(SIZES))
def test_a_photo_card_is_a_small_jpeg_without_metadata(event: Event, photo: Path, size: str) -> None:
    card = render_card(event, size, look=Look(photo=Photo(path=photo, focal=(0.7, 0.5))), today=TODAY)
    image = Image.open(io.BytesIO(card.data))
    assert image.format == "JPEG" and card.format == "jpeg" and card.filename == f"{size}.jpg"
    assert image.size == SIZES[size]
    assert card.bytes <= 1_000_000
    assert "exif" not in image.info and image.getexif() == {}
    assert card._repr_png_() is not None and card._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"  # type: ignore[index]


def test_the_photo_is_cropped_around_its_focal_point(event: Event, photo: Path) -> None:
    # split: the photo fills a tall panel 29 % of the width, so the focal point can be centred across it
    split = Look(layout="split", photo=Photo(path=photo, focal=(0.7, 0.5)))
    square = image_of(render_card(event, "square", look=split, today=TODAY))
    panel = round(1080 * 0.29)
    x, y = red_centre(square.crop((0, 0, panel, 1080)))
    assert abs(x - panel / 2) < 12 and abs(y - 540) < 12
    # with the focal point elsewhere, the red block is off-centre or gone
    elsewhere = image_of(render_card(event, "square", look=replace(split, photo=Photo(path=photo, focal=(0.2, 0.5))),
                                     today=TODAY))
    red = ImageStat.Stat(elsewhere.crop((0, 0, panel, 1080))).mean[0]
    assert red < ImageStat.Stat(square.crop((0, 0, panel, 1080))).mean[0]


@pytest.mark.parametrize("size", sorted(QR_SIZES))
def test_the_qr_code_still_decodes_beside_a_photo(event: Event, photo: Path, size: str) -> None:
    for layout in LAYOUTS:
        card = render_card(event, size, look=Look(layout=layout, photo=Photo(path=photo)), today=TODAY)
        assert [found.text for found in zxingcpp.read_barcodes(image_of(card))] == [event.url]


# --- what the card says --------------------------------------------------------------------------

WEEKLY = "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270630"
LEEDS = Venue(name="Chapeltown Hub", address="12 Chapeltown Road", postcode="LS7 4PE", city="Leeds", country="GB")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_a_recurring_event_says_how_often_on_every_card(event: Event, layout: str, size: str) -> None:
    for title in (event.title, LONG_TITLE):
        for photo in (False, True):
            weekly = replace(event, title=title, rrule=WEEKLY)
            assert "Ogni sabato fino al 30 giugno" in " ".join(line.text for line in
                                                               scene(weekly, layout, size, photo=photo).lines)
    assert "Ogni" not in " ".join(scene_text(event, layout, size))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_card_shows_an_end_time_only_when_the_event_gives_one(event: Event, layout: str) -> None:
    at_six = replace(event, end=event.start)  # no duration: nothing to show but the start
    for size in SIZES:
        text = " ".join(scene_text(at_six, layout, size))
        assert "18:00" in text and "20:30" not in text and "–" not in text
    assert "20:30" in " ".join(scene_text(event, layout, "square"))


def test_the_alt_text_says_how_often_too(event: Event) -> None:
    text = alt_text(replace(event, rrule=WEEKLY, language="en"), today=TODAY)
    assert "pm. Every Saturday until 30 June. Bottega Sartori" in text


def test_the_address_is_written_as_the_venues_country_writes_it(event: Event) -> None:
    leeds = replace(event, venue=LEEDS, language="en")
    assert card_facts(leeds, TODAY).address == "12 Chapeltown Road, Leeds LS7 4PE"
    assert "Chapeltown Hub, 12 Chapeltown Road, Leeds LS7 4PE." in alt_text(leeds, today=TODAY)
    assert card_facts(event, TODAY).address == "Via Santa Maria in Chiavica 7, 37121 Verona"


# --- golden images -------------------------------------------------------------------------------

GOLDEN_CARDS = [("poster", "square"), ("band", "portrait"), ("split", "story"), ("poster", "link"), ("split", "link")]


@pytest.mark.parametrize(("layout", "size"), GOLDEN_CARDS)
def test_cards_match_their_golden_images(event: Event, layout: str, size: str) -> None:
    card = render_card(event, size, look=Look(layout=layout), today=TODAY)
    image = image_of(card)
    path = GOLDEN / f"{layout}-{size}.png"
    if os.environ.get("RADICAL_SOCIAL_REGEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(card.data)
    assert path.exists(), f"no golden image {path.name}; run with RADICAL_SOCIAL_REGEN=1 to create it"
    golden = Image.open(path).convert("RGB")
    assert golden.size == image.size
    drift = sum(ImageStat.Stat(ImageChops.difference(golden, image)).mean) / 3
    assert drift < GOLDEN_TOLERANCE, f"{path.name} drifted by {drift:.2f} per channel"


# --- lightness -----------------------------------------------------------------------------------


def test_importing_cards_loads_no_imaging_library() -> None:
    code = "import sys, radical_social.graphics.cards; assert not [m for m in sys.modules if m.startswith('PIL')]"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_alt_text_sentences_start_with_a_capital_but_the_title_stays_as_written(event: Event) -> None:
    assert event.venue is not None
    offered = replace(event, title="iPhone e fotografia", price="offerta libera",
                      venue=replace(event.venue, name="piazza delle Erbe"))
    text = alt_text(offered, today=TODAY)
    assert text.startswith("iPhone e fotografia. ")
    assert "Piazza delle Erbe, " in text and ". Offerta libera. " in text
