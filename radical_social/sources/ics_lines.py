"""iCalendar text → icalendar's content lines, the plain ones split without its character-by-character scan.

icalendar splits each unfolded line into name, parameters and value by walking it a character at a
time (``Contentline.raw_parts``), the largest part of its parsing. Most lines of a calendar are plainly
``NAME:value``: a name of letters, digits and hyphens, then a colon, no parameters. For those the split
is known without the walk (no quote or backslash can come before that colon); ``lines`` gives
icalendar's own content lines, unfolded and cut as it cuts them, whose ``parts()`` answers such lines at
once and leaves every other line to icalendar. icalendar's parser takes the list as it takes text.
"""

from __future__ import annotations

import re
from typing import Any

from icalendar.parser.content_line import NEWLINE, UFOLD, Contentline
from icalendar.parser.parameter import Parameters
from icalendar.parser.property import unescape_backslash
from icalendar.parser_tools import to_unicode

_PLAIN = re.compile(r"[A-Za-z0-9-]+:")
"""The start of a line with a name and no parameters."""


class _Line(Contentline):
    """A content line whose ``parts()`` splits a plain ``NAME:value`` line without icalendar's scan."""

    __slots__ = ()

    def parts(self) -> tuple[str, Any, str]:
        plain = _PLAIN.match(self)
        if plain is None:
            return super().parts()
        split = plain.end()
        return self[:split - 1], Parameters(), unescape_backslash(self[split:])


def lines(data: bytes | str) -> list[Any]:
    """The content lines of ``data`` as ``Contentlines.from_ical(data)`` gives them, for icalendar's parser."""
    text = UFOLD.sub("", to_unicode(data))
    found: list[Any] = [_Line(line) for line in NEWLINE.split(text) if line]  # type: ignore[no-untyped-call]
    found.append("")  # as icalendar ends them: '\r\n' at the end of every content line
    return found
