"""Importing calendars: real exports field by field, every file of a corpus of real-world and broken
calendars (imports or is refused with a clear message), the event file written back, and fetching
URLs from a real local HTTP server without ever reaching a private address unasked."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import icalendar
import pytest
import requests
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social import DeliveryError, Event, EventError, KitError
from radical_social.calendar.invites import invite
from radical_social.sources import ics as ics_module
from radical_social.sources.calendars import (
    events_from_ics,
    fetch_calendar,
    mappings_from_ics,
    write_event_file,
    write_event_file_from_ics,
)
from radical_social.sources.files import load_events
from radical_social.sources.ics_chunks import chunks
from radical_social.sources.yaml_writing import event_file_text, joined, pruned
from tests.http_replies import LocalServer, answer

CALENDARS = Path(__file__).parent / "calendars"
IN_CI = os.environ.get("CI", "").lower() == "true"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def imported(name: str) -> list[dict[str, Any]]:
    mappings, problems = mappings_from_ics((CALENDARS / name).read_bytes(), source=name)
    assert problems == []
    return mappings


def problems_of(text: str) -> list[str]:
    with pytest.raises(EventError) as caught:
        events_from_ics(text.replace("\n", "\r\n").encode())
    return [str(problem) for problem in caught.value.problems]


def calendar(*lines: str, head: tuple[str, ...] = ()) -> str:
    return "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//test//EN", *head, *lines,
                      "END:VCALENDAR"]) + "\n"


def vevent(*lines: str, uid: str = "one@test", summary: str = "Serata") -> tuple[str, ...]:
    return ("BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", *lines, "END:VEVENT")


ROME_VTIMEZONE = (
    "BEGIN:VTIMEZONE", "TZID:{tzid}", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
    "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT", "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD", "END:VTIMEZONE",
)


def rome_vtimezone(tzid: str) -> tuple[str, ...]:
    return tuple(line.format(tzid=tzid) for line in ROME_VTIMEZONE)


# Real exports, field by field -----------------------------------------------------------------

def test_a_google_export_keeps_text_times_venue_organizer_and_uid() -> None:
    pasta, fiera, corso, moved = imported("google.ics")
    assert pasta == {
        "title": "Laboratorio di pasta fresca",
        "start": "2027-01-16T18:00:00+01:00",
        "end": "2027-01-16T20:30:00+01:00",
        "timezone": "Europe/Rome",
        "venue": {"name": "Bottega Sartori", "address": "Via Santa Maria in Chiavica 7, 37121 Verona VR, Italia"},
        "organizer": {"name": "Bottega Sartori", "email": "c_7f3a9e2b1d@group.calendar.google.com"},
        "status": "confirmed",
        "uid": "5q1v0k3m8n2p4r6t8v0x2z4b6d@google.com",
        "sequence": 2,
        "description": "Due ore con le mani in pasta: tagliatelle, tortelli e ravioli; poi si cena insieme.\n\n"
                       "Grembiule fornito; portate solo la fame.\nPrenotazioni: 045 800 1234",
    }
    assert fiera == {
        "title": "Fiera del Riso", "start": "2027-03-20", "end": "2027-03-21", "all_day": True,
        "venue": {"name": "Isola della Scala"}, "status": "tentative", "uid": "1a2b3c4d5e6f7g8h9i0j@google.com",
        "sequence": 0, "description": "Due giorni di riso, risotti e mercato.",
    }
    assert corso["rrule"] == "FREQ=WEEKLY;UNTIL=20270330T175959Z;BYDAY=TU;WKST=MO"
    assert corso["uid"] == "0c9d8e7f6a5b4c3d2e1f@google.com"
    assert moved["uid"] == "0c9d8e7f6a5b4c3d2e1f@google.com-20270216T180000Z"


def test_overrides_become_exceptions_of_their_series_and_events_unless_cancelled() -> None:
    _, _, corso, moved = imported("google.ics")
    assert corso["exdate"] == [
        "2027-02-02T19:00:00+01:00", "2027-02-09T19:00:00+01:00",  # EXDATE
        "2027-02-16T19:00:00+01:00",  # moved to the Wednesday
        "2027-03-23T19:00:00+01:00",  # cancelled
    ]
    assert (moved["title"], moved["start"], moved["end"]) == (
        "Corso serale di sfoglia (di mercoledì)", "2027-02-17T19:00:00+01:00", "2027-02-17T21:00:00+01:00")
    assert "rrule" not in moved and "exdate" not in moved


def test_an_outlook_export_maps_windows_zone_names_and_resolves_custom_zones() -> None:
    tasting, online = imported("outlook.ics")
    assert tasting["timezone"] == "Europe/Berlin"  # W. Europe Standard Time, by CLDR's mapping
    assert (tasting["start"], tasting["end"]) == ("2027-06-12T19:00:00+02:00", "2027-06-12T22:00:00+02:00")
    assert tasting["organizer"] == {"name": "Marco Bonamini", "email": "marco@cantinabonamini.example"}
    assert tasting["venue"] == {"name": "Cantina Bonamini", "address": "Via Santa Giustina 10, Illasi"}
    assert tasting["description"] == ("Sei vini della Valpolicella e formaggi del Lessinia.\n\n"
                                      "Posti limitati, prenotate.")
    assert tasting["uid"] == ("040000008200E00074C5B7101A82E00800000000B0E1C7A2C5D8DA01000000000000000"
                              "010000000F2A6C8E4B1D3A94DB5E2F6A7C8D9E0F1")
    # "Customized Time Zone" is no IANA zone: its VTIMEZONE gives the offset, kept with the time.
    assert "timezone" not in online
    assert (online["start"], online["end"]) == ("2027-07-01T11:00:00-03:00", "2027-07-01T13:00:00-03:00")


def test_an_apple_export_takes_the_venue_and_geo_from_its_structured_location() -> None:
    [visit] = imported("apple.ics")
    assert visit == {
        "title": "Visita al mulino",
        "start": "2027-09-18T10:00:00+02:00",
        "end": "2027-09-18T12:00:00+02:00",
        "timezone": "Europe/Rome",
        "venue": {"name": "Mulino Bassi", "address": "Via del Mulino 3, 37030 Illasi VR, Italia",
                  "lat": 45.46685, "lon": 11.18071},
        "url": "https://mulinobassi.example/visite",
        "uid": "8E2A1C3B-4D5F-4A6B-9C8D-7E6F5A4B3C2D",
        "sequence": 0,
        "description": "Come si macina la farina a pietra, dalla tramoggia al sacco.",
    }


def test_a_gancio_export_keeps_utc_times_geo_url_and_categories() -> None:
    dinner, bikes = imported("gancio.ics")
    assert dinner == {
        "title": "Cena popolare",
        "start": "2027-01-24T19:00:00+00:00",
        "end": "2027-01-24T22:30:00+00:00",
        "venue": {"name": "Circolo Modus", "address": "Piazza Orti di Spagna 2, Verona", "lat": 45.4384,
                  "lon": 10.9916},
        "url": "https://gancio.example/event/cena-popolare",
        "tags": ["cena", "solidarietà", "quartiere"],
        "status": "confirmed",
        "uid": "8f4c2a6e-1b3d-4e5f-9a7b-0c1d2e3f4a5b",
        "description": "Cena a offerta libera, il ricavato va alla palestra popolare.\n\nPortate le vostre stoviglie!",
    }
    assert bikes["tags"] == ["bici", "riparazioni"]  # two CATEGORIES properties


FIXTURES = sorted(path.name for path in CALENDARS.glob("*.ics"))


@pytest.mark.parametrize("name", FIXTURES)
def test_event_from_mapping_accepts_the_mappings_unchanged(name: str) -> None:
    for mapping in imported(name):
        event = Event.from_mapping(mapping)
        assert event.uid == mapping["uid"]
    assert [event.uid for event in events_from_ics((CALENDARS / name).read_bytes())] == [
        mapping["uid"] for mapping in imported(name)]


def original_instants(path: Path) -> dict[str, tuple[date, date]]:
    """DTSTART and DTEND of each VEVENT that is not cancelled, by SUMMARY, as icalendar reads them."""
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(part["SUMMARY"]): (part["DTSTART"].dt, part["DTEND"].dt) for part in parsed.walk("VEVENT")
            if part.get("STATUS") != "CANCELLED"}


@pytest.mark.parametrize("name", FIXTURES)
def test_the_invite_written_back_has_the_same_instants(name: str) -> None:
    originals = original_instants(CALENDARS / name)
    events = events_from_ics((CALENDARS / name).read_bytes())
    assert sorted(event.title for event in events) == sorted(originals)
    for event in events:
        [written] = icalendar.Calendar.from_ical(invite(event, now=NOW)).walk("VEVENT")
        assert (written["DTSTART"].dt, written["DTEND"].dt) == originals[event.title]
        assert str(written["UID"]) == event.uid


def test_the_invite_of_an_imported_series_skips_every_exception() -> None:
    series = events_from_ics((CALENDARS / "google.ics").read_bytes())[2]
    [written] = icalendar.Calendar.from_ical(invite(series, now=NOW)).walk("VEVENT")
    exdates = written["EXDATE"] if isinstance(written["EXDATE"], list) else [written["EXDATE"]]
    skipped = {moment.dt for exdate in exdates for moment in exdate.dts}
    rome = series.start.tzinfo
    assert skipped == {datetime(2027, month, day, 19, 0, tzinfo=rome) for month, day in
                       ((2, 2), (2, 9), (2, 16), (3, 23))}
    assert written["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270330T175959Z;BYDAY=TU;WKST=MO"


# Time zones -----------------------------------------------------------------------------------

def test_a_globally_unique_mozilla_tzid_becomes_its_iana_zone() -> None:
    tzid = "/mozilla.org/20050126_1/Europe/Rome"
    text = calendar(*rome_vtimezone(tzid), *vevent(f"DTSTART;TZID={tzid}:20270116T180000"))
    [mapping], problems = mappings_from_ics(text.encode())
    assert problems == []
    assert (mapping["timezone"], mapping["start"]) == ("Europe/Rome", "2027-01-16T18:00:00+01:00")


def test_a_vtimezone_that_disagrees_with_its_iana_name_decides_the_instant() -> None:
    lying = ("BEGIN:VTIMEZONE", "TZID:Europe/Rome", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0500", "TZOFFSETTO:+0500", "END:STANDARD", "END:VTIMEZONE")
    [mapping], _ = mappings_from_ics(calendar(*lying, *vevent("DTSTART;TZID=Europe/Rome:20270116T180000")).encode())
    assert "timezone" not in mapping
    assert mapping["start"] == "2027-01-16T18:00:00+05:00"


def test_utc_and_floating_times_take_the_calendars_x_wr_timezone() -> None:
    text = calendar(*vevent("DTSTART:20270116T170000Z"), *vevent("DTSTART:20270117T180000", uid="two@test"),
                    head=("X-WR-TIMEZONE:Europe/Rome",))
    utc, floating = mappings_from_ics(text.encode())[0]
    assert (utc["timezone"], utc["start"]) == ("Europe/Rome", "2027-01-16T18:00:00+01:00")
    assert (floating["timezone"], floating["start"]) == ("Europe/Rome", "2027-01-17T18:00:00+01:00")


def test_times_no_zone_explains_are_refused_with_the_vevent_and_field() -> None:
    text = calendar(*vevent("DTSTART:20270117T180000"), *vevent("DTSTART;TZID=Mars/Olympus:20270117T180000",
                                                               uid="two@test"))
    assert problems_of(text) == [
        "calendar.ics: VEVENT 1 (uid one@test): start: DTSTART 2027-01-17T18:00:00 is a floating time "
        "(no TZID, no Z) and the calendar names no X-WR-TIMEZONE",
        "calendar.ics: VEVENT 2 (uid two@test): start: DTSTART: unknown time zone 'Mars/Olympus', "
        "and the calendar has no usable VTIMEZONE for it",
    ]


# All-day events, ends and durations -----------------------------------------------------------

@pytest.mark.parametrize(("lines", "end"), [
    (("DTSTART;VALUE=DATE:20270320", "DTEND;VALUE=DATE:20270323"), "2027-03-22"),
    (("DTSTART;VALUE=DATE:20270320",), "2027-03-20"),
    (("DTSTART;VALUE=DATE:20270320", "DTEND;VALUE=DATE:20270320"), "2027-03-20"),  # a common slip: one day
    (("DTSTART;VALUE=DATE:20270320", "DURATION:P2D"), "2027-03-21"),
])
def test_all_day_events_end_on_their_last_day(lines: tuple[str, ...], end: str) -> None:
    [mapping], _ = mappings_from_ics(calendar(*vevent(*lines)).encode())
    assert (mapping["start"], mapping["end"], mapping["all_day"]) == ("2027-03-20", end, True)


def test_a_duration_sets_the_end_and_no_end_leaves_the_default_two_hours() -> None:
    text = calendar(*vevent("DTSTART:20270116T170000Z", "DURATION:PT90M"),
                    *vevent("DTSTART:20270117T170000Z", uid="two@test"))
    with_duration, without = events_from_ics(text.encode())
    assert with_duration.end == datetime(2027, 1, 16, 18, 30, tzinfo=timezone.utc)
    assert without.end is None  # not stated: calendars use two hours, posts show no end
    assert without.effective_end - without.start == timedelta(hours=2)


# What is refused ------------------------------------------------------------------------------

SNIPPETS = [b";", b":", b",", b"\\", b"\"", b"\r\n", b"\r\n ", b"\x00", b"\xff", b"TZID=X;", b"VALUE=DATE:",
            b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"BEGIN:VTIMEZONE\r\n", b"RRULE:FREQ=DAILY\r\n",
            b"RECURRENCE-ID:20270101\r\n", b"DTSTART:20270101\r\n", b"DTEND;VALUE=DATE:1\r\n",
            b"EXDATE:\r\n", b"GEO:91;200\r\n", b"DURATION:P1W\r\n", b"STATUS:CANCELLED\r\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(path.name for path in CALENDARS.glob("*.ics"))),
       edits=st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 40),
                                st.one_of(st.binary(max_size=8), st.sampled_from(SNIPPETS))), max_size=6))
def test_damaged_exports_import_or_are_refused_and_never_crash(name: str, edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray((CALENDARS / name).read_bytes())
    for at, cut, insert in edits:
        start = at % (len(data) + 1)
        data[start:start + cut] = insert
    try:
        events_from_ics(bytes(data))
    except EventError as exc:
        assert exc.problems and all(problem.path.startswith("calendar.ics") for problem in exc.problems)


def test_every_problem_of_every_vevent_is_reported_at_once() -> None:
    text = calendar(
        "BEGIN:VEVENT", "UID:a@test", "DTSTART;VALUE=DATE:20270320", "END:VEVENT",
        *vevent("DTSTART;VALUE=DATE:20270320", "RDATE;VALUE=DATE:20270401", "URL:www.example.org", uid="b@test"),
        *vevent("DTSTART;VALUE=DATE:20270320", "DTEND:20270321T100000Z", uid="c@test"),
        *vevent("DTSTART;VALUE=DATE:20270321", uid="c@test"),
    )
    assert problems_of(text) == [
        "calendar.ics: VEVENT 1 (uid a@test): title: is required: the VEVENT has no SUMMARY text",
        "calendar.ics: VEVENT 2 (uid b@test): rrule: RDATE (dates added to a series) cannot be kept: events "
        "repeat by RRULE only; make the extra dates events of their own",
        "calendar.ics: VEVENT 2 (uid b@test): url: must be an http(s) link; it has no scheme",
        "calendar.ics: VEVENT 3 (uid c@test): end: DTEND and DTSTART must both be dates, or both dates and times",
        "calendar.ics: VEVENT 4 (uid c@test): uid: c@test is also the UID of calendar.ics: VEVENT 3 (uid c@test)",
    ]


@pytest.mark.parametrize(("rule", "said"), [
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1"),
    ("FREQ=WEEKLY;BYDAY=1MO", "a numbered BYDAY (1SA, -1FR) goes only with FREQ=MONTHLY or YEARLY"),
    ("FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY='40'"),
    ("FREQ=WEEKLY;UNTIL=99991231T235959Z", "the year 9999 is out of range"),
    ("FREQ=DAILY;COUNT=abc", "RRULE could not be read"),
])
def test_a_poison_recurrence_rule_is_refused_on_import_by_the_same_checks(rule: str, said: str) -> None:
    [problem] = problems_of(calendar(*vevent("DTSTART:20270105T180000Z", f"RRULE:{rule}")))
    assert problem.startswith("calendar.ics: VEVENT 1 (uid one@test): rrule: ")
    assert said in problem


@pytest.mark.parametrize(("lines", "said"), [
    (("DTSTART:20270105T180000Z", "DURATION:P999999999D"), "end: DURATION of 999,999,999 days is longer"),
    (("DTSTART;TZID=Europe/Rome:00010101T000000",), "start: DTSTART: the year 1 is out of range"),
    (("DTSTART;TZID=Europe/Rome:99991231T233000",), "start: DTSTART: the year 9999 is out of range"),
    (("DTSTART;VALUE=DATE:20270105", "DTEND;VALUE=DATE:00010101"), "end: DTEND: the year 1 is out of range"),
    (("DTSTART;TZID=Europe/Rome:20270105T180000", "RECURRENCE-ID;TZID=Europe/Rome:00010101T000000"),
     "uid: RECURRENCE-ID: the year 1 is out of range"),
    (("DTSTART:20270105T180000Z", "RECURRENCE-ID:00010101T000000Z"), "uid: RECURRENCE-ID: the year 1 is out of range"),
    (("DTSTART:20270105T180000Z", "LOCATION:Bar", "GEO;VALUE=DATE:20270105T180000Z"), "venue: GEO is not a latitude"),
    ((f"DTSTART;TZID={'Z' * 250}:20270105T180000",), f"start: DTSTART: unknown time zone '{'Z' * 59}…', and"),
])
def test_times_beyond_the_calendar_are_refused_not_crashed_on(lines: tuple[str, ...], said: str) -> None:
    [problem] = problems_of(calendar(*vevent(*lines)))
    assert problem.startswith(f"calendar.ics: VEVENT 1 (uid one@test): {said}"), problem


def vtimezone_bomb(rule: str) -> str:
    """A calendar of a few hundred bytes whose zone, expanded as written, changes the clocks billions of times."""
    return calendar(
        "BEGIN:VTIMEZONE", "TZID:Bomb", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100", f"RRULE:{rule}", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:19700601T000000",
        "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY", "END:DAYLIGHT", "END:VTIMEZONE",
        *vevent("DTSTART;TZID=Bomb:20270105T180000"),
    )


@pytest.mark.slow
@pytest.mark.parametrize(("rule", "said"), [
    ("FREQ=SECONDLY", "STANDARD changes the clocks more often than yearly rules do"),
    ("FREQ=SECONDLY;INTERVAL=0", "STANDARD has a bad RRULE (INTERVAL='0'"),
    ("FREQ=YEARLY;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20;BYDAY=MO,TU,WE,TH,FR,SA,SU;"
     "UNTIL=29991231", "it makes more than 10,000 clock changes"),
])
def test_a_vtimezone_bomb_is_refused_without_expanding_it(rule: str, said: str, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.ics"
    bomb.write_text(vtimezone_bomb(rule))
    assert bomb.stat().st_size < 800
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
            "from radical_social.cli import main; main()")
    # The limits guard the test run only: before the fix, the import grew past 1.4 GB and ran for minutes.
    done = subprocess.run([sys.executable, "-c", code, "import", str(bomb), "--out", str(tmp_path / "o.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "start: DTSTART: unknown time zone 'Bomb', and its VTIMEZONE cannot be used: " + said in done.stderr
    assert "Traceback" not in done.stderr


def test_a_vtimezone_of_20000_rdates_is_refused_naming_the_zone() -> None:
    days = ",".join((date(1970, 1, 1) + timedelta(days=day)).strftime("%Y%m%dT000000") for day in range(20_000))
    text = calendar(
        "BEGIN:VTIMEZONE", "TZID:Dates", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100", f"RDATE:{days}", "END:STANDARD", "END:VTIMEZONE",
        *vevent("DTSTART;TZID=Dates:20270105T180000"),
    )
    [problem] = problems_of(text)
    assert problem.endswith("start: DTSTART: unknown time zone 'Dates', and its VTIMEZONE cannot be used: "
                            "it makes more than 10,000 clock changes"), problem


@pytest.mark.parametrize(("data", "message"), [
    (b"", "calendar.ics: has no events (VEVENT) to import"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "calendar.ics: cannot be read as an iCalendar file"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
     "calendar.ics: has no events (VEVENT) to import; it holds only VTODO"),
])
def test_files_without_events_are_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(EventError) as caught:
        events_from_ics(data)
    [problem] = caught.value.problems
    assert str(problem).startswith(message)


def test_mappings_from_ics_imports_the_good_vevents_and_reports_the_others() -> None:
    text = calendar(*vevent("DTSTART:20270116T170000Z"), *vevent("DTSTART:nonsense", uid="two@test"))
    mappings, problems = mappings_from_ics(text.encode(), source="mixed.ics")
    assert [mapping["uid"] for mapping in mappings] == ["one@test"]
    assert [problem.path for problem in problems] == ["mixed.ics: VEVENT 2 (uid two@test): start"]


# The corpus: every file imports or is refused --------------------------------------------------

def corpus_folder() -> Path:
    given = os.environ.get("RADICAL_SOCIAL_CORPUS")
    corpus = Path(given) if given else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    return corpus / "icalendar-test-calendars"


def corpus_files() -> list[Any]:
    folder = corpus_folder()
    files = sorted(folder.glob("*.ics")) if folder.is_dir() else []
    if files:
        return [pytest.param(path, id=path.name) for path in files]
    reason = f"no calendar corpus at {folder} (set RADICAL_SOCIAL_CORPUS to the corpus folder)"
    marks = () if IN_CI else (pytest.mark.skip(reason=reason),)
    return [pytest.param(None, id="corpus-missing", marks=marks)]


@pytest.mark.parametrize("path", corpus_files())
def test_each_corpus_file_imports_and_round_trips_or_is_refused_clearly(path: Path | None, tmp_path: Path) -> None:
    if path is None:
        pytest.fail(f"no calendar corpus at {corpus_folder()}; CI must have it")
    data = path.read_bytes()
    try:
        events = events_from_ics(data, source=path.name)
    except EventError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.path.startswith(path.name) and problem.message.strip()
        return
    mappings, problems = mappings_from_ics(data, source=path.name)
    assert problems == [] and len(mappings) == len(events) > 0
    out = tmp_path / "events.yaml"
    write_event_file(mappings, out)
    assert load_events(out) == events


def test_the_corpus_has_files_that_import_and_files_that_are_refused() -> None:
    files = [param.values[0] for param in corpus_files() if param.values[0] is not None]
    if not files:
        pytest.skip("no calendar corpus")
    refused = 0
    for path in files:
        try:
            events_from_ics(path.read_bytes(), source=path.name)
        except EventError:
            refused += 1
    assert 0 < refused < len(files)


# The event file --------------------------------------------------------------------------------

def test_the_event_file_is_yaml_without_empty_values_and_loads_back_the_same_events(tmp_path: Path) -> None:
    data = (CALENDARS / "google.ics").read_bytes()
    mappings, _ = mappings_from_ics(data)
    mappings[0] = {**mappings[0], "url": None, "tags": [], "venue": {**mappings[0]["venue"], "city": ""}}
    out = tmp_path / "events.yaml"
    write_event_file(mappings, out)
    text = out.read_text(encoding="utf-8")
    assert "null" not in text and "url" not in text and "tags" not in text and "city" not in text
    assert "  description: |-\n    Due ore con le mani in pasta" in text  # multi-line text stays readable
    assert yaml.safe_load(text)[2]["uid"] == "0c9d8e7f6a5b4c3d2e1f@google.com"
    assert load_events(out) == events_from_ics(data)
    assert [path.name for path in tmp_path.iterdir()] == ["events.yaml"]


def test_an_event_file_that_cannot_be_written_raises_kit_error_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "events.yaml"
    out.mkdir()  # a folder where the file should go: os.replace fails
    with pytest.raises(KitError, match=r"events\.yaml: cannot be written"):
        write_event_file(imported("gancio.ics"), out)
    assert [path.name for path in tmp_path.iterdir()] == ["events.yaml"] and out.is_dir()


def test_importing_the_module_loads_neither_icalendar_nor_requests_nor_yaml() -> None:
    code = ("import sys, radical_social.sources.calendars; "
            "print(sorted({'icalendar', 'requests', 'yaml'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# Several processes: a large calendar read in chunks gives what one process gives ------------------

def read_both_ways(data: bytes, size: int) -> tuple[Any, Any]:
    """``import_calendar`` on one process, whole; and in chunks of ``size`` VEVENTs on two processes: the
    VEVENTs that import, the problems, and the event file the import command writes (``texts``: the
    workers write their events' text, the main process joins them), which is write_event_file's; with
    ``mappings`` (what ``mappings_from_ics`` asks for), the same mappings and problems."""
    def outcome(jobs: int) -> Any:
        items, problems = ics_module.import_calendar(data, "big.ics", jobs)
        written, also = ics_module.import_calendar(data, "big.ics", jobs, keep="texts")
        assert also == problems and [item.where for item in written] == [item.where for item in items]
        mapped, again = ics_module.import_calendar(data, "big.ics", jobs, keep="mappings")
        assert again == problems and [(item.where, item.mapping) for item in mapped] == [
            (item.where, item.mapping) for item in items]
        return ([(item.where, item.mapping, item.event) for item in items], problems,
                joined([item.written() for item in written]))

    whole = outcome(1)
    assert whole[2] == event_file_text(pruned(mapping) for _, mapping, _ in whole[0])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ics_module, "CHUNKED_FROM", 1)
        patch.setattr(ics_module, "CHUNK", size)
        return whole, outcome(2)


def folded(line: str, newline: str, width: int) -> str:
    return f"{newline} ".join(line[start:start + width] for start in range(0, len(line), width)) or line


STARTS = {
    "zone": "DTSTART;TZID=Europe/Rome:202703{day:02d}T190000",
    "own zone": "DTSTART;TZID=Ora di Roma:202703{day:02d}T190000",  # no IANA name: only the VTIMEZONE says
    "utc": "DTSTART:202703{day:02d}T180000Z",
    "floating": "DTSTART:202703{day:02d}T190000",  # fine only with X-WR-TIMEZONE
    "all day": "DTSTART;VALUE=DATE:202703{day:02d}",
    "nonsense": "DTSTART:nonsense",
    "unknown zone": "DTSTART;TZID=Atlantide/Centrale:202703{day:02d}T190000",
    "none": "",
}


@st.composite
def large_calendars(draw: st.DrawFn) -> tuple[bytes, int]:
    """A calendar with VTIMEZONEs anywhere, overrides far from their series, UIDs used twice, broken
    VEVENTs, folded lines (a BEGIN line among them), CRLF or LF; and a chunk size that splits it."""
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    parts: list[list[str]] = []
    for index in range(draw(st.integers(2, 12))):
        day = draw(st.integers(1, 28))
        lines = [STARTS[draw(st.sampled_from(sorted(STARTS)))].format(day=day)]
        role = draw(st.sampled_from(["plain", "series", "override", "cancelled override"]))
        if role == "series":
            lines.append("RRULE:FREQ=DAILY;COUNT=30")
        if role != "plain" and role != "series":
            lines.append(f"RECURRENCE-ID;TZID=Europe/Rome:202703{draw(st.integers(1, 28)):02d}T190000")
        if role == "cancelled override":
            lines.append("STATUS:CANCELLED")
        words = draw(st.text(alphabet="abcàé ,;\\\n", max_size=90)).replace("\\", "\\\\").replace("\n", "\\n")
        width = draw(st.integers(8, 75))
        lines.append(folded(f"DESCRIPTION:{words}", newline, width))
        uid = f"u{draw(st.integers(0, 5))}@test"
        begin = folded("BEGIN:VEVENT", newline, 9) if draw(st.booleans()) else "BEGIN:VEVENT"
        parts.append([begin, *vevent(*lines, uid=uid, summary=f"Evento {index}")[1:]])
    for zone in (rome_vtimezone("Ora di Roma"), rome_vtimezone("Europe/Rome")):
        if draw(st.booleans()):
            parts.insert(draw(st.integers(0, len(parts))), list(zone))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), ["X-WR-TIMEZONE:Europe/Rome"])
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), ["BEGIN:VTODO", "SUMMARY:Spesa", "END:VTODO"])
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//test//EN",
             *(line for part in parts for line in part), "END:VCALENDAR"]
    return newline.join(lines).encode() + newline.encode(), draw(st.integers(1, 3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(large_calendars())
def test_a_calendar_read_in_chunks_on_two_processes_gives_what_one_process_gives(drawn: tuple[bytes, int]) -> None:
    data, size = drawn
    split = chunks(data, size)
    assert split is not None and len(split) == -(-data.count(b"SUMMARY:Evento") // size)
    whole, chunked = read_both_ways(data, size)
    assert chunked == whole


def test_overrides_and_uids_are_checked_across_chunks() -> None:
    series = vevent("DTSTART;TZID=Ora di Roma:20270301T190000", "RRULE:FREQ=DAILY;COUNT=5", uid="corso@test")
    moved = vevent("RECURRENCE-ID;TZID=Ora di Roma:20270303T190000", "DTSTART;TZID=Ora di Roma:20270303T200000",
                   uid="corso@test", summary="Corso, più tardi")
    other = vevent("DTSTART:20270310T180000Z", uid="cena@test", summary="Cena")
    data = calendar(*series, *other, *moved, *other, *vevent("DTSTART:nonsense", uid="rotto@test"),
                    *rome_vtimezone("Ora di Roma")).encode()
    assert [chunk.before for chunk in chunks(data, 1) or []] == [0, 1, 2, 3, 4]
    whole, chunked = read_both_ways(data, 1)
    assert chunked == whole
    items, problems, text = whole
    assert "  exdate:\n  - '2027-03-03T19:00:00+01:00'\n" in text and "uid: corso@test-20270303T180000Z" in text
    assert [(where, mapping["uid"]) for where, mapping, _ in items] == [
        ("big.ics: VEVENT 1 (uid corso@test)", "corso@test"), ("big.ics: VEVENT 2 (uid cena@test)", "cena@test"),
        ("big.ics: VEVENT 3 (uid corso@test)", "corso@test-20270303T180000Z")]
    assert items[0][1]["exdate"] == ["2027-03-03T19:00:00+01:00"]  # the override, a chunk away
    assert [str(problem) for problem in problems] == [
        "big.ics: VEVENT 4 (uid cena@test): uid: cena@test is also the UID of big.ics: VEVENT 2 (uid cena@test)",
        "big.ics: VEVENT 5 (uid rotto@test): start: DTSTART could not be read: Wrong date format nonsense",
    ]


def test_a_calendar_laid_out_otherwise_is_read_whole() -> None:
    one = calendar(*vevent("DTSTART:20270310T180000Z"))
    assert chunks(one.encode(), 1) is not None
    for odd in (one + one, one.replace("BEGIN:VEVENT", "BEGIN;X-A=1:VEVENT"), "SUMMARY:x\n" + one,
                one.replace("END:VEVENT", "BEGIN:VEVENT\nEND:VEVENT\nEND:VEVENT"),
                one.replace("END:VEVENT", "END:VTODO"),
                one.replace("END:VEVENT", "END:VEVENT\nBEGIN:VTODO\n" + "\n".join(vevent()) + "\nEND:VTODO")):
        assert chunks(odd.encode(), 1) is None
        whole, chunked = read_both_ways(odd.encode(), 1)
        assert chunked == whole


@pytest.mark.parametrize(("size", "most_split"), [(1, 21), (2, 9)])
def test_every_corpus_calendar_gives_the_same_in_chunks(size: int, most_split: int) -> None:
    files = [param.values[0] for param in corpus_files() if param.values[0] is not None]
    if not files:
        pytest.skip("no calendar corpus")
    split = 0
    for path in files:
        data = path.read_bytes()
        whole, chunked = read_both_ways(data, size)
        assert chunked == whole, path.name
        split += len(chunks(data, size) or []) > 1
    assert split >= most_split  # of the 25 with several VEVENTs, 4 hold two VCALENDARs or lack an END


# Fetching from a URL: a real HTTP server on 127.0.0.1 ------------------------------------------

BIG_BODY = 50_000_000


class Server(LocalServer):
    """A local HTTP server that notes each path asked for; ``routes`` answer them."""

    def __init__(self) -> None:
        super().__init__(Handler)
        self.seen: list[str] = []
        self.hosts: list[str] = []
        self.sent = 0
        self.done = threading.Event()
        self.release = threading.Event()


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        self.server.hosts.append(self.headers.get("Host", ""))
        route = ROUTES.get(self.path.split("?")[0].rstrip("0123456789"), not_found)
        route(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def not_found(handler: Handler) -> None:
    answer(handler, 404, b"no such calendar")


def endless(handler: Handler) -> None:
    """50 MB without a Content-Length, noting how much got out before the client hung up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/calendar")
    handler.end_headers()
    try:
        while handler.server.sent < BIG_BODY:
            handler.wfile.write(b"X" * 65536)
            handler.server.sent += 65536
    except OSError:
        pass
    finally:
        handler.server.done.set()


def trickle(handler: Handler) -> None:
    """A byte every 0.1 s: each read is quick, the whole never ends."""
    handler.send_response(200)
    handler.end_headers()
    try:
        while not handler.server.release.wait(0.1):
            handler.wfile.write(b"X")
            handler.wfile.flush()
    except OSError:
        pass


def slow(handler: Handler) -> None:
    handler.server.release.wait(10)
    answer(handler, 200, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")


ROUTES: dict[str, Callable[[Handler], None]] = {
    "/calendar.ics": lambda handler: answer(handler, 200, (CALENDARS / "gancio.ics").read_bytes(),
                                            Content_Type="text/calendar; charset=utf-8"),
    "/moved": lambda handler: answer(handler, 302, Location="/calendar.ics"),
    "/sneaky": lambda handler: answer(handler, 302, Location=f"http://127.0.0.1:{handler.server.server_address[1]}"
                                                              "\\@8.8.8.8/../calendar.ics"),
    "/page.html": lambda handler: answer(handler, 200, b"<html>internal: db_password=hunter2\n" * 20,
                                         Content_Type="text/html"),
    "/data.json": lambda handler: answer(handler, 200, b'{"internal": "db_password=hunter2"}',
                                        Content_Type="application/json"),
    "/passwd": lambda handler: answer(handler, 302, Location="file:///etc/passwd"),
    "/loop/": lambda handler: answer(handler, 302, Location=f"/loop/{len(handler.server.seen)}"),
    "/declared-big": lambda handler: answer(handler, 200, b"BEGIN:VCALENDAR", Content_Length="10000000"),
    "/endless": endless,
    "/slow": slow,
    "/trickle": trickle,
}


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    running.release.set()
    running.shutdown()
    running.server_close()


class RefusingAdapter(requests.adapters.BaseAdapter):
    """A transport that fails the test if anything is sent through it."""

    def send(self, *args: Any, **kwargs: Any) -> requests.Response:
        raise AssertionError("a request was sent; the address check should have refused it first")

    def close(self) -> None:
        pass


@pytest.fixture
def refusing() -> requests.Session:
    session = requests.Session()
    session.mount("http://", RefusingAdapter())
    session.mount("https://", RefusingAdapter())
    return session


@pytest.mark.slow
def test_a_calendar_is_fetched_and_imports(server: Server) -> None:
    data = fetch_calendar(f"{server.url}/calendar.ics", allow_private=True)
    assert data == (CALENDARS / "gancio.ics").read_bytes()
    assert [event.title for event in events_from_ics(data)] == ["Cena popolare", "Ciclofficina aperta"]


@pytest.mark.slow
def test_a_relative_redirect_is_followed(server: Server) -> None:
    assert fetch_calendar(f"{server.url}/moved", allow_private=True).startswith(b"BEGIN:VCALENDAR")
    assert server.seen == ["/moved", "/calendar.ics"]


@pytest.mark.slow
def test_a_redirect_to_a_file_url_is_refused(server: Server) -> None:
    with pytest.raises(DeliveryError, match=r"redirects to file:///etc/passwd: only http:// and https://"):
        fetch_calendar(f"{server.url}/passwd", allow_private=True)


@pytest.mark.slow
def test_more_than_five_redirects_are_refused(server: Server) -> None:
    with pytest.raises(DeliveryError, match="more than 5 redirects"):
        fetch_calendar(f"{server.url}/loop/0", allow_private=True)
    assert len(server.seen) == 6  # the first request and five redirects


@pytest.mark.slow
def test_a_body_past_the_cap_is_refused_without_reading_it_all(server: Server) -> None:
    with pytest.raises(DeliveryError, match="larger than 100 kB"):
        fetch_calendar(f"{server.url}/endless", allow_private=True, max_bytes=100_000)
    assert server.done.wait(10)
    assert server.sent < BIG_BODY


@pytest.mark.slow
def test_a_declared_length_past_the_cap_is_refused_before_reading(server: Server) -> None:
    with pytest.raises(DeliveryError, match="larger than 5 MB"):
        fetch_calendar(f"{server.url}/declared-big", allow_private=True)


@pytest.mark.slow
def test_a_slow_server_times_out(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(DeliveryError, match="timed out"):
        fetch_calendar(f"{server.url}/slow", allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(DeliveryError, match="timed out"):
        fetch_calendar(f"{server.url}/trickle", allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 2


@pytest.mark.slow
def test_an_error_status_is_reported(server: Server) -> None:
    with pytest.raises(DeliveryError, match="answered 404"):
        fetch_calendar(f"{server.url}/nothing-here", allow_private=True)


@pytest.mark.slow
def test_the_local_server_is_refused_unless_allowed_before_any_request(server: Server,
                                                                       refusing: requests.Session) -> None:
    with pytest.raises(DeliveryError, match=r"calendar\.ics: 127\.0\.0\.1 is a loopback address"):
        fetch_calendar(f"{server.url}/calendar.ics")
    with pytest.raises(DeliveryError, match="a loopback address"):
        fetch_calendar(f"{server.url}/calendar.ics", session=refusing)
    assert server.seen == []


@pytest.mark.slow
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
@pytest.mark.parametrize("trick", ["{host}:{port}\\@8.8.8.8/../calendar.ics", "{host}:{port}\\\\@8.8.8.8/calendar.ics",
                                   "{host}:{port}\\@8.8.8.8:{port}/calendar.ics"])
def test_a_url_whose_parsers_disagree_on_the_host_is_refused_before_any_request(server: Server, host: str,
                                                                               trick: str) -> None:
    url = "http://" + trick.format(host=host, port=server.server_address[1])
    with pytest.raises(DeliveryError, match="has a backslash"):
        fetch_calendar(url)
    assert server.seen == []


@pytest.mark.slow
def test_a_redirect_whose_parsers_disagree_on_the_host_is_refused(server: Server,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    treat_the_local_server_as_public(monkeypatch)
    with pytest.raises(DeliveryError, match=r"/sneaky redirects to .*: the URL has a backslash"):
        fetch_calendar(f"{server.url}/sneaky")
    assert server.seen == ["/sneaky"]


def treat_the_local_server_as_public(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """127.0.0.1 counts as a public address (the tests may reach no other); the host names looked up are noted."""
    import ipaddress
    import socket

    from radical_social.sources import fetch as _import_fetch

    kind, resolve, resolved = _import_fetch._kind, socket.getaddrinfo, []

    def public_here(address: Any) -> str | None:
        return None if address == ipaddress.ip_address("127.0.0.1") else kind(address)

    def noted(host: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            resolved.append(host)  # a name, not an address given as one
        return [found for found in resolve(host, *args, **kwargs) if found[0] == socket.AF_INET]

    monkeypatch.setattr(_import_fetch, "_kind", public_here)
    monkeypatch.setattr(socket, "getaddrinfo", noted)
    return resolved


@pytest.mark.slow
def test_the_connection_goes_to_the_address_checked_and_the_host_is_named(server: Server,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    resolved = treat_the_local_server_as_public(monkeypatch)
    port = server.server_address[1]
    data = fetch_calendar(f"http://localhost:{port}/moved")
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert server.seen == ["/moved", "/calendar.ics"]
    assert server.hosts == [f"localhost:{port}"] * 2
    assert resolved == ["localhost"] * 2  # once per request, by the check: a second answer is never asked for


@pytest.mark.slow
def test_a_pinned_https_connection_checks_the_certificate_of_the_host_name(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    from smtp_server import self_signed_certificate

    cert, key = self_signed_certificate(tmp_path)
    treat_the_local_server_as_public(monkeypatch)
    secure = Server()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    thread = threading.Thread(target=secure.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        port = secure.server_address[1]
        with pytest.raises(DeliveryError, match="cannot be fetched"):
            fetch_calendar(f"https://localhost:{port}/calendar.ics")  # not a certificate the system trusts
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # requests prefers it to a session's own
        assert fetch_calendar(f"https://localhost:{port}/calendar.ics").startswith(b"BEGIN:VCALENDAR")
        assert secure.hosts == [f"localhost:{port}"]
    finally:
        secure.shutdown()
        secure.server_close()


@pytest.mark.slow
@pytest.mark.parametrize(("path", "said"), [("/page.html", "the page has no schema.org Event in it"),
                                            ("/data.json", "cannot be read as an iCalendar file")])
def test_an_answer_with_no_events_is_not_quoted(server: Server, tmp_path: Path, path: str, said: str) -> None:
    from click.testing import CliRunner

    from radical_social.cli import main

    out = tmp_path / "events.yaml"
    result = CliRunner().invoke(main, ["import", f"{server.url}{path}", "--allow-private", "--out", str(out)])
    assert result.exit_code == 1
    assert said in result.stderr
    assert "hunter2" not in result.output + result.stderr and "<html>" not in result.output + result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_the_import_command_refuses_a_backslash_url_and_asks_nothing(server: Server, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from radical_social.cli import main

    out = tmp_path / "o.yaml"
    url = f"http://127.0.0.1:{server.server_address[1]}\\@8.8.8.8/../calendar.ics"
    result = CliRunner().invoke(main, ["import", url, "--out", str(out)])
    assert result.exit_code == 1 and "has a backslash" in result.stderr
    assert server.seen == [] and not out.exists()


@pytest.mark.parametrize(("url", "kind"), [
    ("http://[::1]/", "::1 is a loopback"),
    ("http://localhost:8080/calendar.ics", r"localhost is at (127\.0\.0\.1|::1), a loopback"),
    ("http://10.0.0.1/", "10.0.0.1 is a private"),
    ("http://192.168.1.1/calendar.ics", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::ffff:10.0.0.1]/", "private"),
    ("http://[fe80::1]/", "link-local"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://100.64.0.1/", "non-public"),
])
def test_private_addresses_are_refused_before_connecting(url: str, kind: str, refusing: requests.Session) -> None:
    with pytest.raises(DeliveryError, match=f"{kind} address; addresses of the local network are refused"):
        fetch_calendar(url, session=refusing)


@pytest.mark.parametrize(("url", "message"), [
    ("file:///etc/passwd", "only http:// and https:// URLs"),
    ("ftp://example.org/calendar.ics", "only http:// and https:// URLs"),
    ("webcal://example.org/calendar.ics", "write https:// instead of webcal://"),
    ("https:///calendar.ics", "has no host name"),
    ("http://example.org:99999/", "cannot be read .a bad host, port or bracket"),
    ("http://[::1/x", "cannot be read .a bad host, port or bracket"),
    ("http://user:secret@example.org/calendar.ics", "has a user name or password in it; pages and calendars"),
    ("http://example.org\\@127.0.0.1/calendar.ics", "has a backslash"),
    ("http://example.org/a b.ics", "has spaces or control characters"),
])
def test_only_http_urls_are_fetched(url: str, message: str, refusing: requests.Session) -> None:
    with pytest.raises(DeliveryError, match=message):
        fetch_calendar(url, session=refusing)


def test_load_events_reads_a_calendar_and_build_accepts_it_unchanged(tmp_path: Path) -> None:
    from radical_social import build, load_events

    events = load_events(CALENDARS / "google.ics")
    assert events and all(event.uid for event in events)
    kit = build(events[0], now=datetime(2020, 1, 1, tzinfo=timezone.utc), channels=["mastodon"], cards=False,
                poster=False)
    assert kit.event == events[0]


def test_load_events_names_each_refused_vevent(tmp_path: Path) -> None:
    from radical_social import EventError, load_events

    broken = tmp_path / "broken.ics"
    broken.write_text(calendar(*vevent("DTSTART:20270101T100000Z", summary="")), encoding="utf-8")
    with pytest.raises(EventError) as caught:
        load_events(broken)
    assert all(str(problem).startswith("broken.ics") for problem in caught.value.problems)


def test_the_import_command_writes_an_event_file_that_build_accepts(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from radical_social import load_events
    from radical_social.cli import main

    out = tmp_path / "events.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["import", str(CALENDARS / "gancio.ics"), "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert load_events(out) == load_events(CALENDARS / "gancio.ics")
    built = runner.invoke(main, ["build", str(out), "--out", str(tmp_path / "kits"), "--channels", "sms",
                                 "--no-cards", "--no-poster", "--now", "2020-01-01T00:00Z"])
    assert built.exit_code == 0, built.output + built.stderr
    refused = runner.invoke(main, ["import", "http://127.0.0.1:9/calendar.ics", "--out", str(out)])
    assert refused.exit_code == 1 and "127.0.0.1" in refused.stderr
    assert runner.invoke(main, ["import", str(tmp_path / "missing.ics"), "--out", str(out)]).exit_code == 2
    zoned = runner.invoke(main, ["import", str(CALENDARS / "gancio.ics"), "--out", str(out),
                                 "--timezone", "Asia/Tokyo"])
    assert zoned.exit_code == 0 and "--timezone: Asia/Tokyo was not used" in zoned.stderr
    assert load_events(out) == load_events(CALENDARS / "gancio.ics")


def test_the_import_command_writes_the_same_event_file_on_two_processes(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from radical_social.cli import main

    events = [line for day in range(1, 8) for line in vevent(f"DTSTART;TZID=Ora di Roma:202703{day:02d}T190000",
                                                              uid=f"{day % 5}@test", summary=f"Serata {day}")]
    source = tmp_path / "big.ics"
    source.write_text(calendar(*events, *rome_vtimezone("Ora di Roma")), encoding="utf-8")
    monkeypatch.setattr(ics_module, "CHUNKED_FROM", 1)
    monkeypatch.setattr(ics_module, "CHUNK", 2)
    runs = [CliRunner().invoke(main, ["import", str(source), "--out", str(tmp_path / f"{jobs}.yaml"), "--jobs", jobs])
            for jobs in ("1", "2")]
    assert [run.exit_code for run in runs] == [0, 0]
    assert runs[0].stderr == runs[1].stderr and "VEVENT 6 (uid 1@test): uid" in runs[0].stderr
    assert (tmp_path / "1.yaml").read_bytes() == (tmp_path / "2.yaml").read_bytes()


def test_jobs_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="jobs must be 1 or more, or None for one per CPU; got 0"):
        mappings_from_ics((CALENDARS / "gancio.ics").read_bytes(), jobs=0)


def test_the_cycle_collector_paused_while_reading_is_left_as_it_was(tmp_path: Path) -> None:
    import gc

    good, broken = (CALENDARS / "gancio.ics").read_bytes(), calendar(*vevent("DTSTART:nonsense")).encode()
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            assert mappings_from_ics(good)[0]
            with pytest.raises(EventError):
                write_event_file_from_ics(broken, tmp_path / "events.yaml")
            assert gc.isenabled() == enabled
        finally:
            gc.enable()
