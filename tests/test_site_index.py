"""The index of upcoming events and its two feeds: what is upcoming, the page a reader sees, and the
Atom and ICS feeds read back by feedparser and the three iCalendar parsers."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parsers import parse_with_all

from radical_social import Event, EventError, KitError, Organizer, Venue, render_page, write_index
from radical_social.graphics.palette import contrast
from radical_social.page.layout import event_slug
from radical_social.page.upcoming import next_occurrence, upcoming

ROME = ZoneInfo("Europe/Rome")
NOW = datetime(2027, 1, 10, 12, 0, tzinfo=timezone.utc)
BASE = "https://bottegasartori.example/eventi"


def evening(title: str, day: date, **fields: Any) -> Event:
    """A two-hour evening event in Verona on ``day``."""
    start = datetime(day.year, day.month, day.day, 18, 0, tzinfo=ROME)
    values: dict[str, Any] = {"end": start + timedelta(hours=2), "timezone": "Europe/Rome", "language": "it",
                              "venue": Venue(name="Bottega Sartori", address="Via Santa Maria in Chiavica 7",
                                             city="Verona", postcode="37121", country="IT"),
                              **fields}
    return Event(title=title, start=start, **values)


def titles(events: list[Event], now: datetime = NOW) -> list[str]:
    return [item.event.title for item in upcoming(events, now)]


# What is upcoming ------------------------------------------------------------------------------

def test_an_event_stays_until_it_has_ended_and_the_list_runs_by_start() -> None:
    events = [evening("Dopo", date(2027, 2, 1)), evening("Ieri", date(2027, 1, 9)),
              evening("Prima", date(2027, 1, 20)), evening("Stasera", date(2027, 1, 10))]
    assert titles(events) == ["Stasera", "Prima", "Dopo"]
    during = datetime(2027, 1, 10, 18, 30, tzinfo=ROME)
    assert titles(events, during) == ["Stasera", "Prima", "Dopo"]
    assert titles(events, datetime(2027, 1, 10, 20, 0, tzinfo=ROME)) == ["Prima", "Dopo"]  # the end: it has ended


def test_an_event_without_an_end_lasts_the_default_two_hours() -> None:
    event = Event(title="Aperitivo", start=datetime(2027, 1, 10, 18, 0, tzinfo=ROME), timezone="Europe/Rome")
    assert titles([event], datetime(2027, 1, 10, 19, 59, tzinfo=ROME)) == ["Aperitivo"]
    assert titles([event], datetime(2027, 1, 10, 20, 0, tzinfo=ROME)) == []


def test_an_all_day_event_stays_through_its_last_day_in_its_own_zone() -> None:
    fair = Event(title="Fiera", start=date(2027, 1, 8), end=date(2027, 1, 10), all_day=True, timezone="Europe/Rome")
    assert titles([fair], datetime(2027, 1, 10, 23, 30, tzinfo=ROME)) == ["Fiera"]
    assert titles([fair], datetime(2027, 1, 10, 23, 30, tzinfo=timezone.utc)) == []  # 00:30 on the 11th in Rome


def test_a_recurring_event_is_listed_at_its_next_occurrence_and_drops_out_after_its_last() -> None:
    weekly = evening("Corso serale", date(2026, 11, 3), rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270126",
                     exdates=(datetime(2027, 1, 12, 18, 0, tzinfo=ROME),))
    item = next_occurrence(weekly, NOW)
    assert item is not None and item.event is weekly
    assert item.next.start == datetime(2027, 1, 19, 18, 0, tzinfo=ROME)  # the 12th is an exception
    assert item.next.end == datetime(2027, 1, 19, 20, 0, tzinfo=ROME)
    assert next_occurrence(weekly, datetime(2027, 1, 26, 18, 30, tzinfo=ROME)) is not None  # the last one, under way
    assert next_occurrence(weekly, datetime(2027, 1, 26, 20, 0, tzinfo=ROME)) is None


def test_the_start_is_an_occurrence_even_where_the_rule_would_not_make_it_one() -> None:
    saturday = evening("Apertura", date(2027, 1, 16), rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=2")  # a Saturday
    assert next_occurrence(saturday, NOW).next.start.day == 16  # type: ignore[union-attr]


def test_a_weekly_rule_keeps_its_wall_clock_time_across_the_change_to_summer_time() -> None:
    weekly = evening("Coro", date(2027, 3, 23), rrule="FREQ=WEEKLY")
    item = next_occurrence(weekly, datetime(2027, 3, 29, tzinfo=ROME))  # Rome moved its clocks on the 28th
    assert item is not None and item.next.start == datetime(2027, 3, 30, 18, 0, tzinfo=ROME)
    assert item.at == datetime(2027, 3, 30, 16, 0, tzinfo=timezone.utc)


@settings(max_examples=150, deadline=None)
@given(offsets=st.lists(st.integers(-2000, 2000), min_size=0, max_size=12),
       lengths=st.lists(st.integers(0, 3000), min_size=12, max_size=12), now_offset=st.integers(-100, 100))
def test_upcoming_one_off_events_are_those_not_yet_ended_in_start_order(
        offsets: list[int], lengths: list[int], now_offset: int) -> None:
    first = datetime(2027, 1, 1, 9, 0, tzinfo=ROME)
    events = [Event(title=f"Evento {index}", start=(start := (first + timedelta(hours=offset)).astimezone(ROME)),
                    end=start + timedelta(minutes=length), timezone="Europe/Rome")
              for index, (offset, length) in enumerate(zip(offsets, lengths, strict=False))]
    now = first + timedelta(hours=now_offset, minutes=7)
    expected = sorted((event for event in events if event.end > now),  # type: ignore[operator]
                      key=lambda event: (event.start, event.title))
    assert [item.event for item in upcoming(events, now)] == expected


@settings(max_examples=100, deadline=None)
@given(count=st.integers(1, 30), interval=st.integers(1, 3), skipped=st.sets(st.integers(0, 29), max_size=5),
       hours=st.integers(0, 24 * 7 * 100))
def test_a_weekly_series_is_next_at_its_first_occurrence_that_has_not_ended(
        count: int, interval: int, skipped: set[int], hours: int) -> None:
    """Counted by hand: occurrence k starts at 18:00 Rome time, 7 × interval × k days after the first."""
    first = date(2027, 1, 5)
    walls = [datetime.combine(first + timedelta(days=7 * interval * k), datetime.min.time()).replace(hour=18)
             for k in range(count)]
    exdates = tuple(walls[k].replace(tzinfo=ROME) for k in sorted(skipped) if 0 < k < count)
    series = evening("Serie", first, rrule=f"FREQ=WEEKLY;INTERVAL={interval};COUNT={count}", exdates=exdates)
    now = datetime(2027, 1, 5, 17, tzinfo=ROME) + timedelta(hours=hours)
    left = [wall.replace(tzinfo=ROME) for wall in walls
            if wall.replace(tzinfo=ROME) not in exdates and wall.replace(tzinfo=ROME) + timedelta(hours=2) > now]
    item = next_occurrence(series, now)
    assert (item.next.start if item else None) == (left[0] if left else None)


def test_a_rule_dateutil_cannot_expand_is_an_event_error_naming_it() -> None:
    leap = evening("Minuto", date(2027, 1, 2), rrule="FREQ=MINUTELY;BYSECOND=60")
    with pytest.raises(EventError, match=r"rrule: 'FREQ=MINUTELY;BYSECOND=60' of 'Minuto' cannot be expanded"):
        upcoming([leap], NOW)


def test_the_index_lists_what_a_calendar_app_shows_next(tmp_path: Path) -> None:
    """ical (Home Assistant's calendar) expands the written feed on its own: its next occurrence of each
    event is the one the index lists."""
    from ical.calendar_stream import IcsCalendarStream

    events = [evening("Corso serale", date(2026, 11, 3), rrule="FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270601",
                      exdates=(datetime(2027, 1, 12, 18, 0, tzinfo=ROME),)),
              evening("Mercato", date(2026, 10, 3), rrule="FREQ=MONTHLY;BYDAY=1SA", end=None),
              evening("Cena", date(2027, 1, 30)), evening("Passata", date(2027, 1, 2))]
    write_index(events, tmp_path, now=NOW)
    calendar = IcsCalendarStream.calendar_from_ics((tmp_path / "events.ics").read_text(encoding="utf-8"))
    theirs: dict[str, datetime] = {}
    for occurrence in calendar.timeline_tz(ROME).active_after(NOW):
        theirs.setdefault(occurrence.summary or "", occurrence.dtstart)  # type: ignore[arg-type]
    ours = {item.event.title: item.next.start for item in upcoming(events, NOW)}
    assert ours == theirs
    assert list(ours) == ["Corso serale", "Cena", "Mercato"]  # the 14th, the 30th, 6 February


# The index page --------------------------------------------------------------------------------

class _Page(HTMLParser):
    """What the tests read of a page: tags, attributes, the text of headings and links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attributes for name, attributes in self.tags if name == tag]


def read_page(folder: Path) -> tuple[str, _Page]:
    text = (folder / "index.html").read_text(encoding="utf-8")
    return text, _Page(text)


def test_the_index_says_what_when_and_where_in_the_sites_language_and_links_each_page(tmp_path: Path) -> None:
    pasta = Event.example()
    weekly = evening("Corso di cucito", date(2026, 11, 3), rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270330")
    written = write_index([pasta, weekly, evening("Passata", date(2027, 1, 2))], tmp_path, now=NOW)
    assert written == [tmp_path / "index.html", tmp_path / "feed.atom", tmp_path / "events.ics"]
    text, page = read_page(tmp_path)
    assert page.all("html") == [{"lang": "it"}]
    assert len(page.all("h1")) == 1 and "<h1>Prossimi eventi</h1>" in text
    assert [link["href"] for link in page.all("a")][:2] == ["2026-11-03-corso-di-cucito/", f"{event_slug(pasta)}/"]
    assert "Martedì 12 gennaio, ore 18:00–20:00" in text  # the series at its next evening
    assert "ogni martedì fino al 30 marzo" in text
    assert "Sabato 16 gennaio, ore 18:00–20:30" in text
    assert "Bottega Sartori, Via Santa Maria in Chiavica 7, 37121 Verona" in text
    assert "Passata" not in text
    assert {(link["type"], link["href"]) for link in page.all("link") if link.get("rel") == "alternate"} == {
        ("application/atom+xml", "feed.atom"), ("text/calendar", "events.ics")}


def test_the_index_and_the_pages_name_the_feeds_alike_a_subscription(tmp_path: Path) -> None:
    write_index([Event.example()], tmp_path, now=NOW)
    _, index = read_page(tmp_path)
    page = _Page(render_page(Event.example(), now=NOW, feeds=True))
    titles = [{link["type"]: link["title"] for link in found.all("link") if link.get("rel") == "alternate"}
              for found in (index, page)]
    assert titles[0] == titles[1]
    assert titles[0]["text/calendar"] == "Prossimi eventi (abbonamento al calendario)"


def test_the_index_is_written_in_the_language_asked_for(tmp_path: Path) -> None:
    write_index([Event.example()], tmp_path, now=NOW, language="de")
    text, page = read_page(tmp_path)
    assert page.all("html") == [{"lang": "de"}]
    assert "<h1>Kommende Veranstaltungen</h1>" in text and "Samstag, 16. Januar" in text
    assert '<h2 lang="it" dir="auto">' in text  # the Italian title says which language it is in
    assert "Kalender abonnieren" in text


def test_the_index_is_in_the_language_most_events_are_in_whatever_their_region(tmp_path: Path) -> None:
    english = [evening(f"Talk {tag}", date(2027, 2, n + 1), language=tag)
               for n, tag in enumerate(("en", "en-GB", "en-US", "en-IE", "en-GB"))]
    italian = [evening(f"Serata {n}", date(2027, 3, n + 1)) for n in range(3)]
    write_index(italian + english, tmp_path, now=NOW)
    text, page = read_page(tmp_path)
    assert page.all("html") == [{"lang": "en-GB"}] and "<h1>Upcoming events</h1>" in text
    assert '<h2 lang="it" dir="auto">' in text and '<h2 lang="en-US" dir="auto">' in text
    assert '<h2 lang="en-GB"' not in text


def test_a_language_without_wording_gets_an_english_page_that_says_so(tmp_path: Path) -> None:
    write_index([Event.example()], tmp_path, now=NOW, language="pt-BR")
    text, page = read_page(tmp_path)
    assert page.all("html") == [{"lang": "en"}] and "<h1>Upcoming events</h1>" in text
    assert read_atom(tmp_path).feed.language == "en"


def test_an_empty_site_says_so(tmp_path: Path) -> None:
    write_index([evening("Passata", date(2027, 1, 2))], tmp_path, now=NOW, title="Bottega Sartori")
    text, page = read_page(tmp_path)
    assert "<h1>Bottega Sartori</h1>" in text
    assert "Al momento non ci sono eventi in programma." in text
    assert page.all("li") == []
    assert feedparser.parse((tmp_path / "feed.atom").read_bytes()).entries == []
    assert parse_with_all((tmp_path / "events.ics").read_bytes())[0].events == ()


def test_a_cancelled_event_is_marked_so(tmp_path: Path) -> None:
    write_index([evening("Cena", date(2027, 1, 30), status="cancelled")], tmp_path, now=NOW)
    assert '<p class="status">Annullato</p>' in read_page(tmp_path)[0]


def test_the_index_is_small_static_and_readable(tmp_path: Path) -> None:
    events = [evening(f"Serata numero {number}: musica, poesia e un bicchiere di vino", date(2027, 2, 1)
                      + timedelta(days=number)) for number in range(100)]
    write_index(events, tmp_path, now=NOW, base_url=BASE)
    text, page = read_page(tmp_path)
    assert len(text.encode()) <= 50_000
    assert len(page.all("li")) == 100
    assert not page.all("script") and not page.all("img") and not page.all("iframe")
    external = [link for link in page.all("link") if str(link["href"]).startswith(("http:", "https:", "//"))]
    assert external == [{"rel": "canonical", "href": f"{BASE}/"}]  # no style sheet or font from elsewhere
    style = "".join(re.findall(r"<style>(.*?)</style>", text, re.DOTALL))
    background = _rgb(re.search(r"background:(#[0-9a-f]{6})", style).group(1))  # type: ignore[union-attr]
    colours = re.findall(r"(?<![-\w])color:(#[0-9a-f]{6})", style)
    assert len(colours) >= 4
    assert [colour for colour in colours if contrast(_rgb(colour), background) < 4.5] == []


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def test_titles_and_places_are_escaped_in_the_page(tmp_path: Path) -> None:
    hostile = evening('<script>alert("x")</script> & "amici"', date(2027, 1, 20),
                      venue=Venue(name="Bar <b>Roma</b>", city="Verona"))
    write_index([hostile], tmp_path, now=NOW)
    _, page = read_page(tmp_path)
    assert not page.all("script") and not page.all("b")
    assert '<script>alert("x")</script> & "amici"' in "".join(page.text)
    assert "Bar <b>Roma</b>" in "".join(page.text)


# The Atom feed ---------------------------------------------------------------------------------

def read_atom(folder: Path, **options: Any) -> Any:
    parsed = feedparser.parse((folder / "feed.atom").read_bytes(), **options)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_atom_feed_has_one_entry_per_upcoming_event_linking_to_its_page(tmp_path: Path) -> None:
    pasta = Event.example()
    events = [pasta, evening("Cena", date(2027, 1, 12), organizer=Organizer(name="Circolo Arci")),
              evening("Passata", date(2027, 1, 2))]
    write_index(events, tmp_path, now=NOW, base_url=f"{BASE}/")
    feed = read_atom(tmp_path)
    assert feed.feed.title == "Prossimi eventi" and feed.feed.language == "it"
    assert feed.feed.id == f"{BASE}/feed.atom"
    assert {(link.rel, link.href) for link in feed.feed.links} == {("self", f"{BASE}/feed.atom"),
                                                                   ("alternate", f"{BASE}/")}
    assert feed.feed.updated == "2027-01-10T12:00:00Z"
    assert [entry.title for entry in feed.entries] == ["Cena", pasta.title]
    cena, laboratorio = feed.entries
    assert cena.link == f"{BASE}/2027-01-12-cena/" and cena.author == "Circolo Arci"
    assert cena.summary == ("Martedì 12 gennaio, ore 18:00–20:00 · "
                            "Bottega Sartori, Via Santa Maria in Chiavica 7, 37121 Verona")
    assert laboratorio.content[0].value == pasta.description and laboratorio.content[0].type == "text/plain"
    assert {entry.id for entry in feed.entries} == {f"urn:uuid:{_uuid(event)}" for event in events[:2]}


def test_an_entry_in_another_language_than_the_feed_says_its_own(tmp_path: Path) -> None:
    talk = evening("Reading night", date(2027, 1, 14), language="en-GB", description="Bring a poem.")
    write_index([talk, evening("Cena", date(2027, 1, 12), description="Si cena.")], tmp_path, now=NOW,
                language="it")
    feed = read_atom(tmp_path)
    assert feed.feed.language == "it"
    cena, reading = feed.entries
    assert (reading.title_detail.language, reading.content[0].language) == ("en-GB", "en-GB")
    assert reading.summary_detail.language == "it"  # when and where, in the feed's words
    assert (cena.title_detail.language, cena.content[0].language) == ("it", "it")


def _uuid(event: Event) -> str:
    import uuid

    from radical_social.page.atom import _NAMESPACE

    return str(uuid.uuid5(_NAMESPACE, event.uid))


def test_without_a_base_url_the_links_are_relative_to_the_feed_and_readers_resolve_them(tmp_path: Path) -> None:
    write_index([Event.example()], tmp_path, now=NOW)
    assert 'href="2027-01-16-laboratorio-di-pasta-fresca/"' in (tmp_path / "feed.atom").read_text(encoding="utf-8")
    served = {"content-location": "https://altrove.example/eventi/feed.atom", "content-type": "application/atom+xml"}
    feed = read_atom(tmp_path, response_headers=served)
    assert feed.entries[0].link == "https://altrove.example/eventi/2027-01-16-laboratorio-di-pasta-fresca/"
    assert feed.feed.id.startswith("urn:uuid:")


def test_the_same_events_give_the_same_feed_and_a_change_dates_only_its_entry(tmp_path: Path) -> None:
    pasta, cena = Event.example(), evening("Cena", date(2027, 1, 12))
    write_index([pasta, cena], tmp_path, now=NOW, base_url=BASE)
    first = (tmp_path / "feed.atom").read_bytes()
    write_index([pasta, cena], tmp_path, now=NOW + timedelta(hours=1), base_url=BASE)
    assert (tmp_path / "feed.atom").read_bytes() == first
    moved = Event.from_mapping({**pasta.to_mapping(), "start": "2027-01-16T19:00", "end": "2027-01-16T21:30"})
    write_index([moved, cena], tmp_path, now=NOW + timedelta(hours=2), base_url=BASE)
    feed = read_atom(tmp_path)
    assert {entry.title: entry.updated for entry in feed.entries} == {
        "Cena": "2027-01-10T12:00:00Z", pasta.title: "2027-01-10T14:00:00Z"}
    assert feed.feed.updated == "2027-01-10T14:00:00Z"


_HOSTILE = ["<", ">", "&", "&amp;", "]]>", "<![CDATA[", "<b>", '"', "'", "&#0;", "\ufffe", "\uffff",
            "🍝", "👩🏽‍🍳", "漢字", "e\u0301", "שלום", "\u200f", "\t", " ", "\U0001fffe"]
_CHARACTERS = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u2028\u2029")


def _text(max_size: int) -> st.SearchStrategy[str]:
    pieces = st.lists(st.one_of(st.sampled_from(_HOSTILE), st.text(_CHARACTERS, max_size=15)), max_size=10)
    return pieces.map(lambda parts: "".join(parts)[:max_size])


def _xml(text: str) -> str:
    return text.replace("\ufffe", "").replace("\uffff", "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_text(120).filter(lambda text: _xml(text).strip() != ""),
       description=st.lists(st.one_of(_text(200), st.just("\n")), max_size=5).map("".join),
       organizer=_text(60).filter(lambda text: _xml(text).strip() != ""))
def test_hostile_titles_and_descriptions_come_back_from_feedparser_as_written(
        tmp_path_factory: pytest.TempPathFactory, title: str, description: str, organizer: str) -> None:
    """Less only what XML cannot carry (U+FFFE, U+FFFF); feedparser trims the spaces at the ends."""
    try:
        event = evening(title, date(2027, 1, 20), description=description, organizer=Organizer(name=organizer))
    except Exception:  # the model refuses some texts (blank, format characters): not the feed's concern
        return
    folder = tmp_path_factory.mktemp("site")
    write_index([event], folder, now=NOW, base_url=BASE)
    [entry] = read_atom(folder).entries
    assert entry.title == _xml(title).strip()
    assert entry.get("content", [{"value": ""}])[0]["value"] == _xml(description).strip()
    assert entry.author == _xml(organizer).strip()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_text(120), place=_text(80))
def test_hostile_titles_and_places_come_back_from_an_html_parser_as_written(
        tmp_path_factory: pytest.TempPathFactory, title: str, place: str) -> None:
    try:
        event = evening(title, date(2027, 1, 20), venue=Venue(name=place))
    except Exception:  # the model refuses some texts (blank, format characters): not the page's concern
        return
    folder = tmp_path_factory.mktemp("site")
    write_index([event], folder, now=NOW)
    _, page = read_page(folder)
    assert [name for name, _ in page.tags].count("a") == 3  # the event's page and the two feeds
    assert [name for name, _ in page.tags if name not in ("a", "time", "link", "meta", "style", "title")] == [
        "html", "head", "body", "main", "h1", "ol", "li", "h2", "p", "p", "footer", "p", "p"]
    text = "".join(page.text)
    assert event.title in text and event.venue.one_line in text  # type: ignore[union-attr]


# The ICS feed ----------------------------------------------------------------------------------

def test_the_ics_feed_holds_the_same_events_and_calendar_apps_can_subscribe(tmp_path: Path) -> None:
    events = [Event.example(), evening("Corso serale", date(2026, 11, 3), rrule="FREQ=WEEKLY;BYDAY=TU"),
              Event(title="Fiera", start=date(2027, 2, 27), end=date(2027, 3, 1), all_day=True),
              evening("Passata", date(2027, 1, 2))]
    write_index(events, tmp_path, now=NOW, title="Bottega Sartori")
    data = (tmp_path / "events.ics").read_bytes()
    for parsed in parse_with_all(data):
        assert [event.uid for event in parsed.events] == [item.event.uid for item in upcoming(events, NOW)]
    assert b"NAME:Bottega Sartori\r\n" in data and b"X-WR-CALNAME:Bottega Sartori\r\n" in data
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data
    assert [entry.id for entry in read_atom(tmp_path).entries] == [
        f"urn:uuid:{_uuid(item.event)}" for item in upcoming(events, NOW)]


# Bad input and writing ---------------------------------------------------------------------------

@pytest.mark.parametrize("base_url", ["ftp://example.org/x", "example.org", "https://example.org/?page=1"])
def test_a_base_url_that_is_not_a_web_address_is_refused_by_name(tmp_path: Path, base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        write_index([Event.example()], tmp_path, base_url=base_url, now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_now_must_be_aware(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="now must be time-zone-aware"):
        write_index([Event.example()], tmp_path, now=datetime(2027, 1, 10))


def test_two_events_on_one_page_or_with_one_uid_are_refused(tmp_path: Path) -> None:
    with pytest.raises(KitError, match="2027-01-20-cena"):
        write_index([evening("Cena", date(2027, 1, 20)), evening("Cena!", date(2027, 1, 20))], tmp_path, now=NOW)
    with pytest.raises(KitError, match=r"UID 'cena@circolo\.example'"):
        write_index([evening("Cena", date(2027, 1, 20), uid="cena@circolo.example"),
                     evening("Pranzo", date(2027, 1, 21), uid="cena@circolo.example")], tmp_path, now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_the_files_are_replaced_whole_and_no_scratch_is_left(tmp_path: Path) -> None:
    write_index([Event.example()], tmp_path, now=NOW)
    write_index([], tmp_path, now=NOW)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["events.ics", "feed.atom", "index.html"]
    assert "laboratorio" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_the_same_events_at_the_same_moment_give_the_same_bytes(tmp_path: Path) -> None:
    events = [Event.example(), evening("Corso serale", date(2026, 11, 3), rrule="FREQ=WEEKLY;BYDAY=TU")]
    first = write_index(events, tmp_path / "uno", now=NOW, base_url=BASE)
    second = write_index(list(reversed(events)), tmp_path / "due", now=NOW, base_url=BASE)
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in second]


def test_a_folder_that_cannot_be_written_is_a_kit_error(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("a file, not a folder")
    with pytest.raises(KitError, match="could not write the index"):
        write_index([Event.example()], tmp_path / "site", now=NOW)
