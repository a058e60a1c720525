"""Text that always fits a box: wrapped by words, long words hyphenated, sizes searched.

A block is a column of ``Text`` items, optionally split by ``SPACER`` into a group at the top and
a group at the bottom. ``fit`` finds the largest size for the block's one ``flex`` item (the
title) between its bounds, and when even its minimum does not fit it gives way in this order:
the other items shrink (to their own minimum), then the optional items are dropped, least
important first (``drop=1`` before ``drop=2``…), then the title goes below its minimum, down to
``FLOOR``. Items with ``max_lines`` never push the title out: they end in an ellipsis instead.
The title is never cut. What cannot fit even then raises ``FitError``: with the limits of an
event (titles of 200 characters) no card reaches it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from radical_social.errors import FitError
from radical_social.graphics.coverage import font_for
from radical_social.graphics.faces import Face, clusters, face, missing
from radical_social.graphics.palette import RGB

if TYPE_CHECKING:
    import pyphen  # type: ignore[import-untyped, unused-ignore]
    import regex

FLOOR = 12
"""The smallest size, in px, a title may take as a last resort."""

_SHRINK = (1.0, 0.85)
"""Scales the fixed items try before any is dropped."""

_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")
"""Runs of breaking white space (no-break spaces stay: they hold ``18 h 30`` together)."""

_ELLIPSIS = "…"
_CLAUSE = re.compile(r"(?<=,) ")


@dataclass(frozen=True, kw_only=True, slots=True)
class Text:
    """One item of a block."""

    text: str
    size: int
    """Its size in px; the largest a ``flex`` item may take."""
    min_size: int
    fill: RGB
    bold: bool = False
    flex: bool = False
    narrow: bool = False
    """Wrapped to the block's narrow width (beside the QR code)."""
    max_lines: int | None = None
    clauses: bool = True
    """Break after commas first (``wrap``); titles wrap by words only."""
    drop: int = 0
    """0: always kept; otherwise dropped when space runs out, lower numbers first."""
    pitch: float = 1.25
    """Line spacing, times the size."""
    gap: float = 0.5
    """Space after the item, times its size."""


SPACER = None
"""Between the top group and the bottom group of a block."""

Item = Text | None


@dataclass(frozen=True, slots=True)
class Line:
    """A line placed on the card: its pen starts at ``(x, baseline)``."""

    text: str
    x: int
    baseline: int
    face: Face
    fill: RGB


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height


def clean(text: str) -> str:
    """One line of text: NFC, no control or format characters, single breaking spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text
                   if unicodedata.category(char) != "Cf")
    return _SPACES.sub(" ", text).strip()


_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_EMPTIED = re.compile(r"\(\s*\)|\[\s*\]|«\s*»|‹\s*›|“\s*”|„\s*“|‘\s*’|\"\s*\"")
"""Brackets and quotes left with nothing inside once what cannot be drawn is left out."""


def without_emoji(text: str) -> str:
    """``text`` without emoji and the spaces before them, and without stray variation selectors:
    ``Pasta 🍝 night!`` → ``Pasta night!``."""
    from radical_social.text.patterns import EMOJI, unicode_pattern

    def gap(match: regex.Match[str]) -> str:
        after = text[match.end():match.end() + 1]
        return " " if match.start() > 0 and after.isalnum() else ""

    return clean(_VARIATION_SELECTORS.sub("", unicode_pattern(rf"\s*(?:{EMOJI})+").sub(gap, text)))


def shown(text: str, source: str | None) -> str:
    """``text`` as an image shows it: without emoji (the alt text keeps them), without what no font
    draws (``faces.missing``, which warns of it) and without the brackets that leaves empty:
    ``Ramen Night 🍜 (ラーメン)`` → ``Ramen Night`` where no font has the kana."""
    text = without_emoji(text)
    if not missing(source, text):
        return text
    kept = "".join(cluster for cluster in clusters(text) if font_for(source, False, cluster) is not None)
    return clean(_EMPTIED.sub("", kept))


@lru_cache(maxsize=8)
def _hyphenator(language: str) -> pyphen.Pyphen:
    import pyphen  # type: ignore[import-untyped, unused-ignore]

    return pyphen.Pyphen(lang=language)


def _breaks(word: str, language: str) -> list[tuple[str, str]]:
    """Where a word may break, longest head first: ``(head as shown, tail)``."""
    found = {position: word[:position] + "-" for position in _hyphenator(language).positions(word)}
    for index, char in enumerate(word[:-1]):
        if char in "-/":
            found[index + 1] = word[:index + 1]
    return [(found[position], word[position:]) for position in sorted(found, reverse=True)]


def wrap(face: Face, text: str, width: float, language: str, *, clauses: bool = False) -> tuple[list[str], bool]:
    """Lines no wider than ``width``, and whether a word had to be split (hyphenated or cut).

    With ``clauses``, a text too long for one line breaks after its commas first
    (``Sabato 16 gennaio,`` / ``ore 18:00–20:30``), and within a clause only where it must.
    """
    if not clauses or face.length(text) <= width:
        return _wrap_words(face, text.split(" "), width, language)
    lines: list[str] = []
    split = False
    for clause in _CLAUSE.split(text):
        if lines and face.length(f"{lines[-1]} {clause}") <= width:
            lines[-1] = f"{lines[-1]} {clause}"
            continue
        more, clause_split = _wrap_words(face, clause.split(" "), width, language)
        lines += more
        split = split or clause_split
    return lines, split


def _wrap_words(face: Face, words: list[str], width: float, language: str) -> tuple[list[str], bool]:
    lines: list[str] = []
    split = False
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if face.length(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while face.length(word) > width:
            head, word = _split_word(face, word, width, language)
            lines.append(head)
            split = True
        line = word
    lines.append(line)
    return lines, split


def _split_word(face: Face, word: str, width: float, language: str) -> tuple[str, str]:
    """The longest head of a too-long word that fits, at a hyphenation point if there is one."""
    for head, tail in _breaks(word, language):
        if face.length(head) <= width:
            return head, tail
    cut = 1
    while cut < len(word) - 1 and face.length(word[:cut + 1]) <= width:
        cut += 1
    return word[:cut], word[cut:]


def ellipsize(face: Face, text: str, width: float) -> str:
    """``text`` cut at a word (or, failing that, a letter) and ended with ``…`` to fit ``width``."""
    if face.length(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        shorter = " ".join(words).rstrip(",;:·–-") + _ELLIPSIS
        if face.length(shorter) <= width:
            return shorter
    cut = len(text)
    while cut > 1 and face.length(text[:cut] + _ELLIPSIS) > width:
        cut -= 1
    return text[:cut] + _ELLIPSIS


@dataclass(frozen=True, slots=True)
class _Set:
    """An item set at one size: its face and wrapped lines."""

    item: Text
    face: Face
    lines: list[str]

    @property
    def height(self) -> int:
        return self.face.top + round((len(self.lines) - 1) * self.item.pitch * self.face.size) + self.face.bottom

    @property
    def gap(self) -> int:
        return round(self.item.gap * self.face.size)


def fit(items: Sequence[Item], box: Box, *, narrow: int | None = None, beside: int = 0, language: str,
        source: str | None, valign: str = "top") -> list[Line]:
    """Place the block's items in ``box``; see the module's docstring for how it gives way.

    ``narrow``: the width of the bottom group's ``narrow`` items; ``beside``: the height of what
    stands beside them (the QR code), which the top group must stay above.
    """
    widths = (box.width, box.width if narrow is None else narrow)
    droppable = sorted({item.drop for item in items if item is not None and item.drop})
    attempts = [(scale, 0) for scale in _SHRINK] + [(_SHRINK[-1], level) for level in droppable]
    for scale, level in attempts:
        kept = [item for item in items if item is None or not 0 < item.drop <= level]
        found = _search(kept, (box.height, beside), widths, scale, language, source, strict=True)
        if found is not None:
            return _place(found, box, valign)
    kept = [item for item in items if item is None or not item.drop]
    lowest = [replace(item, size=item.min_size - 1, min_size=FLOOR) if item and item.flex else item for item in kept]
    found = _search(lowest, (box.height, beside), widths, 0.0, language, source, strict=False)
    if found is None:
        raise FitError(f"the text does not fit a {box.width}×{box.height} px box even at {FLOOR} px")
    return _place(found, box, valign)


def _search(items: list[Item], room: tuple[int, int], widths: tuple[int, int], scale: float, language: str,
            source: str | None, *, strict: bool) -> list[_Set | None] | None:
    """The block with its flex item at the largest size that fits, or None when none does.

    ``room``: the box's height, and the least height of the bottom group. ``strict``: the flex
    item keeps its words whole above its minimum size.
    """
    flex = next((item for item in items if item is not None and item.flex), None)
    low, high = (flex.min_size, flex.size) if flex else (0, 0)
    best = None
    while low <= high:
        size = (low + high) // 2
        block = _set_all(items, size, widths, scale, language, source, strict)
        if block is not None and _height(block, room[1]) <= room[0]:
            best, low = block, size + 1
        else:
            high = size - 1
    return best


def _set_all(items: list[Item], flex_size: int, widths: tuple[int, int], scale: float, language: str,
             source: str | None, strict: bool) -> list[_Set | None] | None:
    block: list[_Set | None] = []
    for item in items:
        if item is None:
            block.append(None)
            continue
        size = flex_size if item.flex else max(item.min_size, round(item.size * scale))
        placed = _set_one(item, size, widths[item.narrow], language, source, strict)
        if placed is None:
            return None
        block.append(placed)
    return block


def _set_one(item: Text, size: int, width: int, language: str, source: str | None, strict: bool) -> _Set | None:
    """The item wrapped at ``size``; None when a title's word had to be split and the size may still shrink."""
    item_face = face(source, size, item.bold)
    room = width - round(size * 0.04)  # ink may stand out of a glyph's advance
    lines, split = wrap(item_face, item.text, room, language, clauses=item.clauses)
    if split and item.flex and strict and size > item.min_size:
        return None  # a smaller title may keep its words whole
    if item.max_lines is not None and len(lines) > item.max_lines:
        rest = " ".join(lines[item.max_lines - 1:])
        lines = [*lines[:item.max_lines - 1], ellipsize(item_face, rest, room)]
    return _Set(item, item_face, lines)


def _height(block: list[_Set | None], beside: int) -> int:
    groups = _groups(block)
    if len(groups) == 1:
        return _group_height(groups[0])
    top, bottom = groups
    spacer = round(max(part.face.size for part in bottom) * 0.5) if top and bottom else 0
    return _group_height(top) + spacer + max(_group_height(bottom), beside)


def _groups(block: list[_Set | None]) -> list[list[_Set]]:
    if None in block:
        split = block.index(None)
        return [[s for s in block[:split] if s], [s for s in block[split + 1:] if s]]
    return [[s for s in block if s]]


def _group_height(group: list[_Set]) -> int:
    return sum(part.height for part in group) + sum(part.gap for part in group[:-1])


def _place(block: list[_Set | None], box: Box, valign: str) -> list[Line]:
    groups = _groups(block)
    if len(groups) == 2:
        return _lines(groups[0], box.x, box.y) + _lines(groups[1], box.x, box.bottom - _group_height(groups[1]))
    spare = box.height - _group_height(groups[0])
    offset = {"top": 0, "center": spare // 2, "bottom": spare}[valign]
    return _lines(groups[0], box.x, box.y + offset)


def _lines(group: list[_Set], x: int, top: int) -> list[Line]:
    lines = []
    for part in group:
        baseline = top + part.face.top
        step = round(part.item.pitch * part.face.size)
        lines += [Line(text, x, baseline + index * step, part.face, part.item.fill)
                  for index, text in enumerate(part.lines)]
        top += part.height + part.gap
    return lines
