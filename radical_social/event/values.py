"""What every check of a value shares: how a problem quotes the value, names the closest known one, and the
years an event may fall in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

FIRST_YEAR, LAST_YEAR = 1900, 2999


def type_name(value: object) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list",
             dict: "a mapping", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


SHOWN = 60
"""Characters of a value quoted in a problem: enough to recognise it, never the whole of a huge one."""


def shown(value: object) -> str:
    """A value as a problem quotes it: text and numbers cut to ``SHOWN`` characters, anything else by its
    type, so that a huge value (a YAML alias bomb, a number of 5,000 digits) never gets written out."""
    if isinstance(value, str):
        return repr(clipped(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "a number of more than 60 digits"
    if isinstance(value, (bool, int, float, Decimal, date)):
        text = value.isoformat() if isinstance(value, date) else str(value)
        return clipped(text)
    return type_name(value)


def clipped(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters, the last of them an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str) -> str:
    """Text on one line: each line break becomes a comma, runs of spaces one space."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return ", ".join(line for line in lines if line)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, case-insensitively, or None."""
    import difflib

    by_lower = {choice.lower(): choice for choice in choices}
    found = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[found[0]] if found else None


def unknown(what: str, name: object, known: Iterable[str]) -> str:
    """``unknown card layout 'spilt'; did you mean 'split'? (known: poster, band, split)``."""
    names = list(known)
    hint = suggest(name, names) if isinstance(name, str) else None
    return (f"unknown {what} {shown(name)}" + (f"; did you mean {hint!r}?" if hint else "")
            + f" (known: {', '.join(names)})")


def year_problem(moment: date) -> str | None:
    """Events to promote happen between FIRST_YEAR and LAST_YEAR; far outside, date arithmetic
    (a reminder before, ten years of recurrence after, a VTIMEZONE's look back) leaves the calendar."""
    if FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return f"the year {moment.year} is out of range ({FIRST_YEAR} to {LAST_YEAR})"
