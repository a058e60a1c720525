"""The look of cards and the poster: one frozen value for their layout, palette, font and photo.

::

    from pathlib import Path

    from radical_social import Look, Photo, build

    look = Look(layout="split", palette="notte", photo=Photo(path=Path("lake.jpg"), focal=(0.7, 0.5)))
    kit = build(event, look=look)          # the same look on every card and the poster

A ``Look`` is checked when it is built; a ``CardError`` then lists every problem, each at its field.
It holds no date and no language: those are the event's (or the kit's), not a matter of style.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from radical_social.errors import CardError, Problem
from radical_social.event.model import Event, Photo
from radical_social.event.values import type_name, unknown
from radical_social.graphics.faces import font_source
from radical_social.graphics.layouts import LAYOUTS
from radical_social.graphics.palette import PALETTES, Palette

DEFAULT_LAYOUT = "poster"


@dataclass(frozen=True, kw_only=True, slots=True)
class Look:
    """How the cards and the poster look; the default is the ``poster`` layout in ``carta`` colours
    (black on white on the poster), the bundled Inter and the event's own photo, if any."""

    layout: str = DEFAULT_LAYOUT
    """The cards' layout: ``poster``, ``band`` or ``split``; the poster has a layout of its own."""
    palette: Palette | str | None = None
    """A ``Palette``, a built-in palette's name (``PALETTES``), or None: ``carta`` on cards, black on
    white on the poster. A palette whose colours fail 4.5:1 is adjusted on cards, with a
    ``ContrastWarning``."""
    font: str | Path | None = None
    """A TrueType/OpenType file (the organizer's) for all text, at every weight; None for the bundled
    Inter (Regular, and Bold for titles and dates). Inter draws what the file lacks, then a font the
    system has for the script (found with fontconfig where it is installed)."""
    photo: Photo | None = None
    """The organizer's photo and the point kept in view when it is cropped; None: the event's ``image``."""

    def __post_init__(self) -> None:
        problems = [Problem(name, problem) for name, problem in (
            ("layout", _layout_problem(self.layout)),
            ("palette", _palette_problem(self.palette)),
            ("font", _font_problem(self.font)),
            ("photo", _photo_problem(self.photo)),
        ) if problem]
        if problems:
            raise CardError(problems)

    @property
    def colours(self) -> Palette | None:
        """The chosen palette (a built-in one looked up by its name), or None when none is chosen."""
        return PALETTES[self.palette] if isinstance(self.palette, str) else self.palette

    def photo_of(self, event: Event) -> Photo | None:
        """The photo to show for ``event``: this look's, else the event's ``image``."""
        return self.photo or event.image



def _layout_problem(layout: object) -> str | None:
    return None if isinstance(layout, str) and layout in LAYOUTS else unknown("card layout", layout, LAYOUTS)


def _palette_problem(palette: object) -> str | None:
    if palette is None or isinstance(palette, Palette) or (isinstance(palette, str) and palette in PALETTES):
        return None
    if isinstance(palette, str):
        return unknown("palette", palette, PALETTES)
    return f"must be a Palette, a built-in palette's name or None, not {type_name(palette)}"


def _font_problem(font: object) -> str | None:
    if font is None:
        return None
    if not isinstance(font, (str, Path)):
        return f"must be a font file's path, not {type_name(font)}"
    try:
        font_source(font)
    except CardError as exc:
        return str(exc)
    return None


def _photo_problem(photo: object) -> str | None:
    if photo is None or isinstance(photo, Photo):
        return None
    return f"must be a Photo (Photo(path=…, focal=(x, y))) or None, not {type_name(photo)}"


DEFAULT_LOOK = Look()
"""The default of every function that takes a ``look``."""
