"""Event files → events: YAML, TOML, JSON, JSON Lines and CSV.

A file holds one event (a mapping), a list of events, or a mapping with an ``events:`` list; a CSV
file holds one event per row with dotted headers (``venue.city``); an ``.ics`` calendar holds
VEVENTs, imported by ``radical_social.sources.calendars``. JSON Lines are read in blocks of lines (about
256 KB) and CSV line by line, and the events of every file are yielded one at a time, so a feed of
100,000 events never holds them all at once.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from radical_social.errors import EventError, Problem
from radical_social.event.checks import join_path
from radical_social.event.model import Event
from radical_social.sources import json_text as _json
from radical_social.sources import yaml_cuts as _cuts
from radical_social.sources import yaml_documents as _yaml

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
    uids = UidBook()
    for record in records(sources, problems):
        try:
            event = record.event()
        except EventError as exc:
            problems += exc.problems
            continue
        first = uids.note(event.uid, (record.path, record.where))
        if first:
            problems.append(duplicate_uid(event.uid, record, first))
            continue
        yield event
    if problems:
        raise EventError(problems)


class Record(NamedTuple):
    """One event as read from a file, with the file and its place there (``line 3``, ``events[2]``).

    ``data`` is the raw mapping, or for JSON Lines the line's bytes (``json_line``), decoded only where
    the event is read: in a worker process, when a feed is written on several (a named tuple,
    as it pickles in a third of the time a dataclass takes).
    """

    path: Path
    where: str
    data: Any
    json_line: bool = False

    def mapping(self) -> Any:
        """The raw mapping; ``EventError`` when a JSON Lines line is not JSON."""
        if not self.json_line:
            return self.data
        try:
            return _json.loads_unique(self.data)
        except _json.DuplicateKey as exc:
            message = _KEY_TWICE.format(key=exc.key[:60])
        except json.JSONDecodeError as exc:
            message = f"invalid JSON: {exc.msg}"
        except UnicodeDecodeError:
            message = "is not UTF-8 text; save the file as UTF-8"
        except RecursionError:
            message = _TOO_DEEP
        except ValueError:  # a number of more than 4,300 digits
            message = _HUGE_NUMBER.format(kind="JSON")
        raise EventError([Problem(f"{self.path.name}: {self.where}", message)])

    def event(self) -> Event:
        """The validated event; ``EventError`` names the file and the place of each problem."""
        data = self.mapping()
        try:
            return Event.from_mapping(data, path=self.where, folder=_folder(self.path))
        except EventError as exc:
            raise EventError(_in_file(self.path, exc.problems)) from None

    @property
    def gives_uid(self) -> bool:
        data = self.mapping()
        return isinstance(data, Mapping) and bool(data.get("uid"))


@lru_cache(maxsize=64)
def _folder(path: Path) -> Path:
    """The file's folder, where relative paths in it are found (asked once per event, so cached)."""
    return path.parent


def records(sources: Iterable[Source], problems: list[Problem], *, cut: bool = True) -> Iterator[Record]:
    """The raw records of every file in turn; file-level problems (unreadable, bad syntax) go to ``problems``.
    With ``cut``, a YAML list is read in parts (``YamlPart``), else as the parser streams it."""
    ended: set[Path] = set()
    for unit in units(sources, problems, cut=cut):
        if isinstance(unit, JsonLines):
            yield from unit.records()
        elif isinstance(unit, YamlPart):
            if unit.path in ended:
                continue
            found: Iterable[Record | Problem]
            found, ends = unit.read()
            if ends:
                ended.add(unit.path)
                found = unit.rest()
            for item in found:
                if isinstance(item, Problem):
                    problems.append(item)
                else:
                    yield item
        else:
            yield unit


def units(sources: Iterable[Source], problems: list[Problem], *, cut: bool = True) -> Iterator[Unit]:
    """``records``, but JSON Lines files come as blocks of lines not yet split (``JsonLines``), and with
    ``cut`` a YAML list as parts not yet parsed (``YamlPart``): a part that ``ends`` its file when read
    stands for the rest of the file (``YamlPart.rest``), whose later parts are then left out."""
    seen: set[Path] = set()
    for source in sources:
        path = Path(source)
        if (same := path.resolve()) in seen:
            problems.append(Problem(path.name, "is given twice; give each file once"))
            continue
        seen.add(same)
        yield from _units(path, problems, cut)


class JsonLines(NamedTuple):
    """A block of lines of a JSON Lines file as read, blank ones included, the first of them numbered ``first``.

    A feed hands these to its worker processes: a list of bytes pickles in a small part of the time
    its records would take, and the main process does nothing per line but find where it ends.
    """

    path: Path
    first: int
    lines: list[bytes]

    def records(self) -> Iterator[Record]:
        """A record for each line that is not blank."""
        for number, line in enumerate(self.lines, start=self.first):
            if line and not line.isspace():  # unlike strip(), no copy of the line
                yield Record(self.path, f"line {number}", line, True)


class YamlPart(NamedTuple):
    """Items of a YAML list, from the ``start``-th on: ``items`` of them cut from the file as ``text``, whose
    first line is the file's line ``first`` (``yaml_cuts``); or, where the file is not cut, ``given``, read.

    A feed's worker processes read the text, as they split blocks of JSON Lines.
    """

    path: Path
    start: int
    items: int = 0
    first: int = 0
    text: str = ""
    given: tuple[Record | Problem, ...] = ()

    def read(self) -> tuple[list[Record | Problem], bool]:
        """Its records and problems in the file's order; or, when the text does not read as one plain list of
        ``items`` items (invalid YAML, a cut in the wrong place), none and True: the part ends its file, and
        ``rest`` reads the file from the part's first item on, so records and problems are the whole file's."""
        if not self.text:
            return list(self.given), False
        found = self._parsed()
        return ([], True) if found is None else (found, False)

    def rest(self) -> Iterator[Record | Problem]:
        """The records and problems of the file from the part's first item to its end, as the parser streams
        them (one item at a time, so memory stays flat however much of the file is left)."""
        return _streamed(self.path, self.start)

    def _parsed(self) -> list[Record | Problem] | None:
        found: list[Record | Problem] = []
        index = self.start
        try:
            parsed = _yaml.documents(self.text, self.first - 1)
            listed = next(parsed)
            if not isinstance(listed, _yaml.Listed):
                return None
            for item in listed.items:
                found.append(Problem(self.path.name, item.message) if isinstance(item, _yaml.Broken)
                             else Record(self.path, f"events[{index}]", item))
                index += 1
            if next(parsed, _END) is not _END:
                return None
        except (_yaml.YamlProblem, RecursionError):
            return None
        return found if index == self.start + self.items else None


_END = object()

Unit = Record | JsonLines | YamlPart

Place = tuple[Path, str]
"""A file and a place in it (``line 3``, ``events[2]``)."""


class UidBook:
    """Where each UID was first seen, to refuse a second event with the same one."""

    def __init__(self) -> None:
        self._first: dict[str, Place] = {}

    def note(self, uid: str, place: Place) -> Place | None:
        """Note ``uid`` at ``place``; where it was first seen, if it was seen before."""
        first = self._first.get(uid)
        if first is None:
            self._first[uid] = place
        return first


def duplicate_uid(uid: str, record: Record, first: Place) -> Problem:
    """The problem of ``record``'s event, whose UID an event at ``first`` has already."""
    origin = "given in the file" if record.gives_uid else "derived from the same url"
    return Problem(
        f"{record.path.name}: {join_path(record.where, 'uid')}",
        f"{uid} is also the UID of {first[0].name}: {first[1] or 'the event'} ({origin}); "
        "give each event its own 'uid'",
    )


def _in_file(path: Path, problems: Iterable[Problem]) -> list[Problem]:
    return [Problem(f"{path.name}: {p.path}" if p.path else path.name, p.message) for p in problems]


def _units(path: Path, problems: list[Problem], cut: bool) -> Iterator[Unit]:
    """The records of one file, or its blocks of JSON Lines; file-level problems go to ``problems``.

    JSON Lines and CSV are read a part at a time, never whole: a feed of 100,000 events stays small.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        problems.append(Problem(path.name, f"unknown file type {suffix or '(none)'!r}; use one of {known}"))
        return
    try:
        if suffix == ".ics":
            places: Iterator[tuple[str, Any] | Problem] = _calendar_records(path, path.read_bytes(), problems)
        else:
            with path.open("rb") as file:
                problem = _head_problem(file.read(_HEAD))
            if problem:
                problems.append(Problem(path.name, problem))
                return
            if suffix in _JSON_LINES:
                yield from _json_line_blocks(path)
                return
            if suffix in _YAML and cut:
                yield from _yaml_parts(path)
                return
            places = _csv_records(path, _lines(path), problems) if suffix == ".csv" else _document_records(path)
        for place in places:
            if isinstance(place, Problem):
                problems.append(place)
            else:
                yield Record(path, *place)
    except OSError as exc:
        problems.append(Problem(path.name, f"cannot be read: {exc.strerror or exc}"))
    except _FileProblem as exc:
        problems.append(Problem(path.name, str(exc)))


_JSON_LINES = (".jsonl", ".ndjson")
_YAML = (".yaml", ".yml")


class _FileProblem(Exception):
    """A whole-file problem (syntax error, wrong shape, not text)."""


_HEAD = 8192
"""Bytes read first to tell an empty or binary file from an event file."""


def _head_problem(head: bytes) -> str | None:
    if b"\x00" in head:
        return "is a binary file, not an event file"
    if len(head) < _HEAD and not head.removeprefix(codecs.BOM_UTF8).strip():
        return "is empty"
    return None


def _whole_text(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _FileProblem(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    if not text.strip():
        raise _FileProblem("is empty")
    return text


def _lines(path: Path) -> Iterator[str]:
    """The file's lines (any line ending), decoded as they are read."""
    with path.open(encoding="utf-8-sig", newline="") as text:
        try:
            yield from text
        except UnicodeDecodeError:
            raise _FileProblem(f"is not UTF-8 text (line {_first_undecodable_line(path)}); save it as UTF-8") from None


def _first_undecodable_line(path: Path) -> int:
    with path.open("rb") as file:
        for number, line in enumerate(file, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0  # the file changed under us


def _document_records(path: Path, skip: int = 0) -> Iterator[tuple[str, Any] | Problem]:
    """The events of a YAML, TOML or JSON file, and its problems in their places, from the ``skip``-th event
    on; YAML is read as the parser asks, and the items of a list one at a time (``yaml_documents``), so a
    list of 100,000 events is never all in memory."""
    suffix = path.suffix.lower()
    if suffix in _YAML:
        documents: Iterable[Any] = _yaml_documents(path)
    elif suffix == ".toml":
        documents = [_toml(_whole_text(path.read_bytes()))]
    else:
        documents = [_json_document(_whole_text(path.read_bytes()))]
    index = 0
    try:
        for document in documents:
            beside: list[Problem] = []
            listed = document if isinstance(document, _yaml.Listed) else _listed(path, document, beside)
            yield from beside
            if listed is None:
                if document is not None:
                    if index >= skip:
                        yield ("" if index == 0 else f"events[{index}]"), document
                    index += 1
                continue
            for item in listed.items:
                if index >= skip:
                    yield (Problem(path.name, item.message) if isinstance(item, _yaml.Broken)
                           else (f"events[{index}]", item))
                index += 1
            if listed.beside:  # a YAML list read an item at a time: the keys after it are known now
                yield _beside(path, listed.beside)
    except _yaml.YamlProblem as exc:
        raise _FileProblem("is empty" if _blank(path) else str(exc)) from None
    except UnicodeDecodeError:
        raise _FileProblem(f"is not UTF-8 text (byte {_first_undecodable_byte(path)}); save it as UTF-8") from None
    except RecursionError:
        raise _FileProblem(_TOO_DEEP) from None
    if not index:
        raise _FileProblem("is empty" if _blank(path) else "has no events")


def _yaml_parts(path: Path) -> Iterator[YamlPart]:
    """The file's list cut into parts for ``YamlPart.read``; from where it cannot be cut (``yaml_cuts``), its
    records and problems read as the parser streams them, in parts as well."""
    index = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as text:
            for cut in _cuts.cuts(text, _YAML_ITEMS):
                yield YamlPart(path, index, cut.items, cut.first, cut.text)
                index += cut.items
        return
    except (_cuts.Uncut, OSError, UnicodeDecodeError):
        pass  # read whole from here: the same problem, if it is one, named as everywhere else
    given: list[Record | Problem] = []
    for item in _streamed(path, index):
        given.append(item)
        if len(given) == _YAML_ITEMS:
            yield YamlPart(path, index, given=tuple(given))
            given = []
    if given:
        yield YamlPart(path, index, given=tuple(given))


_YAML_ITEMS = 250
"""Items of a YAML list in a part: enough to make the hand-over to a worker cheap, few enough to keep memory small."""


def _streamed(path: Path, skip: int) -> Iterator[Record | Problem]:
    """The records and problems of a YAML file from its ``skip``-th event on, as the parser streams them."""
    try:
        for place in _document_records(path, skip):
            yield place if isinstance(place, Problem) else Record(path, *place)
    except OSError as exc:
        yield Problem(path.name, f"cannot be read: {exc.strerror or exc}")
    except _FileProblem as exc:
        yield Problem(path.name, str(exc))


def _yaml_documents(path: Path) -> Iterator[Any]:
    with path.open(encoding="utf-8-sig", newline="") as text:
        yield from _yaml.documents(text)


def _blank(path: Path) -> bool:
    """Whether the file holds nothing but white space (read a part at a time; false at the first text)."""
    with path.open(encoding="utf-8-sig", errors="replace") as text:
        return all(not part.strip() for part in iter(lambda: text.read(_BLOCK), ""))


def _first_undecodable_byte(path: Path) -> int:
    try:
        path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0  # the file changed under us


def _listed(path: Path, document: Any, problems: list[Problem]) -> _yaml.Listed | None:
    """A whole document's list of events, or None when it is one event (or nothing)."""
    if isinstance(document, Mapping) and "events" in document:
        if beside := [key for key in document if key != "events"]:
            problems.append(_beside(path, beside))
        if not isinstance(document["events"], list):
            raise _FileProblem("'events' must be a list of events")
        return _yaml.Listed(iter(document["events"]), [])
    if isinstance(document, list):
        return _yaml.Listed(iter(document), [])
    return None


def _beside(path: Path, keys: list[Any]) -> Problem:
    return Problem(f"{path.name}: {sorted(keys, key=str)[0]}", "stands beside 'events:'; put it inside each event")


_KEY_TWICE = "the key {key!r} is given twice in one object; keep one"
_HUGE_NUMBER = "invalid {kind}: a number has thousands of digits"
_TOO_DEEP = "is nested too deeply (lists or mappings inside each other hundreds of times); an event is flat"


def _toml(text: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _FileProblem(f"invalid TOML: {exc}") from None
    except RecursionError:
        raise _FileProblem(_TOO_DEEP) from None
    except ValueError:  # a number of more than 4,300 digits
        raise _FileProblem(_HUGE_NUMBER.format(kind="TOML")) from None


def _json_document(text: str) -> Any:
    try:
        return _json.loads_unique(text.encode())
    except _json.DuplicateKey as exc:
        raise _FileProblem(_KEY_TWICE.format(key=exc.key[:60])) from None
    except json.JSONDecodeError as exc:
        raise _FileProblem(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise _FileProblem(_TOO_DEEP) from None
    except ValueError:  # a number of more than 4,300 digits
        raise _FileProblem(_HUGE_NUMBER.format(kind="JSON")) from None


_BLOCK = 1 << 18
"""Bytes of JSON Lines read at a time (about 250 events of a kilobyte), up to the end of a line."""


def _json_line_blocks(path: Path) -> Iterator[JsonLines]:
    """The file's lines, about ``_BLOCK`` bytes at a time; ``is empty`` when every line is blank.

    Read line by line (hardly slower than ``readlines``), so that when the disk fails partway
    the lines read before are still checked, as they would be one at a time.
    """
    empty = True
    with path.open("rb") as file:
        lines = [file.readline().removeprefix(codecs.BOM_UTF8)]
        first, size = 1, len(lines[0])
        try:
            for line in file:
                if size >= _BLOCK:
                    empty = empty and _all_blank(lines)
                    yield JsonLines(path, first, lines)
                    first, lines, size = first + len(lines), [], 0
                lines.append(line)
                size += len(line)
        except OSError:
            yield JsonLines(path, first, lines)  # the lines read before the error are checked too
            raise
    empty = empty and _all_blank(lines)
    yield JsonLines(path, first, lines)
    if empty:
        raise _FileProblem("is empty")


def _all_blank(lines: list[bytes]) -> bool:
    return all(not line.strip() for line in lines)  # stops at the first line with text


def _calendar_records(path: Path, raw: bytes, problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    """The VEVENTs of an existing calendar (Google, Outlook, Apple, Gancio…) as event-file mappings."""
    from radical_social.sources.calendars import mappings_from_ics

    mappings, refused = mappings_from_ics(raw, source=path.name)
    problems += refused
    for index, mapping in enumerate(mappings, start=1):
        yield f"VEVENT {index}", mapping


def _csv_records(path: Path, lines: Iterable[str], problems: list[Problem]) -> Iterator[tuple[str, Any]]:
    reader = csv.DictReader(lines)
    try:
        if not reader.fieldnames:
            raise _FileProblem("has no header row")
        _check_header(reader.fieldnames)
        rows = 0
        for row in reader:
            rows += 1
            where = f"row {reader.line_num}"
            if None in row:
                problems.append(Problem(f"{path.name}: {where}", "has more cells than the header has columns"))
                continue
            yield where, _nest(row)
    except csv.Error as exc:  # a cell past csv's field size limit (131,072 characters), a NUL…
        raise _FileProblem(f"cannot be read as CSV at line {reader.line_num}: {exc}") from None
    if not rows:
        raise _FileProblem("has a header row but no events")


def _check_header(names: Iterable[str]) -> None:
    """Each column once, and none both a value and a group (``venue`` beside ``venue.city``)."""
    seen: set[str] = set()
    for name in (name.strip() for name in names):
        if name in seen:
            raise _FileProblem(f"the column {name[:60]!r} appears twice in the header; keep one")
        seen.add(name)
    for name in sorted(seen):
        parents = [".".join(name.split(".")[:depth]) for depth in range(1, name.count(".") + 1)]
        clash = next((parent for parent in parents if parent in seen), None)
        if clash:
            raise _FileProblem(f"the columns {clash[:60]!r} and {name[:60]!r} clash: {clash[:60]!r} cannot be both "
                               "one value and a group of columns; name its parts (such as 'venue.name')")


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
