"""iCalendar text → icalendar's content lines, the plain ones split without its character-by-character scan.

icalendar splits each unfolded line into name, parameters and value by walking it a character at a
time (``Contentline.raw_parts``), the largest part of its parsing. Most lines of a calendar are plain:
a name of letters, digits and hyphens, perhaps parameters whose values hold no backslash, separator,
control character, ``%`` or ``^`` (``DTSTART;TZID=Europe/Rome:…``, spaces only in quotes), then a colon.
For those the split is known without the walk: no quote or backslash comes before that colon, and
icalendar's unescaping of the parameters changes nothing. ``lines`` gives icalendar's own content
lines, unfolded and cut as it cuts them, whose ``parts()`` answers plain lines at once and leaves every
other line to icalendar. icalendar's parser takes the list as it takes text.
"""

from __future__ import annotations

import re
from typing import Any

from icalendar.parser.content_line import NEWLINE, UFOLD, Contentline
from icalendar.parser.parameter import Parameters
from icalendar.parser.property import unescape_backslash
from icalendar.parser_tools import to_unicode

_VALUE = r'(?:"[^\x00-\x1f\x7f"\\;:,%^]*"|[^\x00-\x1f\x7f"\\;:,=%^ ]+)'
_PLAIN = re.compile(rf"([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+={_VALUE})*):")
"""The start of a plain line: its name, its parameters (each ``;KEY=value`` or ``;KEY="value"``) and the colon."""


class _Line(Contentline):
    """A content line whose ``parts()`` splits a plain line without icalendar's scan."""

    __slots__ = ()

    def __new__(cls, value: str) -> _Line:
        line = str.__new__(cls, value)
        line.strict = False  # type: ignore[attr-defined]  # a slot of Contentline: False, as from_ical makes it
        return line

    def parts(self) -> tuple[str, Any, str]:
        plain = _PLAIN.match(self)
        if plain is None:
            return super().parts()
        params = Parameters()
        if plain[2]:
            for pair in plain[2][1:].split(";"):
                key, _, value = pair.partition("=")
                params[key] = value[1:-1] if value.startswith('"') else value
        value = self[plain.end():]
        return plain[1], params, unescape_backslash(value) if "\\" in value else value


def lines(data: bytes | str) -> list[Any]:
    """The content lines of ``data`` as ``Contentlines.from_ical(data)`` gives them, for icalendar's parser."""
    found: list[Any] = [_Line(line) for line in NEWLINE.split(UFOLD.sub("", to_unicode(data))) if line]
    found.append("")  # as icalendar ends them: '\r\n' at the end of every content line
    return found
