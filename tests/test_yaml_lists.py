"""YAML lists read an item at a time: the same records and problems as loading the file whole."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social import EventError, iter_events, load_events
from radical_social.sources import files, yaml_documents


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def streamed(path: Path) -> tuple[list[tuple[str, Any]], list[str]]:
    """The records of ``path`` as radical_social reads them, and its file-level problems."""
    problems: list[Any] = []
    found = [(record.where, record.data) for record in files.records([path], problems)]
    return found, [str(problem) for problem in problems]


def loaded_whole(path: Path) -> tuple[list[tuple[str, Any]], list[str]]:
    """The same as PyYAML's ``load_all`` reads it, the whole file at once, with the same loader: the oracle."""
    found: list[tuple[str, Any]] = []
    problems: list[str] = []
    for document in yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml_documents.loader()):
        if isinstance(document, Mapping) and "events" in document:
            if extra := sorted(set(document) - {"events"}):
                problems.append(f"{path.name}: {extra[0]}: stands beside 'events:'; put it inside each event")
            document = document["events"]
            if not isinstance(document, list):
                return found, [*problems, f"{path.name}: 'events' must be a list of events"]
        if isinstance(document, list):
            found += [(f"events[{len(found) + number}]", item) for number, item in enumerate(document)]
        elif document is not None:
            found.append(("" if not found else f"events[{len(found)}]", document))
    return found, problems if found else [*problems, f"{path.name}: has no events"]


TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
SCALAR = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.dates(), st.floats(allow_nan=False))
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                     max_leaves=8)
EVENT = st.dictionaries(st.sampled_from(["title", "start", "venue", "tags", "description", "uid"]), VALUE, max_size=5)
KEYS = st.dictionaries(st.sampled_from(["anchors", "zeta", "name"]), VALUE, max_size=2)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(EVENT | VALUE, min_size=1, max_size=6), before=KEYS, after=KEYS, shape=st.sampled_from(
    ["list", "events", "documents"]), flow=st.sampled_from([False, True, None]), shared=st.booleans())
def test_generated_lists_read_an_item_at_a_time_as_loaded_whole(tmp_path: Path, events: list[Any],
                                                                 before: dict[str, Any], after: dict[str, Any],
                                                                 shape: str, flow: bool | None, shared: bool) -> None:
    if shared:  # the same object twice: PyYAML writes an anchor and an alias, across items
        events.append(events[0])
    document: Any = {**before, "events": events, **after} if shape == "events" else events
    dumped = yaml.dump_all if shape == "documents" else yaml.dump
    text = dumped(document, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    path = write(tmp_path, "events.yaml", text)
    assert streamed(path) == loaded_whole(path)


def test_an_events_list_between_other_keys_reads_every_item_and_names_the_first_other_key(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", "zeta: 1\nevents:\n  - {title: A, start: 2027-01-01}\n"
                                     "  - {title: B, start: 2027-01-02}\nalpha: [2]\n")
    assert streamed(path) == loaded_whole(path)
    assert streamed(path)[1] == ["e.yaml: alpha: stands beside 'events:'; put it inside each event"]


def test_anchors_and_aliases_within_and_across_items_and_from_a_key_before_the_list(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", (
        "base: &base {start: 2027-01-01, timezone: Europe/Rome}\n"
        "events:\n"
        "  - {<<: *base, title: A, venue: &bar {name: Bar Roma, city: Verona}, tags: &tags [vino, jazz]}\n"
        "  - {<<: *base, title: B, venue: *bar, tags: *tags}\n"
        "  - &c {title: C, start: 2027-01-03, venue: *bar}\n"
    ))
    found, problems = streamed(path)
    assert (found, problems) == loaded_whole(path)
    assert [data["title"] for _, data in found] == ["A", "B", "C"]
    assert found[1][1]["venue"] == {"name": "Bar Roma", "city": "Verona"} and found[1][1]["tags"] == ["vino", "jazz"]
    assert found[1][1]["start"].isoformat() == "2027-01-01"


def test_an_alias_to_an_anchor_further_down_is_invalid_yaml_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", "- {title: A, start: 2027-01-01, venue: *bar}\n"
                                     "- {title: B, start: 2027-01-02, venue: &bar {name: Bar}}\n")
    with pytest.raises(EventError) as caught:
        load_events(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "e.yaml: invalid YAML at line 1, column 40: found undefined alias 'bar'"]


def test_an_anchored_events_list_is_read_whole_and_its_alias_still_works(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", "events: &all\n  - {title: A, start: 2027-01-01}\n")
    assert [event.title for event in load_events(path)] == ["A"]
    path = write(tmp_path, "f.yaml", "- &all [1]\n- *all\n")
    assert streamed(path) == loaded_whole(path)


@pytest.mark.parametrize("text", ["[]\n", "events: []\n", "events: []\n---\n[]\n"])
def test_an_empty_list_has_no_events(tmp_path: Path, text: str) -> None:
    assert streamed(write(tmp_path, "e.yaml", text)) == ([], ["e.yaml: has no events"])


def test_a_broken_item_in_the_middle_is_reported_and_the_others_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, "e.yaml", (
        "- {title: A, start: 2027-01-01}\n"
        "- {title: B, title: C, start: 2027-01-02}\n"
        "- {title: D, start: 2027-02-30}\n"
        "- !!python/object:os.system {title: E}\n"
        "- {title: F, start: 2027-01-06}\n"
    ))
    read = []
    with pytest.raises(EventError) as caught:
        read += (event.title for event in iter_events(path))
    assert read == ["A", "F"]
    assert [str(problem) for problem in caught.value.problems] == [
        "e.yaml: invalid YAML at line 2, column 14: the key 'title' is given twice in one mapping; keep one",
        "e.yaml: events[2].start: '2027-02-30' is not a date like 2027-01-16 or a date and time like 2027-01-16T18:00",
        "e.yaml: invalid YAML at line 4, column 3: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system'",
    ]


def test_items_come_before_the_parser_reaches_the_end_of_the_file(tmp_path: Path) -> None:
    """Read whole, a syntax error at the end leaves nothing; read an item at a time, the items before it come."""
    path = write(tmp_path, "e.yaml", "- {title: A, start: 2027-01-01}\n- {title: B, start: 2027-01-02}\n- {title: [C\n")
    found, problems = streamed(path)
    assert [where for where, _ in found] == ["events[0]", "events[1]"]
    assert problems == ["e.yaml: invalid YAML at line 4, column 1: did not find expected ',' or ']'"]


def test_the_file_is_read_as_the_parser_asks_not_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    item = "- {title: Evento, start: 2027-01-01, description: " + "x" * 1000 + "}\n"
    path = write(tmp_path, "e.yaml", item * 2000)  # 2 MB
    largest: list[int] = [0]
    real_open = Path.open

    class Watched:
        def __init__(self, file: Any) -> None:
            self.file = file

        def read(self, size: int = -1) -> Any:
            part = self.file.read(size)
            largest[0] = max(largest[0], len(part))
            return part

        def __getattr__(self, name: str) -> Any:
            return getattr(self.file, name)

        def __enter__(self) -> Watched:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

    def watched_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        file = real_open(self, *args, **kwargs)
        return Watched(file) if "b" not in (args[0] if args else kwargs.get("mode", "r")) else file

    monkeypatch.setattr(Path, "open", watched_open)
    for cut in (True, False):
        largest[0] = 0
        assert sum(1 for _ in files.records([path], [], cut=cut)) == 2000
        assert 0 < largest[0] < 100_000


def test_a_large_blank_yaml_file_is_empty_and_one_of_comments_has_no_events(tmp_path: Path) -> None:
    assert streamed(write(tmp_path, "e.yaml", "\n" * 9000))[1] == ["e.yaml: is empty"]
    assert streamed(write(tmp_path, "e.yaml", "# nothing yet\n" * 900))[1] == ["e.yaml: has no events"]


def test_without_libyaml_the_pure_python_parser_reads_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "e.yaml", "base: &base {start: 2027-01-01}\nevents:\n  - {<<: *base, title: A}\n"
                                     "  - {title: B, start: 2027-01-02, tags: [x, y]}\n  - - 1\n    - {a: *base}\n")
    with_libyaml = streamed(path)
    monkeypatch.delattr(yaml, "CSafeLoader")
    yaml_documents.loader.cache_clear()
    try:
        assert yaml_documents.loader().__mro__[1] is yaml.SafeLoader
        assert streamed(path) == with_libyaml == loaded_whole(path)
    finally:
        yaml_documents.loader.cache_clear()
