"""Event facts in words: exact, native wording in Italian, English, Spanish, French and German."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from radical_social import Event
from radical_social.event.checks import rrule_problem
from radical_social.text.wording import SUPPORTED, resolve_language
from radical_social.text.words import (
    Phrases,
    capacity,
    locale_for,
    phrases,
    price,
    recurrence,
    upper_first,
    when,
)

ROME = ZoneInfo("Europe/Rome")
NBSP = "\u00a0"  # French "18 h 30", "35 €"
NNBSP = "\u202f"  # CLDR: before "pm"; French before "!"
THIN = "\u2009"  # CLDR: around the dash of an English time range


def in_language(event: Event, language: str, **changes: Any) -> Event:
    return dataclasses.replace(event, language=language, **changes)


def timed(language: str, start: datetime, end: datetime, **extra: Any) -> Event:
    return Event(title="Serata", start=start, end=end, timezone="Europe/Rome", language=language, **extra)


def all_day(language: str, first: date, last: date) -> Event:
    return Event(title="Festa", start=first, end=last, all_day=True, language=language)


# --- languages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("it", ("it", False)),
        ("it-CH", ("it", False)),
        ("en-GB", ("en", False)),
        ("DE_at", ("de", False)),
        ("xx", ("en", True)),
        ("pt-BR", ("en", True)),
    ],
)
def test_languages_resolve_to_a_supported_base(tag: str, expected: tuple[str, bool]) -> None:
    assert resolve_language(tag) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-GB", "en_GB"),
        ("en-US", "en_US"),
        ("it-CH", "it_CH"),
        ("es-419", "es_419"),
        ("de", "de"),
        ("en", "en_001"),
        ("de-ZZ", "de"),
        ("xx", "en_001"),
        ("xx-GB", "en_001"),
    ],
)
def test_locale_keeps_a_region_babel_knows(tag: str, expected: str) -> None:
    assert locale_for(tag) == expected


def test_importing_words_does_not_load_babel() -> None:
    code = "import sys, radical_social.text.words; assert 'babel' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# --- when ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("it", "sabato 16 gennaio, ore 18:00–20:30", "sab 16 gen, 18:00"),
        ("en", f"Saturday 16 January, 6:00{THIN}–{THIN}8:30{NNBSP}pm", f"Sat 16 Jan, 6:00{NNBSP}pm"),
        ("en-GB", "Saturday 16 January, 18:00–20:30", "Sat 16 Jan, 18:00"),
        ("en-US", f"Saturday, January 16, 6:00{THIN}–{THIN}8:30{NNBSP}PM", f"Sat, Jan 16, 6:00{NNBSP}PM"),
        ("es", "sábado 16 de enero, 18:00–20:30", "sáb 16 ene, 18:00"),
        ("fr", f"samedi 16 janvier, de 18{NBSP}h à 20{NBSP}h{NBSP}30", f"sam. 16 janv., 18{NBSP}h"),
        ("de", "Samstag, 16. Januar, 18:00–20:30 Uhr", "Sa., 16. Jan., 18:00"),
        ("de-AT", "Samstag, 16. Jänner, 18:00–20:30 Uhr", "Sa., 16. Jän., 18:00"),
        ("xx", f"Saturday 16 January, 6:00{THIN}–{THIN}8:30{NNBSP}pm", f"Sat 16 Jan, 6:00{NNBSP}pm"),
    ],
)
def test_the_example_workshop_in_every_language(event: Event, language: str, long: str, short: str) -> None:
    assert when(in_language(event, language)) == long
    assert when(in_language(event, language), short=True) == short


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "sabato 16 gennaio, ore 18:00"),
        ("en", f"Saturday 16 January, 6:00{NNBSP}pm"),
        ("es", "sábado 16 de enero, 18:00"),
        ("fr", f"samedi 16 janvier à 18{NBSP}h"),
        ("de", "Samstag, 16. Januar, 18:00 Uhr"),
    ],
)
def test_an_event_without_length_shows_one_time(event: Event, language: str, expected: str) -> None:
    assert when(in_language(event, language, end=event.start)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "martedì 1 giugno, ore 09:30–12:00"),
        ("en-US", f"Tuesday, June 1, 9:30{NNBSP}AM{THIN}–{THIN}12:00{NNBSP}PM"),
        ("es", "martes 1 de junio, 9:30–12:00"),
        ("fr", f"mardi 1er juin, de 9{NBSP}h{NBSP}30 à 12{NBSP}h"),
        ("de", "Dienstag, 1. Juni, 09:30–12:00 Uhr"),
    ],
)
def test_a_morning_on_the_first_of_the_month(language: str, expected: str) -> None:
    event = timed(language, datetime(2027, 6, 1, 9, 30, tzinfo=ROME), datetime(2027, 6, 1, 12, 0, tzinfo=ROME))
    assert when(event) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("it", "sabato 16 gennaio, ore 22:00–02:00"),
        ("en", f"Saturday 16 January, 10:00{NNBSP}pm{THIN}–{THIN}2:00{NNBSP}am"),
        ("es", "sábado 16 de enero, 22:00–2:00"),
        ("fr", f"samedi 16 janvier, de 22{NBSP}h à 2{NBSP}h"),
        ("de", "Samstag, 16. Januar, 22:00–02:00 Uhr"),
    ],
)
def test_a_night_across_midnight_is_one_evening(language: str, expected: str) -> None:
    event = timed(language, datetime(2027, 1, 16, 22, 0, tzinfo=ROME), datetime(2027, 1, 17, 2, 0, tzinfo=ROME))
    assert when(event) == expected


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("it", "venerdì 4 giugno, ore 18:00 – domenica 6 giugno, ore 12:00", "da ven 4 a dom 6 giu"),
        ("en", f"Friday 4 June, 6:00{NNBSP}pm – Sunday 6 June, 12:00{NNBSP}pm", "Fri 4 – Sun 6 Jun"),
        ("es", "viernes 4 de junio, 18:00 – domingo 6 de junio, 12:00", "del vie 4 al dom 6 jun"),
        ("fr", f"du vendredi 4 juin à 18{NBSP}h au dimanche 6 juin à 12{NBSP}h", "du ven. 4 au dim. 6 juin"),
        ("de", "Freitag, 4. Juni, 18:00 Uhr – Sonntag, 6. Juni, 12:00 Uhr", "Fr., 4. bis So., 6. Juni"),
    ],
)
def test_a_timed_weekend_shows_both_ends(language: str, long: str, short: str) -> None:
    event = timed(language, datetime(2027, 6, 4, 18, 0, tzinfo=ROME), datetime(2027, 6, 6, 12, 0, tzinfo=ROME))
    assert when(event) == long
    assert when(event, short=True) == short


@pytest.mark.parametrize(
    ("language", "one_day", "weekend", "across_months"),
    [
        ("it", "venerdì 4 giugno", "da venerdì 4 a domenica 6 giugno", "da domenica 30 maggio a martedì 1 giugno"),
        ("en", "Friday 4 June", "Friday 4 – Sunday 6 June", "Sunday 30 May – Tuesday 1 June"),
        ("en-US", "Friday, June 4", "Friday, June 4 – Sunday, June 6", "Sunday, May 30 – Tuesday, June 1"),
        (
            "es",
            "viernes 4 de junio",
            "del viernes 4 al domingo 6 de junio",
            "del domingo 30 de mayo al martes 1 de junio",
        ),
        ("fr", "vendredi 4 juin", "du vendredi 4 au dimanche 6 juin", "du dimanche 30 mai au mardi 1er juin"),
        ("de", "Freitag, 4. Juni", "Freitag, 4. bis Sonntag, 6. Juni", "Sonntag, 30. Mai bis Dienstag, 1. Juni"),
    ],
)
def test_all_day_events_show_dates_only(language: str, one_day: str, weekend: str, across_months: str) -> None:
    assert when(all_day(language, date(2027, 6, 4), date(2027, 6, 4))) == one_day
    assert when(all_day(language, date(2027, 6, 4), date(2027, 6, 6))) == weekend
    assert when(all_day(language, date(2027, 5, 30), date(2027, 6, 1))) == across_months


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (None, "sabato 16 gennaio, ore 18:00–20:30"),
        (date(2026, 12, 1), "sabato 16 gennaio, ore 18:00–20:30"),  # six weeks ahead
        (date(2026, 3, 20), "sabato 16 gennaio, ore 18:00–20:30"),  # 302 days ahead
        (date(2026, 3, 1), "sabato 16 gennaio 2027, ore 18:00–20:30"),  # more than ten months ahead
        (date(2027, 2, 10), "sabato 16 gennaio, ore 18:00–20:30"),  # last month: a thank-you post
        (date(2027, 6, 1), "sabato 16 gennaio 2027, ore 18:00–20:30"),  # long past
    ],
)
def test_the_year_appears_only_when_the_date_is_far_from_today(
    event: Event, today: date | None, expected: str
) -> None:
    assert when(event, today=today) == expected


@pytest.mark.parametrize(
    ("language", "same_year", "new_year"),
    [
        (
            "it",
            "da venerdì 4 a domenica 6 giugno 2027",
            "da venerdì 31 dicembre 2027 a domenica 2 gennaio 2028",
        ),
        ("en", "Friday 4 – Sunday 6 June 2027", "Friday 31 December 2027 – Sunday 2 January 2028"),
        (
            "es",
            "del viernes 4 al domingo 6 de junio de 2027",
            "del viernes 31 de diciembre de 2027 al domingo 2 de enero de 2028",
        ),
        ("fr", "du vendredi 4 au dimanche 6 juin 2027", "du vendredi 31 décembre 2027 au dimanche 2 janvier 2028"),
        ("de", "Freitag, 4. bis Sonntag, 6. Juni 2027", "Freitag, 31. Dezember 2027 bis Sonntag, 2. Januar 2028"),
    ],
)
def test_a_range_writes_the_year_once_unless_it_changes(language: str, same_year: str, new_year: str) -> None:
    today = date(2026, 1, 1)
    assert when(all_day(language, date(2027, 6, 4), date(2027, 6, 6)), today=today) == same_year
    assert when(all_day(language, date(2027, 12, 31), date(2028, 1, 2)), today=today) == new_year


def test_times_are_shown_in_the_events_zone() -> None:
    start = datetime(2027, 1, 16, 17, 0, tzinfo=timezone.utc)
    event = Event(title="Talk", start=start, end=start + timedelta(hours=1), timezone="Europe/Rome", language="it")
    assert when(event) == "sabato 16 gennaio, ore 18:00–19:00"


ZONES = ["Europe/Rome", "Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Australia/Sydney"]
LANGUAGES = ["it", "it-CH", "en", "en-GB", "en-US", "en-IN", "es", "es-MX", "fr", "fr-CA", "de", "de-CH", "xx", "pt-BR"]


@given(
    zone=st.sampled_from(ZONES),
    language=st.sampled_from(LANGUAGES),
    instant=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)),
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=4)),
    whole_days=st.booleans(),
    short=st.booleans(),
    today=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)),
)
def test_when_always_names_the_day_of_the_month(
    zone: str,
    language: str,
    instant: datetime,
    length: timedelta,
    whole_days: bool,
    short: bool,
    today: date | None,
) -> None:
    start = instant.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone))
    end = (start.astimezone(timezone.utc) + length).astimezone(ZoneInfo(zone))
    if whole_days:
        event = all_day(language, start.date(), end.date())
    else:
        event = Event(title="Any", start=start, end=end, timezone=zone, language=language)
    assert str(start.day) in when(event, short=short, today=today)


# --- price and capacity --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "whole", "cents", "free", "free_with_places"),
    [
        ("it", f"35{NBSP}€", f"12,50{NBSP}€", "Ingresso libero", "Gratuito"),
        ("en", "€35", "€12.50", "Free admission", "Free"),
        ("es", f"35{NBSP}€", f"12,50{NBSP}€", "Entrada libre", "Gratis"),
        ("fr", f"35{NBSP}€", f"12,50{NBSP}€", "Entrée libre", "Gratuit"),
        ("de", f"35{NBSP}€", f"12,50{NBSP}€", "Eintritt frei", "Kostenlos"),
    ],
)
def test_prices_in_each_language(
    event: Event, language: str, whole: str, cents: str, free: str, free_with_places: str
) -> None:
    assert price(in_language(event, language)) == whole
    assert price(in_language(event, language, price=Decimal("12.5"))) == cents
    assert price(in_language(event, language, price=None, free=True, capacity=None)) == free
    assert price(in_language(event, language, price=Decimal(0))) == free_with_places


def test_a_price_follows_the_currency_and_region(event: Event) -> None:
    assert price(in_language(event, "en-US", currency="USD")) == "$35"
    assert price(in_language(event, "de-CH", price=Decimal("20"), currency="CHF")) == f"CHF{NBSP}20"
    assert price(in_language(event, "it", price=Decimal("1500"), currency="JPY")) == f"1.500{NBSP}JPY"


def test_a_text_price_is_kept_and_an_unknown_one_is_none(event: Event) -> None:
    assert price(in_language(event, "it", price="offerta libera", free=True)) == "offerta libera"
    assert price(in_language(event, "it", price=None)) is None


@pytest.mark.parametrize(
    ("language", "one", "twelve", "many"),
    [
        ("it", "1 posto", "12 posti", "1.200 posti"),
        ("en", "1 place", "12 places", "1,200 places"),
        ("es", "1 plaza", "12 plazas", "1.200 plazas"),
        ("fr", "1 place", "12 places", f"1{NNBSP}200 places"),
        ("de", "1 Platz", "12 Plätze", "1.200 Plätze"),
    ],
)
def test_capacity_in_each_language(event: Event, language: str, one: str, twelve: str, many: str) -> None:
    assert capacity(in_language(event, language, capacity=1)) == one
    assert capacity(in_language(event, language, capacity=12)) == twelve
    assert capacity(in_language(event, language, capacity=1200)) == many
    assert capacity(in_language(event, language, capacity=None)) is None


# --- recurrence ----------------------------------------------------------------------------------------

RULES = [
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;BYDAY=TU,TH",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU",
    "FREQ=MONTHLY;BYDAY=1SA",
    "FREQ=MONTHLY;BYDAY=1SU",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=3",
    "FREQ=MONTHLY;BYMONTHDAY=5",
    "FREQ=MONTHLY",
    "FREQ=DAILY",
    "FREQ=YEARLY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z",
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=20280111",
    "FREQ=WEEKLY;COUNT=6",
    "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6",
    "FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270601",
]

SAID = {
    "it": [
        "ogni sabato",
        "ogni martedì e giovedì",
        "ogni due settimane, il martedì",
        "ogni due settimane, il sabato e la domenica",
        "ogni primo sabato del mese",
        "ogni prima domenica del mese",
        "ogni ultimo venerdì del mese",
        "ogni terzo martedì del mese",
        "il 5 di ogni mese",
        "il 16 di ogni mese",
        "ogni giorno",
        "ogni due anni",
        "ogni martedì fino al 30 giugno",
        "ogni martedì fino all’11 gennaio 2028",
        "ogni sabato per 6 settimane",
        "ogni martedì e giovedì, 6 incontri",
        "ogni primo sabato del mese fino al 1 giugno",
    ],
    "en": [
        "every Saturday",
        "every Tuesday and Thursday",
        "every two weeks on Tuesday",
        "every two weeks on Saturday and Sunday",
        "every first Saturday of the month",
        "every first Sunday of the month",
        "every last Friday of the month",
        "every third Tuesday of the month",
        "on the 5th of every month",
        "on the 16th of every month",
        "every day",
        "every two years",
        "every Tuesday until 30 June",
        "every Tuesday until 11 January 2028",
        "every Saturday for 6 weeks",
        "every Tuesday and Thursday, 6 sessions",
        "every first Saturday of the month until 1 June",
    ],
    "es": [
        "todos los sábados",
        "todos los martes y jueves",
        "cada dos semanas, los martes",
        "cada dos semanas, los sábados y domingos",
        "el primer sábado de cada mes",
        "el primer domingo de cada mes",
        "el último viernes de cada mes",
        "el tercer martes de cada mes",
        "el día 5 de cada mes",
        "el día 16 de cada mes",
        "todos los días",
        "cada dos años",
        "todos los martes hasta el 30 de junio",
        "todos los martes hasta el 11 de enero de 2028",
        "todos los sábados durante 6 semanas",
        "todos los martes y jueves, 6 sesiones",
        "el primer sábado de cada mes hasta el 1 de junio",
    ],
    "fr": [
        "tous les samedis",
        "tous les mardis et jeudis",
        "toutes les deux semaines, le mardi",
        "toutes les deux semaines, le samedi et le dimanche",
        "le premier samedi du mois",
        "le premier dimanche du mois",
        "le dernier vendredi du mois",
        "le troisième mardi du mois",
        "le 5 de chaque mois",
        "le 16 de chaque mois",
        "tous les jours",
        "tous les deux ans",
        "tous les mardis jusqu’au 30 juin",
        "tous les mardis jusqu’au 11 janvier 2028",
        "tous les samedis pendant 6 semaines",
        "tous les mardis et jeudis, 6 séances",
        "le premier samedi du mois jusqu’au 1er juin",
    ],
    "de": [
        "jeden Samstag",
        "jeden Dienstag und Donnerstag",
        "alle zwei Wochen dienstags",
        "alle zwei Wochen samstags und sonntags",
        "jeden ersten Samstag im Monat",
        "jeden ersten Sonntag im Monat",
        "jeden letzten Freitag im Monat",
        "jeden dritten Dienstag im Monat",
        "jeden Monat am 5.",
        "jeden Monat am 16.",
        "jeden Tag",
        "alle zwei Jahre",
        "jeden Dienstag bis zum 30. Juni",
        "jeden Dienstag bis zum 11. Januar 2028",
        "jeden Samstag, 6 Wochen lang",
        "jeden Dienstag und Donnerstag, 6 Termine",
        "jeden ersten Samstag im Monat bis zum 1. Juni",
    ],
}


@pytest.mark.parametrize(
    ("language", "rule", "expected"),
    [(language, rule, said) for language, phrases_ in SAID.items() for rule, said in zip(RULES, phrases_, strict=True)],
)
def test_recurrence_in_words(event: Event, language: str, rule: str, expected: str) -> None:
    assert recurrence(in_language(event, language, rrule=rule)) == expected


@pytest.mark.parametrize(
    ("language", "rule", "expected"),
    [
        ("it", "FREQ=MONTHLY;BYMONTHDAY=1", "il primo di ogni mese"),
        ("it", "FREQ=MONTHLY;BYMONTHDAY=8", "l’8 di ogni mese"),
        ("it", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270608", "ogni martedì fino all’8 giugno"),
        ("fr", "FREQ=MONTHLY;BYMONTHDAY=1", "le 1er de chaque mois"),
        ("en", "FREQ=MONTHLY;BYMONTHDAY=22", "on the 22nd of every month"),
        ("en", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday and Friday"),
        ("en-US", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Monday, Wednesday, and Friday"),
        ("en-US", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630", "every Tuesday until June 30"),
        ("es", "FREQ=DAILY;INTERVAL=3", "cada tres días"),
        ("de", "FREQ=WEEKLY;INTERVAL=6;BYDAY=WE", "alle 6 Wochen mittwochs"),
        ("xx", "FREQ=WEEKLY;BYDAY=SU", "every Sunday"),
    ],
)
def test_recurrence_details(event: Event, language: str, rule: str, expected: str) -> None:
    assert recurrence(in_language(event, language, rrule=rule)) == expected


def test_a_utc_until_is_read_in_the_events_zone(event: Event) -> None:
    # 22:30 UTC on 30 June is already 1 July in Rome.
    assert recurrence(in_language(event, "it", rrule="FREQ=WEEKLY;UNTIL=20270630T223000Z")) == (
        "ogni sabato fino al 1 luglio"
    )


@pytest.mark.parametrize(
    "rule",
    [
        None,
        "FREQ=HOURLY",
        "FREQ=MONTHLY;INTERVAL=2",
        "FREQ=MONTHLY;BYDAY=1SA,3SA",
        "FREQ=MONTHLY;BYDAY=2MO,TU",
        "FREQ=MONTHLY;BYDAY=5SA",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=WEEKLY;BYMONTH=3",
        "FREQ=WEEKLY;COUNT=1",
        "FREQ=YEARLY;BYMONTH=6;BYDAY=1SU",
    ],
)
def test_intricate_or_odd_rules_are_left_to_the_plain_date(event: Event, rule: str | None) -> None:
    assert recurrence(in_language(event, "it", rrule=rule)) is None


RULE_PARTS = st.sampled_from(
    ["INTERVAL=2", "INTERVAL=0", "COUNT=3", "COUNT=0", "UNTIL=20270101", "UNTIL=20270101T000000Z", "UNTIL=2027",
     "BYDAY=MO", "BYDAY=2MO", "BYDAY=-1SU,SA", "BYDAY=XX", "BYMONTHDAY=31", "BYMONTHDAY=0", "BYSETPOS=2",
     "BYSETPOS=x", "WKST=SU"]
)  # fmt: skip


@given(freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
       parts=st.lists(RULE_PARTS, max_size=4, unique_by=lambda part: part.split("=")[0]))
def test_recurrence_never_raises(freq: str, parts: list[str]) -> None:
    rule = ";".join([f"FREQ={freq}", *parts])
    assume(rrule_problem(rule) is None)
    for language in SUPPORTED:
        said = recurrence(in_language(Event.example(), language, rrule=rule))
        assert said is None or said.strip()


# --- phrases -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_language_has_every_phrase(language: str) -> None:
    words = phrases(language)
    assert all(getattr(words, field.name).strip() for field in dataclasses.fields(Phrases))


def test_phrases_follow_the_base_language() -> None:
    assert phrases("it-CH").info == "Info e prenotazioni"
    assert phrases("de-AT").booking_recommended == "Anmeldung empfohlen"
    assert phrases("xx") == phrases("en")


def test_upper_first_keeps_the_rest() -> None:
    assert upper_first("sabato 16 gennaio") == "Sabato 16 gennaio"
    assert upper_first("Saturday 16 January") == "Saturday 16 January"
    assert upper_first("") == ""


def test_a_weekly_rule_repeats_the_local_weekday() -> None:
    start = datetime(2027, 1, 15, 23, 30, tzinfo=timezone.utc)  # Friday in London, Saturday in Rome
    assert recurrence(timed("en", start, start + timedelta(hours=2), rrule="FREQ=WEEKLY")) == "every Saturday"
