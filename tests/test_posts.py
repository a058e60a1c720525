"""Posts: one short, original text per channel and moment, fitted to the channel, passing the linter.

Six events cover the shapes a template must handle: the Italian example (a price and a capacity),
a free weekly reading club in Spanish, an all-day French garden party with a text price and no
street address, a German repair café with a 600-character description and eight tags, an English
litter pick without a link, and an American potluck without a venue.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from radical_social import Event, EventError, FitError
from radical_social.posts.channels import CHANNELS, Channel
from radical_social.posts.compose import MOMENTS, Post, compose, compose_posts, hashtags
from radical_social.posts.linting import lint
from radical_social.text import words
from radical_social.text.counting import _without_emoji, sms_segments
from radical_social.text.templating import builtin_templates, gsm7
from radical_social.text.wording import SUPPORTED

LANGUAGES = SUPPORTED
NEXT = Event.from_mapping({
    "title": "Gnocchi di patate",
    "start": "2027-02-20T18:00",
    "end": "2027-02-20T20:30",
    "timezone": "Europe/Rome",
    "language": "it",
    "url": "https://bottegasartori.example/laboratori/gnocchi",
    "venue": {"name": "Bottega Sartori", "city": "Verona"},
})
LONG_DESCRIPTION = (
    "Ein Toaster, der nicht mehr toastet? Eine Hose mit Loch? Ein Fahrrad, das quietscht? "
    "Bringt mit, was kaputt ist, und repariert es mit uns. Ehrenamtliche aus der Nachbarschaft helfen "
    "bei Elektrogeräten, Textilien, Fahrrädern und kleinen Möbeln. Werkzeug, Nähmaschinen und Lötkolben "
    "sind da. Ihr lernt dabei, wie die Dinge funktionieren, und nehmt sie heil wieder mit nach Hause. "
    "Kaffee und Kuchen gibt es gegen eine Spende. Bitte bringt pro Person höchstens zwei Geräte mit, "
    "damit alle drankommen. Für Kinder gibt es eine Bastelecke mit Resten aus der Werkstatt."
)
EVENTS: dict[str, Event] = {
    "example": Event.example(),
    "es-weekly-free": Event.from_mapping({
        "title": "Club de lectura del barrio",
        "description": "Cada semana comentamos un libro corto con un café. No hace falta haberlo terminado.",
        "start": "2027-03-02T19:00",
        "end": "2027-03-02T20:30",
        "timezone": "Europe/Madrid",
        "language": "es",
        "url": "https://lalibreriadelbarrio.example/club",
        "venue": {"name": "Librería La Hoja", "address": "Calle del Pez 21", "city": "Madrid", "postcode": "28004"},
        "free": True,
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "tags": ["lectura", "libros", "Madrid"],
    }),
    "fr-all-day": Event.from_mapping({
        "title": "Fête du jardin partagé",
        "description": "Une journée au jardin : semis, troc de plants et pique-nique tiré du sac.",
        "start": "2027-05-22",
        "timezone": "Europe/Paris",
        "language": "fr",
        "url": "https://jardin-des-pentes.example/fete",
        "venue": {"name": "Jardin des Pentes", "city": "Lyon"},
        "price": "prix libre",
        "tags": ["jardin partagé", "Lyon"],
    }),
    "de-long": Event.from_mapping({
        "title": "Reparatur-Café im Kiez",
        "description": LONG_DESCRIPTION,
        "start": "2027-04-10T14:00",
        "end": "2027-04-10T18:00",
        "timezone": "Europe/Berlin",
        "language": "de",
        "url": "https://kiezwerkstatt.example/reparatur-cafe",
        "venue": {"name": "Kiezwerkstatt", "address": "Wiener Straße 12", "city": "Berlin", "postcode": "10999"},
        "price": "12.50",
        "capacity": 20,
        "tags": ["Reparieren", "Upcycling", "Werkstatt", "Berlin", "Kiez", "Fahrrad", "Elektronik", "Textil"],
    }),
    "en-no-url": Event.from_mapping({
        "title": "Community litter pick",
        "description": "We clear the riverbank together. Gloves and bags are on us. Tea afterwards at the boathouse.",
        "start": "2027-03-13T10:30",
        "end": "2027-03-13T12:30",
        "timezone": "Europe/London",
        "language": "en-GB",
        "venue": {"name": "Riverside Boathouse", "address": "Water Lane 4", "city": "Bristol"},
        "free": True,
        "capacity": 30,
        "tags": ["litter pick", "Bristol"],
    }),
    "us-no-venue": Event.from_mapping({
        "title": "Neighborhood potluck",
        "description": "Long tables in the park and food from every kitchen on the block.",
        "start": "2027-06-12T17:00",
        "end": "2027-06-12T20:00",
        "timezone": "America/Chicago",
        "language": "en-US",
        "url": "https://elmstreetneighbors.example/potluck",
        "price": "Bring a dish",
        "tags": ["potluck"],
    }),
}

_EMOJI = re.compile("[\u2600-\u27bf\U0001f300-\U0001faff]")
_LEFTOVERS = re.compile(r"None|\{\{|\{%|\(\)| [,.](?!\.)|,[.,]|\.\.(?!\.)")


def test_every_channel_moment_and_language_has_its_own_template() -> None:
    folder = builtin_templates() / "posts"
    expected = {
        Path(channel.id) / f"{moment}.{language}.txt.j2"
        for channel in CHANNELS.values() for moment in MOMENTS for language in LANGUAGES
    }
    found = {path.relative_to(folder) for path in folder.rglob("*.j2")}
    assert expected <= found, sorted(map(str, expected - found))
    assert len(expected) == 180


def test_the_example_announcement_on_mastodon_reads_like_a_person_wrote_it() -> None:
    post = compose(Event.example(), CHANNELS["mastodon"], "announce")
    assert post.text == (
        "Laboratorio di pasta fresca\n"
        "\n"
        "Due ore con le mani in pasta: tagliatelle e tortelli fatti a mano, con la farina del Mulino Bassi.\n"
        "\n"
        "Quando: sabato 16 gennaio, ore 18:00–20:30\n"
        "Dove: Bottega Sartori, Via Santa Maria in Chiavica 7, 37121 Verona\n"
        "Ingresso: 35\u00a0€ · 12 posti\n"
        "\n"
        "https://bottegasartori.example/laboratori/pasta-fresca\n"
        "\n"
        "#PastaFresca #Cucina #Verona"
    )
    assert post.fits and post.length == 350 and post.language == "it"


# --- every channel × moment × language × event ---------------------------------------------------


def _date_words(event: Event, language: str) -> list[str]:
    localized = dataclasses.replace(event, language=language)
    found = [words.when(localized), words.when(localized, short=True), words.recurrence(localized)]
    return [text for text in found if text]


def _problems(post: Post, event: Event, language: str, next_event: Event | None = None) -> Iterator[str]:
    """Everything wrong with one post, as readable lines."""
    text, channel = post.text, post.channel
    sms = channel.id == "sms"
    if not post.fits or post.length != channel.length(text) or post.length > channel.limit:
        yield f"does not fit: {post.length}/{channel.limit} {channel.unit}"
    spelled: Callable[[str], str] = gsm7 if sms else str

    def shows(fact: str) -> bool:  # an SMS is spelled in GSM-7 only when all of it can be
        return fact in text or spelled(fact) in text

    if not shows(event.title):
        yield "no title"
    sms_to_next_date = sms and next_event is not None and post.moment == "thanks"  # 70 characters count there
    if event.venue and not shows(event.venue.name) and post.moment != "thanks":
        yield "no place"
    link = (next_event.url if next_event and post.moment == "thanks" else None) or event.url
    if link and channel.links_clickable and link not in text:
        yield "no link"
    if link and not channel.links_clickable and link not in text and urlsplit(link).hostname not in text:
        yield "no link or site written out"
    lowered = text.lower()
    if post.moment != "thanks" and not any(spelled(date).lower() in lowered
                                           for date in _date_words(event, language)):
        yield "no date"
    if next_event and post.moment == "thanks" and not sms_to_next_date:  # an SMS gives the next event's link
        next_when = words.when(dataclasses.replace(next_event, language=language))
        if spelled(next_when).lower() not in lowered:
            yield "no next date"
    leftover = _LEFTOVERS.search(text.replace(event.title, "=").replace(event.description, "="))
    if leftover:
        yield f"template leftover {leftover.group()!r}"
    if len(_EMOJI.findall(text)) > 2:
        yield "more than two emoji"
    if channel.id in ("newsletter", "linkedin", "sms") and _EMOJI.search(text):
        yield "emoji where the channel is plain text"
    if channel.id in ("newsletter", "sms") and "#" in text:
        yield "hashtag in a plain-text channel"
    if "link in bio" in text.lower():
        yield "'link in bio'"
    if sms:
        own = text
        dates = [*_date_words(event, language), *([words.when(dataclasses.replace(next_event, language=language))]
                                                  if next_event else [])]
        venue = event.venue
        facts = [gsm7(fact) for fact in (event.title, venue and venue.name, venue and venue.city) if fact] + [link]
        for fact in [*facts, *(gsm7(date) for date in dates)]:
            own = own.replace(fact, "") if fact else own
        if sms_segments(own)[0] != "GSM-7":
            yield "the SMS's own words leave GSM-7"


@pytest.mark.parametrize("name", list(EVENTS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_post_fits_and_carries_the_essentials(name: str, language: str) -> None:
    event = EVENTS[name]
    problems = [
        f"{channel.id} {moment}: {problem}\n{post.text}\n"
        for channel in CHANNELS.values()
        for moment in MOMENTS
        for post in [compose(event, channel, moment, language=language)]
        for problem in _problems(post, event, language)
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_thanks_point_to_the_next_event_when_there_is_one(language: str) -> None:
    event = EVENTS["example"]
    problems = [
        f"{channel.id}: {problem}\n{post.text}\n"
        for channel in CHANNELS.values()
        for post in [compose(event, channel, "thanks", language=language, next_event=NEXT)]
        for problem in _problems(post, event, language, next_event=NEXT)
    ]
    assert not problems, "\n".join(problems)


def test_recurring_events_say_how_often_and_from_when() -> None:
    event = EVENTS["es-weekly-free"]
    post = compose(event, CHANNELS["mastodon"], "announce")
    assert "Cuándo: martes 2 de marzo, 19:00–20:30, y después todos los martes" in post.text
    thanks = compose(event, CHANNELS["facebook"], "thanks")
    assert "Volvemos todos los martes." in thanks.text


def test_without_a_capacity_the_last_call_claims_no_scarcity() -> None:
    for language in LANGUAGES:
        event = dataclasses.replace(EVENTS["example"], capacity=None, language=language)
        for channel in CHANNELS.values():
            post = compose(event, channel, "last_call")
            assert not [f for f in lint(post.text, language=language, moment="last_call") if f.rule == "false-urgency"]


def test_instagram_writes_the_link_out_and_never_says_link_in_bio() -> None:
    for name, event in EVENTS.items():
        post = compose(event, CHANNELS["instagram"], "announce")
        assert event.url is None or event.url in post.text, name
        assert "bio" not in post.text.lower()


def test_a_text_price_is_labelled_and_a_free_event_says_so() -> None:
    assert "Entrée\u00a0: prix libre" in compose(EVENTS["fr-all-day"], CHANNELS["instagram"], "announce").text
    assert "\nEntrada libre\n" in compose(EVENTS["es-weekly-free"], CHANNELS["mastodon"], "announce").text
    assert "Free · 30 places" in compose(EVENTS["en-no-url"], CHANNELS["instagram"], "announce").text


def test_the_sms_fits_one_segment_when_the_facts_are_gsm_7() -> None:
    for name in ("example", "de-long", "en-no-url"):
        post = compose(EVENTS[name], CHANNELS["sms"], "last_call")
        assert post.length == 1, (name, post.text)
        assert sms_segments(post.text)[0] == "GSM-7", (name, post.text)


def test_a_french_sms_uses_plain_spaces_and_dashes() -> None:
    post = compose(EVENTS["example"], CHANNELS["sms"], "reminder", language="fr")
    assert post.text == (
        "Rappel : Laboratorio di pasta fresca, sam. 16 janv., 18 h, Bottega Sartori, Verona. "
        "https://bottegasartori.example/laboratori/pasta-fresca"
    )
    assert post.length == 1


def test_an_event_with_nothing_optional_still_gets_every_post() -> None:
    bare = Event.from_mapping({"title": "Cena sociale", "start": "2027-02-05T20:00", "timezone": "Europe/Rome",
                               "language": "it"})
    for language in LANGUAGES:
        for channel in CHANNELS.values():
            for moment in MOMENTS:
                post = compose(bare, channel, moment, language=language)
                assert post.fits and "Cena sociale" in post.text
                assert not _LEFTOVERS.search(post.text), (channel.id, moment, language, post.text)


# --- the linter ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EVENTS))
def test_every_generated_post_passes_its_own_linter(name: str) -> None:
    event = EVENTS[name]
    posts = compose_posts(event, list(CHANNELS.values()), next_event=NEXT if name == "example" else None).posts
    assert len(posts) == len(CHANNELS) * len(MOMENTS)
    findings = [
        f"{post.channel.id} {post.moment}: [{finding.rule}] {finding.message} «{finding.excerpt}»\n{post.text}\n"
        for post in posts for finding in post.findings
    ]
    assert not findings, "\n".join(findings)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_channel_copies_another_in_any_language(language: str) -> None:
    """The copy rule compares each post with the other channels' posts of the same moment."""
    copies = [
        f"{post.channel.id} {post.moment} ({name}): {finding.message}\n{post.text}\n"
        for name, event in EVENTS.items()
        for post in compose_posts(event, list(CHANNELS.values()), language=language).posts
        for finding in post.findings
        if finding.rule == "copy"
    ]
    assert not copies, "\n".join(copies)


# --- fitting ---------------------------------------------------------------------------------------


def _mastodon(limit: int) -> Channel:
    return dataclasses.replace(CHANNELS["mastodon"], limit=limit)


def test_a_tight_limit_drops_optional_parts_least_needed_first_and_never_cuts_a_sentence(tmp_path: Path) -> None:
    """Hashtags go first; then the description, a whole sentence at a time; then the number of
    places; then price and booking; then the pitch; then the street address. Never the essentials."""
    event = dataclasses.replace(Event.example(), booking="required", pitch="Si impasta, si ride, si cena.")
    address = "Via Santa Maria in Chiavica 7"
    sentences = ["Due ore con le mani in pasta", "Si impasta in piccoli gruppi", "Grembiule fornito"]
    folder = tmp_path / "posts" / "mastodon"
    folder.mkdir(parents=True)
    (folder / "announce.it.txt.j2").write_text(
        "{{ title }}\n{{ description }}\n{{ pitch or '' }}\n{{ when }}\n{{ where }}\n"
        "{{ [price, capacity, booking] | select | join(' · ') }}\n{{ url }}\n{{ hashtags | join(' ') }}\n",
        encoding="utf-8")

    full = compose(event, CHANNELS["mastodon"], "announce", templates=tmp_path)
    assert "#PastaFresca" in full.text and event.description in full.text and address in full.text

    order = ["hashtags", *reversed(sentences), "12 posti", "35", "Si impasta, si ride", address]
    gone_at: dict[str, int] = {}
    for limit in range(full.length, 40, -1):
        try:
            text = compose(event, _mastodon(limit), "announce", templates=tmp_path).text
        except FitError:
            break
        assert "…" not in text, text  # a sentence is dropped whole, never cut
        for part in order:
            present = ("#" in text) if part == "hashtags" else part in text
            if not present:
                gone_at.setdefault(part, limit)
            else:
                assert part not in gone_at, f"{part!r} came back at {limit}:\n{text}"
        for essential in (event.title, "Bottega Sartori", "Verona", str(event.url)):
            assert essential in text
    assert list(gone_at) == order, gone_at  # dropped in exactly this order


def test_below_the_essentials_fit_error_names_the_channel_and_its_limit() -> None:
    with pytest.raises(FitError, match=r"Mastodon announce post of 'Laboratorio di pasta fresca' is \d+ characters "
                                       r"with only the title, date, place and link; the limit is 60\. Shorten 'url'"):
        compose(Event.example(), _mastodon(60), "announce")
    with pytest.raises(FitError, match="limit is 40"):
        compose(Event.example(), dataclasses.replace(CHANNELS["x"], limit=40), "last_call")


def test_a_post_that_cannot_fit_is_left_out_and_the_others_are_kept() -> None:
    tight = dataclasses.replace(CHANNELS["x"], limit=40)
    result = compose_posts(Event.example(), [CHANNELS["mastodon"], tight], {"mastodon": ["announce"],
                                                                            "x": ["announce", "last_call"]})
    assert [post.channel.id for post in result.posts] == ["mastodon"]
    assert [(left.channel.id, left.moment, left.limit) for left in result.left_out] == [
        ("x", "announce", 40), ("x", "last_call", 40)]
    assert all(left.length > 40 and left.unit == "weighted characters" for left in result.left_out)
    with pytest.raises(FitError, match=r"X announce post .* the limit is 40.*; X last_call post"):
        compose_posts(Event.example(), [tight], {"x": ["announce", "last_call"]}, strict=True)


def test_hashtags_are_camel_case_and_capped() -> None:
    assert list(hashtags(("pasta fresca", "Verona", "pasta-fresca", "!!"), 5)) == ["#PastaFresca", "#Verona"]
    assert list(hashtags(EVENTS["de-long"].tags, 5)) == ["#Reparieren", "#Upcycling", "#Werkstatt", "#Berlin", "#Kiez"]
    post = compose(EVENTS["de-long"], CHANNELS["threads"], "announce")
    assert post.text.count("#") == 1


# --- any event -------------------------------------------------------------------------------------

_HOSTILE = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), include_characters="\u200c\u200d")
"""Any character a one-line field accepts: no controls, format characters but the joiners, surrogates or line
separators."""
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ZONES = ["Europe/Rome", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "UTC"]
_TAGS = ["pasta fresca", "Verona", "jardin partagé", "Café", "DIY", "réparer", "Stadtteil", "comida"]


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = draw(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31)))
    length = draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)))
    all_day = draw(st.booleans())
    description = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=700))
    venue = st.fixed_dictionaries(
        {"name": st.text(_HOSTILE, min_size=1, max_size=20).filter(str.strip)},
        optional={"address": st.sampled_from(["Via Roma 1", "Rue de la Paix 8"]),
                  "city": st.sampled_from(["Roma", "Paris", "Zürich"])},
    )
    data = {
        "title": draw(st.text(_HOSTILE, min_size=1, max_size=40).filter(str.strip)),
        "description": _CONTROLS.sub("", description.replace("\r", "")),
        "start": start.date().isoformat() if all_day else start.isoformat(timespec="minutes"),
        "end": None if all_day else (start + length).isoformat(timespec="minutes"),
        "timezone": draw(st.sampled_from(_ZONES)),
        "language": draw(st.sampled_from(["it", "en", "en-US", "es-MX", "fr-CA", "de-AT"])),
        "url": "https://example.org/" + draw(st.text("abcdefghijklmnopqrstuvwxyz0123456789-/", max_size=30)),
        "venue": draw(st.none() | venue),
        "price": draw(st.none() | st.decimals(0, 500, places=2).map(str) | st.just("offerta libera")),
        "capacity": draw(st.none() | st.integers(1, 5000)),
        "tags": draw(st.lists(st.sampled_from(_TAGS), max_size=8)),
        "rrule": draw(st.sampled_from([None, "FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=1SA"])),
    }
    try:
        return Event.from_mapping({key: value for key, value in data.items() if value is not None})
    except EventError:  # a local time skipped by a clock change
        assume(False)
        raise


def _sms_has_room(event: Event) -> bool:
    """The title, place, link and how often it repeats (every SMS says it) leave room (70 units) for
    a date and a few words in two segments."""
    essentials = " ".join(part for part in (event.title, event.venue and event.venue.name, event.url,
                                            words.recurrence(event)) if part)
    return sms_segments(gsm7(essentials) + "x" * 70)[2] <= CHANNELS["sms"].limit


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
@example(Event.from_mapping({"title": "0", "start": "2026-01-10T00:00", "timezone": "Europe/Rome", "language": "it",
                             "url": "https://example.org/", "venue": {"name": "0𐀀𐀀𐀀𐀀𐀀"},
                             "rrule": "FREQ=MONTHLY;BYDAY=1SA"}))  # UCS-2, and the recurrence in words
@example(Event.from_mapping({"title": "·🪀", "start": "2026-01-01T00:00", "timezone": "Europe/Rome", "language": "it",
                             "url": "https://example.org/", "venue": {"name": "¢"}}))  # UCS-2 SMS: the emoji go
def test_any_event_fits_every_channel_with_its_title_and_link(event: Event) -> None:
    for channel in CHANNELS.values():
        for moment in MOMENTS:
            try:
                post = compose(event, channel, moment)
            except FitError as error:
                assert channel.id == "sms" and not _sms_has_room(event), str(error)
                assert "SMS" in str(error) and "limit is 2" in str(error)
                continue
            assert channel.overflow(post.text) is None
            assert post.length == channel.length(post.text) <= channel.limit
            # An SMS is spelled in GSM-7 only when all of it can be; else it keeps the title as written,
            # less its emoji (gsm7_text: in UCS-2, only the emoji go).
            assert event.title in post.text or (channel.id == "sms" and (
                gsm7(event.title) in post.text or _without_emoji(event.title) in post.text)), (channel.id, moment)
            assert event.url in post.text, (channel.id, moment)


def test_a_language_without_templates_warns_and_writes_english() -> None:
    from radical_social.errors import LanguageFallbackWarning

    event = Event.from_mapping({"title": "Sarau", "start": "2027-03-04T19:00", "timezone": "Europe/Lisbon",
                                "language": "pt-BR", "url": "https://example.org/sarau"})
    with pytest.warns(LanguageFallbackWarning, match="'pt-BR'"):
        post = compose(event, CHANNELS["mastodon"], "announce")
    assert post.language == "en"


def test_a_post_previews_with_its_counter_red_when_over() -> None:
    post = compose(Event.example(), CHANNELS["mastodon"], "announce")
    html = post._repr_html_()
    assert f"{post.length}/500" in html and "#b00020" not in html
    over = dataclasses.replace(post, channel=dataclasses.replace(CHANNELS["mastodon"], limit=10))
    assert "#b00020" in over._repr_html_()
    assert repr(post) == f"<Post mastodon announce {post.length}/500>"


@pytest.mark.parametrize("words", ["sáb 16 ene, 18:00–20:30", "sam. 16 janv., 18 h 30", "ven. 4 – dim. 6 juin",
                                   "Sat 16 Jan, 6:00\u202fpm"])
def test_the_gsm7_filter_keeps_sms_dates_in_the_sms_alphabet(words: str) -> None:
    from radical_social.text.templating import gsm7

    spelled = gsm7(words)
    assert sms_segments(spelled)[0] == "GSM-7"
    assert len(spelled) == len(words)


_SENTENCE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60)


@given(st.lists(_SENTENCE, min_size=1, max_size=6), st.sampled_from([". ", "! ", "? ", "… ", "\n"]))
def test_a_description_shortens_only_at_sentence_ends(parts: list[str], mark: str) -> None:
    """Every shorter version is the text up to a sentence end: never a cut sentence followed by more."""
    from radical_social.posts.compose import _shortened
    from radical_social.text.sentences import ends as sentence_ends

    text = mark.join(parts).strip()
    assume(text)
    ends = sentence_ends(text)
    assert ends == sorted(set(ends)) and ends[-1] == len(text.rstrip()) and all(end > 0 for end in ends)
    for shorter in _shortened(text):
        assert text.startswith(shorter)
        assert shorter == "" or len(shorter) in ends
