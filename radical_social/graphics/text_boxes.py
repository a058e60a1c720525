"""Text that always fits a box: wrapped by words, long words hyphenated, sizes searched.

A block is a column of ``Text`` items, optionally split by ``SPACER`` into a group at the top and
a group at the bottom. ``fit`` finds the largest size for the block's one ``flex`` item (the
title) between its bounds, at least ``LEAD`` times the other items' size; it keeps the title's
words whole unless hyphenating one (``TITLE_HYPHENATION`` letters or more, at most once, at a
hyphenation point of the event's language) makes the title ``HYPHEN_GAIN`` times larger. When even
its minimum does not fit it gives way in this order: the other items shrink (to their own
minimum), then the optional items are dropped, least important first (``drop=1`` before
``drop=2``…), then the title goes below its minimum, down to ``FLOOR``, the other items never
larger than it. Items with ``max_lines`` never push the title out: they end in an ellipsis
instead. The title is never cut. What cannot fit even then raises ``FitError``: with the limits of
an event (titles of 200 characters) no card reaches it. Lines are balanced (``balance``), and with
``spread`` a block that would leave its middle empty grows its title and then draws its groups
together.
"""

from __future__ import annotations

import math
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

_SHRINK = (1.0, 0.85, 0.7)
"""Scales the fixed items try (down to their minimum) before any is dropped."""

LEAD = 1.15
"""A title is at least this many times the size of the other items of its block."""

HYPHEN_GAIN = 1.35
"""How many times larger a title must get to be worth breaking a word at a hyphenation point."""

TITLE_HYPHENATION = 12
"""The shortest word a title hyphenates: a shorter one that does not fit makes the title smaller."""

STRETCH = 1.4
"""How many times its size a title may grow to, so as not to leave a block's middle empty."""

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


@dataclass(frozen=True, slots=True)
class _Wrapped:
    lines: list[str]
    hyphens: int = 0
    """Words broken at a hyphenation point, with a hyphen added (a break at a word's own hyphen is free)."""
    cuts: int = 0
    """Words cut where no hyphenation point fits."""

    def __add__(self, other: _Wrapped) -> _Wrapped:
        return _Wrapped(self.lines + other.lines, self.hyphens + other.hyphens, self.cuts + other.cuts)


def _breaks(word: str, language: str) -> list[tuple[str, str, bool]]:
    """Where a word may break, longest head first: ``(head as shown, tail, at a hyphenation point)``."""
    found = {position: (word[:position] + "-", True) for position in _hyphenator(language).positions(word)}
    for index, char in enumerate(word[:-1]):
        if char in "-/":
            found[index + 1] = (word[:index + 1], False)
    return [(found[position][0], word[position:], found[position][1]) for position in sorted(found, reverse=True)]


def wrap(face: Face, text: str, width: float, language: str, *, clauses: bool = False) -> tuple[list[str], bool]:
    """Lines no wider than ``width``, and whether a word had to be split (hyphenated or cut).

    With ``clauses``, a text too long for one line breaks after its commas first
    (``Sabato 16 gennaio,`` / ``ore 18:00–20:30``), and within a clause only where it must.
    A dash or a closing mark standing alone stays with the word before it, an opening one with the
    word after (``Gleisdreieck“ –`` / ``Geschichten``).
    """
    wrapped = _wrap(face, text, width, language, clauses)
    return wrapped.lines, bool(wrapped.hyphens or wrapped.cuts)


def balance(face: Face, text: str, width: float, language: str, *, shortest: int = 0) -> list[str]:
    """``text`` in as many lines as ``wrap`` gives, as even as they go: wrapped at the narrowest
    width that keeps their number and breaks no more words, so it ends on a lone short word only
    when nothing else keeps it to as many lines. ``shortest``: the shortest word it may hyphenate."""
    wrapped = _wrap(face, text, width, language, False, shortest)
    best = wrapped.lines
    low, high = round(width / max(1, len(best))), int(width) - 1
    while len(wrapped.lines) > 1 and low <= high:
        middle = (low + high) // 2
        trial = _wrap(face, text, middle, language, False, shortest)
        if len(trial.lines) == len(wrapped.lines) and (trial.hyphens, trial.cuts) <= (wrapped.hyphens, wrapped.cuts):
            best, high = trial.lines, middle - 1
        else:
            low = middle + 1
    return best


def _wrap(face: Face, text: str, width: float, language: str, clauses: bool, shortest: int = 0) -> _Wrapped:
    """``wrap``, counting the words broken; ``shortest``: the shortest word that may be hyphenated
    (shorter ones are cut)."""
    if not clauses or face.length(text) <= width:
        return _wrap_words(face, text.split(" "), width, language, shortest)
    wrapped = _Wrapped([])
    for clause in _CLAUSE.split(text):
        if wrapped.lines and face.length(f"{wrapped.lines[-1]} {clause}") <= width:
            wrapped.lines[-1] = f"{wrapped.lines[-1]} {clause}"
            continue
        wrapped += _wrap_words(face, clause.split(" "), width, language, shortest)
    return wrapped


_CLOSING = frozenset("»›!?:;–—)]")
_OPENING = frozenset("«‹„¿¡([")


def glued(words: list[str]) -> list[str]:
    """Words with the dashes and marks that stand alone joined to the word they belong to."""
    out: list[str] = []
    opening = ""
    for word in words:
        if out and not opening and word and set(word) <= _CLOSING:
            out[-1] += " " + word
        elif word and set(word) <= _OPENING:
            opening += word + " "
        else:
            out.append(opening + word)
            opening = ""
    if opening:
        out.append(opening.rstrip())
    return out


def _wrap_words(face: Face, words: list[str], width: float, language: str, shortest: int) -> _Wrapped:
    lines: list[str] = []
    hyphens = cuts = 0
    line = ""
    for word in glued(words):
        candidate = f"{line} {word}" if line else word
        if face.length(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        hyphenated = False
        while face.length(word) > width:
            head, word, kind = _split_word(face, word, width, language, shortest)
            lines.append(head)
            if kind == _CUT or (kind == _HYPHENATED and hyphenated):
                cuts += 1  # a word hyphenated twice is as bad as a cut one
            elif kind == _HYPHENATED:
                hyphens, hyphenated = hyphens + 1, True
        line = word
    lines.append(line)
    return _Wrapped(lines, hyphens, cuts)


_HYPHENATED, _CUT, _AT_HYPHEN = "hyphenated", "cut", "at its hyphen"


def _split_word(face: Face, word: str, width: float, language: str, shortest: int) -> tuple[str, str, str]:
    """The longest head of a too-long word that fits, and how it broke: at the word's own hyphen if
    one fits, else at a hyphenation point (for words of ``shortest`` letters or more), else anywhere."""
    breaks = _breaks(word, language) if len(word) >= shortest else [
        (head, tail, False) for head, tail, hyphenated in _breaks(word, language) if not hyphenated]
    for head, tail, hyphenated in sorted(breaks, key=lambda found: found[2]):  # own hyphens first
        if face.length(head) <= width:
            return head, tail, _HYPHENATED if hyphenated else _AT_HYPHEN
    cut = 1
    while cut < len(word) - 1 and face.length(word[:cut + 1]) <= width:
        cut += 1
    return word[:cut], word[cut:], _CUT


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
    """An item set at one size: its face, the width its lines wrap to, and the lines."""

    item: Text
    face: Face
    width: int
    lines: list[str]

    @property
    def height(self) -> int:
        return self.face.top + round((len(self.lines) - 1) * self.item.pitch * self.face.size) + self.face.bottom

    @property
    def gap(self) -> int:
        return round(self.item.gap * self.face.size)


@dataclass(frozen=True, slots=True)
class _Room:
    """Where a block goes: the box's height, the least height of its bottom group (what stands beside
    it), the widths of its items (wide, narrow), and what its words are set in."""

    height: int
    beside: int
    widths: tuple[int, int]
    language: str
    source: str | None


def fit(items: Sequence[Item], box: Box, *, narrow: int | None = None, beside: int = 0, language: str,
        source: str | None, valign: str = "top", spread: int | None = None) -> list[Line]:
    """Place the block's items in ``box``; see the module's docstring for how it gives way.

    ``narrow``: the width of the bottom group's ``narrow`` items; ``beside``: the height of what
    stands beside them (the QR code), which the top group must stay above. ``spread``: the most
    height the block may leave empty between its groups; past it the title grows (up to
    ``STRETCH`` times its size) to take the room, and what is still left empty past it is shared:
    a third of it moves the top group down and a third the bottom group up (half and none when
    something stands beside the bottom group; a lone top group is centred).
    """
    room = _Room(box.height, beside, (box.width, box.width if narrow is None else narrow), language, source)
    droppable = sorted({item.drop for item in items if item is not None and item.drop})
    attempts = [(scale, 0) for scale in _SHRINK] + [(_SHRINK[-1], level) for level in droppable]
    for scale, level in attempts:
        kept = [item for item in items if item is None or not 0 < item.drop <= level]
        found = _search(kept, room, scale, strict=True, spread=spread)
        if found is not None:
            return _place(found, box, valign, language, moves=_moves(found, box.height, beside, spread))
    kept = [item for item in items if item is None or not item.drop]
    lowest = [replace(item, size=item.min_size - 1, min_size=FLOOR) if item and item.flex else item for item in kept]
    found = _search(lowest, room, 0.0, strict=False, spread=None)
    if found is None:
        raise FitError(f"the text does not fit a {box.width}×{box.height} px box even at {FLOOR} px")
    return _place(found, box, valign, language, moves=(0, 0))


_Block = list[_Set | None]


def _search(items: list[Item], room: _Room, scale: float, *, strict: bool, spread: int | None) -> _Block | None:
    """The block with its flex item (the title) at the largest size that fits, or None when none does.

    ``strict``: the title is at least ``LEAD`` times the size of the other items, and keeps its
    words whole unless breaking one at a hyphenation point makes it ``HYPHEN_GAIN`` times larger;
    it is cut inside a word only at its minimum size. Otherwise it may be cut at any size, and the
    other items shrink with it so that none is larger.
    """
    flex = next((item for item in items if item is not None and item.flex), None)
    if flex is None:
        block = _set_all(items, 0, room, scale, strict, hyphenate=True)
        return block if block is not None and _height(block, room.beside) <= room.height else None
    low = max(flex.min_size, math.ceil(_largest_fixed(items, scale) * LEAD)) if strict else flex.min_size
    whole = _largest(items, room, scale, (low, flex.size), strict, hyphenate=False)
    best, hyphenate = whole, False
    if whole is None or whole[0] < flex.size:
        floor = max(low, math.ceil(whole[0] * HYPHEN_GAIN)) if whole else low
        broken = _largest(items, room, scale, (floor, flex.size), strict, hyphenate=True)
        if broken is not None:
            best, hyphenate = broken, True
    if best is None:
        return None
    if spread is not None and best[0] == flex.size and room.height - _height(best[1], room.beside) > spread:
        best = _filling(items, room, scale, (flex.size, round(flex.size * STRETCH)), hyphenate, spread) or best
    return best[1]


def _largest_fixed(items: list[Item], scale: float) -> int:
    return max((_fixed_size(item, scale) for item in items if item is not None and not item.flex), default=0)


def _fixed_size(item: Text, scale: float) -> int:
    return max(item.min_size, round(item.size * scale))


def _largest(items: list[Item], room: _Room, scale: float, bounds: tuple[int, int], strict: bool,
             hyphenate: bool) -> tuple[int, _Block] | None:
    """The largest title size within ``bounds`` at which the block fits, with the block; None when none does."""
    low, high = bounds
    best = None
    while low <= high:
        size = (low + high) // 2
        block = _set_all(items, size, room, scale, strict, hyphenate)
        if block is not None and _height(block, room.beside) <= room.height:
            best, low = (size, block), size + 1
        else:
            high = size - 1
    return best


def _filling(items: list[Item], room: _Room, scale: float, bounds: tuple[int, int], hyphenate: bool,
             spread: int) -> tuple[int, _Block] | None:
    """The smallest title size within ``bounds`` that leaves at most ``spread`` empty, else the largest that fits."""
    low, high = bounds
    filled = roomy = None
    while low <= high:
        size = (low + high) // 2
        block = _set_all(items, size, room, scale, True, hyphenate)
        spare = room.height - _height(block, room.beside) if block is not None else -1
        if block is None or spare < 0:
            high = size - 1
        elif spare > spread:
            roomy, low = (size, block), size + 1
        else:
            filled, high = (size, block), size - 1
    return filled or roomy


def _set_all(items: list[Item], flex_size: int, room: _Room, scale: float, strict: bool,
             hyphenate: bool) -> _Block | None:
    block: _Block = []
    for item in items:
        if item is None:
            block.append(None)
            continue
        size = flex_size if item.flex else _fixed_size(item, scale)
        if not strict and not item.flex and flex_size:
            size = min(size, flex_size)  # the title stays the largest, even at its last resort
        placed = _set_one(item, size, room, strict, hyphenate)
        if placed is None:
            return None
        block.append(placed)
    return block


def _set_one(item: Text, size: int, room: _Room, strict: bool, hyphenate: bool) -> _Set | None:
    """The item wrapped at ``size``; None when the title broke a word it must keep whole at this size."""
    item_face = face(room.source, size, item.bold)
    width = room.widths[item.narrow] - round(size * 0.04)  # ink may stand out of a glyph's advance
    wrapped = _wrap(item_face, item.text, width, room.language, item.clauses, TITLE_HYPHENATION if item.flex else 0)
    if item.flex and strict and size > item.min_size and (wrapped.cuts or (wrapped.hyphens and not hyphenate)):
        return None
    lines = wrapped.lines
    if item.max_lines is not None and len(lines) > item.max_lines:
        rest = " ".join(lines[item.max_lines - 1:])
        lines = [*lines[:item.max_lines - 1], ellipsize(item_face, rest, width)]
    return _Set(item, item_face, width, lines)


def _height(block: _Block, beside: int) -> int:
    groups = _groups(block)
    if len(groups) == 1:
        return _group_height(groups[0])
    top, bottom = groups
    spacer = round(max(part.face.size for part in bottom) * 0.5) if top and bottom else 0
    return _group_height(top) + spacer + max(_group_height(bottom), beside)


def _groups(block: _Block) -> list[list[_Set]]:
    if None in block:
        split = block.index(None)
        return [[s for s in block[:split] if s], [s for s in block[split + 1:] if s]]
    return [[s for s in block if s]]


def _group_height(group: list[_Set]) -> int:
    return sum(part.height for part in group) + sum(part.gap for part in group[:-1])


def _moves(block: _Block, height: int, beside: int, spread: int | None) -> tuple[int, int]:
    """How far the top group moves down and the bottom group up, so the block leaves no more than
    ``spread`` empty between them where it can (see ``fit``)."""
    groups = _groups(block)
    if spread is None or len(groups) < 2:
        return 0, 0
    spare = height - _height(block, beside)
    if not groups[1] and not beside:
        return spare // 2, 0
    excess = max(0, spare - spread)
    return (excess // 2, 0) if beside else (excess // 3, excess // 3)


def _place(block: _Block, box: Box, valign: str, language: str, *, moves: tuple[int, int]) -> list[Line]:
    """The block's lines: one group aligned by ``valign``; two at the top and the bottom of the box,
    moved towards each other by ``moves`` (down, up)."""
    groups = _groups(_balanced(block, language))
    if len(groups) == 2:
        down, up = moves
        bottom = box.bottom - _group_height(groups[1]) - up
        return _lines(groups[0], box.x, box.y + down) + _lines(groups[1], box.x, bottom)
    spare = box.height - _group_height(groups[0])
    offset = {"top": 0, "center": spare // 2, "bottom": spare}[valign]
    return _lines(groups[0], box.x, box.y + offset)


def _balanced(block: _Block, language: str) -> _Block:
    """The block with the lines of each item that wraps by words (not clauses, not cut short) balanced."""
    out: _Block = []
    for part in block:
        if part is not None and len(part.lines) > 1 and not (part.item.clauses and "," in part.item.text):
            shortest = TITLE_HYPHENATION if part.item.flex else 0
            if _wrap(part.face, part.item.text, part.width, language, False, shortest).lines == part.lines:
                part = replace(part, lines=balance(part.face, part.item.text, part.width, language, shortest=shortest))
        out.append(part)
    return out


def _lines(group: list[_Set], x: int, top: int) -> list[Line]:
    lines = []
    for part in group:
        baseline = top + part.face.top
        step = round(part.item.pitch * part.face.size)
        lines += [Line(text, x, baseline + index * step, part.face, part.item.fill)
                  for index, text in enumerate(part.lines)]
        top += part.height + part.gap
    return lines


def hyphenator(language: str) -> pyphen.Pyphen:
    """pyphen's dictionary for ``language`` (cached), for text laid out elsewhere (the poster)."""
    return _hyphenator(language)
