"""The event file's writer: byte for byte what PyYAML's safe dumper writes, on generated events."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from radical_social.sources.yaml_writing import dumper, event_file_text


def pyyaml(mappings: list[dict[str, Any]]) -> str:
    """The oracle: how the event file was written before, whole, by PyYAML's pure-Python dumper."""
    return str(yaml.dump(mappings, Dumper=dumper(), allow_unicode=True, sort_keys=False, width=100))


WORD = st.text(st.sampled_from("abcàé€🍝⭐'\"#:-?|>!&*%@`,[]{}\\\t\r\x00\x07\x7f\x85\xa0\u2028\ufeff\U0001f377.01 "),
               max_size=12) | st.sampled_from(["Verona", "yes", "null", "12", "3.5", "2027-01-01", "~", "-", "---"])
GAP = st.sampled_from([" ", " ", " ", " ", "  ", "\n", " \n", "\n ", "\n\n", ": ", " #", ""])


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Text of a few words or of many, so that lines pass 100 columns and fold."""
    words = draw(st.lists(WORD, max_size=draw(st.sampled_from([3, 40]))))
    return "".join(word + draw(GAP) for word in words)


SCALAR = texts() | st.integers() | st.booleans() | st.floats(allow_nan=False)
KEY = st.sampled_from(["title", "description", "start", "url", "tags", "venue", "a_b", "yes", "x-y", "on"])
VALUE = SCALAR | st.lists(texts(), min_size=1, max_size=3) | st.dictionaries(KEY, SCALAR, min_size=1, max_size=3)
EVENT = st.dictionaries(KEY, VALUE | st.dates() | st.builds(list), min_size=1, max_size=6)
"""With values only PyYAML writes (dates, empty lists): it writes those events."""


@settings(max_examples=400, deadline=None)
@given(st.lists(EVENT, max_size=4))
def test_generated_events_are_written_as_pyyaml_writes_them(events: list[dict[str, Any]]) -> None:
    assert event_file_text(events) == pyyaml(events)


@settings(max_examples=200, deadline=None)
@given(texts(), st.sampled_from(["title", "description"]))
def test_long_texts_fold_and_read_back_the_same(text: str, key: str) -> None:
    events = [{key: text, "sequence": 1}, {"tags": [text], "venue": {"name": text}}]
    written = event_file_text(events)
    assert written == pyyaml(events)
    if not any(ch in text for ch in "\x85\u2028\u2029"):  # PyYAML itself reads those back as line breaks
        assert yaml.safe_load(written) == events


def test_text_ending_in_blank_lines_keeps_them_and_ends_the_file_as_pyyaml_does() -> None:
    """A literal block keeping its final line breaks (``|+``) last in the file makes PyYAML end it with ``...``."""
    kept = {"title": "A", "description": "Due ore.\n\n"}
    for events in ([kept], [kept, {"title": "B"}], [{"title": "B"}, kept], [{"start": date(2027, 1, 1)}, kept],
                   [kept, {"start": date(2027, 1, 1), "description": "x\n\n"}]):
        written = event_file_text(events)
        assert written == pyyaml(events)
        assert written.endswith("...\n") == events[-1].get("description", "").endswith("\n\n")


def test_what_people_read_stays_readable() -> None:
    written = event_file_text([{"title": "Cena 🍝: pasta ⭐", "description": "Si impasta.\nSi cena insieme 🍷."}])
    assert written == "- title: 'Cena 🍝: pasta ⭐'\n  description: |-\n    Si impasta.\n    Si cena insieme 🍷.\n"
