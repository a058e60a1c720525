"""The VEVENTs of a calendar file → event-file mappings, each checked by ``Event.from_mapping``.

Reading is lenient where nothing is lost (a one-day event whose DTEND equals its DTSTART, an organizer
address that is not an email) and refuses what cannot be kept faithfully (RDATE, a TZID nobody
defines, a floating time with no X-WR-TIMEZONE), naming the VEVENT and the field.

A RECURRENCE-ID override is folded in: its occurrence becomes an ``exdate`` of its series, and unless
it is cancelled the override is imported as an event of its own, its UID suffixed with the occurrence.
"""

from __future__ import annotations

import gc
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Literal

from radical_social.errors import EventError, Problem
from radical_social.event import checks as _checks
from radical_social.event import values as _values
from radical_social.event import zones as _zones
from radical_social.event.model import Event
from radical_social.event.values import clipped, one_line
from radical_social.sources.ics_zones import ZoneNotFound, Zones, iana_name

if TYPE_CHECKING:
    from radical_social.sources.ics_chunks import Chunk
    from radical_social.sources.yaml_writing import EventText

FIELDS = {
    "SUMMARY": "title", "DESCRIPTION": "description", "DTSTART": "start", "DTEND": "end", "DURATION": "end",
    "URL": "url", "LOCATION": "venue", "GEO": "venue", "X-APPLE-STRUCTURED-LOCATION": "venue",
    "ORGANIZER": "organizer", "CATEGORIES": "tags", "UID": "uid", "SEQUENCE": "sequence", "STATUS": "status",
    "RRULE": "rrule", "RDATE": "rrule", "EXDATE": "exdate", "RECURRENCE-ID": "uid",
}
"""The properties imported, and the event-file key whose problems they are."""

ORDER = ("title", "start", "end", "all_day", "timezone", "venue", "organizer", "url", "tags", "status", "rrule",
         "exdate", "uid", "sequence", "description")
"""The keys of an imported event, in the order its file lists them (short ones first)."""

_GEO_URI = re.compile(r"geo:\s*([-+]?\d+(?:\.\d+)?)\s*,\s*([-+]?\d+(?:\.\d+)?)", re.IGNORECASE)
_MESSAGE_LIMIT = 200
_LONGEST = timedelta(days=3660)
"""The longest DURATION read: ten years (an event's end may not pass the year 2999 anyway)."""


@dataclass
class Imported:
    """One VEVENT: where it is, its mapping, its RECURRENCE-ID, the problems found reading it and those
    found checking its mapping (``Event.from_mapping``, UIDs), its UID as checked across the calendar,
    and, once valid, its event (or, from a worker not asked to keep events, its mapping alone or also its
    part of the event file)."""

    where: str
    mapping: dict[str, Any]
    recurrence: datetime | date | None = None
    problems: list[Problem] = field(default_factory=list)
    checked: list[Problem] = field(default_factory=list)
    event: Event | None = None
    uid: str | None = None
    text: EventText | None = None

    def written(self) -> EventText:
        """Its part of the event file, as ``write_event_file`` writes its mapping."""
        if self.text is None:
            self.text = _event_text(self.mapping)
        return self.text


Keep = Literal["events", "mappings", "texts"]
"""What workers send back of a valid VEVENT besides its mapping (``import_calendar``)."""

CHUNKED_FROM = 2_000
"""The VEVENTs from which a calendar is read in chunks on several processes (``jobs``): below, starting
the processes costs more than they save."""
CHUNK = 500
"""VEVENTs per chunk."""


def import_calendar(data: bytes, source: str, jobs: int | None = 1,
                    keep: Keep = "events") -> tuple[list[Imported], list[Problem]]:
    """The VEVENTs of ``data`` that import, and the problems of the file and of the other VEVENTs.

    A large calendar is read in chunks of whole VEVENTs on up to ``jobs`` processes (None: one per
    CPU); overrides and UIDs are then checked across the whole calendar, so the result is the same.
    ``keep`` says what the workers send back of each valid VEVENT besides its mapping: its event, nothing
    more (``mappings``), or its part of the event file (``texts``; ``Imported.written`` writes the others').
    Unless ``events``, the ``event`` of what a worker read is None: an event costs more to send than to
    leave out.
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more, or None for one per CPU; got {jobs}")
    with collector_paused():
        return _import(data, source, jobs, keep)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, then as it was: reading a calendar makes millions of objects that
    stay alive until it is read, and the collector would walk them over and over (an eighth of the time);
    the few cycles left behind are collected afterwards as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(data: bytes, source: str, jobs: int | None, keep: Keep) -> tuple[list[Imported], list[Problem]]:
    large = jobs != 1 and data.count(b"BEGIN:VEVENT") >= CHUNKED_FROM
    found = _read_in_chunks(data, _Task(source, keep), jobs) if large else None
    if not found:
        try:
            components = parsed(data)
        except ValueError as exc:
            return [], [Problem(source, f"cannot be read as an iCalendar file: {exc}")]
        found = _checked(_read_all(components, source))
        if not found:
            return [], [Problem(source, f"has no events (VEVENT) to import{_holding(components)}")]
    kept = _fold_overrides(found)
    _check_uids(kept)
    problems = [_located(item.where, problem) for item in kept for problem in item.problems + item.checked]
    return [item for item in kept if not item.problems and not item.checked], problems


@dataclass(frozen=True)
class _Task:
    """What every worker is told: the file's name, and what to send back besides mappings."""

    source: str
    keep: Keep


def _read_in_chunks(data: bytes, task: _Task, jobs: int | None) -> list[Imported] | None:
    """The VEVENTs read and checked chunk by chunk on worker processes; None when the calendar is not laid
    out plainly or a chunk cannot be read (the whole calendar then says why)."""
    from radical_social.sources.ics_chunks import chunks
    from radical_social.sources.workers import in_order

    parts = chunks(data, CHUNK)
    if parts is None:
        return None
    found: list[Imported] = []
    for _, items in in_order(_read_chunk, task, parts, jobs):
        if items is None:
            return None
        found += items
    return found


def _read_chunk(task: _Task, chunk: Chunk) -> list[Imported] | None:
    """A worker's part: the VEVENTs of one chunk, read and checked, and written if asked; None when it
    cannot be read."""
    with collector_paused():
        try:
            components = _components(chunk.text)
        except ValueError:
            return None
        found = _checked(_read_all(components, task.source, chunk.before))
        if task.keep != "events":
            for item in found:
                if task.keep == "texts" and item.event is not None and not item.problems:
                    item.written()
                item.event = None
        return found


def parsed(data: bytes) -> list[Any]:
    """The top-level components of iCalendar data; ValueError when icalendar cannot read it."""
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if data.strip() and not head.startswith(b"BEGIN:"):  # not a calendar: never quoted, as it may be anything
        looks = "a web page" if head.startswith(b"<") else "something else"
        raise ValueError(f"it does not begin with BEGIN:VCALENDAR; it looks like {looks}")
    return _components(data)


def _components(data: bytes | str) -> list[Any]:
    from icalendar import Component

    from radical_social.sources.ics_lines import lines

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # guessed TZIDs: ``Zones`` resolves and checks every TZID again
        try:  # icalendar's parser, given content lines that split plain lines quicker
            components: list[Any] = Component.from_ical(lines(data), multiple=True)  # type: ignore[call-overload]
        except Exception as exc:  # icalendar raises ValueError, but broken input reaches others too
            raise ValueError(_short(str(exc) or type(exc).__name__)) from None
    return components


def _holding(components: list[Any]) -> str:
    names = sorted({part.name for component in components for part in component.subcomponents})
    return f"; it holds only {', '.join(names)}" if names else ""


def _read_all(components: Iterable[Any], source: str, before: int = 0) -> Iterator[Imported]:
    number = before
    for component in components:
        calendar = _Calendar(component)
        for vevent in component.walk("VEVENT"):
            number += 1
            yield _VEvent(vevent, calendar, f"{source}: VEVENT {number}").read()


def _checked(items: Iterable[Imported]) -> list[Imported]:
    found = list(items)
    for item in found:
        _validate(item)
    return found


def _fold_overrides(found: list[Imported]) -> list[Imported]:
    """Overrides become exdates of their series, and events of their own unless cancelled; what that
    changes is checked again."""
    series = {item.mapping.get("uid"): item for item in found if item.recurrence is None}
    kept = []
    changed: dict[int, Imported] = {}
    for item in found:
        if item.recurrence is None:
            kept.append(item)
            continue
        uid = str(item.mapping.get("uid", ""))
        master = series.get(uid)
        if master is not None and "rrule" in master.mapping:
            master.mapping.setdefault("exdate", []).append(item.recurrence.isoformat())
            changed[id(master)] = master
        if item.mapping.get("status") != "cancelled":
            item.mapping["uid"] = f"{uid}-{_stamp(item.recurrence)}"
            item.mapping.pop("rrule", None)
            item.mapping.pop("exdate", None)
            kept.append(item)
            changed[id(item)] = item
    for item in changed.values():
        _validate(item)
    return kept


def _stamp(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return moment.strftime("%Y%m%d")


def _validate(item: Imported) -> None:
    """Build the event; its problems join those found while reading, one field reported once."""
    item.event, item.checked, item.text = None, [], None
    item.uid = item.mapping.get("uid")
    try:
        item.event = Event.from_mapping(item.mapping)
        item.uid = item.event.uid
    except EventError as exc:
        reported = {_field(problem.path) for problem in item.problems}
        item.checked = [problem for problem in exc.problems if _field(problem.path) not in reported]


def _field(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _check_uids(items: list[Imported]) -> None:
    first: dict[str, str] = {}
    for item in items:
        uid = item.uid
        if not uid:
            continue
        seen = first.setdefault(uid, item.where)
        if seen != item.where:
            item.checked.append(Problem("uid", f"{uid} is also the UID of {seen}"))


def _located(where: str, problem: Problem) -> Problem:
    return Problem(f"{where}: {problem.path}" if problem.path else where, problem.message)


class _Calendar:
    """What the VEVENTs of one calendar share: its VTIMEZONEs and its X-WR-TIMEZONE."""

    def __init__(self, component: Any) -> None:
        self.zones = Zones(component)
        declared = component.get("X-WR-TIMEZONE")
        self.default = iana_name(str(declared)) if isinstance(declared, str) else None


class _VEvent:
    """Reads one VEVENT into an event-file mapping, noting each problem under its key."""

    def __init__(self, vevent: Any, calendar: _Calendar, where: str) -> None:
        self.vevent = vevent
        self.calendar = calendar
        self.broken = {name: message for name, message in vevent.errors if name}
        self.problems = [Problem("", f"a line could not be read: {_short(message)}")
                         for name, message in vevent.errors if not name]
        self.values: dict[str, Any] = {}
        self.uid = one_line(self._text("UID"))
        self.where = f"{where} (uid {_short(self.uid, 60)})" if self.uid else where
        self.zone: str | None = None

    def add(self, key: str, message: str) -> None:
        self.problems.append(Problem(key, message))

    def read(self) -> Imported:
        self._texts()
        start = self._times()
        self._venue()
        self._organizer()
        self._tags()
        if start is not None:
            self._recurrence()
        recurrence = self._moment("RECURRENCE-ID")
        mapping = {key: self.values[key] for key in ORDER if key in self.values}
        return Imported(self.where, mapping, recurrence, self.problems)

    def _prop(self, name: str) -> Any:
        """The property ``name`` when it is there once and readable, else None (with a problem if not)."""
        value = self.vevent.get(name)
        if name in self.broken:
            self.add(FIELDS[name], f"{name} could not be read: {_short(self.broken[name])}")
            return None
        if isinstance(value, list):
            self.add(FIELDS[name], f"{name} appears {len(value)} times; it may appear once")
            return None
        return value

    def _props(self, name: str) -> list[Any]:
        """Every value of a property that may repeat (EXDATE, CATEGORIES)."""
        if name in self.broken:
            self.add(FIELDS[name], f"{name} could not be read: {_short(self.broken[name])}")
            return []
        value = self.vevent.get(name)
        return [] if value is None else value if isinstance(value, list) else [value]

    def _text(self, name: str) -> str:
        value = self._prop(name)
        return "" if value is None else str(value)

    def _texts(self) -> None:
        self._set("title", one_line(self._text("SUMMARY")))
        if "title" not in self.values and "SUMMARY" not in self.broken:
            self.add("title", "is required: the VEVENT has no SUMMARY text")
        self._set("description", self._text("DESCRIPTION").replace("\r\n", "\n").strip())
        self._set("url", self._text("URL").strip())
        self._set("uid", self.uid)
        status = self._text("STATUS").strip().lower()
        if status in _checks.STATUSES:
            self.values["status"] = status
        sequence = self._prop("SEQUENCE")
        if isinstance(sequence, int) and sequence >= 0:
            self.values["sequence"] = int(sequence)

    def _set(self, key: str, value: object) -> None:
        if value:
            self.values[key] = value

    def _times(self) -> datetime | date | None:
        """Set start, end, all_day and timezone; the start, in the event's zone, or None."""
        start = self._moment("DTSTART")
        if start is None:
            if "DTSTART" not in self.vevent:
                self.add("start", "is required: the VEVENT has no DTSTART")
            return None
        end = self._end(start)
        self.values["start"] = start.isoformat()
        if end is not None:
            self.values["end"] = end.isoformat()
        if isinstance(start, datetime):
            self._set("timezone", self.zone)
        else:
            self.values["all_day"] = True
        return start

    def _moment(self, name: str) -> datetime | date | None:
        """A DTSTART-like property as a date or an aware datetime in the event's zone."""
        prop = self._prop(name)
        if prop is None:
            return None
        return self._instant(name, getattr(prop, "dt", None), prop.params)

    def _instant(self, name: str, value: object, params: Any) -> datetime | date | None:
        """One date or date-time value; the first one read (DTSTART) sets the event's zone."""
        if isinstance(value, datetime) and str(params.get("VALUE", "")).upper() == "DATE":
            value = value.date()
        if not isinstance(value, date):
            self.add(FIELDS[name], f"{name} is not a date or a date and time")
            return None
        out_of_range = _values.year_problem(value)  # before any arithmetic: year 1 minus an hour is no date
        if out_of_range:
            self.add(FIELDS[name], f"{name}: {out_of_range}")
            return None
        if not isinstance(value, datetime):
            return value
        located = self._locate(name, value, params.get("TZID"))
        if located is None:
            return None
        moment, zone = located
        if name == "DTSTART":
            self.zone = zone
        return moment.astimezone(_zones.zone_info(self.zone)) if self.zone else moment

    def _locate(self, name: str, value: datetime, tzid: object) -> tuple[datetime, str | None] | None:
        """An aware datetime, and the IANA zone it was given in (X-WR-TIMEZONE for UTC and floating times)."""
        default = self.calendar.default
        if tzid:
            try:
                return self.calendar.zones.localize(value.replace(tzinfo=None), str(tzid))
            except ZoneNotFound as exc:
                self.add(FIELDS[name], f"{name}: {exc}")
                return None
        if value.tzinfo is not None:
            return value, default
        if default:
            return value.replace(tzinfo=_zones.zone_info(default)), default
        self.add(FIELDS[name], f"{name} {value.isoformat()} is a floating time (no TZID, no Z) "
                               "and the calendar names no X-WR-TIMEZONE")
        return None

    def _end(self, start: datetime | date) -> datetime | date | None:
        """The end as event files have it (the last day, for all-day events); None: the default."""
        all_day = not isinstance(start, datetime)
        if self.vevent.get("DTEND") is not None:
            end = self._moment("DTEND")
            if end is not None and isinstance(end, datetime) == all_day:
                self.add("end", "DTEND and DTSTART must both be dates, or both dates and times")
                return None
        elif self.vevent.get("DURATION") is not None:
            span = getattr(self._prop("DURATION"), "dt", None)
            end = start + span if isinstance(span, timedelta) and abs(span) <= _LONGEST else None
            if isinstance(span, timedelta) and end is None:
                self.add("end", f"DURATION of {span.days:,} days is longer than an event lasts")
        else:
            end = start if all_day else None
        if end is None or not all_day:
            return end
        return max(start, end - timedelta(days=1))

    def _venue(self) -> None:
        location = one_line(self._text("LOCATION"))
        apple = self._prop("X-APPLE-STRUCTURED-LOCATION")
        title = one_line(str(apple.params.get("X-TITLE", ""))) if apple is not None else ""
        if title:
            rest = location[len(title):].lstrip(" ,") if location.startswith(title) else location
            written = str(apple.params.get("X-ADDRESS", "")).replace("\\n", "\n")  # Apple writes \n out
            name, address = title, one_line(written) or rest
        else:
            name, _, address = (part.strip() for part in location.partition(","))
        if not name:
            return
        venue: dict[str, Any] = {"name": name, "address": address} if address else {"name": name}
        self.values["venue"] = venue | self._geo(apple)

    def _geo(self, apple: Any) -> dict[str, float]:
        geo = self._prop("GEO")
        if geo is not None:
            lat, lon = getattr(geo, "latitude", None), getattr(geo, "longitude", None)
            if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
                return {"lat": float(lat), "lon": float(lon)}
            self.add("venue", "GEO is not a latitude and a longitude (like 45.44;10.99)")
        found = _GEO_URI.match(str(apple).strip()) if apple is not None else None
        return {"lat": float(found.group(1)), "lon": float(found.group(2))} if found else {}

    def _organizer(self) -> None:
        organizer = self._prop("ORGANIZER")
        if organizer is None:
            return
        address = str(organizer).strip()
        email = address[len("mailto:"):].strip() if address.lower().startswith("mailto:") else ""
        if _checks.email_problem(email):
            email = ""
        name = one_line(str(organizer.params.get("CN", ""))) or email
        if name:
            self.values["organizer"] = {"name": name, "email": email} if email else {"name": name}

    def _tags(self) -> None:
        tags: dict[str, None] = {}  # each once, in order: a dict, as a list's ``in`` made 100,000 take a minute
        for prop in self._props("CATEGORIES"):
            for category in getattr(prop, "cats", ()):
                tag = one_line(str(category))
                if tag:
                    tags[tag] = None
        self._set("tags", list(tags))

    def _recurrence(self) -> None:
        if any(getattr(prop, "dts", None) for prop in self._props("RDATE")):
            self.add("rrule", "RDATE (dates added to a series) cannot be kept: events repeat by RRULE only; "
                              "make the extra dates events of their own")
        rule = self._prop("RRULE")
        if rule is None:
            return
        self.values["rrule"] = rule.to_ical().decode()
        exdates = [self._instant("EXDATE", value.dt, prop.params)
                   for prop in self._props("EXDATE") for value in getattr(prop, "dts", ())]
        self._set("exdate", [moment.isoformat() for moment in exdates if moment is not None])


def _event_text(mapping: dict[str, Any]) -> EventText:
    from radical_social.sources.yaml_writing import event_text, pruned

    return event_text(pruned(mapping))


def _short(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    return clipped(" ".join(text.split()), limit)
