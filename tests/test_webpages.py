"""Import from an event's web page: schema.org Event data (JSON-LD, microdata, RDFa) → event files.

The pages in tests/data/webpages are shaped like what Gancio (microdata), Mobilizon, Eventbrite, Meetup
and WordPress's The Events Calendar (JSON-LD) put in their event pages, in Italian, French, English,
Spanish and German, served by a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social.cli import main
from radical_social.errors import DeliveryError, EventError
from radical_social.event.model import Event, Organizer, Venue
from radical_social.sources.calendars import write_event_file
from radical_social.sources.files import load_events
from radical_social.sources.webpages import events_from_page, fetch_page, is_page, mappings_from_page
from tests.http_replies import LocalServer, answer

PAGES = Path(__file__).parent / "data" / "webpages"
CALENDARS = Path(__file__).parent / "calendars"


def page_events(name: str, **options: Any) -> list[Event]:
    return events_from_page((PAGES / name).read_bytes(), source=name, **options)


def problems_of(name: str, **options: Any) -> list[str]:
    return [str(problem) for problem in mappings_from_page((PAGES / name).read_bytes(), source=name,
                                                           **options).problems]


# What each page gives --------------------------------------------------------------------------------


def test_a_gancio_page_gives_its_microdata_event_in_the_zone_asked_for() -> None:
    [event] = page_events("gancio.html", timezone="Europe/Rome")
    assert (event.title, event.language, event.timezone) == ("Cena popolare", "it", "Europe/Rome")
    assert event.start == datetime(2027, 1, 16, 20, 0, tzinfo=ZoneInfo("Europe/Rome"))
    assert event.end == datetime(2027, 1, 16, 23, 30, tzinfo=ZoneInfo("Europe/Rome"))
    assert event.venue == Venue(name="XM24", address="Via Aristotile Fioravanti 24, Bologna")
    assert event.description == "Cena di autofinanziamento per la ciclofficina.\n\nMenù vegano & vino sfuso."


def test_times_without_an_offset_and_no_zone_to_read_them_in_are_refused_naming_the_field() -> None:
    assert problems_of("gancio.html") == [
        "gancio.html: event (Cena popolare): startDate: 2027-01-16 20:00 has no UTC offset, and the page names no "
        "time zone, nor a country with a single one: give the zone (--timezone Europe/Rome, or timezone= in Python)"]


def test_a_mobilizon_page_gives_utc_times_in_the_zone_of_the_venues_country() -> None:
    read = mappings_from_page((PAGES / "mobilizon.html").read_bytes(), source="mobilizon.html",
                              base_url="https://mobilizon.example/events/5b1f")
    [event] = [Event.from_mapping(mapping) for mapping in read.mappings]
    assert event.timezone == "Europe/Paris"
    assert event.start == datetime(2027, 3, 12, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert event.end == datetime(2027, 3, 12, 21, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert event.venue == Venue(name="La Rustine", address="12 rue des Tanneurs", city="Lyon", postcode="69001",
                                country="FR")
    assert (event.organizer, event.capacity, event.language) == (Organizer(name="La Rustine"), 20, "fr")
    assert event.url == "https://mobilizon.example/events/5b1f"  # the page of its only event
    notes = [str(note) for note in read.notes]
    assert any("location: the event is also online (https://visio.example/rustine)" in note for note in notes)
    assert any("image: https://mobilizon.example/media/atelier.jpg is not kept" in note for note in notes)


def test_an_eventbrite_page_gives_its_price_organizer_and_geo() -> None:
    [event] = page_events("eventbrite.html")
    assert (event.title, event.language, event.timezone) == ("Community Sourdough Workshop", "en-GB", "Europe/London")
    assert event.start == datetime(2027, 2, 4, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert (event.price, event.currency, event.free, event.booking) == (Decimal("12.00"), "GBP", False, "none")
    assert event.venue == Venue(name="Chapeltown Hub", address="12 Chapeltown Road", city="Leeds", postcode="LS7 4PE",
                                country="GB", lat=53.8131, lon=-1.5375)
    assert event.organizer == Organizer(name="Leeds Bread Club",
                                        url="https://www.eventbrite.co.uk/o/leeds-bread-club-33445566")
    assert event.url == "https://www.eventbrite.co.uk/e/community-sourdough-workshop-tickets-812345678901"


def test_a_meetup_page_is_free_in_madrid_and_its_rescheduling_is_noted() -> None:
    read = mappings_from_page((PAGES / "meetup.html").read_bytes(), source="meetup.html")
    [event] = [Event.from_mapping(mapping) for mapping in read.mappings]
    assert (event.timezone, event.start.isoformat()) == ("Europe/Madrid", "2027-04-08T19:00:00+02:00")
    assert (event.free, event.price, event.status, event.language) == (True, None, "confirmed", "es")
    assert event.description == "Dos charlas cortas y cervezas después.\n\nTrae tu portátil."
    assert ("meetup.html: event (Noche de Python: tipos y pruebas): eventStatus: the page says the event was "
            "rescheduled from 2027-04-01T19:00:00+02:00: startDate is the new date") in map(str, read.notes)


def test_the_events_calendar_list_gives_each_event_with_escaped_html_and_a_country_name() -> None:
    reading, cancelled = page_events("the-events-calendar.html")
    assert reading.title == "Lesung – Neue Stimmen aus Freiburg"
    assert reading.description == "Drei Autorinnen lesen aus ihren Debüts.\n\nEintritt mit Getränk."
    assert (reading.venue and reading.venue.country, reading.timezone) == ("DE", "Europe/Berlin")
    assert reading.organizer == Organizer(name="Anna Keller", email="anna@lesezeichen.example")
    assert (reading.price, reading.currency, reading.language) == (Decimal(8), "EUR", "de-DE")
    assert (cancelled.title, cancelled.status, cancelled.all_day, cancelled.is_free) == (
        "Bilderbuchkino", "cancelled", True, True)
    assert (cancelled.start, cancelled.end) == (date(2027, 5, 22), date(2027, 5, 22))


def test_a_festival_in_a_graph_gives_itself_and_its_sub_events_with_its_place_and_organizer() -> None:
    festival, ceilidh, singaround = page_events("festival.html")
    assert (festival.title, festival.start, festival.end, festival.all_day) == (
        "Folk by the River", date(2027, 7, 10), date(2027, 7, 11), True)
    for event in (festival, ceilidh, singaround):
        assert event.venue == Venue(name="Riverside Meadow", address="Mill Lane", city="Hebden Bridge",
                                    postcode="HX7 8AD", country="GB", lat=53.7406, lon=-2.0128)
        assert event.organizer == Organizer(name="Calder Folk Collective", email="hello@folk.example",
                                            url="https://folk.example/")
    assert ceilidh.start == datetime(2027, 7, 10, 19, 0, tzinfo=ZoneInfo("Europe/London"))
    assert (singaround.status, singaround.is_free) == ("cancelled", True)
    assert len({event.uid for event in (festival, ceilidh, singaround)}) == 3


def test_an_rdfa_only_page_gives_its_event() -> None:
    [event] = page_events("rdfa.html")
    assert (event.title, event.language, event.timezone) == ("Bodas de sangre", "es", "Europe/Madrid")
    assert event.start == datetime(2027, 10, 15, 20, 30, tzinfo=ZoneInfo("Europe/Madrid"))
    assert event.venue == Venue(name="Teatro del Barrio", address="Calle de Zurita 20", city="Madrid",
                                postcode="28012", country="ES")
    assert (event.price, event.currency) == (Decimal(14), "EUR")


def test_a_broken_json_ld_block_is_reported_and_the_good_one_next_to_it_imported() -> None:
    read = mappings_from_page((PAGES / "broken-json-ld.html").read_bytes(), source="broken-json-ld.html")
    assert [mapping["title"] for mapping in read.mappings] == ["Repair café"]
    assert [str(problem) for problem in read.problems] == [
        "broken-json-ld.html: JSON-LD block 1: is not valid JSON (Extra data: line 1 column 84 (char 83)); "
        "the page's other data is read"]
    with pytest.raises(EventError, match="JSON-LD block 1"):
        events_from_page((PAGES / "broken-json-ld.html").read_bytes(), source="broken-json-ld.html")


def test_every_problem_of_every_event_is_reported_at_once_by_the_pages_field_names() -> None:
    assert problems_of("bad-events.html") == [
        "bad-events.html: event 1: name: is missing: an event needs a name",
        "bad-events.html: event 1: startDate: 'sabato sera' is not an ISO 8601 date like 2027-01-16 or a date and "
        "time like 2027-01-16T18:00+01:00",
        "bad-events.html: event 1: offers.price: 'trenta' is not a number like 12.50",
        "bad-events.html: event 2 (Visita guidata): startDate: 2027-06-05T10:00 has no UTC offset, and the page "
        "names no time zone, nor a country with a single one: give the zone (--timezone Europe/Rome, or timezone= "
        "in Python)",
        "bad-events.html: event 3 (Laboratorio): location.geo.latitude: 95.0 is out of range (-90 to 90)",
        "bad-events.html: event 3 (Laboratorio): url: must be an http(s) link; it has 'ftp:'",
    ]


def test_a_page_without_an_event_says_so() -> None:
    assert problems_of("no-event.html") == [
        "no-event.html: the page has no schema.org Event in it (as JSON-LD, microdata or RDFa)"]


def test_an_unknown_zone_asked_for_is_refused_by_name() -> None:
    with pytest.raises(EventError, match=r"timezone: unknown time zone 'Europe/Rom' \(did you mean 'Europe/Rome'\?\)"):
        mappings_from_page((PAGES / "gancio.html").read_bytes(), timezone="Europe/Rom")


@pytest.mark.parametrize(("country", "offset", "zone"), [
    ("ES", "+01:00", "Europe/Madrid"),   # Madrid and Ceuta keep the same clock: the mainland's is named
    ("ES", "+00:00", "Atlantic/Canary"),
    ("US", "-05:00", "America/New_York"),
    ("US", "-07:00", None),              # Denver or Phoenix in summer: they part in winter
    ("US", "Z", None),                   # UTC says nothing about where
    ("FR", "Z", "Europe/Paris"),
])
def test_the_venues_country_names_the_zone_only_without_doubt(country: str, offset: str, zone: str | None) -> None:
    month = "01" if offset in ("+01:00", "+00:00", "-05:00") else "07"
    page = one_event_page({"@type": "Event", "name": "Serata", "startDate": f"2027-{month}-15T18:00:00{offset}",
                           "location": {"@type": "Place", "name": "Sala",
                                        "address": {"@type": "PostalAddress", "addressCountry": country}}})
    [mapping] = mappings_from_page(page).mappings
    assert mapping.get("timezone") == zone


def one_event_page(*nodes: dict[str, Any], lang: str = "en") -> bytes:
    blocks = "".join(f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org"} | node)}'
                     "</script>" for node in nodes)
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>t</title>{blocks}</head><body></body></html>'.encode()


def test_a_page_in_another_character_set_is_read_as_its_meta_says() -> None:
    page = one_event_page({"@type": "Event", "name": "Café crème", "startDate": "2027-01-15"}).decode()
    page = page.replace("<head>", '<head><meta charset="windows-1252">')
    [event] = events_from_page(page.encode("cp1252"))
    assert event.title == "Café crème"


def test_a_page_written_as_an_event_file_loads_back_the_same_events(tmp_path: Path) -> None:
    out = tmp_path / "events.yaml"
    read = mappings_from_page((PAGES / "the-events-calendar.html").read_bytes())
    write_event_file(read.mappings, out)
    assert load_events(out) == page_events("the-events-calendar.html")


@pytest.mark.parametrize(("data", "content_type", "page"), [
    (b"<!DOCTYPE html><html>", "", True),
    (b"\xef\xbb\xbf\n  <html lang='it'>", "application/octet-stream", True),
    (b"BEGIN:VCALENDAR\r\n", "text/html; charset=utf-8", False),  # a calendar, whatever the server says
    (b"BEGIN:VCALENDAR\r\n", "", False),
    (b"{}", "text/html", True),
    (b"{}", "application/json", False),
])
def test_a_page_is_told_from_a_calendar_by_content_type_and_first_bytes(data: bytes, content_type: str,
                                                                          page: bool) -> None:
    assert is_page(data, content_type) is page


# Round trip: an event → schema.org JSON-LD → import → the same event ---------------------------------------

ZONES = [("Europe/Rome", "IT"), ("Europe/London", "GB"), ("Europe/Madrid", "ES"), ("Europe/Paris", "FR"),
         ("Europe/Berlin", "DE"), ("America/New_York", "US"), ("Asia/Tokyo", "JP")]
_WORD = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_URL = st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9-]{0,20}", fullmatch=True)


@st.composite
def events(draw: st.DrawFn) -> Event:
    zone, country = draw(st.sampled_from(ZONES))
    all_day = draw(st.booleans())
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)))
    geo = draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)))
    venue = draw(st.none() | st.builds(
        Venue, name=_LINE, address=st.none() | _LINE, city=st.none() | _LINE,
        postcode=st.none() | st.from_regex(r"[0-9]{5}", fullmatch=True), country=st.just(country),
        lat=st.just(geo and geo[0]), lon=st.just(geo and geo[1])))
    if all_day:
        start: date = day
        end: date | None = draw(st.none() | st.integers(0, 5).map(lambda days: day + timedelta(days=days)))
        named_zone = None
    else:
        wall = datetime.combine(day, datetime.min.time()) + timedelta(minutes=15 * draw(st.integers(0, 95)))
        if zone == "America/New_York":  # a US venue's zone is in doubt for some offsets (Indiana before 2006)
            venue = None
        named_zone = zone if venue is not None else None
        clock = ZoneInfo(zone) if named_zone else timezone(timedelta(minutes=30 * draw(st.integers(-20, 24))))
        start = wall.replace(tzinfo=clock)
        if start.astimezone(timezone.utc).astimezone(clock).replace(tzinfo=None) != wall:
            start = (start.astimezone(timezone.utc) + timedelta(hours=1)).astimezone(clock)  # not in a gap
        end = draw(st.none() | st.integers(0, 600).map(
            lambda minutes: (start.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(clock)))
    free = draw(st.booleans())
    return Event(
        title=draw(_LINE), start=start, end=end, all_day=all_day, timezone=named_zone,
        description=draw(st.lists(_LINE, max_size=3).map("\n\n".join)),
        language=draw(st.sampled_from(["it", "en", "es", "fr", "de"])), url=draw(st.none() | _URL), venue=venue,
        organizer=draw(st.none() | st.builds(Organizer, name=_LINE, email=st.none() | st.just("info@host.example"),
                                             url=st.none() | _URL)),
        price=None if free else draw(st.none() | st.decimals(0, 500, places=2).filter(lambda price: price > 0)),
        currency=None if free else draw(st.sampled_from(["EUR", "GBP", "USD"])), free=free,
        capacity=draw(st.none() | st.integers(1, 500)), tags=tuple(draw(st.lists(_WORD, max_size=3, unique=True))),
        status=draw(st.sampled_from(["confirmed", "cancelled", "tentative"])))


def as_json_ld(event: Event) -> dict[str, Any]:
    """The event as schema.org says it, as a page carries it (the reference here, written independently)."""
    def moment(value: date) -> str:
        return value.isoformat()

    node: dict[str, Any] = {
        "@context": "https://schema.org", "@type": ["Event", "SocialEvent"], "name": event.title,
        "startDate": moment(event.start), "description": event.description, "inLanguage": event.language,
        "eventStatus": {"confirmed": "https://schema.org/EventScheduled", "cancelled": "https://schema.org/EventCancelled",
                        "tentative": "https://schema.org/EventPostponed"}[event.status],
        "keywords": ", ".join(event.tags),
    }
    if event.end is not None:
        node["endDate"] = moment(event.end)
    if event.url:
        node["url"] = event.url
    if event.capacity:
        node["maximumAttendeeCapacity"] = event.capacity
    if event.venue:
        venue = event.venue
        address = {"@type": "PostalAddress", "streetAddress": venue.address, "addressLocality": venue.city,
                   "postalCode": venue.postcode, "addressCountry": {"@type": "Country", "name": venue.country}}
        node["location"] = {"@type": "Place", "name": venue.name,
                            "address": {key: value for key, value in address.items() if value}}
        if venue.geo:
            node["location"]["geo"] = {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon}
    if event.organizer:
        node["organizer"] = {"@type": "Organization", "name": event.organizer.name, "url": event.organizer.url,
                             "email": event.organizer.email}
    if event.free:
        node["isAccessibleForFree"] = True
    elif event.price is not None:
        node["offers"] = {"@type": "Offer", "price": str(event.price), "priceCurrency": event.currency}
    elif event.currency:
        node["offers"] = {"@type": "Offer", "priceCurrency": event.currency}
    return node


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events(), nested=st.booleans())
def test_an_event_written_as_json_ld_imports_back_the_same(event: Event, nested: bool) -> None:
    node = as_json_ld(event)
    items = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "x"}, node]} if nested else node
    page = f'<html><head><script type="application/ld+json">{json.dumps(items)}</script></head></html>'
    read = mappings_from_page(page.encode())
    assert read.problems == []
    [imported] = [Event.from_mapping(mapping) for mapping in read.mappings]
    assert imported == event
    assert imported.start.utcoffset() == event.start.utcoffset() if isinstance(event.start, datetime) else True


# Fetching: a real HTTP server on 127.0.0.1 ---------------------------------------------------------------


class Server(LocalServer):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.accepted: list[str] = []


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.accepted.append(self.headers.get("Accept", ""))
        ROUTES.get(self.path, lambda handler: answer(handler, 404, b"no such page"))(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def html_page(name: str, content_type: str = "text/html; charset=utf-8") -> Callable[[Handler], None]:
    return lambda handler: answer(handler, 200, (PAGES / name).read_bytes(), Content_Type=content_type)


ROUTES: dict[str, Callable[[Handler], None]] = {
    "/events/atelier-velo": html_page("mobilizon.html"),
    "/e/sourdough": html_page("eventbrite.html", ""),                       # no Content-Type: sniffed
    "/calendar.ics": html_page("the-events-calendar.html"),                 # named .ics, but a page
    "/event.html": lambda handler: answer(handler, 200, (CALENDARS / "gancio.ics").read_bytes(),
                                          Content_Type="text/calendar"),     # named .html, but a calendar
    "/moved": lambda handler: answer(handler, 301, Location="/events/atelier-velo"),
    "/big": lambda handler: answer(handler, 200, b"<html>" + b" " * 200_000, Content_Type="text/html"),
}


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(target=running.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


@pytest.mark.slow
def test_a_page_is_fetched_after_its_redirect_with_its_final_url_and_an_accept_that_takes_html(server: Server) -> None:
    fetched = fetch_page(f"{server.url}/moved", allow_private=True)
    assert fetched.url == f"{server.url}/events/atelier-velo" and fetched.content_type.startswith("text/html")
    assert all("text/html" in accept and "text/calendar" in accept for accept in server.accepted)
    [mapping] = mappings_from_page(fetched.body, base_url=fetched.url, content_type=fetched.content_type).mappings
    assert mapping["url"] == f"{server.url}/events/atelier-velo"


@pytest.mark.slow
def test_a_page_on_a_private_address_is_refused_before_asking_and_a_big_one_is_cut_off(server: Server) -> None:
    with pytest.raises(DeliveryError, match="a loopback address; addresses of the local network are refused"):
        fetch_page(f"{server.url}/events/atelier-velo")
    assert server.accepted == []
    with pytest.raises(DeliveryError, match="the download is larger than 100 kB"):
        fetch_page(f"{server.url}/big", allow_private=True, max_bytes=100_000)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "titles"), [
    ("/events/atelier-velo", ["Atelier réparation vélo"]),
    ("/e/sourdough", ["Community Sourdough Workshop"]),
    ("/calendar.ics", ["Lesung – Neue Stimmen aus Freiburg", "Bilderbuchkino"]),
    ("/event.html", ["Cena popolare", "Ciclofficina aperta"]),
])
def test_the_import_command_tells_pages_from_calendars_by_what_it_gets(server: Server, tmp_path: Path, path: str,
                                                                        titles: list[str]) -> None:
    out = tmp_path / "events.yaml"
    result = CliRunner().invoke(main, ["import", f"{server.url}{path}", "--allow-private", "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == f"{out}: {len(titles)} event{'s' if len(titles) > 1 else ''}\n"
    assert [event.title for event in load_events(out)] == titles


def test_the_import_command_reads_a_local_page_with_the_zone_given_and_prints_its_notes(tmp_path: Path) -> None:
    out = tmp_path / "events.yaml"
    runner = CliRunner()
    refused = runner.invoke(main, ["import", str(PAGES / "gancio.html"), "--out", str(out)])
    assert refused.exit_code == 1 and "startDate: 2027-01-16 20:00 has no UTC offset" in refused.stderr
    assert "Traceback" not in refused.output + refused.stderr and not out.exists()
    done = runner.invoke(main, ["import", str(PAGES / "gancio.html"), "--timezone", "Europe/Rome", "--out", str(out)])
    assert done.exit_code == 0 and done.stdout == f"{out}: 1 event\n"
    assert load_events(out) == page_events("gancio.html", timezone="Europe/Rome")
    noted = runner.invoke(main, ["import", str(PAGES / "mobilizon.html"), "--out", str(out)])
    assert "  note: mobilizon.html: event (Atelier réparation vélo): image: " in noted.stderr


def test_importing_the_module_loads_neither_extruct_nor_lxml_nor_requests() -> None:
    import subprocess
    import sys

    code = ("import sys, radical_social, radical_social.sources.webpages; "
            "print(sorted({'extruct', 'lxml', 'rdflib', 'requests', 'html_text'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events())
def test_an_event_page_we_render_imports_back_the_facts_its_json_ld_carries(event: Event) -> None:
    """render_page's JSON-LD carries the what, when, where, price, status, organiser's name and link,
    description and url; the page's lang carries the language. Tentative is said as scheduled."""
    from radical_social.page.render import render_page

    page = render_page(event, now=datetime(2026, 12, 1, tzinfo=timezone.utc), card=False)
    [mapping] = mappings_from_page(page.encode()).mappings
    imported = Event.from_mapping(mapping)
    organizer = event.organizer and Organizer(name=event.organizer.name, url=event.organizer.url)
    status = "cancelled" if event.status == "cancelled" else "confirmed"
    assert (imported.title, imported.start, imported.end, imported.all_day, imported.status) == (
        event.title, event.start, event.end, event.all_day, status)
    assert (imported.description, imported.url, imported.venue, imported.organizer, imported.language) == (
        event.description, event.url, event.venue, organizer, event.language)
    assert (imported.price, imported.is_free) == (event.price, event.is_free)
    if event.price is not None or event.is_free:
        assert imported.effective_currency == event.effective_currency
    if event.timezone:
        assert imported.timezone == event.timezone
    if isinstance(event.start, datetime):
        assert imported.start.utcoffset() == event.start.utcoffset()


def test_without_extruct_the_import_says_how_to_install_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['extruct'] = None; from radical_social.cli import main; "
            f"main(['import', {str(PAGES / 'meetup.html')!r}, '--out', {str(tmp_path / 'o.yaml')!r}])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "reading events from a web page needs the extruct package: pip install 'radical-social[web]'" in done.stderr


def test_an_event_described_twice_is_kept_once_and_sessions_of_one_page_each_get_their_uid() -> None:
    node = {"@type": "Event", "name": "Serata", "startDate": "2027-01-15T18:00:00+01:00",
            "url": "https://circolo.example/serata"}
    later = node | {"startDate": "2027-01-22T18:00:00+01:00"}
    read = mappings_from_page(one_event_page(node, node | {"description": "Musica"}, later))
    assert [mapping["start"] for mapping in read.mappings] == ["2027-01-15T18:00:00+01:00", "2027-01-22T18:00:00+01:00"]
    assert len({Event.from_mapping(mapping).uid for mapping in read.mappings}) == 2
    assert [str(note) for note in read.notes] == [
        "page.html: event 2 (Serata): is the same event as one before it (the same url and start, or title and "
        "start): it is kept once"]


@pytest.mark.parametrize(("extra", "kept", "said"), [
    ({"offers": [{"@type": "Offer", "price": "10", "priceCurrency": "EUR", "availability": "https://schema.org/SoldOut"},
                 {"@type": "Offer", "price": "25.50", "priceCurrency": "EUR"}]},
     {"price": "10.00–25.50 EUR", "currency": "EUR"},
     ["offers.availability: the page says SoldOut: the event file has no word for it",
      "offers.price: prices from 10.00 to 25.50: written as '10.00–25.50 EUR'; reword it in the event's language if "
      "you like"]),
    ({"offers": {"@type": "AggregateOffer", "lowPrice": "5", "highPrice": "10.00", "priceCurrency": "EUR"}},
     {"price": "5–10 EUR", "currency": "EUR"},
     ["offers.price: prices from 5 to 10: written as '5–10 EUR'; reword it in the event's language if you like"]),
    ({"organizer": [{"@type": "Person", "name": "Ada"}, {"@type": "Person", "name": "Bea"}]},
     {"organizer": {"name": "Ada", "email": "", "url": ""}},
     ["organizer: 2 organizers are given: the first is kept"]),
    ({"location": {"@type": "VirtualLocation", "url": "https://meet.example/x"},
      "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"},
     {"venue": None},
     ["location: the event is also online (https://meet.example/x): an event file describes where people meet, "
      "so the online place is left out", "eventAttendanceMode: the event is online only: it has no venue"]),
    ({"location": {"@type": "Place", "name": "Sala",
                   "address": {"@type": "PostalAddress", "addressCountry": "Narnia"}}},
     {"venue": {"name": "Sala"}},
     ["location.address.addressCountry: 'Narnia' is not a country code or a country name known in the page's "
      "language: venue.country is left out"]),
    ({"offers": {"@type": "Offer", "price": "5", "url": "/biglietti"}, "url": "https://circolo.example/serata"},
     {"price": "5", "url": "https://circolo.example/serata"},
     ["offers.url: places are sold at https://circolo.example/biglietti: add booking: required if people must "
      "book"]),
])
def test_what_the_event_file_cannot_keep_is_noted(extra: dict[str, Any], kept: dict[str, Any], said: list[str]) -> None:
    node = {"@type": "Event", "name": "Serata", "startDate": "2027-01-15"} | extra
    read = mappings_from_page(one_event_page(node), base_url="https://circolo.example/")
    [mapping] = read.mappings
    assert {key: mapping.get(key) for key in kept} == kept
    assert [str(note) for note in read.notes] == [f"page.html: event (Serata): {note}" for note in said]
