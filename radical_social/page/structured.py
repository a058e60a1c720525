"""The event for machines: schema.org ``Event`` as JSON-LD, with the fields Google's event results
require (name, startDate, location) and recommend (description, endDate, eventStatus, image, offers,
organizer, previousStartDate), from the same model as the page a person reads.

Nothing is invented: ``endDate`` only when the event gives an end, ``location`` and
``eventAttendanceMode`` only with a venue, ``offers`` only with a price (0 when free).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from radical_social.event.model import Event, Venue

__all__ = ["DESCRIPTION_LIMIT", "event_json_ld", "script_json", "utf8_size", "whole_sentences"]

SCHEMA = "https://schema.org/"
DESCRIPTION_LIMIT = 5000
"""Bytes of the organiser's description the JSON-LD carries, in whole sentences, as written in the page
(UTF-8, escaped by ``script_json``): about 5,000 characters of Latin script, fewer of others."""

_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                              "\u2029": "\\u2029"})
"""Characters a JSON text inside ``<script>`` must not hold as themselves: ``</script>`` or ``<!--``
in a title would end or bend the script element; U+2028 and U+2029 end a line in older JavaScript."""


def event_json_ld(event: Event, *, url: str | None = None, image: str | None = None) -> dict[str, Any]:
    """The event as a schema.org ``Event`` (a JSON-ready dict): ``EventRescheduled`` with its
    ``previous_start``. ``url`` is the page's own address (default: the event's ``url``), ``image`` the card's.
    """
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "name": event.title,
                            "startDate": event.start.isoformat()}
    if event.end is not None:
        data["endDate"] = event.end.isoformat()
    data["eventStatus"] = SCHEMA + _status(event)
    if event.previous_start is not None:
        data["previousStartDate"] = event.previous_start.isoformat()
    if event.venue is not None:
        data["eventAttendanceMode"] = SCHEMA + "OfflineEventAttendanceMode"
        data["location"] = _place(event.venue)
    description = whole_sentences(event.description, DESCRIPTION_LIMIT, size=_script_size) or event.pitch
    if description:
        data["description"] = description
    if image:
        data["image"] = [image]
    link = url or event.url
    if link:
        data["url"] = link
    offer = _offer(event, event.url or url)
    if offer:
        data["offers"] = offer
    if event.organizer is not None:
        data["organizer"] = {"@type": "Organization", "name": event.organizer.name,
                             **({"url": event.organizer.url} if event.organizer.url else {})}
    return data


def script_json(data: Any) -> str:
    """JSON for a ``<script type="application/ld+json">`` element: the same value when parsed,
    with no ``<``, ``>`` or ``&`` that an HTML parser could read as markup."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def whole_sentences(text: str, limit: int, *, size: Callable[[str], int] = len) -> str:
    """As many whole sentences of ``text`` from its start as fit in ``limit``, as written; when not even the
    first does, its words that fit, and ``…``. ``size`` measures a piece: characters, or ``utf8_size``."""
    from radical_social.text import sentences

    ends = sentences.ends(text)
    fitting = bisect_right(ends, limit, key=lambda end: size(text[:end]))
    if fitting:
        return text[:ends[fitting - 1]].strip()
    words = " ".join(text.split())
    if size(words) <= limit:
        return words
    cut = bisect_right(range(len(words) + 1), limit - size("…"), key=lambda end: size(words[:end])) - 1
    return words[:max(cut, 0)].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def utf8_size(text: str) -> int:
    """The bytes ``text`` takes in UTF-8: what a page's size is counted in."""
    return len(text.encode("utf-8"))


def _script_size(text: str) -> int:
    return utf8_size(script_json(text))


def _status(event: Event) -> str:
    if event.status == "cancelled":
        return "EventCancelled"
    return "EventRescheduled" if event.previous_start is not None else "EventScheduled"


def _place(venue: Venue) -> dict[str, Any]:
    address = {key: value for key, value in (("streetAddress", venue.address), ("addressLocality", venue.city),
                                             ("postalCode", venue.postcode), ("addressCountry", venue.country))
               if value}
    place: dict[str, Any] = {"@type": "Place", "name": venue.name}
    if address:
        place["address"] = {"@type": "PostalAddress", **address}
    if venue.geo is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.geo[0], "longitude": venue.geo[1]}
    return place


def _offer(event: Event, url: str | None) -> dict[str, Any] | None:
    """An ``Offer`` for a numeric price or a free event; a price in words (``offerta libera``) is its
    ``description``, with no number."""
    if event.price is None and not event.is_free:
        return None
    offer: dict[str, Any] = {"@type": "Offer"}
    if event.is_free:
        offer.update(price="0", priceCurrency=event.effective_currency)
    elif isinstance(event.price, Decimal):
        offer.update(price=format(event.price, "f"), priceCurrency=event.effective_currency)
    else:
        offer["description"] = event.price
    if event.status != "cancelled":
        offer["availability"] = SCHEMA + "InStock"
    if url:
        offer["url"] = url
    return offer
