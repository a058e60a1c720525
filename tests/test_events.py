"""The event model: keys, defaults, normalization and every problem at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from radical_social import Event, EventError, Organizer, RadicalSocialError, Venue

ROME = ZoneInfo("Europe/Rome")


def problems_of(data: object) -> dict[str, str]:
    with pytest.raises(EventError) as caught:
        Event.from_mapping(data)  # type: ignore[arg-type]
    return {problem.path: problem.message for problem in caught.value.problems}


def test_the_example_is_a_complete_italian_workshop(event: Event) -> None:
    assert event.language == "it"
    assert event.start == datetime(2027, 1, 16, 18, 0, tzinfo=ROME)
    assert event.end == datetime(2027, 1, 16, 20, 30, tzinfo=ROME)
    assert event.venue is not None and event.venue.geo == (45.4432, 10.9983)
    assert event.organizer is not None and event.organizer.email
    assert event.price == Decimal(35) and event.capacity == 12
    assert event.url and event.url.startswith("https://")


def test_local_times_take_the_events_zone() -> None:
    event = Event.from_mapping({"title": "Lettura", "start": "2027-07-01T21:00", "timezone": "Europe/Rome"})
    assert event.start.utcoffset() == timedelta(hours=2)
    assert event.timezone == "Europe/Rome"


def test_an_offset_without_zone_keeps_the_instant() -> None:
    event = Event.from_mapping({"title": "Meetup", "start": "2027-07-01T21:00+05:30"})
    assert event.timezone is None
    assert event.start.astimezone(timezone.utc) == datetime(2027, 7, 1, 15, 30, tzinfo=timezone.utc)


def test_an_offset_with_a_zone_is_shown_in_the_zone() -> None:
    event = Event.from_mapping({"title": "Meetup", "start": "2027-07-01T19:00Z", "timezone": "Europe/Rome"})
    assert event.start.replace(tzinfo=None) == datetime(2027, 7, 1, 21, 0)


def test_the_zone_is_the_named_one_else_the_offset_else_none_for_a_floating_day() -> None:
    named = Event.from_mapping({"title": "Cena", "start": "2027-07-01T19:00Z", "timezone": "Europe/Rome"})
    offset = Event.from_mapping({"title": "Meetup", "start": "2027-07-01T21:00+05:30"})
    day_in_rome = Event.from_mapping({"title": "Fiera", "start": "2027-07-01", "timezone": "Europe/Rome"})
    floating = Event.from_mapping({"title": "Fiera", "start": "2027-07-01"})
    assert named.zone is ROME and day_in_rome.zone is ROME
    assert offset.zone == timezone(timedelta(hours=5, minutes=30))
    assert floating.zone is None


def test_yaml_style_datetime_objects_are_accepted() -> None:
    event = Event.from_mapping({"title": "Cena", "start": datetime(2027, 2, 1, 20, 0), "timezone": "Europe/Rome"})
    assert event.start == datetime(2027, 2, 1, 20, 0, tzinfo=ROME)


def test_default_end_is_two_hours_of_real_time_even_across_a_clock_change() -> None:
    event = Event.from_mapping({"title": "Notte", "start": "2027-03-28T01:00", "timezone": "Europe/Rome"})
    assert event.end is None  # not stated: posts show no end
    end = event.effective_end
    assert isinstance(end, datetime) and isinstance(event.start, datetime)
    assert end - event.start == timedelta(hours=3)  # wall clock: 01:00 → 04:00
    assert end.astimezone(timezone.utc) - event.start.astimezone(timezone.utc) == timedelta(hours=2)


def test_all_day_events_keep_the_inclusive_end_people_write() -> None:
    event = Event.from_mapping({"title": "Fiera", "start": "2027-06-01", "end": "2027-06-03"})
    assert event.all_day
    assert event.end == date(2027, 6, 3)
    assert event.end_exclusive == date(2027, 6, 4)
    single = Event.from_mapping({"title": "Fiera", "start": "2027-06-01"})
    assert single.end is None
    assert single.effective_end == date(2027, 6, 1) and single.end_exclusive == date(2027, 6, 2)


def test_uid_comes_from_the_url_alone_so_a_reschedule_updates_the_same_entry() -> None:
    first = Event.from_mapping({"title": "A", "start": "2027-01-01T10:00", "timezone": "UTC",
                                "url": "https://example.org/e/1"})
    moved = Event.from_mapping({"title": "A, renamed", "start": "2027-02-01T11:00", "timezone": "UTC",
                                "url": "https://example.org/e/1"})
    other = Event.from_mapping({"title": "A", "start": "2027-01-01T10:00", "timezone": "UTC",
                                "url": "https://example.org/e/2"})
    assert first.uid == moved.uid != other.uid
    assert first.uid.endswith("@radical-social")


def test_a_given_uid_wins() -> None:
    event = Event.from_mapping({"title": "A", "start": "2027-01-01", "uid": "abc@example.org"})
    assert event.uid == "abc@example.org"


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    found = problems_of({
        "titel": "typo",
        "start": "2027-02-30T10:00",
        "timezone": "Europe/Roma",
        "url": "javascript:alert(1)",
        "venue": {"name": "Bar", "lat": 91, "lon": 200},
        "organizer": {"name": "Gi", "email": "not-an-address"},
        "capacity": -3,
        "status": "maybe",
    })
    assert found["titel"] == "is not a known key (did you mean 'title'?)"
    assert found["title"] == "is required"
    assert "not a date" in found["start"]
    assert "did you mean 'Europe/Rome'?" in found["timezone"]
    assert "http(s)" in found["url"]
    assert "out of range" in found["venue.lat"] and "out of range" in found["venue.lon"]
    assert "not an email" in found["organizer.email"]
    assert "capacity" in found and "status" in found


@pytest.mark.parametrize("zone", ["Europe", "America/Argentina", "Etc"])
def test_a_folder_of_zones_is_not_a_zone(zone: str) -> None:
    """zoneinfo opens the folder and fails with IsADirectoryError: a problem, never a traceback."""
    found = problems_of({"title": "A", "start": "2027-01-02T10:00", "timezone": zone})
    assert found["timezone"].startswith(f"unknown time zone {zone!r}")
    with pytest.raises(EventError, match="timezone"):
        Event(title="A", start=datetime(2027, 1, 2, 10, tzinfo=timezone.utc),
              end=datetime(2027, 1, 2, 11, tzinfo=timezone.utc), timezone=zone)


@pytest.mark.parametrize(("sequence", "accepted"), [(0, True), (2**31 - 1, True), (2**31, False), (-1, False),
                                                   (10**20, False)])
def test_the_sequence_is_an_rfc_5545_integer(sequence: int, accepted: bool) -> None:
    data = {"title": "A", "start": "2027-01-02", "sequence": sequence}
    if accepted:
        assert Event.from_mapping(data).sequence == sequence
    else:
        assert problems_of(data)["sequence"] == f"must be a whole number from 0 to 2147483647; got {sequence}"


class _OldMapping(Mapping[str, object]):
    """A Mapping whose keys() is a plain list, as some older libraries' are."""

    def __init__(self, data: dict[str, object]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> object:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(self.data)


def test_mappings_whose_keys_are_a_list_are_read() -> None:
    event = Event.from_mapping(_OldMapping({"title": "T", "start": "2027-03-01",
                                            "venue": _OldMapping({"name": "Circolo", "city": "Bologna"})}))
    assert event.venue == Venue(name="Circolo", city="Bologna")
    assert "titel" in problems_of(_OldMapping({"titel": "T", "start": "2027-03-01"}))


def test_end_before_start() -> None:
    found = problems_of({"title": "A", "start": "2027-01-02T10:00", "end": "2027-01-02T09:00", "timezone": "UTC"})
    assert "before start" in found["end"]


def test_a_local_time_needs_a_zone() -> None:
    found = problems_of({"title": "A", "start": "2027-01-02T10:00"})
    assert "timezone" in found and "Europe/Rome" in found["timezone"]


def test_a_time_skipped_by_the_clock_change_does_not_exist() -> None:
    found = problems_of({"title": "A", "start": "2027-03-28T02:30", "timezone": "Europe/Rome"})
    assert "does not exist" in found["start"]


@pytest.mark.parametrize("title", ["a\nb", "a\rb", "tab\tinside", "bell\x07", "x" * 201, "   "])
def test_single_line_fields_refuse_control_characters_and_absurd_lengths(title: str) -> None:
    found = problems_of({"title": title, "start": "2027-01-01"})
    assert "title" in found


@pytest.mark.parametrize("invisible", ["\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u200f",
                                       "\u200b", "\u2060", "\ufeff"])
def test_one_line_fields_refuse_bidi_controls_and_zero_width_characters(invisible: str) -> None:
    found = problems_of({"title": f"Pasta {invisible}gratis", "start": "2027-01-01", "tags": [f"a{invisible}b"],
                         "venue": {"name": "Bar", "city": f"Ver{invisible}ona"},
                         "organizer": {"name": f"{invisible}Gi"}, "price": f"10 {invisible}euro"})
    assert set(found) == {"title", "tags[0]", "venue.city", "organizer.name", "price"}
    assert all(f"U+{ord(invisible):04X}" in message and "invisible" in message for message in found.values())


def test_joiners_stay_for_emoji_and_scripts_that_need_them() -> None:
    event = Event.from_mapping({"title": "Cuochi \U0001f469\u200d\U0001f373 \u0645\u06cc\u200c\u0631\u0648\u0645",
                                "start": "2027-01-01"})
    assert "\u200d" in event.title and "\u200c" in event.title


def test_descriptions_may_span_lines_and_windows_line_ends_are_normalized() -> None:
    event = Event.from_mapping({"title": "A", "start": "2027-01-01", "description": "uno\r\ndue\rtre"})
    assert event.description == "uno\ndue\ntre"


def test_csv_style_text_values_are_coerced() -> None:
    event = Event.from_mapping({
        "title": "A", "start": "2027-01-01", "free": "yes", "capacity": "20", "tags": "pasta, vino",
        "venue": {"name": "Bar", "lat": "45,1", "lon": "10.5"},
    })
    assert event.free and event.is_free
    assert event.capacity == 20
    assert event.tags == ("pasta", "vino")
    assert event.venue == Venue(name="Bar", lat=45.1, lon=10.5)


def test_price_is_a_number_or_words() -> None:
    assert Event.from_mapping({"title": "A", "start": "2027-01-01", "price": "12,50"}).price == Decimal("12.50")
    words = Event.from_mapping({"title": "A", "start": "2027-01-01", "price": "offerta libera"})
    assert words.price == "offerta libera"
    assert "free" in problems_of({"title": "A", "start": "2027-01-01", "price": 10, "free": True})


def test_language_tags_are_normalized() -> None:
    assert Event.from_mapping({"title": "A", "start": "2027-01-01", "language": "it_it"}).language == "it-IT"
    assert "language" in problems_of({"title": "A", "start": "2027-01-01", "language": "italiano!"})


def test_the_error_is_of_the_librarys_tree_and_a_value_error() -> None:
    with pytest.raises(EventError) as caught:
        Event.from_mapping({})
    assert isinstance(caught.value, RadicalSocialError) and isinstance(caught.value, ValueError)
    assert "title: is required" in str(caught.value)


def test_not_a_mapping() -> None:
    assert problems_of(["a list"])[""].startswith("an event must be a mapping")


def test_constructing_directly_runs_the_same_checks(event: Event) -> None:
    with pytest.raises(EventError, match="lat"):
        Venue(name="Bar", lat=100.0, lon=0.0)
    with pytest.raises(EventError, match="email"):
        Organizer(name="Gi", email="nope")
    with pytest.raises(EventError, match="start"):
        dataclasses.replace(event, start=datetime(2027, 1, 1, 10, 0))  # naive: no zone
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.title = "changed"  # type: ignore[misc]


def test_rrule_shape_is_checked() -> None:
    ok = Event.from_mapping({"title": "A", "start": "2027-01-05T19:00", "timezone": "Europe/Rome",
                             "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10"})
    assert ok.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=10"
    found = problems_of({"title": "A", "start": "2027-01-05", "rrule": "FREQ=WEEKLY;COUNT=2;UNTIL=20270101"})
    assert "exclude each other" in found["rrule"]
    assert "rrule" in problems_of({"title": "A", "start": "2027-01-05", "rrule": "EVERY TUESDAY"})


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1"),
        ("FREQ=DAILY;INTERVAL=x", "INTERVAL must be a whole number from 1"),
        ("FREQ=DAILY;COUNT=abc", "COUNT must be a whole number from 1"),
        ("FREQ=DAILY;COUNT=0", "COUNT must be a whole number from 1"),
        ("FREQ=DAILY;COUNT=" + "9" * 900, "COUNT must be a whole number from 1"),
        ("FREQ=WEEKLY;BYDAY=XX", "'XX' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=MO:X", "'MO:X' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=MO,", "'' is not a weekday"),
        ("FREQ=MONTHLY;BYDAY=0MO", "'0MO' is not a weekday"),
        ("FREQ=WEEKLY;BYDAY=1MO", "a numbered BYDAY (1SA, -1FR) goes only with FREQ=MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;UNTIL=20279999", "UNTIL=20279999: not a real date"),
        ("FREQ=WEEKLY;UNTIL=20271340", "UNTIL=20271340: not a real date"),
        ("FREQ=WEEKLY;UNTIL=99991231T235959Z", "the year 9999 is out of range"),
        ("FREQ=WEEKLY;UNTIL=20270101T250000Z", "not a real date or time"),
        ("FREQ=WEEKLY;UNTIL=2027", "UNTIL is a date like 20270630"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY='32': each value must be a whole number from ±1 to ±31"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "from ±1 to ±31"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH='13'"),
        ("FREQ=DAILY;BYHOUR=-1", "BYHOUR='-1'"),
        ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS picks among the occurrences another BYxxx part makes"),
        ("FREQ=MONTHLY;BYWEEKNO=2", "BYWEEKNO goes only with FREQ=YEARLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=2", "BYMONTHDAY does not go with FREQ=WEEKLY"),
        ("FREQ=DAILY;BYYEARDAY=2", "BYYEARDAY does not go with FREQ=DAILY"),
        ("FREQ=WEEKLY;WKST=XX", "WKST='XX'"),
        ("FREQ=WEEKLY;COUNT=", "COUNT has no value"),
        ("FREQ=FORTNIGHTLY", "needs FREQ=DAILY"),
    ],
)
def test_poison_recurrence_rules_are_refused_with_the_part_named(rule: str, said: str) -> None:
    found = problems_of({"title": "A", "start": "2027-01-05T19:00", "timezone": "Europe/Rome", "rrule": rule})
    assert said in found["rrule"]
    assert len(found["rrule"]) < 200


@pytest.mark.parametrize("rule", [
    "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY;BYWEEKNO=20,-1;BYDAY=MO", "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1,-1",
    "RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20270301T180000Z", "FREQ=YEARLY;BYYEARDAY=-1,100;BYHOUR=0,23",
    "FREQ=MONTHLY;BYDAY=+1MO", "FREQ=MONTHLY;BYMONTHDAY=+5,-5;WKST=SU", "FREQ=SECONDLY;BYSECOND=60;COUNT=2",
])  # fmt: skip
def test_every_rfc_5545_rule_shape_is_accepted_and_read_by_dateutil(rule: str) -> None:
    from dateutil.rrule import rrulestr

    event = Event.from_mapping({"title": "A", "start": "2027-01-05T19:00", "timezone": "Europe/Rome", "rrule": rule})
    rrulestr(rule.removeprefix("RRULE:"), dtstart=event.start.replace(tzinfo=None) if "Z" not in rule else event.start)


def test_html_preview_escapes_and_never_raises(event: Event) -> None:
    hostile = dataclasses.replace(event, title="<script>alert(1)</script>")
    html = hostile._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


zones = st.sampled_from(["Europe/Rome", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])
text = st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), include_characters="\u200c\u200d"),
               min_size=1, max_size=80).filter(
    lambda s: s.strip()
)


@given(
    title=text,
    description=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")
                        .filter(lambda c: c in "\n\t" or not (c < " " or "\x7f" <= c <= "\x9f")), max_size=200),
    zone=zones,
    start=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2060, 12, 31)),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 3),
)
def test_the_normalized_mapping_reads_back_to_the_same_event(
    title: str, description: str, zone: str, start: datetime, minutes: int
) -> None:
    local = start.replace(second=0, microsecond=0)
    aware = local.replace(tzinfo=ZoneInfo(zone))
    if aware.astimezone(timezone.utc).astimezone(ZoneInfo(zone)).replace(tzinfo=None) != local:
        return  # a wall time skipped by a clock change: refused, tested above
    event = Event.from_mapping({
        "title": title, "description": description, "start": local.isoformat(), "timezone": zone,
        "end": (aware.astimezone(timezone.utc) + timedelta(minutes=minutes)).isoformat(),
    })
    again = Event.from_mapping(event.to_mapping())
    assert again == event
    assert again.start.utcoffset() == event.start.utcoffset()


def test_half_a_character_is_not_text() -> None:
    found = problems_of({"title": "Serata \ud800", "start": "2027-01-01", "description": "ok \udfff"})
    assert "unpaired surrogate" in found["title"] and "unpaired surrogate" in found["description"]


def test_a_venue_shared_by_many_events_is_read_once_but_judged_by_its_own_values() -> None:
    base = {"title": "Serata", "start": "2027-02-01T20:00", "timezone": "Europe/Rome"}
    place = {"name": "Bottega", "lat": 1, "lon": 1}
    first, second = (Event.from_mapping({**base, "venue": dict(place)}) for _ in range(2))
    assert first.venue is second.venue  # one object for one venue
    # True == 1 in Python: a boolean latitude must not be taken for the cached number
    assert problems_of({**base, "venue": {**place, "lat": True}}) == {"venue.lat": "must be a number, not True"}
    wrong = {**place, "lat": 91}
    for where in ("events[0]", "line 7"):
        with pytest.raises(EventError) as caught:
            Event.from_mapping({**base, "venue": wrong}, path=where)
        assert [problem.path for problem in caught.value.problems] == [
            "events[0].venue.lat" if where == "events[0]" else "line 7: venue.lat"]


def test_built_by_hand_a_part_must_be_of_its_own_class() -> None:
    start = datetime(2027, 2, 1, 20, tzinfo=ROME)
    with pytest.raises(EventError) as caught:
        Event(title="Serata", start=start, end=start, venue={"name": "Bottega"},  # type: ignore[arg-type]
              organizer="Giulia")  # type: ignore[arg-type]
    assert {problem.path: problem.message for problem in caught.value.problems} == {
        "venue": "must be a Venue, not a mapping", "organizer": "must be an Organizer, not text"}


def test_a_shared_venue_is_not_confused_by_keys_or_zeros_that_python_calls_equal() -> None:
    base = {"title": "Serata", "start": "2027-02-01T20:00", "timezone": "Europe/Rome"}
    assert problems_of({**base, "venue": {"name": "Parco", True: "x"}}) == {"venue.True": "is not a known key"}
    assert problems_of({**base, "venue": {"name": "Parco", 1: "x"}}) == {"venue.1": "is not a known key"}
    south = Event.from_mapping({**base, "venue": {"name": "Parco", "lat": -0.0, "lon": 0.0}})
    north = Event.from_mapping({**base, "venue": {"name": "Parco", "lat": 0.0, "lon": 0.0}})
    assert south.venue == north.venue and str(south.venue.lat if south.venue else "") == "0.0"


@pytest.mark.parametrize("start", ["0001-06-01T12:00", "9999-12-31T22:00", "1899-12-31"])
def test_years_far_from_any_event_are_refused_not_crashed_on(start: str) -> None:
    year = int(start[:4])
    assert problems_of({"title": "Serata", "start": start, "timezone": "Europe/Rome"}) == {
        "start": f"the year {year} is out of range (1900 to 2999)"}


def test_in_language_gives_the_same_event_in_other_words() -> None:
    event = Event.example()
    assert event.in_language(None) is event and event.in_language(event.language) is event
    german = event.in_language("de")
    assert german.language == "de" and german.title == event.title and german.uid == event.uid
