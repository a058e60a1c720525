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
from radical_social._html import escaped
from radical_social.calendar.feeds import write_feed
from radical_social.errors import KitError
from radical_social.event.checks import url_problem
from radical_social.page.atom import atom_feed
from radical_social.page.entries import Entry, entries
from radical_social.page.layout import ATOM_FEED, ICS_FEED, PAGE_FILE, event_slug
from radical_social.page.upcoming import upcoming
from radical_social.text.wording import FALLBACK, resolve_language, wording

if TYPE_CHECKING:
    from radical_social.event.model import Event


STYLE = (
    ":root{color-scheme:light}"
    "body{margin:0;background:#ffffff;color:#1f1f1f;font:1.0625rem/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}"
    "main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}"
    "h1{font-size:1.75rem;line-height:1.2;margin:0 0 1rem}"
    "ol{list-style:none;margin:0;padding:0}"
    "li{padding:1rem 0;border-top:1px solid #c4c4c4}"
    "h2{font-size:1.25rem;line-height:1.3;margin:0 0 .25rem}"
    "p{margin:.25rem 0}"
    "h1,h2,p{overflow-wrap:anywhere}"  # a word longer than a phone's line breaks rather than widening the page
    "a{color:#0b57d0}"
    ".status{font-weight:700;color:#a4161a}"
    ".where{color:#4d4d4d}"
    "footer{margin-top:1rem;padding-top:1rem;border-top:1px solid #c4c4c4}"
)
"""The page's only style: dark text on white, every colour at least 4.5:1 against the white."""


def write_index(events: Iterable[Event], out: str | Path, *, base_url: str | None = None,
                now: datetime | None = None, language: str | None = None, title: str | None = None) -> list[Path]:
    """Write the index of the events still to come at ``now`` and its two feeds into ``out``; return their paths.

    An event drops out once it has ended; a recurring one stays while an occurrence is still to come,
    listed at that occurrence. ``base_url`` is where the site is published (``https://example.org/events``):
    the feeds' links are absolute under it, as feed readers that are handed a feed file need; without it
    they are relative to the feeds' own address. ``now`` defaults to the clock; ``language`` (the site's,
    a BCP 47 tag; English for a language without wording) to the language most of the events are written
    in; ``title`` to "Upcoming events" in it.
    Raises ``KitError`` when two events would share a page or a UID, or a file cannot be written;
    ``ValueError`` for a ``base_url`` that is not a web address or a ``now`` without a time zone.
    """
    base = _base(base_url)
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
        write_atomically(index, index_html(listed, title=title, language=language, base_url=base).encode())
        write_atomically(atom, atom_feed(listed, title=title, language=language, now=now, base_url=base,
                                         previous=previous))
    except OSError as exc:
        raise KitError(f"could not write the index in {folder}: {exc.strerror or exc}") from exc
    write_feed((entry.event for entry in listed), calendar, name=title, now=now)
    return [index, atom, calendar]


def index_html(listed: Sequence[Entry], *, title: str, language: str, base_url: str | None) -> str:
    """The index page: one ``h1``, then each event's title (a link to its page), when, how often and where."""
    words = wording(language)["index"]
    feeds = wording(language)["page"]  # the feeds by the names the events' pages give them: a subscription
    subscribe = f"webcal://{base_url.split('://', 1)[1]}/{ICS_FEED}" if base_url else ICS_FEED
    head = (
        f'<!doctype html>\n<html lang="{escaped(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escaped(title)}</title>\n"
        + (f'<link rel="canonical" href="{escaped(base_url)}/">\n' if base_url else "")
        + f'<link rel="alternate" type="application/atom+xml" title="{escaped(feeds["feed_atom"])}" '
        f'href="{ATOM_FEED}">\n'
        f'<link rel="alternate" type="text/calendar" title="{escaped(feeds["feed_ics"])}" href="{ICS_FEED}">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{escaped(title)}</h1>\n"
    )
    if listed:
        body = "<ol>\n" + "".join(_item(entry, language) for entry in listed) + "</ol>\n"
    else:
        body = f"<p>{escaped(words['empty'])}</p>\n"
    foot = (
        f'<footer>\n<p><a href="{escaped(subscribe)}">{escaped(words["subscribe"])}</a></p>\n'
        + (f'<p><a href="{ICS_FEED}">{escaped(words["download"])}</a></p>\n' if base_url else "")
        + f'<p><a href="{ATOM_FEED}">{escaped(words["atom"])}</a></p>\n</footer>\n</main>\n</body>\n</html>\n'
    )
    return head + body + foot


def _item(entry: Entry, language: str) -> str:
    event = entry.event
    own = f' lang="{escaped(event.language)}"' if event.language != language else ""
    status = f'<p class="status">{escaped(entry.status)}</p>' if entry.status else ""
    repeats = f"<p>{escaped(entry.repeats)}</p>" if entry.repeats else ""
    where = f'<p class="where">{escaped(entry.where)}</p>' if entry.where else ""
    return (f'<li><h2{own}><a href="{escaped(entry.slug)}/">{escaped(event.title)}</a></h2>{status}'
            f'<p><time datetime="{escaped(entry.start)}">{escaped(entry.when)}</time></p>{repeats}{where}</li>\n')


def _base(base_url: str | None) -> str | None:
    """``base_url`` without its trailing slash, once it is checked to be an http(s) address."""
    if base_url is None:
        return None
    problem = url_problem(base_url)
    if problem or "?" in base_url or "#" in base_url:
        raise ValueError(f"base_url {problem or 'must not have a query or a fragment'}: {base_url!r}")
    return base_url.rstrip("/")


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
