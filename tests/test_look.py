"""The look: one checked value for the layout, palette, font and photo of cards and poster, the
same whether the cards are rendered directly or through a kit."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from radical_social import (
    PALETTES,
    CardError,
    Event,
    Look,
    Palette,
    Photo,
    build,
    get_channel,
    render_cards,
    render_poster,
)
from radical_social.graphics.cards import LAYOUTS, SIZES


@pytest.fixture
def photo(tmp_path: Path) -> Photo:
    path = tmp_path / "bottega.jpg"
    Image.new("RGB", (1600, 1200), (180, 120, 60)).save(path)
    return Photo(path=path, focal=(0.3, 0.6))


def test_every_problem_is_named_at_its_field_at_once(tmp_path: Path) -> None:
    (tmp_path / "brand.ttf").write_text("not a font")
    with pytest.raises(CardError) as caught:
        Look(layout="spilt", palette="note", font=tmp_path / "brand.ttf", photo=tmp_path / "lake.jpg")  # type: ignore[arg-type]
    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert list(problems) == ["layout", "palette", "font", "photo"]
    assert problems["layout"] == "unknown card layout 'spilt'; did you mean 'split'? (known: poster, band, split)"
    assert problems["palette"].startswith("unknown palette 'note'; did you mean 'notte'? (known: carta, notte")
    assert problems["font"].startswith("cannot read the font")
    assert problems["photo"] == "must be a Photo (Photo(path=…, focal=(x, y))) or None, not PosixPath"
    assert str(caught.value).startswith("4 problems:\n  - layout: unknown card layout 'spilt'")


def test_values_of_the_wrong_kind_are_named() -> None:
    with pytest.raises(CardError) as caught:
        Look(layout=3, palette=("#000000", "#ffffff"), font=7)  # type: ignore[arg-type]
    assert [str(problem) for problem in caught.value.problems] == [
        "layout: unknown card layout 3 (known: poster, band, split)",
        "palette: must be a Palette, a built-in palette's name or None, not tuple",
        "font: must be a font file's path, not a number",
    ]


def test_a_missing_font_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CardError, match=r"font: cannot read the font .*missing\.ttf"):
        Look(font=tmp_path / "missing.ttf")


@given(st.text(max_size=80))
def test_a_layout_is_one_of_the_layouts_or_refused_at_layout(layout: str) -> None:
    try:
        look = Look(layout=layout)
    except CardError as exc:
        assert layout not in LAYOUTS
        [problem] = exc.problems
        assert problem.path == "layout" and problem.message.startswith("unknown card layout")
    else:
        assert look.layout in LAYOUTS


def test_a_palette_is_given_by_name_or_as_colours() -> None:
    assert Look().colours is None
    assert Look(palette="notte").colours is PALETTES["notte"]
    mine = Palette(background="#ffffff", text="#1d2a21", accent="#3b6448")
    assert Look(palette=mine).colours is mine


def test_the_photo_is_the_looks_else_the_events(event: Event, photo: Photo, tmp_path: Path) -> None:
    other = tmp_path / "other.png"
    Image.new("RGB", (10, 10)).save(other)
    pictured = dataclasses.replace(event, image=Photo(path=other))
    assert Look().photo_of(event) is None
    assert Look().photo_of(pictured) == Photo(path=other)
    assert Look(photo=photo).photo_of(pictured) == photo


def test_a_look_is_a_frozen_value(photo: Photo) -> None:
    look = Look(layout="band", palette="mare", photo=photo)
    assert look == Look(layout="band", palette="mare", photo=photo)
    assert hash(look) == hash(Look(layout="band", palette="mare", photo=photo))
    with pytest.raises(dataclasses.FrozenInstanceError):
        look.layout = "split"  # type: ignore[misc]


def test_a_look_passed_to_build_reaches_the_cards_and_the_poster(
    event: Event, photo: Photo, frozen_now: datetime
) -> None:
    look = Look(layout="split", palette="notte", photo=photo)
    kit = build(event, now=frozen_now, channels=["mastodon", "instagram"], look=look, paper="A5", language="de")
    today = date(2026, 12, 1)
    sizes = [card.size for card in kit.cards]
    taken = {size for channel in ("mastodon", "instagram") for size in get_channel(channel).card_sizes}
    assert sizes == [size for size in SIZES if size in taken]
    direct = render_cards(event, sizes, look=look, today=today, language="de")
    assert [card.data for card in kit.cards] == [card.data for card in direct]
    assert [card.alt for card in kit.cards] == [card.alt for card in direct]
    assert kit.poster is not None
    assert kit.poster.data == render_poster(event, paper="A5", look=look, today=today, language="de").data
    assert kit.event.image == photo  # the kit names the photo its images show
    # and the look made a difference
    plain = build(event, now=frozen_now, channels=["mastodon", "instagram"], paper="A5", language="de")
    assert plain.poster is not None and plain.poster.data != kit.poster.data
    assert all(card.format == "jpeg" for card in kit.cards) and plain.cards[0].data != kit.cards[0].data


def test_the_events_own_photo_is_used_when_the_look_has_none(event: Event, photo: Photo) -> None:
    pictured = dataclasses.replace(event, image=photo)
    today = date(2026, 12, 1)
    [from_event] = render_cards(pictured, ["square"], today=today)
    [from_look] = render_cards(event, ["square"], look=Look(photo=photo), today=today)
    assert from_event.format == "jpeg" and from_event.data == from_look.data
    assert render_poster(pictured, today=today).data == render_poster(event, look=Look(photo=photo), today=today).data


def test_a_look_loads_no_imaging_library() -> None:
    code = ("import sys; from radical_social import Look; Look(layout='band', palette='notte');"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('PIL', 'babel', 'pyphen')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
