"""radical_social.sources.json_text.loads: orjson's speed, json.loads's results and errors, on any text."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from radical_social.sources import json_text as _json

any_text = st.text(st.characters(exclude_categories=()))  # lone surrogates included
scalars = st.none() | st.booleans() | st.integers() | st.floats() | any_text
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4),
                      max_leaves=20)


def outcome(read: Any, data: bytes) -> tuple[str, str]:
    """What reading gives, compared exactly: the value as json writes it (NaN, -0.0 and key order
    included), or the error's type and message."""
    try:
        return "value", json.dumps(read(data))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return type(exc).__name__, str(exc)


def standard(data: bytes) -> Any:
    return json.loads(data.decode())


@given(values, st.booleans())
def test_any_json_value_reads_as_json_reads_it(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    data = text.encode("utf-8", "surrogatepass")
    assert outcome(_json.loads, data) == outcome(standard, data)


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "é"]), scalars), max_size=6))
def test_duplicate_keys_keep_the_last_as_json_does(pairs: list[tuple[str, Any]]) -> None:
    text = "{" + ", ".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in pairs) + "}"
    assert outcome(_json.loads, text.encode()) == outcome(standard, text.encode())


@given(st.binary(max_size=40) | st.text(max_size=40).map(lambda text: text.encode("utf-8", "surrogatepass")))
@example(b'{"lat": NaN}')
@example(b'{"n": 123456789012345678901234567890}')
@example(b'"\\ud800"')
@example(b'{"title": "Caff\xe8"}')
@example(b"[1,]")
@example(b"\xef\xbb\xbf{}")
@example(b"[" * 5000)
def test_any_bytes_read_or_fail_as_json_would(data: bytes) -> None:
    assert outcome(_json.loads, data) == outcome(standard, data)


@pytest.mark.parametrize("data", [b'{"lat": NaN}', b'"\\ud800"'])
def test_what_orjson_refuses_is_read_by_json(data: bytes) -> None:
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(data)
    assert outcome(_json.loads, data)[0] == "value"


@pytest.mark.parametrize("number", ["9223372036854775807", "9223372036854775808", "-9223372036854775809",
                                    "18446744073709551616", "1" * 40, "0." + "1" * 30])
def test_long_numbers_keep_every_digit(number: str) -> None:
    """orjson reads an integer beyond 64 bits as a float; json keeps it whole."""
    data = f'{{"capacity": {number}}}'.encode()
    assert _json.loads(data) == {"capacity": json.loads(number)}
    assert repr(_json.loads(data)["capacity"]) == repr(json.loads(number))


valid_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()  # UTF-8 when written
KEYS = st.sampled_from(["a", "b", "é", 'q":', "\\", ""])
SPACES = st.sampled_from(["", " ", "\t", "\n ", "\r\n"])


@st.composite
def objects_as_written(draw: st.DrawFn, depth: int = 0) -> tuple[str, bool]:
    """JSON text of objects whose keys may repeat, written with any spacing and escaping, and whether a key
    repeats in any of them."""
    pairs, repeated = [], False
    keys = draw(st.lists(KEYS, max_size=5))
    for key in keys:
        if depth < 2 and draw(st.booleans()):
            value, inner = draw(objects_as_written(depth + 1))
            repeated = repeated or inner
        else:
            value = json.dumps(draw(valid_scalars), ensure_ascii=draw(st.booleans()))
        space = draw(SPACES)
        written = json.dumps(key, ensure_ascii=draw(st.booleans()))
        if draw(st.booleans()):  # a quote inside the key written as \u0022
            written = '"' + written[1:-1].replace('\\"', "\\u0022") + '"'
        pairs.append(f"{written}{space}:{draw(SPACES)}{value}")
    repeated = repeated or len(set(keys)) != len(keys)
    return "{" + ",".join(pairs) + "}", repeated


@given(objects_as_written())
def test_a_key_given_twice_is_found_whatever_the_spacing_and_escaping(written: tuple[str, bool]) -> None:
    text, repeated = written
    data = text.encode("utf-8", "surrogatepass")
    try:
        value = _json.loads_unique(data)
    except _json.DuplicateKey:
        assert repeated
    else:
        assert not repeated
        assert outcome(lambda _: value, data) == outcome(standard, data)
