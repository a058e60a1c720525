"""The respect linter: finds what makes a post pushy, hard to read or recycled.

``lint(text)`` returns ``Finding`` objects, each with a stable rule id (see ``RULES``), a one-line
message in the text's language and the character span it is about. Phrase lists are data, one file
per language in ``radical_social/posts/linting_rules/<lang>.json`` (their ``_syntax`` entry explains the
notation); a language's phrases are used together with the English ones, because English bait
("like if", "link in bio") turns up in every language. Files are read and compiled once, on first
use; everything else is compiled at import. Each text is read line by line, and what the rules make
of a line (masked, folded, its words, hashtags, emoji, marks, cues and sentences; ``_Line``) is kept by
line, since a kit's posts share most of their lines; what they make of a whole text (its skeleton and
n-grams, its sentence keys) is kept by text, since a kit's posts come back as each other's ``others``
and as later posts' ``history``. ``tests/lint_reference.py`` keeps the slower linter this one must
agree with.

Decisions worth knowing:

* Phrases are matched on *folded* text (``text.folding``: lower case, no accents, NFKD, so "SÌ"
  is "si" and 𝐛𝐨𝐥𝐝 letters are plain), then mapped back to offsets in the original text.
* ``hashtag-case``: with no dictionary we cannot split words, so a hashtag word of more than
  ``HASHTAG_WORD_LETTERS`` letters with no capital inside is taken as several words run
  together, unless the language file lists it as one long word (``long-words``).
* ``shouting``: two words in capitals in a row, or one that is a common word of the language or of
  English ("book NOW"; the word lists are pyspellchecker's). Acronyms (listed ones, words without
  vowels, Roman numerals), words shorter than three letters and the capitals of the event's own
  title and venue (``Essentials``) neither count nor break a run of capitals.
* ``copy``: Jaccard similarity of character 4-gram sets after masking links, hashtags, mentions,
  numbers, month and day names and the event's title and venue, so that the same facts do not
  make two honest rewrites look alike. It also flags a sentence of ``SENTENCE_MIN_WORDS`` words or
  more that two earlier posts already hold; ``repeated_sentences`` finds such sentences across any
  set of texts (several events' kits, say).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import accumulate, chain
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from radical_social.event.values import clipped
from radical_social.posts import shingles
from radical_social.text import folding, sentences
from radical_social.text import patterns as _patterns
from radical_social.text.compiled import compiled_pattern, compiled_patterns

if TYPE_CHECKING:
    import regex

__all__ = ["RULES", "Essentials", "Finding", "Repeat", "lint", "repeated_sentences"]

RULES: Mapping[str, str] = MappingProxyType({
    "engagement-bait": "Asks for votes, reactions, shares, tags or comments: the five kinds of bait "
                       "platforms penalise.",
    "clickbait": "Withholds information or exaggerates to make people click.",
    "false-urgency": "Rushes people, or claims few places left without a real capacity behind it.",
    "hashtag-stuffing": "More hashtags than the cap.",
    "hashtag-case": "A multi-word hashtag not in CamelCase, which screen readers cannot split into words.",
    "shouting": "A word or more in capitals (acronyms and the event's own names excepted).",
    "punctuation": "Repeated exclamation or question marks.",
    "emoji-overuse": "More than three emoji, or emoji used as bullets at the start of three or more lines.",
    "fancy-letters": "Styled Unicode letters (mathematical, fullwidth, circled, small capitals, struck "
                     "through) that screen readers cannot read.",
    "missing-essentials": "An announcement without the event's name, date, place or link.",
    "calls-to-action": "More than one call to action.",
    "readability": "Hard to read: Gulpease index below 60 (Italian) or Flesch reading ease below 50 "
                   "(English); other languages and texts under 20 words are skipped.",
    "copy": "A near-copy of another channel's post in the same kit or of an earlier post, or a sentence "
            "already in two or more earlier posts.",
})

EMOJI_LIMIT = 3
EMOJI_BULLET_LINES = 3
"""Lines starting with an emoji from which they count as a bulleted list."""
HASHTAG_WORD_LETTERS = 12
"""Single-case hashtag words longer than this are taken as several words run together (a language
file may raise it: German writes compounds as one word)."""
SHOUTED_WORD_FREQUENCY = 100
"""A lone word in capitals is shouting when pyspellchecker's frequency lists count it at least this
often in the text's language or in English ("NOW", "GRATUITO"); rarer or unlisted capitals ("AGM",
"UILDM", "MAXXI") are taken as acronyms and names."""
READABILITY_MIN_WORDS = 20
GULPEASE_TARGET = 60
FLESCH_TARGET = 50
COPY_NGRAM = shingles.LENGTH
COPY_THRESHOLD = 0.6
"""Jaccard similarity of masked character 4-grams from which a post is a copy. Calibrated in
tests/test_linting.py: honest rewrites of one event for two channels score at most 0.42 (0.30 when the
title and venue are given), a recycled template with a new date and venue at least 0.75."""
COPY_MIN_NGRAMS = 40
"""Shorter skeletons are too short to tell a copy from a coincidence."""
SENTENCE_MIN_WORDS = 6
"""Shorter sentences ("See you there!", "Ingresso libero.") may recur without being stock."""
SENTENCE_HISTORY_TEXTS = 2
"""A sentence already in this many earlier posts is stock: with the new one, three texts say it."""
_EXCERPT_LIMIT = 80
_PHRASE_LIMIT = 50

_PHRASE_RULES = ("engagement-bait", "clickbait", "false-urgency", "scarcity", "calls-to-action")
_GAP = r"\W+(?:\w+\W+){0,5}?"
_REACT = "❤♥💖💗💕💓💞💘💝🧡💛💚💙💜🖤🤍🤎👍👎😍🥰😂🤣😮😯😢😭😡😠🔥👏💯"
_REACTIONS = frozenset(_REACT)
_OPEN_GROUP = re.compile(r"(?<!\\)\((?!\?)")
_LEADING_LOOKBEHINDS = re.compile(r"^(?:\(\?<[!=][^()]*\))+")
_NOT_HEAD = re.compile(r"[^a-z0-9]")
_GROUP_TOKEN = re.compile(r"\\.|[()|]|[^\\()|]+")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
_SUBTAG = re.compile(r"[-_]")

# Each alternative starts with a literal character, so the regex engine skips ahead quickly.
_MASKABLE = re.compile(r"https?://\S+|www\.\S+|#(?<![\w#&/]#)\w*[^\W\d_]\w*|@(?<![\w@]@)\w+")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HASHTAG = re.compile(r"#(?<![\w#&/]#)(\w*[^\W\d_]\w*)")
_BARE_URL = re.compile(r"^(?:https?://)?(?:www\.)?|/+$", re.IGNORECASE)

_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_EN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?…]+(?=\s|$)|\n")
_WORD = re.compile(r"[^\W_]+")
_QUICK = {_WORD: re.compile(r"\w+"), _WORD_EN: re.compile(r"\w+(?:'\w+)*")}
"""The same patterns with ``\\w`` for ``[^\\W_]``: a third quicker, and the same on text without an underscore."""
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_VOWEL = re.compile(r"[aeiouy]")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_DIGITS = re.compile(r" \d\w*")
"""A number in a skeleton (``_skeleton``), where a space is before every word: the space is the quick
way to find a word's start (a word boundary is tried at every character)."""
_PUNCTUATION = re.compile(r"[!?！？‼⁇⁈⁉]+")
_DOUBLED = frozenset("‼⁇⁈⁉")
_SHOUTED_TAIL = re.compile(r"\s*(?:[!！]{2,}|‼)")
_CAPITALS = re.compile(r"[A-ZÀ-ÖØ-Þ]{3}")
"""Three Latin capitals in a row: without them there is no shouting to look for."""

_STYLED = (
    "[\U0001d400-\U0001d7ff\uff21-\uff3a\uff41-\uff5a\u24b6-\u24e9\U0001f130-\U0001f189"
    "\u1d00-\u1dbf\u01eb\u0262\u026a\u0274\u0280\u028f\u0299\u029c\u029f\ua730\ua731]"
)
_STRUCK = r"[^\W_][\u0332\u0335-\u0338]+"
_FANCY = re.compile(rf"{_STYLED}(?:[\s\d.,;:!?'’-]*{_STYLED})+|{_STRUCK}(?:\s*{_STRUCK})+")
_ANY_FANCY = re.compile(rf"{_STYLED}|[\u0332\u0335-\u0338]")
_MAYBE_EMOJI = re.compile("[\u00a9\u00ae\u203c\u2049\u20e3\u2122-\U0010ffff]")
"""Where there is no such character there is no emoji (``patterns.EMOJI``): below U+2122 only ``#*0-9©®‼⁉`` are
emoji, and ``#*0-9`` only before a keycap mark (U+20E3). A quick test, before the ``regex`` module's scan."""



@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One problem: the rule, what to do about it, and where (character offsets into the text)."""

    rule: str
    message: str
    start: int
    end: int
    excerpt: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Essentials:
    """What an announcement must tell; a field left empty is not checked."""

    title: str | None = None
    """Also: its words in capitals are the organiser's own, never shouting (so is ``place``)."""
    date_words: Sequence[str] = ()
    """Any one of these (``"sabato 12 ottobre"``, ``"12/10"``) says when."""
    place: str | None = None
    url: str | None = None
    place_details: Sequence[str] = ()
    """The venue's address, city…: not required, but masked like the title and place when
    comparing posts, since every honest post of one event may repeat them."""
    facts: Sequence[str] = ()
    """The event's other facts as the posts word them (the organiser's sentences, the price, the
    places, how often…): masked too, so that two posts carrying the same facts are not copies."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Repeat:
    """A sentence found in several texts: its normalised form and which texts (indexes) hold it."""

    sentence: str
    texts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Phrase:
    rule: str
    pattern: re.Pattern[str] | regex.Pattern[str]
    message: str
    """The message key: ``<rule>-<category>`` when the language files have one, else the rule."""


@dataclass(frozen=True, slots=True)
class _Language:
    """The compiled lint data for one language."""

    code: str
    messages: Mapping[str, str]
    phrases: tuple[_Phrase, ...]
    cues: Mapping[str, tuple[tuple[str, int], ...]]
    """Literal text → the phrases (rule, index) that can begin where it is the longest cue found:
    those whose cue is that text or a prefix of it. Phrases are tried only there."""
    cue_finders: tuple[re.Pattern[str], ...]
    """Match the longest cue at each word start: one pattern for the cues in letters, and one for
    the reaction emoji (apart, each is a quick scan; the second is needed only where there are some)."""
    acronyms: frozenset[str]
    long_words: frozenset[str]
    hashtag_word_letters: int
    date_words: re.Pattern[str]
    """A date word in a skeleton (``_skeleton``), with the space before it."""


@dataclass(frozen=True, slots=True)
class _Options:
    hashtag_cap: int
    moment: str | None
    capacity: int | None
    essentials: Essentials | None
    others: Sequence[str]
    history: Sequence[str]
    names: tuple[str, ...]
    """The event's names and facts (``_fact_names``)."""


class _Line:
    """What the rules find in one line of a text (without its ``\\n``), offsets from the line's start: a kit's
    posts share most of their lines, so each line is read once (``_line``). Nothing the rules look for here
    crosses a line break."""

    __slots__ = ("all_words", "capitals", "counts", "cues", "emoji", "fancy", "folded", "hashtags", "masked", "origin",
                 "punctuation", "words")

    def __init__(self, line: str) -> None:
        self.masked = _mask(line)
        self.folded, self.origin = folding.fold(self.masked)
        self.words = _words(self.folded)
        """The folded words (``[^\\W_]+``) between single spaces, for the skeleton."""
        self.all_words = self.words if self.masked == line else _words(folding.fold(line)[0])
        """The same with nothing masked, for the essentials."""
        self.hashtags = tuple((*tag.span(), tag.group(1)) for tag in _HASHTAG.finditer(line)) if "#" in line else ()
        self.punctuation = self._punctuation()
        self.capitals = _CAPITALS.search(self.masked) is not None
        plain = line.isascii()
        self.fancy = not plain and _ANY_FANCY.search(line) is not None
        self.emoji = () if plain or not _MAYBE_EMOJI.search(line) else \
            tuple((*match.span(), _starts_line(line, match.start())) for match in _patterns.emoji().finditer(line))
        """Each emoji's span, and whether it starts the line."""
        self.cues: dict[str, tuple[tuple[int, int, str], ...]] = {}
        """By language code, as ``_line_cues`` gives them."""
        self.counts: dict[str, tuple[int, int, int, int]] = {}
        """By language code, as ``_prose`` gives them."""

    def prose(self, code: str) -> tuple[int, int, int, int]:
        """``_prose`` of the masked line."""
        counts = self.counts.get(code)
        if counts is None:
            counts = self.counts[code] = _prose(self.masked, code)
        return counts

    def _punctuation(self) -> tuple[tuple[int, int, str], ...]:
        """The runs of ``!`` and ``?`` that are too many (``_overdone``)."""
        masked = self.masked
        if "!" not in masked and "?" not in masked and masked.isascii():
            return ()
        return tuple((*match.span(), match.group()) for match in _PUNCTUATION.finditer(masked)
                     if _overdone(match.group()))


@lru_cache(maxsize=4096)
def _line(line: str) -> _Line:
    return _Line(line)


def _words(folded: str) -> str:
    return " ".join(_quick(_WORD, folded).findall(folded))


class _Text:
    """A text as its lines (``_Line``), and the text with links, hashtags, mentions and email addresses blanked
    out (same offsets), that folded, and the offset in the text of each folded character (``folding.fold``;
    None when they are one to one)."""

    __slots__ = ("folded", "lines", "masked", "offsets", "origin")

    def __init__(self, text: str) -> None:
        self.lines = lines = tuple(map(_line, text.split("\n")))
        self.masked = "\n".join([line.masked for line in lines])
        self.folded = "\n".join([line.folded for line in lines])
        self.offsets = tuple(accumulate([len(line.masked) + 1 for line in lines[:-1]], initial=0))
        """Where each line begins in the text."""
        self.origin = None if all(line.origin is None for line in lines) else self._origin()

    def _origin(self) -> tuple[int, ...]:
        origin: list[int] = []
        for line, offset in zip(self.lines, self.offsets, strict=True):
            origin += [offset + place for place in (line.origin or range(len(line.folded)))]
            origin.append(offset + len(line.masked))  # the line break
        return tuple(origin[:-1])


@lru_cache(maxsize=1024)
def _text(text: str) -> _Text:
    return _Text(text)


class _Post:
    """A text being linted, with the views of it that the rules share."""

    __slots__ = ("emoji", "folded", "hashtags", "language", "marks", "masked", "options", "origin", "starts", "text",
                 "view")

    def __init__(self, text: str, language: _Language, options: _Options) -> None:
        self.text = text
        self.language = language
        self.options = options
        self.view = _text(text)
        self.masked, self.folded, self.origin = self.view.masked, self.view.folded, self.view.origin
        self.hashtags: list[tuple[int, int, str]] = []
        self.emoji: list[tuple[int, int, bool]] = []
        self.marks: list[tuple[int, int, str]] = []
        self.starts = _cue_positions(self._place(), language)

    def _place(self) -> list[tuple[int, int, str]]:
        """Put each line's hashtags, emoji and marks in the text; its cues (finder, start, cue), in the folded text."""
        cues: list[tuple[int, int, str]] = []
        language, folded_offset = self.language, 0
        for line, offset in zip(self.view.lines, self.view.offsets, strict=True):
            if line.hashtags:
                self.hashtags += _shifted(line.hashtags, offset)
            if line.emoji:
                self.emoji += _shifted(line.emoji, offset)
            if line.punctuation:
                self.marks += _shifted(line.punctuation, offset)
            found = line.cues.get(language.code)
            if found is None:
                found = line.cues[language.code] = _line_cues(line.folded, language)
            if found:
                cues += [(finder, folded_offset + position, cue) for finder, position, cue in found]
            folded_offset += len(line.folded) + 1
        return cues

    def matches(self, rule: str) -> list[tuple[int, int, int]]:
        """(phrase index, start, end) of the phrases of ``rule`` found, in text order; where
        matches overlap, the one that starts first (or is longest) wins."""
        if rule not in self.starts:
            return []
        phrases, folded = self.language.phrases, self.folded
        found = [(index, *match.span()) for index, position in self.starts[rule]
                 if (match := phrases[index].pattern.match(folded, position))]
        found.sort(key=lambda match: (match[1], -match[2], match[0]))
        kept: list[tuple[int, int, int]] = []
        for index, start, end in found:
            if not kept or start >= kept[-1][2]:
                kept.append((index, start, end))
        return [(index, *self._span(start, end)) for index, start, end in kept]

    def finding(self, rule: str, start: int, end: int, *, key: str = "", **values: object) -> Finding:
        excerpt = clipped(self.text[start:end], _EXCERPT_LIMIT)
        message = self.language.messages[key or rule]
        if "{phrase" in message:  # not in the whole-text messages (copy, readability), the most frequent
            values["phrase"] = clipped(" ".join(str(values.get("phrase", excerpt)).split()), _PHRASE_LIMIT)
        message = message.format(**values)
        return Finding(rule=rule, message=message, start=start, end=end, excerpt=excerpt)

    def _span(self, start: int, end: int) -> tuple[int, int]:
        if self.origin is None:
            return start, end
        first = self.origin[start] if start < len(self.origin) else len(self.text)
        return first, (self.origin[end - 1] + 1 if end > start else first)


def lint(
    text: str,
    *,
    language: str = "en",
    hashtag_cap: int = 3,
    moment: str | None = None,
    capacity: int | None = None,
    essentials: Essentials | None = None,
    others: Sequence[str] = (),
    history: Sequence[str] = (),
) -> list[Finding]:
    """Everything disrespectful or unreadable in ``text``, in text order.

    ``language`` is a BCP 47 tag (only its first part counts); ``capacity`` backs claims of few
    places left; ``essentials`` are checked when ``moment == "announce"``; ``others`` are the other
    channels' posts of the same kit and ``history`` earlier posts, both checked for near-copies;
    a sentence of ``text`` already in two or more of ``history`` is flagged too (``copy``).
    """
    options = _Options(hashtag_cap, moment, capacity, essentials, others, history, _fact_names(essentials))
    post = _Post(text, _language_of(language), options)
    findings = [finding for check in _CHECKS for finding in check(post)]
    return sorted(findings, key=lambda finding: (finding.start, finding.end, finding.rule))


# --- rules ------------------------------------------------------------------------------------


def _engagement_bait(post: _Post) -> Iterator[Finding]:
    for index, start, end in post.matches("engagement-bait"):
        yield post.finding("engagement-bait", start, end, key=post.language.phrases[index].message)


def _clickbait(post: _Post) -> Iterator[Finding]:
    for index, start, end in post.matches("clickbait"):
        yield post.finding("clickbait", start, end, key=post.language.phrases[index].message)


def _false_urgency(post: _Post) -> Iterator[Finding]:
    """Pressure is always flagged; a scarcity claim only without a capacity, or when shouted."""
    for _, start, end in post.matches("false-urgency"):
        yield post.finding("false-urgency", start, end)
    capacity = post.options.capacity
    for _, start, end in post.matches("scarcity"):
        shouted = post.text[start:end].isupper() or _SHOUTED_TAIL.match(post.text, end) is not None
        if capacity is None or shouted:
            yield post.finding("false-urgency", start, end, key="scarcity" if capacity is None else "")


def _hashtag_stuffing(post: _Post) -> Iterator[Finding]:
    tags = post.hashtags
    cap = max(post.options.hashtag_cap, 0)
    if len(tags) > cap:
        yield post.finding("hashtag-stuffing", tags[cap][0], tags[-1][1], count=len(tags), cap=cap)


def _hashtag_case(post: _Post) -> Iterator[Finding]:
    for start, end, tag in post.hashtags:
        if _runs_together(tag, post.language.code):
            yield post.finding("hashtag-case", start, end)


@lru_cache(maxsize=1024)
def _runs_together(tag: str, code: str) -> bool:
    """Whether a hashtag (without its ``#``) has a word that looks like several (kept by tag: a kit's posts
    share their hashtags)."""
    return any(_run_together(word, _language(code)) for word in _LETTERS.findall(tag))


def _run_together(word: str, language: _Language) -> bool:
    """Whether a hashtag word looks like several words written with no capitals between them."""
    single_case = word[1:].islower() or word.isupper()
    too_long = len(word) > language.hashtag_word_letters
    return single_case and too_long and folding.fold(word)[0] not in language.long_words


def _shouting(post: _Post) -> Iterator[Finding]:
    """Each run of words in capitals: two words or more, or one that is a common word ("book NOW").
    Acronyms, short words and the capitals of the event's own title and venue neither count nor
    break a run."""
    if not any(line.capitals for line in post.view.lines):
        return
    names = _capitalised_names(post.options.essentials)
    run: list[tuple[int, int]] = []
    for match in _LETTERS.finditer(post.masked):
        word = match.group()
        if not word.isupper():
            yield from _shouted(post, run)
            run = []
        elif len(word) >= 3 and word not in names and not _is_acronym(word, post.language.acronyms):
            run.append(match.span())
    yield from _shouted(post, run)


def _shouted(post: _Post, run: list[tuple[int, int]]) -> Iterator[Finding]:
    if len(run) >= 2 or (run and _is_common_word(post.text[run[0][0]:run[0][1]].lower(), post.language.code)):
        yield post.finding("shouting", run[0][0], run[-1][1])


def _is_common_word(word: str, code: str) -> bool:
    """Whether ``word`` (lower case) is a common word of language ``code`` or of English."""
    return word in _common_words(code) or word in _common_words("en")


@lru_cache(maxsize=16)
def _common_words(code: str) -> frozenset[str]:
    """Words of ``code`` found at least ``SHOUTED_WORD_FREQUENCY`` times in pyspellchecker's
    frequency lists (none for a language it has no list for); loaded on first use."""
    from spellchecker import SpellChecker

    if code not in SpellChecker.languages():
        return frozenset()
    counts = SpellChecker(language=code, distance=1).word_frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= SHOUTED_WORD_FREQUENCY)


def _capitalised_names(essentials: Essentials | None) -> frozenset[str]:
    """The words in capitals of the event's title and venue: the organiser's names, not shouting."""
    if essentials is None:
        return frozenset()
    names = " ".join(name for name in (essentials.title, essentials.place) if name)
    return frozenset(word for word in _LETTERS.findall(names) if word.isupper())


def _is_acronym(word: str, acronyms: frozenset[str]) -> bool:
    folded = folding.fold(word)[0]
    return folded in acronyms or not _VOWEL.search(folded) or _ROMAN.fullmatch(word) is not None


def _punctuation(post: _Post) -> Iterator[Finding]:
    for start, end, _ in post.marks:
        yield post.finding("punctuation", start, end)


def _overdone(marks: str) -> bool:
    """Whether a run of exclamation and question marks is more than one, or than ``?!``."""
    return (len(marks) > 1 and marks not in ("?!", "!?")) or not _DOUBLED.isdisjoint(marks)


def _emoji(post: _Post) -> Iterator[Finding]:
    emoji = post.emoji
    if not emoji:
        return
    if len(emoji) > EMOJI_LIMIT:
        yield post.finding("emoji-overuse", emoji[EMOJI_LIMIT][0], emoji[-1][1], count=len(emoji))
    bullets = [(start, end) for start, end, bullet in emoji if bullet]
    if len(bullets) >= EMOJI_BULLET_LINES:
        yield post.finding(
            "emoji-overuse", bullets[0][0], bullets[-1][1], key="emoji-bullets", count=len(bullets)
        )


def _starts_line(line: str, start: int) -> bool:
    """Whether only spaces and tabs come before ``start`` in ``line`` (lines end at ``\n`` alone)."""
    return not line[:start].strip(" \t")


def _fancy_letters(post: _Post) -> Iterator[Finding]:
    if not any(line.fancy for line in post.view.lines):
        return
    for match in _FANCY.finditer(post.text):
        yield post.finding("fancy-letters", *match.span())


def _missing_essentials(post: _Post) -> Iterator[Finding]:
    essentials = post.options.essentials
    if post.options.moment != "announce" or essentials is None:
        return
    words = f" {' '.join([line.all_words for line in post.view.lines if line.all_words])} "
    dates = [essentials.date_words] if isinstance(essentials.date_words, str) else essentials.date_words
    for key, expected, present in (
        ("missing-title", essentials.title, _names(words, essentials.title)),
        ("missing-date", next(iter(dates), None), any(_contains(words, date) for date in dates)),
        ("missing-place", essentials.place, _names(words, essentials.place)),
        ("missing-url", essentials.url, _has_url(post.text, essentials.url)),
    ):
        if expected and expected.strip() and not present:
            yield post.finding("missing-essentials", 0, 0, key=key, phrase=expected)


def _names(words: str, name: str | None) -> bool:
    """Whether ``words`` (a text's folded words between spaces) name ``name``: all of it, or at least half of its
    longer words."""
    if not name:
        return True
    if _contains(words, name):
        return True
    long_words = [word for word in _plain_words(name) if len(word) >= 4]
    found = sum(_contains(words, word) for word in long_words)
    return bool(long_words) and 2 * found >= len(long_words)


def _contains(words: str, phrase: str) -> bool:
    """Whether the words of ``phrase`` follow one another in ``words`` (a text's folded words between spaces)."""
    wanted = _spaced_plain(phrase)
    return wanted != "  " and wanted in words


@lru_cache(maxsize=4096)
def _plain_words(phrase: str) -> tuple[str, ...]:
    """The folded words of ``phrase`` (``folding.plain``)."""
    return tuple(folding.plain(phrase).split())


@lru_cache(maxsize=256)
def _spaced(names: tuple[str, ...]) -> tuple[str, ...]:
    """Each of ``names`` as plain words between spaces, as ``_skeleton`` finds them."""
    return tuple(map(_spaced_plain, names))


@lru_cache(maxsize=4096)
def _spaced_plain(phrase: str) -> str:
    """``phrase`` as plain words between spaces (``folding.plain``)."""
    return f" {folding.plain(phrase)} "


def _has_url(text: str, url: str | None) -> bool:
    bare = _bare_url(url or "")
    return not bare or bare in text or bare in text.lower()  # in the text as written: in lower case too


@lru_cache(maxsize=256)
def _bare_url(url: str) -> str:
    """``url`` in lower case without its scheme, ``www.`` or trailing slashes."""
    return _BARE_URL.sub("", url).lower()


def _calls_to_action(post: _Post) -> Iterator[Finding]:
    """Each call to action after the first, counting a repeated one once."""
    seen: set[int] = set()
    for action, start, end in post.matches("calls-to-action"):
        if action not in seen:
            seen.add(action)
            if len(seen) > 1:
                yield post.finding("calls-to-action", start, end)


def _readability(post: _Post) -> Iterator[Finding]:
    """Scores the post's own wording: the event's facts and the organiser's words (``essentials``)
    are set aside, each as a line of its own, since a list of names and dates is not prose."""
    code = post.language.code
    if code not in ("it", "en"):
        return
    masked = _unnamed(post.masked, post.options.names)
    if post.origin is None and len("".join(masked.split())) < READABILITY_MIN_WORDS:
        return  # fewer characters than words wanted: folding keeps one character for one, and none for a space
    if masked == post.masked:  # no fact in it: the lines' counts, kept on them
        counts = zip(*(line.prose(code) for line in post.view.lines), strict=True)
    else:
        counts = zip(*(_prose(line, code) for line in masked.split("\n")), strict=True)
    words, letters, syllables, sentences = map(sum, counts)
    if words < READABILITY_MIN_WORDS:
        return
    sentences = max(1, sentences)
    if code == "it":
        index, score, target = "Gulpease", _gulpease(words, letters, sentences), GULPEASE_TARGET
    else:
        index, score, target = "Flesch", _flesch(words, syllables, sentences), FLESCH_TARGET
    if score < target:
        yield post.finding("readability", 0, len(post.text), index=index, score=score, target=target)


def _gulpease(words: int, letters: int, sentences: int) -> float:
    """Gulpease index of Italian text (0–100, higher is easier)."""
    return 89 + (300 * sentences - 10 * letters) / words


def _flesch(words: int, syllables: int, sentences: int) -> float:
    """Flesch reading ease of English text (higher is easier; 60–70 is plain English)."""
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def _unnamed(masked: str, names: Sequence[str]) -> str:
    """``masked`` with each of ``names`` as a line break."""
    for name in names:
        masked = masked.replace(name, "\n")
    return masked


@lru_cache(maxsize=4096)
def _prose(line: str, code: str) -> tuple[int, int, int, int]:
    """What the readability indexes count in a masked line: words (numbers aside), their letters and syllables,
    and its sentences (parts with letters between full stops)."""
    folded = folding.fold(line)[0]
    words = [word for word in _quick(_WORD if code == "it" else _WORD_EN, folded).findall(folded) if not word.isdigit()]
    sentences = sum(1 for part in _SENTENCE_BREAK.split(line) if _LETTERS.search(part))
    syllables = sum(map(_syllables, words)) if code == "en" else 0
    return len(words), sum(map(len, words)), syllables, sentences


@lru_cache(maxsize=16384)
def _syllables(word: str) -> int:
    """Syllables of a folded English word: vowel groups, less a silent final -e or -ed."""
    count = len(_VOWEL_GROUP.findall(word))
    if count > 1 and (
        (word.endswith("e") and not word.endswith(("le", "ee", "ye")))
        or (word.endswith("ed") and not word.endswith(("ted", "ded")))
    ):
        count -= 1
    return max(count, 1)


def _copy(post: _Post) -> Iterator[Finding]:
    options = post.options
    if not (options.others or options.history):
        return
    skeletons = _skeletons(post.language.code, options.names, shingles.current())
    if len(skeletons.skeleton(post.text)) - (COPY_NGRAM - 1) < COPY_MIN_NGRAMS:
        return  # fewer n-grams than that, without looking them up
    own, count = skeletons.bits(post.text)
    if count < COPY_MIN_NGRAMS:
        return
    for key, texts in (("copy-kit", options.others), ("copy-history", options.history)):
        best = shingles.closest(own, count, map(skeletons.bits, texts))
        if best >= COPY_THRESHOLD:
            yield post.finding("copy", 0, len(post.text), key=key, similarity=best)


def _fact_names(essentials: Essentials | None) -> tuple[str, ...]:
    """The event's names and facts that honest posts share, longest first (a venue's name is part
    of its address line, so the line goes first)."""
    if essentials is None:
        return ()
    dates = [essentials.date_words] if isinstance(essentials.date_words, str) else essentials.date_words
    return _longest_first((essentials.title, essentials.place, *essentials.place_details, *essentials.facts, *dates))


@lru_cache(maxsize=256)
def _longest_first(names: tuple[str | None, ...]) -> tuple[str, ...]:
    """``names`` once each, longest first; the posts of one event share them."""
    return tuple(sorted({name for name in names if name}, key=lambda name: (-len(name), name)))


def _copied_sentences(post: _Post) -> Iterator[Finding]:
    """Each sentence of the post that ``SENTENCE_HISTORY_TEXTS`` or more earlier posts already hold."""
    history = post.options.history
    if len(history) < SENTENCE_HISTORY_TEXTS:
        return
    own = _sentence_keys(post.text)
    if not own:
        return
    counts = Counter(chain.from_iterable(map(own.intersection, map(_sentence_keys, history))))
    if not counts or max(counts.values()) < SENTENCE_HISTORY_TEXTS:
        return
    for start, end, key in _sentences(post.text, SENTENCE_MIN_WORDS):
        if counts[key] >= SENTENCE_HISTORY_TEXTS:
            yield post.finding("copy", start, end, key="copy-sentence", count=counts[key])


def repeated_sentences(
    texts: Sequence[str], *, min_texts: int = 3, min_words: int = SENTENCE_MIN_WORDS,
) -> list[Repeat]:
    """The sentences of ``min_words`` words or more that ``min_texts`` or more of ``texts`` share,
    in the order they first appear, each with the indexes of the texts that hold it.

    Sentences end where ``radical_social.text.sentences`` says (full stops, ``!``, ``?``, ``…``, line
    ends); links, hashtags, mentions and email addresses are left out. Two sentences are the same
    when their words are, whatever the case, accents, spacing and punctuation; ``Repeat.sentence``
    is the first one found as it was written, with spaces collapsed and no punctuation at its end.
    """
    tally = SentenceTally(min_words=min_words)
    for text in texts:
        tally.add(text)
    holders: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        for key in tally.repeated_keys(text, min_texts):
            holders.setdefault(key, []).append(index)
    return [Repeat(sentence=tally.sentence(key), texts=tuple(holders[key])) for key in tally.ordered(holders)]


class SentenceTally:
    """How many texts hold each sentence, counted one text at a time: what ``repeated_sentences`` finds,
    for texts too many to keep (the events of a long file). ``add`` every text first, then ask
    ``repeats`` of each; memory grows with the sentences, not the texts."""

    def __init__(self, *, min_words: int = SENTENCE_MIN_WORDS) -> None:
        self._min_words = min_words
        self._first: dict[str, tuple[int, str]] = {}
        """Each sentence's words → its place among the sentences seen, and the first as written."""
        self._texts: Counter[str] = Counter()

    def add(self, text: str) -> None:
        """Count the sentences of ``text`` (once each, however often it repeats one)."""
        held = set()
        for start, end, key in _sentences(text, self._min_words):
            if key not in self._first:
                self._first[key] = len(self._first), " ".join(text[start:end].split())
            held.add(key)
        self._texts.update(held)

    def repeats(self, text: str, min_texts: int = 3) -> list[tuple[str, int]]:
        """The sentences of ``text`` (added before) that ``min_texts`` or more texts hold, in the order they were
        first seen, each as first written, with the number of texts that hold it."""
        return [(self.sentence(key), self._texts[key]) for key in self.ordered(self.repeated_keys(text, min_texts))]

    def repeated_keys(self, text: str, min_texts: int) -> set[str]:
        return {key for _, _, key in _sentences(text, self._min_words) if self._texts[key] >= max(min_texts, 1)}

    def ordered(self, keys: Iterable[str]) -> list[str]:
        return sorted(keys, key=lambda key: self._first[key][0])

    def sentence(self, key: str) -> str:
        return self._first[key][1]


@lru_cache(maxsize=1024)
def _sentence_keys(text: str) -> frozenset[str]:
    """The words of each sentence of ``text`` long enough to count (as ``_sentences`` gives them)."""
    return frozenset(key for _, _, key in _sentences(text, SENTENCE_MIN_WORDS))


@lru_cache(maxsize=1024)
def _sentences(text: str, min_words: int) -> tuple[tuple[int, int, str], ...]:
    """(start, end, words) of each sentence of ``min_words`` words or more, its span without the
    closing punctuation; the words are folded, with links, hashtags, mentions and emails left out.
    A line break ends a sentence, so they are found line by line (``_line_sentences``)."""
    return tuple((start + offset, end + offset, key)
                 for line, offset in zip(text.split("\n"), _text(text).offsets, strict=True)
                 for start, end, key, count in _line_sentences(line) if count >= min_words)


@lru_cache(maxsize=4096)
def _line_sentences(line: str) -> tuple[tuple[int, int, str, int], ...]:
    """(start, end, words, how many) of each sentence of a line (``sentences.spans`` of it masked)."""
    view = _line(line)
    found = []
    for start, end in sentences.spans(view.masked):
        part = view.folded[start:end] if view.origin is None else folding.fold(view.masked[start:end])[0]
        words = _quick(_WORD, part).findall(part)
        while end > start and not line[end - 1].isalnum():  # closing punctuation: not [^\W_], as _WORD has it
            end -= 1
        found.append((start, end, " ".join(words), len(words)))
    return tuple(found)


class _Skeletons:
    """The n-grams of texts compared under one language, one event's names and one bit table, as
    bits of that table and how many there are, kept by text: a kit's posts come back as
    each other's ``others`` and as later posts' ``history``."""

    __slots__ = ("_code", "_known", "_names", "_table")
    LIMIT = 1024
    """Texts kept; then they are forgotten all at once."""

    def __init__(self, code: str, names: tuple[str, ...], table: shingles.Table) -> None:
        self._code, self._names, self._table = code, names, table
        self._known: dict[str, tuple[int, int]] = {}

    def bits(self, text: str) -> tuple[int, int]:
        known = self._known.get(text)
        if known is None:
            if len(self._known) >= self.LIMIT:
                self._known.clear()
            bits = self._table.text_bits(self.skeleton(text))
            known = self._known[text] = bits, bits.bit_count()
        return known

    def skeleton(self, text: str) -> str:
        return _skeleton(text, _language(self._code).date_words, self._names)


@lru_cache(maxsize=4)
def _skeletons(code: str, names: tuple[str, ...], table: shingles.Table) -> _Skeletons:
    """The texts kept for one event's comparisons (one at a time in ``build``; a few for safety)."""
    return _Skeletons(code, names, table)


@lru_cache(maxsize=1024)
def _skeleton(text: str, date_words: re.Pattern[str], names: tuple[str, ...] = ()) -> str:
    """``text`` folded to plain words, with links, hashtags, mentions, numbers, date words and
    ``names`` masked: what is left is how the post is written, not what it announces. Kept by text, so
    that a new bit table (``shingles.current``) does not make the history's skeletons again."""
    words = f" {_spaced_words(_text(text))} "  # the spacing a name of punctuation meets
    for name in _spaced(names):
        words = words.replace(name, " = ")
    return " ".join(date_words.sub(" @", _DIGITS.sub(" 0", words)).split())


_CHECKS: tuple[Callable[[_Post], Iterable[Finding]], ...] = (
    _engagement_bait, _clickbait, _false_urgency, _hashtag_stuffing, _hashtag_case, _shouting,
    _punctuation, _emoji, _fancy_letters, _missing_essentials, _calls_to_action, _readability, _copy,
    _copied_sentences,
)


# --- text folding and language data -----------------------------------------------------------


def _spaced_words(view: _Text) -> str:
    """The folded text with each run of non-word characters (``[\\W_]+``) as one space, from its lines' words."""
    words = " ".join([line.words for line in view.lines if line.words])
    folded = view.folded
    if not words:
        return " " if folded else ""
    return f"{' ' * (not folded[0].isalnum())}{words}{' ' * (not folded[-1].isalnum())}"


def _mask(text: str) -> str:
    """``text`` with links, hashtags, mentions and email addresses blanked out."""
    if "#" not in text and "@" not in text and "://" not in text and "www." not in text:
        return text  # each of them holds one of these
    masked = _blanked(text, [match.span() for match in _MASKABLE.finditer(text)])
    if "@" not in masked:
        return masked
    return _blanked(masked, [match.span() for match in _EMAIL.finditer(masked)])


def _quick(pattern: re.Pattern[str], text: str) -> re.Pattern[str]:
    """``pattern`` or, where ``text`` has no underscore (the one character that tells them apart), its
    quicker twin in ``_QUICK``."""
    return pattern if "_" in text else _QUICK[pattern]


def _blanked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with a space for each character of ``spans`` (in order, not overlapping)."""
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += (text[last:start], " " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _cue_positions(found: list[tuple[int, int, str]], language: _Language) -> dict[str, list[tuple[int, int]]]:
    """Rule → (phrase index, word start) for each (finder, word start, cue) found in the folded text."""
    found.sort(key=itemgetter(0))  # each finder's in text order, as when each scanned the whole text
    starts: dict[str, list[tuple[int, int]]] = {}
    for _, position, cue in found:
        for rule, index in language.cues.get(cue, ()):
            starts.setdefault(rule, []).append((index, position))
    return starts


_T = TypeVar("_T")


def _shifted(found: tuple[tuple[int, int, _T], ...], offset: int) -> list[tuple[int, int, _T]]:
    """(start, end, value) found in a line, with offsets in the text."""
    return [(start + offset, end + offset, value) for start, end, value in found]


def _line_cues(folded: str, language: _Language) -> tuple[tuple[int, int, str], ...]:
    """(finder, start, cue) of each cue in a folded line (cues are letters, digits or one emoji: none crosses a
    line break)."""
    finders = language.cue_finders if not _REACTIONS.isdisjoint(folded) else language.cue_finders[:1]
    return tuple((number, match.start(), match.group())
                 for number, finder in enumerate(finders) for match in finder.finditer(folded))


@lru_cache(maxsize=64)
def _language_of(tag: str) -> _Language:
    """The lint data for a BCP 47 tag (its first part)."""
    return _language(_SUBTAG.split(tag.strip().lower(), maxsplit=1)[0])


@lru_cache(maxsize=32)
def _language(code: str) -> _Language:
    sources = [_data(code), _data("en")] if code != "en" else [_data("en")]
    messages = {**sources[-1]["messages"], **sources[0]["messages"]}
    notations = [(rule, category, phrase) for rule in _PHRASE_RULES
                 for phrase, category in _phrases(sources, rule).items()]
    cues: dict[str, list[int]] = {}
    for index, (_, _, phrase) in enumerate(notations):
        phrase_cues = _cues(phrase)
        if not phrase_cues:
            raise ValueError(f"lint phrase {phrase!r} ({code}) must begin with literal text or {{react}}")
        for cue in phrase_cues:
            cues.setdefault(cue, []).append(index)
    return _Language(
        code=code,
        messages=messages,
        phrases=tuple(_Phrase(rule, pattern, key if (key := f"{rule}-{category}") in messages else rule)
                      for (rule, category, _), pattern in zip(notations, _compiled(notations), strict=True)),
        cues=_cue_table(cues, [rule for rule, _, _ in notations]),
        cue_finders=_cue_finders(cues),
        acronyms=frozenset(word for source in sources for word in source["acronyms"]),
        long_words=frozenset(word for source in sources for word in source["long-words"]),
        hashtag_word_letters=sources[0]["hashtag-word-letters"],
        date_words=compiled_pattern(rf" (?:{_patterns.prefix_tree(_phrases(sources, 'date-words'))})(?= )"),
    )


def _cue_finders(cues: Collection[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns for the longest cue at each word start: ``\\b`` before a letter is a quicker test than a
    look behind; a reaction emoji (one character) is checked for a word before it once found."""
    words = [cue for cue in cues if cue not in _REACTIONS]
    reactions = "".join(re.escape(cue) for cue in cues if cue in _REACTIONS)
    return (compiled_pattern(rf"\b{_patterns.prefix_tree(words)}"),
            *([re.compile(rf"[{reactions}](?<!\w.)")] if reactions else []))


@lru_cache(maxsize=32)
def _data(code: str) -> Mapping[str, Any]:
    """A language file's content over the defaults (just the defaults when there is no such file)."""
    empty: dict[str, Any] = {
        "messages": {}, "acronyms": [], "long-words": [], "hashtag-word-letters": HASHTAG_WORD_LETTERS,
    }
    resource = files("radical_social.posts") / "linting_rules" / f"{code}.json"
    if not _LANGUAGE_CODE.fullmatch(code) or not resource.is_file():
        return empty
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return {**empty, **data}


def _phrases(sources: Iterable[Mapping[str, Any]], rule: str) -> dict[str, str]:
    """The phrases of ``rule`` in all sources, once each, with their category (a rule may group
    them in categories; ``""`` when it does not)."""
    phrases: dict[str, str] = {}
    for source in sources:
        entry = source.get(rule, [])
        for category, group in entry.items() if isinstance(entry, dict) else [("", entry)]:
            for phrase in group:
                phrases.setdefault(phrase, category)
    return phrases


def _compiled(notations: Sequence[tuple[str, str, str]]) -> list[re.Pattern[str] | regex.Pattern[str]]:
    """Each (rule, category, phrase) phrase in the data-file notation (see ``_syntax`` in en.json) as a regular
    expression; those without ``{emoji}`` kept between runs as one entry (250 of them, compiled, cost 0.1 s)."""
    expressions = [_expression(phrase) for _, _, phrase in notations]
    plain = iter(compiled_patterns([expression for expression in expressions if "{emoji}" not in expression]))
    return [_patterns.unicode_pattern(expression.replace("{emoji}", f"(?:{_patterns.EMOJI})"))
            if "{emoji}" in expression else next(plain) for expression in expressions]


def _expression(phrase: str) -> str:
    """A phrase in the data-file notation as a regular expression (``{emoji}`` left for ``_compiled``, the one
    kind of phrase that needs the regex module)."""
    phrase = _OPEN_GROUP.sub("(?:", phrase)
    phrase = phrase.replace(" ... ", _GAP).replace(" ", r"\W+").replace("{react}", f"[{_REACT}]")
    return rf"(?<!\w)(?:{phrase})(?!\w)"


def _cue_table(cues: Mapping[str, list[int]], rules: Sequence[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Cue → the (rule, phrase index) of each phrase whose cue is that cue or a prefix of it, in the order the
    cues were found (each cue's prefixes are looked up, not every cue compared with every other)."""
    order = {cue: place for place, cue in enumerate(cues)}
    table = {}
    for cue in cues:
        prefixes = sorted((prefix for prefix in (cue[:end] for end in range(1, len(cue) + 1)) if prefix in order),
                          key=order.__getitem__)
        table[cue] = tuple((rules[index], index) for prefix in prefixes for index in cues[prefix])
    return table


def _cues(phrase: str) -> tuple[str, ...]:
    """Literal beginnings of ``phrase`` (in data notation), one of which begins every match; empty
    when there are none, which the data files must avoid."""
    phrase = _LEADING_LOOKBEHINDS.sub("", phrase)
    if phrase.startswith("{react}"):
        return tuple(_REACT)
    if not phrase.startswith("("):
        head = _NOT_HEAD.split(phrase, maxsplit=1)[0]
        optional_last = phrase[len(head):len(head) + 1] in ("?", "*", "{")
        head = head[:-1] if optional_last else head
        return (head,) if head else ()
    alternatives, rest = _leading_group(phrase)
    cues = [_cues(alternative) for alternative in alternatives]
    if not alternatives or rest[:1] in ("?", "*", "{") or not all(cues):
        return ()
    return tuple(cue for group in cues for cue in group)


def _leading_group(phrase: str) -> tuple[list[str], str]:
    """The alternatives of the group ``phrase`` starts with, and the text after that group."""
    depth, alternatives = 0, [""]
    for token in _GROUP_TOKEN.finditer(phrase):
        text = token.group()
        depth -= text == ")"
        if depth == 0 and text == ")":
            return alternatives, phrase[token.end():]
        if depth == 1 and text == "|":
            alternatives.append("")
        elif depth >= 1:
            alternatives[-1] += text
        depth += text == "("
    return [], ""

