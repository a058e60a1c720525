"""What a publish run reads: the slots of a plan, each with the window in which it is due.

A saved kit (its folder or ``kit.json``) or a ``Kit`` in memory gives its plan, posts and cards as
they are. An event (an event file, or an ``Event``) gives the plan ``build`` makes for it at its
planning time (the journal keeps it: ``StateStore.plan_time``), its posts journalled under the SEQUENCE
whose plan it keeps (its own, or an earlier one's with the same start and status), first without texts or cards
(``event_slots``: planning is cheap, a cron run mostly finds nothing due); only the slots due now are
then made (``made_slots``): the texts and cards of ``build(event, now=planned_at)``, no poster.

A slot is due from its time until the next moment's on its channel; the last moment before the event
until an hour before the start (``MIN_LEAD``, as in the plan), the thanks for ``THANKS_WINDOW``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social.delivery.journal import Planning, PostKey
from radical_social.errors import EventError, Problem
from radical_social.kit.layout import KIT_FORMAT, KIT_VERSION, MANIFEST_FILE
from radical_social.posts.planning import MIN_LEAD, MOMENTS

if TYPE_CHECKING:
    from radical_social.event.model import Event
    from radical_social.kit.build import Kit

THANKS_WINDOW = timedelta(days=1)
"""How long after its time the thanks stays due."""
KIT_VERSIONS = range(1, KIT_VERSION + 1)
"""The kit.json versions this release reads: each kept ``plan``, ``posts`` and ``cards`` as publishing reads them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Card:
    """The card a post carries."""

    path: str
    alt: str
    size: str
    """``square``, ``link`` …: a link card goes to Bluesky as a link preview's thumbnail."""
    media_type: str
    read: Callable[[], bytes]


@dataclass(frozen=True, slots=True, kw_only=True)
class Planned:
    """An event and how it is planned: what ``made_slots`` needs to make its due posts."""

    event: Event
    at: datetime
    sequence: int
    """The SEQUENCE its posts are journalled under (``Planning.sequence``)."""
    source: Path | None = None
    """The event file it was read from (None for an ``Event`` value)."""
    templates: Path | None = None
    base_url: str | None = None
    """What ``build`` is given besides the event and the time: the posts are the ones it makes with them."""


@dataclass(frozen=True, slots=True)
class Revision:
    """The revision of the event a saved kit was built from: whether it keeps an earlier kit's plan."""

    sequence: int
    start: str
    """``revision_start`` of the event's start."""
    status: str
    built_at: datetime | None
    """The kit's ``generated_at`` (its plan's time), if it says."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Slot:
    """One post of a plan, with what publishing it needs (an event's, before ``made_slots``: no text or card)."""

    key: PostKey
    title: str
    language: str
    at: datetime
    until: datetime
    text: str | None
    text_path: str | None
    card: Card | None
    planned: Planned | None = None
    """The event and its planning time, for a slot of an event: its text and card are not made yet."""
    revision: Revision | None = None
    """For a slot of a kit: the revision it was built from (its ``key`` may keep an earlier one's SEQUENCE)."""

    @property
    def own_sequence(self) -> int:
        """The SEQUENCE of the revision this slot was read from (``key.sequence`` may be an earlier one's)."""
        if self.planned is not None:
            return self.planned.event.sequence
        return self.revision.sequence if self.revision is not None else self.key.sequence


def is_kit(path: Path) -> bool:
    """Whether ``path`` is a saved kit (its folder or its ``kit.json``) rather than an event file."""
    if path.is_dir() or path.name == MANIFEST_FILE:
        return True
    if path.suffix.lower() != ".json":
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == KIT_FORMAT


def read_kit(source: Kit | str | Path) -> list[Slot]:
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
    return _kit_slots(manifest, name, reader, where)


def event_slots(event: Event, planning: Planning, source: Path | None = None, *, templates: Path | None = None,
                base_url: str | None = None) -> list[Slot]:
    """The slots of the plan ``build(event, now=planning.at)`` makes (every built-in channel, its default
    budget), without texts or cards, keyed by ``planning.sequence``; ``source`` is the event's file;
    ``templates`` and ``base_url`` are kept for ``made_slots``, which builds with them."""
    from radical_social.posts.channels import chosen_channels
    from radical_social.posts.planning import plan

    schedule = plan(event, channels=chosen_channels(None), now=planning.at)
    planned = Planned(event=event, at=planning.at, sequence=planning.sequence, source=source, templates=templates,
                      base_url=base_url)
    return [Slot(key=PostKey(event.uid, planning.sequence, channel, moment), title=event.title,
                 language=event.language, at=at, until=until, text=None, text_path=None, card=None, planned=planned)
            for channel, moment, at, until in _windows([(s.channel, s.moment, s.at) for s in schedule], event.start)]


def made_slots(planned: Planned, channels: Iterable[str]) -> list[Slot]:
    """The slots of ``build(planned.event, now=planned.at)`` (with its templates and base URL) on ``channels``, with
    their texts and cards
    (keyed by ``planned.sequence``): only the card each post carries is drawn, and no poster."""
    from radical_social.graphics.cards import SIZES
    from radical_social.kit.build import build
    from radical_social.posts.channels import get_channel

    narrow = []
    for channel in map(get_channel, channels):  # the kit's first card of a channel's sizes is the one it posts
        carried = next((size for size in SIZES if size in channel.card_sizes), None)
        narrow.append(replace(channel, card_sizes=(carried,) if carried else ()))
    return [replace(slot, key=replace(slot.key, sequence=planned.sequence))
            for slot in read_kit(build(planned.event, now=planned.at, channels=narrow, poster=False,
                                       templates=planned.templates, base_url=planned.base_url))]


def _kit_slots(manifest: Any, name: str, reader: Callable[[str], Callable[[], bytes]],
               where: Callable[[str], str]) -> list[Slot]:
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
    status = need(event.get("status", "confirmed"), str, "event.status")
    built = manifest.get("generated_at")
    built_at = _instant(built, problems, f"{name}: generated_at") if isinstance(built, str) else None
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
    assert start is not None
    revision = Revision(sequence, revision_start(start), status,
                        built_at if isinstance(built_at, datetime) else None)
    slots = []
    for channel, moment, at, until in _windows(plan, start):
        post = posts.get((channel, moment))
        card = next((card for card in cards if channel in card.get("channels", ())), None)
        slots.append(Slot(
            key=PostKey(uid, sequence, channel, moment), title=title, at=at, until=until,
            language=str(post.get("language") or event.get("language") or "en") if post else "en",
            text=str(post["text"]) if post and isinstance(post.get("text"), str) else None,
            text_path=where(str(post["path"])) if post and isinstance(post.get("path"), str) else None,
            card=None if card is None else Card(
                path=where(str(card.get("path"))), alt=str(card.get("alt") or ""), size=str(card.get("size")),
                read=reader(str(card.get("path"))),
                media_type="image/jpeg" if card.get("format") == "jpeg" else "image/png"),
            revision=revision))
    return slots


def revision_start(start: datetime | date) -> str:
    """An event's start as the journal compares revisions: ISO 8601, a time in UTC (the same instant, however
    written), or a date."""
    return start.astimezone(timezone.utc).isoformat() if isinstance(start, datetime) else start.isoformat()


def _windows(plan: list[tuple[str, str, datetime]], start: datetime | date | None
             ) -> list[tuple[str, str, datetime, datetime]]:
    """Each ``(channel, moment, at)`` of a plan with the end of its window: ``(channel, moment, at, until)``."""
    found = []
    for channel in dict.fromkeys(channel for channel, _, _ in plan):
        mine = sorted((at, moment) for entry_channel, moment, at in plan if entry_channel == channel)
        for index, (at, moment) in enumerate(mine):
            last = start - MIN_LEAD if isinstance(start, datetime) else _midnight(start, at) - MIN_LEAD
            until = at + THANKS_WINDOW if moment == "thanks" else last
            if index + 1 < len(mine):
                until = min(until, mine[index + 1][0])
            found.append((channel, moment, at, until))
    return found


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
