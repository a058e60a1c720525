"""Event-file keys → typed values for ``Event``, collecting every problem on the way.

Values may come from YAML, TOML, JSON, CSV or Python: text stands in for numbers and booleans
(CSV has nothing else), and dates may be ISO 8601 text or ``date``/``datetime`` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from radical_social.errors import EventError, Problem
from radical_social.event import checks as _checks
from radical_social.event import values as _values
from radical_social.event import zones as _zones

if TYPE_CHECKING:
    from pathlib import Path

EVENT_KEYS = (
    "title", "description", "start", "end", "timezone", "all_day", "language", "url", "venue",
    "organizer", "price", "currency", "free", "capacity", "booking", "pitch", "tags", "uid", "sequence", "status",
    "rrule", "exdate", "image", "previous_start",
)
VENUE_KEYS = ("name", "address", "city", "postcode", "country", "lat", "lon")
ORGANIZER_KEYS = ("name", "email", "url")

_TRUE = frozenset({"true", "yes", "1", "sì", "si", "y"})
_FALSE = frozenset({"false", "no", "0", "n", ""})


class _Collector:
    """Problems under one path prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.problems: list[Problem] = []

    def path(self, name: str) -> str:
        return _checks.join_path(self.prefix, name)

    def add(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.path(name), message))


class Model(NamedTuple):
    """The classes of the nested parts, which ``model`` (which reads event files with this module)
    passes in: ``Venue``, ``Organizer``, ``Photo``."""

    venue: type
    organizer: type
    photo: type


def event_values(
    data: object, model: Model, prefix: str = "", folder: Path | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Typed keyword arguments for ``Event`` (its parts built with ``model``'s classes) and the problems
    found while reading ``data``.

    This is the hot path of a feed: keys that are not given cost nothing beyond the one pass of ``_given``.
    """
    found = _Collector(prefix)
    if not _is_mapping(data):
        found.problems.append(Problem(prefix, f"an event must be a mapping of keys, not {_values.type_name(data)}"))
        return {}, found.problems
    if not _EVENT_KEY_SET.issuperset(data):  # not data.keys() <= …: a Mapping's keys() may be a plain list
        _unknown_keys(found, data, EVENT_KEYS)
    given = _given(data)
    values: dict[str, Any] = {}
    for name in ("title", "start"):
        if name not in given:
            found.add(name, "is required")

    given_zone = given.get("timezone")
    zone = None if given_zone is None else _zone(found, given_zone)
    if zone is not None:
        values["timezone"] = given_zone
    start = _moment(found, "start", given["start"]) if "start" in given else None
    end = _moment(found, "end", given["end"]) if "end" in given else None
    all_day = _boolean(found, "all_day", data.get("all_day"))
    if all_day is None:
        all_day = isinstance(start, date) and not isinstance(start, datetime)
    values["all_day"] = all_day
    if isinstance(start, datetime) and not all_day:
        start = _localize(found, "start", start, zone, given_zone)
    if isinstance(end, datetime) and not all_day:
        end = _localize(found, "end", end, zone, given_zone)
    if start is not None:
        values["start"] = start
    if end is not None:
        values["end"] = end
    if "previous_start" in given:
        previous = _moment(found, "previous_start", given["previous_start"])
        if isinstance(previous, datetime) and not all_day:
            previous = _localize(found, "previous_start", previous, zone, given_zone)
        _set(values, "previous_start", previous)

    for name in ("title", "url", "uid", "rrule", "pitch"):
        if name in given:
            value = given[name]
            values[name] = value.strip() if isinstance(value, str) else value
    description = data.get("description")
    if isinstance(description, str):
        values["description"] = description.replace("\r\n", "\n").replace("\r", "\n").strip()
    elif description is not None:
        values["description"] = description
    if "currency" in given:
        currency = given["currency"]
        values["currency"] = currency.strip().upper() if isinstance(currency, str) else currency
    if "language" in given:
        values["language"] = _language_tag(given["language"])
    for name in ("status", "booking"):
        if name in given:
            word = given[name]
            values[name] = word.strip().lower() if isinstance(word, str) else word
    _set(values, "free", _boolean(found, "free", data.get("free")))
    for name in ("capacity", "sequence"):
        if name in given:
            _set(values, name, _whole(found, name, given[name]))
    if "price" in given:
        _set(values, "price", _price(found, given["price"]))
    if "tags" in given:
        _set(values, "tags", _tags(found, given["tags"]))
    if given.get("exdate") not in (None, []):
        values["exdates"] = _exdates(found, given["exdate"], all_day, zone, given_zone)
    for name, build, cls in (("venue", _venue, model.venue), ("organizer", _organizer, model.organizer)):
        if name in given:
            _set(values, name, _part(found, name, given[name], build, cls, shared=True))
    if "image" in given:
        _set(values, "image", _part(found, "image", given["image"],
                                    lambda part, image, photo: _photo(part, image, photo, folder), model.photo))
    return values, found.problems


def _is_mapping(value: object) -> TypeGuard[Mapping[Any, Any]]:
    """``isinstance(value, Mapping)``, quick for the dicts that files give."""
    return type(value) is dict or isinstance(value, Mapping)


_EVENT_KEY_SET = frozenset(EVENT_KEYS)


def _given(data: Mapping[Any, Any]) -> dict[Any, Any]:
    """The keys that have a value: not None and not blank text (one pass; this is the hot path of a feed)."""
    return {key: value for key, value in data.items()
            if value is not None and not (isinstance(value, str) and not value.strip())}


def _absent(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _set(values: dict[str, Any], name: str, value: object) -> None:
    if value is not None:
        values[name] = value


def _unknown_keys(found: _Collector, data: Mapping[Any, Any], known: tuple[str, ...]) -> None:
    for key in data:
        if key not in known:
            name = key if isinstance(key, str) and len(key) <= _values.SHOWN else _values.shown(key)
            hint = _values.suggest(name, known)
            found.add(name, "is not a known key" + (f" (did you mean {hint!r}?)" if hint else ""))


def _zone(found: _Collector, value: object) -> Any:
    """The zone of a given ``timezone`` value, or None with its problem."""
    if not isinstance(value, str):
        found.add("timezone", f"must be an IANA time zone name like 'Europe/Rome', not {_values.type_name(value)}")
        return None
    try:
        return _zones.zone_info(value)
    except (LookupError, ValueError):
        found.add("timezone", _checks.unknown_zone(value))
        return None


def _moment(found: _Collector, name: str, value: object) -> datetime | date | None:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            moment = date.fromisoformat(text) if len(text) == 10 else iso_datetime(text)
        except ValueError:
            found.add(name, f"{_values.shown(value)} is not a date like 2027-01-16 or a date and time like "
                            "2027-01-16T18:00")
            return None
    elif isinstance(value, date):  # a datetime is a date too
        moment = value
    elif value is None:
        return None
    else:
        found.add(name, f"must be a date like 2027-01-16 or 2027-01-16T18:00, not {_values.type_name(value)}")
        return None
    problem = _values.year_problem(moment)
    if problem:
        found.add(name, problem)
        return None
    return moment


def iso_datetime(text: str) -> datetime:
    """``datetime.fromisoformat`` that also takes a trailing ``Z`` (Python 3.10 does not)."""
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)


def _localize(found: _Collector, name: str, moment: datetime, zone: Any, given_zone: object) -> datetime | None:
    if moment.utcoffset() is not None:
        return moment.astimezone(zone) if zone is not None else moment
    if zone is not None:
        return moment.replace(tzinfo=zone)
    if _absent(given_zone):
        found.add("timezone", f"is required: {name} {moment.isoformat(timespec='minutes')} has no UTC offset "
                              "(give e.g. timezone: Europe/Rome)")
    return None


def _exdates(
    found: _Collector, value: object, all_day: bool, zone: Any, given_zone: object
) -> tuple[datetime | date, ...]:
    """``exdate``: one moment or a list (or comma-separated text), read like ``start``."""
    items = value.split(",") if isinstance(value, str) else value if isinstance(value, (list, tuple)) else [value]
    moments: list[datetime | date] = []
    for index, item in enumerate(items):
        moment = _moment(found, f"exdate[{index}]", item)
        if isinstance(moment, datetime) and not all_day:
            moment = _localize(found, f"exdate[{index}]", moment, zone, given_zone)
        if moment is not None:
            moments.append(moment)
    return tuple(moments)


def _boolean(found: _Collector, name: str, value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    found.add(name, f"must be true or false, not {_values.shown(value)}")
    return None


def _whole(found: _Collector, name: str, value: object) -> int | None:
    """A whole number, from a number or from digits 0-9 (not ² or ٣, which ``isdigit`` also takes)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit():
        if len(text) > _MAX_DIGITS:
            found.add(name, f"{_values.shown(text)} is too large ({len(text)} digits)")
            return None
        return int(text)
    found.add(name, f"must be a whole number, not {_values.shown(value)}")
    return None


_MAX_DIGITS = 18
"""Digits of a whole number read from text; more is no count of places, nor a SEQUENCE."""


def _number(found: _Collector, name: str, value: object) -> float | None:
    if _absent(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) + 0.0  # + 0.0 turns -0.0 into 0.0
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", ".")) + 0.0
        except ValueError:
            pass
    found.add(name, f"must be a number, not {_values.shown(value)}")
    return None


def _price(found: _Collector, value: object) -> Decimal | str | None:
    """A number, or words (``offerta libera``); a list or a mapping is neither."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and value.bit_length() > 100:
        found.add("price", f"{_values.shown(value)} is not a price")
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    if not isinstance(value, (str, date)):
        found.add("price", f"must be a number or a few words, not {_values.type_name(value)}")
        return None
    text = str(value).strip()
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return text
    return number if number.is_finite() else text


def _tags(found: _Collector, value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return tuple(tag.strip() for tag in value.split(",") if tag.strip())
    if isinstance(value, (list, tuple)):
        try:
            return tuple(map(str.strip, value))
        except TypeError:  # not all text: the checks say which
            return tuple(tag.strip() if isinstance(tag, str) else tag for tag in value)
    found.add("tags", f"must be a list of words, not {_values.type_name(value)}")
    return None


def _language_tag(value: object) -> object:
    """A language tag in its usual case; anything but text is left for the checks."""
    return _normalized_tag(value) if isinstance(value, str) else value


@lru_cache(maxsize=64)
def _normalized_tag(value: str) -> str:
    """``it-it`` → ``it-IT``, ``zh-hant-tw`` → ``zh-Hant-TW`` (a feed has few: each is read once)."""
    subtags = value.strip().replace("_", "-").split("-")
    fixed = [subtags[0].lower()]
    for subtag in subtags[1:]:
        if len(subtag) == 2 and subtag.isalpha():
            fixed.append(subtag.upper())
        elif len(subtag) == 4 and subtag.isalpha():
            fixed.append(subtag.title())
        else:
            fixed.append(subtag.lower())
    return "-".join(fixed)


def _part(found: _Collector, name: str, value: object, build: _Builder, cls: type, *, shared: bool = False) -> Any:
    """A nested part (venue, organizer, image) of class ``cls`` built by ``build``; ``shared`` parts are read
    once per distinct mapping, as the events of a feed share a few venues and organizers."""
    if isinstance(value, str) and name in _SHORT_FORMS:
        value = {_SHORT_FORMS[name]: value}
    if not _is_mapping(value):
        found.add(name, f"must be a mapping of keys, not {_values.type_name(value)}")
        return None
    if shared and _KNOWN_KEYS[name].issuperset(value):  # so every key is text, and equal keys are the same
        try:
            result, problems = _shared_part(build, cls, tuple(value.items()), tuple(map(type, value.values())))
        except TypeError:  # a list or mapping inside: not hashable, and wrong anyway
            pass
        else:
            if problems:
                found.problems += _checks.prefixed(problems, found.path(name))
            return result
    part = _Collector(found.path(name))
    result = build(part, value, cls)
    found.problems += part.problems
    return result


_Builder = Callable[[_Collector, Mapping[str, Any], type], Any]
_KNOWN_KEYS = {"venue": frozenset(VENUE_KEYS), "organizer": frozenset(ORGANIZER_KEYS)}


@lru_cache(maxsize=256)
def _shared_part(
    build: _Builder, cls: type, items: tuple[tuple[str, Any], ...], types: tuple[type, ...]
) -> tuple[Any, tuple[Problem, ...]]:
    """What ``build`` makes of a mapping given as ``items``, with its problems (paths relative to the part).

    ``types`` are the values' types, so that ``1`` and ``True`` (equal in Python) stay apart;
    ``-0.0`` and ``0.0`` may share an entry, as ``_number`` reads both as ``0.0``.
    """
    part = _Collector("")
    result = build(part, dict(items), cls)
    return result, tuple(part.problems)


_SHORT_FORMS = {"venue": "name", "image": "path"}
"""Parts that may be given as one text: ``venue: Bottega Sartori``, ``image: photo.jpg``."""


def _photo(found: _Collector, data: Mapping[str, Any], photo: type, folder: Path | None) -> Any:
    from pathlib import Path

    _unknown_keys(found, data, ("path", "focal"))
    path = data.get("path")
    if not isinstance(path, str) or not path.strip():
        found.add("path", "is required: the file of a photo you took")
        return None
    try:
        full = (folder or Path()) / Path(path.strip()).expanduser()
    except RuntimeError:  # ~name of a user this machine does not have
        found.add("path", f"{path.strip().split('/')[0]!r} is not a user's home folder here; give the photo's path")
        return None
    focal = data.get("focal", (0.5, 0.5))
    focal = tuple(focal) if isinstance(focal, (list, tuple)) else focal
    reported = {problem.path for problem in found.problems}
    checked = _checks.photo_problems(partial(photo, {"path": full, "focal": focal}))
    for problem in _checks.prefixed(checked, found.prefix):
        if problem.path not in reported:
            found.problems.append(problem)
    return None if found.problems else photo(path=full, focal=focal)


def _venue(found: _Collector, data: Mapping[str, Any], venue: type) -> Any:
    _unknown_keys(found, data, VENUE_KEYS)
    values = {key: _stripped(data.get(key)) for key in ("name", "address", "city", "postcode")}
    if isinstance(data.get("country"), str):
        values["country"] = data["country"].strip().upper()
    else:
        values["country"] = data.get("country")
    values["lat"] = _number(found, "lat", data.get("lat"))
    values["lon"] = _number(found, "lon", data.get("lon"))
    return _build(found, venue, values, _checks.venue_problems)


def _organizer(found: _Collector, data: Mapping[str, Any], organizer: type) -> Any:
    _unknown_keys(found, data, ORGANIZER_KEYS)
    values = {key: _stripped(data.get(key)) for key in ORGANIZER_KEYS}
    return _build(found, organizer, values, _checks.organizer_problems)


def _stripped(value: object) -> object:
    if _absent(value):
        return None
    return value.strip() if isinstance(value, str) else value


def _build(found: _Collector, cls: Any, values: dict[str, Any], checks: Callable[[Any], list[Problem]]) -> Any:
    """Build ``cls`` from ``values``, or add its problems to those already found."""
    present = {key: value for key, value in values.items() if value is not None}
    if present.get("name") is None:
        found.add("name", "is required")
    if not found.problems:  # the constructor runs the checks itself
        try:
            return cls(**present)
        except EventError as exc:
            found.problems += _checks.prefixed(exc.problems, found.prefix)
            return None
    reported = {problem.path for problem in found.problems}
    for problem in _checks.prefixed(checks(partial(cls, present)), found.prefix):
        if problem.path not in reported:
            found.problems.append(problem)
    return None


def partial(cls: type, values: Mapping[str, Any]) -> SimpleNamespace:
    """The values read so far for ``cls``, with its defaults, as the checks read them: a field that is
    required and not given is ``_checks.NOT_GIVEN``."""
    defaults = {field.name: _checks.NOT_GIVEN if field.default is MISSING else field.default for field in fields(cls)}
    return SimpleNamespace(**{**defaults, **values})
