"""A site of event pages: each event's folder ``<out>/<slug>/`` with ``index.html``, ``invite.ics`` and
``cards/link.png`` (``page.layout``), written whole or not at all, as a kit's is.

``write_pages`` writes the pages of events; ``write_pages_from_files`` reads event files first and,
like ``build_files``, lets each file stand alone: a file with a problem writes none of its pages,
and the others are written all the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from radical_social._files import sweep_stale_folders, write_folder
from radical_social.errors import EventError, KitError
from radical_social.page.layout import CARDS_FOLDER, INVITE_FILE, PAGE_FILE, event_slug, linked

if TYPE_CHECKING:
    from radical_social.event.model import Event

__all__ = ["PAGE_PARTS", "SiteReport", "note", "page_files", "write_pages", "write_pages_from_files"]

PAGE_PARTS = frozenset([PAGE_FILE, INVITE_FILE, CARDS_FOLDER])
"""What a page's folder holds."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SiteReport:
    """What ``write_pages_from_files`` did: each page written (its event, with the page as its link when
    it had none, and its folder), every problem, by file, for which that file's pages were not, and notes
    on pages written that lack something (no place: search engines do not list the event)."""

    written: tuple[tuple[Event, Path], ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def events(self) -> list[Event]:
        """The events whose pages were written: those an index and feeds of the site list."""
        return [event for event, _ in self.written]


def page_files(event: Event, *, base_url: str | None = None, now: datetime | None = None,
               language: str | None = None, templates: Path | None = None) -> dict[str, bytes]:
    """The files of the event's folder, by path relative to it: the page, the invite and the link card.
    An event without a ``url`` has its page as its link when ``base_url`` is given (``linked``)."""
    from radical_social.calendar.invites import invite
    from radical_social.graphics.cards import render_card
    from radical_social.page.render import render_page
    from radical_social.page.upcoming import as_of

    event = linked(event, base_url)
    moment = (now or datetime.now(timezone.utc).replace(microsecond=0)).astimezone(timezone.utc)
    today = moment.astimezone(event.zone or timezone.utc).date()
    card = render_card(as_of(event, moment), "link", today=today, language=language)
    page = render_page(event, language=language, base_url=base_url, now=moment, card=card, feeds=True,
                       templates=templates)
    return {PAGE_FILE: page.encode("utf-8"), INVITE_FILE: invite(event, now=moment, templates=templates),
            f"{CARDS_FOLDER}/{card.filename}": card.data}


class _PageJob(NamedTuple):
    """What every page of one ``write_pages`` shares, sent once to each worker process."""

    base_url: str | None
    now: datetime
    language: str | None
    templates: Path | None


def _files_of(job: _PageJob, event: Event) -> dict[str, bytes]:
    """``page_files`` for one event: the work of a worker process."""
    return page_files(event, base_url=job.base_url, now=job.now, language=job.language, templates=job.templates)


def write_pages(events: Iterable[Event], out: str | Path, *, base_url: str | None = None,
                now: datetime | None = None, language: str | None = None,
                templates: Path | None = None, jobs: int | None = 1) -> list[Path]:
    """Write each event's folder under ``out`` (``page_files``), each replaced atomically; return the
    folders. The pages are made on ``jobs`` processes (None: one per CPU), all before the first folder
    is written, with the same bytes whatever their number. ``KitError`` when two events share a folder
    (made from their date and title) or one cannot be written."""
    from radical_social.sources.workers import in_order

    events = list(events)
    clashes = sorted(slug for slug, count in Counter(map(event_slug, events)).items() if count > 1)
    if clashes:
        raise KitError(f"two events share the page folder {clashes[0]!r} (made from their date and title); rename one")
    folder = Path(out)
    job = _PageJob(base_url=base_url, now=now or datetime.now(timezone.utc).replace(microsecond=0),
                   language=language, templates=templates)
    files = [contents for _, contents in in_order(_files_of, job, events, jobs)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KitError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    sweep_stale_folders(folder, {event_slug(event) for event in events}, PAGE_PARTS)
    written = []
    for event, contents in zip(events, files, strict=True):
        target = folder / event_slug(event)
        try:
            write_folder(target, contents)
        except OSError as exc:
            raise KitError(f"cannot write the page {target}: {exc.strerror or exc}") from exc
        written.append(target)
    return written


def write_pages_from_files(sources: Sequence[str | Path], out: str | Path, *, base_url: str | None = None,
                           now: datetime | None = None, language: str | None = None,
                           templates: Path | None = None, jobs: int | None = 1) -> SiteReport:
    """The pages of every event in the event files ``sources``, written under ``out`` (made on ``jobs``
    processes, as ``write_pages`` does). Each file stands alone: a bad event, or a folder another file's
    event has, writes none of that file's pages."""
    from radical_social.sources.files import load_events

    written: list[tuple[Event, Path]] = []
    problems: list[str] = []
    notes: list[str] = []
    taken: dict[str, Path] = {}
    for path in dict.fromkeys(map(Path, sources)):
        try:
            events = load_events(path)
        except EventError as exc:
            problems.append(str(exc))
            continue
        shared = sorted({event_slug(event) for event in events} & taken.keys())
        if shared:
            problems += [f"{path}: the page folder {slug!r} (made from the date and title) is also that of an event in "
                         f"{taken[slug]}; rename one" for slug in shared]
            continue
        try:
            folders = write_pages(events, out, base_url=base_url, now=now, language=language, templates=templates,
                                  jobs=jobs)
        except KitError as exc:
            problems.append(f"{path}: {exc}")
            continue
        taken.update(dict.fromkeys(map(event_slug, events), path))
        written += zip((linked(event, base_url) for event in events), folders, strict=True)
        notes += [f"{folder / PAGE_FILE}: {page_note}" for event, folder in zip(events, folders, strict=True)
                  if (page_note := note(event, language))]
    return SiteReport(written=tuple(written), problems=tuple(problems), notes=tuple(notes))


def note(event: Event, language: str | None = None) -> str | None:
    """What the event's page lacks that search engines need, in the page's language: a place (Google
    lists an event only with its ``location``, which the page does not invent); None when nothing."""
    from radical_social.text.wording import message

    return message(language or event.language, "findings", "page-without-venue") if event.venue is None else None
