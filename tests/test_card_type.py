"""Type on cards, read off the pixels: Inter's own glyphs (ß is ß), emoji left out, scripts Inter
lacks drawn by a font the system has or left out with a warning, and never a .notdef box."""

from __future__ import annotations

import io
import warnings
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageStat

from radical_social import PALETTES, Event, EventError, Look, MissingGlyphWarning
from radical_social.graphics.cards import SIZES, Card, card_facts, render_card, shown_facts
from radical_social.graphics.coverage import FontFile, font_for
from radical_social.graphics.faces import clusters, missing, runs
from radical_social.graphics.layouts import LAYOUTS, Scene, Spec
from radical_social.graphics.pixels import qr_rows
from radical_social.graphics.text_boxes import Line, without_emoji
from radical_social.graphics.typeface import bundled_font

TODAY = date(2026, 12, 1)
CARTA = PALETTES["carta"].colours
LANGUAGES = ("it", "en", "es", "fr", "de")
LETTERS = {
    "it": "àèéìòùÈ«»’", "en": "’–—“”", "es": "ñÑáíóúü¿¡", "fr": "çœŒêëîïôûÉÀ«»\u202f\u00a0", "de": "äöüÄÖÜßẞ„“€",
}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def image_of(card: Card) -> Image.Image:
    return Image.open(io.BytesIO(card.data)).convert("RGB")


def scene_of(event: Event, layout: str = "poster", size: str = "square") -> Scene:
    """The scene ``render_card`` paints for ``event`` with the default look (the same QR code)."""
    width, height = SIZES[size]
    drawn = shown_facts(card_facts(event, TODAY), None)
    qr = qr_rows(event.url) if event.url and size != "link" else None
    return LAYOUTS[layout](Spec(size, width, height, drawn, CARTA, None, False, qr))


def title_lines(drawn: Scene) -> list[Line]:
    """The lines set in the largest type: the title's."""
    largest = max(line.face.size for line in drawn.lines)
    return [line for line in drawn.lines if line.face.size == largest]


def inter(size: int, *, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(bundled_font(bold=bold)), size)


# --- Inter's own glyphs --------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Straße", "Œuvre", "€ 12,50", "«ciao»", "„Zitat“ – ẞ"])
def test_the_title_is_drawn_with_inters_own_glyphs(event: Event, title: str) -> None:
    """Crop the title off the card and compare it with Pillow drawing the same string in Inter Bold."""
    event = replace(event, title=title, language="de")
    card = image_of(render_card(event, today=TODAY))
    [line] = title_lines(scene_of(event))
    assert line.text == title
    reference = Image.new("RGB", card.size, CARTA.background)
    ImageDraw.Draw(reference).text((line.x, line.baseline), title, font=inter(line.face.size, bold=True),
                                   fill=CARTA.text, anchor="ls")
    box = ImageChops.difference(reference, Image.new("RGB", card.size, CARTA.background)).getbbox()
    assert box is not None
    box = (box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4)
    difference = ImageChops.difference(card.crop(box), reference.crop(box))
    assert sum(ImageStat.Stat(difference).mean) / 3 < 1.0  # the card's palette rounds antialiased edges
    assert max(high for _, high in difference.getextrema()) < 24


def test_a_card_with_eszett_differs_from_one_with_ss(event: Event) -> None:
    eszett = replace(event, title="Straßenfest in der Urbanstraße", language="de")
    spelt = replace(eszett, title="Strassenfest in der Urbanstrasse")
    assert ImageChops.difference(image_of(render_card(eszett, today=TODAY)),
                                 image_of(render_card(spelt, today=TODAY))).getbbox()
    assert title_lines(scene_of(eszett))[0].text.startswith("Straßenfest")


@cache
def notdef_free(font: FontFile, cluster: str) -> bool:
    """Whether ``font`` draws ``cluster`` as something other than its .notdef box (Pillow, not the cmap)."""
    loaded = ImageFont.truetype(font.path, 40, index=font.index)
    drawn = loaded.getmask(cluster)
    notdef = loaded.getmask("\uffff")  # a noncharacter: every font draws it as .notdef
    return (drawn.size, bytes(drawn)) != (notdef.size, bytes(notdef))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_languages_letters_are_inters(language: str) -> None:
    letters = LETTERS[language].replace("\u202f", "").replace("\u00a0", "")
    assert missing(None, LETTERS[language]) == ""
    for bold in (False, True):
        [(font, piece)] = runs(None, bold, letters)
        assert font == FontFile(str(bundled_font(bold=bold))) and piece == letters
        assert all(notdef_free(font, letter) for letter in letters)


# --- emoji and scripts Inter lacks ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Pasta 🍝 night!", "Pasta night!"),
    ("Pasta night 🍝!", "Pasta night!"),
    ("Soirée 🎉 !", "Soirée !"),
    ("🇮🇹 Cena👨‍👩‍👧 italiana 1️⃣", "Cena italiana"),
    ("Café ☕️ & ❤ books", "Café & books"),
    ("© 2027 ™", "© 2027 ™"),
])
def test_emoji_are_taken_out_with_the_space_before_them(text: str, expected: str) -> None:
    assert without_emoji(text) == expected


def test_emoji_are_left_out_of_the_image_and_kept_in_the_alt_text(event: Event) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with_emoji = render_card(replace(event, title="Ramen night 🍜🔥 — slurp together"), today=TODAY)
    plain = render_card(replace(event, title="Ramen night — slurp together"), today=TODAY)
    assert with_emoji.data == plain.data
    assert "🍜🔥" in with_emoji.alt


@pytest.mark.skipif(font_for(None, False, "東") is not None, reason="this system has a font for Japanese")
def test_a_script_no_font_has_is_left_out_and_named_in_a_warning(event: Event) -> None:
    with pytest.warns(MissingGlyphWarning, match=r"'東京ラーメン'.*left out of the cards"):
        card = render_card(replace(event, title="Ramen (東京ラーメン) night"), today=TODAY)
    assert card.data == render_card(replace(event, title="Ramen night"), today=TODAY).data
    assert "東京ラーメン" in card.alt


@pytest.mark.skipif(font_for(None, False, "\u0645") is None, reason="no font for Arabic on this system")
def test_a_script_inter_lacks_is_drawn_by_a_font_the_system_has(event: Event) -> None:
    title = "مساء الشعر العربي"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        card = image_of(render_card(replace(event, title=f"{title} Verona"), today=TODAY))
    lines = title_lines(scene_of(replace(event, title=f"{title} Verona")))
    pieces = [(font, piece) for line in lines for font, piece in runs(None, True, line.text)]
    arabic = [font for font, piece in pieces if "\u0645" in piece]
    assert arabic and all(font.path != str(bundled_font(bold=True)) for font in arabic)
    assert all(notdef_free(font, cluster) for font, piece in pieces for cluster in clusters(piece)
               if not cluster.isspace())
    blank = render_card(replace(event, title="Verona"), today=TODAY)
    assert ImageChops.difference(card, image_of(blank)).getbbox()


@pytest.mark.skipif(not DEJAVU.exists(), reason="no DejaVu Sans on this machine")
def test_the_organizers_font_sets_every_weight_and_inter_fills_its_gaps(event: Event, tmp_path: Path) -> None:
    from fontTools import subset

    lacking = tmp_path / "no-eszett.ttf"  # DejaVu Sans without ß
    options = subset.Options()
    with subset.load_font(str(DEJAVU), options) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[code for code in range(0x20, 0x250) if chr(code) != "ß"])
        subsetter.subset(font)
        subset.save_font(font, str(lacking), options)
    for bold in (False, True):
        assert [(font.path, piece) for font, piece in runs(str(lacking), bold, "Straße")] == [
            (str(lacking), "Stra"), (str(bundled_font(bold=bold)), "ß"), (str(lacking), "e")]
    branded = render_card(replace(event, title="Straße"), look=Look(font=lacking), today=TODAY)
    assert ImageChops.difference(image_of(branded), image_of(render_card(replace(event, title="Straße"),
                                                                         today=TODAY))).getbbox()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Co", "Cn")), min_size=1,
                     max_size=120),
       language=st.sampled_from(LANGUAGES), layout=st.sampled_from(sorted(LAYOUTS)))
def test_no_card_shows_a_notdef_box_whatever_the_title(event: Event, title: str, language: str, layout: str) -> None:
    try:
        hostile = replace(event, title=title, language=language)
    except EventError:
        assume(False)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_card(hostile, look=Look(layout=layout), today=TODAY)
    absent = missing(None, without_emoji(card_facts(hostile, TODAY).title))
    assert bool(absent) == any(issubclass(warning.category, MissingGlyphWarning) for warning in caught)
    for line in scene_of(hostile, layout).lines:
        for font, piece in runs(None, line.face.bold, line.text):
            assert all(notdef_free(font, cluster) for cluster in clusters(piece) if not cluster.isspace()), piece
