"""What runs keep between them: compiled templates and patterns and fonts' character maps give what
compiling gives, and a cache that is damaged, unwritable or shared by two runs at once never fails one."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from radical_social.graphics.coverage import FontFile, _read_charset, charset
from radical_social.graphics.typeface import bundled_font
from radical_social.text import counting, templating
from radical_social.text.compiled import CACHE_VARIABLE, cache_folder, compiled_pattern

PATTERNS = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)(?:-(?P<day>\d\d))?", 0),
    (r"(?<!\w)(?:ultimi\W+posti|last\W+chance)(?!\w)", re.IGNORECASE),
    (r"^\s*#.*$", re.MULTILINE | re.VERBOSE),
    ("[\u00e0-\u00ff]+|\\U0001f355", 0),
]
SAMPLES = ["2027-01-16 ultimi   posti! LAST chance", "  # a comment\nàèìòù 🍕", ""]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    cache_folder.cache_clear()
    yield cache_folder() or pytest.fail("no cache folder")
    cache_folder.cache_clear()


def _same(compiled: re.Pattern[str], expected: re.Pattern[str]) -> None:
    assert compiled == expected  # same pattern, flags and code
    assert (compiled.groupindex, compiled.groups) == (expected.groupindex, expected.groups)
    for text in SAMPLES:
        assert [m.groupdict() or m.group() for m in compiled.finditer(text)] == \
            [m.groupdict() or m.group() for m in expected.finditer(text)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_kept_pattern_is_the_compiled_one(cache: Path, pattern: str, flags: int) -> None:
    first = compiled_pattern(pattern, flags)
    assert len(list(cache.glob("pattern-*"))) == 1
    _same(first, re.compile(pattern, flags))
    _same(compiled_pattern(pattern, flags), re.compile(pattern, flags))  # loaded from the cache this time


def test_the_url_patterns_come_back_from_the_cache_as_compiled(cache: Path) -> None:
    counting._url_patterns.cache_clear()
    made = counting._url_patterns()
    counting._url_patterns.cache_clear()
    loaded = counting._url_patterns()
    for name in ("x_url", "mastodon_url", "ascii_domain"):
        expected = re.compile(getattr(made, name).pattern, re.IGNORECASE)
        assert getattr(made, name) == getattr(loaded, name) == expected
    text = "Iscrizioni su https://bottega.it/pasta?x=1 e bottega.it (ore 10)"
    assert counting.mastodon_length(text) == len(text) - len("https://bottega.it/pasta?x=1") + 23


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_entry_is_compiled_again_and_replaced(cache: Path, damage: bytes | None) -> None:
    pattern = PATTERNS[0][0]
    compiled_pattern(pattern)
    (entry,) = cache.glob("pattern-*")
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2] if damage is None else damage)
    _same(compiled_pattern(pattern), re.compile(pattern))
    assert entry.read_bytes() == good


def test_code_this_python_refuses_is_never_used(cache: Path) -> None:
    import marshal

    pattern = PATTERNS[1][0]
    compiled_pattern(pattern, re.IGNORECASE)
    (entry,) = cache.glob("pattern-*")
    flags, code, *rest = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((flags, [255, *code[1:]], *rest)))  # an opcode that does not exist
    _same(compiled_pattern(pattern, re.IGNORECASE), re.compile(pattern, re.IGNORECASE))


@pytest.mark.parametrize("setting", ["off", "{file}/cache"])
def test_without_a_cache_folder_everything_is_compiled_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, setting.format(file=blocker))
    cache_folder.cache_clear()
    try:
        assert cache_folder() is None
        _same(compiled_pattern(PATTERNS[0][0]), re.compile(PATTERNS[0][0]))
        templating.environment.cache_clear()
        assert templating.environment().get_template("invite/description.txt.j2") is not None
    finally:
        cache_folder.cache_clear()
        templating.environment.cache_clear()


def test_a_template_is_compiled_once_then_loaded(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object) -> object:
        compiled.append(name or "")
        return original(self, source, name, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    for _ in range(2):
        templating.environment.cache_clear()  # a new run's environment
        templating.environment().get_template("invite/description.txt.j2")
    templating.environment.cache_clear()
    assert compiled == ["invite/description.txt.j2"]
    assert len(list(cache.glob("jinja2-*.cache"))) == 1


def test_a_fonts_character_map_is_kept_until_the_file_changes(cache: Path, tmp_path: Path) -> None:
    font = tmp_path / "font.ttf"
    font.write_bytes(bundled_font(bold=False).read_bytes())
    expected = frozenset(_read_charset(FontFile(str(font))))
    assert ord("à") in expected and charset(FontFile(str(font))) == expected
    assert len(list(cache.glob("charset-*"))) == 1
    charset.cache_clear()
    assert charset(FontFile(str(font))) == expected
    font.write_bytes(b"no longer a font")
    charset.cache_clear()
    assert charset(FontFile(str(font))) == frozenset()


def test_runs_that_fill_the_cache_at_once_all_get_the_right_patterns(cache: Path) -> None:
    code = ("import re, sys; from radical_social.text.compiled import compiled_pattern; "
            "from radical_social.text.counting import _url_patterns, mastodon_length; "
            "assert mastodon_length('vedi https://a.it/x ok') == 5 + 23 + 3; "
            f"assert compiled_pattern({PATTERNS[0][0]!r}) == re.compile({PATTERNS[0][0]!r}); print('ok')")
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).parent.parent) for _ in range(4)]
    assert [run.communicate()[0].strip() for run in runs] == ["ok"] * 4
    assert not list(cache.glob(".*.tmp")) and len(list(cache.glob("pattern-*"))) == 4
