"""Event-file mappings → YAML text, byte for byte as PyYAML's safe dumper writes it, in a part of the time.

``import`` writes thousands of events, and PyYAML's pure-Python dumper takes most of an import's time
(libyaml's emitter is fast, but writes every emoji as ``\\U0001F35D`` and gives up block strings for
them). An event file is a simple shape: a list of mappings of text, numbers, lists of text and
mappings of those. ``event_file_text`` writes that shape itself, choosing each scalar's style as
PyYAML's emitter does (plain, single-quoted, double-quoted with escapes, or a literal block ``|`` for
text of several lines) and folding long lines at 100 columns where it does. An event holding anything
else (dates, empty lists, keys that need quotes, the line breaks U+0085, U+2028 and U+2029) is dumped
by PyYAML; the tests compare the two on generated events.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

WIDTH = 100
"""Where lines are folded (PyYAML's ``width``)."""

_INDENT = 2
_STR = "tag:yaml.org,2002:str"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPECIAL = re.compile("[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]")
"""A character PyYAML writes escaped, in double quotes."""
_RARE_BREAK = re.compile("[\x85\u2028\u2029]")
_RUNS = re.compile(" +|[^ ]+")
_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")


class _Unwritable(Exception):
    """A value this module does not write as PyYAML would: the event is dumped by PyYAML."""


def event_file_text(mappings: Iterable[Mapping[str, Any]]) -> str:
    """The YAML list of ``mappings``, as ``yaml.dump(list(mappings), Dumper=dumper(), allow_unicode=True,
    sort_keys=False, width=100)`` writes it."""
    return joined([event_text(mapping) for mapping in mappings])


EventText = tuple[str, bool]
"""One event's part of an event file, and whether it ends open: with a literal block keeping its final
line breaks (``|+``), after which the file ends with ``...`` if nothing follows."""


def event_text(mapping: Mapping[str, Any]) -> EventText:
    """The part of ``event_file_text`` that writes ``mapping``: the same whatever comes before or after it."""
    try:
        lines: list[str] = []
        open_ended = _mapping(lines, mapping, _INDENT, first="- ")
        return "".join(lines) + ("" if lines[-1].endswith("\n") else "\n"), open_ended
    except _Unwritable:
        import yaml

        text = yaml.dump([mapping], Dumper=dumper(), allow_unicode=True, sort_keys=False, width=WIDTH)
        open_ended = text.endswith("\n...\n")
        return (text.removesuffix("...\n") if open_ended else text), open_ended


def joined(parts: Sequence[EventText]) -> str:
    """An event file of the events written by ``event_text``, in order."""
    if not parts:
        return "[]\n"
    return "".join(text for text, _ in parts) + ("...\n" if parts[-1][1] else "")


def pruned(value: Any) -> Any:
    """``value`` without None, empty text, empty lists and empty mappings, at any depth: what an event file
    leaves out."""
    if isinstance(value, Mapping):
        pairs = ((key, pruned(item) if isinstance(item, _NESTED) else item) for key, item in value.items())
        return {key: item for key, item in pairs if not _empty(item)}
    if isinstance(value, (list, tuple)):
        return [item for item in map(pruned, value) if not _empty(item)]
    return value


_NESTED = (Mapping, list, tuple)


def _empty(value: Any) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, (list, dict)) and not value)


@lru_cache(maxsize=1)
def dumper() -> Any:
    """PyYAML's safe dumper, writing text of several lines as a literal block (``|``)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        return dumper.represent_scalar(_STR, value, style="|" if "\n" in value else None)

    Dumper.add_representer(str, text)
    return Dumper


def _mapping(lines: list[str], mapping: Mapping[str, Any], indent: int, first: str = "") -> bool:
    """Write ``mapping``'s keys at column ``indent``, the first after ``first`` (``- ``) if given, else on a
    line of its own; whether the last text written keeps its final line breaks."""
    if type(mapping) is not dict or not mapping:
        raise _Unwritable
    open_ended = False
    for key, value in mapping.items():
        if type(key) is not str or not _KEY.fullmatch(key) or len(key) > 120 or not _implicit(key):
            raise _Unwritable
        if first:
            lines.append(first + key + ":")
            first = ""
        else:
            lines.append(("" if lines[-1].endswith("\n") else "\n") + " " * indent + key + ":")
        column = indent + len(key) + 1
        if type(value) is dict:
            lines.append("\n")
            open_ended = _mapping(lines, value, indent + _INDENT, first=" " * (indent + _INDENT))
        elif type(value) is list:
            if not value:
                raise _Unwritable
            for item in value:
                lines.append(("" if lines[-1].endswith("\n") else "\n") + " " * indent + "-")
                open_ended = _scalar(lines, item, indent + 1, indent + _INDENT)
        else:
            open_ended = _scalar(lines, value, column, indent + _INDENT)
    return open_ended


def _scalar(lines: list[str], value: Any, column: int, indent: int) -> bool:
    """Write ``value`` after an indicator (``key:`` or ``-``) ending at ``column``, text folded to ``indent``;
    whether it is a literal block keeping its final line breaks."""
    kind = type(value)
    if kind is str:
        return _text(lines, value, column, indent)
    if kind is bool:
        text = "true" if value else "false"
    elif kind is int:
        text = str(value)
    elif kind is float and math.isfinite(value):
        text = repr(value).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        if _resolved(text) != "tag:yaml.org,2002:float":
            raise _Unwritable
    else:
        raise _Unwritable
    lines.append(" " + text)
    return False


def _text(lines: list[str], text: str, column: int, indent: int) -> bool:
    if not text or _RARE_BREAK.search(text):
        raise _Unwritable
    special = _SPECIAL.search(text) is not None
    if "\n" in text:
        if special or text.endswith(" ") or " \n" in text:
            lines.append(_double_quoted(text, column, indent))
            return False
        return _literal(lines, text, indent)
    if special:
        lines.append(_double_quoted(text, column, indent))
    elif _plain(text):
        lines.append(_folded(text, column, indent, " ", "", fold_ends=True))
    else:
        lines.append(_folded(text.replace("'", "''"), column, indent, " '", "'", fold_ends=False))
    return False


def _plain(text: str) -> bool:
    """Whether PyYAML writes this line of text as a plain scalar in a block."""
    head = text[0]
    if head == " " or text[-1] == " " or head in _INDICATORS or text.startswith(("---", "...")):
        return False
    if head in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    return _implicit(text)


def _folded(text: str, column: int, indent: int, opening: str, closing: str, fold_ends: bool) -> str:
    """``text`` (quotes doubled for single quotes) after ``opening``, a single space between words
    becoming a line break where the line has passed ``WIDTH``, as PyYAML's plain and single-quoted writers
    fold; ``fold_ends`` lets a space at either end fold (plain text has none there)."""
    column += len(opening)
    if column + len(text) <= WIDTH:
        return opening + text + closing
    out = [opening]
    runs = _RUNS.findall(text)
    for number, run in enumerate(runs):
        inner = fold_ends or 0 < number < len(runs) - 1
        if run == " " and column > WIDTH and inner:
            out.append("\n" + " " * indent)
            column = indent
        else:
            out.append(run)
            column += len(run)
    out.append(closing)
    return "".join(out)


def _literal(lines: list[str], text: str, indent: int) -> bool:
    """``text`` as a literal block, as PyYAML writes it; whether it keeps its final line breaks (``|+``)."""
    hints = str(_INDENT) if text[0] in " \n" else ""
    if not text.endswith("\n"):
        hints += "-"
    elif len(text) == 1 or text[-2] == "\n":
        hints += "+"
    body = "\n".join(" " * indent + line if line else "" for line in text.split("\n"))
    lines.append(" |" + hints + "\n" + body + ("" if text.endswith("\n") else "\n"))
    return hints.endswith("+")


def _double_quoted(text: str, column: int, indent: int) -> str:
    """``text`` in double quotes, escaped and folded as PyYAML's ``write_double_quoted`` does, visiting only
    the places where that can fold a line: escaped characters, the character after each, and the first
    space past the width (the spaces before it do nothing)."""
    out = [' "']
    column += 2
    start, last = 0, len(text) - 1
    escaped = {match.start() for match in _ESCAPED.finditer(text)}
    scanned = 0
    for end in sorted(escaped | {place + 1 for place in escaped}):
        start, column = _fold_at_spaces(out, text, start, column, scanned, min(end, last), indent)
        scanned = end + 1
        if end in escaped:
            if start < end:
                out.append(text[start:end])
                column += end - start
            escape = _escape(text[end])
            out.append(escape)
            column += len(escape)
            start = end + 1
        if 0 < end < last and (text[end] == " " or start >= end) and column + (end - start) > WIDTH:
            out.append(text[start:end] + "\\\n" + " " * indent)
            start = max(start, end)
            column = indent
            if text[start] == " ":
                out.append("\\")
                column += 1
    start, _ = _fold_at_spaces(out, text, start, column, scanned, last, indent)
    out.append(text[start:] + '"')
    return "".join(out)


def _fold_at_spaces(out: list[str], text: str, start: int, column: int, low: int, high: int,
                    indent: int) -> tuple[int, int]:
    """Fold at the spaces of ``text[low:high]`` where the line has passed ``WIDTH`` (none of them escaped);
    where the text not yet written starts, and its column."""
    while True:
        end = text.find(" ", max(low, 1, start + WIDTH - column + 1), high)
        if end < 0:
            return start, column
        out.append(text[start:end] + "\\\n" + " " * indent + "\\")
        start, column = end, indent + 1


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return "\\" + _ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


_ESCAPES = {"\0": "0", "\x07": "a", "\x08": "b", "\x09": "t", "\x0a": "n", "\x0b": "v", "\x0c": "f", "\x0d": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}
_ESCAPED = re.compile('["\\\\\x85\u2028\u2029\ufeff]|[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd]')
"""A character written escaped in double quotes."""


def _implicit(text: str) -> bool:
    """Whether ``text`` written plain reads back as text (not as a number, a date, true or null)."""
    return _resolved(text) == _STR


@lru_cache(maxsize=4096)
def _resolved(text: str) -> str:
    return str(_resolver().resolve(_scalar_node(), text, (True, False)))


@lru_cache(maxsize=1)
def _resolver() -> Any:
    from yaml.resolver import Resolver

    return Resolver()


@lru_cache(maxsize=1)
def _scalar_node() -> Any:
    from yaml.nodes import ScalarNode

    return ScalarNode
