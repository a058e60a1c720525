"""Every reader of outside input, fed arbitrary bytes and arbitrary structures: it gives a result or raises
``RadicalSocialError`` (a problem naming what is wrong), never anything else: no traceback on any input."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social import Event, EventError, RadicalSocialError, load_events
from radical_social.delivery.journal import StateStore
from radical_social.delivery.mailing import SmtpSettings, attendees_from_csv
from radical_social.sources.calendars import events_from_ics, mappings_from_ics
from radical_social.sources.files import SUFFIXES

READING = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

KEYS = ["title", "description", "start", "end", "timezone", "all_day", "language", "url", "venue", "organizer",
        "price", "currency", "free", "capacity", "tags", "uid", "sequence", "status", "rrule", "exdate", "image",
        "name", "city", "country", "lat", "lon", "email", "path", "focal", "events"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**18, max_value=10**80),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["2027-01-16", "2027-02-30", "2027-01-16T18:00", "T25:00:00Z", "Europe/Rome", "right/UTC",
                     "FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=0", "²", "1e999999999", "a>b@y.org", "\u202e", "12,50",
                     "yes", "http://[::1/x", "https://example.org/x"]),
    st.dates(), st.datetimes(timezones=st.sampled_from([None, timezone.utc])),
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8),
                                                                         inner, max_size=6)),
    max_leaves=25,
)


def outcome(read: Callable[[], Any]) -> None:
    """Run a reader: a result, or a RadicalSocialError that says something."""
    try:
        read()
    except RadicalSocialError as exc:
        assert str(exc).strip()


def fresh(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@READING
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(str.encode), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_an_event_file(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = fresh(tmp_path, f"any{suffix}", data)
    outcome(lambda: load_events(path))


@READING
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_calendar_an_attendee_list_and_a_state_store(tmp_path: Path, data: bytes) -> None:
    outcome(lambda: mappings_from_ics(data))
    outcome(lambda: events_from_ics(data))
    outcome(lambda: attendees_from_csv(fresh(tmp_path, "people.csv", data)))
    store = fresh(tmp_path, "state.sqlite3", data)

    def read_state() -> None:
        with StateStore(store) as state:
            state.sent("uid@example.org")
            state.claim("uid@example.org", "a@b.c", sequence=0, content_hash="h")

    outcome(read_state)
    for suffix in ("-wal", "-shm"):
        tmp_path.joinpath("state.sqlite3" + suffix).unlink(missing_ok=True)


@READING
@given(value=STRUCTURES)
def test_any_structure_as_an_event(value: Any) -> None:
    outcome(lambda: Event.from_mapping(value))


def plain(value: Any) -> Any:
    """The value as JSON has it: text for dates, string keys."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


@READING
@given(value=STRUCTURES)
def test_any_structure_in_yaml_json_and_json_lines(tmp_path: Path, value: Any) -> None:
    for name, text in (("e.yaml", yaml.safe_dump(value, allow_unicode=True)),
                       ("e.json", json.dumps(plain(value))),
                       ("e.jsonl", json.dumps(plain(value)) + "\n" + json.dumps(plain(value)) + "\n")):
        path = fresh(tmp_path, name, text.encode("utf-8", "surrogatepass"))
        outcome(lambda path=path: load_events(path))  # type: ignore[misc]


def toml_value(value: Any) -> str:
    """A TOML value for a scalar, list or table (inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value if item is not None) + "]"
    if isinstance(value, dict):
        pairs = (f"{json.dumps(str(key))} = {toml_value(item)}" for key, item in value.items() if item is not None)
        return "{" + ", ".join(pairs) + "}"
    return json.dumps(str(value))


@READING
@given(table=st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), STRUCTURES, max_size=6))
def test_any_table_in_toml(tmp_path: Path, table: dict[str, Any]) -> None:
    lines = [f"{json.dumps(key)} = {toml_value(value)}" for key, value in table.items() if value is not None]
    path = fresh(tmp_path, "e.toml", "\n".join(lines).encode("utf-8", "surrogatepass"))
    outcome(lambda: load_events(path))


@READING
@given(header=st.lists(st.sampled_from([*KEYS, "venue.name", "venue.city", "organizer.email", "venue.x.y"])
                       | st.text(max_size=10), min_size=1, max_size=6),
       rows=st.lists(st.lists(st.text(max_size=20) | st.sampled_from(["2027-01-16", "²", "1e999999999"]),
                              max_size=7), max_size=4))
def test_any_csv_table(tmp_path: Path, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path = fresh(tmp_path, "e.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    outcome(lambda: load_events(path))


PROPERTIES = ["SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "DURATION", "URL", "LOCATION", "GEO", "ORGANIZER",
              "CATEGORIES", "UID", "SEQUENCE", "STATUS", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
              "X-APPLE-STRUCTURED-LOCATION", "TZID", "X-WR-TIMEZONE"]
PARAMETERS = ["", ";VALUE=DATE", ";TZID=Europe/Rome", ";TZID=Nowhere", ";CN=Gi", ";X-TITLE=Bar", ";VALUE=DATE-TIME"]
VALUES = st.sampled_from([
    "20270105T180000Z", "20270105T180000", "20270105", "00010101", "99991231T235959Z", "P999999999D", "PT2H",
    "FREQ=WEEKLY;BYDAY=TU", "FREQ=SECONDLY", "FREQ=DAILY;INTERVAL=0", "COUNT=abc", "mailto:a>b@y.org", "1e400;5",
    "45.1;10.9", "a,b,c", "CANCELLED", "9" * 50, "", "\\n", "geo:45.1,10.9",
]) | st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"), max_size=20)


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    """A VCALENDAR of VEVENTs (and perhaps a VTIMEZONE) with properties, parameters and values drawn at random."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    if draw(st.booleans()):
        lines += ["BEGIN:VTIMEZONE", "TZID:Nowhere", "BEGIN:STANDARD", f"DTSTART:{draw(VALUES)}",
                  "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", f"RRULE:{draw(VALUES)}", "END:STANDARD",
                  "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
                  "RRULE:FREQ=YEARLY", "END:DAYLIGHT", "END:VTIMEZONE"]
    for _ in range(draw(st.integers(1, 3))):
        lines.append("BEGIN:VEVENT")
        for _ in range(draw(st.integers(0, 8))):
            lines.append(f"{draw(st.sampled_from(PROPERTIES))}{draw(st.sampled_from(PARAMETERS))}:{draw(VALUES)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8", "surrogatepass")


@READING
@given(data=calendars())
def test_any_calendar(tmp_path: Path, data: bytes) -> None:
    outcome(lambda: mappings_from_ics(data))
    outcome(lambda: events_from_ics(data))
    outcome(lambda: load_events(fresh(tmp_path, "c.ics", data)))


@READING
@given(url=st.text(max_size=40) | st.sampled_from(["smtp://[::1:1", "smtp://a@b@c:99999", "smtps://[::1]:0"]))
def test_any_smtp_url(url: str) -> None:
    outcome(lambda: SmtpSettings.from_url(url))



def test_an_image_in_the_home_of_a_user_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    """Found by hypothesis: ``~0`` made pathlib raise instead of a problem naming the field."""
    path = tmp_path / "events.csv"
    path.write_text("title,start,image\nA,2027-01-16,~nobody-here-0/photo.jpg\n", encoding="utf-8")
    with pytest.raises(EventError, match=r"row 2: image.path: '~nobody-here-0' is not a user's home folder"):
        load_events(path)
