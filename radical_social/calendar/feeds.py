"""Subscription feeds: many events in one ``.ics``, written whole or not at all.

``write_feed`` writes events already in memory. ``write_feed_from_files`` reads event files and
validates and writes their events on several processes: the main process reads the files and
hands the raw events to worker processes in chunks (JSON Lines as blocks of lines the workers
split); each worker validates its chunk and writes its VEVENTs; the main process checks UIDs
across all files and puts the chunks, in order, into the feed (``feed_spool``). The bytes are
those of ``write_feed(iter_events(*sources), …)`` and so are the problems, whatever the number
of processes. At most two chunks per process are in flight, so memory stays flat.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING

from radical_social._files import replace_with, scratch_file
from radical_social.calendar import lines as _ics
from radical_social.calendar.invites import (
    CALENDAR_END,
    DEFAULT_ALARM,
    Spans,
    VEventWriter,
    calendar_head,
    vtimezones,
    widen,
)
from radical_social.errors import EventError, KitError, Problem
from radical_social.sources.files import JsonLines, Place, Record, Source, UidBook, YamlPart, duplicate_uid, units
from radical_social.sources.workers import in_order

if TYPE_CHECKING:
    from radical_social.event.model import Event

CHUNK = 250
"""Events per chunk handed to a worker (JSON Lines: ``loading._BLOCK`` bytes of lines): enough to make the
hand-over cheap, few enough to keep memory small."""

Item = Record | JsonLines | YamlPart | Problem
"""A raw event, a block of JSON Lines (split by the worker), a part of a YAML list (parsed by the worker), or
a problem with a file (unreadable, bad syntax) in its place among them."""
Outcome = tuple[Place, str] | tuple[None, tuple[Problem, ...]]
"""Per record or problem of a chunk (``_expanded``): the record's place and the UID of its event,
or the problems."""
Written = tuple[bytes, list[Outcome], Spans, bool]
"""A chunk's VEVENTs, the outcome of each record and problem, the zones the VEVENTs use, and whether the chunk
ends its YAML file (``YamlPart.read``: its part did not read as cut, and the rest of the file is read apart)."""


def write_feed(events: Iterable[Event], out: str | Path, *, name: str, now: datetime | None = None,
               refresh: timedelta = timedelta(hours=12), alarm: timedelta | None = DEFAULT_ALARM,
               templates: Path | None = None) -> int:
    """Write every event into one subscription feed at ``out``; return how many were written.

    Streams, and writes atomically: on any error nothing is left behind and ``out`` is untouched
    (see ``feed_spool``). ``write_feed_from_files`` does the same for event files on several processes.
    """
    writer = VEventWriter(now, alarm, templates)
    with feed_spool(out, name=name, refresh=refresh) as feed:
        for event in events:
            feed.add(writer.vevent(event, feed.spans))
    return feed.count


class FeedSpool:
    """The VEVENTs of a feed being written, spooled to a file, and the span of each zone they use."""

    def __init__(self, spool: IO[bytes]) -> None:
        self._spool = spool
        self.spans: Spans = {}
        self.count = 0

    def add(self, vevents: bytes, count: int = 1, spans: Spans | None = None) -> None:
        """Append ``count`` VEVENTs; ``spans`` widens the zones' spans (a ``VEventWriter`` may note them directly)."""
        self._spool.write(vevents)
        self.count += count
        for zone, (first, last) in (spans or {}).items():
            widen(self.spans, zone, first, last)


@contextmanager
def feed_spool(out: str | Path, *, name: str, refresh: timedelta = timedelta(hours=12)) -> Iterator[FeedSpool]:
    """A feed written whole or not at all.

    The VEVENTs added go to a spool file beside ``out``; when the block ends, the header, one
    VTIMEZONE per zone used and the spool are written to a temporary file that replaces ``out``
    atomically. If the block raises, nothing is left behind and ``out`` is untouched.
    """
    head = calendar_head([
        "METHOD:PUBLISH", f"NAME:{_ics.text(name)}", f"X-WR-CALNAME:{_ics.text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{_ics.duration(refresh)}",
        f"X-PUBLISHED-TTL:{_ics.duration(refresh)}",
    ])
    out = Path(out)
    try:
        with scratch_file(out, ".spool") as (_, spool), scratch_file(out, ".tmp") as (path, target):
            feed = FeedSpool(spool)
            yield feed
            spool.seek(0)
            target.write(head + vtimezones(feed.spans))
            shutil.copyfileobj(spool, target)
            target.write(CALENDAR_END)
            replace_with(path, target, out)
    except KitError:
        raise
    except OSError as exc:
        raise KitError(f"could not write the feed {out}: {exc}") from exc


def write_feed_from_files(sources: Iterable[Source], out: str | Path, *, name: str, now: datetime | None = None,
                          refresh: timedelta = timedelta(hours=12), alarm: timedelta | None = DEFAULT_ALARM,
                          templates: Path | None = None, jobs: int | None = 1) -> int:
    """Write every event of the event files ``sources`` into one feed at ``out``; return how many.

    The result is ``write_feed(iter_events(*sources), out, …)``, byte for byte, but reading the
    events and writing them is spread over ``jobs`` processes (None: one per CPU this process may
    use; never more than there are chunks of events). Every problem of every file is raised
    together as ``EventError``, and then nothing is written. Where processes cannot be forked
    safely (Windows, macOS, or a process with threads), they start afresh from a fork server or
    are spawned, and a script calling this with ``jobs`` other than 1 needs the usual
    ``if __name__ == "__main__":`` guard.
    """
    if jobs is not None and jobs < 1:
        raise ValueError(f"jobs must be 1 or more, or None for one per CPU; got {jobs}")
    writer = VEventWriter(now, alarm, templates)  # checks the settings, and a template of the user's, first
    problems: list[Problem] = []
    uids = UidBook()
    ended: set[Path] = set()  # YAML files read to their end by a part before their last
    with feed_spool(out, name=name, refresh=refresh) as feed:

        def add(chunk: list[Item], written: Written) -> None:
            vevents, outcomes, spans, _ = written
            feed.add(vevents, sum(place is not None for place, _ in outcomes), spans)
            records: dict[Place, Record] = {}  # the chunk's records by place, made for its first duplicate UID
            for place, outcome in outcomes:
                if isinstance(outcome, tuple):
                    problems.extend(outcome)
                elif place is not None and (first := uids.note(outcome, place)):
                    records = records or _records_by_place(chunk)
                    problems.append(duplicate_uid(outcome, records[place], first))

        for chunk, written in in_order(_write_chunk, writer, _chunks(_items(sources)), jobs):
            if isinstance(part := chunk[0], YamlPart):
                if part.path in ended:
                    continue
                if written[3]:  # a rare wrong cut: the rest of the file is read here, a chunk at a time
                    ended.add(part.path)
                    for rest in _chunks(part.rest()):
                        add(rest, _write_chunk(writer, rest))
                    continue
            add(chunk, written)
        if problems:
            raise EventError(problems)
    return feed.count


def _write_chunk(writer: VEventWriter, chunk: list[Item]) -> Written:
    """Validate and write one chunk: the work of a worker process."""
    spans: Spans = {}
    vevents: list[bytes] = []
    outcomes: list[Outcome] = []
    items, ends = _expanded(chunk)
    for item in items:
        if isinstance(item, Problem):
            outcomes.append((None, (item,)))
            continue
        try:
            event = item.event()
        except EventError as exc:
            outcomes.append((None, exc.problems))
            continue
        vevents.append(writer.vevent(event, spans))
        outcomes.append(((item.path, item.where), event.uid))
    return b"".join(vevents), outcomes, spans, ends


def _records_by_place(chunk: list[Item]) -> dict[Place, Record]:
    return {(item.path, item.where): item for item in _expanded(chunk)[0] if isinstance(item, Record)}


def _expanded(chunk: list[Item]) -> tuple[Iterable[Record | Problem], bool]:
    """The chunk's records and problems, and whether they end their YAML file: a part of a YAML list read,
    or each block of JSON Lines split into its records."""
    if isinstance(part := chunk[0], YamlPart):
        return part.read()
    return _split(chunk), False


def _split(chunk: list[Item]) -> Iterator[Record | Problem]:
    for item in chunk:
        if isinstance(item, JsonLines):
            yield from item.records()
        elif not isinstance(item, YamlPart):
            yield item


def _items(sources: Iterable[Source]) -> Iterator[Item]:
    """The records and blocks of every file, with each file-level problem in the place it was found."""
    problems: list[Problem] = []
    for unit in units(sources, problems):
        yield from problems
        problems.clear()
        yield unit
    yield from problems


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    """A block of JSON Lines or a part of a YAML list alone (each holds about ``CHUNK`` events), other items
    ``CHUNK`` at a time."""
    pending: list[Item] = []
    for item in items:
        if isinstance(item, (JsonLines, YamlPart)):
            if pending:
                yield pending
                pending = []
            yield [item]
        else:
            pending.append(item)
            if len(pending) == CHUNK:
                yield pending
                pending = []
    if pending:
        yield pending
