"""The Atom feed of a site's upcoming events (RFC 4287), one entry per event, linking to its page.

An entry's ``id`` is a ``urn:uuid:`` made from the event's UID, so it never changes. Its ``updated``
is when the entry last changed: the previous feed's, when the entry reads as it did there (same
title, page, summary, content and author), else ``now``; the feed's own ``updated`` likewise. So the
same events give the same feed, run after run, and a reader sees an entry again only when it changed.

Links are absolute under ``base_url``. Without it they are relative to the feed's own address,
which RFC 4287 allows and feed readers resolve when they fetch the feed from the site; the feed's
``id`` is then made from its title.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import NamedTuple

from radical_social._version import __version__
from radical_social.page.entries import Entry
from radical_social.page.layout import ATOM_FEED

ATOM = "http://www.w3.org/2005/Atom"
_NAMESPACE = uuid.UUID("4b0f3c8e-1d7a-5e62-9c1b-2f8a6d3e7b90")
"""Where the ``urn:uuid:`` ids of entries and of a feed without ``base_url`` come from (UUID version 5)."""
_TAG = f"{{{ATOM}}}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ET.register_namespace("", ATOM)  # Atom as the default namespace: <feed xmlns="…">, not <ns0:feed>
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot carry, even escaped, and events may hold: the noncharacters U+FFFE and U+FFFF."""



class Shown(NamedTuple):
    """What a reader sees of an entry."""

    title: str | None
    link: str | None
    summary: str | None
    content: str | None
    author: str | None


def atom_feed(entries: Sequence[Entry], *, title: str, language: str, now: datetime, base_url: str | None,
              previous: bytes | None = None) -> bytes:
    """The feed's bytes (UTF-8 XML); ``previous`` is the feed written last time, whose dates it keeps."""
    stamp = _rfc3339(now)
    before, before_feed = _previous(previous)
    feed = ET.Element(f"{_TAG}feed", {_XML_LANG: language})
    site = f"{base_url}/" if base_url else ""
    self_link = f"{base_url}/{ATOM_FEED}" if base_url else ATOM_FEED
    _add(feed, "id", self_link if base_url else _urn(f"feed\n{title}"))
    _add(feed, "title", title)
    updated = _add(feed, "updated", stamp)
    _add(_add(feed, "author"), "name", title)
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_link)
    _add(feed, "link", rel="alternate", type="text/html", href=site or "./")
    _add(feed, "generator", "radical_social", uri="https://github.com/radical-social/radical_social",
         version=__version__)
    dates = []
    for entry in entries:
        ident = _urn(entry.event.uid)
        shown = _shown(entry, site)
        kept, seen = before.get(ident, (None, None))
        dates.append((ident, kept if kept is not None and seen == shown else stamp))
        _entry(feed, ident, dates[-1][1], shown, entry.event.language if entry.event.language != language else None)
    if before_feed is not None and dates == [(ident, kept) for ident, (kept, _) in before.items()]:
        updated.text = before_feed
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _entry(feed: ET.Element, ident: str, updated: str, shown: Shown, own: str | None) -> None:
    """One entry; ``own`` is the event's language where it is not the feed's: its title and content are
    the organiser's words, the summary (when, where) is in the feed's language."""
    words = {_XML_LANG: own} if own else {}
    entry = _add(feed, "entry")
    _add(entry, "id", ident)
    _add(entry, "title", shown.title, type="text", **words)
    _add(entry, "updated", updated)
    if shown.author:
        _add(_add(entry, "author"), "name", shown.author)
    _add(entry, "link", rel="alternate", type="text/html", href=shown.link or "")
    _add(entry, "summary", shown.summary, type="text")
    if shown.content:
        _add(entry, "content", shown.content, type="text", **words)


def _shown(entry: Entry, site: str) -> Shown:
    event = entry.event
    organizer = event.organizer.name if event.organizer else None
    content = _xml(event.description)
    return Shown(_xml(event.title), f"{site}{entry.slug}/", _xml(entry.facts), content if content.strip() else None,
                 organizer and _xml(organizer))


def _previous(data: bytes | None) -> tuple[dict[str, tuple[str | None, Shown]], str | None]:
    """Each entry of an earlier feed of ours by id, with its ``updated`` and what it showed, and the
    feed's ``updated``; nothing when there is none or it cannot be read (it is rewritten whole anyway)."""
    if not data:
        return {}, None
    try:
        feed = ET.fromstring(data)
    except ET.ParseError:
        return {}, None
    found = {}
    for entry in feed.iterfind(f"{_TAG}entry"):
        link = entry.find(f"{_TAG}link")
        shown = Shown(entry.findtext(f"{_TAG}title"), None if link is None else link.get("href"),
                       entry.findtext(f"{_TAG}summary"), entry.findtext(f"{_TAG}content"),
                       entry.findtext(f"{_TAG}author/{_TAG}name"))
        found[entry.findtext(f"{_TAG}id") or ""] = (entry.findtext(f"{_TAG}updated"), shown)
    return found, feed.findtext(f"{_TAG}updated")


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{_TAG}{name}", attributes)
    element.text = None if text is None else _xml(text)
    return element


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _urn(seed: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, seed)}"


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
