"""Add-to-calendar links: parsed back with urllib.parse, every parameter compared exactly."""

from __future__ import annotations

import inspect
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import radical_social.calendar.links
from radical_social.calendar.links import BASE_URLS, CalendarLinks, calendar_links
from radical_social.event.model import Event

TARGETS = ("google", "outlook", "office365", "yahoo")
MICROSOFT = ("outlook", "office365")
UTC = timezone.utc


def make(**fields: Any) -> Event:
    return Event.from_mapping({"title": "Laboratorio di pasta fresca", **fields})


def query(url: str) -> dict[str, str]:
    """The URL's parameters, decoded; fails on repeated keys, a fragment or a literal ``+``."""
    parts = urlsplit(url)
    assert parts.fragment == ""
    assert "+" not in parts.query
    pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True, errors="strict")
    assert len({key for key, _ in pairs}) == len(pairs)
    return dict(pairs)


def pair(params: dict[str, str], first: str, second: str) -> tuple[str, str]:
    return params[first], params[second]


def links_of(event: Event, **kwargs: Any) -> dict[str, dict[str, str]]:
    return {target: query(url) for target, url in calendar_links(event, **kwargs).as_dict().items()}


def in_utc(*moments: Any) -> tuple[datetime, ...]:
    return tuple(moment.astimezone(UTC) for moment in moments)


def google_instants(params: dict[str, str]) -> tuple[datetime, datetime]:
    """Read Google's ``dates`` back: UTC with ``Z``, or wall times in ``ctz``."""
    start, end = params["dates"].split("/")
    if start.endswith("Z"):
        assert end.endswith("Z") and "ctz" not in params
        return _compact(start[:-1], UTC), _compact(end[:-1], UTC)
    zone = ZoneInfo(params["ctz"])
    return _compact(start, zone), _compact(end, zone)


def _compact(text: str, zone: timezone | ZoneInfo) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%S").replace(tzinfo=zone)


def _iso_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


# --- shape ---------------------------------------------------------------------------------------


def test_links_are_https_on_the_hosts_of_the_one_table() -> None:
    links = calendar_links(Event.example())
    assert isinstance(links, CalendarLinks)
    assert list(links.as_dict()) == list(TARGETS)
    for target, url in links.as_dict().items():
        parts = urlsplit(url)
        assert parts.scheme == "https"
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == BASE_URLS[target]
    assert all(base.startswith("https://") for base in BASE_URLS.values())


def test_no_host_is_written_outside_the_table() -> None:
    source = inspect.getsource(radical_social.calendar.links)
    assert source.count("https://") == len(BASE_URLS) == 4


def test_fixed_parameters_of_each_target() -> None:
    links = links_of(Event.example())
    assert links["google"]["action"] == "TEMPLATE"
    assert links["yahoo"]["v"] == "60"
    for target in MICROSOFT:
        assert links[target]["rru"] == "addevent"
        assert "allday" not in links[target]


def test_import_stays_light() -> None:
    code = (
        "import sys, radical_social.calendar.links\n"
        "heavy = {'jinja2', 'PIL', 'requests', 'yaml', 'icalendar', 'click'}\n"
        "print(sorted(heavy & {name.split('.')[0] for name in sys.modules}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- times ---------------------------------------------------------------------------------------


def test_dst_change_night_in_rome() -> None:
    # 01:30 CET (+01:00) to 04:00 CEST (+02:00): the clocks skip 02:00–03:00, 1 h 30 min of real time.
    links = links_of(make(start="2027-03-28T01:30", end="2027-03-28T04:00", timezone="Europe/Rome"))
    assert links["google"]["dates"] == "20270328T013000/20270328T040000"
    assert links["google"]["ctz"] == "Europe/Rome"
    for target in MICROSOFT:
        assert links[target]["startdt"] == "2027-03-28T00:30:00Z"
        assert links[target]["enddt"] == "2027-03-28T02:00:00Z"
    assert pair(links["yahoo"], "st", "et") == ("20270328T003000Z", "20270328T020000Z")


def test_half_hour_zone() -> None:
    links = links_of(make(start="2027-01-16T18:00", end="2027-01-16T20:30", timezone="Asia/Kolkata"))
    assert links["google"]["dates"] == "20270116T180000/20270116T203000"
    assert links["google"]["ctz"] == "Asia/Kolkata"
    for target in MICROSOFT:
        assert pair(links[target], "startdt", "enddt") == ("2027-01-16T12:30:00Z", "2027-01-16T15:00:00Z")
    assert pair(links["yahoo"], "st", "et") == ("20270116T123000Z", "20270116T150000Z")


def test_event_across_midnight() -> None:
    links = links_of(make(start="2027-01-16T22:00", end="2027-01-17T01:00", timezone="Europe/Rome"))
    assert links["google"]["dates"] == "20270116T220000/20270117T010000"
    for target in MICROSOFT:
        assert pair(links[target], "startdt", "enddt") == ("2027-01-16T21:00:00Z", "2027-01-17T00:00:00Z")
    assert pair(links["yahoo"], "st", "et") == ("20270116T210000Z", "20270117T000000Z")


def test_fixed_offset_event_uses_utc_everywhere() -> None:
    event = make(start="2027-01-16T18:00+05:45", end="2027-01-16T19:00+05:45")
    assert event.timezone is None
    links = links_of(event)
    assert links["google"]["dates"] == "20270116T121500Z/20270116T131500Z"
    assert "ctz" not in links["google"]
    for target in MICROSOFT:
        assert pair(links[target], "startdt", "enddt") == ("2027-01-16T12:15:00Z", "2027-01-16T13:15:00Z")
    assert pair(links["yahoo"], "st", "et") == ("20270116T121500Z", "20270116T131500Z")


def test_repeated_hour_falls_back_to_utc_for_google() -> None:
    # 02:30 happens twice on 2027-10-31 in Rome; this is the second one (+01:00).
    event = make(start="2027-10-31T02:30+01:00", end="2027-10-31T03:30+01:00", timezone="Europe/Rome")
    links = links_of(event)
    assert links["google"]["dates"] == "20271031T013000Z/20271031T023000Z"
    assert "ctz" not in links["google"]
    assert links["outlook"]["startdt"] == "2027-10-31T01:30:00Z"


def test_multi_day_all_day_event() -> None:
    links = links_of(make(start="2027-06-01", end="2027-06-03", all_day=True))
    assert links["google"]["dates"] == "20270601/20270604"  # exclusive end
    assert "ctz" not in links["google"]
    for target in MICROSOFT:  # exclusive end on /calendar/0/action/compose
        assert pair(links[target], "startdt", "enddt") == ("2027-06-01", "2027-06-04")
        assert links[target]["allday"] == "true"
    # Yahoo ignores dur once et is given: dates with an exclusive et, midnight to midnight.
    assert pair(links["yahoo"], "st", "et") == ("20270601", "20270604")
    assert "dur" not in links["yahoo"]


def test_single_all_day_event() -> None:
    links = links_of(make(start="2027-06-01", end="2027-06-01", all_day=True, timezone="Europe/Rome"))
    assert links["google"]["dates"] == "20270601/20270602"
    assert "ctz" not in links["google"]
    for target in MICROSOFT:
        assert pair(links[target], "startdt", "enddt") == ("2027-06-01", "2027-06-02")
    assert links["yahoo"]["st"] == "20270601"
    assert links["yahoo"]["dur"] == "allday"
    assert "et" not in links["yahoo"]


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=TU;COUNT=4", "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4"])
def test_recurrence_goes_to_google_only(rule: str) -> None:
    event = make(start="2027-01-19T18:00", end="2027-01-19T20:00", timezone="Europe/Rome", rrule=rule)
    links = links_of(event)
    assert links["google"]["recur"] == "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4"
    assert links["google"]["dates"] == "20270119T180000/20270119T200000"
    for target in MICROSOFT:  # the first occurrence
        assert pair(links[target], "startdt", "enddt") == ("2027-01-19T17:00:00Z", "2027-01-19T19:00:00Z")
        assert set(links[target]) == {"rru", "startdt", "enddt", "subject"}
    assert set(links["yahoo"]) == {"v", "title", "st", "et"}


def test_no_recurrence_no_recur() -> None:
    assert "recur" not in links_of(Event.example())["google"]


# --- text ----------------------------------------------------------------------------------------


HOSTILE = "Pasta & vino #1 — 100% fatto a mano 🍝\n\n<b>non è HTML</b>\nfine?=sì"


def test_hostile_description_round_trips() -> None:
    event = make(start="2027-01-16T18:00", timezone="Europe/Rome", description=HOSTILE)
    links = links_of(event)
    assert links["google"]["details"] == HOSTILE
    assert links["yahoo"]["desc"] == HOSTILE
    outlook_body = ("Pasta &amp; vino #1 — 100% fatto a mano 🍝<br><br>&lt;b&gt;non è HTML&lt;/b&gt;"
                    "<br>fine?=sì")
    for target in MICROSOFT:
        assert links[target]["body"] == outlook_body


def test_spaces_are_percent_20_and_special_characters_are_encoded() -> None:
    url = calendar_links(make(start="2027-01-16T18:00", timezone="Europe/Rome", description=HOSTILE)).outlook
    assert "%20" in url
    assert "%23" in url and "#" not in url
    assert "%25" in url and "%26" in url


def test_default_description_adds_the_url_after_a_blank_line() -> None:
    event = make(start="2027-01-16T18:00", timezone="Europe/Rome", description="Due ore.\nA mano.",
                 url="https://bottegasartori.example/pasta")
    links = links_of(event)
    assert links["google"]["details"] == "Due ore.\nA mano.\n\nhttps://bottegasartori.example/pasta"
    assert links["yahoo"]["desc"] == "Due ore.\nA mano.\n\nhttps://bottegasartori.example/pasta"
    assert links["outlook"]["body"] == "Due ore.<br>A mano.<br><br>https://bottegasartori.example/pasta"


def test_default_description_without_description_or_url() -> None:
    url_only = links_of(make(start="2027-01-16T18:00", timezone="Europe/Rome", url="https://example.org/e"))
    assert url_only["google"]["details"] == "https://example.org/e"
    bare = links_of(make(start="2027-01-16T18:00", timezone="Europe/Rome"))
    assert "details" not in bare["google"] and "desc" not in bare["yahoo"] and "body" not in bare["outlook"]


def test_explicit_description_replaces_the_default() -> None:
    links = links_of(Event.example(), description="Solo questo.")
    texts = (links["google"]["details"], links["yahoo"]["desc"], links["office365"]["body"])
    assert texts == ("Solo questo.",) * 3


def test_location_is_the_venue_line() -> None:
    links = links_of(Event.example())
    line = "Bottega Sartori, Via Santa Maria in Chiavica 7, 37121 Verona"
    assert links["google"]["location"] == links["outlook"]["location"] == links["yahoo"]["in_loc"] == line
    bare = links_of(make(start="2027-01-16T18:00", timezone="Europe/Rome"))
    assert "location" not in bare["google"] and "location" not in bare["outlook"]
    assert "in_loc" not in bare["yahoo"]


# --- property ------------------------------------------------------------------------------------

ZONES = ["Europe/Rome", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/New_York", "UTC", None]
TITLE_CHARS = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), include_characters="\u200c\u200d")
TEXT_CHARS = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t")


@st.composite
def events(draw: st.DrawFn) -> Event:
    instant = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
    instant = instant.replace(microsecond=0, tzinfo=UTC)
    duration = timedelta(seconds=draw(st.integers(0, 3 * 86400)))
    zone_name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(zone_name) if zone_name else timezone(timedelta(minutes=15 * draw(st.integers(-48, 56))))
    return Event.from_mapping({
        "title": draw(st.text(TITLE_CHARS, min_size=1, max_size=200).filter(str.strip)),
        "description": draw(st.text(TEXT_CHARS, max_size=300)),
        "start": instant.astimezone(zone),
        "end": (instant + duration).astimezone(zone),
        "timezone": zone_name,
    })


@settings(deadline=None, max_examples=300)
@given(events())
@example(Event.from_mapping({"title": "0", "start": "2080-10-27T02:00:00+02:00", "end": "2080-10-27T02:00:00+02:00",
                             "timezone": "Europe/Rome"}))  # the repeated hour of a fall-back night
def test_links_carry_the_same_instants_and_title(event: Event) -> None:
    # Compared in UTC: Python never finds a time the clocks repeat (fold=1) equal to one in another zone.
    links = links_of(event)
    instants = in_utc(event.start, event.effective_end)
    assert in_utc(*google_instants(links["google"])) == instants
    for target in MICROSOFT:
        assert in_utc(*map(_iso_utc, pair(links[target], "startdt", "enddt"))) == instants
    yahoo = tuple(_compact(text.removesuffix("Z"), UTC) for text in pair(links["yahoo"], "st", "et"))
    assert in_utc(*yahoo) == instants
    assert links["google"]["text"] == links["outlook"]["subject"] == links["yahoo"]["title"] == event.title
    assert links["google"].get("details", "") == links["yahoo"].get("desc", "") == event.description
