"""The wording files: every supported language says everything English says, with the same
placeholders, and the wording lives in them rather than in Python."""

from __future__ import annotations

import ast
import json
import string
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from radical_social.text.wording import SUPPORTED, message, resolve_language, table, wording

FOLDER = files("radical_social.text") / "languages"
PACKAGE = Path(__file__).resolve().parent.parent / "radical_social"

CHOICES = {"grammar.weekly_day": {"name", "plural", "adverb", "article"}}
"""Strings where each language picks its own placeholders among those the code fills."""
WEEKDAYS = {"grammar.feminine_days"}
"""Lists of weekdays, as many as the language has."""


def _load(language: str) -> Any:
    return json.loads((FOLDER / f"{language}.json").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def _differences(english: Any, other: Any, path: str) -> Iterator[str]:
    """Where ``other`` lacks a key of ``english``, has a stray one, or fills other placeholders."""
    if english is None or other is None:
        return  # an optional setting (French's own clock), or none
    if type(english) is not type(other):
        yield f"{path}: {type(other).__name__} where English has {type(english).__name__}"
    elif isinstance(english, dict) and "default" in english:
        yield from _table_differences(english, other, path)
    elif isinstance(english, dict):
        notes = {key for key in english if key.startswith("_")}
        yield from (f"{path}.{key}: missing" for key in english.keys() - other.keys() - notes)
        yield from (f"{path}.{key}: not in English" for key in other.keys() - english.keys())
        for key in english.keys() & other.keys():
            yield from _differences(english[key], other[key], f"{path}.{key}".lstrip("."))
    elif path in WEEKDAYS:
        if not all(isinstance(entry, int) and 0 <= entry <= 6 for entry in other):
            yield f"{path}: weekdays are numbers, Monday = 0"
    elif isinstance(english, list):
        if len(english) != len(other):
            yield f"{path}: {len(other)} entries where English has {len(english)}"
        for index, (mine, theirs) in enumerate(zip(english, other, strict=False)):
            yield from _differences(mine, theirs, f"{path}[{index}]")
    elif isinstance(english, str):
        choice = CHOICES.get(path.split("[")[0])
        if choice is not None and not _fields(other) <= choice:
            yield f"{path}: placeholders {sorted(_fields(other))} outside {sorted(choice)}"
        if choice is None and _fields(other) != _fields(english):
            yield f"{path}: placeholders {sorted(_fields(other))} where English has {sorted(_fields(english))}"


def _table_differences(english: dict[str, str], other: dict[str, str], path: str) -> Iterator[str]:
    """A table: its ``default`` fills English's placeholders; its exceptions are numbers, filling fewer."""
    if "default" not in other:
        yield f"{path}.default: missing"
        return
    yield from _differences(english["default"], other["default"], f"{path}.default")
    for key, text in other.items():
        if key != "default" and not key.lstrip("-").isdigit():
            yield f"{path}.{key}: an exception's key is a number"
        if not _fields(text) <= _fields(other["default"]):
            yield f"{path}.{key}: placeholders {sorted(_fields(text))} beyond the default's"


def test_there_is_one_file_per_supported_language() -> None:
    found = {entry.name for entry in FOLDER.iterdir()}
    assert found == {f"{language}.json" for language in SUPPORTED}


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_has_every_key_english_has_with_its_placeholders(language: str) -> None:
    assert list(_differences(_load("en"), _load(language), "")) == []


def test_the_comparison_finds_a_missing_key_a_stray_key_and_a_wrong_placeholder() -> None:
    english = _load("en")
    broken = _load("it")
    del broken["phrases"]["info"]
    broken["footprint"]["extra"] = "?"
    broken["phrases"]["qr_code"] = "Codice QR per {dominio}"
    broken["grammar"]["until"]["8"] = "{regola} fino all’{date}"
    broken["grammar"]["weekly_day"][1] = "{article} {nome}"
    broken["grammar"]["feminine_days"] = ["domenica"]
    broken["grammar"]["places"] = ["posto"]
    assert sorted(_differences(english, broken, "")) == [
        "footprint.extra: not in English",
        "grammar.feminine_days: weekdays are numbers, Monday = 0",
        "grammar.places: 1 entries where English has 2",
        "grammar.until.8: placeholders ['date', 'regola'] beyond the default's",
        "grammar.weekly_day[1]: placeholders ['article', 'nome'] outside ['adverb', 'article', 'name', 'plural']",
        "phrases.info: missing",
        "phrases.qr_code: placeholders ['dominio'] where English has ['domain']",
    ]


def test_a_language_without_wording_gets_english() -> None:
    assert resolve_language("pt-BR") == ("en", True)
    assert resolve_language("de_AT") == ("de", False)
    assert wording("nl") is wording("en-GB")
    assert message("it-CH", "summary", "channels", count=3) == "3 canali"
    assert message("pt", "summary", "channels", count=3) == "3 channels"


def test_a_table_gives_the_exception_for_its_number_else_the_default() -> None:
    articles = wording("it")["footprint"]["saving_article"]
    assert [table(articles, percent) for percent in (0, 1, 8, 11, 18, 80, 89, 90, 100)] == [
        "lo ", "l’", "l’", "l’", "il ", "l’", "l’", "il ", "il ",
    ]


def _per_language_dicts(path: Path) -> Iterator[int]:
    """Lines of dict literals keyed by two or more supported languages."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {key.value for key in node.keys if isinstance(key, ast.Constant)}
            if len(keys & set(SUPPORTED)) >= 2:
                yield node.lineno


def test_no_wording_is_kept_in_python_by_language() -> None:
    found = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
             if (lines := list(_per_language_dicts(path)))}
    assert found == {}
