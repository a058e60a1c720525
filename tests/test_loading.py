"""Event files in every format, and bad files refused with every problem named."""

from __future__ import annotations

import codecs
import errno
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social import Event, EventError, Problem, iter_events, load_events
from radical_social.sources import files as loading

ONE_EVENT_YAML = """\
title: Degustazione di olio nuovo
start: 2027-11-20T17:30
timezone: Europe/Rome
language: it
venue:
  name: Frantoio Bonamini
  city: Illasi
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def messages(paths: list[Path]) -> list[str]:
    with pytest.raises(EventError) as caught:
        load_events(*paths)
    return [str(problem) for problem in caught.value.problems]


def test_one_event_in_yaml(tmp_path: Path) -> None:
    [event] = load_events(write(tmp_path, "olio.yaml", ONE_EVENT_YAML))
    assert event.title == "Degustazione di olio nuovo"
    assert event.venue is not None and event.venue.city == "Illasi"


def test_a_list_and_an_events_mapping_and_several_yaml_documents(tmp_path: Path) -> None:
    as_list = write(tmp_path, "a.yml", "- {title: A, start: 2027-01-01}\n- {title: B, start: 2027-01-02}\n")
    as_mapping = write(tmp_path, "b.yaml", "events:\n  - {title: C, start: 2027-01-03}\n")
    documents = write(tmp_path, "c.yaml", "title: D\nstart: 2027-01-04\n---\ntitle: E\nstart: 2027-01-05\n")
    assert [e.title for e in load_events(as_list, as_mapping, documents)] == list("ABCDE")


def test_toml_with_an_events_array(tmp_path: Path) -> None:
    path = write(tmp_path, "e.toml", """\
[[events]]
title = "Lettura ad alta voce"
start = 2027-03-04T18:00:00
timezone = "Europe/Rome"
venue = { name = "Libreria Pagina 12", lat = 45.44, lon = 10.99 }

[[events]]
title = "Mercato contadino"
start = 2027-03-06
""")
    first, second = load_events(path)
    assert first.venue is not None and first.venue.geo == (45.44, 10.99)
    assert second.all_day


def test_json_and_json_lines(tmp_path: Path, event: Event) -> None:
    one = write(tmp_path, "one.json", json.dumps(event.to_mapping()))
    lines = write(tmp_path, "many.jsonl", "\n".join(
        json.dumps({"title": f"Serata {n}", "start": f"2027-02-0{n}T20:00", "timezone": "Europe/Rome"})
        for n in range(1, 4)
    ))
    loaded = load_events(one, lines)
    assert loaded[0] == event
    assert [e.title for e in loaded[1:]] == ["Serata 1", "Serata 2", "Serata 3"]


def test_csv_with_dotted_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", (
        "title,start,timezone,venue.name,venue.city,venue.lat,venue.lon,tags,free,organizer.name\n"
        'Cammino al tramonto,2027-05-01T18:30,Europe/Rome,Piazza Bra,Verona,45.43,10.99,"natura,passeggiata",true,Gi\n'
        "Coro aperto,2027-05-08T21:00,Europe/Rome,,,,,,,\n"
    ))
    first, second = load_events(path)
    assert first.venue is not None and first.venue.city == "Verona" and first.venue.geo == (45.43, 10.99)
    assert first.tags == ("natura", "passeggiata") and first.free
    assert first.organizer is not None and first.organizer.name == "Gi"
    assert second.venue is None


def test_problems_of_every_file_at_once(tmp_path: Path) -> None:
    found = messages([
        write(tmp_path, "broken.yaml", "title: [unclosed\nstart: 2027-01-01\n"),
        write(tmp_path, "empty.json", "  \n"),
        write(tmp_path, "binary.toml", b"\x00\x01\x02PNG"),
        write(tmp_path, "latin1.yaml", "title: Caff\xe8\n".encode("latin-1")),
        write(tmp_path, "bad.csv", "title,start,venue.lat\nA,2027-01-01,\nB,tomorrow,\n"),
        write(tmp_path, "events.txt", "title: A"),
    ])
    assert any(m.startswith("broken.yaml: invalid YAML at line 2") for m in found)
    assert "empty.json: is empty" in found
    assert "binary.toml: is a binary file, not an event file" in found
    assert any(m.startswith("latin1.yaml: is not UTF-8") for m in found)
    assert any(m.startswith("bad.csv: row 3: start: 'tomorrow' is not a date") for m in found)
    assert any(m.startswith("events.txt: unknown file type '.txt'") for m in found)


def test_the_field_path_names_the_event_in_the_list(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", "events:\n  - {title: A, start: 2027-01-01}\n"
                                     "  - {title: B, start: 2027-01-03, end: 2027-01-02}\n")
    assert any(m.startswith("e.yaml: events[1].end: ") and "before start" in m for m in messages([path]))


def test_two_events_with_one_derived_uid_say_how_to_fix_it(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", (
        "- {title: A, start: 2027-01-01, url: 'https://example.org/x'}\n"
        "- {title: B, start: 2027-02-01, url: 'https://example.org/x'}\n"
    ))
    [message] = messages([path])
    assert message.startswith("e.yaml: events[1].uid: ")
    assert "derived from the same url" in message and "give each event its own 'uid'" in message


def test_streaming_yields_good_events_then_raises_every_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "e.jsonl", '{"title": "A", "start": "2027-01-01"}\nnot json\n{"title": "B"}\n'
                                      '{"title": "C", "start": "2027-01-03"}\n')
    seen = []
    with pytest.raises(EventError) as caught:
        for event in iter_events(path):
            seen.append(event.title)
    assert seen == ["A", "C"]
    assert [p.path for p in caught.value.problems] == ["e.jsonl: line 2", "e.jsonl: line 3: start"]


def test_json_lines_and_csv_name_the_line_that_is_not_utf8(tmp_path: Path) -> None:
    good = b'{"title": "A", "start": "2027-01-01"}\n'
    jsonl = write(tmp_path, "e.jsonl", good * 3000 + b'{"title": "Caff\xe8"}\n')
    table = write(tmp_path, "e.csv", b"title,start\n" + b"A,2027-01-01\n" * 2 + b"Caff\xe8,2027-01-02\n")
    with pytest.raises(EventError) as caught:
        load_events(jsonl, table)
    found = [str(problem) for problem in caught.value.problems]
    assert "e.jsonl: line 3001: is not UTF-8 text; save the file as UTF-8" in found
    assert "e.csv: is not UTF-8 text (line 4); save it as UTF-8" in found


def test_csv_with_old_mac_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path, "e.csv", b"title,start\rA,2027-01-01\rB,2027-01-02\r")
    assert [event.title for event in load_events(path)] == ["A", "B"]


def test_a_reader_stopped_early_closes_its_file(tmp_path: Path) -> None:
    path = write(tmp_path, "e.jsonl", '{"title": "A", "start": "2027-01-01"}\n' * 3)
    events = iter_events(path)
    next(events)
    events.close()  # a ResourceWarning would fail the test (warnings are errors)


@pytest.mark.parametrize("name, content", [
    ("big.jsonl", b" \n" * 5000), ("big.yaml", b"\n" * 9000), ("bom.jsonl", b"\xef\xbb\xbf\n\n"),
])
def test_a_file_of_blank_lines_is_empty_whatever_its_size(tmp_path: Path, name: str, content: bytes) -> None:
    with pytest.raises(EventError) as caught:
        load_events(write(tmp_path, name, content))
    assert [str(problem) for problem in caught.value.problems] == [f"{name}: is empty"]


def test_a_blank_first_line_after_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "e.jsonl", b'\xef\xbb\xbf\n{"title": "A", "start": "2027-01-01"}\n')
    assert [event.title for event in load_events(path)] == ["A"]


def test_a_file_given_twice_is_a_problem_not_a_second_copy(tmp_path: Path) -> None:
    path = write(tmp_path, "e.jsonl", '{"title": "A", "start": "2027-01-01"}\n')
    with pytest.raises(EventError) as caught:
        load_events(path, tmp_path / "." / "e.jsonl")
    assert [str(problem) for problem in caught.value.problems] == ["e.jsonl: is given twice; give each file once"]


line_texts = st.one_of(st.sampled_from(["", " ", "\t \r", "\r"]), st.text(min_size=1, max_size=300).map(json.dumps))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.tuples(line_texts, st.sampled_from(["\n", "\r\n"])), max_size=30), bom=st.booleans(),
       last_newline=st.booleans(), block=st.sampled_from([1, 50, 400, 1 << 18]))
def test_json_lines_read_in_blocks_are_the_lines_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lines: list[tuple[str, str]], bom: bool, last_newline: bool,
    block: int,
) -> None:
    """Blocks of any size give each line that is not blank, numbered as an editor numbers it."""
    content = "".join(text + end for text, end in lines)
    if lines and not last_newline:
        content = content.removesuffix(lines[-1][1])
    raw = (codecs.BOM_UTF8 if bom else b"") + content.encode("utf-8", "surrogatepass")
    path = tmp_path / "blocks.jsonl"
    path.write_bytes(raw)
    monkeypatch.setattr(loading, "_BLOCK", block)
    problems: list[Problem] = []
    found = [(record.where, record.data) for record in loading.records([path], problems)]
    expected = [(f"line {number}", line) for number, line in
                enumerate(io.BytesIO(raw.removeprefix(codecs.BOM_UTF8)), start=1) if line.strip()]
    assert found == expected
    assert [problem.message for problem in problems] == ([] if expected else ["is empty"])


def test_a_disk_error_partway_through_json_lines_keeps_the_problems_read_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lines read before a read error are checked, then the file is named as unreadable."""
    path = write(tmp_path, "guasto.jsonl", "".join(json.dumps({"title": f"T{n}", "start": "bad"}) + "\n"
                                                   for n in range(2000)))
    data = path.read_bytes()

    class FailingDisk(io.RawIOBase):
        def __init__(self) -> None:
            self.position = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if self.position >= 30_000:
                raise OSError(errno.EIO, "Input/output error")
            count = min(len(buffer), 30_000 - self.position)
            buffer[:count] = data[self.position:self.position + count]
            self.position += count
            return count

    real_open = Path.open

    def open_failing(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == path and mode == "rb":
            return io.BufferedReader(FailingDisk())
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_failing)
    found = messages([path])
    whole_lines = data[:30_000].count(b"\n")
    assert found[-1] == "guasto.jsonl: cannot be read: Input/output error"
    assert len(found) == whole_lines + 1 and found[0].startswith("guasto.jsonl: line 1: start")


# --- no traceback on any input ---------------------------------------------------------------------

BOMB_YAML = """\
anchors:
  - &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  - &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  - &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  - &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  - &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
events:
  - {field}: *i
"""
"""Nine levels of nine: a few hundred bytes, and 387 million strings once written out."""


@pytest.mark.parametrize("field", ["capacity", "price", "sequence", "free", "currency", "status", "language",
                                   "title", "start", "timezone", "all_day", "tags", "url", "rrule", "uid"])
def test_a_yaml_alias_bomb_in_a_field_is_named_not_written_out(tmp_path: Path, field: str) -> None:
    others = "".join(f"\n    {name}: {value}" for name, value in (("title", "A"), ("start", "2027-01-01"))
                     if name != field)
    found = messages([write(tmp_path, "bomb.yaml", BOMB_YAML.format(field=field) + others + "\n")])
    assert "bomb.yaml: anchors: stands beside 'events:'; put it inside each event" in found
    assert any(message.startswith(f"bomb.yaml: events[0].{field}") for message in found), found
    assert all(len(message) < 300 for message in found), [message[:300] for message in found]


@pytest.mark.parametrize(("text", "field", "said"), [
    ("start: 2027-02-30", "start", "'2027-02-30' is not a date"),
    ("start: 2027-01-16T25:00:00Z", "start", "'2027-01-16T25:00:00Z' is not a date"),
    ("start: !!timestamp 2027-99-99", "start", "'2027-99-99' is not a date"),
    ("start: 2027-01-16\ncapacity: '²'", "capacity", "must be a whole number, not '²'"),
    ("start: 2027-01-16\ncapacity: " + "9" * 5000, "capacity", "is too large (5000 digits)"),
    ("start: 2027-01-16\nsequence: " + "9" * 5000, "sequence", "is too large (5000 digits)"),
    ("start: 2027-01-16\ncapacity: " + "9" * 40, "capacity", "from 1 to 2147483647"),
    ("start: 2027-01-16\nprice: '1e999999999'", "price", "is not a price; use a number below 1,000,000,000"),
    ("start: 2027-01-16\nprice: [1]", "price", "must be a number or a few words, not a list"),
    ("start: 2027-01-16T18:00\ntimezone: right/UTC", "timezone", "unknown time zone 'right/UTC'"),
    ("start: 2027-01-16\norganizer: {name: Gi, email: a>b@y.org}", "organizer.email", "not an email address"),
    ("start: 2027-01-16\norganizer: {name: Gi, email: 'a,b@y.org'}", "organizer.email", "not an email address"),
    ("start: 2027-01-16\norganizer: {name: Gi, email: <a@y.org}", "organizer.email", "not an email address"),
    ("start: 2027-01-16\ncapacity: 2027-01-16", "capacity", "must be a whole number, not 2027-01-16"),
])
def test_values_that_once_crashed_are_problems_naming_the_field(tmp_path: Path, text: str, field: str,
                                                                said: str) -> None:
    [message] = messages([write(tmp_path, "e.yaml", f"title: A\n{text}\n")])
    assert message.startswith(f"e.yaml: {field}: ") and said in message, message


@pytest.mark.parametrize(("name", "content", "said"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "is nested too deeply"),
    ("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n", "is nested too deeply"),
    ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000 + "\n", "is nested too deeply"),
    ("deep.yaml", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", "exceeded maximum nesting depth"),
    ("big.json", '{"title": "A", "start": "2027-01-01", "capacity": ' + "9" * 5000 + "}", "thousands of digits"),
    ("big.jsonl", '{"title": "A", "start": "2027-01-01", "capacity": ' + "9" * 5000 + "}\n", "thousands of digits"),
    ("big.toml", 'title = "A"\nstart = 2027-01-01\ncapacity = ' + "9" * 5000 + "\n", "thousands of digits"),
    ("clash.csv", "title,start,venue,venue.city\nA,2027-01-01,Bar,Verona\n",
     "the columns 'venue' and 'venue.city' clash"),
    ("clash2.csv", "title,start,venue.city,venue\nA,2027-01-01,Verona,Bar\n",
     "the columns 'venue' and 'venue.city' clash"),
    ("twice.csv", "title,start,title\nA,2027-01-01,B\n", "the column 'title' appears twice"),
    ("wide.csv", "title,start,description\nA,2027-01-01," + "x" * 200_000 + "\n", "cannot be read as CSV at line"),
    ("header.csv", "title,start\n", "has a header row but no events"),
    ("twice.yaml", "title: A\nstart: 2027-01-01\ntitle: B\n", "the key 'title' is given twice"),
    ("twice.json", '{"title": "A", "start": "2027-01-01", "venue": {"name": "B", "name": "C"}}',
     "the key 'name' is given twice"),
    ("twice.jsonl", '{"title": "A", "start": "2027-01-01", "title" : "B"}\n', "line 1: the key 'title' is given twice"),
    ("empty-list.yaml", "events: []\n", "has no events"),
    ("empty-list.json", "[]", "has no events"),
])
def test_bad_files_are_problems_not_tracebacks(tmp_path: Path, name: str, content: str, said: str) -> None:
    [message] = messages([write(tmp_path, name, content)])
    assert message.startswith(name) and said in message and len(message) < 300, message[:500]
