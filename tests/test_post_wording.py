"""Posts a person would publish as they are, over realistic events of our own in every language
(``tests/data/events``): every kit builds, every planned post is there or a finding says why not,
no end time that was not given, no stock sentence pasted into many kits, names used as names.

The full text of every kit's posts is kept in ``tests/golden/posts/<event>.txt``, so that every
change of wording is read in review; ``RADICAL_SOCIAL_REGEN=1`` writes them anew.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import pytest

from radical_social import Event, Kit, build_kits, load_events

EVENTS = Path(__file__).parent / "data" / "events"
GOLDEN = Path(__file__).parent / "golden" / "posts"
NOW = datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)
FILES = sorted(EVENTS.glob("*.yaml"))
STOCK_WORDS = 6
STOCK_KITS = 3


@cache
def kits() -> dict[str, Kit]:
    events: list[Event] = [event for path in FILES for event in load_events(path)]
    built = build_kits(events, now=NOW, thanks=True, cards=False, poster=False)
    return {path.stem: kit for path, kit in zip(FILES, built, strict=True)}


def test_the_corpus_covers_every_language_and_the_hard_cases() -> None:
    events = [kit.event for kit in kits().values()]
    languages = {event.language.split("-")[0] for event in events}
    assert languages == {"it", "en", "es", "fr", "de"}
    for language in languages:
        assert sum(event.language.startswith(language) for event in events) >= 2
    assert any(event.end is None and not event.all_day for event in events)
    assert any(event.venue is None for event in events) and any(event.url is None for event in events)
    assert any(event.rrule for event in events) and any(event.all_day for event in events)
    assert any(event.venue and event.venue.country == "GB" and event.price for event in events)
    titles = " ".join(event.title for event in events)
    for mark in ("🍜", "—", "“", "«", "ラ"):
        assert mark in titles
    assert any(len(event.title) > 100 for event in events) and any(len(event.description) > 500 for event in events)
    assert any(event.is_free for event in events) and any(event.price and not event.is_free for event in events)


@pytest.mark.parametrize("name", [path.stem for path in FILES])
def test_every_planned_post_is_there_or_a_finding_says_why(name: str) -> None:
    kit = kits()[name]
    posted = {(post.channel.id, post.moment) for post in kit.posts}
    left_out = {(finding.channel, finding.moment) for finding in kit.findings if finding.rule == "left-out"}
    planned = {(slot.channel, slot.moment) for slot in kit.plan}
    assert planned == posted | left_out and not posted & left_out
    assert len(planned) >= 27
    for post in kit.posts:
        assert post.fits and not post.findings, (post, post.findings, post.text)


@pytest.mark.parametrize("name", [path.stem for path in FILES])
def test_the_posts_match_their_golden_file(name: str) -> None:
    kit = kits()[name]
    text = "".join(f"=== {post.channel.id} · {post.moment} ({post.length}/{post.limit} {post.unit})\n{post.text}\n\n"
                   for post in kit.posts)
    text += "".join(f"=== finding: {finding.rule}\n{finding.message}\n\n" for finding in kit.findings)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("RADICAL_SOCIAL_REGEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with RADICAL_SOCIAL_REGEN=1 and read it"
    assert text == path.read_text(encoding="utf-8")


_CLOCK = r"\d{1,2}(?:[:.]\d{2}|\u00a0h(?:\u00a0\d{2})?)(?:\s?[ap]m)?"
_TIME_SPAN = re.compile(rf"{_CLOCK}\s*(?:[–-]|à|bis)\s*{_CLOCK}")


@pytest.mark.parametrize("name", [path.stem for path in FILES])
def test_no_post_shows_an_end_time_that_was_not_given(name: str) -> None:
    kit = kits()[name]
    spans = [post.text for post in kit.posts if _TIME_SPAN.search(post.text)]
    if kit.event.end is None or kit.event.all_day:
        assert not spans, spans[:1]
    else:
        assert spans, "an end that was given is shown"


@pytest.mark.parametrize("name", [path.stem for path in FILES if "rrule:" in path.read_text(encoding="utf-8")])
def test_a_recurring_event_says_how_often_in_every_post(name: str) -> None:
    from radical_social.text import words
    from radical_social.text.templating import gsm7

    kit = kits()[name]
    often = words.recurrence(kit.event)
    assert often
    missing = [f"{post.channel.id}/{post.moment}: {post.text}" for post in kit.posts
               if (gsm7(often) if post.channel.id == "sms" else often).lower() not in post.text.lower()]
    assert not missing, "\n\n".join(missing)


def _facts(kit: Kit) -> list[str]:
    """What the event itself says, as the posts word it: masked, since facts are not stock."""
    from radical_social.posts.compose import _facts, _own_words

    facts = _facts(kit.event, kit.event.language, NOW.date(), None)
    named = [facts[key] for key in ("title", "place", "city", "where", "when", "when_short", "url")]
    return sorted({fact for fact in (*named, *_own_words(facts)) if fact}, key=len, reverse=True)


def _sentences(text: str, facts: list[str]) -> set[str]:
    for fact in facts:
        text = text.replace(fact, "=")
    parts = re.split(r"(?<=[.!?…])\s+|\n+", text)
    return {" ".join(part.lower().split()) for part in parts if len(_WORD.findall(part)) >= STOCK_WORDS}


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def test_no_stock_sentence_appears_in_three_or_more_kits() -> None:
    """A sentence of six or more words, the event's own facts aside, that recurs across kits is stock."""
    found: dict[str, set[str]] = defaultdict(set)
    for name, kit in kits().items():
        facts = _facts(kit)
        for post in kit.posts:
            for sentence in _sentences(post.text, facts):
                found[sentence].add(name)
    stock = {sentence: sorted(names) for sentence, names in found.items() if len(names) >= STOCK_KITS}
    assert not stock, "\n".join(f"{sentence!r} in {names}" for sentence, names in stock.items())


# --- names are names ---------------------------------------------------------------------------------

_LETTER = re.compile(r"\w", re.UNICODE)
_QUOTES = {"it": ("«", "»"), "es": ("«", "»"), "fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“")}


def _bare_uses(text: str, name: str) -> list[str]:
    """Places where ``name`` stands in a sentence as a word among words: a word right before it (an
    article or preposition: «presso X», «findet X statt») or right after it (a verb: «X è domani»).
    A name on its own line, after a label and colon, in a list after a comma, or in quotes is fine."""
    uses = []
    for match in re.finditer(re.escape(name), text):
        before = text[:match.start()].rstrip(" \u00a0\u202f")
        after = text[match.end():].lstrip(" \u00a0\u202f")
        if (before and _LETTER.match(before[-1])) or (after and _LETTER.match(after[0])):
            uses.append(text[max(0, match.start() - 25):match.end() + 25].replace("\n", "⏎"))
    return uses


@pytest.mark.parametrize("language", ["it", "es", "fr", "de"])
def test_titles_and_venue_names_are_never_a_bare_subject_or_object(language: str) -> None:
    bare = []
    for name, kit in kits().items():
        event = kit.event
        if not event.language.startswith(language):
            continue
        names = [event.title] + ([event.venue.name] if event.venue else [])
        for post in kit.posts:
            for shown in names:
                bare += [f"{name} {post.channel.id}/{post.moment}: …{use}…" for use in _bare_uses(post.text, shown)]
    assert not bare, "\n".join(bare)


@pytest.mark.parametrize(("text", "bare"), [
    ("Ci siamo: Corso di tortellini è domani.", True),
    ("Ci vediamo presso Piazza della Chiesa.", True),
    ("Morgen findet Linux-Installationsparty statt.", True),
    ("Corso di tortellini\n\nQuando: sabato", False),
    ("Dove: Piazza della Chiesa, Bellagio", False),
    ("Domani: «Corso di tortellini», ore 10:00", False),
    ("sab 13 mar, 10:00, Corso di tortellini. https://x.example", False),
])
def test_the_bare_name_check_tells_a_sentence_from_a_label(text: str, bare: bool) -> None:
    name = next(candidate for candidate in ("Corso di tortellini", "Piazza della Chiesa", "Linux-Installationsparty")
                if candidate in text)
    assert bool(_bare_uses(text, name)) is bare
