"""The event model: frozen, keyword-only value objects that are valid once built.

``Event.from_mapping`` reads the documented event-file keys (see ``docs/reference/event-file.md``)
and reports every problem at once; constructing the classes directly runs the same checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from datetime import timezone as dt_timezone  # 'timezone' is also a field of Event
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from radical_social._html import escaped, link, never_raises
from radical_social.errors import EventError, Problem
from radical_social.event import checks as _checks
from radical_social.event import parsing as _parsing
from radical_social.event import values as _values
from radical_social.event import zones as _zones

if TYPE_CHECKING:
    from pathlib import Path

Status = Literal["confirmed", "tentative", "cancelled"]
Booking = Literal["required", "recommended", "none"]

DEFAULT_DURATION = timedelta(hours=2)
"""How long a timed event lasts in calendars when its file gives no ``end`` (posts and cards show no end)."""
DEFAULT_CURRENCY = "EUR"
"""The currency of a numeric price when neither ``currency`` nor the venue's country says one."""

UID_DOMAIN = "radical-social"
_UID_NAMESPACE = "8f1b6f7e-3c52-5d0a-9a43-6f1e2b7d4c10"


@dataclass(frozen=True, kw_only=True, slots=True)
class Venue:
    """Where the event happens."""

    name: str
    address: str | None = None
    city: str | None = None
    postcode: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def __post_init__(self) -> None:
        _checks.raise_if_any(_checks.venue_problems(self))

    @property
    def one_line(self) -> str:
        """The venue as one readable line, as its country writes it: ``Bottega Sartori, Via Roma 12,
        37121 Verona``, ``Chapeltown Hub, 12 Chapeltown Road, Leeds LS7 4PE`` (``addresses.one_line``)."""
        from radical_social.event import addresses

        return addresses.one_line(self)

    @property
    def geo(self) -> tuple[float, float] | None:
        """``(lat, lon)`` when both are known."""
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


@dataclass(frozen=True, kw_only=True, slots=True)
class Organizer:
    """Who runs the event."""

    name: str
    email: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        _checks.raise_if_any(_checks.organizer_problems(self))


@dataclass(frozen=True, kw_only=True, slots=True)
class Photo:
    """A picture the organizer took, for the cards and the poster: never a stock image."""

    path: Path
    focal: tuple[float, float] = (0.5, 0.5)
    """The point to keep in view when cropping, as fractions of width and height from the top left."""

    def __post_init__(self) -> None:
        _checks.raise_if_any(_checks.photo_problems(self))


@dataclass(frozen=True, kw_only=True, slots=True)
class Event:
    """One in-person event.

    ``start`` and ``end`` are time-zone-aware datetimes, or dates when ``all_day`` is true; for
    all-day events ``end`` is the last day, inclusive, as people write it. ``end`` is None when the
    event does not say when it ends: calendars then use ``effective_end``, and posts show no end.
    ``timezone`` is the IANA name the times are shown in, or ``None`` when the file gave fixed UTC
    offsets instead.
    """

    title: str
    start: datetime | date
    end: datetime | date | None = None
    all_day: bool = False
    timezone: str | None = None
    description: str = ""
    language: str = "en"
    url: str | None = None
    venue: Venue | None = None
    organizer: Organizer | None = None
    price: Decimal | str | None = None
    currency: str | None = None
    """As the file says; ``effective_currency`` falls back on the venue's country."""
    free: bool = False
    capacity: int | None = None
    booking: Booking = "none"
    """Whether people must book (``required``), should (``recommended``), or just come (``none``)."""
    pitch: str | None = None
    """One line in the organiser's own words on why to come, used on every channel."""
    tags: tuple[str, ...] = ()
    uid: str = ""
    sequence: int = 0
    status: Status = "confirmed"
    previous_start: datetime | date | None = None
    """The start the event had before it was moved, of the same kind as ``start``: its page then says it
    was rescheduled (schema.org ``EventRescheduled``)."""
    rrule: str | None = None
    exdates: tuple[datetime | date, ...] = ()
    """Occurrences of a recurring event that do not happen (the file's ``exdate`` list)."""
    image: Photo | None = None

    def __post_init__(self) -> None:
        _checks.raise_if_any(_checks.event_problems(self) + self._part_problems())
        if not self.uid:
            object.__setattr__(self, "uid", derive_uid(self.url, self.title, self.start))

    def _part_problems(self) -> list[Problem]:
        parts = (("venue", self.venue, Venue), ("organizer", self.organizer, Organizer), ("image", self.image, Photo))
        return [Problem(name, f"must be {'an' if kind.__name__[0] in 'AEIOU' else 'a'} {kind.__name__}, "
                              f"not {_values.type_name(part)}")
                for name, part, kind in parts if part is not None and not isinstance(part, kind)]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, path: str = "", folder: Path | None = None) -> Event:
        """Build an event from the event-file keys; raise ``EventError`` listing every problem.

        ``path`` prefixes the field paths in problems (``events[2]``); ``folder`` is where relative
        paths (``image``) are found, usually the event file's folder (default: the working folder).
        """
        values, problems = _parsing.event_values(data, _MODEL, path, folder)
        if problems:
            problems += _checks.prefixed(_checks.event_problems(_parsing.partial(cls, values)), path)
            raise EventError(problems)
        try:
            return cls(**values)
        except EventError as exc:
            raise EventError(_checks.prefixed(exc.problems, path)) from None

    @classmethod
    def example(cls) -> Event:
        """A realistic Italian workshop, used by the demo, the docs and the tests."""
        return cls.from_mapping(EXAMPLE)

    def to_mapping(self) -> dict[str, Any]:
        """The event in its normalized file form (JSON-ready); ``from_mapping`` reads it back."""
        data: dict[str, Any] = {
            "title": self.title,
            "description": self.description,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end is not None else None,
            "all_day": self.all_day,
            "timezone": self.timezone,
            "language": self.language,
            "url": self.url,
            "venue": _fields(self.venue) if self.venue else None,
            "organizer": _fields(self.organizer) if self.organizer else None,
            "price": str(self.price) if self.price is not None else None,
            "currency": self.currency,
            "free": self.free,
            "capacity": self.capacity,
            "booking": self.booking,
            "pitch": self.pitch,
            "tags": list(self.tags),
            "uid": self.uid,
            "sequence": self.sequence,
            "status": self.status,
            "previous_start": self.previous_start.isoformat() if self.previous_start is not None else None,
            "rrule": self.rrule,
            "exdate": [moment.isoformat() for moment in self.exdates],
            "image": {"path": str(self.image.path), "focal": list(self.image.focal)} if self.image else None,
        }
        return data

    @property
    def zone(self) -> tzinfo | None:
        """The clock the event keeps: its IANA ``timezone``, else the fixed offset of a timed ``start``,
        else None (an all-day event with no ``timezone`` floats: its days are everyone's days)."""
        if self.timezone:
            return _zones.zone_info(self.timezone)
        return self.start.tzinfo if isinstance(self.start, datetime) else None

    @property
    def effective_end(self) -> datetime | date:
        """The end calendars use: ``end``, or ``DEFAULT_DURATION`` after a timed start (of real time,
        even across a clock change), or the start day of an all-day event."""
        if self.end is not None:
            return self.end
        start = self.start
        if self.all_day or not isinstance(start, datetime):
            return start
        return (start.astimezone(dt_timezone.utc) + DEFAULT_DURATION).astimezone(start.tzinfo)

    @property
    def end_exclusive(self) -> datetime | date:
        """The end as calendars store it: the day after the last day for all-day events."""
        if self.all_day:
            return self.effective_end + timedelta(days=1)
        return self.effective_end

    @property
    def effective_currency(self) -> str:
        """``currency``, else the venue's country's (``GB`` → ``GBP``), else ``DEFAULT_CURRENCY``."""
        if self.currency:
            return self.currency
        country = self.venue.country if self.venue else None
        return (_country_currency(country) if country else None) or DEFAULT_CURRENCY

    @property
    def is_free(self) -> bool:
        """True when the event says it is free or its price is zero."""
        return self.free or (isinstance(self.price, Decimal) and self.price == 0)

    def in_language(self, language: str | None) -> Event:
        """This event with its words in ``language`` (a BCP 47 tag); itself when None or already so."""
        return self if language is None or language == self.language else replace(self, language=language)

    def __repr__(self) -> str:
        return f"<Event {self.title!r} {self.start.isoformat()} uid={self.uid!r}>"

    def _repr_html_(self) -> str:
        return _event_html(self)


_MODEL = _parsing.Model(venue=Venue, organizer=Organizer, photo=Photo)


@never_raises
def _event_html(event: Event) -> str:
    """The notebook preview, escaped: the event's facts under their event-file keys, which are the same in
    every language (the kit's own preview, with the posts, is labelled in the kit's language)."""
    rows = [("start, end" if event.end is not None and event.end != event.start else "start", escaped(_when(event)))]
    if event.venue:
        rows.append(("venue", escaped(event.venue.one_line)))
    if event.url:
        rows.append(("url", link(event.url, event.url)))
    if event.organizer:
        rows.append(("organizer", escaped(event.organizer.name)))
    if event.price is not None:
        rows.append(("price", escaped(f"{event.price} {event.effective_currency}")))
    rows.append(("uid", f"<code>{escaped(event.uid)}</code>"))
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    description = f"<p>{escaped(event.description)}</p>" if event.description else ""
    return f"<div><strong>{escaped(event.title)}</strong>{description}<table>{body}</table></div>"


def _when(event: Event) -> str:
    zone = f" ({event.timezone})" if event.timezone and not event.all_day else ""
    width = 10 if event.all_day else 16
    if event.end is None or event.end == event.start:
        return f"{event.start.isoformat()[:width]}{zone}"
    return f"{event.start.isoformat()[:width]} – {event.end.isoformat()[:width]}{zone}"


@lru_cache(maxsize=64)
def _country_currency(country: str) -> str | None:
    """The currency a country uses today, per CLDR (Babel loads on first use)."""
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(country.upper(), tender=True)
    return found[0] if found else None


def _fields(value: Event | Venue | Organizer | Photo) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


def derive_uid(url: str | None, title: str, start: datetime | date) -> str:
    """A stable UID: from the URL alone when there is one, so rescheduling keeps the same entry."""
    seed = url if url else f"{title}\n{start.isoformat()}"
    import uuid  # on first use: it imports platform, which the package import need not pay for

    return f"{uuid.uuid5(uuid.UUID(_UID_NAMESPACE), seed)}@{UID_DOMAIN}"


EXAMPLE: Mapping[str, Any] = {
    "title": "Laboratorio di pasta fresca",
    "description": (
        "Due ore con le mani in pasta: tagliatelle e tortelli fatti a mano, con la farina "
        "del Mulino Bassi. Si impasta in piccoli gruppi, si cena insieme con quello che "
        "abbiamo fatto. Grembiule fornito; portate solo la fame."
    ),
    "start": "2027-01-16T18:00",
    "end": "2027-01-16T20:30",
    "timezone": "Europe/Rome",
    "language": "it",
    "url": "https://bottegasartori.example/laboratori/pasta-fresca",
    "venue": {
        "name": "Bottega Sartori",
        "address": "Via Santa Maria in Chiavica 7",
        "city": "Verona",
        "postcode": "37121",
        "country": "IT",
        "lat": 45.4432,
        "lon": 10.9983,
    },
    "organizer": {
        "name": "Giulia Sartori",
        "email": "giulia@bottegasartori.example",
        "url": "https://bottegasartori.example",
    },
    "price": 35,
    "currency": "EUR",
    "capacity": 12,
    "tags": ["pasta fresca", "cucina", "Verona"],
}
"""The example event's file form, as a user would write it."""
