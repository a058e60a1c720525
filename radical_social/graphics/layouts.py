"""The three layouts: where the facts, the photo and the QR code go on a card of each size.

Every layout is typographic and calm: margins of 8 % of the short side (13 % of the height at the
top and bottom of a story, which Instagram covers with its own bar and reply field), the title
as large as it fits, then the date and time, the place, the price and the link's domain, all
left-aligned. Type sits on flat colour only, never on the photo, so its contrast is the palette's.

* ``poster``: the title at the top under a short accent rule; the facts at the bottom, the date
  in the accent colour; the QR code in the bottom-right corner. A photo takes the top of the card.
* ``band``: the date and time in a band of the accent colour across the top (the bottom on a link
  card), the title below it, the facts at the bottom. A photo goes above the band.
* ``split``: a calendar leaf (weekday, day, month) in an accent panel down the left side, with the
  QR code at its foot; the title and facts in the column beside it. A photo fills the panel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from radical_social.graphics.faces import face
from radical_social.graphics.palette import RGB, Colours
from radical_social.graphics.pixels import qr_side
from radical_social.graphics.text_boxes import LEAD, SPACER, Box, Item, Line, Text, fit

_LARGEST = {"square": 0.115, "portrait": 0.125, "story": 0.14, "link": 0.115}
"""The largest title, as a share of the type unit: taller cards have room for larger ones."""
_PHOTO_SHARE = {"square": 0.42, "portrait": 0.46, "story": 0.46}
"""How much of a tall card's height a photo across its top takes."""
_FACTS_SCALE = {"square": 1.0, "portrait": 1.15, "story": 1.35, "link": 1.0}
"""How much larger the facts are set on taller cards, which have the room (they shrink back when the title needs it)."""
_SPREAD = 0.16
"""The most of a card's height left empty between the title and the facts: past it the title grows."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What a card says, already in words and in the event's language."""

    title: str
    when: str
    language: str
    """The base language (``it``), for hyphenation."""
    leaf: tuple[str, str, str]
    """Weekday, day of the month and month of the start, for a calendar leaf."""
    kicker: str | None = None
    """``Annullato`` or ``Da confermare`` above the title, for events not confirmed."""
    repeats: str | None = None
    """How often a recurring event repeats (``Ogni martedì fino al 30 giugno``), under the date."""
    place: str | None = None
    address: str | None = None
    price: str | None = None
    domain: str | None = None


@dataclass(frozen=True, slots=True)
class Spec:
    """One card to lay out."""

    size: str
    width: int
    height: int
    facts: Facts
    colours: Colours
    source: str | None
    photo: bool
    qr: tuple[bytes, ...] | None

    @property
    def wide(self) -> bool:
        return self.width > self.height

    @property
    def unit(self) -> int:
        """The scale of the type: the short side, a little more on the wide link card."""
        return round(self.height * 1.4) if self.wide else self.width

    @property
    def margin(self) -> int:
        return round(min(self.width, self.height) * 0.08)

    @property
    def top(self) -> int:
        """The top and bottom margin (larger on a story, clear of Instagram's bars)."""
        return round(self.height * 0.13) if self.size == "story" else self.margin

    @property
    def spread(self) -> int:
        """The most height left empty between the title and the facts."""
        return round(self.height * _SPREAD)

    def px(self, share: float) -> int:
        return max(1, round(self.unit * share))


@dataclass(frozen=True, slots=True)
class QrPlacement:
    x: int
    y: int
    module: int
    side: int


@dataclass(slots=True)
class Scene:
    """What to paint, in order: the photo, flat fills, the type, the QR code."""

    fills: list[tuple[Box, RGB]] = field(default_factory=list)
    photo: Box | None = None
    lines: list[Line] = field(default_factory=list)
    qr: QrPlacement | None = None


def _module(spec: Spec) -> int:
    """Px per QR module: the code about a fifth of the card's width, never under 3 px a module."""
    assert spec.qr is not None
    return max(3, round(spec.width * 0.2) // qr_side(spec.qr, 1))


def _qr_at(spec: Spec, right: int, bottom: int) -> QrPlacement | None:
    if spec.qr is None:
        return None
    module = _module(spec)
    side = qr_side(spec.qr, module)
    return QrPlacement(right - side, bottom - side, module, side)


def _title(spec: Spec, largest: float, fill: RGB | None = None) -> list[Item]:
    colours, facts = spec.colours, spec.facts
    items: list[Item] = []
    if facts.kicker:
        items.append(Text(text=facts.kicker, size=spec.px(0.034), min_size=spec.px(0.026),
                          fill=fill or colours.accent, bold=True, gap=0.6))
    items.append(Text(text=facts.title, size=spec.px(largest), min_size=spec.px(0.05), fill=fill or colours.text,
                      bold=True, flex=True, clauses=False, pitch=1.1, gap=0.3))
    return items


def _facts(spec: Spec, *, when: bool, narrow: bool = False, grow: bool = True) -> list[Item]:
    """The bottom group: date and time, how often, place, address, price, domain (the last three may
    go); a band card has its date in the band, and the rest here. ``grow``: larger on taller cards
    (not in a narrow column, where they would only wrap more)."""
    facts, text = spec.facts, spec.colours.text
    rows: list[tuple[str | None, float, RGB, int, float]] = [
        (facts.when if when else None, 0.044, spec.colours.accent, 0, 0.2 if facts.repeats else 0.45),
        (facts.repeats, 0.036, spec.colours.accent, 0, 0.45),
        (facts.place, 0.038, text, 0, 0.1),
        (facts.address, 0.032, text, 1, 0.45),
        (facts.price, 0.038, text, 3, 0.45),
        (facts.domain, 0.03, text, 2, 0.0),
    ]
    scale = _FACTS_SCALE[spec.size] if grow else 1.0
    return [
        Text(text=words, size=spec.px(share * scale), min_size=spec.px(share * 0.8), fill=fill, narrow=narrow,
             bold=words is facts.when, max_lines=None if words in (facts.when, facts.repeats) else 2, drop=drop,
             gap=gap)
        for words, share, fill, drop, gap in rows if words
    ]


def poster(spec: Spec) -> Scene:
    scene = Scene()
    margin = spec.margin
    content = Box(margin, spec.top, spec.width - 2 * margin, spec.height - 2 * spec.top)
    if spec.photo and spec.wide:
        scene.photo = Box(spec.width - round(spec.width * 0.42), 0, round(spec.width * 0.42), spec.height)
        content = Box(margin, margin, scene.photo.x - 2 * margin, spec.height - 2 * margin)
    elif spec.photo:
        scene.photo = Box(0, 0, spec.width, round(spec.height * _PHOTO_SHARE[spec.size]))
        content = _below(content, scene.photo.bottom + round(margin * 0.75))
    rule = None
    if not spec.photo:
        rule = Box(margin, spec.top, spec.px(0.14), spec.px(0.014))
        content = _below(content, rule.bottom + spec.px(0.04))
    scene.qr = _qr_at(spec, content.right, content.bottom)
    narrow = content.width - scene.qr.side - margin // 2 if scene.qr else None
    items = [*_title(spec, _LARGEST[spec.size]), SPACER, *_facts(spec, when=True, narrow=narrow is not None)]
    scene.lines = fit(items, content, narrow=narrow, beside=scene.qr.side if scene.qr else 0,
                      language=spec.facts.language, source=spec.source, spread=spec.spread)
    if rule is not None:  # the rule stays above the title, wherever the title went
        first = scene.lines[0]
        down = first.baseline - first.face.top - content.y
        scene.fills.append((Box(rule.x, rule.y + down, rule.width, rule.height), spec.colours.accent))
    return scene


def band(spec: Spec) -> Scene:
    scene = Scene()
    colours = spec.colours
    pad = round(spec.margin * 0.6)
    inner = spec.px(0.12 if spec.photo else 0.15)
    scene.photo, strip, content = _band_boxes(spec, pad, inner)
    scene.fills.append((strip, colours.accent))
    scene.qr = _qr_at(spec, content.right, content.bottom)
    narrow = content.width - scene.qr.side - spec.margin // 2 if scene.qr else None
    items = [*_title(spec, _LARGEST[spec.size] * 0.92), SPACER, *_facts(spec, when=False, narrow=narrow is not None)]
    scene.lines = fit(items, content, narrow=narrow, beside=scene.qr.side if scene.qr else 0,
                      language=spec.facts.language, source=spec.source, spread=spec.spread)
    title = max(line.face.size for line in scene.lines)  # the title is the largest type of its block
    largest = min(spec.px(0.064), math.floor(title / LEAD))
    when = Text(text=spec.facts.when, size=largest, min_size=min(spec.px(0.036), largest), fill=colours.background,
                bold=True, flex=True, pitch=1.15)
    band_box = Box(spec.margin, strip.bottom - pad - inner, strip.width - 2 * spec.margin, inner)
    scene.lines += fit([when], band_box, language=spec.facts.language, source=spec.source, valign="center")
    return scene



def _band_boxes(spec: Spec, pad: int, inner: int) -> tuple[Box | None, Box, Box]:
    """The photo, the band and the box for the title and facts: on a tall card the band lies at the
    top, or under the photo; on the link card it lies at the bottom, the photo beside."""
    margin, width, height = spec.margin, spec.width, spec.height
    if spec.wide:
        column = width - (round(width * 0.42) if spec.photo else 0)
        photo = Box(column, 0, width - column, height) if spec.photo else None
        strip = Box(0, height - inner - 2 * pad, column, inner + 2 * pad)
        return photo, strip, Box(margin, margin, column - 2 * margin, strip.y - 2 * margin)
    if spec.photo:
        photo = Box(0, 0, width, round(height * _PHOTO_SHARE[spec.size]) - 2 * pad)
        strip = Box(0, photo.bottom, width, inner + 2 * pad)
    else:
        photo, strip = None, Box(0, 0, width, spec.top + inner + pad)
    top = strip.bottom + round(margin * 0.8)
    return photo, strip, Box(margin, top, width - 2 * margin, height - spec.top - top)


def split(spec: Spec) -> Scene:
    scene = Scene()
    margin = spec.margin
    colours = spec.colours
    panel = Box(0, 0, round(spec.width * (0.3 if spec.wide else 0.29)), spec.height)
    inset = round(margin * 0.7)
    top = margin if spec.wide else spec.top
    leaf_box = Box(inset, top, panel.width - 2 * inset, spec.height - 2 * top)
    if spec.qr is not None:
        module = _module(spec)
        side = qr_side(spec.qr, module)
        scene.qr = QrPlacement((panel.width - side) // 2, spec.height - spec.top - side, module, side)
        leaf_box = Box(leaf_box.x, leaf_box.y, leaf_box.width, scene.qr.y - margin // 2 - leaf_box.y)
    content = Box(panel.width + margin, top, spec.width - panel.width - 2 * margin, spec.height - 2 * top)
    items = [*_title(spec, _LARGEST[spec.size] * 0.82), SPACER, *_facts(spec, when=True, grow=False)]
    scene.lines = fit(items, content, language=spec.facts.language, source=spec.source, spread=spec.spread)
    if spec.photo:
        scene.photo = panel
    else:  # the leaf's top lines up with the title's, its day no larger than the title
        scene.fills.append((panel, colours.accent))
        first = scene.lines[0]
        leaf_box = _below(leaf_box, first.baseline - first.face.top) if not spec.wide else leaf_box
        title = max(line.face.size for line in scene.lines)
        leaf = _leaf(spec, title, leaf_box.width - spec.px(0.01))
        scene.lines += fit(leaf, leaf_box, language=spec.facts.language, source=spec.source,
                           valign="center" if spec.wide else "top")
    return scene


def _leaf(spec: Spec, title: int, width: int) -> list[Item]:
    """Weekday, day and month, the day smaller than the ``title`` (by ``LEAD``), the words as large as
    the leaf's ``width`` allows (``Mittwoch``, ``Septiembre``)."""
    weekday, day, month = spec.facts.leaf
    fill = spec.colours.background
    measure = face(spec.source, 100)
    small = min(spec.px(0.042), math.floor(width * 100 / max(measure.length(weekday), measure.length(month), 1)))
    largest = min(spec.px(0.26), math.floor(title / LEAD))
    return [
        Text(text=weekday, size=small, min_size=min(spec.px(0.03), small), fill=fill, max_lines=1, gap=0.2),
        Text(text=day, size=largest, min_size=min(spec.px(0.1), largest), fill=fill, bold=True, flex=True, gap=0.0),
        Text(text=month, size=small, min_size=min(spec.px(0.03), small), fill=fill, max_lines=1),
    ]


def _below(box: Box, top: int) -> Box:
    return Box(box.x, top, box.width, box.bottom - top)


LAYOUTS: dict[str, Callable[[Spec], Scene]] = {"poster": poster, "band": band, "split": split}
