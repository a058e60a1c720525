"""The posting plan: a few deliberate moments, never in the past, never at night, never over budget."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social import Event
from radical_social.posts.planning import MOMENTS, Plan, Slot, plan

ROME = ZoneInfo("Europe/Rome")
CHANNELS = ("mastodon", "bluesky", "newsletter", "instagram")


def rome(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=ROME)


def moments(result: Plan) -> dict[str, datetime]:
    """The plan of a single channel as {moment: at}."""
    return {slot.moment: slot.at for slot in result}


def test_well_ahead_the_example_gets_announce_reminder_and_last_call(event: Event, frozen_now: datetime) -> None:
    result = plan(event, channels=["mastodon"], now=frozen_now)
    assert moments(result) == {
        "announce": rome(2026, 12, 26, 10, 0),
        "reminder": rome(2027, 1, 9, 18, 0),
        "last_call": rome(2027, 1, 15, 10, 0),
    }


def test_thanks_is_the_morning_after_and_makes_four(event: Event, frozen_now: datetime) -> None:
    result = plan(event, channels=["mastodon"], now=frozen_now, thanks=True)
    assert [slot.moment for slot in result] == ["announce", "reminder", "last_call", "thanks"]
    assert moments(result)["thanks"] == rome(2027, 1, 17, 10, 0)


def test_every_channel_gets_the_same_moments_at_the_same_times(event: Event, frozen_now: datetime) -> None:
    result = plan(event, channels=["mastodon", "newsletter", "mastodon"], now=frozen_now)
    assert len(result) == 6
    assert moments(result.for_channel("mastodon")) == moments(result.for_channel("newsletter"))
    assert [slot.channel for slot in result][:2] == ["mastodon", "newsletter"]
    assert len(result.for_channel("bluesky")) == 0


def test_two_days_before_announces_now_and_skips_the_reminder(event: Event) -> None:
    result = plan(event, channels=["mastodon"], now=rome(2027, 1, 14, 9, 2, 30))
    assert moments(result) == {"announce": rome(2027, 1, 14, 9, 5), "last_call": rome(2027, 1, 15, 10, 0)}


def test_a_reminder_too_close_to_the_announce_is_dropped(event: Event) -> None:
    result = plan(event, channels=["mastodon"], now=rome(2027, 1, 8, 12, 0))
    assert list(moments(result)) == ["announce", "last_call"]


def test_a_last_call_hours_after_a_late_announce_is_dropped(event: Event) -> None:
    result = plan(event, channels=["mastodon"], now=rome(2027, 1, 15, 8, 0))
    assert moments(result) == {"announce": rome(2027, 1, 15, 8, 0)}


def test_now_in_quiet_hours_announces_at_seven(event: Event) -> None:
    result = plan(event, channels=["mastodon"], now=datetime(2027, 1, 13, 22, 30, tzinfo=timezone.utc))
    assert moments(result) == {"announce": rome(2027, 1, 14, 7, 0), "last_call": rome(2027, 1, 15, 10, 0)}


def test_late_at_night_before_an_early_event_nothing_fits() -> None:
    event = Event.from_mapping({"title": "Alba", "start": "2027-05-02T07:30", "timezone": "Europe/Rome"})
    assert len(plan(event, channels=["mastodon"], now=rome(2027, 5, 1, 23, 0))) == 0


def test_local_hours_hold_across_the_clock_change() -> None:
    event = Event.from_mapping({"title": "Cena", "start": "2027-04-01T18:00", "timezone": "Europe/Rome"})
    result = plan(event, channels=["mastodon"], now=rome(2027, 2, 1, 9, 0), thanks=True)
    assert [slot.as_dict()["at"] for slot in result] == [
        "2027-03-11T10:00:00+01:00",
        "2027-03-25T18:00:00+01:00",
        "2027-03-31T10:00:00+02:00",
        "2027-04-02T10:00:00+02:00",
    ]


def test_a_fixed_offset_event_keeps_quiet_hours_on_its_own_offset() -> None:
    event = Event.from_mapping({"title": "Meetup", "start": "2027-07-01T21:00+05:30"})
    india = timezone(timedelta(hours=5, minutes=30))
    result = plan(event, channels=["mastodon"], now=datetime(2027, 6, 25, 17, 0, tzinfo=timezone.utc))
    assert moments(result) == {
        "announce": datetime(2027, 6, 26, 7, 0, tzinfo=india),
        "last_call": datetime(2027, 6, 30, 10, 0, tzinfo=india),
    }
    assert all(slot.at.utcoffset() == timedelta(hours=5, minutes=30) for slot in result)


def test_an_all_day_event_starts_at_midnight_and_is_thanked_after_its_last_day() -> None:
    event = Event.from_mapping(
        {"title": "Fiera", "start": "2027-06-01", "end": "2027-06-03", "timezone": "Europe/Rome"}
    )
    result = plan(event, channels=["mastodon"], now=rome(2027, 4, 1, 9, 0), thanks=True)
    assert moments(result) == {
        "announce": rome(2027, 5, 11, 10, 0),
        "reminder": rome(2027, 5, 25, 18, 0),
        "last_call": rome(2027, 5, 31, 10, 0),
        "thanks": rome(2027, 6, 4, 10, 0),
    }


def test_a_floating_all_day_event_is_read_on_the_clock_of_now() -> None:
    event = Event.from_mapping({"title": "Fiera", "start": "2027-06-01"})
    tokyo = ZoneInfo("Asia/Tokyo")
    result = plan(event, channels=["mastodon"], now=datetime(2027, 5, 31, 6, 0, tzinfo=tokyo))
    assert moments(result) == {"announce": datetime(2027, 5, 31, 7, 0, tzinfo=tokyo)}


def test_a_recurring_event_is_announced_once_from_its_first_occurrence(event: Event, frozen_now: datetime) -> None:
    series = Event.from_mapping({**event.to_mapping(), "rrule": "FREQ=WEEKLY;COUNT=4"})
    assert moments(plan(series, channels=["x"], now=frozen_now)) == moments(plan(event, channels=["x"], now=frozen_now))


@pytest.mark.parametrize(
    ("budget", "kept"),
    [(1, ["announce"]), (2, ["announce", "last_call"]), (3, ["announce", "reminder", "last_call"])],
)
def test_a_smaller_budget_keeps_the_most_important(
    event: Event, frozen_now: datetime, budget: int, kept: list[str]
) -> None:
    result = plan(event, channels=["mastodon"], now=frozen_now, budget=budget, thanks=True)
    assert [slot.moment for slot in result] == kept


@pytest.mark.parametrize("budget", [0, 5, 6])
def test_a_budget_outside_one_to_four_raises(event: Event, frozen_now: datetime, budget: int) -> None:
    with pytest.raises(ValueError, match=f"budget is 1 to 4 posts per channel per event; got {budget}"):
        plan(event, channels=["mastodon"], now=frozen_now, budget=budget)


def test_bad_arguments_are_refused(event: Event) -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        plan(event, channels=["mastodon"], now=datetime(2027, 1, 1, 9, 0))
    with pytest.raises(TypeError, match="not one string"):
        plan(event, channels="mastodon", now=rome(2027, 1, 1, 9, 0))
    with pytest.raises(ValueError, match="moment must be one of"):
        Slot(channel="mastodon", moment="nudge", at=rome(2027, 1, 1, 9, 0))


def test_over_starting_soon_or_cancelled_events_get_an_empty_plan(event: Event, frozen_now: datetime) -> None:
    assert len(plan(event, channels=["mastodon"], now=rome(2027, 1, 16, 17, 30))) == 0
    assert len(plan(event, channels=["mastodon"], now=rome(2027, 1, 20, 9, 0), thanks=True)) == 0
    cancelled = Event.from_mapping({**event.to_mapping(), "status": "cancelled"})
    assert repr(plan(cancelled, channels=["mastodon"], now=frozen_now)) == "<Plan empty>"


def test_only_the_thanks_is_left_after_the_event(event: Event) -> None:
    result = plan(event, channels=["mastodon"], now=rome(2027, 1, 16, 21, 0), thanks=True)
    assert moments(result) == {"thanks": rome(2027, 1, 17, 10, 0)}


def test_custom_quiet_hours_move_a_post_to_their_end(event: Event, frozen_now: datetime) -> None:
    result = plan(event, channels=["mastodon"], now=frozen_now, quiet_hours=(time(21), time(11)))
    assert moments(result)["last_call"] == rome(2027, 1, 15, 11, 0)


def test_when_their_end_is_too_late_a_post_moves_to_the_evening_before() -> None:
    event = Event.from_mapping({"title": "Alba", "start": "2027-01-16T08:30", "timezone": "Europe/Rome"})
    result = plan(event, channels=["mastodon"], now=rome(2027, 1, 1, 9, 0), quiet_hours=(time(9), time(8)))
    assert moments(result)["last_call"] == rome(2027, 1, 15, 8, 0)


def test_the_plan_is_json_ready_with_offsets(event: Event, frozen_now: datetime) -> None:
    result = plan(event, channels=["mastodon", "newsletter"], now=frozen_now)
    data = json.loads(json.dumps(result.as_list()))
    assert data[0] == {"channel": "mastodon", "moment": "announce", "at": "2026-12-26T10:00:00+01:00"}
    assert all(set(item) == {"channel", "moment", "at"} for item in data)
    assert all(datetime.fromisoformat(item["at"]).utcoffset() is not None for item in data)
    assert list(result) == list(result.slots)


def test_the_repr_is_one_readable_line(event: Event, frozen_now: datetime) -> None:
    result = plan(event, channels=["mastodon", "newsletter"], now=frozen_now, budget=2)
    assert repr(result) == (
        "<Plan mastodon, newsletter: announce 2026-12-26 10:00+01:00, last_call 2027-01-15 10:00+01:00>"
    )


IANA = ("Europe/Rome", "America/New_York", "America/Santiago", "Asia/Kolkata", "Asia/Kathmandu",
        "Australia/Lord_Howe", "Pacific/Chatham", "UTC")
ZONES: list[tzinfo] = [
    *map(ZoneInfo, IANA),
    timezone(timedelta(hours=-3, minutes=-30)),
    timezone(timedelta(hours=9)),
]


@st.composite
def events(draw: st.DrawFn) -> Event:
    zone = draw(st.sampled_from(ZONES))
    name = zone.key if isinstance(zone, ZoneInfo) else None
    wall = draw(st.datetimes(min_value=datetime(2027, 1, 1), max_value=datetime(2030, 12, 31, 23, 59)))
    if draw(st.booleans()):
        first = wall.date()
        last = first + timedelta(days=draw(st.integers(0, 3)))
        return Event(title="Fiera", start=first, end=last, all_day=True, timezone=draw(st.sampled_from([name, None])))
    start = wall.replace(second=0, microsecond=0, tzinfo=zone).astimezone(timezone.utc)
    end = start + timedelta(minutes=draw(st.integers(30, 600)))
    return Event(title="Laboratorio", start=start.astimezone(zone), end=end.astimezone(zone), timezone=name)


def bounds(event: Event, zone: tzinfo) -> tuple[datetime, datetime]:
    def instant(moment: datetime | date) -> datetime:
        return moment if isinstance(moment, datetime) else datetime.combine(moment, time(0), tzinfo=zone)

    return instant(event.start), instant(event.end_exclusive)


@settings(deadline=None, max_examples=400)
@given(
    event=events(),
    minutes=st.integers(-60 * 24 * 60, 4 * 24 * 60),
    now_zone=st.sampled_from(ZONES),
    budget=st.integers(1, 4),
    channels=st.lists(st.sampled_from(CHANNELS), unique=True, max_size=4),
    thanks=st.booleans(),
)
def test_any_plan_keeps_every_rule(
    event: Event, minutes: int, now_zone: tzinfo, budget: int, channels: list[str], thanks: bool
) -> None:
    reference = bounds(event, timezone.utc)[0]
    now = (reference + timedelta(minutes=minutes)).astimezone(now_zone)
    own = event.start.tzinfo if isinstance(event.start, datetime) else now.tzinfo
    zone = ZoneInfo(event.timezone) if event.timezone else own
    assert zone is not None
    start, end = bounds(event, zone)

    result = plan(event, channels=channels, now=now, budget=budget, thanks=thanks)

    for slot in result:
        assert slot.at >= now
        assert slot.at > end if slot.moment == "thanks" else slot.at <= start - timedelta(hours=1)
        assert slot.at.utcoffset() == slot.at.astimezone(zone).utcoffset()
        assert time(7) <= slot.at.time() < time(22)
    instants = [slot.at.astimezone(timezone.utc) for slot in result]
    assert instants == sorted(instants)
    per_channel = {channel: [slot.moment for slot in result.for_channel(channel)] for channel in channels}
    assert {slot.channel for slot in result} <= set(channels)
    for planned in per_channel.values():
        assert len(planned) <= budget
        assert max(Counter(planned).values(), default=0) <= 1
        assert set(planned) <= set(MOMENTS) and planned == per_channel[channels[0]]
    if channels and now <= start - timedelta(days=1):
        assert "announce" in per_channel[channels[0]]
