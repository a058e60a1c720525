"""Faces: a font at one size, which measures and draws text, each character in a font that has it.

Type is Inter, bundled (Regular, and Bold where a layout asks for weight), or the organizer's font
file, which then sets every weight. A character the font lacks is drawn by the next font that has
it (``coverage``): Inter behind the organizer's font, then a font the system has for its script.
What no font has is left out of the image, never drawn as a box: ``missing`` names it and
``warn_missing`` says so. Emoji are not drawn at all (``text_boxes.without_emoji``).
"""

from __future__ import annotations

import unicodedata
import warnings
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from radical_social.graphics.coverage import FontFile, chain, font_for, has

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

    from radical_social.graphics.palette import RGB

_PROBE_SIZE = 32
_ACCENTED = "ÉÅ"
"""Capitals whose accents reach highest: the top of a line's ink."""


@lru_cache(maxsize=512)
def load_font(font: FontFile, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``size`` px. Raises OSError when the file is missing or not a font."""
    from PIL import ImageFont

    return ImageFont.truetype(font.path, size, index=font.index)


def clusters(text: str) -> list[str]:
    """Base characters with their combining marks; marks with no base before them are dropped."""
    found: list[str] = []
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Me":
            if found:
                found[-1] += char
        else:
            found.append(char)
    return found


@lru_cache(maxsize=8192)
def runs(source: str | None, bold: bool, text: str) -> tuple[tuple[FontFile, str], ...]:
    """``text`` as runs of one font each, clusters no font has left out.

    A letter takes the first font that has it; spaces, digits and punctuation stay in the run they
    follow when its font has them, so a line of Arabic or Japanese is one run (and one bidi paragraph).
    """
    out: list[tuple[FontFile, str]] = []
    for cluster in clusters(text):
        current = out[-1][0] if out else None
        if current is not None and unicodedata.category(cluster[0])[0] not in "LM" and has(current, cluster):
            font: FontFile | None = current
        else:
            font = font_for(source, bold, cluster)
        if font is None:
            continue
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + cluster)
        else:
            out.append((font, cluster))
    return tuple(out)


def missing(source: str | None, text: str) -> str:
    """The characters of ``text`` that no font has (neither the card's nor any the system has), in order."""
    found = [cluster for cluster in clusters(text) if font_for(source, False, cluster) is None]
    return "".join(dict.fromkeys(found))


def font_source(font: str | Path | None) -> str | None:
    """The organizer's font file, checked, or None for the bundled Inter; ``CardError`` when it cannot be read."""
    from radical_social.errors import CardError

    if font is None:
        return None
    path = str(Path(font).expanduser())
    try:
        load_font(FontFile(path), _PROBE_SIZE)
    except OSError as exc:
        raise CardError(f"cannot read the font {path!r}: {exc}") from None
    return path


def warn_missing(source: str | None, text: str, *, left_out_of: str, stacklevel: int) -> None:
    """A ``MissingGlyphWarning`` naming what of ``text`` no font draws, which is left out of
    ``left_out_of`` (``the cards``); ``stacklevel`` as if the caller warned."""
    from radical_social.errors import MissingGlyphWarning

    absent = missing(source, text)
    if absent:
        warnings.warn(MissingGlyphWarning(
            f"the font has no glyph for {absent!r}, nor has any font on this system: they are left out of "
            f"{left_out_of}; pass a font that has them (font=…)"), stacklevel=stacklevel + 1)


class Face:
    """A font at one size and weight, measuring and drawing lines."""

    __slots__ = ("_widths", "bold", "bottom", "font", "size", "source", "top")

    def __init__(self, source: str | None, size: int, bold: bool = False) -> None:
        self.source = source
        self.size = size
        self.bold = bold
        self.font = load_font(chain(source, bold)[0], size)
        self._widths: dict[str, float] = {}
        ascent, descent = self.font.getmetrics()
        self.top = max(ascent, -round(self.font.getbbox(_ACCENTED, anchor="ls")[1]))
        """How far ink may reach above the baseline, accents on capitals included."""
        self.bottom = descent
        """How far ink may reach below the baseline."""

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        """``text`` as runs of one font each, at this size (see ``runs``)."""
        return [(load_font(font, self.size), piece) for font, piece in runs(self.source, self.bold, text)]

    def length(self, text: str) -> float:
        """The advance of ``text`` in px."""
        width = self._widths.get(text)
        if width is None:
            width = sum(font.getlength(piece) for font, piece in self.runs(text))
            self._widths[text] = width
        return width

    def draw(self, draw: ImageDraw.ImageDraw, x: float, baseline: int, text: str, fill: RGB) -> None:
        """Draw ``text`` with its pen starting at ``(x, baseline)``."""
        for font, piece in self.runs(text):
            draw.text((x, baseline), piece, font=font, fill=fill, anchor="ls")
            x += font.getlength(piece)


@lru_cache(maxsize=256)
def face(source: str | None, size: int, bold: bool = False) -> Face:
    """A cached ``Face``: its measurements are reused across cards."""
    return Face(source, size, bold)
