"""Where an event's page lives, a contract the kit, the site and the feeds share.

A page is ``<slug>/index.html``, next to ``invite.ics`` and ``cards/link.png`` (``.jpg`` with a photo),
as in a saved kit, so the same HTML works in a kit folder and on a site; its public URL is
``{base_url}/{slug}/``. The site's feeds are ``feed.atom`` and ``events.ics`` at the site's root.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from radical_social.event.model import Event

__all__ = ["ATOM_FEED", "CARDS_FOLDER", "ICS_FEED", "INVITE_FILE", "PAGE_FILE", "event_slug", "linked",
           "page_url", "slugify"]

PAGE_FILE = "index.html"
INVITE_FILE = "invite.ics"
CARDS_FOLDER = "cards"
ATOM_FEED = "feed.atom"
"""The site's Atom feed of upcoming events, at its root: ``../feed.atom`` from a page."""
ICS_FEED = "events.ics"
"""The site's calendar subscription of upcoming events, at its root: ``../events.ics`` from a page."""

# Letters that Unicode decomposition does not turn into ASCII.
_LATIN_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HASH = 8
"""Hex digits of the title's SHA-256 a slug adds for a title ASCII cannot spell."""


def slugify(text: str, *, limit: int = 80) -> str:
    """ASCII, lower-case, hyphen-separated: ``Caffè & libri!`` → ``caffe-libri``."""
    return _ascii_slug(text)[:limit].rstrip("-") or "event"


def _ascii_slug(text: str) -> str:
    spelled = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_LETTERS))
    return _NOT_SLUG.sub("-", spelled.encode("ascii", "ignore").decode("ascii")).strip("-")


def event_slug(event: Event) -> str:
    """The event's folder name, in a kit and on a site: ``2027-01-16-laboratorio-di-pasta-fresca``. A title
    with letters ASCII cannot spell (``أمسية شعرية``, ``图书馆之夜``) adds a short hash of itself, so that
    two such events on one day have folders of their own: ``2027-03-01-3f9a1c2e``."""
    slug = slugify(f"{event.start.isoformat()[:10]} {event.title}")
    if not _unspelled(event.title):
        return slug
    digest = hashlib.sha256(event.title.encode("utf-8")).hexdigest()[:_HASH]
    return f"{slug[:79 - _HASH].rstrip('-')}-{digest}"


def _unspelled(title: str) -> bool:
    """Whether ``title`` has a letter or digit that its ASCII slug loses."""
    spelled = unicodedata.normalize("NFKD", title.lower().translate(_LATIN_LETTERS))
    return any(char.isalnum() and not char.isascii() for char in spelled)


def site_base(base_url: str) -> str:
    """``base_url``, where a site is published, without its trailing slash, once it is checked to be an
    http(s) address with neither query nor fragment; ``ValueError`` naming ``base_url`` otherwise."""
    from radical_social.event.checks import url_problem

    problem = url_problem(base_url)
    if problem or "?" in base_url or "#" in base_url:
        raise ValueError(f"base_url {problem or 'must not have a query or a fragment'}: {base_url!r}")
    return base_url.rstrip("/")


def page_url(event: Event, base_url: str) -> str:
    """The page's public URL: ``https://example.org/events/2027-01-16-laboratorio-di-pasta-fresca/``;
    ``ValueError`` for a ``base_url`` that ``site_base`` refuses."""
    return f"{site_base(base_url)}/{event_slug(event)}/"


def linked(event: Event, base_url: str | None) -> Event:
    """The event with its page as its one link when it has no ``url`` of its own and ``base_url`` is
    given (its UID stays as it was); else the event itself."""
    if event.url is not None or not base_url:
        return event
    return replace(event, url=page_url(event, base_url))
