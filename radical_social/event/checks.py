"""Checks on typed event values; each returns problems instead of raising, so all are reported."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:

    import regex

from radical_social.errors import EventError, Problem
from radical_social.event.values import SHOWN, shown, suggest, type_name, year_problem
from radical_social.event.walls import irregularity
from radical_social.event.zones import zone_info, zone_names

MAX_TITLE = 200
"""Characters; a title is a headline, not a paragraph."""
MAX_LINE = 500
"""Characters for other single-line fields (names, addresses, tags, URLs…)."""
MAX_DESCRIPTION = 20_000
MAX_URL = 2000
MAX_PRICE = 10**9
"""Prices are below a billion: a larger one (1e999999999) is a typo, and would be written out digit by digit."""
MAX_INTEGER = 2**31 - 1
"""The largest INTEGER of RFC 5545 (3.3.8), such as a SEQUENCE."""

STATUSES = ("confirmed", "tentative", "cancelled")
BOOKINGS = ("required", "recommended", "none")
MAX_PITCH = 200

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_SPACE = re.compile(r"\s")
# Letters spelt out in both cases: twice as fast as re.IGNORECASE.
_PLAIN_URL = re.compile(r"[hH][tT][tT][pP][sS]?://[a-zA-Z0-9.-]+(?::[0-9]+)?(?:[/?#][!-~]*)?")
_LINE_PREFIX = re.compile(r".*\b(row|line|VEVENT) \d+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
# Control characters, the Unicode line and paragraph separators, and format characters (Unicode's
# category Cf: bidi controls, which can show a line in another order than it is written, invisible
# spaces, the soft hyphen…): never inside one line. The zero-width joiner and non-joiner stay (emoji
# sequences and Persian or Indic spelling need them), and so do tags (the flags of Scotland or Wales).
_LINE_BREAKERS = (r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"
                  r"|(?![\u200c\u200d\U000e0020-\U000e007f])\p{Cf}")
_FORMAT = r"\p{Cf}"
# In multi-line text, tab and line feed are fine; other control characters are not.
_TEXT_BREAKERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Every character of either set is unprintable (str.isprintable), so printable text, most text,
# is not searched: isprintable runs six times faster than the search.


@lru_cache(maxsize=4)
def _unicode_pattern(source: str) -> regex.Pattern[str]:
    """``source`` compiled by the regex package (it knows Unicode's categories), imported on first use."""
    import regex

    return regex.compile(source)


def raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise EventError(problems)


def join_path(prefix: str, name: str) -> str:
    """``venue`` + ``lat`` → ``venue.lat``; ``row 3`` + ``title`` → ``row 3: title``."""
    if not prefix or not name:
        return prefix or name
    return f"{prefix}{': ' if _LINE_PREFIX.fullmatch(prefix) else '.'}{name}"


def prefixed(problems: Iterable[Problem], prefix: str) -> list[Problem]:
    """Problems with their paths put under ``prefix``."""
    return [Problem(join_path(prefix, p.path), p.message) for p in problems]


def line_problem(value: object, *, limit: int = MAX_LINE) -> str | None:
    """What is wrong with a single-line text value, or None."""
    if not isinstance(value, str):
        return f"must be text, not {type_name(value)}"
    if not value.strip():
        return "must not be empty"
    if len(value) > limit:
        return f"is {len(value)} characters; the limit is {limit}"
    bad = None if value.isprintable() else _unicode_pattern(_LINE_BREAKERS).search(value)  # see _TEXT_BREAKERS
    if bad and _unicode_pattern(_FORMAT).match(bad.group()):
        return f"contains {_describe(bad.group())}, which changes how the text shows; remove it"
    if bad:
        return f"contains {_describe(bad.group())}; keep it to one line of text"
    return None


def text_problem(value: object, *, limit: int = MAX_DESCRIPTION) -> str | None:
    """What is wrong with a multi-line text value, or None."""
    if not isinstance(value, str):
        return f"must be text, not {type_name(value)}"
    if len(value) > limit:
        return f"is {len(value)} characters; the limit is {limit}"
    bad = None if value.replace("\n", " ").replace("\t", " ").isprintable() else _TEXT_BREAKERS.search(value)
    if bad:
        return f"contains {_describe(bad.group())}"
    return None


def url_problem(value: object) -> str | None:
    if isinstance(value, str) and len(value) <= MAX_URL and _PLAIN_URL.fullmatch(value):
        return None  # the shape of nearly every link, all of it printable ASCII: nothing below can fail
    return _any_url_problem(value)


def _any_url_problem(value: object) -> str | None:
    problem = line_problem(value, limit=MAX_URL)
    if problem or not isinstance(value, str):
        return problem
    if _SPACE.search(value):
        return "must not contain spaces (encode them as %20)"
    try:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"'{parts.scheme}:'" if parts.scheme else "no scheme"
        return f"must be an http(s) link; it has {scheme}"
    if not parts.hostname:
        return "has no host name"
    return None


def email_problem(value: object) -> str | None:
    problem = line_problem(value, limit=254)
    if problem or not isinstance(value, str):
        return problem
    if not _EMAIL.fullmatch(value) or not _mail_parses(value):
        return f"{shown(value)} is not an email address"
    return None


@lru_cache(maxsize=256)
def _mail_parses(value: str) -> bool:
    """Whether the email library, which writes the messages, reads ``value`` as one whole address.

    It reads ASCII addresses only, so international letters, marks and digits (``jürgen@müller.de``)
    stand in as an ASCII letter; any other non-ASCII character (``‹``) is left to be refused.
    """
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    ascii_shape = "".join("a" if not char.isascii() and unicodedata.category(char)[0] in "LMN" else char
                          for char in value)
    try:
        return Address(addr_spec=ascii_shape).addr_spec == ascii_shape
    except (ValueError, IndexError, HeaderParseError):
        return False


def timezone_problem(name: str) -> str | None:
    try:
        zone_info(name)
    except (LookupError, ValueError):  # ZoneInfoNotFoundError is a KeyError
        return unknown_zone(name)
    return None


def unknown_zone(name: str) -> str:
    """The problem with a name that is no time zone, with the closest one."""
    hint = suggest(name, zone_names()) if len(name) <= SHOWN else None
    return f"unknown time zone {shown(name)}" + (f" (did you mean {hint!r}?)" if hint else "")



def _describe(char: str) -> str:
    if "\ud800" <= char <= "\udfff":
        return f"U+{ord(char):04X}, half of a character (an unpaired surrogate)"
    name = unicodedata.name(char, "")
    kind = "invisible" if _unicode_pattern(_FORMAT).match(char) else "control"
    return f"the {kind} character U+{ord(char):04X}" + (f" ({name})" if name else "")


def _check(problems: list[Problem], path: str, message: str | None) -> None:
    if message:
        problems.append(Problem(path, message))


NOT_GIVEN: Any = type("NotGiven", (), {"__repr__": lambda self: "NOT_GIVEN"})()
"""A required field that the values read so far do not have (see ``_parsing.partial``): it is not checked."""


def venue_problems(venue: Any) -> list[Problem]:
    """Problems with a venue's typed values (a ``Venue`` being built, or ``_parsing.partial`` values)."""
    problems: list[Problem] = []
    if venue.name is not NOT_GIVEN:
        _check(problems, "name", line_problem(venue.name))
    for name in ("address", "city", "postcode"):
        value = getattr(venue, name)
        if value is not None:
            _check(problems, name, line_problem(value))
    country = venue.country
    if country is not None and not (isinstance(country, str) and _COUNTRY.fullmatch(country)):
        problems.append(Problem("country", f"{shown(country)} is not a two-letter ISO country code"))
    for name, bound in (("lat", 90), ("lon", 180)):
        value = getattr(venue, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            problems.append(Problem(name, f"must be a number, not {type_name(value)}"))
        elif not -bound <= value <= bound:
            problems.append(Problem(name, f"{value} is out of range (-{bound} to {bound})"))
    if (venue.lat is None) != (venue.lon is None):
        missing = "lon" if venue.lon is None else "lat"
        problems.append(Problem(missing, "lat and lon go together; give both or neither"))
    return problems


def photo_problems(photo: Any) -> list[Problem]:
    """Problems with a photo (a ``Photo`` being built, or its values): a file that exists, a focal point
    inside the picture."""
    problems: list[Problem] = []
    path = photo.path
    from pathlib import Path

    if not isinstance(path, Path):
        problems.append(Problem("path", f"must be a file path, not {type_name(path)}"))
    elif not path.is_file():
        problems.append(Problem("path", f"no such file: {path}"))
    focal = photo.focal
    if not (isinstance(focal, tuple) and len(focal) == 2
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 1 for x in focal)):
        problems.append(Problem("focal", f"must be two fractions from 0 to 1, like [0.5, 0.3]; got {shown(focal)}"))
    return problems


def organizer_problems(organizer: Any) -> list[Problem]:
    """Problems with an organizer's typed values (an ``Organizer`` being built, or ``_parsing.partial`` values)."""
    problems: list[Problem] = []
    if organizer.name is not NOT_GIVEN:
        _check(problems, "name", line_problem(organizer.name))
    if organizer.email is not None:
        _check(problems, "email", email_problem(organizer.email))
    if organizer.url is not None:
        _check(problems, "url", url_problem(organizer.url))
    return problems


def event_problems(event: Any) -> list[Problem]:
    """Problems with an event's typed values: an ``Event`` being built, or the values read from a file
    so far (``_parsing.partial``), whose ``title``, ``start`` and ``end`` may be ``NOT_GIVEN``.

    The types of ``venue``, ``organizer`` and ``image`` are the constructor's to check.
    """
    problems: list[Problem] = []
    if event.title is not NOT_GIVEN:
        _check(problems, "title", line_problem(event.title, limit=MAX_TITLE))
    _check(problems, "description", text_problem(event.description))
    problems += _time_problems(event)
    language = event.language
    if not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        problems.append(Problem("language", f"{shown(language)} is not a language tag like 'it' or 'en-GB'"))
    if event.url is not None:
        _check(problems, "url", url_problem(event.url))
    problems += _price_problems(event)
    capacity = event.capacity
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)
                                 or not 1 <= capacity <= MAX_INTEGER):
        problems.append(Problem("capacity", f"must be a whole number of places, from 1 to {MAX_INTEGER}; "
                                            f"got {shown(capacity)}"))
    tags = event.tags
    if not isinstance(tags, tuple):
        problems.append(Problem("tags", f"must be a tuple of text, not {type_name(tags)}"))
    else:
        for index, tag in enumerate(tags):
            problem = line_problem(tag, limit=100)
            if problem:
                problems.append(Problem(f"tags[{index}]", problem))
    if event.uid:
        _check(problems, "uid", line_problem(event.uid))
    sequence = event.sequence
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= MAX_INTEGER:
        problems.append(Problem("sequence", f"must be a whole number from 0 to {MAX_INTEGER}; got {shown(sequence)}"))
    status = event.status
    if status not in STATUSES:
        problems.append(Problem("status", f"{shown(status)} is not one of {', '.join(STATUSES)}"))
    booking = event.booking
    if booking not in BOOKINGS:
        problems.append(Problem("booking", f"{shown(booking)} is not one of {', '.join(BOOKINGS)}"))
    if event.pitch is not None:
        _check(problems, "pitch", line_problem(event.pitch, limit=MAX_PITCH))
    if event.rrule is not None:
        _check(problems, "rrule", rrule_problem(event.rrule))
    exdates = event.exdates
    if exdates and event.rrule is None:
        problems.append(Problem("exdate", "only a recurring event (one with 'rrule') has exceptions"))
    for index, moment in enumerate(exdates):
        _moment_ok(problems, f"exdate[{index}]", moment, event.all_day)
    return problems


def _price_problems(event: Any) -> list[Problem]:
    problems: list[Problem] = []
    price = event.price
    if isinstance(price, Decimal):
        if not price.is_finite() or price < 0:
            problems.append(Problem("price", f"{shown(price)} is not a price; use 0 or more"))
        elif price >= MAX_PRICE or price.as_tuple().exponent < -4:  # type: ignore[operator]
            problems.append(Problem("price", f"{shown(price)} is not a price; use a number below "
                                             f"{MAX_PRICE:,} with at most 4 decimals"))
    elif price is not None:
        _check(problems, "price", line_problem(price, limit=100))
    currency = event.currency
    if currency is not None and not (isinstance(currency, str) and _CURRENCY.fullmatch(currency)):
        problems.append(Problem("currency", f"{shown(currency)} is not a three-letter ISO currency code"))
    if event.free and isinstance(price, Decimal) and price > 0:
        problems.append(Problem("free", f"the event says free: true but also price: {price}; keep one"))
    return problems


def _time_problems(event: Any) -> list[Problem]:
    problems: list[Problem] = []
    zone = event.timezone
    if zone is not None:
        if not isinstance(zone, str):
            problems.append(Problem("timezone", f"must be text, not {type_name(zone)}"))
        else:
            _check(problems, "timezone", timezone_problem(zone))
    start, end = event.start, event.end
    if start is NOT_GIVEN:
        return problems
    start_ok = _moment_ok(problems, "start", start, event.all_day)
    if event.previous_start is not None:
        _moment_ok(problems, "previous_start", event.previous_start, event.all_day)
    if end is None:
        return problems
    end_ok = _moment_ok(problems, "end", end, event.all_day)
    if start_ok and end_ok and end < start:
        problems.append(Problem("end", f"{end.isoformat()} is before start {start.isoformat()}"))
    return problems


def _moment_ok(problems: list[Problem], path: str, value: object, all_day: bool) -> bool:
    out_of_range = year_problem(value) if isinstance(value, date) else None
    if out_of_range:
        problems.append(Problem(path, out_of_range))
        return False
    if all_day:
        if isinstance(value, datetime) or not isinstance(value, date):
            problems.append(Problem(path, "an all-day event takes a date like 2027-01-16, not a time"))
            return False
        return True
    if not isinstance(value, datetime):
        problems.append(Problem(path, f"must be a date and time, not {type_name(value)}"))
        return False
    if value.utcoffset() is None:
        problems.append(Problem(path, "has no time zone; give 'timezone' or an offset"))
        return False
    gap = nonexistent_time_problem(value)
    if gap:
        problems.append(Problem(path, gap))
        return False
    return True


def nonexistent_time_problem(value: datetime) -> str | None:
    """A local time skipped by a clock change (02:30 on a spring-forward night) does not exist."""
    if irregularity(value) != "skipped":
        return None
    wall = value.replace(tzinfo=None)
    zone = getattr(value.tzinfo, "key", value.tzname())
    return (f"{wall.isoformat(timespec='minutes')} does not exist in {zone}: "
            "the clocks skip it; pick a time outside the change")


def rrule_problem(value: object) -> str | None:
    """What is wrong with an RFC 5545 RECUR value (``_recurrence.parse_rule`` reads it), or None."""
    problem = line_problem(value, limit=1000)
    if problem or not isinstance(value, str):
        return problem
    from radical_social.event.recurrence import RuleError, parse_rule

    try:
        parse_rule(value)
    except RuleError as exc:
        return str(exc)
    return None
