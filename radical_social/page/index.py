"""The index of a site's upcoming events, with its Atom feed and ICS subscription feed.

``write_index`` writes three files beside the events' folders (``<out>/<slug>/index.html``):
``index.html``, a small static page listing what, when and where, each linking to its event's page;
``feed.atom``, the same events for feed readers; ``events.ics``, the same events for calendar apps
to subscribe to (the feed writer of ``radical-social feed``). Each file is replaced in one rename.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from radical_social._files import write_atomically
from radical_social.calendar.feeds import write_feed
from radical_social.errors import KitError
from radical_social.page.atom import atom_feed
from radical_social.page.entries import Entry, entries
from radical_social.page.layout import ATOM_FEED, ICS_FEED, PAGE_FILE, event_slug, site_base
from radical_social.page.upcoming import upcoming
from radical_social.text.wording import FALLBACK, resolve_language, wording

if TYPE_CHECKING:
    from radical_social.event.model import Event

TEMPLATE = "page/index.html.j2"


def write_index(events: Iterable[Event], out: str | Path, *, base_url: str | None = None,
                now: datetime | None = None, language: str | None = None, title: str | None = None,
                templates: Path | None = None) -> list[Path]:
    """Write the index of the events still to come at ``now`` and its two feeds into ``out``; return their paths.

    An event drops out once it has ended; a recurring one stays while an occurrence is still to come,
    listed at that occurrence. ``base_url`` is where the site is published (``https://example.org/events``):
    the feeds' links are absolute under it, as feed readers that are handed a feed file need; without it
    they are relative to the feeds' own address. ``now`` defaults to the clock; ``language`` (the site's,
    a BCP 47 tag; English for a language without wording) to the language most of the events are written
    in; ``title`` to "Upcoming events" in it. ``templates`` is a folder whose ``page/index.html.j2`` replaces
    the built-in page.
    Raises ``KitError`` when two events would share a page or a UID, or a file cannot be written;
    ``ValueError`` for a ``base_url`` that is not a web address or a ``now`` without a time zone.
    """
    base = None if base_url is None else site_base(base_url)
    now = now or datetime.now(timezone.utc)
    events = list(events)
    _check_distinct(events)
    language = _written_in(language or _usual_language(events))
    words = wording(language)["index"]
    title = title or str(words["title"])
    listed = entries(upcoming(events, now), language, now)
    folder = Path(out)
    index, atom, calendar = folder / PAGE_FILE, folder / ATOM_FEED, folder / ICS_FEED
    try:
        folder.mkdir(parents=True, exist_ok=True)
        previous = atom.read_bytes() if atom.is_file() else None
        write_atomically(index, index_html(listed, title=title, language=language, base_url=base,
                                                     templates=templates).encode())
        write_atomically(atom, atom_feed(listed, title=title, language=language, now=now, base_url=base,
                                         previous=previous))
    except OSError as exc:
        raise KitError(f"could not write the index in {folder}: {exc.strerror or exc}") from exc
    write_feed((entry.event for entry in listed), calendar, name=title, now=now)
    return [index, atom, calendar]


def index_html(listed: Sequence[Entry], *, title: str, language: str, base_url: str | None,
               templates: Path | None = None) -> str:
    """The index page (``templates/page/index.html.j2``): one ``h1``, then each event's title (a link to its
    page), when, how often and where; links to subscribe to its feeds."""
    from radical_social.text.templating import render

    items = [{"title": entry.event.title, "lang": entry.event.language if entry.event.language != language else None,
              "slug": entry.slug, "status": entry.status, "start": entry.start, "when": entry.when,
              "repeats": entry.repeats, "where": entry.where} for entry in listed]
    return render(TEMPLATE, templates=templates, lang=language, title=title,
                  canonical=f"{base_url}/" if base_url else None, items=items,
                  index=wording(language)["index"], page=wording(language)["page"],
                  subscribe=f"webcal://{base_url.split('://', 1)[1]}/{ICS_FEED}" if base_url else ICS_FEED,
                  download=bool(base_url), atom=ATOM_FEED, ics=ICS_FEED) + "\n"


def _written_in(language: str) -> str:
    """The tag the page is written in: ``language``, or English where it has no wording of its own."""
    return FALLBACK if resolve_language(language)[1] else language


def _usual_language(events: Sequence[Event]) -> str:
    """The language most of the events are written in, counted by primary subtag (``en``, ``en-GB`` and
    ``en-US`` are all English), as its most used tag; the first of them on a tie; English for none."""
    tags = [event.language for event in events]
    if not tags:
        return "en"
    groups = Counter(_primary(tag) for tag in tags)
    usual = max(groups, key=groups.__getitem__)
    counts = Counter(tag for tag in tags if _primary(tag) == usual)
    return max(counts, key=counts.__getitem__)


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def _check_distinct(events: Sequence[Event]) -> None:
    """Two events may share neither a page (a folder made from their date and title) nor a UID (one entry in
    every feed)."""
    for name, key in (("page", event_slug), ("UID", lambda event: event.uid)):
        counts = Counter(map(key, events))
        shared = sorted(value for value, count in counts.items() if count > 1)
        if shared:
            raise KitError(f"two events share the {name} {shared[0]!r}; change one of them")
