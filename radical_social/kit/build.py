"""The kit: everything made for one event, built in memory and saved as one folder, atomically.

``build(event)`` returns a ``Kit``; ``Kit.save(out)`` writes ``<out>/<slug>/`` with ``kit.json``
(see ``docs/reference/kit-json.md``), ``invite.ics``, the event's page ``index.html`` and ``posts/``.
The folder appears whole or not at all.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timezone
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social._files import sweep_stale_folders, write_folder
from radical_social._html import escaped, link, never_raises
from radical_social._version import __version__
from radical_social.calendar.links import CalendarLinks
from radical_social.errors import EventError, KitError, Problem
from radical_social.event.model import Event
from radical_social.graphics.look import DEFAULT_LOOK, Look
from radical_social.kit.layout import CARDS_FOLDER as CARDS_FOLDER  # the names stay importable from here
from radical_social.kit.layout import INVITE_FILE as INVITE_FILE
from radical_social.kit.layout import KIT_FORMAT as KIT_FORMAT
from radical_social.kit.layout import KIT_VERSION as KIT_VERSION
from radical_social.kit.layout import MANIFEST_FILE as MANIFEST_FILE
from radical_social.kit.layout import PAGE_FILE as PAGE_FILE
from radical_social.kit.layout import POSTER_FILE as POSTER_FILE
from radical_social.page.layout import event_slug, linked
from radical_social.text.wording import message

if TYPE_CHECKING:
    from typing_extensions import TypedDict, Unpack  # typing has both from 3.11 only; mypy reads them here

    from radical_social.graphics.cards import Card
    from radical_social.graphics.poster import Poster
    from radical_social.kit.beside import Beside
    from radical_social.kit.footprint import Footprint
    from radical_social.posts.channels import Channel
    from radical_social.posts.compose import LeftOut, Post
    from radical_social.posts.linting import SentenceTally
    from radical_social.posts.planning import Plan

    class BuildOptions(TypedDict, total=False):
        """The keywords ``build`` takes besides ``strict``, for ``build_kits`` and ``build_files``."""

        now: datetime | None
        channels: Sequence[str | Channel] | None
        language: str | None
        budget: int
        thanks: bool
        next_event: Event | None
        history: Sequence[str]
        templates: Path | None
        cards: bool
        look: Look
        poster: bool
        paper: str
        base_url: str | None

    _PosterBeside = Beside[tuple[Event, BuildOptions], Poster]
    """The process making a kit's poster: given the event and ``build``'s options."""


@dataclass(frozen=True, kw_only=True, slots=True)
class KitFinding:
    """Something the person building the kit should know, in the event's language: a post left out,
    a missing essential (link, venue, time), an assumed currency, a sentence copied across events."""

    rule: str
    """``left-out``, ``missing-url``, ``missing-venue``, ``missing-time``, ``currency-assumed`` or
    ``repeated-sentence``."""
    message: str
    channel: str | None = None
    moment: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "channel": self.channel, "moment": self.moment}


@dataclass(frozen=True, kw_only=True, slots=True)
class Kit:
    """What radical_social made for one event; ``save()`` writes it, ``manifest()`` describes it."""

    event: Event
    invite: bytes
    links: CalendarLinks
    plan: Plan
    posts: tuple[Post, ...]
    cards: tuple[Card, ...]
    poster: Poster | None
    footprint: Footprint
    treadmill: Footprint
    """The same figures for three posts a day with a stock-size photo each, for comparison."""
    generated_at: datetime
    language: str
    """The language of the posts and the findings: ``build``'s ``language``, else the event's."""
    page: str
    """The event's page (``render_page``), saved as ``index.html`` beside the invite and the cards."""
    findings: tuple[KitFinding, ...] = ()
    """What is missing or was left out; each post's own lint findings are on the post."""

    @property
    def slug(self) -> str:
        """The kit's folder name: ``2027-01-16-laboratorio-di-pasta-fresca``."""
        return event_slug(self.event)

    def manifest(self) -> dict[str, Any]:
        """The content of ``kit.json``: plain JSON data, paths relative to the kit folder."""
        return {
            "format": KIT_FORMAT,
            "version": KIT_VERSION,
            "generator": f"radical_social {__version__}",
            "generated_at": self.generated_at.isoformat(),
            "language": self.language,
            "event": self.event.to_mapping(),
            "invite": INVITE_FILE,
            "links": {**self.links.as_dict(), "ics": INVITE_FILE},
            "page": PAGE_FILE,
            "plan": self.plan.as_list(),
            "posts": [post.as_dict() for post in self.posts],
            "findings": [finding.as_dict() for finding in self.findings],
            "cards": [self._card_entry(card) for card in self.cards],
            "poster": {"path": POSTER_FILE, "size": self.poster.paper, "bytes": self.poster.bytes}
            if self.poster else None,
            "footprint": self.footprint.as_dict(),
            "treadmill": self.treadmill.as_dict(),
        }

    def _card_entry(self, card: Card) -> dict[str, Any]:
        channels = sorted({post.channel.id for post in self.posts if card.size in post.channel.card_sizes})
        return {"path": f"{CARDS_FOLDER}/{card.filename}", "size": card.size, "width": card.width,
                "height": card.height, "bytes": card.bytes, "format": card.format, "alt": card.alt, "qr": card.qr,
                "channels": channels}

    def save(self, out: str | Path) -> Path:
        """Write the kit to ``<out>/<slug>/``, replacing an earlier build of it; return the folder."""
        return save_kits([self], out)[0]

    def __repr__(self) -> str:
        return f"<Kit {self.slug} posts={len(self.posts)} cards={len(self.cards)} invite={len(self.invite)} bytes>"

    def _repr_html_(self) -> str:
        return _kit_html(self)


@never_raises
def _kit_html(kit: Kit) -> str:
    """The kit in a notebook: its event, findings, links, cards, footprint, plan and posts, labelled in its language."""
    links = " · ".join(link(url, name) for name, url in kit.links.as_dict().items())
    plan = "".join(
        f"<li>{escaped(slot.at.isoformat(sep=' ', timespec='minutes'))} · {escaped(slot.channel)} · "
        f"{escaped(slot.moment)}</li>"
        for slot in kit.plan
    )
    posts = "".join(post._repr_html_() for post in kit.posts)
    cards = "".join(
        f"<figure style='display:inline-block;margin:4px'><img src='data:image/{escaped(card.format)};base64,"
        f"{base64.b64encode(card.data).decode('ascii')}' alt='{escaped(card.alt)}' width='{card.width // 4}'>"
        f"<figcaption style='font-size:smaller;max-width:{card.width // 4}px'>{escaped(card.alt)}</figcaption></figure>"
        for card in kit.cards
    )
    from radical_social.kit.footprint import compare

    footprint = escaped(compare(kit.footprint, kit.treadmill, language=kit.language))
    findings = "".join(f"<li>{escaped(finding.message)}</li>" for finding in kit.findings)

    def label(key: str, **values: object) -> str:
        return escaped(message(kit.language, "preview", key, **values))

    return (
        f"<div>{kit.event._repr_html_()}"
        + (f"<ul style='color:#b00020'>{findings}</ul>" if findings else "") +
        f"<p><strong>{label('add-to-calendar')}:</strong> {links}</p>"
        f"<p><code>{escaped(kit.slug)}/invite.ics</code> ({len(kit.invite):,} bytes)</p>"
        f"<div>{cards}</div><p><strong>{label('footprint')}:</strong> {footprint}</p>"
        f"<details><summary>{label('plan', count=len(kit.plan))}</summary><ul>{plan}</ul></details>"
        f"<details><summary>{label('posts')}</summary>{posts}</details></div>"
    )


def build(
    event: Event,
    *,
    now: datetime | None = None,
    channels: Sequence[str | Channel] | None = None,
    language: str | None = None,
    budget: int = 4,
    thanks: bool = False,
    next_event: Event | None = None,
    history: Sequence[str] = (),
    templates: Path | None = None,
    cards: bool = True,
    look: Look = DEFAULT_LOOK,
    poster: bool = True,
    paper: str = "A4",
    base_url: str | None = None,
    strict: bool = False,
) -> Kit:
    """Build the kit of one event: invite, links, the posting plan, a post for each planned slot,
    the cards the chosen channels take, a printable poster, and the kit's footprint.

    ``now`` fixes the clock (DTSTAMP, plan) for reproducible builds; ``channels`` are ids of built-in
    channels or ``Channel`` values of your own (default: every built-in channel); ``language``
    overrides the event's for the posts; ``history`` holds earlier posts the new ones must not copy.
    ``cards=False`` skips the images; ``look`` (a ``Look``) shapes them and the poster, and its
    photo, when it has one, replaces the event's ``image`` (the kit's event names the photo used);
    ``poster=False`` skips the poster, whose ``paper`` is ``"A4"`` or ``"A5"``. ``base_url`` is where the
    event's page is published (``{base_url}/{slug}/``): an event without a ``url`` of its own then has
    that page as its one link, in the posts, the cards' QR codes and the invite. Cards and poster speak the
    posts' language and write dates as seen on the day of ``now`` in the event's time zone.

    A post that cannot fit its channel is left out, with a finding in ``Kit.findings``; ``strict``
    makes that a ``FitError`` instead. Missing essentials (link, venue, start time) are findings too.
    """
    from radical_social.calendar.invites import invite
    from radical_social.calendar.links import calendar_links
    from radical_social.kit.footprint import TREADMILL_POSTS_PER_DAY, footprint, treadmill
    from radical_social.page.render import render_page
    from radical_social.posts.channels import chosen_channels
    from radical_social.posts.compose import compose_posts
    from radical_social.posts.planning import plan

    if now is not None and now.utcoffset() is None:
        raise ValueError(f"now must be time-zone aware, e.g. datetime.now(timezone.utc); got {now.isoformat()}")
    event, moment, today = _prepared(event, look, base_url, now)
    chosen = chosen_channels(channels)
    schedule = plan(event, channels=chosen, now=moment, budget=budget, thanks=thanks)
    moments = {c.id: [slot.moment for slot in schedule.for_channel(c.id)] for c in chosen}
    spoken = language or event.language
    images = _cards(event, chosen, look, today, language) if cards else ()
    calendar = invite(event, now=moment, templates=templates)
    posts = compose_posts(event, chosen, moments, language=language, today=today, next_event=next_event,
                          templates=templates, history=history, strict=strict)
    return Kit(
        event=event,
        invite=calendar,
        links=calendar_links(event),
        plan=schedule,
        posts=posts.posts,
        cards=images,
        poster=_poster_made(event, paper, look, today, language) if poster else None,
        footprint=footprint(card_bytes=[card.bytes for card in images], invite_bytes=len(calendar),
                            posts=len(schedule)),
        # Like the plan, the treadmill counts every channel: three photo posts a day on each.
        treadmill=treadmill(start=schedule.slots[0].at if schedule.slots else moment,
                            end_of_promotion=_start_instant(event),
                            posts_per_day=TREADMILL_POSTS_PER_DAY * len(chosen)),
        generated_at=moment,
        language=spoken,
        page=render_page(event, language=language, base_url=base_url, now=moment, templates=templates,
                         card=next((card for card in images if card.size == "link"), False)),
        findings=_event_findings(event, spoken) + tuple(_left_out_finding(post, spoken) for post in posts.left_out),
    )


def _poster_made(event: Event, paper: str, look: Look, today: date, language: str | None) -> Poster:
    """The kit's poster: made here, or taken from the process that ``_built`` gave the event to."""
    made = _POSTER_BESIDE.get()
    if made is not None:
        return made.result()
    from radical_social.graphics.poster import render_poster

    return render_poster(event, paper=paper, look=look, today=today, language=language)


def _prepared(event: Event, look: Look, base_url: str | None, now: datetime | None) -> tuple[Event, datetime, date]:
    """The event as the kit shows it (the look's photo, the page as its link), the build's moment
    in UTC and its day in the event's time zone."""
    if look.photo is not None:
        event = replace(event, image=look.photo)
    event = linked(event, base_url)
    moment = _utc_now() if now is None else now.astimezone(timezone.utc)
    return event, moment, moment.astimezone(event.zone or timezone.utc).date()


def build_kits(events: Iterable[Event], *, strict: bool = False, **options: Unpack[BuildOptions]) -> list[Kit]:
    """Build the kit of each event (``options`` as for ``build``); a sentence that the organiser's
    own texts (description, pitch) repeat in three or more of the events is a finding on each.
    The kits are kept in memory: ``iter_build_files`` saves each as it is made."""
    from radical_social.posts.linting import SentenceTally

    events = list(events)
    tally = SentenceTally()
    for event in events:
        tally.add(_organiser_text(event))
    spoken = options.get("language")
    return [_with_findings(build(event, strict=strict, **options), _repeats(event, tally, spoken)) for event in events]


def _organiser_text(event: Event) -> str:
    """What the organiser wrote in their own words: the description and the pitch."""
    return "\n".join(part for part in (event.description, event.pitch) if part)


def _repeats(event: Event, tally: SentenceTally, language: str | None) -> tuple[KitFinding, ...]:
    """A finding for each sentence of the event's own texts that ``REPEATED_IN`` or more events hold."""
    spoken = language or event.language
    return tuple(KitFinding(rule="repeated-sentence", message=message(
        spoken, "findings", "repeated-sentence", count=count, sentence=sentence))
        for sentence, count in tally.repeats(_organiser_text(event), REPEATED_IN))


def _with_findings(kit: Kit, findings: tuple[KitFinding, ...]) -> Kit:
    return replace(kit, findings=kit.findings + findings) if findings else kit


@dataclass(frozen=True, kw_only=True, slots=True)
class KitBuild:
    """What ``iter_build_files`` made of one event: its kit and the kit's folder, or the problems for
    which it has none (a bad event, an event file that cannot be read, a post left out with ``strict``)."""

    path: Path
    """The event file."""
    kit: Kit | None = None
    folder: Path | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class FileBuild:
    """What one event file gave ``build_files``: its kits and their folders, and the problems of
    its events that have none."""

    path: Path
    saved: tuple[tuple[Kit, Path], ...] = ()
    problems: tuple[str, ...] = ()


def build_files(
    sources: Iterable[str | Path], out: str | Path, *, strict: bool = False, jobs: int | None = 1,
    **options: Unpack[BuildOptions],
) -> list[FileBuild]:
    """Build and save the kits of every event in the event files ``sources``, as ``iter_build_files``
    does, and return them by file: every kit is kept in memory, so for many events iterate
    ``iter_build_files`` instead."""
    builds = iter_build_files(sources, out, strict=strict, jobs=jobs, **options)
    saved: dict[Path, list[tuple[Kit, Path]]] = {path: [] for path in builds.paths}
    problems: dict[Path, list[str]] = {path: [] for path in builds.paths}
    for built in builds:
        if built.kit is not None and built.folder is not None:
            saved[built.path].append((built.kit, built.folder))
        problems[built.path] += built.problems
    return [FileBuild(path=path, saved=tuple(saved[path]), problems=tuple(problems[path])) for path in builds.paths]


def iter_build_files(
    sources: Iterable[str | Path], out: str | Path, *, strict: bool = False, jobs: int | None = 1,
    **options: Unpack[BuildOptions],
) -> KitBuilds:
    """The kits of every event in the event files ``sources`` (``options`` as for ``build``), each saved
    under ``out`` as soon as it is built, on ``jobs`` processes (None: one per CPU), as a ``KitBuilds``
    to iterate: one ``KitBuild`` per event, in the order of the files, the same whatever ``jobs``.

    Each event stands alone: a bad one, one whose UID or kit folder (made from its date and title) an event
    before it has, or (with ``strict``) one with a post left out gets no kit, with its problems in
    its ``KitBuild``, and every other kit is written all the same. A ``look`` with a photo replaces
    every event's image. Without ``now``, every kit is built as of the moment this is called.

    The files are read twice, an event at a time: first to find the sentences that three or more
    events' own texts repeat (a finding on each), then to build. Kits are never kept: at most two
    per process are in flight, and what is held for all events is each one's UID and folder name
    and the sentences counted, so memory stays flat however many there are. With ``jobs`` other
    than 1, see ``write_feed_from_files`` for where processes cannot be forked; a single event's
    poster is then made in a second process while this one makes the rest of its kit (forked before
    the files are read, it loads fpdf2 meanwhile, and is stopped unless they hold one event and
    nothing else: no other event, and none that cannot be built).
    """
    return KitBuilds(sources, Path(out), strict=strict, jobs=jobs, options=options)


class KitBuilds:
    """The kits of event files, built and saved as they are iterated (see ``iter_build_files``).
    ``len()`` is how many ``KitBuild`` there will be; ``paths`` are the event files."""

    def __init__(self, sources: Iterable[str | Path], out: Path, *, strict: bool, jobs: int | None,
                 options: BuildOptions) -> None:
        if jobs is not None and jobs < 1:
            raise ValueError(f"jobs must be 1 or more, or None for one per CPU; got {jobs}")
        self.paths = list(dict.fromkeys(map(Path, sources)))
        self._jobs = jobs
        self._job = _Job(out=out, strict=strict, options={**options, "now": options.get("now") or _utc_now()})
        beside = _poster_ahead(jobs, options)
        try:
            kits = self._read()
        except BaseException:
            if beside is not None:
                beside.close()
            raise
        if beside is not None and kits == self._count == 1:  # built here, not on the pool (``in_order``)
            self._job = replace(self._job, beside=beside)
        elif beside is not None:
            beside.close()

    def _read(self) -> int:
        """Read the files once: count the events, tally their texts, sweep the kits' folder; return
        how many kits there will be."""
        from radical_social.posts.channels import chosen_channels
        from radical_social.posts.linting import SentenceTally

        chosen_channels(self._job.options.get("channels"))  # an unknown channel is one error, not one per event
        self._tally = SentenceTally()
        slugs: set[str] = set()
        self._count = 0
        for _, _, admitted in _admitted(self.paths):
            self._count += 1
            if isinstance(admitted, Event):
                self._tally.add(_organiser_text(admitted))
                slugs.add(event_slug(admitted))
        if slugs:
            try:
                self._job.out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise KitError(f"cannot create {self._job.out}: {exc.strerror or exc}") from exc
            sweep_stale_folders(self._job.out, slugs, _KIT_PARTS)
        return len(slugs)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[KitBuild]:
        from radical_social.sources.workers import in_order

        language = self._job.options.get("language")
        tasks = (KitBuild(path=path, problems=admitted) if isinstance(admitted, tuple)
                 else (path, where, admitted, _repeats(admitted, self._tally, language))
                 for path, where, admitted in _admitted(self.paths))
        try:
            for _, built in in_order(_build_and_save, self._job, tasks, self._jobs):
                yield built
        finally:
            if self._job.beside is not None:
                self._job.beside.close()


@dataclass(frozen=True, kw_only=True, slots=True)
class _Job:
    """What every kit of a run shares: where it goes, ``strict``, and ``build``'s options."""

    out: Path
    strict: bool
    options: BuildOptions
    beside: _PosterBeside | None = None
    """For the one kit of a run, the process that makes its poster (``_poster_ahead``)."""


def _poster_ahead(jobs: int | None, options: BuildOptions) -> _PosterBeside | None:
    """A process forked before the files are read, loading fpdf2 meanwhile, to make the poster should
    they hold one event and nothing else (``KitBuilds``): when the kit has a poster, ``jobs`` allows
    more than one process and there is a second CPU (for more events, the pool uses them); where
    forking is safe."""
    from radical_social.sources.workers import cpus, forks_safely

    if jobs == 1 or not options.get("poster", True) or cpus() < 2 or not forks_safely():
        return None
    # What both processes load, loaded once, before the fork: 0.04 s less CPU in all than in each.
    import babel.dates  # noqa: F401
    import PIL.Image  # noqa: F401
    import segno  # noqa: F401

    from radical_social.graphics.poster import ready
    from radical_social.kit.beside import Beside

    return Beside(_poster, partial(ready, options.get("look", DEFAULT_LOOK)))


def _built(event: Event, job: _Job) -> Kit:
    """``build(event)`` with the job's options; with ``beside``, the poster made in that process
    meanwhile (the same bytes, warnings and errors as ``build``'s own)."""
    if job.beside is None:
        return build(event, **job.options)
    with job.beside as made:
        made.give((event, job.options))
        beside = _POSTER_BESIDE.set(made)
        try:
            return build(event, **job.options)
        finally:
            _POSTER_BESIDE.reset(beside)


_POSTER_BESIDE: ContextVar[_PosterBeside | None] = ContextVar("_POSTER_BESIDE", default=None)
"""The poster of the kit ``build`` is making, under way in another process (``_built``); taken where
``build`` would make it, so its warnings and errors come in their place among the kit's."""


def _poster(given: tuple[Event, BuildOptions]) -> Poster:
    """The poster ``build(event, **options)`` makes."""
    from radical_social.graphics.poster import DEFAULT_PAPER, render_poster

    event, options = given
    look = options.get("look", DEFAULT_LOOK)
    event, _, today = _prepared(event, look, options.get("base_url"), options.get("now"))
    return render_poster(event, paper=options.get("paper", DEFAULT_PAPER), look=look, today=today,
                         language=options.get("language"))


_Task = KitBuild | tuple[Path, str, Event, tuple[KitFinding, ...]]
"""An event that gets no kit, or one to build: its file, its place there, the event and its findings across events."""


def _build_and_save(job: _Job, task: _Task) -> KitBuild:
    """Build and save one kit: the work of a worker process."""
    from radical_social.errors import RadicalSocialError

    if isinstance(task, KitBuild):
        return task
    path, where, event, repeats = task
    named = f"{path.name}: {where or repr(event.title)}"
    try:
        kit = _with_findings(_built(event, job), repeats)
        if job.strict and (left_out := [f"{named}: {finding.message}" for finding in kit.findings
                                        if finding.rule == "left-out"]):
            return KitBuild(path=path, problems=tuple(left_out))
        return KitBuild(path=path, kit=kit, folder=_save_one(kit, job.out))
    except RadicalSocialError as exc:
        return KitBuild(path=path, problems=(f"{named}: {exc}",))


def _admitted(paths: Iterable[Path]) -> Iterator[tuple[Path, str, Event | tuple[str, ...]]]:
    """Each event of the files with its file and place, or the problems in its place: a bad event, a
    file that cannot be read, a UID or a kit folder that an event before it has."""
    from radical_social.sources.files import UidBook, duplicate_uid, records

    uids = UidBook()
    folders: dict[str, tuple[Path, str]] = {}
    for path in paths:
        problems: list[Problem] = []
        for record in records([path], problems):
            try:
                event = record.event()
            except EventError as exc:
                yield path, record.where, tuple(map(str, exc.problems))
                continue
            if first := uids.note(event.uid, (path, record.where)):
                yield path, record.where, (str(duplicate_uid(event.uid, record, first)),)
                continue
            slug = event_slug(event)
            if (other := folders.setdefault(slug, (path, record.where))) != (path, record.where):
                yield path, record.where, (f"{path.name}: {record.where or repr(event.title)}: its kit folder "
                                           f"{slug!r} (made from the date and title) is that of {other[0].name}: "
                                           f"{other[1] or 'the event'} too; rename one",)
                continue
            yield path, record.where, event
        for problem in problems:
            yield path, "", (str(problem),)


REPEATED_IN = 3
"""Events whose organiser texts share a sentence before it counts as "the nth version of the same recipe"."""


def _event_findings(event: Event, language: str) -> tuple[KitFinding, ...]:
    """What the event lacks that people need: a link, a place, a time; and a currency it did not name."""
    missing = [
        ("missing-url", event.url is None),
        ("missing-venue", event.venue is None),
        ("missing-time", event.all_day and event.effective_end == event.start),
        ("currency-assumed", isinstance(event.price, Decimal) and not event.is_free and event.currency is None
         and not (event.venue and event.venue.country)),
    ]
    return tuple(KitFinding(rule=rule, message=message(language, "findings", rule, currency=event.effective_currency))
                 for rule, lacking in missing if lacking)


def _left_out_finding(post: LeftOut, language: str) -> KitFinding:
    return KitFinding(rule="left-out", channel=post.channel.id, moment=post.moment, message=message(
        language, "findings", "left-out", channel=post.channel.name, limit=post.limit, length=post.length,
        moment=message(language, "moments", post.moment), unit=message(language, "units", post.unit),
        longest=message(language, "essentials", post.longest)))


def _cards(event: Event, channels: Sequence[Channel], look: Look, today: date, language: str | None
           ) -> tuple[Card, ...]:
    """The cards in every size the channels take, in a stable order."""
    from radical_social.graphics.cards import SIZES, render_cards

    wanted = {size for channel in channels for size in channel.card_sizes}
    sizes = [size for size in SIZES if size in wanted]
    return render_cards(event, sizes, look=look, today=today, language=language) if sizes else ()


def _start_instant(event: Event) -> datetime:
    """When the promotion ends: the start; an all-day event's at midnight in its zone (the plan's clock)."""
    if isinstance(event.start, datetime):
        return event.start
    return datetime.combine(event.start, time(0), tzinfo=event.zone or timezone.utc)


def save_kits(kits: Iterable[Kit], out: str | Path) -> list[Path]:
    """Save several kits under ``out``; each folder is replaced atomically."""
    folder = Path(out)
    kits = list(kits)
    if not kits:
        return []
    clashes = sorted(slug for slug, count in Counter(kit.slug for kit in kits).items() if count > 1)
    if clashes:
        raise KitError(f"two events share the kit folder {clashes[0]!r} (made from their date and title); rename one")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KitError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    sweep_stale_folders(folder, {kit.slug for kit in kits}, _KIT_PARTS)
    return [_save_one(kit, folder) for kit in kits]


_KIT_PARTS = frozenset([INVITE_FILE, MANIFEST_FILE, PAGE_FILE, POSTER_FILE, CARDS_FOLDER, "posts"])
"""What a kit folder holds; a hidden folder named after a kit and holding nothing else is a killed save's."""


def _save_one(kit: Kit, folder: Path) -> Path:
    target = folder / kit.slug
    files = {INVITE_FILE: kit.invite, PAGE_FILE: kit.page.encode("utf-8"),
             **{f"{CARDS_FOLDER}/{card.filename}": card.data for card in kit.cards},
             **({POSTER_FILE: kit.poster.data} if kit.poster is not None else {}),
             **{post.path: (post.text + "\n").encode("utf-8") for post in kit.posts},
             MANIFEST_FILE: _json_bytes(kit.manifest())}
    try:
        write_folder(target, files)
    except OSError as exc:
        raise KitError(f"cannot write the kit {target}: {exc.strerror or exc}") from exc
    return target


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
