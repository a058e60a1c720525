"""The subscription feed: one VTIMEZONE per zone before the events, three parsers agree, and the
file appears whole or not at all."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from parsers import parse_with_all

from radical_social import Event, KitError
from radical_social.calendar.feeds import write_feed
from radical_social.calendar.invites import invite

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
ROME, NEW_YORK = ZoneInfo("Europe/Rome"), ZoneInfo("America/New_York")


def make_events() -> list[Event]:
    def timed(title: str, start: datetime) -> Event:
        assert isinstance(start.tzinfo, ZoneInfo)
        return Event(title=title, start=start, end=start + timedelta(hours=2), timezone=start.tzinfo.key)

    return [
        Event.example(),
        timed("Aperitivo, con musica", datetime(2027, 7, 3, 19, 0, tzinfo=ROME)),
        timed("Book club; chapter 3", datetime(2027, 3, 14, 18, 30, tzinfo=NEW_YORK)),
        timed("Potluck", datetime(2027, 11, 7, 1, 30, tzinfo=NEW_YORK)),
        Event(title="Sagra", start=date(2027, 9, 10), end=date(2027, 9, 12), all_day=True),
        Event(title="Online", start=datetime(2027, 5, 1, 16, 0, tzinfo=timezone.utc),
              end=datetime(2027, 5, 1, 17, 0, tzinfo=timezone.utc)),
    ]


def lines_of(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")[:-1]


def test_a_feed_has_one_vtimezone_per_zone_before_the_events(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    events = make_events()
    assert write_feed(iter(events), out, name="Bottega, eventi", now=NOW) == len(events)
    lines = lines_of(out.read_bytes())
    assert lines[:5] == ["BEGIN:VCALENDAR", "VERSION:2.0", lines[2], "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for line in ("NAME:Bottega\\, eventi", "X-WR-CALNAME:Bottega\\, eventi",
                 "REFRESH-INTERVAL;VALUE=DURATION:PT12H", "X-PUBLISHED-TTL:PT12H"):
        assert line in lines
    zones = [line for line in lines if line.startswith("TZID:")]
    assert zones == ["TZID:America/New_York", "TZID:Europe/Rome"]
    assert max(i for i, line in enumerate(lines) if line == "END:VTIMEZONE") < lines.index("BEGIN:VEVENT")
    for parsed in parse_with_all(out.read_bytes()):
        assert parsed.components == ("VTIMEZONE", "VTIMEZONE", *["VEVENT"] * len(events))
        assert [found.summary for found in parsed.events] == [event.title for event in events]
        for found, event in zip(parsed.events, events, strict=True):
            expected = [moment.astimezone(timezone.utc) if isinstance(moment, datetime) else moment
                        for moment in (event.start, event.end_exclusive)]
            assert [found.start, found.end] == expected


def test_the_feed_holds_the_very_vevents_of_the_invites(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    events = make_events()
    write_feed(events, out, name="Eventi", now=NOW)
    data = out.read_bytes()
    for event in events:
        single = invite(event, now=NOW)
        assert single[single.index(b"BEGIN:VEVENT"):single.index(b"END:VCALENDAR")] in data


def test_events_before_a_zone_rule_get_observances_covering_all_of_them(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    old = Event(title="2005", start=datetime(2005, 4, 10, 12, tzinfo=NEW_YORK),
                end=datetime(2005, 4, 10, 13, tzinfo=NEW_YORK), timezone="America/New_York")
    new = dataclasses.replace(old, title="2027", start=datetime(2027, 11, 1, 12, tzinfo=NEW_YORK),
                              end=datetime(2027, 11, 1, 13, tzinfo=NEW_YORK), uid="")
    write_feed([old, new], out, name="NY", now=NOW)
    data = out.read_bytes()
    assert data.count(b"BEGIN:VTIMEZONE") == 1 and b"RRULE" not in data
    for parsed in parse_with_all(data):
        assert [found.start for found in parsed.events] == [datetime(2005, 4, 10, 16, tzinfo=timezone.utc),
                                                            datetime(2027, 11, 1, 16, tzinfo=timezone.utc)]


def test_a_failing_event_source_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    out.write_bytes(b"the old feed")

    def broken() -> Iterator[Event]:
        yield from make_events()
        raise RuntimeError("the event files could not be read")

    with pytest.raises(RuntimeError, match="could not be read"):
        write_feed(broken(), out, name="Eventi", now=NOW)
    assert out.read_bytes() == b"the old feed"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed.ics"]


def test_a_missing_folder_is_a_kit_error_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(KitError, match="could not write the feed"):
        write_feed(make_events(), tmp_path / "missing" / "feed.ics", name="Eventi", now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_the_feed_replaces_the_old_one_with_ordinary_permissions(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    out.write_bytes(b"the old feed")
    assert write_feed([], out, name="Vuoto", now=NOW) == 0
    assert lines_of(out.read_bytes())[-1] == "END:VCALENDAR"
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    assert sorted(path.name for path in tmp_path.iterdir()) == ["feed.ics"]


def test_refresh_and_alarm_options(tmp_path: Path) -> None:
    out = tmp_path / "feed.ics"
    write_feed(make_events()[:1], out, name="Eventi", now=NOW, refresh=timedelta(days=1), alarm=None)
    lines = lines_of(out.read_bytes())
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1D" in lines and "X-PUBLISHED-TTL:P1D" in lines
    assert "BEGIN:VALARM" not in lines


def test_the_scratch_files_of_a_killed_feed_are_removed_by_the_next_run(tmp_path: Path) -> None:
    import time

    out = tmp_path / "feed.ics"
    an_hour_ago = time.time() - 3600
    for name in (".feed.ics.0123456789ab.spool", ".feed.ics.0123456789ab.tmp"):
        (tmp_path / name).write_bytes(b"BEGIN:VEVENT")
        os.utime(tmp_path / name, (an_hour_ago, an_hour_ago))
    (tmp_path / ".feed.ics.fedcba987654.spool").write_bytes(b"")  # another run, at work now
    (tmp_path / ".other.ics.0123456789ab.tmp").write_bytes(b"")  # another feed's
    os.utime(tmp_path / ".other.ics.0123456789ab.tmp", (an_hour_ago, an_hour_ago))

    write_feed(make_events(), out, name="Eventi", now=NOW)

    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".feed.ics.fedcba987654.spool", ".other.ics.0123456789ab.tmp", "feed.ics"]
