"""A YAML file's block list of events → runs of its items as text, cut where an item begins, for reading on
several processes.

A file is cut only when it is laid out plainly: comments, blank lines and at most one ``---`` before a
block list (``- `` at one column) standing alone or as the value of an ``events:`` key at the top; after
it, nothing but comments and blank lines. An item begins on a line holding ``-`` and a space (or the
line's end) at the list's column; a line indented further, blank or holding only a comment belongs to the
item above. Each run of items is a YAML list in itself, its lines as in the file, so its columns are
the file's and its line numbers are off by the lines before it. Anything else stops the cutting
(``Uncut``): text beside the list or after it, a tab, a directive, a line break libyaml knows and
Python does not, an anchor or an alias (they may reach across items). A cut made in the wrong place (a
quoted scalar or a flow collection running over a line that looks like an item) leaves a run that is not
one list of as many items, which its reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from typing import IO, NamedTuple


class Cut(NamedTuple):
    """Some items of the list: their text, the number of the line it starts on, and how many items they are."""

    text: str
    first: int
    items: int


class Uncut(Exception):
    """The file is not laid out plainly from here: read it as a whole."""


_EVENTS = re.compile(r"events:[ \t]*(?:#.*)?[\r\n]*")
_DOCUMENT_START = re.compile(r"---[ \t]*(?:#.*)?[\r\n]*")
_ITEM = re.compile(r"( *)-(?: |[\r\n]*$)")
_PROPERTY = re.compile(r"[\s\[{,][&*]\S")
"""An anchor or an alias (or text that looks like one)."""
_ODD = ("\x85", "\u2028", "\u2029", "\ufeff")
"""Line breaks libyaml knows and Python does not split on, and a BOM."""


def cuts(file: IO[str], size: int) -> Iterator[Cut]:
    """Runs of ``size`` items (the last fewer) of the list in ``file`` (opened with ``newline=""``), read
    ``_BLOCK`` characters at a time; ``Uncut`` when the file is not laid out plainly, after the runs
    before the place where that is found."""
    number, line, column = _first_item(file)
    ends = re.compile(f"\n(?! {{{column + 1}}})")  # a line's end before a line not indented further
    dash = " " * column + "-"
    pieces, first, count = [line], number, 1
    number += 1  # the number of the line at ``counted`` in the block
    while block := _block(file):
        taken = counted = 0  # where the block's text not yet in ``pieces`` begins, and up to where lines are counted
        for at in chain((0,) if not block.startswith(" " * (column + 1)) else (), _after(ends.finditer(block))):
            if block.startswith(dash, at) and block[at + column + 1:at + column + 2] in _AFTER_DASH:
                if count == size:
                    pieces.append(block[taken:at])
                    yield _cut(pieces, first, count)
                    number += block.count("\n", counted, at)
                    pieces, first, count, taken, counted = [], number, 0, at, at
                count += 1
            elif at < len(block) and not _blank(block[at:block.find("\n", at) + 1 or len(block)]):
                raise Uncut  # the list ends, and something follows: where the items before end is the parser's say
        pieces.append(block[taken:])
        number += block.count("\n", counted)
    yield _cut(pieces, first, count)


def _after(found: Iterator[re.Match[str]]) -> Iterator[int]:
    for match in found:
        yield match.end()


_BLOCK = 1 << 16
_AFTER_DASH = (" ", "\n", "\r", "")
_LONE_CR = re.compile(r"\r(?!\n)")


def _block(file: IO[str]) -> str:
    """The next ``_BLOCK`` characters or so, up to a line's end; ``Uncut`` for a line ended by CR alone."""
    block = file.read(_BLOCK)
    if block.endswith("\r"):
        block += file.read(1)
    if block and not block.endswith("\n"):
        block += file.readline()
    if "\r" in block and _LONE_CR.search(block):
        raise Uncut
    return block


def _first_item(file: IO[str]) -> tuple[int, str, int]:
    """The number of the list's first line, the line, and the list's column."""
    number, started, events = 0, False, False
    for line in iter(file.readline, ""):
        number += 1
        if _blank(line):
            continue
        if found := _ITEM.match(line):
            return number, line, len(found[1])
        if not events and _EVENTS.fullmatch(line):
            events = True
        elif not (started or events) and _DOCUMENT_START.fullmatch(line):
            started = True
        else:
            raise Uncut
    raise Uncut


def _blank(line: str) -> bool:
    """Whether a line is blank or holds only a comment (spaces before it, no tab)."""
    rest = line.lstrip(" ")
    return not rest or rest[0] in "#\r\n"


def _cut(lines: list[str], first: int, count: int) -> Cut:
    text = "".join(lines)
    if (("&" in text or "*" in text) and _PROPERTY.search(text)) or (
            not text.isascii() and any(odd in text for odd in _ODD)):
        raise Uncut
    return Cut(text, first, count)
