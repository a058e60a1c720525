"""Wall-clock times that a clock change skips or repeats.

The plain test reads a wall time both ways (``fold`` 0 and 1) and compares the two UTC offsets,
which costs zoneinfo a walk through its rules each time: the largest single cost of validating
and writing a feed. For an IANA zone, the wall times each change skips or repeats in a year are
listed once, from the zone's own changes (``zone_rules.changes``, checked against zoneinfo), and
a time is looked up there by bisection. Other time zones take the plain test.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal, TypeGuard

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

Irregular = Literal["skipped", "repeated"]

_EPOCH = datetime(1970, 1, 1)
_MARGIN = 2 * 86400
"""Seconds looked beyond each end of a year: a change near New Year moves wall times of the next year."""
_EARLIEST, _LATEST = (int((moment - _EPOCH).total_seconds()) for moment in (datetime(1, 1, 3), datetime(9999, 12, 29)))
"""Instants whose wall time every zone can show, so years 1 and 9999 can be looked at too."""


def irregularity(moment: datetime) -> Irregular | None:
    """``"skipped"`` for a wall time the clocks jump over, ``"repeated"`` for one they go through twice."""
    zone = moment.tzinfo
    try:
        year = _years.get((zone, moment.year))
    except TypeError:  # an unhashable tzinfo, such as dateutil's
        year = None
    if year is None and _is_iana(zone):
        year = _year(zone, moment.year)
    if year is not None:
        starts, ends, kinds = year
        # Aware datetimes with the very same tzinfo compare as wall times, as needed here.
        index = bisect_right(starts, moment) - 1
        return kinds[index] if index >= 0 and moment < ends[index] else None
    # PEP 495: fold 0 reads a skipped or repeated wall time with the offset before the change,
    # fold 1 with the one after; clocks going forward skip, going back repeat.
    before, after = moment.replace(fold=0).utcoffset(), moment.replace(fold=1).utcoffset()
    if before is None or after is None or before == after:
        return None
    return "skipped" if before < after else "repeated"


def _is_iana(zone: tzinfo | None) -> TypeGuard[ZoneInfo]:
    # Any ZoneInfo was made by an imported zoneinfo; not importing it here keeps this module light.
    zoneinfo = sys.modules.get("zoneinfo")
    return zoneinfo is not None and isinstance(zone, zoneinfo.ZoneInfo) and zone.key is not None


_Year = tuple[list[datetime], list[datetime], list[Irregular]]
_years: dict[tuple[tzinfo | None, int], _Year] = {}
"""The years of IANA zones looked at so far (a plain dict: a third of the cost of an lru_cache's call)."""
_MOST_YEARS = 1024


def _year(zone: ZoneInfo, year: int) -> _Year:
    """The wall-time intervals ``[start, end)`` the zone's changes skip or repeat around ``year``, in order."""
    from radical_social.event.zone_rules import changes, offset_at

    key = zone.key
    first = max(_EARLIEST, int((datetime(year, 1, 1) - _EPOCH).total_seconds()) - _MARGIN)
    last = min(_LATEST, int((datetime(year, 12, 31) - _EPOCH).total_seconds()) + 86400 + _MARGIN)
    starts: list[datetime] = []
    ends: list[datetime] = []
    kinds: list[Irregular] = []
    for change in changes(key, first, last):
        before, after = offset_at(key, change - 1), offset_at(key, change)
        starts.append(_wall(change + min(before, after), zone))
        ends.append(_wall(change + max(before, after), zone))
        kinds.append("skipped" if after > before else "repeated")
    if len(_years) >= _MOST_YEARS:
        _years.clear()
    _years[zone, year] = (starts, ends, kinds)
    return starts, ends, kinds


def _wall(instant: int, zone: ZoneInfo) -> datetime:
    return (_EPOCH + timedelta(seconds=instant)).replace(tzinfo=zone)
