"""A zone's changes of UTC offset, read from its own TZif file and POSIX TZ rule.

A TZif file lists the zone's transitions and ends with a POSIX TZ string (``CET-1CEST,M3.5.0,M10.5.0/3``)
that gives its offsets after the last one. ``changes`` lists the instants the offset changes, for
wall times (``walls``) and for VTIMEZONE blocks (``calendar.vtimezone``) alike.
"""

from __future__ import annotations

import calendar
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path

from radical_social.event.zones import zone_info

FLOOR = 0
"""1970-01-01 in Unix seconds: the rule is never claimed for earlier instants."""
DAY = 86400
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
        shift = self.seconds // DAY
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
        to_dst = unix_seconds(self.dst_start.local(year), self.std_offset)
        to_std = unix_seconds(self.dst_end.local(year), self.dst_offset)
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



@cache
def zone_data(zone: str) -> tuple[list[int], Rule | None]:
    """The zone's transition times from its TZif file and its parsed POSIX rule (None if unparsed)."""
    transitions, footer = read_tzif(zone)
    return transitions, parse_posix(footer)


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


def agreement_start(zone: str, rule: Rule, transitions: list[int]) -> int:
    """The earliest instant (not before 1970) from which rule and zoneinfo agree for ever.

    Offsets are step functions, so they agree on an interval when they agree at its start and
    at every step of either; beyond the file's last transition zoneinfo follows the rule itself.
    """
    last = max([FLOOR, *transitions])
    years = range(1970, datetime.fromtimestamp(last, timezone.utc).year + 2)
    steps = {moment for year in years for moment, _ in rule.changes(year) if moment >= FLOOR}
    points = sorted(steps.union(moment for moment in transitions if moment >= FLOOR) | {FLOOR})
    for index in range(len(points) - 1, -1, -1):
        if rule.offset_at(points[index]) != offset_at(zone, points[index]):
            return points[index + 1]
    return FLOOR


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


def offset_at(zone: str, instant: int) -> int:
    """The zone's UTC offset at ``instant`` (Unix seconds), as zoneinfo gives it."""
    return _offset(datetime.fromtimestamp(instant, zone_info(zone)))


def _offset(moment: datetime) -> int:
    offset = moment.utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def wall_time(instant: int, offset: int) -> datetime:
    return datetime(1970, 1, 1) + timedelta(seconds=instant + offset)


def unix_seconds(local: datetime, offset: int) -> int:
    return int((local - datetime(1970, 1, 1)).total_seconds()) - offset


def _sunday_based(day: date) -> int:
    return (day.weekday() + 1) % 7


def _seconds(text: str) -> int:
    """``-3:30`` → -12600."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    return sign * sum(part * unit for part, unit in zip(parts, (3600, 60, 1)[:len(parts)], strict=True))
