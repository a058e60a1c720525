"""Existing calendars (.ics files and URLs) → events and event files in the project's own format.

``mappings_from_ics`` turns each VEVENT of Google, Outlook, Apple, Gancio or Mobilizon exports into
the keys of an event file (``Event.from_mapping`` accepts them unchanged); ``events_from_ics`` gives
the events or raises ``EventError`` with every problem; ``fetch_calendar`` downloads a calendar
without letting a URL reach the caller's own network; ``write_event_file`` saves the mappings as YAML
(``write_event_file_from_ics`` does both for the import command, the workers writing their events).
See ``docs/how-to/import-a-calendar.md`` for what is kept and what is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social._files import write_atomically
from radical_social.errors import EventError, KitError, Problem

if TYPE_CHECKING:
    import requests

    from radical_social.event.model import Event

MAX_BYTES = 5_000_000
"""The largest calendar ``fetch_calendar`` downloads by default."""


def mappings_from_ics(data: bytes, *, source: str = "calendar.ics",
                      jobs: int | None = 1) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Each VEVENT that imports as an event-file mapping, and the problems of the others.

    Problems are located like ``calendar.ics: VEVENT 3 (uid …): start``; ``source`` names the file.
    Every returned mapping passes ``Event.from_mapping``, and no two share a UID. A large calendar
    (thousands of VEVENTs) is read on up to ``jobs`` processes (None: one per CPU), with the same
    result; as with ``write_feed_from_files``, a script doing so needs the ``if __name__ == "__main__":``
    guard where processes are not forked.
    """
    from radical_social.sources.ics import import_calendar

    imported, problems = import_calendar(data, source, jobs, keep="mappings")
    return [item.mapping for item in imported], problems


def events_from_ics(data: bytes, *, source: str = "calendar.ics", jobs: int | None = 1) -> list[Event]:
    """The events of a calendar; ``EventError`` lists every problem when any VEVENT does not import.

    ``jobs`` is as for ``mappings_from_ics``.
    """
    from radical_social.sources.ics import import_calendar

    imported, problems = import_calendar(data, source, jobs)
    if problems:
        raise EventError(problems)
    return [item.event for item in imported if item.event is not None]


def fetch_calendar(url: str, *, session: requests.Session | None = None, timeout: float = 10.0,
                   max_bytes: int = MAX_BYTES, allow_private: bool = False) -> bytes:
    """The body of an http(s) calendar URL; ``DeliveryError`` when it cannot or may not be fetched.

    Every address the host resolves to must be public (not private, loopback, link-local, multicast,
    reserved or unspecified) unless ``allow_private``; redirects (at most 5) are followed by hand and
    checked the same way. ``timeout`` (seconds) is checked between reads of the body and bounds each
    wait for the server, so a server trickling bytes is cut off within about twice ``timeout``;
    the body stops at ``max_bytes``. URLs with backslashes, spaces or credentials are refused; unless
    ``allow_private``, the connection goes to the address checked (``session`` gives its headers,
    cookies, proxies and certificates, not its transport), so DNS rebinding cannot get past the check.
    """
    from radical_social.sources.fetch import fetch

    return fetch(url, session=session, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)


def write_event_file(mappings: Iterable[Mapping[str, Any]], out: str | Path) -> None:
    """Write event-file mappings to ``out`` as a YAML list, atomically; empty values are left out.

    ``radical_social.sources.files.load_events(out)`` reads back the same events. Raises ``KitError``
    when the file cannot be written, leaving ``out`` as it was.
    """
    from radical_social.sources.yaml_writing import event_file_text, pruned

    _write(out, event_file_text(pruned(mapping) for mapping in mappings))


def write_event_file_from_ics(data: bytes, out: str | Path, *, source: str = "calendar.ics",
                              jobs: int | None = 1) -> tuple[int, list[Problem]]:
    """``import``'s work: ``write_event_file(mappings, out)`` for what ``mappings_from_ics`` gives, the same
    bytes; how many events the file holds, and the problems of the VEVENTs left out. ``EventError`` when
    none imports (nothing is written). On several processes each worker writes its own events' text.
    """
    from radical_social.sources.ics import collector_paused, import_calendar
    from radical_social.sources.yaml_writing import joined

    with collector_paused():
        imported, problems = import_calendar(data, source, jobs, keep="texts")
        if not imported:
            raise EventError(problems)
        text = joined([item.written() for item in imported])
    _write(out, text)
    return len(imported), problems


def _write(out: str | Path, text: str) -> None:
    out = Path(out)
    try:
        write_atomically(out, text.encode())
    except OSError as exc:
        raise KitError(f"{out}: cannot be written: {exc.strerror or exc}") from exc
