"""``render_page``: the page of one event, in its language, from ``templates/page/event.html.j2``.

The template gets the facts already in words (the posts' and cards' own: ``words.when``,
``recurrence``, ``price``; the venue's address as its country writes it) and the page's labels from
the wording files (``page``); the JSON-LD, Open Graph, Twitter-card and microformats2 markup come
from the same facts.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from radical_social.page.layout import ATOM_FEED, CARDS_FOLDER, ICS_FEED, INVITE_FILE, page_url

if TYPE_CHECKING:
    from pathlib import Path

    from radical_social.event.model import Event, Venue
    from radical_social.graphics.cards import Card

__all__ = ["CALENDARS", "PAGE_LIMIT", "TEMPLATE", "map_url", "render_page"]

TEMPLATE = "page/event.html.j2"

CALENDARS = (("google", "Google Calendar"), ("outlook", "Outlook.com"), ("office365", "Microsoft 365"),
             ("yahoo", "Yahoo Calendar"))
"""The add-to-calendar links the page offers, by ``CalendarLinks`` field, with the service's own name."""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SUMMARY_LIMIT = 200
"""Characters of the description a link preview shows (``og:description``), in whole sentences."""
_CALENDAR_LIMIT = 1200
"""Bytes of the description each add-to-calendar link carries, in whole sentences, percent-encoded, before
the link: a web calendar's address has room for 2,000, and the page has the rest."""
PAGE_LIMIT = 50_000
"""Bytes a page may take: with a description too long for it (20,000 characters of CJK or emoji), the page
shows its first whole sentences that fit, and ``…``."""
_LINK_CARD = (1200, 630)


@dataclass(frozen=True, slots=True)
class _Image:
    src: str
    alt: str
    width: int
    height: int


def render_page(
    event: Event,
    *,
    language: str | None = None,
    base_url: str | None = None,
    now: datetime | None = None,
    card: Card | bool = True,
    feeds: bool = False,
    templates: Path | None = None,
) -> str:
    """The event's page: one HTML file with its CSS inline, no script but the JSON-LD, nothing
    fetched from elsewhere.

    It says what, when (how often, for a recurring event), where (the address as the venue's
    country writes it, and a link to the place on OpenStreetMap), the price and places, the
    organiser's own description, the card with its alt text, add-to-calendar links and the
    ``.ics``, and the event's own ``url``. Search engines and link previews read the same facts as
    schema.org JSON-LD, Open Graph and Twitter-card tags, and microformats2 (``h-event``).

    ``language`` overrides the event's; ``base_url`` is where the site is published: the page is
    then at ``{base_url}/{slug}/`` (its canonical URL; images and links become absolute). ``now``
    (default: the clock) decides which occurrence of a recurring event it shows (the next), which skipped
    dates are still to come, and whether the card's dates show their year; the page's own always do.
    ``card``: ``True`` shows the link card saved beside the page (``cards/link.png``, or ``.jpg`` with a
    photo), a ``Card`` shows that one, ``False`` none. ``feeds`` links the site's Atom and ICS feeds (``../feed.atom``,
    ``../events.ics``). An event with a ``previous_start`` is shown as rescheduled, with its old date.
    """
    from radical_social.calendar.links import calendar_links
    from radical_social.page.structured import utf8_size, whole_sentences
    from radical_social.page.upcoming import as_of
    from radical_social.text.templating import get_template, render_template
    from radical_social.text.wording import wording

    written = event.language
    event = event.in_language(language)
    if now is not None and now.utcoffset() is None:
        raise ValueError(f"now must be time-zone aware, e.g. datetime.now(timezone.utc); got {now.isoformat()}")
    now = now or datetime.now(timezone.utc)
    today = now.astimezone(event.zone or timezone.utc).date()
    shown = as_of(event, now)  # a recurring event at its next occurrence; its folder and links keep the rule's start
    canonical = page_url(event, base_url) if base_url else None
    image = _image(shown, card, today, canonical)
    link = canonical or event.url
    details = "\n\n".join(part for part in (whole_sentences(event.description, _CALENDAR_LIMIT, size=_url_size), link)
                           if part)
    links = calendar_links(event, description=details).as_dict()
    context = {
        **_facts(shown, event),
        "skipped": _skipped(event, now),
        **_languages(event, written),
        "page": wording(event.language)["page"],
        "canonical": canonical,
        "website": event.url if event.url and event.url != canonical else None,
        "image": image,
        "feeds": {"atom": f"../{ATOM_FEED}", "ics": f"../{ICS_FEED}"} if feeds else None,
        "calendars": [(name, links[key]) for key, name in CALENDARS] if event.status != "cancelled" else [],
        "ics": INVITE_FILE,
        "json_ld": _json_ld(shown, canonical, image),
    }
    template = get_template(TEMPLATE, templates=templates)
    html = render_template(template, context)
    shown_text = event.description
    while utf8_size(html) > PAGE_LIMIT and shown_text:  # a description too long for the page: its first sentences
        room = _html_size(shown_text) - (utf8_size(html) - PAGE_LIMIT)
        cut = whole_sentences(shown_text, room, size=_html_size) if room > 0 else ""
        shown_text = cut if _html_size(cut) < _html_size(shown_text) else ""  # shorter each time, to nothing
        context["paragraphs"] = [*_paragraphs(shown_text.removesuffix("…")), ["…"]]
        html = render_template(template, context)
    return html


def _paragraphs(text: str) -> list[list[str]]:
    """The description's paragraphs, each as its lines."""
    return [part.splitlines() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def _url_size(text: str) -> int:
    """The bytes ``text`` takes in the widest of the links: Outlook's, escaped as HTML, then percent-encoded."""
    import html

    return len(quote(html.escape(text, quote=False).replace("\n", "<br>"), safe=""))


def _html_size(text: str) -> int:
    """The bytes ``text`` takes on the page, escaped."""
    from markupsafe import escape

    return len(str(escape(text)).encode("utf-8"))


def _skipped(event: Event, now: datetime) -> str | None:
    """The dates still to come that a repeating event skips, in words."""
    from radical_social.page.upcoming import skipped_ahead
    from radical_social.text import words

    text = words.skipped(event, skipped_ahead(event, now))
    return words.upper_first(text) if text else None


def _languages(event: Event, written: str) -> dict[str, str | None]:
    """``lang``, the page's language, and ``own_lang``, that of the organiser's words (``written``) where it
    differs: a page asked for in another language, or in English around the words of a language
    radical_social does not write."""
    from radical_social.errors import LanguageFallbackWarning
    from radical_social.text.wording import SUPPORTED, resolve_language

    lang = event.language
    if resolve_language(lang)[1]:
        warnings.warn(LanguageFallbackWarning(
            f"no page wording in {lang!r}; the page of {event.title!r} is in English around the event's own "
            f"words (written with care: {', '.join(SUPPORTED)})"), stacklevel=3)
        lang = "en"
    return {"lang": lang, "own_lang": written if written != lang else None}


def _facts(event: Event, whole: Event) -> dict[str, Any]:
    """What the page says, in words, as the posts and cards say it: ``event`` at the occurrence it shows,
    how often from ``whole``, the event with its rule as given."""
    from dataclasses import replace

    from radical_social.event import addresses
    from radical_social.graphics.cards import domain
    from radical_social.text import words

    phrases = words.phrases(event.language)
    venue = event.venue
    repeats = words.recurrence(whole)
    before = event.previous_start
    was = (words.when(replace(event, start=before, end=None, rrule=None, exdates=(), previous_start=None),
                      with_year=True) if before is not None else None)
    return {
        "title": event.title,
        "status": phrases.status(event.status),
        "cancelled": event.status == "cancelled",
        "rescheduled": was,
        "when": words.upper_first(words.when(event, with_year=True)),  # a page stays online: always the year
        "when_short": words.when(event, short=True, with_year=True),
        "start": event.start.isoformat(),
        "end": event.end.isoformat() if event.end is not None else None,
        "recurrence": words.upper_first(repeats) if repeats else None,
        "venue": venue,
        "address": addresses.lines(venue, with_name=False) if venue else (),
        "country": _country_name(venue.country, event.language) if venue and venue.country else None,
        "map": map_url(venue) if venue else None,
        "price": words.price(event),
        "places": words.number(event.capacity, event.language) if event.capacity is not None else None,
        "booking": words.booking(event),
        "organizer": event.organizer,
        "pitch": event.pitch,
        "domain": domain(event.url),
        "paragraphs": _paragraphs(event.description),
        "summary": _summary(event, venue),
    }


@lru_cache(maxsize=64)
def _country_name(code: str, language: str) -> str:
    """``IT`` → ``Italia`` in Italian, ``Italy`` in English (CLDR); the code itself when CLDR has no name."""
    from babel import Locale

    from radical_social.text.words import locale_for

    return str(Locale.parse(locale_for(language)).territories.get(code.upper(), code))


def map_url(venue: Venue) -> str:
    """The place on OpenStreetMap: a marker at its coordinates, else a search for its address (or its
    name and city, without an address)."""
    if venue.geo is not None:
        lat, lon = venue.geo
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    from radical_social.event import addresses

    query = addresses.one_line(venue, with_name=False) if venue.address else ", ".join(
        part for part in (venue.name, venue.city) if part)
    return f"https://www.openstreetmap.org/search?query={quote(query, safe='')}"


def _summary(event: Event, venue: Venue | None) -> str:
    """The line a link preview shows: the pitch, else the description's first sentences up to
    ``_SUMMARY_LIMIT`` characters, else the place."""
    from radical_social.page.structured import whole_sentences

    return (event.pitch or " ".join(whole_sentences(event.description, _SUMMARY_LIMIT).split())
            or (venue.one_line if venue else event.title))


def _image(event: Event, card: Card | bool, today: date, canonical: str | None) -> _Image | None:
    if card is False:
        return None
    if card is True:
        from radical_social.graphics.cards import alt_text

        name = "link.jpg" if event.image is not None else "link.png"
        alt, (width, height) = alt_text(event, today=today, qr=False), _LINK_CARD
    else:
        name, alt, width, height = card.filename, card.alt, card.width, card.height
    src = f"{CARDS_FOLDER}/{name}"
    return _Image(urljoin(canonical, src) if canonical else src, alt, width, height)


def _json_ld(event: Event, canonical: str | None, image: _Image | None) -> Any:
    from markupsafe import Markup

    from radical_social.page.structured import event_json_ld, script_json

    data = event_json_ld(event, url=canonical, image=image.src if image and canonical else None)  # absolute only
    return Markup(script_json(data))  # safe: script_json leaves no character HTML could read as markup
