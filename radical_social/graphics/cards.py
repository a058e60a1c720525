"""Cards: original typographic images of an event, drawn from its facts, one per size a channel takes.

No stock photo and no generated picture: a card is the event's own words (what, when, where, the
price, the link's domain) set large on flat colour, with a QR code to the event's page, and at
most the organizer's own photo, cropped around the point they choose::

    from radical_social import Look, render_cards

    for card in render_cards(event, ("square", "link"), look=Look(layout="band", palette="notte")):
        Path(card.filename).write_bytes(card.data)   # square.png, link.png
        print(card, card.alt)

Three layouts: ``poster`` (the default: the title under an accent rule, the facts at the foot, the
QR code beside them), ``band`` (the date in a band of the accent colour) and ``split`` (a calendar
leaf in an accent panel down the left side). Five built-in palettes (``PALETTES``) or the
organizer's colours (``brand_palette``), every colour the type uses at least 4.5:1 (WCAG AA) on
the colour under it. A ``Look`` holds the layout, palette, font and photo. Text always fits (see
``radical_social.graphics.text_boxes``): long words hyphenate before the title shrinks, lines are
balanced, tall cards fill their height. Type is the bundled Inter (Bold for the title, the date
and the kicker; Regular for the rest) or a font file the organizer passes; a character neither has
comes from a font the system has for it (``radical_social.graphics.coverage``). Emoji and what no
font draws are left out of the image, never drawn as boxes (``MissingGlyphWarning`` names the
latter); the alt text keeps both.

Flat cards are PNGs of a few dozen colours (about 25 KB for 1080×1080); cards with a photo are
JPEGs under 1,000,000 bytes (Bluesky's limit). No metadata is written.
"""

from __future__ import annotations

import builtins
import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from radical_social.errors import CardError
from radical_social.event import addresses
from radical_social.event.values import unknown
from radical_social.graphics.faces import font_source, warn_missing
from radical_social.graphics.layouts import LAYOUTS as _LAYOUTS
from radical_social.graphics.layouts import Facts, Spec
from radical_social.graphics.look import DEFAULT_LOOK, Look
from radical_social.graphics.palette import DEFAULT_PALETTE, PALETTES, Colours, legible
from radical_social.graphics.pixels import (
    cover,
    draw_qr,
    encode_flat,
    encode_photo,
    open_photo,
    qr_rows,
    ramps,
)
from radical_social.graphics.text_boxes import clean, shown, without_emoji
from radical_social.text.wording import resolve_language
from radical_social.text.words import locale_for, phrases, price, recurrence, upper_first, when

if TYPE_CHECKING:
    from PIL import Image

    from radical_social.event.model import Event

__all__ = [
    "ALT_TEXT_LIMIT",
    "LAYOUTS",
    "QR_SIZES",
    "SIZES",
    "Card",
    "alt_text",
    "card_facts",
    "domain",
    "render_card",
    "render_cards",
]

SIZES: Mapping[str, tuple[int, int]] = MappingProxyType({
    "square": (1080, 1080),
    "portrait": (1080, 1350),
    "story": (1080, 1920),
    "link": (1200, 630),
})
"""Width and height in px of each size a channel may take (``Channel.card_sizes``)."""

QR_SIZES = frozenset({"square", "portrait", "story"})
"""Sizes that carry a QR code; the link card sits beside a link that clicks already."""

LAYOUTS = tuple(_LAYOUTS)
ALT_TEXT_LIMIT = 1000
"""Characters: X's limit for alt text, the smallest of the networks'."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Card:
    """One rendered card: the encoded image and its alt text."""

    size: str
    width: int
    height: int
    format: str
    """``png`` (flat cards) or ``jpeg`` (cards with a photo)."""
    data: builtins.bytes
    alt: str
    qr: bool

    @property
    def bytes(self) -> int:
        """The encoded size."""
        return len(self.data)

    @property
    def filename(self) -> str:
        """``square.png``, ``link.jpg``."""
        return f"{self.size}.{'jpg' if self.format == 'jpeg' else self.format}"

    def _repr_png_(self) -> builtins.bytes | None:
        """PNG bytes for notebooks; None when the image cannot be read back."""
        if self.format == "png":
            return self.data
        try:
            import io

            from PIL import Image

            out = io.BytesIO()
            with Image.open(io.BytesIO(self.data)) as image:
                image.save(out, "PNG")
            return out.getvalue()
        except Exception:
            return None

    def __repr__(self) -> str:
        return f"<Card {self.size} {self.width}×{self.height} {self.format} {round(self.bytes / 1000)} KB>"


def render_card(
    event: Event, size: str = "square", *, look: Look = DEFAULT_LOOK, today: date | None = None,
    language: str | None = None,
) -> Card:
    """One card of ``size`` (a key of ``SIZES``); see ``render_cards``."""
    [card] = render_cards(event, (size,), look=look, today=today, language=language)
    return card


def render_cards(
    event: Event, sizes: Iterable[str], *, look: Look = DEFAULT_LOOK, today: date | None = None,
    language: str | None = None,
) -> tuple[Card, ...]:
    """Cards of the event in each size, sharing the work: facts, fonts, the photo, the QR code.

    ``look`` sets the layout, palette, font and photo (by default the event's ``image``, cropped
    to each size around its focal point). ``today`` decides whether dates show their year;
    ``language`` overrides the event's.

    Raises ``CardError`` for an unknown size, and ``EventError`` (at ``image``) for a photo that
    cannot be read.
    """
    wanted = [_known(size) for size in sizes]
    event = event.in_language(language)
    colours = legible(look.colours or PALETTES[DEFAULT_PALETTE]).colours
    source = font_source(look.font)
    photo = look.photo_of(event)
    picture = (open_photo(photo.path), photo.focal) if photo is not None else None
    facts = card_facts(event, today)
    warn_missing(source, without_emoji(_said(facts)), left_out_of="the cards", stacklevel=2)
    drawn = shown_facts(facts, source)
    qr = qr_rows(event.url) if event.url and QR_SIZES.intersection(wanted) else None
    alts = {with_qr: _alt(event, facts, with_qr) for with_qr in (True, False)}
    job = _Job(drawn, colours, source, look.layout, picture, qr, alts)
    return tuple(_render(job, size) for size in wanted)


@dataclass(frozen=True, slots=True)
class _Job:
    facts: Facts
    colours: Colours
    source: str | None
    layout: str
    photo: tuple[Image.Image, tuple[float, float]] | None
    """The photo, opened, and its focal point."""
    qr: tuple[bytes, ...] | None
    alts: dict[bool, str]


def _render(job: _Job, size: str) -> Card:
    from PIL import Image, ImageDraw

    width, height = SIZES[size]
    colours = job.colours
    qr = job.qr if size in QR_SIZES else None
    scene = _LAYOUTS[job.layout](Spec(size, width, height, job.facts, colours, job.source, job.photo is not None, qr))
    image = Image.new("RGB", (width, height), colours.background)
    draw = ImageDraw.Draw(image)
    if scene.photo is not None and job.photo is not None:
        picture, focal = job.photo
        image.paste(cover(picture, scene.photo.width, scene.photo.height, focal), (scene.photo.x, scene.photo.y))
    for box, fill in scene.fills:
        draw.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=fill)
    for line in scene.lines:
        line.face.draw(draw, line.x, line.baseline, line.text, line.fill)
    if scene.qr is not None and qr is not None:
        draw_qr(image, qr, (scene.qr.x, scene.qr.y), scene.qr.module, *colours.qr)
    if job.photo is not None:
        data, kind = encode_photo(image), "jpeg"
    else:
        pairs = [(colours.background, colours.text), (colours.background, colours.accent), colours.qr]
        data, kind = encode_flat(image, ramps(pairs)), "png"
    return Card(size=size, width=width, height=height, format=kind, data=data, alt=job.alts[scene.qr is not None],
                qr=scene.qr is not None)


def _known(size: str) -> str:
    if size in SIZES:
        return size
    raise CardError(unknown("card size", size, SIZES))


def shown_facts(facts: Facts, source: str | None) -> Facts:
    """The facts as the card shows them: without emoji or what no font draws (the alt text keeps them)."""

    def show(text: str | None) -> str | None:
        return shown(text, source) if text else None

    return replace(facts, title=shown(facts.title, source), when=shown(facts.when, source), repeats=show(facts.repeats),
                   kicker=show(facts.kicker), place=show(facts.place), address=show(facts.address),
                   price=show(facts.price), domain=show(facts.domain))


def _said(facts: Facts) -> str:
    """Everything a card may say, as one text."""
    texts = (facts.title, facts.when, facts.repeats, facts.kicker, facts.place, facts.address, facts.price,
             facts.domain, *facts.leaf)
    return " ".join(clean(text) for text in texts if text)


def card_facts(event: Event, today: date | None = None) -> Facts:
    """What the card says, in the event's language."""
    words = phrases(event.language)
    venue = event.venue
    kicker = words.status(event.status)
    address = addresses.one_line(venue, with_name=False) if venue else None
    repeats = recurrence(event)
    return Facts(
        title=clean(event.title),
        when=clean(upper_first(when(event, today=today))),
        repeats=clean(upper_first(repeats)) if repeats else None,
        language=resolve_language(event.language)[0],
        leaf=_leaf(event),
        kicker=kicker,
        place=clean(venue.name) if venue else None,
        address=clean(address) if address else None,
        price=clean(text) if (text := price(event)) else None,
        domain=domain(event.url),
    )


def _leaf(event: Event) -> tuple[str, str, str]:
    from babel.dates import format_date

    start = event.start
    if isinstance(start, datetime):
        start = start.astimezone(event.zone).date()
    locale = locale_for(event.language)
    return (upper_first(format_date(start, "cccc", locale=locale)), str(start.day),
            upper_first(format_date(start, "LLLL", locale=locale)))


def domain(url: str | None) -> str | None:
    """The link's host as people read it: ``bottegasartori.example``, without ``www.``."""
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    if "xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    return host.removeprefix("www.")


def alt_text(event: Event, *, language: str | None = None, today: date | None = None, qr: bool = True) -> str:
    """The card's alt text in the event's language: what, when (and how often), where, the price, the link's domain
    (as a QR code's destination when ``qr``); at most ``ALT_TEXT_LIMIT`` characters."""
    event = event.in_language(language)
    return _alt(event, card_facts(event, today), qr)


def _alt(event: Event, facts: Facts, qr: bool) -> str:
    place = clean(event.venue.one_line) if event.venue else None
    link = facts.domain
    if link and qr:
        link = phrases(facts.language).qr_code.format(domain=link)
    # the title stays as written (``iPhone``) and a bare domain in lower case; other sentences start with a capital
    text = _sentences([facts.kicker, facts.title, facts.when, facts.repeats, place and upper_first(place),
                       facts.price and upper_first(facts.price), link])
    return _at_a_word(text, ALT_TEXT_LIMIT)


def _sentences(parts: list[str | None]) -> str:
    out = ""
    for part in filter(None, parts):
        out += part if part.endswith((".", "!", "?", "…")) else part + "."
        out += " "
    return out.strip()


def _at_a_word(text: str, limit: int) -> str:
    """``text`` cut at a space to at most ``limit`` characters with an ellipsis, when it is longer."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit - 1].rstrip(" ,.;:") + "…"
