"""schema.org ``Event`` items (JSON-LD, or microdata and RDFa as extruct gives them) → event-file mappings.

``event_items`` finds the events among a page's items: top-level, in ``@graph``, in lists, in an
``ItemList``, as ``subEvent`` of a festival or series, by ``@type`` ``Event`` or any of its subtypes
(``MusicEvent``, ``["Event", "Festival"]``…), ``@id`` references followed. ``PageEvent`` turns one into
the keys of an event file, with the problems (fatal) and notes (what was left out, and why) found on
the way. See ``docs/how-to/import-an-event-page.md`` for what is kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urljoin

from radical_social.errors import Problem
from radical_social.event.checks import unknown_zone
from radical_social.event.parsing import iso_datetime
from radical_social.event.values import clipped, one_line, shown
from radical_social.event.zones import zone_info
from radical_social.sources.country_zones import country_zone

EVENT_TYPES = frozenset({
    "Event", "BusinessEvent", "ChildrensEvent", "ComedyEvent", "CourseInstance", "DanceEvent", "DeliveryEvent",
    "EducationEvent", "EventSeries", "ExhibitionEvent", "Festival", "FoodEvent", "Hackathon", "LiteraryEvent",
    "MusicEvent", "PublicationEvent", "BroadcastEvent", "OnDemandEvent", "SaleEvent", "ScreeningEvent",
    "SocialEvent", "SportsEvent", "TheaterEvent", "VisualArtsEvent",
})
"""schema.org's ``Event`` and its subtypes."""

_PREFIXES = ("http://schema.org/", "https://schema.org/", "http://schema.org#", "schema:")
_MARKUP = re.compile(r"<[A-Za-z/!]")
_INHERITED = ("location", "organizer", "inLanguage", "offers")
"""What a ``subEvent`` takes from its festival or series when it says nothing of its own."""

PAGE_FIELDS = {
    "title": "name", "start": "startDate", "end": "endDate", "timezone": "startDate", "language": "inLanguage",
    "venue": "location", "venue.name": "location.name", "venue.address": "location.address",
    "venue.city": "location.address.addressLocality", "venue.postcode": "location.address.postalCode",
    "venue.country": "location.address.addressCountry", "venue.lat": "location.geo.latitude",
    "venue.lon": "location.geo.longitude", "price": "offers.price", "currency": "offers.priceCurrency",
    "capacity": "maximumAttendeeCapacity", "tags": "keywords", "status": "eventStatus",
}
"""Event-file keys → the schema.org property they come from, for naming the page's field in problems."""


def compacted(value: Any) -> Any:
    """``value`` with schema.org IRIs shortened (``https://schema.org/name`` → ``name``) and RDFa's
    ``{"@value": …}`` unwrapped, at any depth."""
    if isinstance(value, list):
        return [compacted(item) for item in value]
    if isinstance(value, Mapping):
        if "@value" in value:
            return value["@value"]
        return {_term(key): [_term(kind) for kind in _listed(item) if isinstance(kind, str)] if key == "@type"
                else compacted(item) for key, item in value.items()}
    return value


def _term(name: object) -> Any:
    if isinstance(name, str):
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):]
    return name


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _types(node: Mapping[str, Any]) -> set[str]:
    return {kind for kind in _listed(node.get("@type")) if isinstance(kind, str)}


def described(items: list[Any]) -> dict[str, Mapping[str, Any]]:
    """The page's nodes by ``@id``, for following a bare ``{"@id": …}`` reference to where it is described."""
    index: dict[str, Mapping[str, Any]] = {}
    for node in _nodes(items):
        if isinstance(node.get("@id"), str) and len(node) > 1:
            index.setdefault(node["@id"], node)
    return index


def event_items(items: list[Any], index: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The events among compacted ``items``, each once, in page order; a ``subEvent`` after its parent,
    with the parent's location, organizer, language and offers where it has none of its own. A festival
    or series without a ``startDate`` of its own but with sub-events is only their container.
    ``index`` is ``described(items)``."""
    found: list[dict[str, Any]] = []
    seen: set[int] = set()

    def visit(value: Any, parent: Mapping[str, Any] | None, depth: int) -> None:
        for item in _listed(value):
            node = _resolved(item, index)
            if not isinstance(node, Mapping) or id(node) in seen or depth > 8:
                continue
            seen.add(id(node))
            if _types(node) & EVENT_TYPES:
                event = dict(node)
                for name in _INHERITED:
                    if parent is not None and name not in event and name in parent:
                        event[name] = parent[name]
                subs = _listed(event.get("subEvent")) + _listed(event.get("subEvents"))
                if "startDate" in event or not subs:
                    found.append(event)
                visit(subs, event, depth + 1)
            else:
                for name in ("@graph", "itemListElement", "item", "mainEntity", "event", "events"):
                    visit(node.get(name), parent, depth + 1)

    visit(items, None, 0)
    return found


def _nodes(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every mapping in ``value``, at any depth."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _resolved(value: Any, index: Mapping[str, Mapping[str, Any]]) -> Any:
    """A node for a bare ``{"@id": …}`` reference to one described elsewhere on the page."""
    if isinstance(value, Mapping) and set(value) == {"@id"} and value["@id"] in index:
        return index[value["@id"]]
    return value


class PageEvent:
    """One schema.org event → ``mapping`` (event-file keys), ``problems`` and ``notes``, each located by
    ``where`` (``page.html: event 2 (Cena popolare)``) and the schema.org property."""

    def __init__(self, node: Mapping[str, Any], *, where: str, base_url: str | None, language: str | None,
                 timezone: str | None, index: Mapping[str, Mapping[str, Any]], page_url: str | None = None) -> None:
        self.node, self.where, self.base_url, self.index = node, where, base_url, index
        self.mapping: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self._title()
        self._text_fields(language, page_url)
        self.place = self._place()
        self._when(timezone)
        self._offers()
        self._organizer()
        self._status()
        self._leftovers()

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(f"{self.where}: {field}", message))

    def note(self, field: str, message: str) -> None:
        self.notes.append(Problem(f"{self.where}: {field}", message))

    def get(self, name: str, node: Mapping[str, Any] | None = None) -> Any:
        """The first value of a property, references followed."""
        values = _listed((self.node if node is None else node).get(name))
        return _resolved(values[0], self.index) if values else None

    def text(self, name: str, node: Mapping[str, Any] | None = None) -> str:
        """A property as one line of plain text ('' when absent): entities decoded, spaces collapsed."""
        return one_line(html.unescape(_plain(self.get(name, node))))

    def word(self, name: str, node: Mapping[str, Any] | None = None) -> str:
        """An enumeration member's name: ``https://schema.org/EventCancelled`` → ``EventCancelled``."""
        return str(_term(self.text(name, node)))

    def link(self, name: str, node: Mapping[str, Any] | None = None) -> str:
        """A property's URL (itself, or a node's ``url`` or ``@id``), relative to the page's address."""
        value = self.get(name, node)
        if isinstance(value, Mapping):
            value = value.get("url") or value.get("@id")
        text = _plain(value).strip()
        return urljoin(self.base_url, text) if text and self.base_url else text

    # --- what and when ------------------------------------------------------------------------------

    def _title(self) -> None:
        title = self.text("name")
        if title:
            self.mapping["title"] = title
        else:
            self.problem("name", "is missing: an event needs a name")

    def _when(self, timezone: str | None) -> None:
        moments: dict[str, datetime | date] = {}
        for field, key in (("startDate", "start"), ("endDate", "end")):
            text = self.text(field)
            if not text:
                if field == "startDate":
                    self.problem(field, "is missing: an event needs a start date")
                continue
            try:
                moments[key] = date.fromisoformat(text) if len(text) == 10 else iso_datetime(text)
            except ValueError:
                self.problem(field, f"{shown(text)} is not an ISO 8601 date like 2027-01-16 or a date and time "
                                    "like 2027-01-16T18:00+01:00")
        start, end = moments.get("start"), moments.get("end")
        if start is None:
            return
        if not isinstance(start, datetime):
            self.mapping["start"] = start.isoformat()
            if end is not None:
                self.mapping["end"] = (end.date() if isinstance(end, datetime) else end).isoformat()
            return
        if end is not None and not isinstance(end, datetime):
            self.problem("endDate", f"{end.isoformat()} is a date, while startDate {self.text('startDate')} has a "
                                    "time: give both as dates or both with times")
            end = None
        timed = [moment for moment in (start, end) if isinstance(moment, datetime)]
        zone = timezone or self._page_zone() or self._country_zone(timed)
        floating = [moment for moment in timed if moment.tzinfo is None]
        if floating and zone is None:
            field = "startDate" if start.tzinfo is None else "endDate"
            self.problem(field, f"{self.text(field)} has no UTC offset, and the page names no time zone, nor a "
                                "country with a single one: give the zone (--timezone Europe/Rome, or timezone= "
                                "in Python)")
            return
        for key, moment in (("start", start), ("end", end)):
            if isinstance(moment, datetime):
                if zone is not None and moment.tzinfo is not None:
                    moment = moment.astimezone(zone_info(zone)).replace(tzinfo=None)
                self.mapping[key] = moment.isoformat()
        if zone is not None:
            self.mapping["timezone"] = zone

    def _page_zone(self) -> str | None:
        """The zone of ``eventSchedule.scheduleTimezone``, the one place schema.org names a zone."""
        schedule = self.get("eventSchedule")
        zone = self.text("scheduleTimezone", schedule) if isinstance(schedule, Mapping) else ""
        if zone and not known_zone(zone):
            self.note("eventSchedule.scheduleTimezone", f"{unknown_zone(zone)}: it is not used")
            return None
        return zone or None

    def _country_zone(self, moments: list[datetime]) -> str | None:
        country = (self.place or {}).get("country")
        if not country:
            return None
        aware = [moment for moment in moments if moment.tzinfo is not None]
        said_utc = self.text("startDate").endswith(("Z", "z"))
        if len(aware) < len(moments):
            return country_zone(country, [], offset_known=False)
        return country_zone(country, aware, offset_known=not said_utc)

    # --- where ----------------------------------------------------------------------------------------

    def _place(self) -> dict[str, Any] | None:
        """The venue from ``location``: a text, a ``Place`` (with a text or ``PostalAddress`` address, and
        ``geo``), or a list of them; a ``VirtualLocation`` is noted, as events here happen somewhere."""
        places = []
        for item in _listed(self.node.get("location")):
            node = _resolved(item, self.index)
            if isinstance(node, Mapping) and "VirtualLocation" in _types(node):
                link = self.link("url", node)
                self.note("location", f"the event is also online{f' ({link})' if link else ''}: an event file "
                                      "describes where people meet, so the online place is left out")
            elif isinstance(node, (str, Mapping)):
                places.append(node)
        if not places:
            if self.word("eventAttendanceMode") == "OnlineEventAttendanceMode":
                self.note("eventAttendanceMode", "the event is online only: it has no venue")
            return None
        if len(places) > 1:
            self.note("location", f"{len(places)} places are given: the first is kept")
        venue = self._venue(places[0])
        if venue:
            self.mapping["venue"] = venue
        return venue

    def _venue(self, place: str | Mapping[str, Any]) -> dict[str, Any] | None:
        if isinstance(place, str):
            name, _, address = (part.strip() for part in one_line(html.unescape(place)).partition(","))
            return {"name": name, "address": address} if name else None
        venue: dict[str, Any] = {"name": self.text("name", place)}
        address = self.get("address", place)
        if isinstance(address, Mapping):
            venue["address"] = self.text("streetAddress", address)
            venue["city"] = self.text("addressLocality", address)
            venue["postcode"] = self.text("postalCode", address)
            venue["country"] = self._country(self.get("addressCountry", address))
        else:
            venue["address"] = one_line(html.unescape(_plain(address)))
        if not venue["name"]:  # a place known by its address: the address names it
            venue["name"] = venue.pop("address", "") or venue.get("city", "")
        geo = self.get("geo", place)
        source = geo if isinstance(geo, Mapping) else place
        lat, lon = self.get("latitude", source), self.get("longitude", source)
        if lat is not None and lon is not None:
            venue["lat"], venue["lon"] = _number(lat), _number(lon)
        venue = {key: value for key, value in venue.items() if value not in ("", None)}
        return venue if venue.get("name") else None

    def _country(self, value: Any) -> str | None:
        """An ISO 3166 code from ``addressCountry``: a code, a country's name, or a ``Country``."""
        if isinstance(value, Mapping):
            value = value.get("identifier") or value.get("alternateName") or value.get("name")
        text = one_line(_plain(value))
        if not text:
            return None
        if len(text) == 2 and text.isalpha():
            return text.upper()
        code = _country_code(text, self.language)
        if code is None:
            self.note("location.address.addressCountry", f"{shown(text)} is not a country code or a country "
                                                         "name known in the page's language: venue.country is "
                                                         "left out")
        return code

    # --- words -------------------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return str(self.mapping.get("language") or "en")

    def _text_fields(self, page_language: str | None, page_url: str | None) -> None:
        language = self.get("inLanguage")
        if isinstance(language, Mapping):
            language = language.get("alternateName") or language.get("name")
        tag = one_line(_plain(language)) or page_language
        if tag:
            self.mapping["language"] = tag
        description = self.get("description")
        if description is not None:
            self.mapping["description"] = _text(_plain(description))
        url = self.link("url") or page_url
        if url:
            self.mapping["url"] = url
        keywords = self.get("keywords")
        words = keywords.split(",") if isinstance(keywords, str) else _listed(self.node.get("keywords"))
        tags = [one_line(_plain(word)) for word in words if one_line(_plain(word))]
        if tags:
            self.mapping["tags"] = tags
        capacity = self.get("maximumAttendeeCapacity")
        if capacity is not None:
            self.mapping["capacity"] = capacity

    # --- price, organizer, status ---------------------------------------------------------------------------

    def _offers(self) -> None:
        prices: list[Decimal] = []
        currencies: list[str] = []
        links: list[str] = []
        for item in _listed(self.node.get("offers")):
            offer = _resolved(item, self.index)
            if not isinstance(offer, Mapping):
                continue
            for name in ("price", "lowPrice", "highPrice"):
                value = self.get(name, offer)
                if value is None or _plain(value).strip() == "":
                    continue
                amount = _amount(value)
                if amount is None:
                    self.problem(f"offers.{name}", f"{shown(value)} is not a number like 12.50")
                else:
                    prices.append(amount)
            currency = self.text("priceCurrency", offer)
            if currency and currency not in currencies:
                currencies.append(currency)
            link = self.link("url", offer)
            if link and link not in links:
                links.append(link)
            if self.word("availability", offer) in ("SoldOut", "Discontinued"):
                self.note("offers.availability", f"the page says {self.word('availability', offer)}: "
                                                 "the event file has no word for it")
        free = self.get("isAccessibleForFree")
        if free is True or _plain(free).strip().lower() == "true" or (prices and not any(prices)):
            self.mapping["free"] = True
        elif prices:
            low, high = min(prices), max(prices)
            currency = currencies[0] if currencies else ""
            if low == high:
                self.mapping["price"] = str(low)
            else:
                cheapest, dearest = _alike(low, high)
                written = self.mapping["price"] = f"{cheapest}–{dearest} {currency}".strip()
                self.note("offers.price", f"prices from {cheapest} to {dearest}: written as {written!r}; "
                                          "reword it in the event's language if you like")
        if currencies:
            self.mapping["currency"] = currencies[0]
            if len(currencies) > 1:
                self.note("offers.priceCurrency", f"{len(currencies)} currencies: {currencies[0]} is kept")
        if links:
            self.mapping.setdefault("url", links[0])
        for link in links:
            if link != self.mapping["url"]:
                self.note("offers.url", f"places are sold at {clipped(link, 80)}: add booking: required if "
                                        "people must book")

    def _organizer(self) -> None:
        organizers = _listed(self.node.get("organizer"))
        if not organizers:
            return
        first = _resolved(organizers[0], self.index)
        if len(organizers) > 1:
            self.note("organizer", f"{len(organizers)} organizers are given: the first is kept")
        if isinstance(first, str):
            self.mapping["organizer"] = {"name": one_line(first)}
        elif isinstance(first, Mapping):
            email = self.text("email", first).removeprefix("mailto:")
            self.mapping["organizer"] = {"name": self.text("name", first), "email": email,
                                         "url": self.link("url", first)}

    def _status(self) -> None:
        status = self.word("eventStatus")
        if status == "EventCancelled":
            self.mapping["status"] = "cancelled"
        elif status == "EventPostponed":
            self.mapping["status"] = "tentative"
            self.note("eventStatus", "the page says the event is postponed, to a date not yet known: "
                                     "it is imported as tentative")
        elif status == "EventRescheduled":
            previous = self.text("previousStartDate")
            self.note("eventStatus", "the page says the event was rescheduled"
                                     f"{f' from {previous}' if previous else ''}: startDate is the new date")
        elif status == "EventMovedOnline":
            self.note("eventStatus", "the page says the event moved online: check its venue")

    def _leftovers(self) -> None:
        image = self.link("image")
        if image:
            self.note("image", f"{clipped(image, 80)} is not kept: an event's image is a photo you took, kept "
                               "as a file next to the event file (image: path)")


def known_zone(name: str) -> bool:
    try:
        zone_info(name)
    except ValueError:
        return False
    return True


def _plain(value: Any) -> str:
    """Text of a value: a string, a number, or a node's ``name`` (``{"@type": "Text", …}``); else ''."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (str, int, float, Decimal)):
        return str(value)
    if isinstance(value, Mapping):
        return _plain(value.get("name") or value.get("@id"))
    if isinstance(value, list) and value:
        return _plain(value[0])
    return ""


def _text(value: str) -> str:
    """A description as plain text: HTML's markup (even escaped, ``&lt;p&gt;``) turned into lines and
    paragraphs, entities decoded."""
    if not _MARKUP.search(value) and _MARKUP.search(html.unescape(value)):
        value = html.unescape(value)
    if _MARKUP.search(value):
        import html_text

        return str(html_text.extract_text(value, guess_layout=True)).strip()
    return html.unescape(value).replace("\r\n", "\n").strip()


def _number(value: Any) -> Any:
    """A latitude or longitude as a number where it is one; anything else is left for the checks."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    try:
        return float(_plain(value).strip())
    except ValueError:
        return _plain(value) or value


def _alike(*amounts: Decimal) -> list[str]:
    """The amounts written alike: whole numbers if every one is whole, else all with cents (10.00, 25.50)."""
    if all(amount == amount.to_integral_value() for amount in amounts):
        return [str(amount.to_integral_value()) for amount in amounts]
    cents = [amount.quantize(Decimal("0.01")) for amount in amounts]
    return [str(cent if cent == amount else amount) for cent, amount in zip(cents, amounts, strict=True)]


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    text = _plain(value).strip().replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _country_code(name: str, language: str) -> str | None:
    """The ISO 3166 code of a country's name, in ``language`` or in English (CLDR, through Babel)."""
    from babel import Locale, UnknownLocaleError

    wanted = name.casefold()
    for tag in (language, "en"):
        try:
            names = Locale.parse(tag.replace("-", "_")).territories
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        for code, territory in names.items():
            if len(code) == 2 and code.isalpha() and territory.casefold() == wanted:
                return str(code)
    return None
