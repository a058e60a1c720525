"""The facts of an event in words, as a native speaker writes them: when, price, places, repeats.

Five languages have wording (``wording.SUPPORTED``); any other falls back to English. Names of days
and months, number and currency formats and date orders come from Babel's CLDR data, in the region
the event's language tag names (``en-US`` writes ``Saturday, January 16``; ``en-GB`` writes
``Saturday 16 January``). The connecting grammar (``ore``, ``de … à …``, ``jeden ersten Samstag``)
and the fixed ``Phrases`` are data, in ``radical_social/text/languages/<lang>.json`` (see ``wording``).

Babel and the wording load on first use, so importing this module stays light; compiled patterns
and formatted pieces are cached per locale, because templates call these functions for every event
and channel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from radical_social.text.wording import resolve_language, table, wording

if TYPE_CHECKING:
    from babel import Locale
    from babel.dates import DateTimePattern
    from babel.numbers import NumberPattern

    from radical_social.event.model import Event

_DEFAULT_LOCALES = {"en": "en_001"}
"""English without a region: CLDR's international English (day before month, 12-hour clock)."""

YEAR_HIDDEN_AFTER = timedelta(days=304)
"""Dates up to about ten months after ``today`` are written without their year…"""
YEAR_HIDDEN_BEFORE = timedelta(days=31)
"""…and so are dates of the past month, which a thank-you post mentions."""

_NIGHT_ENDS = time(6, 0)
"""An event ending by this time on the next day is one evening (``22:00–02:00``), not two days."""

_REGION = re.compile(r"[A-Za-z]{2}|\d{3}")
_QUOTED = re.compile(r"'[^']*'")
_WEEKDAY = re.compile(r"E+")
_DAY = re.compile(r"(?<![d'])d(?!d)")
_MONTH_AFTER_DAY = re.compile(r"(.*\bd\.?)[^A-Za-z']*(?:'[^']*'\s*)?M{3,5}\.?")
_DECIMALS = re.compile(r"\.0+")
_POSITIONS = frozenset([1, 2, 3, 4, -1])
"""BYDAY positions with words: first to fourth, and last."""


# --- languages and locales ---------------------------------------------------------------------


@lru_cache(maxsize=256)
def locale_for(tag: str) -> str:
    """The Babel locale for a tag: ``en-GB`` → ``en_GB``, ``it-CH`` → ``it_CH``, ``xx`` → ``en_001``."""
    from babel import localedata

    base, fell_back = resolve_language(tag)
    region = None if fell_back else _region(tag)
    if region and localedata.exists(f"{base}_{region}"):
        return f"{base}_{region}"
    return _DEFAULT_LOCALES.get(base, base)


def _region(tag: str) -> str | None:
    for subtag in tag.replace("_", "-").split("-")[1:]:
        if _REGION.fullmatch(subtag):
            return subtag.upper()
    return None


@lru_cache(maxsize=64)
def _locale(locale_id: str) -> Locale:
    from babel import Locale

    return Locale.parse(locale_id)


@lru_cache(maxsize=64)
def _grammar(locale_id: str) -> _Grammar:
    """The grammar of a locale's language, from its wording file (``grammar``)."""
    data = wording(locale_id.split("_", 1)[0])["grammar"]
    return _Grammar(**{
        **data,
        **{name: tuple(data[name]) for name in ("places", "weekly_day", "articles")},
        "clock": tuple(data["clock"]) if data["clock"] else None,
        "every": {freq: tuple(forms) for freq, forms in data["every"].items()},
        "ordinals": {int(position): tuple(forms) for position, forms in data["ordinals"].items()},
        "numbers": {int(value): word for value, word in data["numbers"].items()},
        "feminine_days": frozenset(data["feminine_days"]),
    })


def upper_first(text: str) -> str:
    """``sabato 16 gennaio`` → ``Sabato 16 gennaio`` at the start of a line (jinja's ``capitalize``
    would also lower ``January``)."""
    return text[:1].upper() + text[1:]


# --- when ----------------------------------------------------------------------------------------


def when(event: Event, *, short: bool = False, today: date | None = None, with_year: bool = False) -> str:
    """The date and time in words, in the event's language and zone.

    ``sabato 16 gennaio, ore 18:00–20:30``; ``short`` gives ``sab 16 gen, 18:00`` (start only, or
    the dates of a multi-day event). An event that does not say when it ends shows its start only.
    The year is written when ``with_year`` (on a page, which stays online), else only when ``today``
    is given and the event is not within the next ten months (or the past month) of it.
    """
    locale_id = locale_for(event.language)
    start = _local(event, event.start)
    end = start if event.end is None else _local(event, event.end)
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        year = with_year or _show_year(start, today)
        if start == end:
            return _date(locale_id, start, _skeleton(short, year), not short, True)
        return _date_span(locale_id, start, end, short, year)
    year = with_year or _show_year(start.date(), today)
    if not _same_day(start, end):
        if short:
            return _date_span(locale_id, start.date(), end.date(), short, year)
        return _datetime_span(locale_id, start, end, year)
    day = _date(locale_id, start.date(), _skeleton(short, year), not short, True)
    if short:
        return f"{day}, {_clock(locale_id, start.time())}"
    if end == start:
        return _grammar(locale_id).at_time.format(date=day, time=_clock(locale_id, start.time()))
    first, last = _time_span(locale_id, start.time(), end.time())
    return _grammar(locale_id).at_span.format(date=day, start=first, end=last)


def moment(at: datetime, language: str, *, today: date | None = None) -> str:
    """``sab 26 dic, 10:00``: one moment (of a posting plan, say), short, as the language writes it."""
    locale_id = locale_for(language)
    day = _date(locale_id, at.date(), _skeleton(True, _show_year(at.date(), today)), False, True)
    return f"{day}, {_clock(locale_id, at.time())}"


def _local(event: Event, moment: date) -> date:
    """A moment on the clocks of the event's zone (a date stays a date)."""
    if not isinstance(moment, datetime) or not isinstance(event.start, datetime):
        return moment
    return moment.astimezone(event.zone)


def _show_year(day: date, today: date | None) -> bool:
    return today is not None and not today - YEAR_HIDDEN_BEFORE <= day <= today + YEAR_HIDDEN_AFTER


def _same_day(start: datetime, end: datetime) -> bool:
    days = (end.date() - start.date()).days
    overnight = days == 1 and end.time() <= _NIGHT_ENDS and end.time() < start.time()
    return days == 0 or overnight


def _skeleton(short: bool, year: bool) -> str:
    return ("y" if year else "") + ("MMMEd" if short else "MMMMEd")


def _date_span(locale_id: str, first: date, last: date, short: bool, year: bool) -> str:
    """``da venerdì 4 a domenica 6 giugno``: the first date drops what it shares with the last."""
    first_year = year and first.year != last.year
    first_month = first_year or (first.year, first.month) != (last.year, last.month)
    return _grammar(locale_id).date_span.format(
        a=_date(locale_id, first, _skeleton(short, first_year), not short, first_month),
        b=_date(locale_id, last, _skeleton(short, year), not short, True),
    )


def _datetime_span(locale_id: str, start: datetime, end: datetime, year: bool) -> str:
    """``venerdì 4 giugno, ore 18:00 – domenica 6 giugno, ore 12:00``."""
    grammar = _grammar(locale_id)
    first_year = year and start.year != end.year
    return grammar.datetime_span.format(
        a=grammar.at_time.format(
            date=_date(locale_id, start.date(), _skeleton(False, first_year), True, True),
            time=_clock(locale_id, start.time()),
        ),
        b=grammar.at_time.format(
            date=_date(locale_id, end.date(), _skeleton(False, year), True, True),
            time=_clock(locale_id, end.time()),
        ),
    )


@lru_cache(maxsize=16384)
def _date(locale_id: str, day: date, skeleton: str, wide: bool, month: bool) -> str:
    """One date through a CLDR skeleton; ``wide`` spells the weekday out, ``month=False`` drops
    a trailing month (``venerdì 4``) where the locale puts it last."""
    pattern = _date_pattern(locale_id, skeleton, wide, month, day.day == 1)
    return pattern.apply(day, _locale(locale_id))


@lru_cache(maxsize=256)
def _date_pattern(locale_id: str, skeleton: str, wide: bool, month: bool, first: bool) -> DateTimePattern:
    from babel.dates import parse_pattern

    grammar = _grammar(locale_id)
    text = _locale(locale_id).datetime_skeletons[skeleton].pattern
    if wide:
        text = _WEEKDAY.sub("EEEE", text)
    if not grammar.weekday_comma:
        text = text.replace("E, d", "E d")
    stripped = _MONTH_AFTER_DAY.fullmatch(text)
    if not month and stripped:
        text = stripped.group(1)
    if first and grammar.first_day:
        text = _DAY.sub(f"d'{grammar.first_day}'", text)
    return parse_pattern(text)


@lru_cache(maxsize=4096)
def _clock(locale_id: str, moment: time) -> str:
    """``18:00``, ``6:00 pm``, ``18 h 30``: a time of day as the locale writes it."""
    from babel.dates import parse_pattern

    clock = _grammar(locale_id).clock
    if clock:
        pattern = parse_pattern(clock[0] if moment.minute == 0 else clock[1])
    else:
        pattern = _locale(locale_id).time_formats["short"]
    return pattern.apply(moment, _locale(locale_id))


@lru_cache(maxsize=16384)
def _time_span(locale_id: str, start: time, end: time) -> tuple[str, str]:
    """The two halves of ``18:00–20:30`` / ``6:00 – 8:30 pm``, per CLDR's interval formats."""
    if _grammar(locale_id).clock:
        return _clock(locale_id, start), _clock(locale_id, end)
    locale = _locale(locale_id)
    twelve_hour = "h" in _QUOTED.sub("", locale.time_formats["short"].pattern)
    if twelve_hour and (start.hour < 12) != (end.hour < 12):
        field = "a"
    elif start.hour != end.hour:
        field = "h" if twelve_hour else "H"
    else:
        field = "m"
    first, last = _interval_patterns(locale_id, "hm" if twelve_hour else "Hm", field)
    return first.apply(start, locale), last.apply(end, locale)


@lru_cache(maxsize=64)
def _interval_patterns(locale_id: str, skeleton: str, field: str) -> tuple[DateTimePattern, DateTimePattern]:
    from babel.dates import parse_pattern

    first, last = _locale(locale_id).interval_formats[skeleton][field]
    return parse_pattern(first), parse_pattern(last)


# --- price and capacity ----------------------------------------------------------------------------


def price(event: Event) -> str | None:
    """``35 €``, ``€35``, ``Ingresso libero``; a text price as written; None when unknown.

    Free events with a capacity say "free of charge" (``Gratuito``), not "walk in" (``Ingresso libero``),
    since their places run out; in a word that fits events one does not enter too (a trail clean-up).
    """
    if isinstance(event.price, str):
        return event.price
    if event.is_free:
        words = phrases(event.language)
        return words.free_of_charge if event.capacity else words.free
    if event.price is None:
        return None
    return _money(locale_for(event.language), event.price, event.effective_currency)


def _money(locale_id: str, amount: Decimal, currency: str) -> str:
    whole = amount == amount.to_integral_value()
    pattern = _currency_pattern(locale_id, whole)
    return str(pattern.apply(amount, _locale(locale_id), currency=currency, currency_digits=not whole))


@lru_cache(maxsize=64)
def _currency_pattern(locale_id: str, whole: bool) -> NumberPattern:
    """The locale's currency pattern; without its decimals for whole amounts (``35 €``)."""
    from babel.numbers import parse_pattern

    pattern = _locale(locale_id).currency_formats["standard"]
    return parse_pattern(_DECIMALS.sub("", pattern.pattern)) if whole else pattern


def number(value: int, language: str) -> str:
    """``1.406`` in Italian, ``1,406`` in English: a whole number as the language writes it."""
    locale_id = locale_for(language)
    return str(_locale(locale_id).decimal_formats[None].apply(value, _locale(locale_id)))


def booking(event: Event) -> str | None:
    """``Prenotazione obbligatoria``, ``Booking recommended``; None when people just come."""
    if event.booking == "none":
        return None
    words = phrases(event.language)
    return words.booking_required if event.booking == "required" else words.booking_recommended


def capacity(event: Event) -> str | None:
    """``12 posti``, ``1 posto``, ``1.200 Plätze``; None when the event gives no capacity."""
    if event.capacity is None:
        return None
    one, many = _grammar(locale_for(event.language)).places
    return f"{number(event.capacity, event.language)} {one if event.capacity == 1 else many}"


# --- recurrence ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    """The parts of an RRULE that ``recurrence`` can put in words."""

    freq: str
    interval: int
    days: tuple[int, ...]
    nth: int | None
    month_day: int | None
    until: date | None
    """A date, or a datetime (aware when the rule said UTC)."""
    count: int | None


def recurrence(event: Event) -> str | None:
    """How often the event repeats, in words: ``ogni martedì e giovedì``, ``every first Saturday of
    the month until 30 June``; None when there is no rule or it is too intricate to say simply."""
    if event.rrule is None:
        return None
    rule = _parse_rule(event.rrule)
    if rule is None or rule.count == 1:
        return None
    locale_id = locale_for(event.language)
    grammar = _grammar(locale_id)
    start = _local(event, event.start)
    text = _repeat(locale_id, grammar, rule, start)
    if text is None:
        return None
    if rule.until is not None:
        return _until(locale_id, grammar, text, _last_day(event, rule.until), start)
    if rule.count is not None:
        span = rule.interval == 1 and (rule.freq != "WEEKLY" or len(rule.days) <= 1)
        template = grammar.count_span[rule.freq] if span else grammar.count_times
        return template.format(rule=text, n=rule.count)
    return text


def skipped(event: Event, days: Iterable[date]) -> str | None:
    """The dates a repeating event skips, in words, with their year: ``tranne martedì 12 gennaio 2027 e
    martedì 19 gennaio 2027``; None for none."""
    from babel.lists import format_list

    locale_id = locale_for(event.language)
    grammar = _grammar(locale_id)
    shown = [grammar.skipped_day.format(date=_date(locale_id, day, _skeleton(False, True), True, True))
             for day in sorted(set(days))]
    return grammar.skipped.format(dates=format_list(shown, locale=locale_id)) if shown else None


def _repeat(locale_id: str, grammar: _Grammar, rule: _Rule, start: date) -> str | None:
    if rule.freq == "MONTHLY":
        return _monthly(locale_id, grammar, rule, start)
    one, many = grammar.every[rule.freq]
    n = grammar.numbers.get(rule.interval, str(rule.interval))
    if rule.freq == "WEEKLY":
        template, form = (one, grammar.weekly_day[0]) if rule.interval == 1 else (many, grammar.weekly_day[1])
        return template.format(n=n, days=_days(locale_id, grammar, rule.days or (start.weekday(),), form))
    return one if rule.interval == 1 else many.format(n=n)


def _monthly(locale_id: str, grammar: _Grammar, rule: _Rule, start: date) -> str | None:
    """``ogni primo sabato del mese``, ``il 5 di ogni mese``; None every few months."""
    if rule.interval != 1:
        return None
    if rule.nth is not None:
        index = rule.days[0]
        masculine, feminine = grammar.ordinals[rule.nth]
        ordinal = feminine if index in grammar.feminine_days else masculine
        return grammar.nth.format(ordinal=ordinal, name=_day_name(locale_id, index))
    day = rule.month_day or start.day
    return grammar.month_day.format(day=table(grammar.day, day).format(d=day))


def _days(locale_id: str, grammar: _Grammar, days: tuple[int, ...], form: str) -> str:
    """``martedì e giovedì``, ``il sabato e la domenica``, ``dienstags und donnerstags``."""
    from babel.lists import format_list

    words = []
    for index in days:
        name = _day_name(locale_id, index)
        article = grammar.articles[1 if index in grammar.feminine_days else 0]
        plural = name if name.endswith("s") else f"{name}s"
        words.append(form.format(name=name, plural=plural, adverb=f"{name.lower()}s", article=article))
    return format_list(words, locale=_locale(locale_id))


def _day_name(locale_id: str, index: int) -> str:
    return str(_locale(locale_id).days["format"]["wide"][index])


def _until(locale_id: str, grammar: _Grammar, text: str, last: date, start: date) -> str:
    """``ogni martedì fino al 30 giugno``; the year is written when it differs from the start's."""
    skeleton = "MMMMd" if last.year == start.year else "yMMMMd"
    return table(grammar.until, last.day).format(rule=text, date=_date(locale_id, last, skeleton, False, True))


def _last_day(event: Event, until: date) -> date:
    """The last day as seen in the event's zone, where a UTC ``UNTIL`` may fall on another day."""
    if isinstance(until, datetime) and until.tzinfo is not None:
        until = _local(event, until)
    return until.date() if isinstance(until, datetime) else until


@lru_cache(maxsize=1024)
def _parse_rule(text: str) -> _Rule | None:
    """The RRULE's parts, or None when it uses parts or values ``recurrence`` does not phrase."""
    from radical_social.event.recurrence import RuleError, parse_rule

    try:
        rule = parse_rule(text)
    except RuleError:
        return None
    numbers = dict(rule.numbers)
    if not numbers.keys() <= {"BYMONTHDAY", "BYSETPOS"} or any(len(values) != 1 for values in numbers.values()):
        return None
    positions = {position for position, _ in rule.byday}
    if len(positions) > 1 or (positions != {None} and len(rule.byday) > 1):
        return None  # mixed, or several numbered days
    days = tuple(sorted({day for _, day in rule.byday}))
    nth = positions.pop() if positions else None
    month_day, setpos = (numbers.get(name, (None,))[0] for name in ("BYMONTHDAY", "BYSETPOS"))
    return _checked_rule(rule.freq, rule.interval, days, nth, setpos, month_day, rule.until, rule.count)


def _checked_rule(
    freq: str,
    interval: int,
    days: tuple[int, ...],
    nth: int | None,
    setpos: int | None,
    month_day: int | None,
    until: date | None,
    count: int | None,
) -> _Rule | None:
    """Keep only the shapes with words: weekly on days, monthly by nth weekday or by day."""
    if setpos is not None:
        if nth is not None or len(days) != 1:
            return None
        nth = setpos
    if freq in ("DAILY", "YEARLY"):
        simple = not days and month_day is None and nth is None
    elif freq == "WEEKLY":
        simple = month_day is None and nth is None
    elif freq == "MONTHLY":
        by_nth = nth is not None and month_day is None and nth in _POSITIONS
        by_day = nth is None and not days and (month_day is None or 1 <= month_day <= 31)
        simple = by_nth or by_day
    else:
        simple = False
    return _Rule(freq, interval, days, nth, month_day, until, count) if simple else None


# --- phrases -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrases:
    """Fixed words of the posts, cards and poster (labels and facts, never whole sentences), as
    ``phrases.free`` and so on."""

    free: str
    """Free and open, no ticket: ``Ingresso libero``."""
    free_of_charge: str
    """Free, but places are limited: ``Gratuito`` (not *Ingresso*: a clean-up is not entered)."""
    booking_required: str
    booking_recommended: str
    info: str
    """A label before the link of an event people book: ``Info e prenotazioni``."""
    next_event: str
    """A label before the next date in a thank-you post: ``Prossimo appuntamento``."""
    cancelled: str
    tentative: str
    qr_code: str
    """A card's QR code in its alt text: ``Codice QR per {domain}``."""

    def status(self, status: str) -> str | None:
        """The word a cancelled or tentative event is marked with (``Annullato``); None when it is confirmed."""
        return {"cancelled": self.cancelled, "tentative": self.tentative}.get(status)


def phrases(tag: str) -> Phrases:
    """The fixed words for a language tag (English for unsupported languages)."""
    return _phrases(resolve_language(tag)[0])


@lru_cache(maxsize=8)
def _phrases(language: str) -> Phrases:
    return Phrases(**wording(language)["phrases"])


# --- grammar ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Grammar:
    """How one language joins dates, times and repeats (its wording's ``grammar``); names and numbers
    come from Babel."""

    at_time: str
    """A date and one time: ``{date}, ore {time}``."""
    at_span: str
    """A date and a time range; ``{start}`` carries CLDR's dash, or ``de {start} à {end}``."""
    date_span: str
    datetime_span: str
    places: tuple[str, str]
    every: Mapping[str, tuple[str, str]]
    """Per FREQ: (every one, every ``{n}``); weekly ones take ``{days}``."""
    weekly_day: tuple[str, str]
    """A day in ``{days}``, every week and every ``{n}`` weeks: ``{name}``, ``{plural}``, ``{adverb}``,
    ``{article} {name}``."""
    nth: str
    ordinals: Mapping[int, tuple[str, str]]
    """BYDAY position → (masculine, feminine) ordinal."""
    month_day: str
    day: Mapping[str, str]
    """A day of the month, ``{d}``, with its exceptions: ``1st``, Italian ``l’8``."""
    until: Mapping[str, str]
    """``{rule}`` until ``{date}``, by the last day: Italian elides before *otto*, *undici*."""
    count_span: Mapping[str, str]
    count_times: str
    skipped: str
    """The dates a repeating event skips, ``{dates}``: ``tranne {dates}``."""
    skipped_day: str
    """One of them, ``{date}``: Spanish ``el {date}``, German ``am {date}``."""
    numbers: Mapping[int, str]
    feminine_days: frozenset[int]
    articles: tuple[str, str]
    weekday_comma: bool
    """Keep CLDR's comma between weekday and day (``Samstag, 16. Januar``); English and Spanish
    drop it (``sábado 16 de enero``), which keeps dates with and without a year alike."""
    clock: tuple[str, str] | None
    """Own time patterns (on the hour, with minutes) instead of the locale's ``HH:mm``."""
    first_day: str | None
    """A suffix for the first of the month: French ``1er``."""
