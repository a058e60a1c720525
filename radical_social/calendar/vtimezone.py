"""VTIMEZONE blocks for IANA zones, built from the zone's own POSIX TZ rule (``event.zone_rules``).

The rule becomes one STANDARD and one DAYLIGHT sub-component with yearly RRULEs (a zone without
daylight time gets a single STANDARD): the shape Outlook and Apple write, right for every future year
and every recurrence, with no RDATE lists. The rule is used from the earliest instant since which it
agrees with zoneinfo at every change of either. Earlier events, and rules RRULE cannot express (a
change on "the day after the last Thursday"), get one sub-component per change of offset over the
dates they need (``transitions_block``). ``docs/explanation/time-zones.md`` tells why.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timezone
from functools import cache, lru_cache

from radical_social.calendar import lines as _ics
from radical_social.event.zone_rules import (
    DAY,
    FLOOR,
    Onset,
    agreement_start,
    changes,
    offset_at,
    unix_seconds,
    wall_time,
    zone_data,
)
from radical_social.event.zones import zone_info

_LOOKBACK = 400 * DAY
"""How far before an event to look for the change in force: over a year, so any yearly one."""


def vtimezone(zone: str, first: datetime, last: datetime) -> bytes:
    """The VTIMEZONE for ``zone``, right for every instant from ``first`` to ``last`` at least."""
    ruled = rule_block(zone)
    if ruled is not None and first.timestamp() >= ruled[0]:
        return ruled[1]
    day_before = int(first.timestamp()) // DAY * DAY - DAY
    return transitions_block(zone, day_before, int(last.timestamp()) + DAY)


@cache
def rule_block(zone: str) -> tuple[int, bytes] | None:
    """``(usable from, in Unix seconds; block)`` from the zone's POSIX rule, or None."""
    transitions, rule = zone_data(zone)
    if rule is None:
        return None
    valid_from = agreement_start(zone, rule, transitions)
    if rule.dst_start is None or rule.dst_end is None:
        before = offset_at(zone, valid_from - 1) if valid_from > FLOOR else rule.std_offset
        standard = _part("STANDARD", rule.std_name, before, rule.std_offset, wall_time(valid_from, before))
        return valid_from, _block(zone, [standard])
    parts, onsets = [], []
    for onset, name, before, after in ((rule.dst_start, rule.dst_name, rule.std_offset, rule.dst_offset),
                                       (rule.dst_end, rule.std_name, rule.dst_offset, rule.std_offset)):
        recur = onset.rrule()
        if recur is None:
            return None
        first = _first_onset(onset, before, valid_from)
        onsets.append(first)
        kind = "DAYLIGHT" if after > before else "STANDARD"
        parts.append(_part(kind, name or "", before, after, wall_time(first, before), recur))
    return min(onsets), _block(zone, sorted(parts, key=lambda part: "DAYLIGHT" in part[0]))


@lru_cache(maxsize=256)
def transitions_block(zone: str, first: int, last: int) -> bytes:
    """A VTIMEZONE listing the zone's observances from ``first`` to ``last`` (Unix seconds).

    One sub-component per change of offset, each with its own DTSTART (no RRULE, no RDATE),
    starting with the observance in force at ``first``.
    """
    moments = changes(zone, first - _LOOKBACK, last)
    in_force = bisect.bisect_right(moments, first) - 1
    if in_force < 0:
        offset = offset_at(zone, first)
        name = datetime.fromtimestamp(first, zone_info(zone)).tzname() or ""
        return _block(zone, [_part("STANDARD", name, offset, offset, wall_time(first, offset))])
    parts = [_observance(zone, change) for change in moments[in_force:]]
    if all(part[0] == "BEGIN:DAYLIGHT" for part in parts):
        # Every change moved the clocks forward (Samoa in 2011: -11 → -10 → +14). RFC 5545 allows that, but
        # dateutil (under vobject and icalendar) fails on a VTIMEZONE without a STANDARD: the observance in
        # force first is written as one.
        parts[0] = tuple(line.replace("DAYLIGHT", "STANDARD") if line in ("BEGIN:DAYLIGHT", "END:DAYLIGHT")
                         else line for line in parts[0])
    return _block(zone, parts)


def _observance(zone: str, change: int) -> tuple[str, ...]:
    """The sub-component of the observance that begins at ``change`` (Unix seconds).

    A change to a greater offset begins a DAYLIGHT, any other a STANDARD, whatever tzdata calls
    them: dateutil (under vobject and icalendar) converts times wrongly next to the changes of a
    "daylight" time that is behind standard time, as Morocco's is in tzdata.
    """
    before, after = offset_at(zone, change - 1), offset_at(zone, change)
    name = datetime.fromtimestamp(change, zone_info(zone)).tzname() or ""
    return _part("DAYLIGHT" if after > before else "STANDARD", name, before, after, wall_time(change, before))


def _first_onset(onset: Onset, before: int, since: int) -> int:
    year = datetime.fromtimestamp(since, timezone.utc).year - 1
    while (moment := unix_seconds(onset.local(year), before)) < since:
        year += 1
    return moment


def _part(kind: str, name: str, before: int, after: int, start: datetime,
          recur: str | None = None) -> tuple[str, ...]:
    lines = (f"BEGIN:{kind}", f"TZOFFSETFROM:{_ics.utc_offset(before)}", f"TZOFFSETTO:{_ics.utc_offset(after)}",
             f"TZNAME:{_ics.text(name)}", f"DTSTART:{_ics.local_value(start)}")
    return (*lines, *([f"RRULE:{recur}"] if recur else []), f"END:{kind}")


def _block(zone: str, parts: list[tuple[str, ...]]) -> bytes:
    return _ics.lines(["BEGIN:VTIMEZONE", f"TZID:{zone}", *(line for part in parts for line in part),
                       "END:VTIMEZONE"])
