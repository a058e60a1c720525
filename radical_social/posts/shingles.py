"""Sets of character n-grams ("shingles") as the bits of one int, so that the linter's copy check
compares two posts with one ``&`` and a popcount instead of a set intersection.

``ngrams`` gives a text's distinct n-grams of ``LENGTH`` characters, four ASCII characters as the
32-bit int their bytes make (read by ``array`` in C, no string per n-gram), any other as a string.

Each n-gram seen gets the next bit position in a ``Table``; a set of n-grams becomes an int with
those bits set (the caller keeps it, by text and table). A table that has handed out ``Table.SIZE``
positions is replaced by a fresh one when the next comparison starts (``current``), so ints stay a
few kilobytes however many posts go by; one comparison keeps the table it started with, so its ints
always agree.
"""

from __future__ import annotations

import re
import sys
import threading
from array import array
from collections.abc import Iterable

__all__ = ["LENGTH", "Table", "closest", "current", "jaccard", "ngrams"]

LENGTH = 4
"""Characters in an n-gram: four ASCII characters are one 32-bit int."""
_QUAD = "I"
"""The ``array`` type code of a 32-bit unsigned int."""
_PASSAGE = re.compile(r".*?\S{6,}(?:\s|$)|.+", re.DOTALL)
"""A run of words up to one of six characters or more and the space after it: where a passage ends
depends only on the words, so the same words make the same passages in any text."""


def ngrams(text: str) -> frozenset[int | str]:
    """The distinct n-grams of ``text``: four ASCII characters as the int their bytes make (in this
    machine's byte order), any other as a string; two texts' n-grams compare alike either way."""
    if text.isascii():
        data = text.encode("ascii")
        return frozenset().union(*(array(_QUAD, data[start:start + (len(data) - start) // LENGTH * LENGTH])
                                   for start in range(LENGTH)))
    return frozenset(map(_key, (text[start:start + LENGTH] for start in range(len(text) - LENGTH + 1))))


def _key(ngram: str) -> int | str:
    return int.from_bytes(ngram.encode("ascii"), sys.byteorder) if ngram.isascii() else ngram


class Table:
    """Bit positions of the n-grams seen."""

    SIZE = 1 << 14
    """Positions a table hands out before ``current`` starts a new one (soft: a comparison in progress
    may go past it)."""
    PASSAGES = 4096
    """Passages kept; then they are forgotten all at once."""

    def __init__(self) -> None:
        self._places: dict[int | str, tuple[int, int]] = {}
        """Each n-gram's bit position, as its byte and the bit within it."""
        self._lock = threading.Lock()
        self._passages: dict[str, int] = {}
        """The bits of each passage seen (``text_bits``)."""

    @property
    def full(self) -> bool:
        return len(self._places) >= self.SIZE

    def bits(self, ngrams: frozenset[int | str]) -> int:
        """``ngrams`` as an int with one bit per n-gram (its population count is ``len(ngrams)``)."""
        with self._lock:
            places = self._places
            new = ngrams.difference(places)  # looks up each n-gram (``- places.keys()`` would walk the table)
            first = len(places)
            places.update(zip(new, ((position >> 3, 1 << (position & 7))
                                    for position in range(first, first + len(new))), strict=True))
        bits = bytearray((len(places) + 7) >> 3)
        for byte, bit in map(places.__getitem__, ngrams):
            bits[byte] |= bit
        return int.from_bytes(bits, "little")

    def text_bits(self, text: str) -> int:
        """``bits(ngrams(text))``, found passage by passage (``_PASSAGE``) and kept by passage: texts that
        share a passage (a kit's posts share the event's description) look its n-grams up once."""
        bits = 0
        for match in _PASSAGE.finditer(text):
            passage = text[match.start():match.end() + LENGTH - 1]  # every n-gram that begins in the passage
            found = self._passages.get(passage)
            if found is None:
                if len(self._passages) >= self.PASSAGES:
                    self._passages.clear()
                found = self._passages[passage] = self.bits(ngrams(passage))
            bits |= found
        return bits


_current = Table()


def current() -> Table:
    """The table to use for one comparison of a text with others: the last one, or a new one when
    that is full."""
    global _current
    if _current.full:
        _current = Table()
    return _current


def jaccard(first: int, first_count: int, second: int, second_count: int) -> float:
    """Jaccard similarity of two n-gram sets from their bits and sizes (0 when both are empty)."""
    return closest(first, first_count, [(second, second_count)])


def closest(bits: int, count: int, others: Iterable[tuple[int, int]]) -> float:
    """The highest Jaccard similarity of one n-gram set with any of ``others`` (bits and sizes; 0 for none).
    A set whose size alone caps the similarity at the best so far (``min / max`` of the sizes) is not
    compared: the ``&`` of two ints of a few kilobytes is what this costs; once one is the same set, the
    rest are not even taken from ``others``."""
    best = 0.0
    for other, other_count in others:
        low, high = (count, other_count) if count <= other_count else (other_count, count)
        if not high or low / high <= best:
            continue
        shared = (bits & other).bit_count()
        union = count + other_count - shared
        if union and shared / union > best:
            best = shared / union
            if shared == union:
                break
    return best
