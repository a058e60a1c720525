"""Which events are still to come at a moment, and when each of them next takes place.

An event is upcoming until it has ended (its ``effective_end``: an event that does not say when it
ends lasts ``DEFAULT_DURATION``); a recurring one while an occurrence of its rule, less its
exceptions, has yet to end. dateutil expands the rule, on the event's wall clock, as calendars do.
An all-day event with no ``timezone`` keeps the days of ``now``'s zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from itertools import chain
from typing import TYPE_CHECKING

from radical_social.errors import EventError, Problem
from radical_social.event.recurrence import with_last_start
from radical_social.event.values import shown

if TYPE_CHECKING:
    from radical_social.event.model import Event


@dataclass(frozen=True, slots=True)
class Upcoming:
    """An event still to come, and its next occurrence."""

    event: Event
    """The event as given: the feeds carry it whole, with its rule."""
    next: Event
    """``event`` at its next occurrence: itself, or for a recurring event a copy with the start and
    end of the first occurrence that has not ended."""
    at: datetime
    """When that occurrence starts, as an instant (midnight in the event's zone for an all-day event)."""


def upcoming(events: Iterable[Event], now: datetime) -> list[Upcoming]:
    """The events that have not ended at ``now`` (aware), by their next start, then title and UID."""
    if now.utcoffset() is None:
        raise ValueError("now must be time-zone-aware")
    found = [item for event in events if (item := next_occurrence(event, now)) is not None]
    return sorted(found, key=lambda item: (item.at, item.event.title, item.event.uid))


def next_occurrence(event: Event, now: datetime) -> Upcoming | None:
    """The event at its first occurrence that ends after ``now``, or None when all have ended."""
    zone = event.zone or now.tzinfo
    assert zone is not None
    length = _instant(event.end_exclusive, zone) - _instant(event.start, zone)
    if event.rrule is None:
        at = _instant(event.start, zone)
        return Upcoming(event, event, at) if at + length > now else None
    try:
        for start in _occurrences(event, zone, now - length):
            at = _instant(start, zone)
            if at + length > now:
                return Upcoming(event, _moved(event, start, zone), at)
    except ValueError as exc:  # dateutil's own limits (no leap second: BYSECOND=60)
        raise EventError([Problem("rrule", f"{shown(event.rrule)} of {shown(event.title)} cannot be expanded: "
                                           f"{exc}")]) from None
    return None


def as_of(event: Event, now: datetime) -> Event:
    """The event as a page shows it at ``now``: at its next occurrence (``next_occurrence``), or as it is
    once every occurrence has ended."""
    found = next_occurrence(event, now)
    return event if found is None else found.next


def skipped_ahead(event: Event, now: datetime) -> list[date]:
    """The days, in the event's zone, of the exceptions of a repeating event that have not ended at ``now``."""
    if event.rrule is None:
        return []
    zone = event.zone or now.tzinfo
    assert zone is not None
    length = _instant(event.end_exclusive, zone) - _instant(event.start, zone)
    return sorted(_wall(moment, zone).date() for moment in event.exdates if _instant(moment, zone) + length > now)


def _instant(moment: datetime | date, zone: tzinfo) -> datetime:
    """A start or end as an instant, in UTC: a date is its midnight in ``zone``."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(), tzinfo=zone)
    return moment.astimezone(timezone.utc)


def _occurrences(event: Event, zone: tzinfo, since: datetime) -> Iterator[datetime | date]:
    """The starts of the event's occurrences from about ``since`` on, skipping its exceptions, in the
    event's own terms: dates for an all-day event, aware wall-clock times in its zone otherwise."""
    from dateutil.rrule import rrulestr

    assert event.rrule is not None
    first = _wall(event.start, zone)
    skipped = {_wall(moment, zone) for moment in event.exdates}
    rule = rrulestr(_local_rule(event, zone), dtstart=first)
    begin = _wall(since, zone) - timedelta(days=1)  # a day early: clock changes shift wall times by hours
    walls: Iterable[datetime] = rule.xafter(begin, inc=True)
    if first >= begin:  # the start is an occurrence even where the rule would not make it one (RFC 5545)
        walls = chain([first], (wall for wall in walls if wall != first))
    for wall in walls:
        if wall in skipped:
            continue
        yield wall.date() if event.all_day else wall.replace(tzinfo=zone)


def _wall(moment: datetime | date, zone: tzinfo) -> datetime:
    """A moment on the wall clock of ``zone``, naive (a date at its midnight), as dateutil expands rules."""
    if isinstance(moment, datetime):
        return moment.astimezone(zone).replace(tzinfo=None) if moment.tzinfo else moment
    return datetime.combine(moment, time())


def _local_rule(event: Event, zone: tzinfo) -> str:
    """The rule with UNTIL on the wall clock (``last_start``), as dateutil wants it beside a naive start."""
    assert event.rrule is not None
    return with_last_start(event.rrule, event.zone, all_day=event.all_day,
                           written=lambda last: f"{_wall(last, zone):%Y%m%dT%H%M%S}" if isinstance(last, datetime)
                           else f"{last:%Y%m%d}")


def _moved(event: Event, start: datetime | date, zone: tzinfo) -> Event:
    """The event at another of its occurrences: the same length, on the same clock."""
    if start == event.start:
        return event
    if event.end is None:
        return replace(event, start=start)
    length = _instant(event.end, zone) - _instant(event.start, zone)
    if isinstance(start, datetime):
        return replace(event, start=start, end=(start.astimezone(timezone.utc) + length).astimezone(zone))
    return replace(event, start=start, end=start + length)
