"""Event files → events: YAML, TOML, JSON, JSON Lines and CSV.

A file holds one event (a mapping), a list of events, or a mapping with an ``events:`` list; a CSV
file holds one event per row with dotted headers (``venue.city``); an ``.ics`` calendar holds
VEVENTs, imported by ``radical_social.importing``. JSON Lines, CSV and multi-document
YAML are read as streams, so a feed of 100,000 events never holds them all at once.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from radical_social._checks import join_path
from radical_social.errors import EventError, Problem
from radical_social.events import Event

Source = str | os.PathLike[str]
SUFFIXES = (".yaml", ".yml", ".toml", ".json", ".jsonl", ".ndjson", ".csv", ".ics")


def load_events(*sources: Source) -> list[Event]:
    """Every event in the given files, validated as one batch (all problems reported at once)."""
    return list(iter_events(*sources))


def iter_events(*sources: Source) -> Iterator[Event]:
    """Yield the events of the given files one by one.

    Problems do not stop the reading: after the last event, ``EventError`` is raised with every
    problem of every file, so a caller that writes atomically can discard what it wrote.
    Two events with the same UID are a problem too.
    """
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for source in sources:
        path = Path(source)
        for where, data in _records(path, problems):
            try:
                event = Event.from_mapping(data, path=where, folder=path.parent)
            except EventError as exc:
                problems += _in_file(path, exc.problems)
                continue
            here = f"{path.name}: {where or 'the event'}"
            first = seen.setdefault(event.uid, here)
            if first != here:
                given = isinstance(data, Mapping) and bool(data.get("uid"))
                problems += _in_file(path, [_duplicate_uid(event.uid, where, first, given)])
                continue
            yield event
    if problems:
        raise EventError(problems)


def _duplicate_uid(uid: str, where: str, first: str, given: bool) -> Problem:
    origin = "given in the file" if given else "derived from the same url"
    return Problem(
        join_path(where, "uid"),
        f"{uid} is also the UID of {first} ({origin}); give each event its own 'uid'",
    )


def _in_file(path: Path, problems: Iterable[Problem]) -> list[Problem]:
    return [Problem(f"{path.name}: {p.path}" if p.path else path.name, p.message) for p in problems]


def _records(path: Path, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """(field-path prefix, raw mapping) pairs of one file; file-level problems go to ``problems``."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        problems.append(Problem(path.name, f"unknown file type {suffix or '(none)'!r}; use one of {known}"))
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(path.name, f"cannot be read: {exc.strerror or exc}"))
        return
    if suffix == ".ics":
        yield from _calendar_records(path, raw, problems)
        return
    text = _text(path, raw, problems)
    if text is None:
        return
    reader = {".csv": _csv_records, ".jsonl": _json_lines, ".ndjson": _json_lines}.get(suffix, _document_records)
    try:
        yield from reader(path, text, problems)
    except _FileProblem as exc:
        problems.append(Problem(path.name, str(exc)))


class _FileProblem(Exception):
    """A whole-file problem (syntax error, wrong shape)."""


def _text(path: Path, raw: bytes, problems: list[Problem]) -> str | None:
    if b"\x00" in raw[:8192]:
        problems.append(Problem(path.name, "is a binary file, not an event file"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(path.name, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(path.name, "is empty"))
        return None
    return text


def _document_records(path: Path, text: str, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        documents: Iterable[Any] = _yaml_documents(text)
    elif suffix == ".toml":
        documents = [_toml(text)]
    else:
        documents = [_json(text)]
    index = 0
    for document in documents:
        if isinstance(document, Mapping) and "events" in document:
            extra = sorted(set(document) - {"events"})
            if extra:
                message = "stands beside 'events:'; put it inside each event"
                problems.append(Problem(f"{path.name}: {extra[0]}", message))
            document = document["events"]
            if not isinstance(document, list):
                raise _FileProblem("'events' must be a list of events")
        if isinstance(document, list):
            for item in document:
                yield f"events[{index}]", item
                index += 1
        elif document is not None:
            yield ("" if index == 0 else f"events[{index}]"), document
            index += 1


def _yaml_documents(text: str) -> Iterator[Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        yield from yaml.load_all(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise _FileProblem(f"invalid YAML at {where}{exc.problem}") from None
    except yaml.YAMLError as exc:
        raise _FileProblem(f"invalid YAML: {exc}") from None


def _toml(text: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _FileProblem(f"invalid TOML: {exc}") from None


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _FileProblem(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def _json_lines(path: Path, text: str, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(f"{path.name}: line {number}", f"invalid JSON: {exc.msg}"))


def _calendar_records(path: Path, raw: bytes, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """The VEVENTs of an existing calendar (Google, Outlook, Apple, Gancio…) as event-file mappings."""
    from radical_social.importing import mappings_from_ics

    mappings, refused = mappings_from_ics(raw, source=path.name)
    problems += refused
    for index, mapping in enumerate(mappings, start=1):
        yield f"VEVENT {index}", mapping


def _csv_records(path: Path, text: str, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise _FileProblem("has no header row")
    for row in reader:
        where = f"row {reader.line_num}"
        if None in row:
            problems.append(Problem(f"{path.name}: {where}", "has more cells than the header has columns"))
            continue
        yield where, _nest(row)


def _nest(row: Mapping[str, str | None]) -> dict[str, Any]:
    """``{"venue.city": "Verona"}`` → ``{"venue": {"city": "Verona"}}``; empty cells are left out."""
    nested: dict[str, Any] = {}
    for header, cell in row.items():
        if cell is None or not cell.strip():
            continue
        *parents, leaf = header.strip().split(".")
        target = nested
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = cell
    return nested
