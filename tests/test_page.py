"""The event page: what a person reads, and what machines read back from it with real parsers
(extruct for JSON-LD and Open Graph, mf2py for microformats, html5lib for the HTML itself), against
our JSON Schema of Google's required and recommended Event fields."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import extruct
import html5lib
import jsonschema
import mf2py
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from radical_social import Event, Venue, render_page
from radical_social.errors import EventError, LanguageFallbackWarning
from radical_social.page.layout import event_slug, linked, page_url
from radical_social.page.structured import event_json_ld, script_json, whole_sentences
from radical_social.sources.files import load_events

DATA = Path(__file__).resolve().parent / "data"
EVENTS = sorted((DATA / "events").glob("*.yaml"))
SCHEMA = json.loads((DATA / "google-event.schema.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
BASE = "https://example.org/events"
XHTML = "{http://www.w3.org/1999/xhtml}"
SIZE_LIMIT = 50_000


def page(event: Event, **options: Any) -> str:
    return render_page(event, now=NOW, **{"base_url": BASE, **options})


def parsed(html: str) -> ElementTree.Element:
    """The page as a browser builds it; any parse error (a stray tag, a bad nesting) fails."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(html)


def json_ld(html: str) -> Any:
    [data] = extruct.extract(html, base_url=BASE, syntaxes=["json-ld"])["json-ld"]
    return data


def text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def file_events() -> list[tuple[str, Event]]:
    return [(path.stem, event) for path in EVENTS for event in load_events(path)]


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[Event, str]]:
    return {name: (event, page(linked(event, BASE))) for name, event in file_events()}


# --- what machines read ----------------------------------------------------------------------------


def test_every_page_with_a_venue_meets_googles_event_fields(pages: dict[str, tuple[Event, str]]) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for name, (event, html) in pages.items():
        errors = sorted(error.message for error in validator.iter_errors(json_ld(html)))
        if event.venue is None:  # nothing is invented: no place, so no location, and the kit says it is missing
            assert errors == ["'eventAttendanceMode' is a required property", "'location' is a required property"]
        else:
            assert errors == [], name


def test_the_json_ld_is_the_event_as_schema_org_says_it(event: Event) -> None:
    data = json_ld(page(event))
    assert data == event_json_ld(event, url=page_url(event, BASE),
                                 image=f"{page_url(event, BASE)}cards/link.png")
    assert data["startDate"] == "2027-01-16T18:00:00+01:00" and data["endDate"] == "2027-01-16T20:30:00+01:00"
    assert data["location"] == {
        "@type": "Place", "name": "Bottega Sartori",
        "address": {"@type": "PostalAddress", "streetAddress": "Via Santa Maria in Chiavica 7",
                    "addressLocality": "Verona", "postalCode": "37121", "addressCountry": "IT"},
        "geo": {"@type": "GeoCoordinates", "latitude": 45.4432, "longitude": 10.9983}}
    assert data["offers"] == {"@type": "Offer", "price": "35", "priceCurrency": "EUR",
                              "availability": "https://schema.org/InStock", "url": event.url}
    assert data["organizer"] == {"@type": "Organization", "name": "Giulia Sartori", "url": "https://bottegasartori.example"}
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"


def test_open_graph_and_twitter_show_the_link_card_with_its_alt(event: Event) -> None:
    html = page(event)
    [graph] = extruct.extract(html, base_url=BASE, syntaxes=["opengraph"])["opengraph"]
    og = dict(graph["properties"])
    card = f"{page_url(event, BASE)}cards/link.png"
    assert og["og:title"] == event.title and og["og:image"] == card and og["og:url"] == page_url(event, BASE)
    assert og["og:image:alt"].startswith("Laboratorio di pasta fresca. Sabato 16 gennaio, ore 18:00–20:30.")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")
    meta = {element.get("name"): element.get("content") for element in parsed(html).iter(f"{XHTML}meta")
            if element.get("name", "").startswith("twitter:")}
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == card
    assert meta["twitter:image:alt"] == og["og:image:alt"]
    img = next(parsed(html).iter(f"{XHTML}img"))
    assert (img.get("src"), img.get("alt")) == (card, og["og:image:alt"])


def test_microformats_read_an_h_event_with_an_h_card_location(event: Event) -> None:
    html = page(event)
    [item] = mf2py.parse(doc=html, url=page_url(event, BASE))["items"]
    assert item["type"] == ["h-event"]
    properties = item["properties"]
    assert properties["name"] == [event.title]
    moments = [datetime.strptime(properties[name][0], "%Y-%m-%dT%H:%M:%S%z") for name in ("start", "end")]
    assert moments == [event.start, event.end]
    assert page_url(event, BASE) in properties["url"] and event.url in properties["url"]
    [location] = properties["location"]
    assert location["type"] == ["h-card"]
    assert location["properties"]["name"] == ["Bottega Sartori"]
    assert location["properties"]["street-address"] == ["Via Santa Maria in Chiavica 7"]
    assert location["properties"]["locality"] == ["Verona"]
    assert location["properties"]["latitude"] == ["45.4432"]
    assert location["properties"]["country-name"] == ["Italia"]
    assert "url" not in location["properties"]  # the map link is not the venue's own address
    [organizer] = properties["organizer"]
    assert organizer["properties"]["name"] == ["Giulia Sartori"]
    # extruct reads the same through its own microformats pass
    assert extruct.extract(html, base_url=BASE, syntaxes=["microformat"])["microformat"][0]["type"] == ["h-event"]


def test_a_page_of_a_site_links_its_feeds_and_its_canonical_url(event: Event) -> None:
    head = parsed(page(event, feeds=True)).find(f"{XHTML}head")
    links = {(link.get("rel"), link.get("type")): link.get("href") for link in head.iter(f"{XHTML}link")}
    assert links == {("canonical", None): page_url(event, BASE),
                     ("alternate", "application/atom+xml"): "../feed.atom",
                     ("alternate", "text/calendar"): "../events.ics"}
    alone = parsed(render_page(event, now=NOW)).find(f"{XHTML}head")
    assert [link.get("rel") for link in alone.iter(f"{XHTML}link")] == []
    previews = {meta.get("property") or meta.get("name"): meta.get("content") for meta in alone.iter(f"{XHTML}meta")}
    assert "og:image" not in previews and previews["twitter:card"] == "summary"  # no address to give the card
    assert json_ld(render_page(event, now=NOW))["url"] == event.url
    assert "image" not in json_ld(render_page(event, now=NOW))


# --- what a person reads ---------------------------------------------------------------------------


def test_every_page_is_well_formed_html5_and_small(pages: dict[str, tuple[Event, str]]) -> None:
    for name, (event, html) in pages.items():
        document = parsed(html)
        assert len(html.encode("utf-8")) <= SIZE_LIMIT, name
        assert document.get("lang") == event.language
        [h1] = document.iter(f"{XHTML}h1")
        assert text(h1) == " ".join(event.title.split())


def test_a_page_loads_nothing_and_runs_nothing(pages: dict[str, tuple[Event, str]]) -> None:
    for name, (event, html) in pages.items():
        document = parsed(html)
        assert [script.get("type") for script in document.iter(f"{XHTML}script")] == ["application/ld+json"], name
        assert not any(element.get("src", "").startswith(("http:", "https:", "//"))
                       and not element.get("src", "").startswith(page_url(event, BASE))
                       for element in document.iter()), name
        assert not [attribute for element in document.iter() for attribute in element.attrib
                    if attribute.startswith("on")], name
        style = "".join(element.text or "" for element in document.iter(f"{XHTML}style"))
        assert "@import" not in style and "url(" not in style and "@font-face" not in style
        assert not list(document.iter(f"{XHTML}iframe"))


def test_the_example_reads_in_five_seconds(event: Event) -> None:
    main = parsed(page(event)).find(f".//{XHTML}main")
    rows = [text(element) for element in main.find(f"{XHTML}dl")]
    assert rows == [
        "Quando", "Sabato 16 gennaio 2027, ore 18:00–20:30",  # a page stays online: its dates say their year
        "Dove", "Bottega Sartori Via Santa Maria in Chiavica 7 37121 Verona Apri la mappa (OpenStreetMap)",
        "Costo", "35 €", "Posti", "12", "Organizza", "Giulia Sartori"]
    links = {text(a): a.get("href") for a in main.iter(f"{XHTML}a")}
    assert links["Apri la mappa (OpenStreetMap)"] == (
        "https://www.openstreetmap.org/?mlat=45.4432&mlon=10.9983#map=18/45.4432/10.9983")
    assert links["Tutti i dettagli su bottegasartori.example"] == event.url
    assert links["File del calendario (.ics)"] == "invite.ics"
    assert [name for name in links if "Calendar" in name or name in ("Outlook.com", "Microsoft 365")] == [
        "Google Calendar", "Outlook.com", "Microsoft 365", "Yahoo Calendar"]
    assert links["Google Calendar"].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")


LABELS = {
    "it-recurring": ["Quando", "Sabato 3 aprile 2027, ore 09:00–10:00", "Ogni primo sabato del mese", "Dove", "Costo",
                     "Ingresso libero", "Apri la mappa (OpenStreetMap)", "Aggiungilo al tuo calendario"],
    "en-leeds": ["When", "Saturday 20 February 2027, 09:30–12:30", "Where", "12 Chapeltown Road", "Leeds", "LS7 4PE",
                 "Price", "£18", "Places", "8", "Booking required", "Hosted by", "Add it to your calendar"],
    "es-trueque": ["Cuándo", "Sábado 3 de abril de 2027, 10:00–14:00", "El primer sábado de cada mes", "Dónde",
                   "Precio", "Entrada libre", "Organiza", "Abrir el mapa (OpenStreetMap)", "Añádelo a tu calendario"],
    "fr-atelier-velo": ["Quand", "Samedi 6 mars 2027 à 14 h", "Le premier samedi du mois", "Où", "8 rue des Tanneurs",
                        "35000 Rennes", "Tarif", "Entrée libre", "Organisé par", "Ajoutez-le à votre agenda",
                        "Fichier d’agenda (.ics)", "Tous les détails sur laroueliberee.example"],
    "de-repair": ["Wann", "Samstag, 10. April 2027, 14:00–18:00 Uhr", "Jeden zweiten Samstag im Monat", "Wo",
                  "Wrangelstraße 12", "10997 Berlin", "Preis", "Eintritt frei", "Karte öffnen (OpenStreetMap)",
                  "In den Kalender eintragen", "Kalenderdatei (.ics)", "Alle Infos auf kiezwerkstatt.example"],
}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_each_language_labels_the_page_in_its_own_words(pages: dict[str, tuple[Event, str]], name: str) -> None:
    event, html = pages[name]
    body = parsed(html).find(f"{XHTML}body")
    lines = [" ".join(line.split()) for line in "".join(body.itertext()).splitlines() if line.strip()]
    assert [label for label in LABELS[name] if label not in lines] == []
    english = {"When", "Where", "Price", "Places", "Hosted by", "Add it to your calendar"}
    if not event.language.startswith("en"):
        assert english.isdisjoint(lines)


# --- the cases -------------------------------------------------------------------------------------


def test_a_cancelled_event_says_so_first_and_offers_no_calendar(event: Event) -> None:
    html = page(replace(event, status="cancelled"))
    main = parsed(html).find(f".//{XHTML}main")
    assert [text(element) for element in main][1:3] == ["Laboratorio di pasta fresca", "Annullato"]
    assert "cancelled" in main.get("class", "")
    assert not [a for a in main.iter(f"{XHTML}a") if a.get("href") == "invite.ics"]
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventCancelled" and "availability" not in data["offers"]


def test_a_rescheduled_event_gives_its_new_and_its_old_date(event: Event) -> None:
    """An event file's ``previous_start``, read in its time zone like ``start``."""
    moved = Event.from_mapping({**event.to_mapping(), "previous_start": "2027-01-09T18:00"})
    assert moved.previous_start == datetime(2027, 1, 9, 18, 0, tzinfo=event.start.tzinfo)
    assert Event.from_mapping(moved.to_mapping()) == moved
    html = page(moved)
    body = text(parsed(html).find(f"{XHTML}body"))
    assert "Nuova data" in body and "Data precedente: sabato 9 gennaio 2027, ore 18:00" in body
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2027-01-09T18:00:00+01:00"
    jsonschema.validate(data, SCHEMA)


def test_a_free_event_offers_a_price_of_nothing(event: Event) -> None:
    data = json_ld(page(replace(event, price=None, free=True)))
    assert (data["offers"]["price"], data["offers"]["priceCurrency"]) == ("0", "EUR")
    jsonschema.validate(data, SCHEMA)
    worded = json_ld(page(replace(event, price="offerta libera")))["offers"]
    assert worded["description"] == "offerta libera" and "price" not in worded
    assert "offers" not in json_ld(page(replace(event, price=None)))


def test_an_event_without_an_end_says_none(event: Event) -> None:
    html = page(replace(event, end=None))
    assert "endDate" not in json_ld(html)
    assert "end" not in mf2py.parse(doc=html)["items"][0]["properties"]
    assert "Sabato 16 gennaio 2027, ore 18:00" in text(parsed(html).find(f"{XHTML}body"))


def test_without_a_venue_there_is_no_place_and_no_map(event: Event) -> None:
    html = page(replace(event, venue=None))
    data = json_ld(html)
    assert "location" not in data and "eventAttendanceMode" not in data
    assert "openstreetmap" not in html and "Dove" not in text(parsed(html).find(f"{XHTML}body"))


def test_a_venue_without_coordinates_is_searched_for_on_the_map(event: Event) -> None:
    venue = Venue(name="Chapeltown Bakehouse", address="12 Chapeltown Road", city="Leeds", postcode="LS7 4PE",
                  country="GB")
    html = page(replace(event, venue=venue, language="en-GB"))
    [link] = [a.get("href") for a in parsed(html).iter(f"{XHTML}a") if "openstreetmap" in a.get("href", "")]
    assert link == "https://www.openstreetmap.org/search?query=12%20Chapeltown%20Road%2C%20Leeds%20LS7%204PE"


def test_the_description_keeps_its_paragraphs_and_its_markup_is_text(event: Event) -> None:
    description = "First <b>part</b> & more.\nSame paragraph.\n\nSecond paragraph."
    html = page(replace(event, description=description))
    [div] = [element for element in parsed(html).iter(f"{XHTML}div") if element.get("class") == "p-description"]
    paragraphs = list(div)
    assert [text(p) for p in paragraphs] == ["First <b>part</b> & more.Same paragraph.", "Second paragraph."]
    [line_break] = paragraphs[0]
    assert (paragraphs[0].text, line_break.tag, line_break.tail) == (
        "First <b>part</b> & more.", f"{XHTML}br", "Same paragraph.")


def test_a_page_in_a_kit_points_at_the_files_beside_it(event: Event) -> None:
    html = render_page(event, now=NOW)
    links = {element.get("src") or element.get("href") for element in parsed(html).iter()}
    assert {"cards/link.png", "invite.ics"} <= links
    assert "<img" not in render_page(event, now=NOW, card=False)


def test_the_language_can_be_chosen(event: Event) -> None:
    html = page(event, language="de")
    assert parsed(html).get("lang") == "de" and "Wann" in html and "Quando" not in html


# --- safety ---------------------------------------------------------------------------------------

HOSTILE = st.sampled_from(["</script><script>alert(1)</script>", "<!--", "-->", "</SCRIPT >", "]]>", "&amp;",
                           "\u2028", "\u2029", '"', "'", "<", ">", "\\", "{{ title }}", "{% raw %}", "\u0000"])
TEXT = st.lists(st.one_of(HOSTILE, st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
                max_size=8).map("".join)


LINE = st.tuples(
    st.characters(whitelist_categories=("L", "N", "P", "S")),  # one visible character: a value is never blank
    st.lists(st.one_of(st.sampled_from(["</script>", "<!--", "-->", '"', "'", "<", ">", "&amp;", "{{ x }}"]),
                       st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=8)),
             max_size=6).map("".join),
).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=LINE, description=TEXT.map(lambda text: text.replace("\0", "")), pitch=LINE, place=LINE,
       organizer=LINE, price=LINE)
def test_hostile_titles_and_descriptions_parse_back_equal(title: str, description: str, pitch: str, place: str,
                                                          organizer: str, price: str) -> None:
    example = Event.example()
    try:
        hostile = replace(example, title=title, description=description, pitch=pitch, price=price,
                          venue=replace(example.venue, name=place),
                          organizer=replace(example.organizer, name=organizer), uid="fixed@radical-social")
    except EventError:
        reject()
    html = page(hostile)
    document = parsed(html)
    [script] = document.iter(f"{XHTML}script")
    assert json.loads(script.text or "") == event_json_ld(hostile, url=page_url(hostile, BASE),
                                                        image=f"{page_url(hostile, BASE)}cards/link.png")
    assert json_ld(html)["name"] == hostile.title
    [h1] = document.iter(f"{XHTML}h1")
    assert text(h1) == " ".join(hostile.title.split())
    assert [element.tag for element in document.find(f"{XHTML}body")] == [f"{XHTML}main"]
    [item] = mf2py.parse(doc=html)["items"]
    for part, said in (("location", place), ("organizer", organizer)):
        [name] = item["properties"][part][0]["properties"]["name"]
        assert name.split() == said.split()


@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                          lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20))
def test_script_json_is_json_without_markup(value: Any) -> None:
    embedded = script_json(value)
    assert json.loads(embedded) == value
    assert not re.search(r"[<>&\u2028\u2029]", embedded)


# --- layout ---------------------------------------------------------------------------------------


def test_the_page_url_and_the_one_link(event: Event) -> None:
    assert event_slug(event) == "2027-01-16-laboratorio-di-pasta-fresca"
    assert page_url(event, BASE + "/") == f"{BASE}/2027-01-16-laboratorio-di-pasta-fresca/"
    bare = replace(event, url=None)
    assert linked(bare, BASE).url == page_url(event, BASE) and linked(bare, BASE).uid == bare.uid
    assert linked(event, BASE) is event and linked(bare, None) is bare


def test_money_in_words_follows_the_language(event: Event) -> None:
    html = page(replace(event, price=Decimal("12.50"), language="en-GB"))
    assert "€12.50" in html and json_ld(html)["offers"]["price"] == "12.50"


def test_a_template_of_ones_own_lays_out_the_page(tmp_path: Path, event: Event) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "event.html.j2").write_text(
        "<!DOCTYPE html><html lang=\"{{ lang }}\"><title>{{ title }}</title><p>{{ page.when }}: {{ when }}</p>"
        "<script type=\"application/ld+json\">{{ json_ld }}</script></html>", encoding="utf-8")
    html = render_page(replace(event, title="A & B"), now=NOW, templates=tmp_path)
    assert "<title>A &amp; B</title>" in html and "<p>Quando: Sabato 16 gennaio 2027, ore 18:00–20:30</p>" in html
    assert json_ld(html)["name"] == "A & B"


def test_the_longest_description_an_event_may_have_keeps_the_page_small(event: Event) -> None:
    sentence = "Si impasta in piccoli gruppi, con calma & attenzione, e si cena insieme con quello che abbiamo fatto. "
    longest = (sentence * 200)[:20_000].rstrip()
    html = page(replace(event, description=longest))
    assert len(html.encode("utf-8")) <= SIZE_LIMIT
    [div] = [element for element in parsed(html).iter(f"{XHTML}div") if element.get("class") == "p-description"]
    assert text(div) == " ".join(longest.split())  # all of it, for people
    data = json_ld(html)
    assert longest.startswith(data["description"]) and data["description"].endswith(".")
    written = len(script_json(data["description"]).encode())
    assert 5000 - len(script_json(sentence).encode()) < written <= 5000  # as many whole sentences as fit, escaped
    assert all(len(href) < 2000 for href in (a.get("href", "") for a in parsed(html).iter(f"{XHTML}a")))


def test_one_endless_sentence_is_cut_at_a_word() -> None:
    assert whole_sentences("uno due tre quattro", 12) == "uno due…"
    assert whole_sentences("Uno. Due tre. Quattro", 13) == "Uno. Due tre."
    assert whole_sentences("Uno.\n\nDue.", 100) == "Uno.\n\nDue."


def test_a_previous_start_is_checked_like_start(event: Event) -> None:
    with pytest.raises(EventError) as caught:
        Event.from_mapping({**event.to_mapping(), "previous_start": "last week"})
    assert [problem.path for problem in caught.value.problems] == ["previous_start"]
    with pytest.raises(EventError) as caught:
        Event.from_mapping({"title": "Fiera", "start": "2027-05-01", "previous_start": "2027-04-24T10:00"})
    assert [str(problem) for problem in caught.value.problems] == [
        "previous_start: an all-day event takes a date like 2027-01-16, not a time"]


def test_a_language_without_wording_gets_an_english_page_around_its_own_words(event: Event) -> None:
    with pytest.warns(LanguageFallbackWarning, match="no page wording in 'pt'"):
        html = page(replace(event, language="pt", title="Oficina de massa fresca"))
    document = parsed(html)
    assert document.get("lang") == "en" and "When" in html
    [h1] = document.iter(f"{XHTML}h1")
    assert h1.get("lang") == "pt"
    assert [element.get("lang") for element in document.iter(f"{XHTML}div")] == ["pt"]
    assert next(parsed(page(event)).iter(f"{XHTML}h1")).get("lang") is None


def test_a_recurring_event_shows_its_next_occurrence_not_its_first() -> None:
    [club] = load_events(DATA / "events" / "es-club.yaml")  # every Tuesday from 2 March 2027, 19:00–20:30
    now = datetime(2027, 5, 1, 9, 0, tzinfo=timezone.utc)
    html = render_page(club, base_url=BASE, now=now)
    data = json_ld(html)
    assert (data["startDate"], data["endDate"]) == ("2027-05-04T19:00:00+02:00", "2027-05-04T20:30:00+02:00")
    [when] = [element for element in parsed(html).iter(f"{XHTML}time") if "when" in element.get("class", "")]
    assert when.get("datetime") == "2027-05-04T19:00:00+02:00" and text(when).startswith("Martes 4 de mayo de 2027")
    assert "Todos los martes" in html and "marzo" not in html.split("<body>")[1]
    assert page_url(club, BASE) in html  # its folder stays that of the rule's start


@pytest.mark.parametrize("sentence", ["图书馆的未来。", "🍜🍥🥢 & 🎉! ", "&<>\"' & ", "🍜" * 40])
def test_the_largest_description_of_any_script_keeps_the_page_within_its_bytes(event: Event, sentence: str) -> None:
    longest = (sentence * 20_000)[:20_000]
    widest = Event.from_mapping({**event.to_mapping(), "description": longest, "title": ("🍜" * 200),
                                 "pitch": "&" * 200})  # the event-file format accepts it
    html = page(widest)
    assert len(html.encode("utf-8")) <= SIZE_LIMIT
    [div] = [element for element in parsed(html).iter(f"{XHTML}div") if element.get("class") == "p-description"]
    shown = text(div)
    assert shown.endswith("…") and len(shown) > 1_000  # its first sentences, as written, and a sign there is more
    assert " ".join(longest.split()).startswith(shown.removesuffix("…").rstrip(" …"))
    assert len(script_json(json_ld(html)["description"]).encode("utf-8")) <= 5000
    links = parsed(page(replace(event, description=longest))).iter(f"{XHTML}a")
    assert all(len(href) < 2000 for href in (a.get("href", "") for a in links))  # web calendars take them


@pytest.mark.parametrize(("language", "both", "last"), [
    ("es", "Excepto el martes 12 de enero de 2027 y el martes 19 de enero de 2027",
     "Excepto el martes 19 de enero de 2027"),
    ("it", "Tranne martedì 12 gennaio 2027 e martedì 19 gennaio 2027", "Tranne martedì 19 gennaio 2027"),
    ("en", "Except Tuesday 12 January 2027 and Tuesday 19 January 2027", "Except Tuesday 19 January 2027"),
    ("fr", "Sauf le mardi 12 janvier 2027 et le mardi 19 janvier 2027", "Sauf le mardi 19 janvier 2027"),
    ("de", "Außer am Dienstag, 12. Januar 2027 und am Dienstag, 19. Januar 2027",
     "Außer am Dienstag, 19. Januar 2027"),
])
def test_a_repeating_event_says_which_dates_it_skips_still_to_come(language: str, both: str, last: str) -> None:
    workshop = Event.from_mapping({"title": "Taller semanal", "start": "2027-01-05T18:00", "end": "2027-01-05T20:00",
                                   "timezone": "Europe/Madrid", "language": "es",
                                   "rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=10",
                                   "exdate": ["2027-01-12T18:00", "2027-01-19T18:00"]})
    for day, words in ((1, both), (14, last)):
        now = datetime(2027, 1, day, tzinfo=timezone.utc)
        html = render_page(workshop, now=now, language=language)
        [when] = [element for element in parsed(html).iter(f"{XHTML}dd") if element.find(f"{XHTML}time") is not None]
        assert text(when).endswith(words)  # the skipped dates that have passed are not said


def own_words(html: str) -> dict[str, tuple[str | None, str | None]]:
    """The organiser's words on the page, each with its ``lang`` and ``dir``."""
    found = {}
    for element in parsed(html).iter():
        if element.get("dir") is not None or (element.get("lang") is not None and element.tag != f"{XHTML}html"):
            found[text(element)[:40]] = (element.get("lang"), element.get("dir"))
    return found


def test_the_organisers_words_keep_their_language_on_a_page_in_another(event: Event) -> None:
    event = replace(event, pitch="Si impasta insieme, poi si cena.")
    html = page(event, language="de")
    assert parsed(html).get("lang") == "de" and "Wann" in html
    words = own_words(html)
    venue = event.venue
    assert venue is not None and venue.address is not None and event.pitch and event.organizer
    for said in (event.title, event.pitch, event.description[:40], venue.name, venue.address, event.organizer.name):
        assert words[said[:40]] == ("it", "auto"), said
    assert set(own_words(page(event)).values()) == {(None, "auto")}  # in its own language: no lang to say


def test_right_to_left_words_take_their_own_direction(event: Event) -> None:
    title, description = "أمسية شعرية مع الأصدقاء", "قراءة شعرية مفتوحة للجميع. أحضروا قصائدكم."
    venue = Venue(name="مقهى الحمراء", address="شارع الحمراء 10", city="بيروت", country="LB")
    poetry = replace(event, title=title, description=description, pitch=None, venue=venue, language="ar",
                     organizer=None)
    with pytest.warns(LanguageFallbackWarning):
        html = page(poetry)
    words = own_words(html)
    for said in (title, description, venue.name, "شارع الحمراء 10"):
        assert words[said[:40]] == ("ar", "auto"), said


def test_a_page_stays_online_so_its_dates_say_their_year(event: Event) -> None:
    html = render_page(event, now=datetime(2027, 1, 10, tzinfo=timezone.utc))  # six days before: posts drop the year
    assert "<title>Laboratorio di pasta fresca · sab 16 gen 2027, 18:00</title>" in html
    [when] = [element for element in parsed(html).iter(f"{XHTML}time") if "when" in element.get("class", "")]
    assert text(when) == "Sabato 16 gennaio 2027, ore 18:00–20:30"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.sampled_from("图书🍜&<>\"'a .。!\n"), min_size=1, max_size=60).filter(str.strip))
def test_any_description_the_format_allows_keeps_the_page_within_its_bytes(event: Event, chunk: str) -> None:
    longest = (chunk * 20_000)[:20_000]
    try:
        widest = Event.from_mapping({**event.to_mapping(), "description": longest})
    except EventError:
        reject()
    assert len(page(widest).encode("utf-8")) <= SIZE_LIMIT
