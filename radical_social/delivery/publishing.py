"""Publishing the posts of kits and events at their moments: due, posted once, reported.

A moment of the plan is **due** when its time has come and the next moment's (on that channel) has
not; the last moment before the event is due until an hour before the start (``MIN_LEAD``, as in
the plan), the thanks for a day (``THANKS_WINDOW``). A moment whose window closed unposted on a
channel with an account is skipped and reported once, never posted late. Channels with an account
are posted to, each post claimed in the journal before anything is sent; the others are listed "by
hand", with the paths of their text and card, and never marked published.

An event (an event file, or an ``Event``) is planned from the time the journal first saw its
revision (UID, SEQUENCE), so its moments stay put from one run to the next; its due posts are made
as ``build`` makes them at that time (see ``plans``). A new SEQUENCE keeps the plan of the one before,
and what it posted, unless it moves or cancels the event (a new start or status: news, planned afresh).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social.delivery.journal import Planning, StateStore, default_state_path, is_database_url
from radical_social.delivery.plans import Planned, Slot, event_slots, is_kit, made_slots, read_kit, revision_start
from radical_social.delivery.retrying import RetryPolicy
from radical_social.errors import DeliveryError, EventError, Problem
from radical_social.event.model import Event
from radical_social.posts.planning import MOMENTS

if TYPE_CHECKING:
    from radical_social.delivery.bluesky import BlueskyAccount
    from radical_social.delivery.mastodon import Image, MastodonAccount
    from radical_social.kit.build import Kit

    Account = MastodonAccount | BlueskyAccount

STATUSES = ("published", "already", "would-publish", "by-hand", "skipped", "failed", "busy")


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishResult:
    """What happened to one due (or missed) post of the plan."""

    uid: str
    title: str
    channel: str
    moment: str
    at: datetime
    """When the plan has it."""
    status: str
    """``published`` (now, ``url`` is its public address), ``already`` (by an earlier run), ``would-publish``
    (a dry run), ``by-hand`` (no publisher for this channel: ``text`` and ``card`` are the files to post; for
    an event, ``reason`` says how to build them: ``command`` for an event file, ``planned_at`` for both),
    ``skipped`` (its moment was missed: ``reason``), ``failed`` (``reason``; the next run tries again) or
    ``busy`` (another run is publishing it right now)."""
    url: str | None = None
    reason: str | None = None
    text: str | None = None
    """The post's text file (a path relative to the kit folder for a kit in memory)."""
    card: str | None = None
    """The card's image file, likewise, when the channel takes one."""
    planned_at: datetime | None = None
    """For an event (not a kit): the time its plan is made from, on the clock of ``at``; ``build`` with it as
    ``now`` makes the posts and cards that go out."""
    command: str | None = None
    """For a post due by hand from an event file: the ``radical-social build`` command that writes its text
    and card (the path shell-quoted)."""

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (``at`` and ``planned_at`` in ISO 8601)."""
        return {"uid": self.uid, "title": self.title, "channel": self.channel, "moment": self.moment,
                "at": self.at.isoformat(), "status": self.status, "url": self.url, "reason": self.reason,
                "text": self.text, "card": self.card,
                "planned_at": self.planned_at.isoformat() if self.planned_at else None, "command": self.command}


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishReport:
    """One result per due or missed post, and when the next moment comes."""

    results: tuple[PublishResult, ...]
    next_due: datetime | None
    """The earliest moment still to come, on any channel; None when the plans are done."""
    unreadable: tuple[Problem, ...] = ()
    """What is wrong with the kits and event files that could not be read (each field named), and each event
    given twice (its UID in two of them: published from the first only); the others were published all the
    same."""

    @property
    def failed(self) -> bool:
        """Whether any post failed or any kit or event file could not be read (the exit status 1 of the command)."""
        return bool(self.unreadable) or any(result.status == "failed" for result in self.results)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {"results": [result.as_dict() for result in self.results],
                "next_due": self.next_due.isoformat() if self.next_due else None,
                "unreadable": [str(problem) for problem in self.unreadable]}

    def __iter__(self) -> Iterator[PublishResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


def publish(
    events_or_kits: Iterable[Kit | str | Path | Event],
    *,
    accounts: Sequence[Account] = (),
    now: datetime | None = None,
    journal: StateStore | str | Path | None = None,
    channels: Sequence[str] | None = None,
    moment: str | None = None,
    dry_run: bool = False,
    retry: RetryPolicy = RetryPolicy(),  # noqa: B008 (frozen, so one shared default is safe)
    templates: Path | None = None,
    base_url: str | None = None,
) -> PublishReport:
    """Publish the posts of ``events_or_kits`` that are due at ``now`` (aware; default: the clock) with
    ``accounts`` (``MastodonAccount``, ``BlueskyAccount``), claiming each in the ``journal`` (a ``StateStore``,
    its path or a ``postgresql://`` URL; default: the user's data folder) so none goes out twice.

    ``events_or_kits`` are ``Kit`` values, saved kit folders or their ``kit.json``, event files (what
    ``build`` reads) or ``Event`` values. An event is planned as ``build(event, now=…)`` plans it, from the
    time the journal first saw this revision of it (its UID and SEQUENCE), and the posts it sends are the
    texts and cards that build makes at that time. A new SEQUENCE with the start and status of the one
    before keeps that one's planning time, and a moment it posted is not posted again ("already"); one
    that moves or cancels the event is planned afresh.

    ``templates`` and ``base_url`` are given to ``build`` for events, as to the ``build`` that previewed
    them (a kit's posts are as it was built). ``channels`` limits publishing to these ids; ``moment``
    publishes that moment now, whatever the time (a missed one too, unless it went out); ``dry_run``
    sends nothing and changes nothing. Channels without an account are reported "by hand".
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError(f"now must be time-zone aware, e.g. datetime.now(timezone.utc); got {now.isoformat()}")
    if moment is not None and moment not in MOMENTS:
        raise ValueError(f"moment must be one of {', '.join(MOMENTS)}; got {moment!r}")
    if channels is not None:
        from radical_social.posts.channels import get_channel

        for channel in channels:
            get_channel(channel)  # ChannelError for an unknown id, with "did you mean …?"
    if base_url is not None:
        from radical_social.page.layout import site_base

        base_url = site_base(base_url)
    clock = now or datetime.now(timezone.utc)
    publishers = {account.channel: account for account in accounts}
    slots: list[Slot] = []
    unreadable: list[Problem] = []
    owners: dict[str, str] = {}  # each UID, and the kit or event file it is published from
    with _Journal(journal, dry_run) as store:
        for source in events_or_kits:  # a broken kit or event file costs its own posts only
            try:
                read, twins = _read(source, store, clock, owners, templates=templates, base_url=base_url)
            except EventError as exc:
                unreadable += exc.problems
                continue
            slots += [slot for slot in read if channels is None or slot.key.channel in channels]
            unreadable += twins
        if moment is not None:
            due, missed = [slot for slot in slots if slot.key.moment == moment], []
        else:
            due = [slot for slot in slots if slot.at <= clock < slot.until]
            missed = [slot for slot in slots if slot.until <= clock and slot.key.channel in publishers]
        next_due = min((slot.at for slot in slots if slot.at > clock), default=None)
        if not due and not missed:
            return PublishReport(results=(), next_due=next_due, unreadable=tuple(unreadable))
        due, missed = store.kept(due, clock), store.kept(missed, clock)  # a kit's, once one of its posts is due
        if not dry_run:
            due = _made(due, set(publishers))
        results = [_missed(slot, store.get(), dry_run) for slot in missed]
        results += [_due(slot, publishers.get(slot.key.channel), store.get(), dry_run, retry,
                         forced=moment is not None) for slot in due]
    order = {name: index for index, name in enumerate(MOMENTS)}
    found = sorted((r for r in results if r is not None), key=lambda r: (r.at, order[r.moment], r.title, r.channel))
    return PublishReport(results=tuple(found), next_due=next_due, unreadable=tuple(unreadable))


def _read(source: Kit | str | Path | Event, store: _Journal, clock: datetime, owners: dict[str, str], *,
          templates: Path | None, base_url: str | None) -> tuple[list[Slot], list[Problem]]:
    """The slots of one kit, or of the events of one event file (``EventError`` naming every bad field), but
    for an event whose UID an earlier kit or file in ``owners`` has: that one is a problem naming both, and
    published once, from the first (``owners`` gains this source's UIDs)."""
    name = _source_name(source)
    twins: list[Problem] = []

    def first(uid: str, title: str) -> bool:
        if uid in owners:
            twins.append(Problem(name, f"{title!r} has the UID {uid}, like an event in {owners[uid]}; it is "
                                       "published from there only: give each event its own 'uid' (or 'url')"))
        return uid not in owners

    if isinstance(source, Event):
        events = [source]
    elif isinstance(source, (str, Path)) and not is_kit(Path(source)):
        from radical_social.sources.files import load_events

        events = load_events(Path(source))
    else:
        slots = read_kit(source)
        titles = {slot.key.uid: slot.title for slot in slots}
        mine = {uid for uid, title in titles.items() if first(uid, title)}
        owners.update(dict.fromkeys(mine, name))
        return [slot for slot in slots if slot.key.uid in mine], twins
    events = [event for event in events if first(event.uid, event.title)]
    owners.update(dict.fromkeys((event.uid for event in events), name))
    path = None if isinstance(source, Event) else Path(source)
    return [slot for event in events for slot in event_slots(event, store.plan_time(event, clock), path,
                                                             templates=templates, base_url=base_url)], twins


def _source_name(source: Kit | str | Path | Event) -> str:
    """How a problem names a kit or event file: its path, or the slug or title of one given as a value."""
    if isinstance(source, (str, Path)):
        return str(source)
    return f"the event {source.title!r}" if isinstance(source, Event) else f"the kit {source.slug}"


def _made(due: list[Slot], posted: set[str]) -> list[Slot]:
    """The due slots with their texts and cards: an event's are made now, on the channels with an account (the
    others are by hand: ``build`` with the planning time writes their files)."""
    wanted: dict[int, tuple[Planned, set[str]]] = {}
    for slot in due:
        if slot.planned is not None and slot.key.channel in posted:
            wanted.setdefault(id(slot.planned), (slot.planned, set()))[1].add(slot.key.channel)
    made = {slot.key: slot for planned, chosen in wanted.values() for slot in made_slots(planned, sorted(chosen))}
    return [replace(made[slot.key], at=slot.at, until=slot.until, planned=slot.planned) if slot.key in made else slot
            for slot in due]


def _result(slot: Slot, status: str, **details: str | None) -> PublishResult:
    planned_at = None
    if status == "already" and slot.key.sequence != slot.own_sequence:
        details["reason"] = (f"posted under the plan of SEQUENCE {slot.key.sequence}, whose start and status "
                             f"SEQUENCE {slot.own_sequence} keeps")
    if slot.planned is not None:
        planned_at = slot.planned.at.astimezone(slot.at.tzinfo)  # the clock of the plan, and of "next:"
        if status == "by-hand" and slot.text is None:
            when = planned_at.isoformat(timespec="seconds")
            if slot.planned.source is None:
                given = "".join(f", {name}={value!r}" for name, value in _build_options(slot.planned))
                details["reason"] = f"planned at {when}: build(event, now={when!r}{given}) makes its text and card"
            else:
                options = [part for name, value in _build_options(slot.planned)
                           for part in (f"--{name.replace('_', '-')}", value)]
                details["command"] = shlex.join(["radical-social", "build", str(slot.planned.source), "--now", when,
                                                 *options, "--out", "kits"])
                details["reason"] = f"planned at {when}: {details['command']} writes its text and card"
    return PublishResult(uid=slot.key.uid, title=slot.title, channel=slot.key.channel, moment=slot.key.moment,
                         at=slot.at, status=status, text=slot.text_path, card=slot.card.path if slot.card else None,
                         planned_at=planned_at, **details)


def _build_options(planned: Planned) -> list[tuple[str, str]]:
    """The options (name, value) given to ``build`` to make a planned event's posts, as publishing makes them."""
    return [(name, str(value)) for name, value in (("templates", planned.templates), ("base_url", planned.base_url))
            if value]


def _missed(slot: Slot, store: StateStore | None, dry_run: bool) -> PublishResult | None:
    """A missed moment, reported the first time only."""
    reason = (f"missed: due from {slot.at.isoformat(timespec='minutes')} "
              f"until {slot.until.isoformat(timespec='minutes')}")
    if dry_run:
        return _result(slot, "skipped", reason=reason) if store is None or store.post(slot.key) is None else None
    assert store is not None
    if not store.post_skipped(slot.key, reason):
        return None
    record = store.post(slot.key)  # a post that failed keeps why, after the miss
    return _result(slot, "skipped", reason=record.reason if record else reason)


def _due(slot: Slot, account: Account | None, store: StateStore | None, dry_run: bool,
         retry: RetryPolicy, *, forced: bool) -> PublishResult:
    if account is None:
        return _result(slot, "by-hand")
    if dry_run:
        record = store.post(slot.key) if store else None
        if record is not None and record.state == "published":
            return _result(slot, "already", url=record.url)
        return _result(slot, "would-publish")
    assert store is not None
    mine, record = store.claim_post(slot.key, skipped_too=forced)
    if not mine:
        assert record is not None
        if record.state == "claimed":
            return _result(slot, "busy", reason="another run is publishing it")
        return _result(slot, "already" if record.state == "published" else "skipped", url=record.url,
                           reason=record.reason)
    try:
        if slot.text is None:
            raise DeliveryError("the kit has no post for this moment (it was left out: see the kit's findings)")
        remote_id, url = _send(slot, account, retry, record.attachment if record else None,
                               lambda attachment: store.post_attachment(slot.key, attachment))
    except DeliveryError as exc:
        store.post_failed(slot.key, str(exc))
        return _result(slot, "failed", reason=str(exc))
    except BaseException:
        store.post_failed(slot.key, "interrupted")
        raise
    store.post_published(slot.key, remote_id=remote_id, url=url)
    return _result(slot, "published", url=url)


def _send(slot: Slot, account: Account, retry: RetryPolicy, attachment: str | None,
          on_upload: Callable[[str], None]) -> tuple[str, str | None]:
    from radical_social.delivery.mastodon import Image, MastodonAccount, post_status

    image: Image | None = None
    if slot.card is not None:
        try:
            data = slot.card.read()
        except OSError as exc:
            raise DeliveryError(f"cannot read the card {slot.card.path}: {exc.strerror or exc}") from None
        image = Image(data=data, filename=Path(slot.card.path).name, media_type=slot.card.media_type,
                      alt=slot.card.alt)
    assert slot.text is not None
    if isinstance(account, MastodonAccount):
        return post_status(account, text=slot.text, language=slot.language, image=image,
                           idempotency_key=slot.key.idempotency_key, policy=retry, attachment=attachment,
                           on_upload=on_upload)
    from radical_social.delivery.bluesky import post_record

    key = (slot.key.uid, slot.key.sequence, slot.key.channel, slot.key.moment)
    return post_record(account, text=slot.text, language=slot.language, image=image, title=slot.title,
                       link_card=slot.card is None or slot.card.size == "link", key=key, policy=retry)


class _Journal:
    """The journal to use, opened when first needed: the caller's store, one opened here (read-only for a dry
    run), or none for a dry run without a journal file."""

    def __init__(self, journal: StateStore | str | Path | None, dry_run: bool) -> None:
        self._given = journal if isinstance(journal, StateStore) else None
        self._path: str | Path | None = default_state_path() if journal is None else None \
            if isinstance(journal, StateStore) else journal if is_database_url(journal) else Path(journal)
        self._dry_run = dry_run
        self._opened: StateStore | None = None

    def get(self) -> StateStore | None:
        """The store, opened on the first call."""
        if self._given is not None:
            return self._given
        if self._opened is None:
            assert self._path is not None
            if self._dry_run and isinstance(self._path, Path) and not self._path.exists():
                return None
            self._opened = StateStore(self._path, read_only=self._dry_run)
        return self._opened

    def plan_time(self, event: Event, clock: datetime) -> Planning:
        """How ``event`` is planned: as the journal holds its revision, or as it would note it at ``clock``
        (noted, unless this is a dry run)."""
        return self._planning(event.uid, event.sequence, revision_start(event.start), event.status, clock)

    def kept(self, slots: list[Slot], clock: datetime) -> list[Slot]:
        """A kit's slots, each keyed by the SEQUENCE whose plan its revision keeps: an earlier kit's or event
        file's with the same start and status, whose posts do not go out again (noted at the kit's
        ``generated_at``, else at ``clock``)."""
        kept: dict[str, int] = {}
        for slot in slots:
            if slot.revision is not None and slot.key.uid not in kept:
                revision = slot.revision
                kept[slot.key.uid] = self._planning(slot.key.uid, revision.sequence, revision.start, revision.status,
                                                    revision.built_at or clock).sequence
        return [replace(slot, key=replace(slot.key, sequence=kept[slot.key.uid])) if slot.key.uid in kept else slot
                for slot in slots]

    def _planning(self, uid: str, sequence: int, start: str, status: str, clock: datetime) -> Planning:
        store, first = self.get(), clock.astimezone(timezone.utc).replace(microsecond=0)
        if store is None:
            return Planning(first, sequence)
        return store.plan_time(uid, sequence, first, start=start, status=status, note=not self._dry_run)

    def __enter__(self) -> _Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._opened is not None:
            self._opened.close()
