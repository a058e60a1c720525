"""What every check of a value shares: how a problem quotes the value, and the years an event may fall in."""

from __future__ import annotations

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
        return repr(value if len(value) <= SHOWN else value[: SHOWN - 1] + "…")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "a number of more than 60 digits"
    if isinstance(value, (bool, int, float, Decimal, date)):
        text = value.isoformat() if isinstance(value, date) else str(value)
        return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
    return type_name(value)


def year_problem(moment: date) -> str | None:
    """Events to promote happen between FIRST_YEAR and LAST_YEAR; far outside, date arithmetic
    (a reminder before, ten years of recurrence after, a VTIMEZONE's look back) leaves the calendar."""
    if FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return f"the year {moment.year} is out of range ({FIRST_YEAR} to {LAST_YEAR})"
