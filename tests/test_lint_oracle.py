"""The fast linter finds exactly what the linter before it found (``tests/lint_reference.py``, the
oracle): the same rules, messages, offsets and excerpts, on generated posts in every language and
on every post the test events produce."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radical_social import Event, build_kits, load_events
from radical_social.posts import linting, shingles
from radical_social.posts.channels import CHANNELS
from radical_social.posts.compose import compose_posts
from radical_social.posts.linting import Essentials, Finding, lint, repeated_sentences
from radical_social.text import sentences
from tests import lint_reference
from tests.test_linting import BAIT, EN_KIT, EN_RECYCLED, GOOD_EN, GOOD_IT, GOOD_OTHER, IT_KIT, IT_RECYCLED

LANGUAGES = ("it", "en", "es", "fr", "de")
EVENTS = sorted((Path(__file__).parent / "data" / "events").glob("*.yaml"))
NOW = datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)
LAST_SEASON = date(2025, 6, 1)

# --- what posts are made of ------------------------------------------------------------------

_PROSE = [*GOOD_IT, *GOOD_EN, *(text for _, text in GOOD_OTHER), *(text for _, _, text in BAIT),
          *IT_KIT, *IT_RECYCLED, *EN_KIT, *EN_RECYCLED]
_WORDS = sorted({word for text in _PROSE for word in text.split()})
_SENTENCES = sorted({part.strip() for text in _PROSE for part in text.replace("!", ".").split(".") if part.strip()})
_MARKUP = [
    "#PastaFresca", "#pastafrescaverona", "#COMMUNITYGARDENING", "#ÉtéÀParis", "#Sommerfestberlinkreuzberg",
    "#1", "#a_b", "&#39;", "https://bottega.example/cena?x=1&y=2", "www.example.org/a", "http://x.it/",
    "@ciclofficina_vr", "@user@mastodon.social", "cucina@quartiere.example", "mail@x.co.uk",
    # underscores outside links and tags: a word character that is not a letter or digit ([^\W_] is not \w)
    "snake_case_words_here", "ore_19 it's_a_deal", "_x_ __ y_", "＿fullwidth＿low＿line＿",
]
_SYMBOLS = [
    "🎉", "🍕🍷", "❤️", "❤", "👍🏽", "👩‍👩‍👧", "🏳️‍🌈", "🇮🇹", "🇬🇧🇫🇷", "1️⃣", "#️⃣", "☺", "✔\ufe0e", "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "📅", "📍", "⏰", "🔥🔥🔥", "‼", "⁉", "℃", "™", "№", "½", "!!", "??", "?!", "!?!", "…", "！！", "—",
    "«", "»", "“", "”", "’",
    # emoji below U+2600 and ones that are emoji only with VS16 or a keycap mark
    "1\u20e3", "©\ufe0f", "©", "®\ufe0f", "↔\ufe0f", "⌚", "‼\ufe0f", "⁉",
]
_SCRIPTS = [
    "東京ラーメン", "ラーメン", "漢字の読み方", "中文字", "한국어", "Ελληνικά", "Русский", "עברית", "العربية",
    "𝐁𝐢𝐠 𝐧𝐞𝐰𝐬", "𝘪𝘵𝘢𝘭𝘪𝘤", "ＣＥＮＡ", "Ⓒⓔⓝⓐ", "ᴄᴇɴᴀ", "s̶a̶l̶e̶", "e\u0301te\u0301", "Straße", "ǅ", "ﬁne", "Ⅻ",
]
_CAPITALS = ["GRATIS", "NOW", "FREE ENTRY", "ULTIMI POSTI", "NON MANCARE", "NHS", "YMCA", "ARCI APS", "XIV",
             "ÉTÉ", "SÌ", "JA", "OGGI", "AGM", "UILDM", "TAGGA 3 AMICI"]
_DATES = ["sabato 12 ottobre", "Saturday 12 October", "sábado 12 de octubre", "samedi 12 octobre",
          "Samstag, 12. Oktober", "12/10", "ore 19:00", "7 pm", "15. Mai", "Dott. Rossi", "z. B."]
_SEPARATORS = [" ", " ", " ", "\n", "\n\n", "", ". ", "! ", "? ", ", ", "\t", "\u00a0", " … ", ": ",
               # lines that start with an emoji (bullets), and line breaks that are not "\n"
               "\n🎉 ", "\n \t📍", "\n👩‍👩‍👧", "\n1️⃣ ", "\r🍕 ", "\u2028✔ ", "\x85📅 ", " \n🔥"]


def _cased(text: str, case: int) -> str:
    return (text, text.upper(), text.lower(), text.title())[case]


_PIECE = st.one_of(
    st.sampled_from(_SENTENCES),
    st.tuples(st.sampled_from(_WORDS), st.integers(0, 3)).map(lambda pair: _cased(*pair)),
    st.sampled_from(_MARKUP), st.sampled_from(_SYMBOLS), st.sampled_from(_SCRIPTS),
    st.sampled_from(_CAPITALS), st.sampled_from(_DATES),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6),
)


@st.composite
def _post(draw: st.DrawFn) -> list[str]:
    """A post as its pieces with the separators between them (so that near-copies can change a few)."""
    pieces = draw(st.lists(_PIECE, max_size=14))
    return [part for piece in pieces for part in (piece, draw(st.sampled_from(_SEPARATORS)))]


@st.composite
def _near_copy(draw: st.DrawFn, parts: list[str]) -> str:
    """``parts`` with a few of them replaced, dropped or repeated: another channel's rewrite, or last
    season's post with a new date."""
    changed = list(parts)
    for _ in range(draw(st.integers(0, 3))):
        if not changed:
            break
        index = draw(st.integers(0, len(changed) - 1))
        action = draw(st.integers(0, 2))
        if action == 0:
            changed[index] = draw(_PIECE)
        elif action == 1:
            del changed[index]
        else:
            changed.insert(index, changed[index])
    return "".join(changed)


@st.composite
def _kit(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A post, the other channels' posts of its kit and earlier posts: near-copies of it and of
    each other, fresh posts, and sentences shared with it."""
    parts = draw(_post())
    texts = st.one_of(_near_copy(parts), _post().map("".join), st.text(max_size=80),
                      st.lists(st.sampled_from(parts or [""]), max_size=8).map(" ".join))
    return "".join(parts), draw(st.lists(texts, max_size=5)), draw(st.lists(texts, max_size=6))


@st.composite
def _essentials(draw: st.DrawFn, text: str) -> Essentials | None:
    """None, or essentials partly taken from the post (so that they are found and masked) and partly not."""
    if draw(st.booleans()):
        return None
    words = text.split() or [""]
    taken = st.lists(st.sampled_from(words), min_size=1, max_size=4).map(" ".join)
    # the end or the start of a word of the post: there only inside a longer word, so not named
    inside = st.tuples(st.sampled_from(words), st.integers(1, 6), st.booleans()).map(
        lambda drawn: drawn[0][drawn[1]:] if drawn[2] else drawn[0][:-drawn[1]])
    # any stretch of the post, across line breaks too
    stretch = st.tuples(st.integers(0, len(text)), st.integers(1, 60)).map(lambda span: text[span[0]:sum(span)])
    taken = taken | inside | st.tuples(inside, taken).map(" ".join) | stretch
    field = st.none() | taken | _PIECE
    return Essentials(
        title=draw(field), place=draw(field), url=draw(st.none() | st.sampled_from(_MARKUP) | taken),
        date_words=draw(st.lists(taken | st.sampled_from(_DATES), max_size=3)),
        place_details=draw(st.lists(field.filter(bool), max_size=2)), facts=draw(st.lists(taken | _PIECE, max_size=4)),
    )


def _both(**arguments: Any) -> list[Finding]:
    """Lint with the linter and the oracle; they must agree."""
    text = arguments.pop("text")
    found = lint(text, **arguments)
    assert found == lint_reference.lint(text, **arguments), (text, arguments)
    return found


# --- generated posts -------------------------------------------------------------------------


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(kit=_kit(), language=st.sampled_from([*LANGUAGES, "it-IT", "en-GB", "xx"]), data=st.data())
def test_the_same_findings_as_the_oracle_on_generated_kits(
    kit: tuple[str, list[str], list[str]], language: str, data: st.DataObject
) -> None:
    text, others, history = kit
    _both(text=text, language=language, hashtag_cap=data.draw(st.integers(-1, 5)),
          moment=data.draw(st.sampled_from(["announce", "reminder", None])),
          capacity=data.draw(st.none() | st.integers(0, 50)), essentials=data.draw(_essentials(text)),
          others=others, history=history)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kit=_kit(), min_texts=st.integers(0, 4), min_words=st.integers(1, 8))
def test_the_same_repeated_sentences_as_the_oracle(
    kit: tuple[str, list[str], list[str]], min_texts: int, min_words: int
) -> None:
    text, others, history = kit
    texts = [text, *others, *history]
    assert repeated_sentences(texts, min_texts=min_texts, min_words=min_words) == \
        lint_reference.repeated_sentences(texts, min_texts=min_texts, min_words=min_words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_findings_on_every_bait_example_and_honest_kit(language: str) -> None:
    prose = [text for text in _PROSE if text]
    for index, text in enumerate(prose):
        found = _both(text=text, language=language, others=prose[index + 1:index + 4],
                      history=prose[max(0, index - 6):index], moment="announce",
                      essentials=Essentials(title=" ".join(text.split()[:3]), date_words=_DATES[:2]))
        if text in dict.fromkeys(example for _, lang, example in BAIT if lang == language):
            assert found, text  # the corpus is not blind: its bait is found in its own language


# --- the test events ---------------------------------------------------------------------------


def _checked_lint(calls: list[int]) -> Callable[..., list[Finding]]:
    def checked(text: str, **arguments: Any) -> list[Finding]:
        calls.append(1)
        return _both(text=text, **arguments)

    return checked


def test_the_same_findings_on_every_post_of_the_test_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """As ``build`` lints them (every moment, with the kit's other posts and the event's essentials),
    and once more against earlier posts: the previous events' and the same event's a season before."""
    calls: list[int] = []
    monkeypatch.setattr(linting, "lint", _checked_lint(calls))
    events: list[Event] = [event for path in EVENTS for event in load_events(path)]
    kits = build_kits(events, now=NOW, thanks=True, cards=False, poster=False)
    assert len(calls) == sum(len(kit.posts) for kit in kits) > 200
    history: list[str] = []
    copies: set[str] = set()
    for event in events:
        last_season = [post.text for post in compose_posts(event, list(CHANNELS), today=LAST_SEASON, check=False).posts]
        posts = compose_posts(event, list(CHANNELS), today=NOW.date(), history=[*history[-20:], *last_season]).posts
        history.extend(post.text for post in posts)
        copies.update(finding.message.split()[0] for post in posts for finding in post.findings
                      if finding.rule == "copy")
    assert len(calls) > 2 * 200
    assert {"Near-copy", "This", "Quasi", "Questa"} <= copies  # both copy checks ran on real posts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=_post())
def test_sentences_end_where_they_ended(parts: list[str]) -> None:
    """The sentence splitter the linter and the fitter share, against the one the oracle keeps."""
    text = "".join(parts)
    assert sentences.spans(text) == lint_reference._spans(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(kit=_kit(), language=st.sampled_from(LANGUAGES))
def test_the_same_findings_when_the_bit_table_is_renewed_all_the_time(
    kit: tuple[str, list[str], list[str]], language: str
) -> None:
    """The copy check keeps each text's bits by table; a table renewed after every few n-grams must
    not mix bits of two tables."""
    text, others, history = kit
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shingles.Table, "SIZE", 8)
        _both(text=text, language=language, others=others, history=history)


_HARD = ("Notwithstanding considerable organisational difficulties, the municipal administration\n"
         "wholeheartedly encourages interdisciplinary collaboration between neighbourhood associations,\n"
         "independent booksellers and experimental theatre companies, anticipating extraordinary\n"
         "participation throughout the forthcoming celebrations of contemporary literature.\n"
         "Nonostante considerevoli difficoltà organizzative, l'amministrazione comunale incoraggia\n"
         "calorosamente collaborazioni interdisciplinari tra associazioni di quartiere e librerie indipendenti.")


@pytest.mark.parametrize("language", ["en", "it"])
@pytest.mark.parametrize("cut", range(0, len(_HARD) - 60, 40))
def test_the_same_findings_when_a_fact_crosses_a_line_break(language: str, cut: int) -> None:
    """The event's facts are set aside before the readability count, also where one runs over two lines."""
    _both(text=_HARD, language=language, moment="announce", essentials=Essentials(facts=[_HARD[cut:cut + 150]]))
