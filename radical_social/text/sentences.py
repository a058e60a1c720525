"""Where sentences end: one splitter for the posts' fitter (which drops whole sentences) and the
linter's copy checks (which compare them).

A sentence ends at a line break, and at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes)
before a space and a word (an ellipsis only before a capital or a number: before a small letter
it is a pause), except where the full stop belongs to a word before it: an
initial or a title (``M. Dupont``, ``Dott. Rossi``, ``z. B.``), an ordinal (``15. Mai``), or a
common abbreviation (``tel. 045``, ``Nr. 5``, ``approx. 20``).
"""

from __future__ import annotations

import re

__all__ = ["ends", "spans"]

_MARKS = re.compile(r"[.!?…]+[\"'»”“’)]*(?=[ \t\u00a0\u202f]+[\"'«„“‘(¿¡]*([^\W_]))|\n")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(.])(?:[^\W\d_]|dr|mr|mrs|ms|st|prof|sig|sigg|dott|ing|avv|sr|sra|srta|dra|mme|mlle|nr|no|str|ca|"
    r"etc|ecc|vs|bzw|usw|z\.\s?b|u\.\s?a|tel|tél|núm|pág|pag|approx|aprox|env|vol|art|max|min|inkl|ggf|evtl|vgl)$",
    re.IGNORECASE,
)
_ORDINAL_DATE = re.compile(r"(?<!\S)\d{1,2}\.\s+(?:Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez)")
"""A German date: ``15. Mai``, ``1. Okt.``."""
_ABBREVIATION_REACH = 16
"""How far before a full stop ``_ABBREVIATION`` may begin (its longest match is 7 characters)."""


def ends(text: str) -> list[int]:
    """Where each sentence of ``text`` ends (after its marks and closing quotes; before a line
    break), the last one at the end of the text without its trailing spaces; empty for blank text."""
    stop = len(text.rstrip())
    found = [end for end in map(_end, _MARKS.finditer(text, 0, stop)) if end is not None and 0 < end < stop]
    return [*dict.fromkeys(found), stop] if stop else []


def spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence, without the spaces and line breaks between them."""
    found, start = [], 0
    for end in ends(text):
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            found.append((start, start + len(text[start:end].rstrip())))
        start = end
    return found


def _end(match: re.Match[str]) -> int | None:
    """Where the sentence ends at this mark, or None where the mark belongs to a word."""
    if match.group() == "\n":
        return len(match.string[:match.start()].rstrip())
    if "." not in match.group():  # "!", "?", "…": but an ellipsis before a small letter is a pause
        return None if match.group().startswith("…") and match.group(1).islower() else match.end()
    text = match.string
    stop = match.start()
    abbreviation = _ABBREVIATION.search(text, max(0, stop - _ABBREVIATION_REACH), stop)
    if abbreviation or _ORDINAL_DATE.match(text, _number_start(text, stop)):
        return None
    return match.end()


def _number_start(text: str, stop: int) -> int:
    """Where the run of digits that ends at ``stop`` begins (``stop`` when there is none)."""
    start = stop
    while start > 0 and text[start - 1].isdigit():
        start -= 1
    return start
