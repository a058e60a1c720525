"""VTIMEZONE blocks for IANA zones, built from the zone's own POSIX TZ rule.

A TZif file ends with a POSIX TZ string (``CET-1CEST,M3.5.0,M10.5.0/3``) that gives the zone's
offsets for every instant after its last listed transition. It becomes one STANDARD and one
DAYLIGHT sub-component with yearly RRULEs (a zone without daylight time gets a single STANDARD):
the shape Outlook and Apple write, right for every future year and every recurrence, with no
RDATE lists. The rule is used from the earliest instant since which it agrees with zoneinfo at
every change of either. Earlier events, and rules RRULE cannot express (a change on "the day
after the last Thursday"), get one sub-component per change of offset over the dates they need
(``transitions_block``). ``docs/explanation/time-zones.md`` tells why.
"""

from __future__ import annotations

import bisect
import calendar
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache, lru_cache
from pathlib import Path

from radical_social import _ics
from radical_social._zones import zone_info

_FLOOR = 0
"""1970-01-01 in Unix seconds: the rule is never claimed for earlier instants."""
_DAY = 86400
_LOOKBACK = 400 * _DAY
"""How far before an event to look for the change in force: over a year, so any yearly one."""
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts from Sunday = 0
_SHORTEST_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"([+-]?\d{1,3}(?::\d{1,2}){0,2})"
_ONSET = rf"M(\d{{1,2}})\.([1-5])\.([0-6])(?:/{_OFFSET})?"
_POSIX = re.compile(rf"{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?,{_ONSET},{_ONSET})?")


@dataclass(frozen=True)
class Onset:
    """``Mm.w.d/time``: weekday ``d`` of week ``w`` (5 = last) of month ``m``, ``seconds`` after midnight."""

    month: int
    week: int
    weekday: int
    seconds: int

    def local(self, year: int) -> datetime:
        """The wall-clock time of the change in ``year``, in the offset in force before it."""
        if self.week == 5:
            last = date(year, self.month, calendar.monthrange(year, self.month)[1])
            day = last - timedelta(days=(_sunday_based(last) - self.weekday) % 7)
        else:
            first = date(year, self.month, 1)
            day = first + timedelta(days=(self.weekday - _sunday_based(first)) % 7 + 7 * (self.week - 1))
        return datetime.combine(day, time()) + timedelta(seconds=self.seconds)

    def rrule(self) -> str | None:
        """The yearly RRULE of the change, or None when a day shift leaves the month."""
        shift = self.seconds // _DAY
        weekday = _WEEKDAYS[(self.weekday + shift) % 7]
        head = f"FREQ=YEARLY;BYMONTH={self.month};BYDAY="
        if shift == 0:
            return head + ("-1" if self.week == 5 else str(self.week)) + weekday
        length = _SHORTEST_MONTH[self.month - 1]
        first = (length - 6 if self.week == 5 else 7 * self.week - 6) + shift
        if (self.week == 5 and self.month == 2) or first < 1 or first + 6 > length:
            return None
        return head + weekday + ";BYMONTHDAY=" + ",".join(str(day) for day in range(first, first + 7))


@dataclass(frozen=True)
class Rule:
    """A parsed POSIX TZ string; offsets in seconds east of UTC."""

    std_name: str
    std_offset: int
    dst_name: str | None = None
    dst_offset: int = 0
    dst_start: Onset | None = None
    dst_end: Onset | None = None

    def changes(self, year: int) -> list[tuple[int, int]]:
        """``(unix seconds, offset after)`` of the year's changes, in order."""
        if self.dst_start is None or self.dst_end is None:
            return []
        to_dst = _unix(self.dst_start.local(year), self.std_offset)
        to_std = _unix(self.dst_end.local(year), self.dst_offset)
        return sorted([(to_dst, self.dst_offset), (to_std, self.std_offset)])

    def offset_at(self, instant: int) -> int:
        """The UTC offset the rule gives at ``instant`` (Unix seconds)."""
        year = datetime.fromtimestamp(instant, timezone.utc).year
        changes = [change for y in (year - 1, year, year + 1) for change in self.changes(y)]
        before = [offset for moment, offset in changes if moment <= instant]
        return before[-1] if before else self.std_offset


def parse_posix(text: str) -> Rule | None:
    """The rule of a POSIX TZ string with ``M`` dates, or None for any other form."""
    match = _POSIX.fullmatch(text)
    if not match:
        return None
    std_name, std, dst_name, dst, *onsets = match.groups()
    std_offset = -_seconds(std)
    if dst_name is None:
        return Rule(std_name.strip("<>"), std_offset)
    dst_offset = -_seconds(dst) if dst else std_offset + 3600
    return Rule(std_name.strip("<>"), std_offset, dst_name.strip("<>"), dst_offset,
                _onset(*onsets[:4]), _onset(*onsets[4:]))


def _onset(month: str, week: str, weekday: str, clock: str | None) -> Onset:
    return Onset(int(month), int(week), int(weekday), _seconds(clock) if clock else 7200)


def vtimezone(zone: str, first: datetime, last: datetime) -> bytes:
    """The VTIMEZONE for ``zone``, right for every instant from ``first`` to ``last`` at least."""
    ruled = rule_block(zone)
    if ruled is not None and first.timestamp() >= ruled[0]:
        return ruled[1]
    day_before = int(first.timestamp()) // _DAY * _DAY - _DAY
    return transitions_block(zone, day_before, int(last.timestamp()) + _DAY)


@cache
def zone_data(zone: str) -> tuple[list[int], Rule | None]:
    """The zone's transition times from its TZif file and its parsed POSIX rule (None if unparsed)."""
    transitions, footer = read_tzif(zone)
    return transitions, parse_posix(footer)


@cache
def rule_block(zone: str) -> tuple[int, bytes] | None:
    """``(usable from, in Unix seconds; block)`` from the zone's POSIX rule, or None."""
    transitions, rule = zone_data(zone)
    if rule is None:
        return None
    valid_from = _agreement_start(zone, rule, transitions)
    if rule.dst_start is None or rule.dst_end is None:
        before = offset_at(zone, valid_from - 1) if valid_from > _FLOOR else rule.std_offset
        standard = _part("STANDARD", rule.std_name, before, rule.std_offset, _wall(valid_from, before))
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
        parts.append(_part(kind, name or "", before, after, _wall(first, before), recur))
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
        return _block(zone, [_part("STANDARD", name, offset, offset, _wall(first, offset))])
    return _block(zone, [_observance(zone, change) for change in moments[in_force:]])


def read_tzif(zone: str) -> tuple[list[int], str]:
    """The transition times (Unix seconds) and POSIX footer of the zone's TZif file (v2+)."""
    data = _tzif_bytes(zone)
    isut, isstd, leap, count, types, chars = struct.unpack(">6l", data[20:44])
    body = 44 + count * 5 + types * 6 + chars + leap * 8 + isstd + isut + 44  # after the 32-bit block
    count = struct.unpack(">l", data[body - 12:body - 8])[0]
    transitions = list(struct.unpack(f">{count}q", data[body:body + count * 8]))
    return transitions, data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def _tzif_bytes(zone: str) -> bytes:
    """The file zoneinfo itself reads: the first on TZPATH, else the tzdata package's."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder, zone)
        if path.is_file():
            return path.read_bytes()
    from importlib import resources  # on first use: it costs more to import than the rest of this module

    return resources.files("tzdata.zoneinfo").joinpath(*zone.split("/")).read_bytes()


def _agreement_start(zone: str, rule: Rule, transitions: list[int]) -> int:
    """The earliest instant (not before 1970) from which rule and zoneinfo agree for ever.

    Offsets are step functions, so they agree on an interval when they agree at its start and
    at every step of either; beyond the file's last transition zoneinfo follows the rule itself.
    """
    last = max([_FLOOR, *transitions])
    years = range(1970, datetime.fromtimestamp(last, timezone.utc).year + 2)
    steps = {moment for year in years for moment, _ in rule.changes(year) if moment >= _FLOOR}
    points = sorted(steps.union(moment for moment in transitions if moment >= _FLOOR) | {_FLOOR})
    for index in range(len(points) - 1, -1, -1):
        if rule.offset_at(points[index]) != offset_at(zone, points[index]):
            return points[index + 1]
    return _FLOOR


def changes(zone: str, first: int, last: int) -> list[int]:
    """The instants in ``(first, last]`` at which the zone's UTC offset changes.

    Every change is a transition of the file or, after its last one, a change of its rule.
    """
    transitions, rule = zone_data(zone)
    candidates = {moment for moment in transitions if first < moment <= last}
    if rule is not None:
        years = range(datetime.fromtimestamp(first, timezone.utc).year,
                      datetime.fromtimestamp(last, timezone.utc).year + 1)
        candidates.update(moment for year in years for moment, _ in rule.changes(year) if first < moment <= last)
    return sorted(moment for moment in candidates
                  if offset_at(zone, moment - 1) != offset_at(zone, moment))


def _observance(zone: str, change: int) -> tuple[str, ...]:
    """The sub-component of the observance that begins at ``change`` (Unix seconds).

    A change to a greater offset begins a DAYLIGHT, any other a STANDARD, whatever tzdata calls
    them: dateutil (under vobject and icalendar) converts times wrongly next to the changes of a
    "daylight" time that is behind standard time, as Morocco's is in tzdata.
    """
    before, after = offset_at(zone, change - 1), offset_at(zone, change)
    name = datetime.fromtimestamp(change, zone_info(zone)).tzname() or ""
    return _part("DAYLIGHT" if after > before else "STANDARD", name, before, after, _wall(change, before))


def _first_onset(onset: Onset, before: int, since: int) -> int:
    year = datetime.fromtimestamp(since, timezone.utc).year - 1
    while (moment := _unix(onset.local(year), before)) < since:
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


def offset_at(zone: str, instant: int) -> int:
    """The zone's UTC offset at ``instant`` (Unix seconds), as zoneinfo gives it."""
    return _offset(datetime.fromtimestamp(instant, zone_info(zone)))


def _offset(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def _wall(instant: int, offset: int) -> datetime:
    return datetime(1970, 1, 1) + timedelta(seconds=instant + offset)


def _unix(local: datetime, offset: int) -> int:
    return int((local - datetime(1970, 1, 1)).total_seconds()) - offset


def _sunday_based(day: date) -> int:
    return (day.weekday() + 1) % 7


def _seconds(text: str) -> int:
    """``-3:30`` → -12600."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    return sign * sum(part * unit for part, unit in zip(parts, (3600, 60, 1)[:len(parts)], strict=True))
