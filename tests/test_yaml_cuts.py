"""YAML lists cut into parts and read apart (as a feed's workers read them): the records and problems of the
file read whole, or where the cut cannot be trusted, of the file read as the parser streams it."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from radical_social.errors import Problem
from radical_social.sources import files
from tests.test_yaml_lists import EVENT, KEYS, VALUE, loaded_whole

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of three items, so a few items make several parts, cut between any two."""
    monkeypatch.setattr(files, "_YAML_ITEMS", 3)


def read(path: Path, *, cut: bool) -> tuple[list[tuple[str, Any]], list[str]]:
    problems: list[Any] = []
    found = [(record.where, record.data) for record in files.records([path], problems, cut=cut)]
    return found, [str(problem) for problem in problems]


def cut_parts(path: Path) -> list[files.YamlPart]:
    """The parts cut from the file's text (none when it is read as the parser streams it)."""
    return [unit for unit in files.units([path], []) if isinstance(unit, files.YamlPart) and unit.text]


def read_whole_from_a_part(path: Path) -> bool:
    """Whether the file is read as the parser streams it from some part on: it was not cut there, or a part
    cut did not read as a plain list of its items."""
    return any(not part.text or part.read()[1] for part in files.units([path], []) if isinstance(part, files.YamlPart))


def write(folder: Path, text: str, name: str = "events.yaml") -> Path:
    path = folder / name
    path.write_bytes(text.encode())  # line endings as given
    return path


class IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key (``events:\\n  - …``), not level with it as PyYAML writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


TRICKY = st.text(alphabet="ab -#:&*|>'\"\n\t", max_size=12)
"""Text that makes PyYAML quote, fold and break lines, some of them looking like a list's item."""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(EVENT | VALUE | st.dictionaries(st.sampled_from(["title", "note"]), TRICKY, max_size=2),
                       min_size=1, max_size=10),
       before=KEYS, after=KEYS, shape=st.sampled_from(["list", "events", "indented"]),
       style=st.sampled_from([None, '"', "'", "|"]), width=st.sampled_from([12, 80]), comments=st.booleans(),
       crlf=st.booleans(), shared=st.booleans())
@example(events=[{}], before={"name": None}, after={}, shape="events", style=None, width=80, comments=False,
         crlf=False, shared=False)
def test_generated_lists_cut_and_read_apart_as_loaded_whole(
        tmp_path: Path, events: list[Any], before: dict[str, Any], after: dict[str, Any], shape: str,
        style: str | None, width: int, comments: bool, crlf: bool, shared: bool) -> None:
    if shared:  # the same object twice: PyYAML writes an anchor and an alias, across items
        events.append(events[0])
    document: Any = events if shape == "list" else {**before, "events": events, **after}
    text = yaml.dump(document, Dumper=IndentedDumper if shape == "indented" else yaml.SafeDumper, allow_unicode=True,
                     sort_keys=False, default_style=style, width=width)
    if comments:  # a comment before each line that may start an item, at its column and at the margin
        text = "".join(f"# before\n{' ' * (len(line) - len(line.lstrip(' ')))}# note\n{line}"
                       if line.lstrip(" ").startswith("- ") else line for line in text.splitlines(keepends=True))
    if crlf:
        text = text.replace("\n", "\r\n")
    path = write(tmp_path, text)
    try:
        whole = loaded_whole(path)
    except yaml.YAMLError:  # a comment put inside a block scalar may end it: then as streamed, with the problem
        whole = read(path, cut=False)
        assert whole[1]
    else:
        assert read(path, cut=False) == whole
    assert read(path, cut=True) == whole


def test_a_plain_list_is_cut_between_items_with_each_part_at_its_line(tmp_path: Path) -> None:
    item = "- title: Serata {n}  # the {n}th\n  description: |\n    Musica.\n\n    - non è un'altra serata\n"
    path = write(tmp_path, "# serate\n---\nevents:\n\n" + "".join(item.format(n=n) for n in range(7)))
    parts = cut_parts(path)
    assert [(part.start, part.items, part.first) for part in parts] == [(0, 3, 5), (3, 3, 20), (6, 1, 35)]
    assert parts[1].text == "".join(item.format(n=n) for n in range(3, 6))
    assert read(path, cut=True) == loaded_whole(path)
    assert read(path, cut=True)[0][6] == ("events[6]", {"title": "Serata 6",
                                                        "description": "Musica.\n\n- non è un'altra serata\n"})


@pytest.mark.parametrize("crlf", [False, True])
def test_a_broken_item_in_a_later_part_names_its_line_in_the_file(tmp_path: Path, crlf: bool) -> None:
    lines = [f"  - {{title: Serata {n}, start: 2027-01-0{n + 1}}}\n" for n in range(8)]
    lines[6] = "  - {title: Serata 6, title: Bis}\n"
    text = "events:\n" + "".join(lines)
    path = write(tmp_path, text.replace("\n", "\r\n") if crlf else text)
    assert len(cut_parts(path)) == 3
    found, problems = read(path, cut=True)
    assert (found, problems) == read(path, cut=False)
    assert [where for where, _ in found] == [f"events[{n}]" for n in (0, 1, 2, 3, 4, 5, 7)]
    assert problems == ["events.yaml: invalid YAML at line 8, column 23: the key 'title' is given twice in one "
                        "mapping; keep one"]


@pytest.mark.parametrize("text", [
    "- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\n- {title: [E\n- {title: F}\n- {title: G}\n",
    "- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\n- title: E\n  bad: [\n- {title: F}\n",
    "- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\n- title: E\n   bad: 1\n- {title: F}\n",
    "- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\n- {title: E}\nname: x\n",
    "events:\n- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\nname: x\nzeta: 1\n",
    "events:\n  - {title: A}\n  - {title: B}\n  - {title: C}\n  - {title: D}\nname: x\n",
])
def test_invalid_yaml_in_a_later_part_is_the_problem_the_whole_file_has(tmp_path: Path, text: str) -> None:
    """The parts before stand; the file is read as the parser streams it from the part that fails, so the
    problem is named as before, and nothing after it is read twice."""
    path = write(tmp_path, text)
    streamed = read(path, cut=False)
    assert streamed[1], "the file has a problem"
    assert read(path, cut=True) == streamed


@pytest.mark.parametrize(("text", "whole"), [
    # a quoted scalar running over a line that looks like an item: the part before it does not read alone
    ('- {title: A}\n- {title: B}\n- {title: C}\n- title: "D\n- e"\n- {title: F}\n- {title: G}\n', True),
    ('- {title: A}\n- {title: B}\n- title: "C\n- c"\n- {title: D}\n- {title: E}\n- {title: F}\n', True),
    ("- {title: A}\n- {title: B}\n- {title: C}\n- tags: [a,\n- b]\n- {title: F}\n", True),
    # anchors and aliases across items
    ("- {title: A}\n- {title: B}\n- {title: C}\n- &d {title: D}\n- {title: E}\n- *d\n", True),
    ("base: &b {start: 2027-01-01}\nevents:\n- {<<: *b, title: A}\n- {<<: *b, title: B}\n", True),

    # directives, tabs, other documents, line breaks Python does not split on, a BOM inside
    ("%YAML 1.1\n---\n- {title: A}\n", True),
    # what stays within an item reads apart: tags, lists in lists, complex keys, text with & and *
    ("- {title: A}\n- {title: B}\n- {title: C}\n- {title: A & B, note: \"*x\", url: \"?a=1&b=2\"}\n", False),
    ("- !!str 1\n- !!binary aGVsbG8=\n- {title: !!str 2027-01-01}\n- x\n", False),
    ("- {title: A}\n- {title: B}\n- {title: C}\n---\n- {title: D}\n", True),
    ("- {title: A}\n- {title: B}\n- {title: C}\n...\n", True),
    ("- {title: A}\n- {title: B}\n- {title: C}\n-\ttitle: D\n", True),
    ("- title: A\n\t# a tab\n- {title: B}\n", True),
    ("- {title: A}\n- {title: B}\n- {title: C}\n- {title: \"D\u2028E\"}\n- title: F\u2028- title: G\n", True),
    ("- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\r- {title: E}\n", True),
    ("- {title: A}\n- {title: B}\n- {title: C}\n- {title: \ufeffD}\n", True),
    ("title: A\n", True),
    ("name: Circolo\nevents:\n- {title: A}\n- {title: B}\n- {title: C}\n- {title: D}\n", True),
    ("events: [{title: A}, {title: B}]\n", True),
    ("events: &e\n- {title: A}\n", True),
    ("- - {title: A}\n  - {title: B}\n- [{title: C}]\n", False),
    ("- {title: A}\n- {title: A}\n- {title: A}\n- {title: A}\n- ? [complex]\n  : key\n", False),
])
def test_what_the_cutter_is_not_sure_of_reads_as_the_whole_file(tmp_path: Path, text: str, whole: bool) -> None:
    path = write(tmp_path, text)
    assert read_whole_from_a_part(path) == whole
    streamed = read(path, cut=False)
    assert read(path, cut=True) == streamed
    try:
        whole = loaded_whole(path)
    except yaml.YAMLError:
        assert streamed[1], "invalid YAML is a problem"
    else:
        assert streamed == whole


def test_a_part_cut_in_the_wrong_place_gives_nothing_and_the_rest_of_its_file_is_read_an_item_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker sends nothing back for the part, and the main process reads on from its first item as the parser
    streams: however long the rest of the file, it is never all in memory."""
    items = [f"- {{title: Serata {n}}}\n" for n in range(3_000)]
    items[4] = '- title: "Serata 4\n- e poesia"\n'
    path = write(tmp_path, "".join(items))
    wrong = [part for part in files.units([path], []) if isinstance(part, files.YamlPart)][1]
    assert (wrong.start, wrong.read()) == (3, ([], True))
    produced: list[object] = []
    streamed = files._streamed

    def counted(path: Path, skip: int) -> Iterator[files.Record | Problem]:
        for item in streamed(path, skip):
            produced.append(item)
            yield item

    monkeypatch.setattr(files, "_streamed", counted)
    found = files.records([path], [])
    assert [record.data["title"] for record in islice(found, 6)] == [
        "Serata 0", "Serata 1", "Serata 2", "Serata 3", "Serata 4 - e poesia", "Serata 5"]
    assert len(produced) == 3, "the rest is read as it is asked for"
    assert sum(1 for _ in found) == 2_994 and len(produced) == 2_997


def _files(folder: Path) -> list[Path]:
    return sorted(path for suffix in ("*.yaml", "*.yml") for path in folder.rglob(suffix)) if folder.is_dir() else []


YAML_FILES = _files(DATA) + _files(CORPUS)


@pytest.mark.parametrize("path", YAML_FILES, ids=[path.name for path in YAML_FILES])
def test_every_yaml_file_of_the_tests_and_the_corpus_reads_the_same_cut(path: Path) -> None:
    assert read(path, cut=True) == read(path, cut=False)


def test_the_events_of_the_tests_as_one_list_read_the_same_cut(tmp_path: Path) -> None:
    """Each event file of the tests, indented as an item of one list: their block scalars, quotes and comments."""
    items = ["".join(("- " if number == 0 else "  ") + line for number, line in
                     enumerate(path.read_text(encoding="utf-8").splitlines(keepends=True)))
             for path in YAML_FILES if isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)]
    path = write(tmp_path, "events:\n" + "".join(item if item.endswith("\n") else item + "\n" for item in items))
    assert len(cut_parts(path)) == (len(items) + 2) // 3 > 5
    assert read(path, cut=True) == read(path, cut=False) == loaded_whole(path)
