"""Posts: one short, original text per channel and moment, fitted to the channel by priority.

A post is rendered from ``templates/posts/<channel>/<moment>.<language>.txt.j2``. When it is too
long, optional parts are dropped one after another, least needed first (see
``_shorter_and_shorter``); the title, the date and time, the place and the link never are. A post
that does not fit even then is left out of the kit (``LeftOut``), or raises ``FitError`` when asked
for alone or with ``strict``. SMS are spelled in the GSM-7 alphabet where the meaning survives.

The template context (documented in ``docs/reference/templates.md``): ``event``, ``channel``,
``moment``, ``title``, ``when``, ``when_short``, ``place``, ``city``, ``where``, ``spot``,
``description``, ``lead``, ``rest``, ``pitch``, ``price``, ``capacity``, ``booking``, ``recurrence``,
``organizer``, ``url``, ``hashtags``, ``phrases``, ``next_event``, ``next_when``, ``next_when_short``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social._html import escaped, never_raises
from radical_social.errors import FitError, LanguageFallbackWarning, TemplateError
from radical_social.event.model import Event, Venue
from radical_social.posts.channels import Channel, chosen_channels
from radical_social.posts.planning import MOMENTS
from radical_social.text import sentences

if TYPE_CHECKING:
    from radical_social.posts.linting import Essentials, Finding

_BLANK_LINES = re.compile(r"\n{3,}")
_DOUBLE_STOP = re.compile(r"(?<=\w\.)\.(?!\.)")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_HASHTAG_JUNK = re.compile(r"[^\w\s]")


@dataclass(frozen=True, kw_only=True, slots=True)
class Post:
    """One post: its text, its length as the channel counts it, and what the linter found."""

    channel: Channel
    moment: str
    language: str
    text: str
    length: int
    findings: tuple[Finding, ...] = ()

    @property
    def limit(self) -> int:
        return self.channel.limit

    @property
    def unit(self) -> str:
        return self.channel.unit

    @property
    def fits(self) -> bool:
        return self.channel.overflow(self.text) is None

    @property
    def path(self) -> str:
        """Where the post is saved in a kit, relative to its folder."""
        return f"posts/{self.channel.id}-{self.moment}.txt"

    def as_dict(self) -> dict[str, Any]:
        """The post's entry in ``kit.json``."""
        return {
            "channel": self.channel.id,
            "moment": self.moment,
            "language": self.language,
            "text": self.text,
            "length": self.length,
            "limit": self.limit,
            "unit": self.unit,
            "path": self.path,
            "findings": [
                {"rule": f.rule, "message": f.message, "start": f.start, "end": f.end} for f in self.findings
            ],
        }

    def __repr__(self) -> str:
        return f"<Post {self.channel.id} {self.moment} {self.length}/{self.limit}>"

    def _repr_html_(self) -> str:
        return _post_html(self)


@never_raises
def _post_html(post: Post) -> str:
    colour = "#b00020" if not post.fits else "#555"
    findings = "".join(f"<li>{escaped(finding.message)}</li>" for finding in post.findings)
    return (
        f"<div style='max-width:36em'><div style='font-size:smaller;color:#555'>"
        f"{escaped(post.channel.name)} · {escaped(post.moment)}"
        f" · <span style='color:{colour}'>{post.length}/{post.limit} {escaped(post.unit)}</span></div>"
        f"<pre style='white-space:pre-wrap;font-family:inherit'>{escaped(post.text)}</pre>"
        + (f"<ul>{findings}</ul>" if findings else "")
        + "</div>"
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class LeftOut:
    """A post that cannot fit its channel even with every optional part dropped."""

    channel: Channel
    moment: str
    length: int
    """The essentials-only text's length, in the channel's unit (bytes when ``byte_limit`` was passed)."""
    limit: int
    unit: str
    longest: str
    """The essential that takes the most room: ``title``, ``place`` or ``url``."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Posts:
    """The posts of one event, and those left out because they cannot fit their channel."""

    posts: tuple[Post, ...]
    left_out: tuple[LeftOut, ...] = ()


def compose(
    event: Event,
    channel: Channel,
    moment: str,
    *,
    language: str | None = None,
    today: date | None = None,
    next_event: Event | None = None,
    templates: Path | None = None,
) -> Post:
    """The post for one channel and moment, fitted to the channel's limit; ``FitError`` when even
    its title, date, place and link do not fit."""
    fitted = _fit(_facts(event, language or event.language, today, next_event), channel, moment, templates)
    if isinstance(fitted, LeftOut):
        raise FitError(_fit_error(fitted, event))
    return fitted


def compose_posts(
    event: Event,
    channels: Sequence[str | Channel] | None = None,
    moments: Mapping[str, Sequence[str]] | None = None,
    *,
    language: str | None = None,
    today: date | None = None,
    next_event: Event | None = None,
    templates: Path | None = None,
    history: Sequence[str] = (),
    check: bool = True,
    strict: bool = False,
) -> Posts:
    """Posts for each of ``channels`` (ids of built-in channels or ``Channel`` values; default: every built-in
    channel) at each of its ``moments`` (default: every moment). A post that cannot fit is left out
    (``Posts.left_out``), or with ``strict`` raises ``FitError``. With ``check``, each post is linted
    against the other channels' posts of the same moment and against ``history``."""
    facts = _facts(event, language or event.language, today, next_event)
    fitted = [
        _fit(facts, channel, moment, templates)
        for channel in chosen_channels(channels)
        for moment in (MOMENTS if moments is None else moments.get(channel.id, ()))
    ]
    posts = tuple(post for post in fitted if isinstance(post, Post))
    left_out = tuple(post for post in fitted if isinstance(post, LeftOut))
    if strict and left_out:
        raise FitError("; ".join(_fit_error(post, event) for post in left_out))
    if check:
        essentials = _essentials(facts)
        posts = tuple(_linted(post, posts, essentials, facts["event"].capacity, history) for post in posts)
    return Posts(posts=posts, left_out=left_out)


def _fit(facts: Mapping[str, Any], channel: Channel, moment: str, templates: Path | None) -> Post | LeftOut:
    from radical_social.text.templating import render_template

    if moment not in MOMENTS:
        raise TemplateError(f"unknown moment {moment!r}; use one of {', '.join(MOMENTS)}")
    template = _template(channel.template_folder, moment, facts["language"], templates)
    context = {**facts, "channel": channel, "moment": moment,
               "hashtags": hashtags(facts["event"].tags, channel.hashtag_cap)}
    spell = _speller(channel)
    for variant in _shorter_and_shorter(context):
        text = spell(_tidy(render_template(template, variant), _written_stops(variant)))
        length, overflow = channel.measure(text)
        if overflow is None:
            return Post(channel=channel, moment=moment, language=facts["language"], text=text, length=length)
    longest = max(("title", "place", "url"), key=lambda name: len(context[name] or ""))
    if length > channel.limit or channel.byte_limit is None:
        return LeftOut(channel=channel, moment=moment, length=length, limit=channel.limit, unit=channel.unit,
                       longest=longest)
    return LeftOut(channel=channel, moment=moment, length=len(text.encode("utf-8")), limit=channel.byte_limit,
                   unit="bytes", longest=longest)


def _speller(channel: Channel) -> Callable[[str], str]:
    """How the channel's text is spelled before it is counted: SMS in the GSM-7 alphabet where the
    meaning survives, everything else as written."""
    if channel.counting != "sms":
        return str
    from radical_social.text.counting import gsm7_text

    return gsm7_text


def _fit_error(left_out: LeftOut, event: Event) -> str:
    return (f"{left_out.channel.name} {left_out.moment} post of {event.title!r} is {left_out.length} {left_out.unit} "
            f"with only the title, date, place and link; the limit is {left_out.limit}. "
            f"Shorten '{left_out.longest}', or leave the channel out.")


def _essentials(facts: Mapping[str, Any]) -> Essentials:
    """What the linter checks an announcement for, and the facts it sets aside (once per event)."""
    from radical_social.posts.linting import Essentials

    event: Event = facts["event"]
    return Essentials(
        title=event.title, place=facts["place"], url=event.url,
        place_details=[detail for detail in (facts["where"], facts["city"]) if detail],
        date_words=[words for words in (facts["when"], facts["when_short"], facts["recurrence"]) if words],
        facts=_own_words(facts),
    )


def _linted(post: Post, posts: Sequence[Post], essentials: Essentials, capacity: int | None,
            history: Sequence[str]) -> Post:
    from radical_social.posts.linting import lint

    others = [other.text for other in posts if other.moment == post.moment and other is not post]
    findings = lint(
        post.text, language=post.language, hashtag_cap=post.channel.hashtag_cap, moment=post.moment,
        capacity=capacity, essentials=essentials, others=others, history=history,
    )
    return replace(post, findings=tuple(findings))


def _own_words(facts: Mapping[str, Any]) -> tuple[str, ...]:
    """The event's facts and the organiser's sentences as the posts carry them, which honest posts
    of one event share (the linter masks them before comparing posts)."""
    description: str = facts["description"]
    said = [description[start:end] for start, end in sentences.spans(description)]
    next_event: Event | None = facts["next_event"]
    named = (facts["pitch"], facts["price"], facts["capacity"], facts["booking"], facts["recurrence"],
             facts["organizer"], facts["next_when"], next_event.title if next_event else None)
    return tuple(part for part in (*said, *named) if part)


@lru_cache(maxsize=256)
def hashtags(tags: tuple[str, ...], cap: int) -> tuple[str, ...]:
    """``("pasta fresca", "Verona")`` → ``("#PastaFresca", "#Verona")``: CamelCase, so screen readers
    read the words; at most ``cap``."""
    found: list[str] = []
    for tag in tags:
        words = _HASHTAG_JUNK.sub(" ", tag).split()
        camel = "".join(word[:1].upper() + word[1:] for word in words)
        if camel and f"#{camel}" not in found:
            found.append(f"#{camel}")
    return tuple(found[:cap])


@lru_cache(maxsize=512)
def _template(folder: str, moment: str, language: str, templates: Path | None) -> Any:
    from radical_social.text.templating import get_template

    try:
        return get_template(f"posts/{folder}/{moment}.{language}.txt.j2", templates=templates)
    except TemplateError:
        if language == "en":
            raise
        return get_template(f"posts/{folder}/{moment}.en.txt.j2", templates=templates)


def _facts(event: Event, tag: str, today: date | None, next_event: Event | None) -> Mapping[str, Any]:
    """The context every channel's post of one event shares (computed once per event)."""
    from radical_social.text import words
    from radical_social.text.wording import SUPPORTED, resolve_language

    venue = event.venue
    localized = event.in_language(tag)
    language, fell_back = resolve_language(tag)
    if fell_back:
        warnings.warn(LanguageFallbackWarning(
            f"no post templates in {tag!r}; the posts of {event.title!r} are in English "
            f"(written with care: {', '.join(SUPPORTED)})"
        ), stacklevel=4)
    return {
        "language": language,
        "event": event,
        "title": event.title,
        "when": words.when(localized, today=today),
        "when_short": words.when(localized, short=True, today=today),
        "place": venue.name if venue else None,
        "city": venue.city if venue else None,
        "where": _where(venue, with_address=True),
        "spot": _where(venue, with_address=False),
        "description": event.description,
        **_parts(event.description),
        "pitch": event.pitch,
        "price": words.price(localized),
        "capacity": words.capacity(localized),
        "booking": words.booking(localized),
        "recurrence": words.recurrence(localized),
        "organizer": event.organizer.name if event.organizer else None,
        "url": event.url,
        "phrases": words.phrases(tag),
        "next_event": next_event,
        "next_when": words.when(replace(next_event, language=tag), today=today) if next_event else None,
        "next_when_short": (words.when(replace(next_event, language=tag), short=True, today=today)
                            if next_event else None),
    }


def _where(venue: Venue | None, *, with_address: bool) -> str | None:
    """``Bottega Sartori, Via Santa Maria in Chiavica 7, 37121 Verona`` as the venue's country writes
    an address; without the address, the name and the city (once)."""
    if venue is None:
        return None
    if with_address and venue.address:
        from radical_social.event.addresses import one_line

        return one_line(venue)
    parts = [venue.name]
    if venue.city and venue.city.lower() not in venue.name.lower():
        parts.append(venue.city)
    return ", ".join(parts)


def _shorter_and_shorter(context: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The context as rendered first, then with one optional part after another dropped, least
    needed first: hashtags; the description, a sentence at a time from the end; the number of
    places; the price and booking line; the organiser's pitch; the venue's street address (its
    name and city stay). The title, the date and time, the place and the link are never dropped."""
    yield context
    context = {**context, "hashtags": ()}
    yield context
    for description in _shortened(context["description"]):
        context = {**context, "description": description, **_parts(description)}
        yield context
    for dropped in ("capacity", ("price", "booking"), "pitch"):
        names = (dropped,) if isinstance(dropped, str) else dropped
        if any(context[name] for name in names):
            context = {**context, **dict.fromkeys(names)}
            yield context
    venue = context["event"].venue
    if venue is not None and venue.address:
        yield {**context, "where": _where(venue, with_address=False)}


def _shortened(text: str) -> Iterator[str]:
    """Ever shorter versions, whole sentences dropped from the end, then ''; never a cut sentence."""
    if not text:
        return
    for end in reversed(sentences.ends(text)[:-1]):
        yield text[:end]
    yield ""


def _parts(description: str) -> dict[str, str]:
    """``lead``, the description's first sentence, and ``rest``, what follows it."""
    if not description:
        return {"lead": "", "rest": ""}
    first = sentences.ends(description)[0]
    return {"lead": description[:first], "rest": description[first:].strip()}


def _written_stops(context: Mapping[str, Any]) -> tuple[str, ...]:
    """The values that hold a double full stop as written ("0..", "Vol.. 2"): kept as they are by ``_tidy``."""
    event = context["event"]
    values = (*context.values(), event.title, event.description, event.pitch,
              event.venue and event.venue.name, event.organizer and event.organizer.name)
    return tuple(value for value in values if isinstance(value, str) and ".." in value)


def _tidy(text: str, written: tuple[str, ...]) -> str:
    """Trailing spaces, runs of blank lines and a template's full stop after a value that ends in one
    ("S.n.c..", "6:00 p.m..") go; a double stop inside one of the ``written`` values stays."""
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    if ".." in text:
        kept = [match.span() for value in written for match in re.finditer(re.escape(value), text)]
        text = _DOUBLE_STOP.sub(
            lambda stop: stop[0] if any(start <= stop.start() < end for start, end in kept) else "", text)
    return text.strip()
