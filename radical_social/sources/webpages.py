"""An event's web page (a file or a URL) → events and event files, from the schema.org ``Event`` data in it.

``mappings_from_page`` reads JSON-LD first and, only when that has no event, microdata, then RDFa
(with extruct, the optional ``web`` extra); each event becomes the keys of an event file, as
``mappings_from_ics`` gives them, so ``write_event_file`` saves both alike. ``fetch_page`` downloads
with the same guard as ``fetch_calendar``; ``is_page`` tells a page from a calendar by the server's
Content-Type and the body's first bytes, never by the URL. See ``docs/how-to/import-an-event-page.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from radical_social.errors import EventError, Problem
from radical_social.event.values import clipped

if TYPE_CHECKING:
    import requests

    from radical_social.event.model import Event
    from radical_social.sources.fetch import Fetched

ACCEPT = "text/calendar, text/html;q=0.9, application/xhtml+xml;q=0.9, */*;q=0.5"
"""The Accept header of ``fetch_page``: a calendar or a page, the calendar first where the URL has both."""
_PAGE_TYPES = ("text/html", "application/xhtml+xml")


class PageImport(NamedTuple):
    """What a page gave: the events as event-file mappings, the problems of those that could not be
    imported (and of the page), and notes on what was left out of the others."""

    mappings: list[dict[str, Any]]
    problems: list[Problem]
    notes: list[Problem]


def mappings_from_page(data: bytes | str, *, source: str = "page.html", base_url: str | None = None,
                       content_type: str | None = None, timezone: str | None = None) -> PageImport:
    """Each schema.org event of an HTML page as an event-file mapping, with problems and notes.

    Problems are located like ``page.html: event 2 (Cena popolare): startDate``; ``source`` names the
    page. ``base_url`` resolves relative links; ``content_type`` (the server's header) may name the
    page's character set. ``timezone`` (an IANA name) is the zone of times the page gives without a
    UTC offset, and the one all times are shown in; without it, times keep the page's offset unless
    the page or the venue's country names a zone. Every returned mapping passes ``Event.from_mapping``,
    and no two share a UID. ``EventError`` says how to install extruct when it is missing.
    """
    from radical_social.event.checks import unknown_zone
    from radical_social.sources import schema_org

    if timezone is not None and not schema_org.known_zone(timezone):
        raise EventError([Problem("timezone", unknown_zone(timezone))])
    tree, language = _parsed(data, content_type, source)
    problems: list[Problem] = []
    items = schema_org.compacted(_json_ld(tree, source, problems))
    index = schema_org.described(items)
    nodes = schema_org.event_items(items, index)
    for syntax in ("microdata", "rdfa"):
        if nodes:
            break
        items = schema_org.compacted(_other_syntax(data if syntax == "rdfa" else tree, syntax, base_url,
                                                   content_type))
        index = schema_org.described(items)
        nodes = schema_org.event_items(items, index)
    if not nodes:
        problems.append(Problem(source, "the page has no schema.org Event in it (as JSON-LD, microdata or RDFa)"))
        return PageImport([], problems, [])
    imported: list[tuple[str, dict[str, Any], Event]] = []
    notes: list[Problem] = []
    for number, node in enumerate(nodes, 1):
        where = _where(source, number, node, len(nodes))
        read = schema_org.PageEvent(node, where=where, base_url=base_url, language=language, timezone=timezone,
                                    index=index, page_url=base_url if len(nodes) == 1 else None)
        event, found = (None, read.problems) if read.problems else _checked(read.mapping, where)
        problems += found
        if event is not None:
            imported.append((where, read.mapping, event))
            notes += read.notes
    return PageImport(_unique(imported, notes), problems, notes)


def events_from_page(data: bytes | str, *, source: str = "page.html", base_url: str | None = None,
                     content_type: str | None = None, timezone: str | None = None) -> list[Event]:
    """The events of a page; ``EventError`` lists every problem when any event does not import."""
    from radical_social.event.model import Event

    mappings, problems, _ = mappings_from_page(data, source=source, base_url=base_url, content_type=content_type,
                                               timezone=timezone)
    if problems:
        raise EventError(problems)
    return [Event.from_mapping(mapping) for mapping in mappings]


def fetch_page(url: str, *, session: requests.Session | None = None, timeout: float = 10.0,
               max_bytes: int = 5_000_000, allow_private: bool = False) -> Fetched:
    """An http(s) URL's body, Content-Type and final URL (after redirects), fetched with
    ``fetch_calendar``'s guard: public addresses only unless ``allow_private``, redirects checked,
    ``timeout`` seconds and ``max_bytes`` in all. ``DeliveryError`` when it cannot or may not be fetched."""
    from radical_social.sources.fetch import fetch_document

    return fetch_document(url, session=session, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private,
                          accept=ACCEPT, kind="download")


def is_page(data: bytes, content_type: str = "") -> bool:
    """Whether ``data`` is an HTML page rather than a calendar: a body that starts as a calendar is
    one whatever the server says; otherwise an HTML Content-Type, or a body that starts with markup."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"begin:vcalendar"):
        return False
    if content_type.split(";")[0].strip().lower() in _PAGE_TYPES:
        return True
    return head.startswith(b"<")


def _extruct() -> Any:
    try:
        import extruct
    except ImportError:
        raise EventError([Problem("", "reading events from a web page needs the extruct package: "
                                      "pip install 'radical-social[web]'")]) from None
    return extruct


def _parsed(data: bytes | str, content_type: str | None, source: str) -> tuple[Any, str | None]:
    """The page's lxml tree, and the language its ``<html lang>`` names."""
    _extruct()
    from extruct.utils import parse_html

    text = data if isinstance(data, str) else _decoded(data, content_type)
    try:
        tree = parse_html(text.encode("utf-8"), encoding="utf-8")
    except ValueError as exc:  # lxml: an empty document
        raise EventError([Problem(source, f"is not an HTML page ({exc})")]) from None
    language = tree.getroottree().getroot().get("lang") or tree.getroottree().getroot().get(
        "{http://www.w3.org/XML/1998/namespace}lang")
    return tree, (language.strip() or None) if isinstance(language, str) else None


def _decoded(data: bytes, content_type: str | None) -> str:
    """The page as text, in the character set a browser would pick (BOM, header, ``<meta>``, UTF-8)."""
    from w3lib.encoding import html_to_unicode

    return str(html_to_unicode(content_type, data)[1])


def _json_ld(tree: Any, source: str, problems: list[Problem]) -> list[Any]:
    """The items of each ``<script type="application/ld+json">``; a block that is not JSON is a problem,
    and the others are read all the same."""
    from extruct.jsonld import JsonLdExtractor

    reader = JsonLdExtractor()  # reads a block as JSON, then once more without HTML and JS comments
    items: list[Any] = []
    for number, block in enumerate(tree.xpath('//script[@type="application/ld+json"]'), 1):
        try:
            items += reader.extract_items(block)
        except ValueError as exc:
            problems.append(Problem(f"{source}: JSON-LD block {number}",
                                    f"is not valid JSON ({clipped(str(exc), 80)}); the page's other data is read"))
    return items


def _other_syntax(page: Any, syntax: str, base_url: str | None, content_type: str | None) -> list[Any]:
    """The page's microdata (uniform, nested items) or RDFa (expanded JSON-LD nodes)."""
    extruct = _extruct()
    if syntax == "rdfa":
        page = page if isinstance(page, str) else _decoded(page, content_type)
    found = extruct.extract(page, base_url=base_url, syntaxes=[syntax], uniform=True, errors="ignore")
    return list(found.get(syntax, []))


def _where(source: str, number: int, node: Mapping[str, Any], count: int) -> str:
    """``page.html: event 2 (Cena popolare)``; ``page.html: event (…)`` when it is the only one."""
    import html

    names = node.get("name")
    name = names[0] if isinstance(names, list) and names else names
    label = clipped(" ".join(html.unescape(name).split()), 60) if isinstance(name, str) else ""
    event = f"event {number}" if count > 1 or not label else "event"
    return f"{source}: {event}{f' ({label})' if label else ''}"


def _checked(mapping: dict[str, Any], where: str) -> tuple[Event | None, list[Problem]]:
    """The event, or the problems ``Event.from_mapping`` finds, named by the page's schema.org properties."""
    from radical_social.event.model import Event
    from radical_social.sources.schema_org import PAGE_FIELDS

    try:
        return Event.from_mapping(mapping), []
    except EventError as exc:
        return None, [Problem(f"{where}: {PAGE_FIELDS.get(problem.path, problem.path)}", problem.message)
                      for problem in exc.problems]


def _unique(imported: list[tuple[str, dict[str, Any], Event]], notes: list[Problem]) -> list[dict[str, Any]]:
    """The mappings, no two with one UID. Events that share a ``url`` (the sessions of one page) each get
    a UID from the URL and their start; an event described twice (two blocks for one event, as two
    plugins of a site may write) is kept once, with a note."""
    from collections import Counter

    from radical_social.event.model import derive_uid

    shared = Counter(event.url for _, _, event in imported if event.url)
    kept: dict[str, dict[str, Any]] = {}
    for where, mapping, event in imported:
        uid = event.uid
        if event.url and shared[event.url] > 1:
            uid = mapping["uid"] = derive_uid(f"{event.url}#{event.start.isoformat()}", event.title, event.start)
        if uid in kept:
            notes.append(Problem(where, "is the same event as one before it (the same url and start, or title and "
                                        "start): it is kept once"))
        else:
            kept[uid] = mapping
    return list(kept.values())
