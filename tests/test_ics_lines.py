"""The content lines import hands icalendar split every line as icalendar's own do, and a calendar parsed
from them is the calendar icalendar parses from its text: generated lines, the test calendars and the corpus."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import icalendar
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.content_line import Contentline, Contentlines

from radical_social.sources.ics_lines import lines
from tests.test_importing import CALENDARS, corpus_files

NAMES = st.sampled_from(["DTSTART", "X-A", "a1", "-", "BEGIN", "", " ", "é", "A_B", "A.B", "\\A", '"A"'])
BETWEEN = st.sampled_from([";", "=", '"', ":", "TZID=Europe/Rome", ",", " ", "\t", "\\", "^n", "é", "%3A",
                           'CN="G S"', 'x=" a=b "', '""', "VALUE=date"])
VALUES = st.sampled_from(["\\n", "\\N", "\\", "\\,", "\\;", ",", ";", ":", "a", " ", '"', "\r", "é", "%3A"])
LINES = st.one_of(
    st.tuples(NAMES, st.lists(BETWEEN, max_size=4).map("".join), st.just(":"),
              st.lists(VALUES, max_size=6).map("".join)),
    st.lists(st.one_of(NAMES, BETWEEN, VALUES), min_size=1, max_size=12),
).map("".join)
"""Lines of a name, maybe parameters or whatever else, a colon and a value with escapes; and any jumble."""


def split(line: Any) -> Any:
    """``line.parts()`` with its parameters as a plain dict, or the error it raises."""
    try:
        name, params, value = line.parts()
    except ValueError as exc:
        return "ValueError", str(exc)
    return name, type(params), dict(params), value


@given(LINES)
def test_each_line_splits_as_icalendar_splits_it(text: str) -> None:
    [ours] = [line for line in lines(text) if line] or [None]
    if ours is None:  # only line breaks: no line at all, as for icalendar
        assert [line for line in Contentlines.from_ical(text) if line] == []
        return
    assert ours == text
    assert split(ours) == split(Contentline(text))


def parsed_both_ways(data: bytes) -> tuple[Any, Any]:
    def outcome(given: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # guessed TZIDs, as import reads them
                components = icalendar.Component.from_ical(given, multiple=True)
        except Exception as exc:  # broken input reaches other errors too, as import knows
            return type(exc).__name__, str(exc)
        return [(component.to_ical(), [(part.name, part.errors) for part in component.walk()])
                for component in components]

    return outcome(lines(data)), outcome(data)


def test_every_test_and_corpus_calendar_parses_as_icalendar_parses_it() -> None:
    paths = sorted(CALENDARS.glob("*.ics")) + [param.values[0] for param in corpus_files()
                                               if isinstance(param.values[0], Path)]
    for path in paths:
        ours, theirs = parsed_both_ways(path.read_bytes())
        assert ours == theirs, path.name


def test_a_broken_line_in_a_vevent_is_an_error_of_the_vevent_as_before() -> None:
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY;X=\"a:b\r\nDTSTART:nonsense\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ours, theirs = parsed_both_ways(data)
    assert ours == theirs
    errors = ours[0][1][1][1]
    assert [name for name, _ in errors] == [None, "DTSTART"]
