"""A large calendar → smaller calendars of whole VEVENTs, for reading on several processes.

Each chunk is a VCALENDAR holding the calendar's own properties, every VTIMEZONE, and a run of its
VEVENTs with whatever else lies between them, so every TZID resolves and each VEVENT reads as it does
in the whole file. The text is cut only where a line begins, lines unfolded and split as icalendar does
it (a line break followed by a space or a tab continues the line; a lone CR is no line break). A calendar
laid out in any other way (text outside its one VCALENDAR, a VEVENT or VTIMEZONE inside another
component, a BEGIN or END line with parameters, names that do not pair up) gives no chunks: it is read
whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_FOLD = re.compile(r"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")
"""A line break followed by a space or a tab, blank lines between: icalendar's unfolding (parser.content_line)."""
_LINE_END = re.compile(r"\r?\n(?!(?:\r?\n)*[ \t])")
"""A line break that ends a line (no fold follows)."""
_MAYBE_MARK = re.compile(r"^[BbEe]", re.MULTILINE)
"""Where a BEGIN or END line may start: a line break (not a CR alone) is followed by B or E."""
_MARK = re.compile(r"(BEGIN|END):([A-Z0-9-]+)", re.IGNORECASE)
_OWN_LEVEL = frozenset(("VEVENT", "VTIMEZONE"))
"""Components the chunks copy or share out, so they must sit directly in the calendar."""


@dataclass(frozen=True)
class Chunk:
    """A calendar's text with some of its VEVENTs, and how many VEVENTs come before them."""

    text: str
    before: int


@dataclass
class _Layout:
    """Where the parts of a calendar are: its BEGIN and END lines, and the span of each component in it."""

    first_line: str
    last_line: str = ""
    rest: list[str] = field(default_factory=list)
    """The calendar's own lines (its properties, blank lines) between its components."""
    zones: list[str] = field(default_factory=list)
    parts: list[tuple[str, bool]] = field(default_factory=list)
    """Each other component's text, and whether it is a VEVENT."""


def chunks(data: bytes, size: int) -> list[Chunk] | None:
    """``data`` as chunks of ``size`` VEVENTs each (the last fewer), or None when it is not laid out plainly."""
    layout = _layout(data.decode("utf-8-sig", "replace"))  # as icalendar decodes bytes (to_unicode)
    if layout is None:
        return None
    head = "".join([layout.first_line, *layout.rest, *layout.zones])
    found: list[Chunk] = []
    pending: list[str] = []
    before = count = 0
    for text, is_vevent in layout.parts:
        if is_vevent and count == size:
            found.append(Chunk("".join([head, *pending, layout.last_line]), before))
            before, pending, count = before + count, [], 0
        pending.append(text)
        count += is_vevent
    found.append(Chunk("".join([head, *pending, layout.last_line]), before))
    return found


def _layout(text: str) -> _Layout | None:
    """The parts of a calendar; None unless it is one VCALENDAR laid out plainly."""
    lines = _marks(text)
    first = next(lines, None)
    if first is None or first[2] != ("BEGIN", "VCALENDAR") or text[:first[0]].strip("\r\n"):
        return None
    layout = _Layout(text[:first[1]])
    open_names: list[str] = []
    start = after = first[1]
    for begin, end, mark in lines:
        if mark == ("END", "VCALENDAR") and not open_names:
            layout.rest.append(text[after:begin])
            layout.last_line = text[begin:end]
            return layout if not text[end:].strip("\r\n") else None
        kind, name = mark
        if mark is _ODD or name == "VCALENDAR":
            return None
        if kind == "BEGIN":
            if not open_names:
                layout.rest.append(text[after:begin])
                start = begin
            elif name in _OWN_LEVEL:
                return None
            open_names.append(name)
            continue
        if not open_names or open_names.pop() != name:
            return None
        if not open_names:
            after = end
            if name == "VTIMEZONE":
                layout.zones.append(text[start:end])
            else:
                layout.parts.append((text[start:end], name == "VEVENT"))
    return None


def _marks(text: str) -> Iterator[tuple[int, int, tuple[str, str]]]:
    """Each BEGIN or END line: where it starts, where the next line starts, and ``(BEGIN|END, NAME)``."""
    for found in _MAYBE_MARK.finditer(text):
        begin = found.start()
        newline = text.find("\n", begin)
        if newline < 0:
            line, end = text[begin:], len(text)
        elif text[newline + 1:newline + 2] not in (" ", "\t", "\r", "\n"):  # no fold: the usual case
            line, end = text[begin:newline].removesuffix("\r"), newline + 1
        else:
            stop = _LINE_END.search(text, begin)
            end = stop.end() if stop else len(text)
            line = _FOLD.sub("", text[begin:stop.start() if stop else end])
        mark = _mark(line)
        if mark is not None:
            yield begin, end, mark


_ODD = ("", "")
"""A BEGIN or END line that is not plainly ``BEGIN:NAME``: the calendar is read whole."""


def _mark(line: str) -> tuple[str, str] | None:
    """``(BEGIN|END, NAME)`` for a line that opens or closes a component, None for a property."""
    word = line[:5].upper()
    if not ((word == "BEGIN" and line[5:6] in (":", ";")) or (word[:3] == "END" and line[3:4] in (":", ";"))):
        return None
    found = _MARK.fullmatch(line)
    return (found[1].upper(), found[2].upper()) if found else _ODD
