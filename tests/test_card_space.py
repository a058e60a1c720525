"""How cards use their space, measured: long words hyphenate before a title shrinks, lines are
balanced, the title is the largest type, tall cards leave no empty band above a third of their
height (counted on the pixels), and a recurring event's card says how often."""

from __future__ import annotations

import io
import warnings
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageFont

from radical_social import PALETTES, Event, Look, load_events
from radical_social.graphics.cards import LAYOUTS, SIZES, card_facts, render_card, shown_facts
from radical_social.graphics.faces import face
from radical_social.graphics.layouts import LAYOUTS as LAYOUT_FUNCTIONS
from radical_social.graphics.layouts import Scene, Spec
from radical_social.graphics.pixels import qr_rows
from radical_social.graphics.text_boxes import HYPHEN_GAIN, LEAD, balance, wrap
from radical_social.graphics.typeface import bundled_font

TODAY = date(2026, 12, 1)
EVENTS = sorted((Path(__file__).parent / "data" / "events").glob("*.yaml"))
SPLIT_PANEL = 0.29
"""The share of a split card's width its panel takes (no text of the title's column there)."""


def scene_of(event: Event, layout: str, size: str) -> Scene:
    """The scene ``render_card`` paints for ``event`` with the ``carta`` palette."""
    width, height = SIZES[size]
    facts = shown_facts(card_facts(event, TODAY), None)
    qr = qr_rows(event.url) if event.url and size != "link" else None
    return LAYOUT_FUNCTIONS[layout](Spec(size, width, height, facts, PALETTES["carta"].colours, None, False, qr))


def title_size(drawn: Scene, title: str) -> int:
    """The size of the title's first line: the first bold line that begins the title."""
    return next(line.face.size for line in drawn.lines
                if line.face.bold and title.startswith(line.text.removesuffix("-")))


def empty_band(image: Image.Image) -> int:
    """The tallest run of rows of pure background (the commonest colour), in px."""
    background = max(image.getcolors(1 << 20) or [], key=lambda found: found[0])[1]
    ink = ImageChops.difference(image, Image.new("RGB", image.size, background))
    tallest = run = 0
    for row in range(image.height):
        run = 0 if ink.crop((0, row, image.width, row + 1)).getbbox() else run + 1
        tallest = max(tallest, run)
    return tallest


# --- hyphenation before shrinking ----------------------------------------------------------------


def test_a_long_compound_is_hyphenated_rather_than_shrinking_the_title(event: Event) -> None:
    meeting = replace(event, title="Nachbarschaftsversammlung", language="de")
    drawn = scene_of(meeting, "poster", "square")
    size = title_size(drawn, meeting.title)
    width = 1080 - 2 * round(1080 * 0.08)
    whole = width / ImageFont.truetype(str(bundled_font(bold=True)), 100).getlength(meeting.title) * 100
    assert size >= HYPHEN_GAIN * whole  # whole, the word alone would set the title's size
    assert [line.text for line in drawn.lines if line.face.size == size] == ["Nachbarschafts-", "versammlung"]


def test_a_compound_breaks_at_its_own_hyphen_first(event: Event) -> None:
    drawn = scene_of(replace(event, title="Linux-Installationsparty", language="de"), "poster", "square")
    assert [line.text for line in drawn.lines if line.face.bold][:2] == ["Linux-", "Installationsparty"]


def test_a_short_word_is_kept_whole_and_a_word_hyphenated_once(event: Event) -> None:
    for layout in LAYOUTS:
        for size in SIZES:
            drawn = scene_of(replace(event, title="Laboratorio di pasta fresca"), layout, size)
            assert not any(line.text.endswith("-") for line in drawn.lines), (layout, size)
    bold = face(None, 200, True)
    lines, split = wrap(bold, "Installationsparty", 1000, "de")
    assert split and lines[0].endswith("-") and len(lines) == 2


# --- balanced lines ------------------------------------------------------------------------------


def test_a_title_does_not_end_on_a_lone_short_word_when_a_balanced_break_exists() -> None:
    bold = face(None, 100, True)
    title = "Gruppo di cammino lungo il fiume di sera"
    width = bold.length("Gruppo di cammino lungo il fiume di") + 5
    greedy, _ = wrap(bold, title, width, "it")
    assert greedy == ["Gruppo di cammino lungo il fiume di", "sera"]  # what filling each line first leaves
    balanced = balance(bold, title, width, "it", shortest=12)
    assert len(balanced) == 2 and " " in balanced[-1] and " ".join(balanced) == title


@given(st.lists(st.sampled_from(["di", "pasta", "fresca", "a", "Verona", "la", "sera", "con", "amici", "e"]),
                min_size=2, max_size=14), st.integers(300, 900))
def test_balanced_lines_are_as_many_no_wider_and_end_no_shorter(words: list[str], width: int) -> None:
    text = " ".join(words)
    regular = face(None, 60)
    greedy, _ = wrap(regular, text, width, "it")
    balanced = balance(regular, text, width, "it")
    assert len(balanced) == len(greedy)
    assert " ".join(balanced) == text
    assert all(regular.length(line) <= width for line in balanced)
    assert len(balanced[-1].split(" ")) >= len(greedy[-1].split(" "))


def test_a_dash_stays_with_the_word_before_it() -> None:
    bold = face(None, 100, True)
    lines, _ = wrap(bold, "Lesung „Die Kastanien vom Gleisdreieck“ – Geschichten aus dem Kiez",
                    bold.length("Kastanien vom Gleisdreieck“") + 5, "de")
    assert not any(line.startswith(("–", "—")) for line in lines), lines


# --- the title is the largest type ---------------------------------------------------------------

TITLES = ["Yoga", "Laboratorio di pasta fresca",
          "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhalter",
          "Laboratorio di pasta fresca, tortelli di zucca, tagliatelle al ragù e gnocchi di patate "
          "con la farina del Mulino Bassi, per chi non ha mai impastato e per chi vuole imparare davvero"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_the_title_is_the_largest_type_on_the_card(event: Event, layout: str, size: str) -> None:
    for title in TITLES:
        for status in ("confirmed", "cancelled"):
            drawn = scene_of(replace(event, title=title, status=status, language="de"), layout, size)
            largest = title_size(drawn, title)
            others = [line.face.size for line in drawn.lines if not title.startswith(line.text.removesuffix("-"))
                      and line.text.removesuffix("-") not in title]
            assert max(others) <= largest, (title, status)
            facts = [line.face.size for line in drawn.lines if line.face.size < largest]
            if len(title) < 100:  # only the longest titles may come near the other type
                assert max(facts) * LEAD <= largest + 1, (title, status)


# --- space on tall cards -------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", ["portrait", "story"])
def test_tall_cards_leave_no_empty_band_above_a_third_of_their_height(layout: str, size: str) -> None:
    events = [found for path in EVENTS for found in load_events(path)] + [Event.example()]
    for event in events:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the Japanese one
            card = render_card(event, size, look=Look(layout=layout), today=TODAY)
        image = Image.open(io.BytesIO(card.data)).convert("RGB")
        if layout == "split":  # the panel's colour runs the card's height: measure the column beside it
            image = image.crop((round(image.width * SPLIT_PANEL), 0, image.width, image.height))
        assert empty_band(image) <= image.height / 3, (event.title, empty_band(image))


def test_the_empty_band_measure_sees_a_band(event: Event) -> None:
    image = Image.new("RGB", (100, 300), (255, 255, 255))
    image.paste((0, 0, 0), (10, 20, 90, 40))
    image.paste((0, 0, 0), (10, 250, 90, 260))
    assert empty_band(image) == 210


# --- recurrence ----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_a_monthly_event_says_which_saturday_on_every_card(layout: str, size: str) -> None:
    [walk] = load_events(Path(__file__).parent / "data" / "events" / "it-recurring.yaml")
    text = " ".join(line.text for line in scene_of(walk, layout, size).lines)
    assert "Ogni primo sabato del mese" in text
