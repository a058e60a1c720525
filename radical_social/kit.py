"""The kit: everything made for one event, built in memory and saved as one folder, atomically.

``build(event)`` returns a ``Kit``; ``Kit.save(out)`` writes ``<out>/<slug>/`` with ``kit.json``
(see ``docs/reference/kit-json.md``), ``invite.ics`` and ``posts/``. The folder appears whole or not
at all.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social._files import scratch_name, sweep_stale
from radical_social._version import __version__
from radical_social.errors import KitError
from radical_social.events import Event
from radical_social.links import CalendarLinks

if TYPE_CHECKING:
    from radical_social.cards import Card, Palette
    from radical_social.channels import Channel
    from radical_social.footprint import Footprint
    from radical_social.planning import Plan
    from radical_social.poster import Poster
    from radical_social.posts import Post

KIT_FORMAT = "radical-social-kit"
KIT_VERSION = 1
"""Version of the ``kit.json`` layout; raised only when a key changes meaning or disappears."""

INVITE_FILE = "invite.ics"
MANIFEST_FILE = "kit.json"
POSTER_FILE = "poster.pdf"
CARDS_FOLDER = "cards"


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

    @property
    def slug(self) -> str:
        """The kit's folder name: ``2027-01-16-laboratorio-di-pasta-fresca``."""
        return slugify(f"{self.event.start.isoformat()[:10]} {self.event.title}")

    def manifest(self) -> dict[str, Any]:
        """The content of ``kit.json``: plain JSON data, paths relative to the kit folder."""
        return {
            "format": KIT_FORMAT,
            "version": KIT_VERSION,
            "generator": f"radical_social {__version__}",
            "generated_at": self.generated_at.isoformat(),
            "event": self.event.to_mapping(),
            "invite": INVITE_FILE,
            "links": {**self.links.as_dict(), "ics": INVITE_FILE},
            "plan": self.plan.as_list(),
            "posts": [post.as_dict() for post in self.posts],
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
        from radical_social._preview import kit_html

        return kit_html(self)


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
    layout: str | None = None,
    palette: Palette | str | None = None,
    font: str | Path | None = None,
    paper: str | None = "A4",
) -> Kit:
    """Build the kit of one event: invite, links, the posting plan, a post for each planned slot,
    the cards the chosen channels take, a printable poster, and the kit's footprint.

    ``now`` fixes the clock (DTSTAMP, plan) for reproducible builds; ``channels`` are ids of built-in
    channels or ``Channel`` values of your own (default: every built-in channel); ``language``
    overrides the event's for the posts; ``history`` holds earlier posts the new ones must not copy.
    ``cards=False`` skips the images; ``layout``, ``palette`` and ``font`` shape them and the poster;
    ``paper`` is ``"A4"``, ``"A5"`` or None for no poster. The event's ``image`` is the photo.
    """
    from radical_social.channels import get_channel, resolve_channels
    from radical_social.footprint import TREADMILL_POSTS_PER_DAY, footprint, treadmill
    from radical_social.invites import invite
    from radical_social.links import calendar_links
    from radical_social.planning import plan
    from radical_social.posts import write_posts

    moment = _utc_now() if now is None else now.astimezone(timezone.utc)
    chosen = resolve_channels() if channels is None else tuple(
        channel if not isinstance(channel, str) else get_channel(channel) for channel in channels
    )
    schedule = plan(event, channels=[c.id for c in chosen], now=moment, budget=budget, thanks=thanks)
    moments = {c.id: [slot.moment for slot in schedule.for_channel(c.id)] for c in chosen}
    today = moment.astimezone(event.start.tzinfo if isinstance(event.start, datetime) else timezone.utc).date()
    look = {"palette": palette, "font": font, "today": today, "language": language,
            "photo": event.image.path if event.image else None,
            "focal": event.image.focal if event.image else (0.5, 0.5)}
    images = _cards(event, chosen, layout, look) if cards else ()
    calendar = invite(event, now=moment, templates=templates)
    return Kit(
        event=event,
        invite=calendar,
        links=calendar_links(event),
        plan=schedule,
        posts=write_posts(event, chosen, moments, language=language, today=today, next_event=next_event,
                          templates=templates, history=history),
        cards=images,
        poster=_poster(event, paper, look),
        footprint=footprint(card_bytes=[card.bytes for card in images], invite_bytes=len(calendar),
                            posts=len(schedule)),
        # Like the plan, the treadmill counts every channel: three photo posts a day on each.
        treadmill=treadmill(start=schedule.slots[0].at if schedule.slots else moment,
                            end_of_promotion=_start_instant(event),
                            posts_per_day=TREADMILL_POSTS_PER_DAY * len(chosen)),
        generated_at=moment,
    )


def _cards(event: Event, channels: Sequence[Channel], layout: str | None, look: dict[str, Any]) -> tuple[Card, ...]:
    """The cards in every size the channels take, in a stable order."""
    from radical_social.cards import DEFAULT_LAYOUT, SIZES, render_cards

    wanted = {size for channel in channels for size in channel.card_sizes}
    sizes = [size for size in SIZES if size in wanted]
    return render_cards(event, sizes, layout=layout or DEFAULT_LAYOUT, **look) if sizes else ()


def _poster(event: Event, paper: str | None, look: dict[str, Any]) -> Poster | None:
    from radical_social.poster import render_poster

    return None if paper is None else render_poster(event, paper=paper, **look)


def _start_instant(event: Event) -> datetime:
    if isinstance(event.start, datetime):
        return event.start
    return datetime.combine(event.start, datetime.min.time(), tzinfo=timezone.utc)


def save_kits(kits: Iterable[Kit], out: str | Path) -> list[Path]:
    """Save several kits under ``out``; each folder is replaced atomically."""
    folder = Path(out)
    kits = list(kits)
    slugs = [kit.slug for kit in kits]
    clashes = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if clashes:
        raise KitError(f"two events share the kit folder {clashes[0]!r} (same date and title); rename one")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KitError(f"cannot create {folder}: {exc.strerror or exc}") from exc
    sweep_stale(folder, _STALE_KIT)
    return [_save_one(kit, folder) for kit in kits]


_STALE_KIT = re.compile(r"\.[a-z0-9-]+\.(?:[0-9a-f]{12}|[a-z0-9_]{8})\.(?:tmp|old)")
"""The staging and retired folders of kits (``mkdtemp``'s 8-character names, from earlier versions, too)."""


def _save_one(kit: Kit, folder: Path) -> Path:
    target = folder / kit.slug
    staging = scratch_name(target, ".tmp")
    try:
        staging.mkdir()  # 0777 less the umask, as the user's own folders (mkdtemp's are 0700)
        (staging / INVITE_FILE).write_bytes(kit.invite)
        if kit.cards:
            (staging / CARDS_FOLDER).mkdir()
        for card in kit.cards:
            (staging / CARDS_FOLDER / card.filename).write_bytes(card.data)
        if kit.poster is not None:
            (staging / POSTER_FILE).write_bytes(kit.poster.data)
        for post in kit.posts:
            path = staging / post.path
            path.parent.mkdir(exist_ok=True)
            path.write_text(post.text + "\n", encoding="utf-8")
        (staging / MANIFEST_FILE).write_bytes(_json_bytes(kit.manifest()))
        _swap_into_place(staging, target)
    except BaseException as exc:  # an interrupted save, too, leaves nothing half-written behind
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise KitError(f"cannot write the kit {target}: {exc.strerror or exc}") from exc
        raise
    return target


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; an earlier kit there is moved aside first, then removed."""
    if not target.exists():
        staging.rename(target)
        return
    retired = scratch_name(target, ".old")
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# Letters that Unicode decomposition does not turn into ASCII.
_LATIN_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th"})


def slugify(text: str, *, limit: int = 80) -> str:
    """ASCII, lower-case, hyphen-separated: ``Caffè & libri!`` → ``caffe-libri``."""
    spelled = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_LETTERS))
    ascii_text = spelled.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "event"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
