"""Three independent iCalendar parsers, each reduced to the same plain summary of a calendar.

- vobject with validation, as Radicale reads calendars;
- allenporter's ical, strict pydantic types (Home Assistant's calendar);
- ical.js through node (Thunderbird's web stack, Nextcloud, many web apps), several files per
  node process; skipped with a reason when it is not installed, except in CI (``CI=true``).

Each returns a ``Parsed``: the calendar's component names and, per VEVENT, its texts, its
start and end as UTC instants (dates for all-day events), its property names and alarm count.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ICALJS_SCRIPT = Path(__file__).resolve().parent / "icaljs_parse.mjs"


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    summary: str
    description: str | None
    location: str | None
    start: datetime | date
    end: datetime | date
    properties: tuple[str, ...]
    """Sorted names, once per occurrence."""
    alarms: int


@dataclass(frozen=True)
class Parsed:
    components: tuple[str, ...]
    events: tuple[ParsedEvent, ...]


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(name.upper() for name in names))


def _instant(value: datetime | date) -> datetime | date:
    if isinstance(value, datetime):
        assert value.utcoffset() is not None, f"{value} is floating: its TZID was not resolved"
        return value.astimezone(timezone.utc)
    return value


# vobject ---------------------------------------------------------------------------------------

def parse_with_vobject(data: bytes) -> Parsed:
    """Parse and validate with vobject, then serialize back, as Radicale does when storing."""
    import vobject
    import vobject.icalendar

    # vobject keeps a process-wide TZID → tzinfo map where the first definition wins; clear it
    # so this file's own VTIMEZONEs are the ones used.
    getattr(vobject.icalendar, "__tzidMap").clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    calendars = list(vobject.readComponents(data.decode("utf-8"), validate=True))
    assert len(calendars) == 1, f"{len(calendars)} calendars"
    calendar = calendars[0]
    assert calendar.name == "VCALENDAR"
    calendar.serialize()
    components = tuple(child.name for child in calendar.components())
    events = tuple(_vobject_event(child) for child in calendar.components() if child.name == "VEVENT")
    return Parsed(components, events)


def _vobject_event(vevent: Any) -> ParsedEvent:
    def text(name: str) -> str | None:
        return vevent.contents[name][0].value if name in vevent.contents else None

    return ParsedEvent(
        uid=vevent.uid.value, summary=vevent.summary.value, description=text("description"),
        location=text("location"), start=_instant(vevent.dtstart.value), end=_instant(vevent.dtend.value),
        properties=_names(line.name for line in vevent.lines()), alarms=len(vevent.contents.get("valarm", [])),
    )


# ical (allenporter) ----------------------------------------------------------------------------

def parse_with_ical(data: bytes) -> Parsed:
    """Parse with ical's strict model; structure from its own content-line parser."""
    from ical.calendar_stream import IcsCalendarStream
    from ical.parsing.component import parse_content

    text = data.decode("utf-8")
    calendar = IcsCalendarStream.calendar_from_ics(text)
    (raw,) = parse_content(text)
    raw_events = [component for component in raw.components if component.name == "vevent"]
    assert len(raw_events) == len(calendar.events)
    events = tuple(
        ParsedEvent(
            uid=event.uid or "", summary=event.summary or "", description=event.description,
            location=event.location, start=_instant(event.dtstart), end=_instant(event.dtend),
            properties=_names(prop.name for prop in raw_event.properties),
            alarms=len(event.alarm),
        )
        for event, raw_event in zip(calendar.events, raw_events, strict=True)
    )
    return Parsed(tuple(component.name.upper() for component in raw.components), events)


# ical.js (node) --------------------------------------------------------------------------------

def icaljs_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "ical.js").is_dir()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


def icaljs_wanted() -> bool:
    """Whether tests should run ical.js: when it is installed, and always in CI (to fail there)."""
    return icaljs_available() or in_ci()


def require_icaljs() -> None:
    """Skip when ical.js is not installed, except in CI (``CI=true``), where that is a failure."""
    if icaljs_available():
        return
    reason = "ical.js is not installed: run `npm ci` in the repository root (needs node)"
    if in_ci():
        pytest.fail(reason)
    pytest.skip(reason)


def parse_with_icaljs(data: bytes) -> Parsed:
    """Parse one calendar with ical.js."""
    return parse_many_with_icaljs([data])[0]


def parse_many_with_icaljs(calendars: Sequence[bytes]) -> list[Parsed]:
    """Parse many calendars with one node process; raise AssertionError naming any that fail."""
    require_icaljs()
    if not calendars:
        return []
    with tempfile.TemporaryDirectory(prefix="icaljs-") as folder:
        paths = []
        for index, data in enumerate(calendars):
            path = Path(folder, f"{index}.ics")
            path.write_bytes(data)
            paths.append(str(path))
        done = subprocess.run(["node", str(ICALJS_SCRIPT), *paths], cwd=ROOT, capture_output=True,
                              text=True, encoding="utf-8", check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.split("\n") if line]  # not splitlines(): U+2028
    failures = [f"#{index}: {result['error']}\n{calendars[index].decode()}"
                for index, result in enumerate(results) if not result["ok"]]
    assert not failures, "ical.js refused:\n" + "\n".join(failures)
    return [_icaljs_parsed(result) for result in results]


def _icaljs_parsed(result: dict[str, Any]) -> Parsed:
    return Parsed(
        tuple(result["components"]),
        tuple(
            ParsedEvent(
                uid=event["uid"], summary=event["summary"], description=event["description"],
                location=event["location"], start=_icaljs_moment(event["start"]),
                end=_icaljs_moment(event["end"]), properties=_names(event["properties"]),
                alarms=event["alarms"],
            )
            for event in result["events"]
        ),
    )


def _icaljs_moment(value: dict[str, Any]) -> datetime | date:
    if "date" in value:
        return date.fromisoformat(value["date"])
    return datetime.fromtimestamp(value["utc"], timezone.utc)


def parse_with_all(data: bytes) -> list[Parsed]:
    """The calendar through every parser (ical.js in its own node process)."""
    return parse_each_with_all([data])[0]


def parse_each_with_all(calendars: Sequence[bytes]) -> list[list[Parsed]]:
    """Each calendar through vobject and ical, then through ical.js with one node process for all.

    Without ical.js (and outside CI) only the first two run; ``test_icaljs_is_installed`` then
    reports the skip, once.
    """
    results = [[parse_with_vobject(data), parse_with_ical(data)] for data in calendars]
    if icaljs_wanted():
        for found, parsed in zip(results, parse_many_with_icaljs(calendars), strict=True):
            found.append(parsed)
    return results
