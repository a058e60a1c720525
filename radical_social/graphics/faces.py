"""Faces: a font at one size, which measures and draws text, building the glyphs the font lacks.

Pillow's built-in scalable font is a subset of Aileron: ASCII and a few marks (´ ` ^ ~ ° « » ’ …),
but no accented letter, no ``€``, no dashes. A ``Face`` fills those gaps from what the font has:
accented letters from a base letter and a mark (``é`` = ``e`` + ``´``, a dotless stem under marks
on ``i`` and ``j``), ``¿`` and ``¡`` turned upside down, ``œ`` and ``æ`` from two letters sharing a
stroke, dashes and ``€`` drawn from the font's own strokes; ``ß``, which composes from nothing, is
spelt ``ss`` as in Switzerland. A brand font that has the glyphs is used as it is: a stand-in is built
only for a character the font draws as its .notdef box. Scripts other than Latin (CJK, Cyrillic,
Greek, …) need a brand font that has them; ``missing`` names the characters that stay boxes.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

    from radical_social.graphics.palette import RGB

_PROBE_SIZE = 32
_NOTDEF = "\uffff"
"""A noncharacter: no font maps it, so it draws the font's .notdef glyph."""

_SPACES = {"\u00a0": 1.0, "\u202f": 0.5, "\u2007": 0.0}
"""No-break spaces, as a fraction of the space's width (0: as wide as a digit)."""

_SPELT = {
    "ß": "ss", "ẞ": "SS", "„": ",,", "‚": ",", "−": "-",
    "‐": "-", "‑": "-", "×": "x", "•": "·", "′": "'", "″": '"', "ĳ": "ij", "Ĳ": "IJ",
}
"""Letters and signs no mark composes, written as a typewriter would (only where the font lacks them);
compatibility characters (``ﬁ``, ``²``, full-width letters) fall back to their NFKC form."""

_TURNED = {"¿": "?", "¡": "!"}

_ABOVE = "above"
_BELOW = "below"


@dataclass(frozen=True, slots=True)
class _Mark:
    text: str
    scale: float
    where: str
    turned: bool = False


_MARKS = {
    "\u0300": _Mark("`", 1.0, _ABOVE),
    "\u0301": _Mark("´", 1.0, _ABOVE),
    "\u0302": _Mark("^", 0.6, _ABOVE),
    "\u0303": _Mark("~", 0.72, _ABOVE),
    "\u0304": _Mark("-", 1.0, _ABOVE),
    "\u0307": _Mark(".", 1.0, _ABOVE),
    "\u0308": _Mark("..", 0.9, _ABOVE),
    "\u030a": _Mark("°", 0.72, _ABOVE),
    "\u030b": _Mark("´´", 0.9, _ABOVE),
    "\u030c": _Mark("^", 0.6, _ABOVE, turned=True),
    "\u0323": _Mark(".", 1.0, _BELOW),
    "\u0326": _Mark(",", 0.85, _BELOW),
    "\u0327": _Mark(",", 0.85, _BELOW),
}
"""Combining marks built from the font's spacing marks; other marks are left off their letter."""

_DOTTED = {"i": "i", "j": "j", "ı": "i", "ȷ": "j"}
"""Letters whose dot gives way to a mark above (and the dotless letters, built the same way)."""


@dataclass(frozen=True, slots=True)
class Ink:
    """A glyph's coverage (mode ``L``), its top-left corner from the pen on the baseline, its advance."""

    mask: Image.Image
    left: int
    top: int
    advance: float

    @property
    def right(self) -> int:
        return self.left + self.mask.width

    @property
    def bottom(self) -> int:
        return self.top + self.mask.height


@lru_cache(maxsize=512)
def load_font(source: str | None, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``size`` px: a file, or Pillow's built-in scalable font when ``source`` is None.

    Raises OSError when the file is missing or not a font, or when Pillow has no FreeType.
    """
    from PIL import ImageFont

    if source is not None:
        return ImageFont.truetype(source, size)
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):
        raise OSError("this Pillow has no FreeType, so its built-in font does not scale; pass a font file")
    return font


@lru_cache(maxsize=4096)
def covers(source: str | None, char: str) -> bool:
    """Whether the font draws ``char`` as its own glyph rather than the .notdef box."""
    if char == " ":
        return True
    font = load_font(source, _PROBE_SIZE)
    return _bitmap(font, char) != _bitmap(font, _NOTDEF)


def _bitmap(font: ImageFont.FreeTypeFont, text: str) -> tuple[tuple[int, int], bytes, float]:
    mask = font.getmask(text)
    return mask.size, bytes(mask), font.getlength(text)


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


def _stand_in(source: str | None, cluster: str) -> str | None:
    """The text a missing cluster is spelt with, when the font has all of it."""
    spelt = _SPELT.get(cluster) or unicodedata.normalize("NFKC", cluster)
    if spelt != cluster and all(covers(source, char) for char in spelt):
        return spelt
    return None


def _built(source: str | None, cluster: str) -> bool:
    """Whether a ``Face`` can build a cluster the font lacks."""
    if cluster in _SPACES or cluster in _DRAWN:
        return True
    if cluster in _TURNED:
        return covers(source, _TURNED[cluster])
    base, marks = _split(cluster)
    base = _DOTTED.get(base, base)
    known = [mark for mark in marks if mark in _MARKS]
    return covers(source, base) and all(covers(source, char) for mark in known for char in _MARKS[mark].text)


def _split(cluster: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", cluster)
    return decomposed[0], decomposed[1:]


@lru_cache(maxsize=8192)
def pieces(source: str | None, text: str) -> tuple[str | tuple[str], ...]:
    """``text`` as runs the font draws (``str``) and single clusters to build (``(cluster,)``)."""
    out: list[str | tuple[str]] = []
    run = ""
    for cluster in clusters(text):
        if len(cluster) == 1 and covers(source, cluster):
            run += cluster
            continue
        spelt = _stand_in(source, cluster)
        if spelt is not None:
            run += spelt
            continue
        if run:
            out.append(run)
            run = ""
        out.append((cluster,))
    if run:
        out.append(run)
    return tuple(out)


def missing(source: str | None, text: str) -> str:
    """The characters of ``text`` that the font neither has nor can be built from it, in order."""
    found = [
        piece[0] for piece in pieces(source, text)
        if isinstance(piece, tuple) and not _built(source, piece[0])
    ]
    return "".join(dict.fromkeys(found))


def font_source(font: str | Path | None) -> str | None:
    """The organizer's font file, checked, or None for Pillow's built-in font; ``CardError`` when
    it cannot be read."""
    from radical_social.errors import CardError

    if font is None:
        return None
    path = str(Path(font).expanduser())
    try:
        load_font(path, _PROBE_SIZE)
    except OSError as exc:
        raise CardError(f"cannot read the font {path!r}: {exc}") from None
    return path


def warn_missing(source: str | None, text: str, *, verb: str, stacklevel: int) -> None:
    """A ``MissingGlyphWarning`` naming what of ``text`` would ``verb`` (show, print) as boxes;
    ``stacklevel`` as if the caller warned."""
    from radical_social.errors import MissingGlyphWarning

    absent = missing(source, text)
    if absent:
        warnings.warn(MissingGlyphWarning(
            f"the font has no glyph for {absent!r}, which {verb} as boxes; pass a font that has them (font=…)"),
            stacklevel=stacklevel + 1)


class Face:
    """A font at one size and stroke (a heavier look for titles), measuring and drawing lines."""

    __slots__ = ("_inks", "_widths", "bottom", "font", "size", "source", "stroke", "top")

    def __init__(self, source: str | None, size: int, stroke: int = 0) -> None:
        self.source = source
        self.size = size
        self.stroke = stroke
        self.font = load_font(source, size)
        self._widths: dict[str, float] = {}
        self._inks: dict[str, Ink] = {}
        ascent, descent = self.font.getmetrics()
        capital = self._piece_ink(("É",)) if not covers(source, "É") else self._ink("É")
        self.top = max(ascent, -capital.top) + stroke
        """How far ink may reach above the baseline, accents on capitals included."""
        self.bottom = descent + stroke
        """How far ink may reach below the baseline."""

    def length(self, text: str) -> float:
        """The advance of ``text`` in px."""
        width = self._widths.get(text)
        if width is None:
            width = sum(
                self.font.getlength(piece) if isinstance(piece, str) else self._piece_ink(piece).advance
                for piece in pieces(self.source, text)
            )
            self._widths[text] = width
        return width

    def draw(self, draw: ImageDraw.ImageDraw, x: float, baseline: int, text: str, fill: RGB) -> None:
        """Draw ``text`` with its pen starting at ``(x, baseline)``."""
        for piece in pieces(self.source, text):
            if isinstance(piece, str):
                draw.text((x, baseline), piece, font=self.font, fill=fill, anchor="ls",
                          stroke_width=self.stroke, stroke_fill=fill)
                x += self.font.getlength(piece)
            else:
                ink = self._piece_ink(piece)
                draw.bitmap((round(x) + ink.left, baseline + ink.top), ink.mask, fill=fill)
                x += ink.advance

    def _piece_ink(self, piece: tuple[str]) -> Ink:
        cluster = piece[0]
        ink = self._inks.get(cluster)
        if ink is None:
            ink = self._build(cluster)
            self._inks[cluster] = ink
        return ink

    def _build(self, cluster: str) -> Ink:
        if cluster in _SPACES:
            return self._space(cluster)
        if cluster in _DRAWN:
            return _DRAWN[cluster](self)
        if cluster in _TURNED and covers(self.source, _TURNED[cluster]):
            return self._turned(_TURNED[cluster])
        base, marks = _split(cluster)
        if not _built(self.source, cluster):
            return self._ink(cluster)
        return self._composed(base, marks)

    def _ink(self, text: str, size: int | None = None) -> Ink:
        """The font's own rendering of ``text``, cropped to its ink."""
        from PIL import Image, ImageDraw

        font = self.font if size is None else load_font(self.source, size)
        stroke = self.stroke if size is None else round(self.stroke * size / self.size)
        left, top, right, bottom = (round(edge) for edge in font.getbbox(text, anchor="ls", stroke_width=stroke))
        mask = Image.new("L", (max(1, right - left), max(1, bottom - top)))
        ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255, anchor="ls",
                                  stroke_width=stroke, stroke_fill=255)
        tight = mask.getbbox() or (0, 0, 1, 1)  # Pillow's box reaches down to the baseline
        return Ink(mask.crop(tight), left + tight[0], top + tight[1], font.getlength(text))

    def _space(self, cluster: str) -> Ink:
        from PIL import Image

        share = _SPACES[cluster]
        advance = self.font.getlength(" ") * share if share else self.font.getlength("0")
        return Ink(Image.new("L", (1, 1)), 0, 0, advance)

    def _turned(self, char: str) -> Ink:
        """``¿`` from ``?``: turned half a circle, dropped from cap height to x-height."""
        from PIL import Image

        ink = self._ink(char)
        drop = self._ink("x").top - self._ink("H").top
        return Ink(ink.mask.transpose(Image.Transpose.ROTATE_180), ink.left, ink.top + drop, ink.advance)

    def _composed(self, base: str, marks: str) -> Ink:
        """A letter with its marks, each centred on the letter's ink, stacked above or hung below."""
        letter = self._letter(base, any(_MARKS[mark].where == _ABOVE for mark in marks if mark in _MARKS))
        capital = base.isupper()
        parts = [letter]
        top, bottom = letter.top, letter.bottom
        centre = (letter.left + letter.right) / 2
        for mark in marks:
            spec = _MARKS.get(mark)
            if spec is None:
                continue
            ink = self._mark(spec, capital)
            left = round(centre - ink.mask.width / 2)
            if spec.where == _ABOVE:
                gap = max(1, round(self.size * (0.03 if capital else 0.05)))
                top = top - gap - ink.mask.height
                parts.append(Ink(ink.mask, left, top, 0))
            else:
                parts.append(Ink(ink.mask, left, bottom - max(1, round(self.size * 0.01)), 0))
                bottom = parts[-1].bottom
        return _merge(parts, self.font.getlength(_DOTTED.get(base, base)))

    def _letter(self, base: str, under_mark: bool) -> Ink:
        """The base letter; ``i`` and ``j`` lose their dot under a mark above (and ``ı`` always)."""
        letter = self._ink(_DOTTED.get(base, base))
        if base not in _DOTTED or (base in "ij" and not under_mark):
            return letter
        cut = self._ink("x").top - letter.top - max(1, self.size // 40)
        if cut <= 0:
            return letter
        return Ink(letter.mask.crop((0, cut, letter.mask.width, letter.mask.height)),
                   letter.left, letter.top + cut, letter.advance)

    def _mark(self, spec: _Mark, capital: bool) -> Ink:
        from PIL import Image

        scale = spec.scale * (0.85 if capital else 1.0)
        size = max(1, round(self.size * scale))
        if spec.text == "..":
            return self._dots(size)
        ink = self._ink(spec.text, size)
        if spec.turned:
            return Ink(ink.mask.transpose(Image.Transpose.ROTATE_180), ink.left, ink.top, ink.advance)
        return ink

    def _dots(self, size: int) -> Ink:
        """A diaeresis: two of the font's full stops, a dot's width apart."""
        dot = self._ink(".", size)
        return _merge([dot, Ink(dot.mask, dot.left + round(dot.mask.width * 1.9), dot.top, 0)], 0)

    def _bar(self, left: float, right: float, scale: float = 1.0) -> Ink:
        """A horizontal stroke at the hyphen's height and weight (``scale`` thins it)."""
        from PIL import Image

        hyphen = self._ink("-")
        height = max(1, round(hyphen.mask.height * scale))
        top = hyphen.top + (hyphen.mask.height - height) // 2
        return Ink(Image.new("L", (max(1, round(right - left)), height), 255), round(left), top, 0)


def _merge(parts: list[Ink], advance: float) -> Ink:
    """Several inks in one mask (the lighter wins where they overlap)."""
    from PIL import Image, ImageChops

    left = min(part.left for part in parts)
    top = min(part.top for part in parts)
    right = max(part.right for part in parts)
    bottom = max(part.bottom for part in parts)
    mask = Image.new("L", (right - left, bottom - top))
    for part in parts:
        layer = Image.new("L", mask.size)
        layer.paste(part.mask, (part.left - left, part.top - top))
        mask = ImageChops.lighter(mask, layer)
    return Ink(mask, left, top, advance)


def _dash(share: float) -> Callable[[Face], Ink]:
    """An en or em dash: a hyphen's stroke ``share`` of an em long, with a little room each side."""

    def build(face: Face) -> Ink:
        room = face.size * 0.04
        bar = face._bar(room, face.size * share - room)
        return Ink(bar.mask, bar.left, bar.top, face.size * share)

    return build


def _euro(face: Face) -> Ink:
    """``€``: the font's ``C`` with two bars through its left side."""
    shift = round(face.size * 0.08)
    letter = face._ink("C")
    letter = Ink(letter.mask, letter.left + shift, letter.top, 0)
    middle = (letter.top + letter.bottom) / 2
    step = (letter.bottom - letter.top) * 0.13
    length = letter.left + letter.mask.width * 0.62
    bars = []
    for offset in (-step, step):
        bar = face._bar(0, length, 0.7)
        bars.append(Ink(bar.mask, 0, round(middle + offset - bar.mask.height / 2), 0))
    return _merge([letter, *bars], face.font.getlength("C") + shift)


def _ligature(first: str, second: str) -> Callable[[Face], Ink]:
    """``œ`` from ``o`` and ``e``: the second letter's left stroke laid over the first's right one."""

    def build(face: Face) -> Ink:
        left, right = face._ink(first), face._ink(second)
        stem = face._ink("l").mask.width
        pen = left.right - stem - right.left
        joined = Ink(right.mask, pen + right.left, right.top, 0)
        return _merge([left, joined], pen + right.advance)

    return build


_DRAWN: dict[str, Callable[[Face], Ink]] = {
    "–": _dash(0.5), "—": _dash(1.0), "€": _euro,
    "œ": _ligature("o", "e"), "Œ": _ligature("O", "E"), "æ": _ligature("a", "e"), "Æ": _ligature("A", "E"),
}


@lru_cache(maxsize=256)
def face(source: str | None, size: int, stroke: int = 0) -> Face:
    """A cached ``Face``: its measurements and built glyphs are reused across cards."""
    return Face(source, size, stroke)
