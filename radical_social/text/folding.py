"""Text folded for matching: lower case, without accents, styled letters or curly quotes, with the
original offset of each folded character, so that what is found in folded text is pointed at in
the text as written (``𝐛𝐨𝐥𝐝`` is ``bold``, ``SÌ`` is ``si``, ``ß`` is ``ss``).

Each character is folded once (NFKD, case-folded, combining marks dropped) and kept in a table;
ASCII is only lowered. Results are cached by text, since the linter's rules fold the same texts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "plain"]

_WORD = re.compile(r"[^\W_]+")
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_QUOTES = str.maketrans("’‘ʼ´“”„«»", "''''\"\"\"\"\"")


@lru_cache(maxsize=1024)
def fold(text: str) -> tuple[str, tuple[int, ...] | None]:
    """``text`` in lower case without accents or styled letters, and the original offset of each
    folded character (``None`` when they are the same)."""
    if text.isascii():
        return text.lower(), None
    parts = _NON_ASCII.split(text)  # plain ASCII, other characters, plain ASCII, …
    others = parts[1::2]
    parts[::2] = [part.lower() for part in parts[::2]]  # what the table gives ASCII, quicker
    parts[1::2] = [part.translate(_FOLDED) for part in others]
    folded = "".join(parts)
    if _FOLDED.uneven.isdisjoint("".join(others)):
        return folded, None
    pieces = [_FOLDED[ord(char)] for char in text]
    return "".join(pieces), tuple(i for i, piece in enumerate(pieces) for _ in piece)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that folds each character the first time it is seen."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()
        """The characters seen that fold to more or fewer than one (``ß``, ``ﬁ``, accents alone)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        plain = unicodedata.normalize("NFKD", char.translate(_QUOTES)).casefold()
        folded = "".join(part for part in plain if unicodedata.category(part) != "Mn")
        if char == "\ufe0f":  # the emoji variation selector: a space keeps offsets one to one
            folded = " "
        if len(folded) != 1:
            self.uneven.add(char)
        if len(self) < 8192:
            self[code] = folded
        return folded


_FOLDED = _FoldTable()


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """``text`` folded, its words separated by single spaces."""
    return " ".join(_WORD.findall(fold(text)[0]))
