"""Calendar invites (RFC 5545) that every calendar accepts, and the VEVENT writer feeds share.

The bytes are written by a small content-line writer (``lines``), about twenty times faster
than building icalendar objects, and stable enough for byte-for-byte golden tests.

Times: an event with an IANA ``timezone`` is written as local wall time with
``TZID=<IANA name>``, plus one VTIMEZONE per zone used, built from the zone's POSIX TZ rule as
one STANDARD and one DAYLIGHT sub-component with yearly RRULEs, so the event keeps its wall
time across clock changes and recurrences stay right in every future year (``vtimezone``).
Events with fixed UTC offsets (``timezone`` None) are written in UTC (``...Z``), and so is a
wall time that occurs twice (clients disagree on which of the two it means). All-day events use
``VALUE=DATE`` with the day after the last day as DTEND. See ``docs/explanation/time-zones.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from radical_social._version import __version__
from radical_social.calendar import lines as _ics
from radical_social.calendar.vtimezone import vtimezone
from radical_social.event.recurrence import with_last_start
from radical_social.event.walls import irregularity
from radical_social.text.templating import get_template, overrides, render_template

if TYPE_CHECKING:
    import jinja2

    from radical_social.event.model import Event, Organizer, Venue

DEFAULT_ALARM = timedelta(hours=1)
"""How long before a timed event its reminder fires."""
ALL_DAY_ALARM_HOUR = 9
"""All-day events remind at 09:00 local, on the day ``ceil(alarm / 1 day)`` days before."""
RECURRENCE_HORIZON = timedelta(days=3653)
"""How far ahead a VTIMEZONE must be right for a recurring event when the zone's rule cannot be used."""
METHODS = ("PUBLISH", "REQUEST", "REPLY", "ADD", "CANCEL", "REFRESH", "COUNTER", "DECLINECOUNTER")
"""The iTIP methods (RFC 5546)."""
PRODID = f"-//radical_social//radical_social {__version__}//EN"
DESCRIPTION_TEMPLATE = "invite/description.txt.j2"

CALENDAR_END = b"END:VCALENDAR\r\n"

Spans = dict[str, tuple[datetime, datetime]]
"""Per zone, the first and last instant the zone's VTIMEZONE must cover."""


@dataclass(frozen=True, slots=True)
class Attendee:
    """Someone invited by email: an iTIP ATTENDEE, with the person's name when known."""

    email: str
    name: str | None = None


def invite(event: Event, *, now: datetime | None = None, alarm: timedelta | None = DEFAULT_ALARM,
           method: str | None = "PUBLISH", templates: Path | None = None,
           attendees: Iterable[Attendee] = ()) -> bytes:
    """One event as an ``.ics`` invite: a VCALENDAR with the VTIMEZONE it needs and one VEVENT.

    ``now`` is the DTSTAMP (default: the current time); ``alarm`` how long before the start the
    reminder fires (None: no reminder); ``templates`` a folder overriding the DESCRIPTION template;
    ``attendees`` the ATTENDEE lines of an iTIP REQUEST or CANCEL (RFC 5546); ``method=None`` leaves
    METHOD out, as a calendar object stored on a CalDAV server must (RFC 4791, 4.1).
    """
    if method is not None and method.upper() not in METHODS:
        raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
    writer = VEventWriter(now, alarm, templates)
    spans: Spans = {}
    body = writer.vevent(event, spans, attendees)
    head = calendar_head([] if method is None else [f"METHOD:{method.upper()}"])
    return head + vtimezones(spans) + body + CALENDAR_END


class VEventWriter:
    """Writes VEVENTs with one DTSTAMP, alarm and DESCRIPTION template; shared by invite and feed."""

    def __init__(self, now: datetime | None, alarm: timedelta | None, templates: Path | None) -> None:
        if now is not None and now.utcoffset() is None:
            raise ValueError("now must be time-zone-aware")
        if alarm is not None and alarm < timedelta(0):
            raise ValueError(f"alarm must be a time before the start, not {alarm}")
        self.now = now or datetime.now(timezone.utc)
        self.alarm = alarm
        self.templates = templates
        self.stamp = f"DTSTAMP:{_ics.utc_value(self.now)}"
        self.triggers = None if alarm is None else (_trigger(alarm, all_day=False), _trigger(alarm, all_day=True))
        self.describe = _describer(templates)

    def __reduce__(self) -> tuple[type[VEventWriter], tuple[datetime, timedelta | None, Path | None]]:
        """Pickled as its settings, since a compiled template does not pickle: how it reaches worker processes."""
        return (VEventWriter, (self.now, self.alarm, self.templates))

    def vevent(self, event: Event, spans: Spans, attendees: Iterable[Attendee] = ()) -> bytes:
        """The VEVENT's bytes; the zone it uses is added to ``spans``."""
        if event.timezone and not event.all_day:
            _note_span(spans, event)
        lines = ["BEGIN:VEVENT", f"UID:{_ics.text(event.uid)}", self.stamp,
                 _moment("DTSTART", event.start, event), _moment("DTEND", event.end_exclusive, event)]
        if event.rrule:
            lines.append(f"RRULE:{_recurrence(event)}")
            lines += [_moment("EXDATE", moment, event) for moment in event.exdates]
        title = _ics.text(event.title)
        lines.append(f"SUMMARY:{title}")
        description = self.describe(event)
        if description:
            lines.append(f"DESCRIPTION:{_ics.text(description)}")
        lines += _place(event)
        lines += [_attendee_line(attendee) for attendee in attendees]
        lines += [f"STATUS:{event.status.upper()}", f"SEQUENCE:{event.sequence}"]
        if event.tags:
            lines.append(f"CATEGORIES:{_ics.texts(event.tags)}")
        lines.append("TRANSP:OPAQUE")
        if self.triggers is not None:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{title}",
                      self.triggers[event.all_day], "END:VALARM"]
        lines.append("END:VEVENT")
        return _ics.lines(lines)


def _place(event: Event) -> list[str]:
    """LOCATION, GEO, URL and ORGANIZER, as far as the event has them."""
    lines = [] if event.venue is None else list(_venue_lines(event.venue))
    if event.url:
        lines.append(f"URL:{_ics.uri(event.url)}")
    if event.organizer is not None and event.organizer.email:
        lines.append(_organizer_line(event.organizer))
    return lines


@lru_cache(maxsize=256)
def _venue_lines(venue: Venue) -> tuple[str, ...]:
    """LOCATION and GEO; cached, as the events of a feed share a few venues."""
    location = f"LOCATION:{_ics.text(venue.one_line)}"
    if venue.geo is None:
        return (location,)
    lat, lon = venue.geo
    return location, f"GEO:{_ics.number(lat)};{_ics.number(lon)}"


@lru_cache(maxsize=256)
def _organizer_line(organizer: Organizer) -> str:
    """ORGANIZER, which is a cal-address: only written when there is an email."""
    return f"ORGANIZER;CN={_ics.param(organizer.name)}:mailto:{_ics.uri(organizer.email or '')}"


def _attendee_line(attendee: Attendee) -> str:
    """ATTENDEE: a required participant asked to reply, named when the name is known."""
    name = f";CN={_ics.param(attendee.name)}" if attendee.name else ""
    return f"ATTENDEE{name};RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:{_ics.uri(attendee.email)}"


def _moment(name: str, value: datetime | date, event: Event) -> str:
    """DTSTART or DTEND: a date, a TZID wall time, or UTC (fixed offsets; a repeated wall time).

    A wall time that occurs twice, in the hour repeated when clocks go back, is written in UTC:
    RFC 5545 reads it as the first of the two, ical.js as the second. Recurring events keep the
    wall time all the same, since their later occurrences must keep it.
    """
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{_ics.date_value(value)}"
    if event.timezone:
        zone = event.zone
        local = value if value.tzinfo is zone else value.astimezone(zone)
        if event.rrule or irregularity(local) != "repeated":
            return f"{name};TZID={event.timezone}:{_ics.local_value(local)}"
    return f"{name}:{_ics.utc_value(value)}"


def _note_span(spans: Spans, event: Event) -> None:
    """Widen the span of the event's zone to cover it (ten years ahead when it recurs)."""
    end = event.effective_end
    assert isinstance(event.start, datetime) and isinstance(end, datetime) and event.timezone
    widen(spans, event.timezone, event.start, end + RECURRENCE_HORIZON if event.rrule else end)


def widen(spans: Spans, zone: str, first: datetime, last: datetime) -> None:
    """Make the span of ``zone`` in ``spans`` cover ``first`` to ``last``."""
    known = spans.get(zone)
    if known is None:
        spans[zone] = (first, last)
    elif first < known[0] or last > known[1]:
        spans[zone] = (min(known[0], first), max(known[1], last))


def vtimezones(spans: Spans) -> bytes:
    """One VTIMEZONE per zone of ``spans``, each covering its span, in the order of their names."""
    return b"".join(vtimezone(zone, first, last) for zone, (first, last) in sorted(spans.items()))


def _recurrence(event: Event) -> str:
    """The RRULE value, with UNTIL in the form RFC 5545 requires: a date, or a UTC time (``last_start``)."""
    assert event.rrule is not None
    return with_last_start(event.rrule, event.zone, all_day=event.all_day,
                           written=lambda last: _ics.utc_value(last) if isinstance(last, datetime)
                           else _ics.date_value(last))


def _trigger(alarm: timedelta, *, all_day: bool) -> str:
    if not all_day:
        return f"TRIGGER:{_ics.duration(-alarm)}"
    days_before = -(-alarm // timedelta(days=1))
    return f"TRIGGER:{_ics.duration(timedelta(hours=ALL_DAY_ALARM_HOUR, days=-days_before))}"


def calendar_head(extra: list[str]) -> bytes:
    """BEGIN:VCALENDAR and the properties every calendar we write starts with, then ``extra``."""
    return _ics.lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", *extra])


def _describer(templates: Path | None) -> Callable[[Event], str]:
    """What writes the DESCRIPTION: the user's own template, compiled (once per folder), or the built-in one."""
    if not overrides(templates, DESCRIPTION_TEMPLATE):
        return builtin_description
    template = _description_template(templates)
    return lambda event: render_template(template, {"event": event})


@lru_cache(maxsize=16)
def _description_template(templates: Path | None) -> jinja2.Template:
    return get_template(DESCRIPTION_TEMPLATE, templates=templates)


def builtin_description(event: Event) -> str:
    """The built-in ``invite/description.txt.j2``, written in Python: the event's own words, then the one link.

    Rendering it with jinja2 took a twentieth of a feed's time, and importing jinja2 a twentieth of
    the command's: ``bench/`` measured both. The tests render the template and compare the two on
    generated events, so they cannot drift apart; a folder of the user's that has its own template
    is rendered with jinja2, as every other template is.
    """
    separator = "\n\n" if event.description and event.url else ""
    return str(event.description) + separator + str(event.url or "")  # str(), as jinja2 writes a value
