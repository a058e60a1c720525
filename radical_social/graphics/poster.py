"""The poster: one printable page for a shop window, the most radical channel of all.

``render_poster(event)`` draws the page at 300 dpi with Pillow and returns it as a one-page PDF
whose page is exactly A4 or A5. From top to bottom: the organizer's photo (optional, in a band),
the title as big as it fits, the date and time in words, how often it repeats, the place, the price
and the places, then the organizer, the web site's domain and a large QR code of the event's URL.
An event without a URL gets no QR code (there is nothing to point a phone at).

The page survives a black-and-white printer: it is black on white unless the ``Look`` has a
palette (as for cards: a ``Palette`` or the name of a built-in one), and a palette's text and accent are
used only where their grey versions still contrast 4.5:1 with the grey of its background;
otherwise black or white, whichever contrasts more. The QR code is always black on white. A
black-and-white poster is a 1-bit CCITT G4 image in the PDF (about 15 kB for A4); with a photo or
a palette, a JPEG at quality 90.

Text is set as on cards: the bundled Inter (Regular, and Bold for the title and the date), or the
organizer's font file.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from radical_social._version import __version__
from radical_social.errors import CardError
from radical_social.event import addresses
from radical_social.event.model import Event
from radical_social.graphics.look import DEFAULT_LOOK, Look, unknown
from radical_social.graphics.palette import BLACK, MIN_CONTRAST, RGB, WHITE, Palette, contrast
from radical_social.text import words
from radical_social.text.wording import resolve_language

if TYPE_CHECKING:
    from PIL import Image, ImageDraw

    from radical_social.graphics.faces import Face

PAPER = {"A4": (210, 297), "A5": (148, 210)}
"""Paper sizes in millimetres, portrait."""
DEFAULT_PAPER = "A4"
DPI = 300
MARGIN_MM = 12
"""Clear of what office printers cannot reach (about 5 mm), and of a window frame."""
JPEG_QUALITY = 90

# Sizes in hundredths of the page height, so A5 is A4 scaled down.
_TITLE_MAX = 11.0
_TITLE_MIN = 2.2
_STRONG = 3.2
_NORMAL = 2.6
_SMALL = 2.2
_QR_SIDE = 18.0
_PHOTO_BAND = 24.0
_GAP = 2.0
_RULE = 0.4
_DETAILS_SHARE = 0.6
"""At most this share of the text area goes to the details; the title gets the rest."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Poster:
    """A one-page PDF poster; ``data`` is the file."""

    paper: str
    data: bytes
    width_mm: int
    height_mm: int

    @property
    def bytes(self) -> int:
        """The size of the PDF in bytes."""
        return len(self.data)

    def __repr__(self) -> str:
        return f"<Poster {self.paper} {self.width_mm}×{self.height_mm} mm, {len(self.data):,} bytes>"


@dataclass(frozen=True, slots=True)
class Inks:
    """The poster's colours: each of ``text`` and ``accent`` contrasts 4.5:1 with ``background`` in grey."""

    background: RGB
    text: RGB
    accent: RGB


def render_poster(
    event: Event, *, paper: str = DEFAULT_PAPER, look: Look = DEFAULT_LOOK, today: date | None = None,
    language: str | None = None,
) -> Poster:
    """The event's poster as a PDF, its page exactly ``paper`` (``"A4"`` or ``"A5"``) at 300 dpi.

    ``look`` sets the palette (None: black on white), the font, and the photo in a band at the top
    (by default the event's ``image``); its layout is for cards, the poster has one of its own.
    ``today`` decides whether the year is written; ``language`` overrides the event's. Raises
    ``CardError`` for an unknown paper, ``EventError`` (at ``image``) for an unreadable photo.
    """
    import io

    from PIL import Image

    image = poster_image(event, paper=paper, look=look, today=today, language=language)
    width, height = PAPER[paper]
    if look.palette is None and look.photo_of(event) is None:
        image = image.convert("1", dither=Image.Dither.NONE)  # saved as CCITT G4
    compression = {} if image.mode == "1" else {"quality": JPEG_QUALITY, "subsampling": 0}  # sharp coloured type
    out = io.BytesIO()
    image.save(
        out,
        "PDF",
        # Whole pixels at 300 dpi are not whole millimetres: a resolution a hair off 300 makes the
        # page exactly the paper's size.
        dpi=(image.width * 25.4 / width, image.height * 25.4 / height),
        title=event.title,
        creator=f"radical_social {__version__}",
        creationDate=None,  # the same poster makes the same file
        modDate=None,
        **compression,
    )
    return Poster(paper=paper, data=out.getvalue(), width_mm=width, height_mm=height)


def poster_image(
    event: Event, *, paper: str = DEFAULT_PAPER, look: Look = DEFAULT_LOOK, today: date | None = None,
    language: str | None = None,
) -> Image.Image:
    """The poster as a 300 dpi image, what the PDF holds: grey (``L``) without a palette, else ``RGB``."""
    from PIL import Image, ImageDraw

    from radical_social.graphics.faces import font_source
    from radical_social.graphics.pixels import cover, open_photo

    if paper not in PAPER:
        raise CardError(unknown("paper", paper, PAPER))
    event = event.in_language(language)
    inks = poster_inks(look.colours)
    width, height = (round(mm / 25.4 * DPI) for mm in PAPER[paper])
    image = Image.new("RGB", (width, height), inks.background)
    page = _Page(
        draw=ImageDraw.Draw(image),
        width=width,
        height=height,
        inks=inks,
        source=font_source(look.font),
        language=resolve_language(event.language)[0],
    )
    top = page.margin
    photo = look.photo_of(event)
    if photo is not None:
        band = (page.inner_width, round(page.unit * _PHOTO_BAND))
        image.paste(cover(open_photo(photo.path), *band, photo.focal), (page.margin, top))
        top += band[1] + round(page.unit * _GAP * 1.5)
    _layout(page, image, event, top, today)
    return image.convert("L") if look.palette is None else image


def poster_inks(palette: Palette | None) -> Inks:
    """The colours to print: black on white without a palette; with one, its text and accent where
    their grey versions contrast 4.5:1 with its background's, else black or white."""
    if palette is None:
        return Inks(WHITE, BLACK, BLACK)
    background, text, accent = (palette.colours.background, palette.colours.text, palette.colours.accent)
    return Inks(background, _printable(text, background), _printable(accent, background))


def _printable(ink: RGB, background: RGB) -> RGB:
    if grey_contrast(ink, background) >= MIN_CONTRAST:
        return ink
    return max(BLACK, WHITE, key=lambda colour: grey_contrast(colour, background))


def grey_contrast(first: RGB, second: RGB) -> float:
    """WCAG contrast ratio of two colours printed in grey (Pillow's ``L``: ITU-R 601-2 luma)."""
    return contrast(_grey(first), _grey(second))


def _grey(colour: RGB) -> RGB:
    red, green, blue = colour
    level = round((red * 299 + green * 587 + blue * 114) / 1000)
    return level, level, level


# --- layout --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    size: float
    """Hundredths of the page height."""
    bold: bool
    accent: bool = False
    clauses: bool = False
    """Break after commas first (``Sabato 16 gennaio,`` / ``ore 18:00–20:30``)."""
    leading: float = 1.12
    """Line height as a multiple of the font's ascent plus descent."""


_TITLE = _Style(_TITLE_MAX, bold=True, leading=1.0)
_DATE = _Style(_STRONG, bold=True, accent=True, clauses=True)
_TEXT = _Style(_NORMAL, bold=False)
_NAME = _Style(_NORMAL, bold=True)
_NOTE = _Style(_SMALL, bold=False)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    style: _Style


@dataclass(frozen=True, kw_only=True, slots=True)
class _Page:
    draw: ImageDraw.ImageDraw
    width: int
    height: int
    inks: Inks
    source: str | None
    """The font file, or None for Pillow's built-in font."""
    language: str
    """The base language, for hyphenation."""

    @property
    def unit(self) -> float:
        return self.height / 100

    @property
    def margin(self) -> int:
        return round(MARGIN_MM / 25.4 * DPI)

    @property
    def inner_width(self) -> int:
        return self.width - 2 * self.margin

    def face(self, style: _Style, scale: float = 1.0) -> Face:
        """The style's face, at its weight."""
        from radical_social.graphics.faces import face

        size = max(1, round(style.size * self.unit * scale))
        return face(self.source, size, style.bold)


@dataclass(frozen=True, slots=True)
class _Set:
    """One line ready to draw."""

    text: str
    face: Face
    height: int
    fill: RGB


@dataclass(frozen=True, slots=True)
class _Block:
    """Wrapped lines; ``split`` when a word had to be hyphenated or cut to fit the width."""

    lines: tuple[_Set, ...]
    split: bool

    @property
    def height(self) -> int:
        return sum(line.height for line in self.lines)

    def draw(self, page: _Page, x: int, y: int) -> int:
        """Draw from the top-left corner; return the y below the block."""
        for line in self.lines:
            line.face.draw(page.draw, x, y + line.face.top, line.text, line.fill)
            y += line.height
        return y


def _layout(page: _Page, image: Image.Image, event: Event, top: int, today: date | None) -> None:
    """Title, rule and details from ``top`` down; organizer, domain and QR code at the bottom."""
    from radical_social.graphics.faces import warn_missing
    from radical_social.graphics.pixels import QUIET_ZONE, draw_qr, qr_rows

    bottom = page.height - page.margin
    gap, rule = round(page.unit * _GAP), round(page.unit * _RULE)
    rows = qr_rows(event.url) if event.url else ()
    module = round(page.unit * _QR_SIDE) // len(rows) if rows else 0
    qr_side, quiet = len(rows) * module, QUIET_ZONE * module
    footer_width = page.inner_width - (qr_side + quiet if rows else 0)
    texts = ([_Line(event.title, _TITLE)], _detail_lines(event, today), _footer_lines(event))
    warn_missing(page.source, " ".join(line.text for lines in texts for line in lines), left_out_of="the poster",
                 stacklevel=3)
    footer = _fit(page, texts[2], footer_width, max(qr_side, (bottom - top) // 5))
    room = bottom - top - max(qr_side, footer.height) - rule - 4 * gap
    details = _fit(page, texts[1], page.inner_width, round(room * _DETAILS_SHARE))
    title = _fit(page, texts[0], page.inner_width, room - details.height, _TITLE_MIN / _TITLE_MAX)
    y = title.draw(page, page.margin, top) + gap
    page.draw.rectangle((page.margin, y, page.margin + page.inner_width - 1, y + rule - 1), fill=page.inks.accent)
    details.draw(page, page.margin, y + rule + 2 * gap)
    footer.draw(page, page.margin, bottom - footer.height)
    if rows:
        # The code's edges line up with the text; its quiet zone lies in the margin and the gap.
        corner = (page.width - page.margin - qr_side - quiet, bottom - qr_side - quiet)
        draw_qr(image, rows, corner, module, BLACK, WHITE)


def _detail_lines(event: Event, today: date | None) -> list[_Line]:
    """Status, date and time, repeats, place, price and places: what a passer-by needs."""
    terms = words.phrases(event.language)
    status = terms.status(event.status)
    lines = [_Line(status.upper(), _DATE)] if status else []
    lines.append(_Line(words.upper_first(words.when(event, today=today)), _DATE))
    repeats = words.recurrence(event)
    if repeats:
        lines.append(_Line(words.upper_first(repeats), _TEXT))
    venue = event.venue
    if venue:
        lines.append(_Line(venue.name, _NAME))
        lines += [_Line(part, _TEXT) for part in addresses.lines(venue, with_name=False)]
    cost = " · ".join(part for part in (words.price(event), words.capacity(event)) if part)
    if cost:
        lines.append(_Line(cost, _TEXT))
    return lines


def _footer_lines(event: Event) -> list[_Line]:
    """The organizer and the web site's domain, beside the QR code."""
    from radical_social.graphics.cards import domain

    lines = [_Line(event.organizer.name, _NAME)] if event.organizer else []
    host = domain(event.url)
    if host:
        lines.append(_Line(host, _NOTE))
    return lines


def _fit(page: _Page, lines: Sequence[_Line], width: int, height: int, smallest: float = 0.5) -> _Block:
    """The lines at the largest scale, 1 down to ``smallest``, that fits ``height`` without splitting
    a word; at ``smallest`` words are split if they must be, and lines that still do not fit are
    left out, the last one kept ending with "…"."""
    low, high = round(smallest * 1000), 1000
    while low < high:
        middle = (low + high + 1) // 2
        block = _wrap(page, lines, width, middle / 1000)
        if block.height <= height and not block.split:
            low = middle
        else:
            high = middle - 1
    return _truncated(_wrap(page, lines, width, low / 1000), width, height)


def _truncated(block: _Block, width: int, height: int) -> _Block:
    kept = list(block.lines)
    while kept and sum(line.height for line in kept) > height:
        kept.pop()
    if kept and len(kept) < len(block.lines):
        last = kept[-1]
        text = last.text
        while text and last.face.length(text + "…") > width:
            text = text[:-1]
        kept[-1] = dataclasses.replace(last, text=text.rstrip() + "…")
    return _Block(tuple(kept), block.split)


def _wrap(page: _Page, lines: Sequence[_Line], width: int, scale: float) -> _Block:
    """Each line wrapped as on cards: at spaces, commas first for the date, hyphenated by pyphen."""
    from radical_social.graphics.text_boxes import clean, wrap

    wrapped = []
    split = False
    for line in lines:
        face = page.face(line.style, scale)
        height = math.ceil((face.top + face.bottom) * line.style.leading)
        fill = page.inks.accent if line.style.accent else page.inks.text
        room = width
        texts, split_here = wrap(face, clean(line.text), room, page.language, clauses=line.style.clauses)
        split = split or split_here
        wrapped += [_Set(text, face, height, fill) for text in texts]
    return _Block(tuple(wrapped), split)
