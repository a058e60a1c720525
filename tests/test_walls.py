"""Wall times a clock change skips or repeats: the year tables agree with zoneinfo's own two readings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social.event import walls as _walls
from radical_social.event.walls import irregularity
from radical_social.event.zone_rules import changes

ZONES = sorted(available_timezones())


def by_two_readings(moment: datetime) -> str | None:
    """The definition: the wall time's two readings (fold 0 and 1) differ; skipped if it does not survive UTC."""
    if moment.utcoffset() == moment.replace(fold=1 - moment.fold).utcoffset():
        return None
    back = moment.astimezone(timezone.utc).astimezone(moment.tzinfo)
    return "skipped" if back.replace(tzinfo=None) != moment.replace(tzinfo=None) else "repeated"


@settings(max_examples=400)
@given(zone=st.sampled_from(ZONES), wall=st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)),
       fold=st.sampled_from([0, 1]))
def test_any_wall_time_in_any_zone(zone: str, wall: datetime, fold: int) -> None:
    moment = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    assert irregularity(moment) == by_two_readings(moment)


@settings(max_examples=400)
@given(zone=st.sampled_from(ZONES), year=st.integers(1960, 2060), pick=st.integers(0, 50),
       shift=st.integers(-4 * 3600, 4 * 3600), fold=st.sampled_from([0, 1]))
def test_wall_times_next_to_a_change(zone: str, year: int, pick: int, shift: int, fold: int) -> None:
    first = int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())
    moments = changes(zone, first, first + 366 * 86400)
    if not moments:
        return
    instant = datetime.fromtimestamp(moments[pick % len(moments)] + shift, timezone.utc)
    wall = instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) + timedelta(minutes=shift % 7)
    moment = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    assert irregularity(moment) == by_two_readings(moment)


def test_known_nights_and_other_time_zones() -> None:
    rome = ZoneInfo("Europe/Rome")
    assert irregularity(datetime(2027, 3, 28, 2, 30, tzinfo=rome)) == "skipped"
    assert irregularity(datetime(2027, 10, 31, 2, 30, tzinfo=rome)) == "repeated"
    assert irregularity(datetime(2027, 10, 31, 3, 0, tzinfo=rome)) is None
    assert irregularity(datetime(2011, 12, 30, 12, 0, tzinfo=ZoneInfo("Pacific/Apia"))) == "skipped"  # a lost day
    assert irregularity(datetime(2027, 3, 28, 2, 30, tzinfo=timezone(timedelta(hours=1)))) is None

    class RomeByHand(tzinfo):  # not a ZoneInfo: the two readings are compared
        def utcoffset(self, moment: datetime | None) -> timedelta | None:
            return rome.utcoffset(moment)

        def dst(self, moment: datetime | None) -> timedelta | None:
            return rome.dst(moment)

    assert irregularity(datetime(2027, 3, 28, 2, 30, tzinfo=RomeByHand())) == "skipped"
    assert irregularity(datetime(2027, 10, 31, 2, 30, tzinfo=RomeByHand())) == "repeated"

    class UnhashableRome(RomeByHand):  # as dateutil's time zones are
        __hash__ = None  # type: ignore[assignment]

        def __eq__(self, other: object) -> bool:
            return isinstance(other, UnhashableRome)

    assert irregularity(datetime(2027, 3, 28, 2, 30, tzinfo=UnhashableRome())) == "skipped"


def test_many_zones_and_years_keep_their_own_tables() -> None:
    """More years than the table cache holds: it starts again, and every answer stays right."""
    for year in range(1900, 1900 + _walls._MOST_YEARS // 2 + 5):  # two zones a year
        for zone in (ZoneInfo("Europe/Rome"), ZoneInfo("America/New_York")):
            moment = datetime(year, 7, 1, 12, tzinfo=zone)
            assert irregularity(moment) == by_two_readings(moment)
    assert 0 < len(_walls._years) <= _walls._MOST_YEARS


@settings(max_examples=300)
@given(zone=st.sampled_from(ZONES), wall=st.datetimes(datetime(1, 1, 3), datetime(9999, 12, 28)),
       fold=st.sampled_from([0, 1]))
def test_the_first_and_last_years_a_date_can_have(zone: str, wall: datetime, fold: int) -> None:
    moment = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    before, after = moment.replace(fold=0).utcoffset(), moment.replace(fold=1).utcoffset()
    assert before is not None and after is not None
    expected = None if before == after else "skipped" if before < after else "repeated"
    assert irregularity(moment) == expected


def test_a_clock_change_in_the_year_9999() -> None:
    rome = ZoneInfo("Europe/Rome")
    last_sunday_of_march = max(datetime(9999, 3, day) for day in range(25, 32) if datetime(9999, 3, day).weekday() == 6)
    assert irregularity(last_sunday_of_march.replace(hour=2, minute=30, tzinfo=rome)) == "skipped"
    assert irregularity(datetime(1, 6, 1, 12, tzinfo=rome)) is None
