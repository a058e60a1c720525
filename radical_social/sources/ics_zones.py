"""TZID values of an imported calendar → time zones: an IANA name when one fits, else the file's VTIMEZONE.

A TZID is tried as an IANA name, as a Windows name (CLDR's mapping, as shipped by icalendar), and as
a "globally unique" TZID with a vendor prefix (``/mozilla.org/20050126_1/Europe/Rome``). When the
calendar also defines the TZID in a VTIMEZONE, the IANA zone is used only if it gives the same UTC
offset at that wall time; otherwise, and for TZIDs no IANA name matches (``Customized Time Zone``),
the VTIMEZONE itself fixes the instant and the time keeps only its UTC offset.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any

from radical_social.event.values import shown
from radical_social.event.zones import zone_info


class ZoneNotFound(ValueError):
    """A TZID that is neither a known zone nor defined by the calendar."""


class Zones:
    """The time zones of one calendar: IANA names, and its own VTIMEZONE components by TZID."""

    def __init__(self, calendar: Any) -> None:
        self._defined = {str(part["TZID"]): part for part in calendar.walk("VTIMEZONE") if "TZID" in part}
        self._built: dict[str, tzinfo | None] = {}
        self._unusable: dict[str, str] = {}

    def localize(self, wall: datetime, tzid: str) -> tuple[datetime, str | None]:
        """The wall time placed in the zone ``tzid`` names, and that zone's IANA name (None: the file's own)."""
        name = iana_name(tzid)
        own = _offset(wall, self._own(tzid))
        if name is not None:
            zone = zone_info(name)
            if own is None or wall.replace(tzinfo=zone).utcoffset() == own:
                return wall.replace(tzinfo=zone), name
        if own is not None:
            return wall.replace(tzinfo=timezone(own)), None
        why = self._unusable.get(tzid, "the calendar has no usable VTIMEZONE for it")
        raise ZoneNotFound(f"unknown time zone {shown(tzid)}, and {why}")

    def _own(self, tzid: str) -> tzinfo | None:
        """The zone the calendar's VTIMEZONE for ``tzid`` defines, or None."""
        if tzid not in self._built:
            component = self._defined.get(tzid)
            unbounded = None if component is None else _unbounded(component)
            if unbounded:
                self._unusable[tzid] = f"its VTIMEZONE cannot be used: {unbounded}"
            self._built[tzid] = None if unbounded else _build(component)
        return self._built[tzid]


def iana_name(tzid: str) -> str | None:
    """The IANA name a TZID stands for: itself, its Windows name's zone, or its end after a vendor prefix."""
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    cleaned = tzid.strip().strip('"').strip("/")
    parts = cleaned.split("/")
    candidates = [cleaned, WINDOWS_TO_OLSON.get(cleaned)] + ["/".join(parts[index:]) for index in range(1, len(parts))]
    known = _known_zones()
    return next((name for name in candidates if name in known), None)


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


MAX_TRANSITIONS = 10_000
"""The most clock changes a VTIMEZONE may define: one a year for a thousand years is ample."""
_RULE_PARTS = frozenset(("BYMONTH", "BYMONTHDAY"))
"""The numeric parts a VTIMEZONE's rule may have, besides BYDAY: the ones real zones use."""
_LAST_YEAR = 2038
"""Where icalendar stops a rule with neither UNTIL nor COUNT."""


def _unbounded(component: Any) -> str | None:
    """Why expanding the VTIMEZONE could run away (a SECONDLY rule makes billions of changes), or None:
    each rule must be a yearly RFC 5545 rule, and the parts, their RDATEs and their rules together make
    at most MAX_TRANSITIONS clock changes."""
    from radical_social.event.recurrence import RuleError, parse_rule

    total = 0
    for part in component.subcomponents:
        rdates = part.get("RDATE", [])
        total += 1 + sum(len(getattr(rdate, "dts", ())) for rdate in (rdates if isinstance(rdates, list) else [rdates]))
        rule = part.get("RRULE")
        if rule is None:
            continue
        start = getattr(part.get("DTSTART"), "dt", None)
        if isinstance(rule, list) or not isinstance(start, date):
            return f"{part.name} has several RRULEs or no DTSTART"
        try:
            parsed = parse_rule(rule.to_ical().decode())
        except (RuleError, ValueError) as exc:
            return f"{part.name} has a bad RRULE ({exc})"
        if parsed.freq != "YEARLY" or not {name for name, _ in parsed.numbers} <= _RULE_PARTS:
            return f"{part.name} changes the clocks more often than yearly rules do"
        last = parsed.until.year if parsed.until is not None else _LAST_YEAR
        per_year = len(parsed.byday) * (1 if all(n is not None for n, _ in parsed.byday) else 53) or 1
        for _, values in parsed.numbers:
            per_year *= len(values)
        count = max(0, last - start.year + 1) // parsed.interval * per_year
        total += count if parsed.count is None else min(count, parsed.count)
    if total > MAX_TRANSITIONS:
        return f"it makes more than {MAX_TRANSITIONS:,} clock changes"
    return None


def _build(component: Any) -> tzinfo | None:
    if component is None:
        return None
    try:
        zone: tzinfo = component.to_tz(lookup_tzid=False)
    except Exception:  # a broken VTIMEZONE fails in many ways inside icalendar and dateutil
        return None
    return zone


def _offset(wall: datetime, zone: tzinfo | None) -> timedelta | None:
    """The UTC offset of ``zone`` at a wall time, or None when there is no zone or it cannot tell."""
    if zone is None:
        return None
    try:
        return wall.replace(tzinfo=zone).utcoffset()
    except Exception:  # a zone built from a broken VTIMEZONE
        return None
