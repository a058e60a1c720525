"""Publishing a kit's posts at their moments: due, posted once, reported.

A moment of the plan is **due** when its time has come and the next moment's (on that channel) has
not; the last moment before the event is due until an hour before the start (``MIN_LEAD``, as in
the plan), the thanks for a day (``THANKS_WINDOW``). A moment whose window closed unposted on a
channel with an account is skipped and reported once, never posted late. Channels with an account
are posted to, each post claimed in the journal before anything is sent; the others are listed "by
hand", with the paths of their text and card, and never marked published.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social.delivery.journal import PostKey, StateStore, default_state_path, is_database_url
from radical_social.delivery.retrying import RetryPolicy
from radical_social.errors import DeliveryError, EventError, Problem
from radical_social.kit.build import KIT_FORMAT, KIT_VERSION, MANIFEST_FILE
from radical_social.posts.planning import MIN_LEAD, MOMENTS

if TYPE_CHECKING:
    from radical_social.delivery.bluesky import BlueskyAccount
    from radical_social.delivery.mastodon import Image, MastodonAccount
    from radical_social.kit.build import Kit

    Account = MastodonAccount | BlueskyAccount

THANKS_WINDOW = timedelta(days=1)
"""How long after its time the thanks stays due."""
KIT_VERSIONS = range(1, KIT_VERSION + 1)
"""The kit.json versions this release reads: each kept ``plan``, ``posts`` and ``cards`` as publishing reads them."""
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
    (a dry run), ``by-hand`` (no publisher for this channel: ``text`` and ``card`` are the files to post),
    ``skipped`` (its moment was missed: ``reason``), ``failed`` (``reason``; the next run tries again) or
    ``busy`` (another run is publishing it right now)."""
    url: str | None = None
    reason: str | None = None
    text: str | None = None
    """The post's text file (a path relative to the kit folder for a kit in memory)."""
    card: str | None = None
    """The card's image file, likewise, when the channel takes one."""

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data (``at`` in ISO 8601)."""
        return {"uid": self.uid, "title": self.title, "channel": self.channel, "moment": self.moment,
                "at": self.at.isoformat(), "status": self.status, "url": self.url, "reason": self.reason,
                "text": self.text, "card": self.card}


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishReport:
    """One result per due or missed post, and when the next moment comes."""

    results: tuple[PublishResult, ...]
    next_due: datetime | None
    """The earliest moment still to come, on any channel; None when the plans are done."""
    unreadable: tuple[Problem, ...] = ()
    """What is wrong with the kits that could not be read; the others were published all the same."""

    @property
    def failed(self) -> bool:
        """Whether any post failed or any kit could not be read (the exit status 1 of the command)."""
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


@dataclass(frozen=True, slots=True, kw_only=True)
class _Card:
    path: str
    alt: str
    size: str
    """``square``, ``link`` …: a link card goes to Bluesky as a link preview's thumbnail."""
    media_type: str
    read: Callable[[], bytes]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Slot:
    """One post of a plan, with what publishing it needs."""

    key: PostKey
    title: str
    language: str
    at: datetime
    until: datetime
    text: str | None
    text_path: str | None
    card: _Card | None

    def result(self, status: str, **details: str | None) -> PublishResult:
        return PublishResult(uid=self.key.uid, title=self.title, channel=self.key.channel, moment=self.key.moment,
                             at=self.at, status=status, text=self.text_path, card=self.card.path if self.card else None,
                             **details)


def publish(
    kits: Iterable[Kit | str | Path],
    *,
    accounts: Sequence[Account] = (),
    now: datetime | None = None,
    journal: StateStore | str | Path | None = None,
    channels: Sequence[str] | None = None,
    moment: str | None = None,
    dry_run: bool = False,
    retry: RetryPolicy = RetryPolicy(),  # noqa: B008 (frozen, so one shared default is safe)
) -> PublishReport:
    """Publish the posts of ``kits`` (``Kit`` values, or saved kit folders or their ``kit.json``) that are due
    at ``now`` (aware; default: the clock) with ``accounts`` (``MastodonAccount``, ``BlueskyAccount``), claiming
    each in the ``journal`` (a ``StateStore``, its path or a ``postgresql://`` URL; default: the user's data
    folder) so none goes out twice.

    ``channels`` limits publishing to these ids; ``moment`` publishes that moment now, whatever the time
    (a missed one too, unless it went out);
    ``dry_run`` sends nothing and changes nothing. Channels without an account are reported "by hand".
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError(f"now must be time-zone aware, e.g. datetime.now(timezone.utc); got {now.isoformat()}")
    if moment is not None and moment not in MOMENTS:
        raise ValueError(f"moment must be one of {', '.join(MOMENTS)}; got {moment!r}")
    if channels is not None:
        from radical_social.posts.channels import get_channel

        for channel in channels:
            get_channel(channel)  # ChannelError for an unknown id, with "did you mean …?"
    clock = now or datetime.now(timezone.utc)
    publishers = {account.channel: account for account in accounts}
    slots: list[_Slot] = []
    unreadable: list[Problem] = []
    for source in kits:  # a broken kit costs its own posts only
        try:
            slots += [slot for slot in _read_kit(source) if channels is None or slot.key.channel in channels]
        except EventError as exc:
            unreadable += exc.problems
    if moment is not None:
        due, missed = [slot for slot in slots if slot.key.moment == moment], []
    else:
        due = [slot for slot in slots if slot.at <= clock < slot.until]
        missed = [slot for slot in slots if slot.until <= clock and slot.key.channel in publishers]
    upcoming = [slot.at for slot in slots if slot.at > clock]
    next_due = min(upcoming, default=None)
    if not due and not missed:
        return PublishReport(results=(), next_due=next_due, unreadable=tuple(unreadable))
    with _Journal(journal, dry_run) as store:
        results = [_missed(slot, store, dry_run) for slot in missed]
        results += [_due(slot, publishers.get(slot.key.channel), store, dry_run, retry, forced=moment is not None)
                    for slot in due]
    order = {name: index for index, name in enumerate(MOMENTS)}
    found = sorted((r for r in results if r is not None), key=lambda r: (r.at, order[r.moment], r.title, r.channel))
    return PublishReport(results=tuple(found), next_due=next_due, unreadable=tuple(unreadable))


def _missed(slot: _Slot, store: StateStore | None, dry_run: bool) -> PublishResult | None:
    """A missed moment, reported the first time only."""
    reason = (f"missed: due from {slot.at.isoformat(timespec='minutes')} "
              f"until {slot.until.isoformat(timespec='minutes')}")
    if dry_run:
        return slot.result("skipped", reason=reason) if store is None or store.post(slot.key) is None else None
    assert store is not None
    if not store.post_skipped(slot.key, reason):
        return None
    record = store.post(slot.key)  # a post that failed keeps why, after the miss
    return slot.result("skipped", reason=record.reason if record else reason)


def _due(slot: _Slot, account: Account | None, store: StateStore | None, dry_run: bool,
         retry: RetryPolicy, *, forced: bool) -> PublishResult:
    if account is None:
        return slot.result("by-hand")
    if dry_run:
        record = store.post(slot.key) if store else None
        if record is not None and record.state == "published":
            return slot.result("already", url=record.url)
        return slot.result("would-publish")
    assert store is not None
    mine, record = store.claim_post(slot.key, skipped_too=forced)
    if not mine:
        assert record is not None
        if record.state == "claimed":
            return slot.result("busy", reason="another run is publishing it")
        return slot.result("already" if record.state == "published" else "skipped", url=record.url,
                           reason=record.reason)
    try:
        if slot.text is None:
            raise DeliveryError("the kit has no post for this moment (it was left out: see the kit's findings)")
        remote_id, url = _send(slot, account, retry, record.attachment if record else None,
                               lambda attachment: store.post_attachment(slot.key, attachment))
    except DeliveryError as exc:
        store.post_failed(slot.key, str(exc))
        return slot.result("failed", reason=str(exc))
    except BaseException:
        store.post_failed(slot.key, "interrupted")
        raise
    store.post_published(slot.key, remote_id=remote_id, url=url)
    return slot.result("published", url=url)


def _send(slot: _Slot, account: Account, retry: RetryPolicy, attachment: str | None,
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
    """The journal to use: the caller's store, one opened here (read-only for a dry run), or none for a dry
    run without a journal file."""

    def __init__(self, journal: StateStore | str | Path | None, dry_run: bool) -> None:
        self._given = journal if isinstance(journal, StateStore) else None
        self._path: str | Path | None = default_state_path() if journal is None else None \
            if isinstance(journal, StateStore) else journal if is_database_url(journal) else Path(journal)
        self._dry_run = dry_run
        self._opened: StateStore | None = None

    def __enter__(self) -> StateStore | None:
        if self._given is not None:
            return self._given
        assert self._path is not None
        if self._dry_run and isinstance(self._path, Path) and not self._path.exists():
            return None
        self._opened = StateStore(self._path, read_only=self._dry_run)
        return self._opened

    def __exit__(self, *exc: object) -> None:
        if self._opened is not None:
            self._opened.close()


def _read_kit(source: Kit | str | Path) -> list[_Slot]:
    """The slots of a kit in memory or saved, with their windows; ``EventError`` naming every bad field of a
    kit.json."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        manifest_path = path / MANIFEST_FILE if path.is_dir() else path
        folder = manifest_path.parent
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EventError([Problem(str(manifest_path), f"not a readable kit.json ({exc})")]) from None

        def reader(relative: str) -> Callable[[], bytes]:
            return (folder / relative).read_bytes

        def where(relative: str) -> str:
            return str(folder / relative)
        name = str(manifest_path)
    else:
        manifest = source.manifest()
        images = {f"cards/{card.filename}": card.data for card in source.cards}

        def reader(relative: str) -> Callable[[], bytes]:
            return lambda: images[relative]

        def where(relative: str) -> str:
            return relative
        name = source.slug
    return _slots(manifest, name, reader, where)


def _slots(manifest: Any, name: str, reader: Callable[[str], Callable[[], bytes]],
           where: Callable[[str], str]) -> list[_Slot]:
    problems: list[Problem] = []

    def need(value: Any, kind: type | tuple[type, ...], field: str) -> Any:
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(Problem(f"{name}: {field}", "missing or of the wrong type"))
            return None
        return value

    if not isinstance(manifest, dict) or manifest.get("format") != KIT_FORMAT:
        raise EventError([Problem(name, f"not a kit.json (its format is not {KIT_FORMAT!r})")])
    version = manifest.get("version")
    if isinstance(version, bool) or version not in KIT_VERSIONS:
        raise EventError([Problem(f"{name}: version", f"{version!r} is not a kit.json version "
                                  f"this release reads ({', '.join(map(str, KIT_VERSIONS))})")])
    event = need(manifest.get("event"), dict, "event") or {}
    uid, title = need(event.get("uid"), str, "event.uid"), need(event.get("title"), str, "event.title")
    sequence = need(event.get("sequence", 0), int, "event.sequence")
    start = _instant(need(event.get("start"), str, "event.start"), problems, f"{name}: event.start")
    posts = {(post.get("channel"), post.get("moment")): post
             for post in need(manifest.get("posts"), list, "posts") or [] if isinstance(post, dict)}
    cards = [card for card in need(manifest.get("cards", []), list, "cards") or [] if isinstance(card, dict)]
    plan: list[tuple[str, str, datetime]] = []
    for index, entry in enumerate(need(manifest.get("plan"), list, "plan") or []):
        entry = need(entry, dict, f"plan[{index}]") or {}
        channel, moment = need(entry.get("channel"), str, f"plan[{index}].channel"), entry.get("moment")
        if moment not in MOMENTS:
            problems.append(Problem(f"{name}: plan[{index}].moment", f"not one of {', '.join(MOMENTS)}"))
        at = _instant(need(entry.get("at"), str, f"plan[{index}].at"), problems, f"{name}: plan[{index}].at")
        if channel and moment in MOMENTS and isinstance(at, datetime):
            plan.append((channel, moment, at))
    if problems:
        raise EventError(problems)
    slots = []
    for channel in dict.fromkeys(channel for channel, _, _ in plan):
        mine = sorted((at, moment) for entry_channel, moment, at in plan if entry_channel == channel)
        for index, (at, moment) in enumerate(mine):
            last = start - MIN_LEAD if isinstance(start, datetime) else _midnight(start, at) - MIN_LEAD
            until = at + THANKS_WINDOW if moment == "thanks" else last
            if index + 1 < len(mine):
                until = min(until, mine[index + 1][0])
            post = posts.get((channel, moment))
            card = next((card for card in cards if channel in card.get("channels", ())), None)
            slots.append(_Slot(
                key=PostKey(uid, sequence, channel, moment), title=title, at=at, until=until,
                language=str(post.get("language") or event.get("language") or "en") if post else "en",
                text=str(post["text"]) if post and isinstance(post.get("text"), str) else None,
                text_path=where(str(post["path"])) if post and isinstance(post.get("path"), str) else None,
                card=None if card is None else _Card(
                    path=where(str(card.get("path"))), alt=str(card.get("alt") or ""), size=str(card.get("size")),
                    read=reader(str(card.get("path"))),
                    media_type="image/jpeg" if card.get("format") == "jpeg" else "image/png")))
    return slots


def _instant(text: str | None, problems: list[Problem], field: str) -> datetime | date | None:
    """An ISO 8601 date-time with its offset, or a date (an all-day event's start)."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(field, f"{text[:60]!r} is not an ISO 8601 date or date-time"))
        return None
    if isinstance(value, datetime) and value.utcoffset() is None:
        problems.append(Problem(field, f"{text[:60]!r} has no UTC offset"))
        return None
    return value


def _midnight(day: date | None, beside: datetime) -> datetime:
    """An all-day event's start: midnight of its day on the plan's clock."""
    assert day is not None
    return datetime.combine(day, time(0), tzinfo=beside.tzinfo)
