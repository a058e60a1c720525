"""The one reader of recurrence rules (RFC 5545, 3.3.10 RECUR), for event files and imported calendars alike.

``parse_rule`` checks every part against the grammar and the rule's own constraints (INTERVAL and
COUNT at least 1, real UNTIL dates, BYxxx values in range, parts only where the frequency allows
them) and gives the parts typed, or raises ``RuleError`` saying what is wrong. A rule it accepts
can be expanded by dateutil, vobject and calendar servers without looping or failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

from radical_social.event.values import shown, year_problem

if TYPE_CHECKING:
    from collections.abc import Callable

FREQUENCIES = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""Weekday codes, in the order of ``date.weekday()``."""
MAX_NUMBER = 2**31 - 1
"""The largest COUNT or INTERVAL: an RFC 5545 INTEGER."""

_NUMBERED = {  # name: (the largest value, whether it may be negative)
    "BYSECOND": (60, False), "BYMINUTE": (59, False), "BYHOUR": (23, False), "BYMONTHDAY": (31, True),
    "BYYEARDAY": (366, True), "BYWEEKNO": (53, True), "BYMONTH": (12, False), "BYSETPOS": (366, True),
}
_NAMES = frozenset(("FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_NUMBERED))
_PART = re.compile(r"([A-Z]+)=(.*)", re.DOTALL)
_DIGITS = re.compile(r"[0-9]{1,10}")
_SIGNED = re.compile(r"([+-]?)([0-9]{1,3})")
_WEEKDAY_NUM = re.compile(r"(?:([+-]?)([0-9]{1,2}))?([A-Z]{2})")
_UNTIL = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T([0-9]{2})([0-9]{2})([0-9]{2})(Z?))?")


class RuleError(ValueError):
    """A recurrence rule that is not RFC 5545's; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A checked rule's parts. ``until`` is a date, a local (naive) date-time or a UTC one;
    ``byday`` pairs each weekday (0 Monday) with its position (None: every one)."""

    freq: str
    interval: int = 1
    count: int | None = None
    until: date | None = None
    byday: tuple[tuple[int | None, int], ...] = ()
    numbers: tuple[tuple[str, tuple[int, ...]], ...] = ()
    """The numeric BYxxx parts given (BYMONTHDAY, BYSETPOS…), in the rule's order."""
    wkst: int | None = None

    def by(self, name: str) -> tuple[int, ...]:
        """The values of a numeric BYxxx part; () when it is not given."""
        return dict(self.numbers).get(name, ())


@lru_cache(maxsize=1024)
def parse_rule(text: str) -> Rule:
    """The parts of an RRULE value (``FREQ=WEEKLY;BYDAY=TU``; a leading ``RRULE:`` is allowed)."""
    given: dict[str, str] = {}
    for chunk in text.removeprefix("RRULE:").split(";"):
        match = _PART.fullmatch(chunk)
        if not match or match.group(1) not in _NAMES:
            raise RuleError(f"{shown(chunk)} is not part of an RFC 5545 recurrence rule (e.g. FREQ=WEEKLY;BYDAY=TU)")
        name, value = match.groups()
        if name in given:
            raise RuleError(f"{name} appears twice")
        if not value:
            raise RuleError(f"{name} has no value")
        given[name] = value
    freq = given.get("FREQ")
    if freq not in FREQUENCIES:
        raise RuleError("needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY (or another RFC 5545 frequency)"
                        + (f", not {shown(freq)}" if freq else ""))
    if "COUNT" in given and "UNTIL" in given:
        raise RuleError("COUNT and UNTIL exclude each other; keep one")
    numbers = tuple((name, _numbers(name, value)) for name, value in given.items() if name in _NUMBERED)
    rule = Rule(
        freq=freq,
        interval=_positive("INTERVAL", given.get("INTERVAL", "1")),
        count=_positive("COUNT", given["COUNT"]) if "COUNT" in given else None,
        until=_until(given["UNTIL"]) if "UNTIL" in given else None,
        byday=tuple(_weekday_num(item) for item in given["BYDAY"].split(",")) if "BYDAY" in given else (),
        numbers=numbers,
        wkst=_weekday("WKST", given["WKST"]) if "WKST" in given else None,
    )
    _check_combination(rule, given)
    return rule


def with_last_start(rrule: str, zone: tzinfo | None, *, all_day: bool, written: Callable[[date], str]) -> str:
    """The rule ``rrule`` (``RRULE:`` or not; checked by ``parse_rule``) without its prefix, its UNTIL, if it
    has one, replaced by ``written(last_start(…))``: the form a reader of the rule wants."""
    text = rrule.removeprefix("RRULE:")
    until = parse_rule(text).until
    return text if until is None else with_until(text, written(last_start(until, zone, all_day=all_day)))


def last_start(until: date, zone: tzinfo | None, *, all_day: bool) -> date:
    """The latest start an UNTIL allows, on the clock of the event (``zone``, its ``Event.zone``): a date for
    an all-day event (a UTC time's date on that clock, if it keeps one); otherwise a time, where a date means
    its last second and a time without a zone is on the event's clock."""
    if all_day:
        if isinstance(until, datetime):
            return until.astimezone(zone).date() if until.tzinfo and zone else until.date()
        return until
    moment = until if isinstance(until, datetime) else datetime.combine(until, time(23, 59, 59))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def with_until(text: str, until: str) -> str:
    """The rule ``text`` (checked by ``parse_rule``) with ``until`` as its UNTIL value, the rest as written."""
    return ";".join(f"UNTIL={until}" if part.startswith("UNTIL=") else part for part in text.split(";"))


def _positive(name: str, value: str) -> int:
    if not _DIGITS.fullmatch(value) or not 1 <= int(value) <= MAX_NUMBER:
        raise RuleError(f"{name}={shown(value)}: {name} must be a whole number from 1 to {MAX_NUMBER}")
    return int(value)


def _numbers(name: str, value: str) -> tuple[int, ...]:
    largest, signed = _NUMBERED[name]
    found = []
    for item in value.split(","):
        match = _SIGNED.fullmatch(item)
        number = int(match.group(2)) if match else -1
        low = 1 if signed or name == "BYMONTH" else 0
        if not match or (match.group(1) and not signed) or not low <= number <= largest:
            span = f"±{low} to ±{largest}" if signed else f"{low} to {largest}"
            raise RuleError(f"{name}={shown(value)}: each value must be a whole number from {span}")
        found.append(-number if match.group(1) == "-" else number)
    return tuple(found)


def _weekday(name: str, value: str) -> int:
    if value not in WEEKDAYS:
        raise RuleError(f"{name}={shown(value)}: a weekday is one of {', '.join(WEEKDAYS)}")
    return WEEKDAYS.index(value)


def _weekday_num(item: str) -> tuple[int | None, int]:
    match = _WEEKDAY_NUM.fullmatch(item)
    if not match or match.group(3) not in WEEKDAYS or (match.group(2) and not 1 <= int(match.group(2)) <= 53):
        raise RuleError(f"BYDAY: {shown(item)} is not a weekday (MO, TU, WE, TH, FR, SA, SU), "
                        "optionally after a position from ±1 to ±53 (1SA, -1FR)")
    sign, position, day = match.groups()
    number = None if position is None else (-int(position) if sign == "-" else int(position))
    return number, WEEKDAYS.index(day)


def _until(value: str) -> date:
    match = _UNTIL.fullmatch(value)
    if not match:
        raise RuleError(f"UNTIL={shown(value)}: UNTIL is a date like 20270630 or a UTC time like 20270630T220000Z")
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:
            moment: date = date(int(year), int(month), int(day))
        else:
            moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                              tzinfo=timezone.utc if utc else None)
    except ValueError as exc:
        raise RuleError(f"UNTIL={value}: not a real date or time ({exc})") from None
    problem = year_problem(moment)
    if problem:
        raise RuleError(f"UNTIL={value}: {problem}")
    return moment


def _check_combination(rule: Rule, given: dict[str, str]) -> None:
    """The constraints RFC 5545 puts on which parts go with which frequency."""
    freq = rule.freq
    if "BYSETPOS" in given and not any(name.startswith("BY") and name != "BYSETPOS" for name in given):
        raise RuleError("BYSETPOS picks among the occurrences another BYxxx part makes; give one")
    if "BYWEEKNO" in given and freq != "YEARLY":
        raise RuleError("BYWEEKNO goes only with FREQ=YEARLY")
    if "BYYEARDAY" in given and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        raise RuleError(f"BYYEARDAY does not go with FREQ={freq}")
    if "BYMONTHDAY" in given and freq == "WEEKLY":
        raise RuleError("BYMONTHDAY does not go with FREQ=WEEKLY")
    if any(position is not None for position, _ in rule.byday):
        if freq not in ("MONTHLY", "YEARLY"):
            raise RuleError(f"a numbered BYDAY (1SA, -1FR) goes only with FREQ=MONTHLY or YEARLY, not {freq}")
        if freq == "YEARLY" and "BYWEEKNO" in given:
            raise RuleError("a numbered BYDAY does not go with BYWEEKNO")
