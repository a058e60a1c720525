"""The poster: one printable page for a shop window, the most radical channel of all.

``render_poster(event)`` returns a one-page vector PDF, exactly A4 or A5, made with fpdf2. From top
to bottom: the organizer's photo (optional, in a band), the title as big as it fits, the date and
time in words, how often it repeats, the place, the price and the places, then the organizer, the
event's link and a large QR code of it. An event without a URL gets neither link nor QR code.

The text is text: set in the bundled Inter (Bold for the title and names) or the organizer's font,
and what neither has (Armenian, Georgian, CJK…) in a font the system has for it (fontconfig, as for
the cards), each cut down to the glyphs the poster uses and embedded, so it can be selected,
searched, read aloud and printed sharp at any size. A script that needs shaping (Arabic, Hebrew,
Indic…) is left out and named in a warning: its letters would be set unjoined, left to right. It
says what the posts say, in their words: the same title, date, time, place and link (``pdftotext``
reads them back). Long words are hyphenated (pyphen, in the event's language) when that makes the
title much larger; a title of whole words is balanced. The QR code is drawn as filled squares, black
on white with its quiet zone, and links to the event, as does the printed link. The title and the
language are in the document's metadata.

The page prints on an office printer: black on white unless the ``Look`` has a palette (as for
cards: a ``Palette`` or a built-in one's name; a dark one prints a dark page, which takes much
ink). A palette's text and accent are used only where their grey versions still contrast 4.5:1
with the grey of its background; otherwise black or white, whichever contrasts more. The photo is
a JPEG at 200 dpi of its printed size.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, cast

from radical_social._version import __version__
from radical_social.errors import CardError, MissingGlyphWarning
from radical_social.event import addresses
from radical_social.event.model import Event, Photo
from radical_social.event.values import unknown
from radical_social.graphics.look import DEFAULT_LOOK, Look
from radical_social.graphics.palette import BLACK, MIN_CONTRAST, RGB, WHITE, Palette, contrast
from radical_social.text import words
from radical_social.text.wording import resolve_language

if TYPE_CHECKING:
    from fpdf import FPDF

    from radical_social.graphics.coverage import FontFile

PAPER = {"A4": (210, 297), "A5": (148, 210)}
"""Paper sizes in millimetres, portrait."""
DEFAULT_PAPER = "A4"
MARGIN_MM = 12
"""Clear of what office printers cannot reach (about 5 mm), and of a window frame."""
PHOTO_DPI = 200
"""The photo's resolution at its printed size: sharp from a step away, a fraction of 300 dpi's bytes."""
PHOTO_QUALITY = 85

_POINTS_PER_MM = 72 / 25.4

# Sizes in hundredths of the page height, so A5 is A4 scaled down.
_TITLE_MAX = 11.0
_TITLE_MIN = 2.2
_STRONG = 3.2
_NORMAL = 2.6
_SMALL = 1.6
_QR_SIDE = 18.0
_PHOTO_BAND = 24.0
_GAP = 2.0
_RULE = 0.4
_DETAILS_SHARE = 0.6
"""At most this share of the text area goes to the details; the title gets the rest."""
_DETAILS_GROW = 1.3
"""How much larger than their sizes the details may grow where the page has room."""
_HYPHENATION_GAIN = 1.25
"""A title is hyphenated only when that makes it this much larger than with its words whole."""
_BALANCE_STEPS = 10
"""Halvings in the search for the narrowest width that keeps a title's lines: a thousandth of the width."""
_FAUX_BOLD = 1 / 22
"""The outline, in ems, that makes an organizer's font bold (it comes as one file)."""

_QUIET_ZONE = 4
"""Light modules around the QR code, as ISO/IEC 18004 asks."""
_SOFT_HYPHEN = "\u00ad"
_NO_BREAK = "\u00a0"
_SLASH = re.compile(r"(?<=[^/]/)(?=[^/])")
"""Where a link may break: after a slash, but not inside ``//``."""
_ELLIPSIS = "…"
_ROUNDING = 0.01
"""Points fpdf2's line breaking is given beyond a measured width: it adds up widths in another
order, and a word that fits exactly must not be cut."""
_SHAPED_SCRIPTS = frozenset({
    "ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA",
    "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "THAI", "LAO", "TIBETAN", "MYANMAR", "KHMER",
    "MONGOLIAN"})
"""Scripts whose letters join, reorder or stack (or run right to left): set one glyph after the
other, as the poster sets text, they would be wrong, so a system font is not looked up for them."""
_NO_DATE = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""The creation date written: none, so the same poster makes the same file (as ``SOURCE_DATE_EPOCH=0``)."""


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
    """The event's poster as a vector PDF, its page exactly ``paper`` (``"A4"`` or ``"A5"``).

    ``look`` sets the palette (None: black on white), the font (None: the bundled Inter), and the
    photo in a band at the top (by default the event's ``image``); its layout is for cards, the
    poster has one of its own. ``today`` decides whether the year is written; ``language`` overrides
    the event's. Warns (``MissingGlyphWarning``) naming the characters no font has a glyph for, and
    those of a script that needs shaping (Arabic, Hebrew, Indic…), which it leaves out. Raises
    ``CardError`` for an unknown paper, ``EventError`` (at ``image``) for an unreadable photo.
    """
    if paper not in PAPER:
        raise CardError(unknown("paper", paper, PAPER))
    event = event.in_language(language)
    title, details, footer = _title_lines(event), _detail_lines(event, today), _footer_lines(event)
    text = "".join(line.text for line in (*title, *details, *footer))
    fonts = _Fonts.of(look.font, text)
    _warn_missing(fonts, text)
    width, height = PAPER[paper]
    pdf = fonts.document(text + "-" + _SOFT_HYPHEN + _ELLIPSIS)
    pdf.add_page(format=(width * _POINTS_PER_MM, height * _POINTS_PER_MM))
    page = _Page(pdf, fonts, poster_inks(look.colours), resolve_language(event.language)[0])
    page.paint_background()
    top = page.margin
    photo = look.photo_of(event)
    if photo is not None:
        top = page.photo(photo, top)
    page.lay_out(title, details, footer, top, event.url)
    pdf.set_title(event.title)
    pdf.set_lang(event.language)
    pdf.set_creator(f"radical_social {__version__}")
    data = bytes(pdf.output())
    return Poster(paper=paper, data=data, width_mm=width, height_mm=height)


def ready(look: Look = DEFAULT_LOOK) -> None:
    """Load what ``render_poster`` uses before its event is known: fpdf2, fontTools' subsetter, babel
    (the date in words), segno (the QR code), the emoji pattern and the character maps of the look's
    fonts. Raises what a bad font raises."""
    import babel.dates  # noqa: F401
    import fontTools.subset  # noqa: F401
    import fpdf  # noqa: F401
    import segno  # noqa: F401

    from radical_social.text.patterns import emoji

    emoji()
    _Fonts.of(look.font, "")


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
    """WCAG contrast ratio of two colours printed in grey (ITU-R 601-2 luma, as Pillow's ``L``)."""
    return contrast(_grey(first), _grey(second))


def _grey(colour: RGB) -> RGB:
    red, green, blue = colour
    level = round((red * 299 + green * 587 + blue * 114) / 1000)
    return level, level, level


# --- what the poster says ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    size: float
    """Hundredths of the page height."""
    bold: bool
    accent: bool = False
    clauses: bool = False
    """Break after commas first (``Sabato 16 gennaio,`` / ``ore 18:00–20:30``)."""
    link: bool = False
    """Break after slashes, never hyphenate (the text is a URL)."""
    leading: float = 1.2
    """Line height, times the size."""


_TITLE = _Style(_TITLE_MAX, bold=True, leading=1.05)
_DATE = _Style(_STRONG, bold=True, accent=True, clauses=True)
_TEXT = _Style(_NORMAL, bold=False)
_NAME = _Style(_NORMAL, bold=True)
_LINK = _Style(_SMALL, bold=False, link=True)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    style: _Style


def _printed(text: str) -> str:
    """One line of text without the emoji (images leave them out; the alt text keeps the words)."""
    from radical_social.graphics.text_boxes import clean
    from radical_social.text.patterns import emoji

    return clean(emoji().sub(" ", text))


def _title_lines(event: Event) -> list[_Line]:
    return [_Line(_printed(event.title), _TITLE)]


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
        lines.append(_Line(_printed(venue.name), _NAME))
        lines += [_Line(_printed(part), _TEXT) for part in addresses.lines(venue, with_name=False)]
    cost = " · ".join(part for part in (words.price(event), words.capacity(event)) if part)
    if cost:
        lines.append(_Line(cost, _TEXT))
    return lines


def _footer_lines(event: Event) -> list[_Line]:
    """The organizer and the link, beside the QR code."""
    lines = [_Line(_printed(event.organizer.name), _NAME)] if event.organizer else []
    if event.url:
        lines.append(_Line(event.url, _LINK))
    return lines


# --- type ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fonts:
    """The font files for regular and bold text; ``faux_bold`` when bold is the regular outlined;
    ``fallbacks``: system fonts for characters neither has, each as (style, font, its characters)."""

    regular: Path
    bold: Path
    faux_bold: bool
    fallbacks: tuple[tuple[str, FontFile, str], ...] = ()

    @classmethod
    def of(cls, font: str | Path | None, text: str) -> _Fonts:
        """The organizer's font or Inter, and system fonts for the characters of ``text`` they lack."""
        from radical_social.graphics.faces import font_source
        from radical_social.graphics.typeface import bundled_font

        source = font_source(font)
        if source is None:
            fonts = cls(bundled_font(), bundled_font(bold=True), faux_bold=False)
        else:
            fonts = cls(Path(source), Path(source), faux_bold=True)
        lacking = "".join(char for char in fonts.lacking(text) if not _shaped(char))
        styles = ("",) if fonts.faux_bold else ("", "B")  # an outlined regular stays the bold
        return replace(fonts, fallbacks=tuple(
            (style, found, chars) for style in styles for found, chars in _system_fonts(lacking, style == "B")))

    def lacking(self, text: str) -> str:
        """The characters of ``text`` (once each, spaces aside) that the regular or the bold font lacks."""
        from radical_social.graphics.pdf_type import characters

        have = characters(self.regular) & characters(self.bold)
        return "".join(dict.fromkeys(char for char in text if char not in have and not char.isspace()))

    def document(self, text: str) -> FPDF:
        """A new document with the glyphs of ``text`` in both styles as the family ``poster``."""
        from fpdf import FPDF
        from fpdf.fonts import TTFFont

        from radical_social.graphics.pdf_type import cut

        pdf = FPDF(unit="pt")
        pdf.set_auto_page_break(False)
        pdf.set_margin(0)
        pdf.c_margin = 0
        pdf.set_creation_date(_NO_DATE)
        for style, path in (("", self.regular), ("B", self.bold)):
            # Registered as add_font() does, which reads only files: the cut font is in memory.
            key = f"poster{style}"
            pdf.fonts[key] = TTFFont(pdf, io.BytesIO(cut(path, text)), key, style)  # type: ignore[arg-type]
        families = []
        for number, (style, font, chars) in enumerate(self.fallbacks):
            # Cut to its own characters only: fpdf2 takes a fallback for every character it has.
            family = f"fallback{number}"
            key = family + style
            data = cut(Path(font.path), chars, font.index)
            pdf.fonts[key] = TTFFont(pdf, io.BytesIO(data), key, style)  # type: ignore[arg-type]
            families.append(family)
        if families:
            pdf.set_fallback_fonts(families, exact_match=False)  # a bold character without a bold font: regular
        return pdf


def _system_fonts(text: str, bold: bool) -> list[tuple[FontFile, str]]:
    """System fonts for the characters of ``text``, each with those it draws: one per script when
    a font has all of the script's characters, else one per character; those no font has are left out."""
    from fpdf.unicode_script import get_unicode_script

    from radical_social.graphics.coverage import system_font

    scripts: dict[int, str] = {}
    for char in text:
        script = get_unicode_script(char)
        scripts[script] = scripts.get(script, "") + char
    found: dict[FontFile, str] = {}
    for chars in scripts.values():
        font = system_font(chars, bold)
        for piece_font, piece in [(font, chars)] if font else [(system_font(char, bold), char) for char in chars]:
            if piece_font is not None:
                found[piece_font] = found.get(piece_font, "") + piece
    return list(found.items())


def _shaped(char: str) -> bool:
    """Whether ``char`` belongs to a script that needs shaping (``_SHAPED_SCRIPTS``)."""
    from fpdf.unicode_script import get_unicode_script

    return get_unicode_script(char).name in _SHAPED_SCRIPTS


def _warn_missing(fonts: _Fonts, text: str) -> None:
    drawn = {char for _, _, chars in fonts.fallbacks for char in chars}
    absent = "".join(char for char in fonts.lacking(text) if char not in drawn)
    shaped = "".join(char for char in absent if _shaped(char))
    unfound = "".join(char for char in absent if not _shaped(char))
    if unfound:
        warnings.warn(MissingGlyphWarning(
            f"neither the font nor one of the system's has a glyph for {unfound!r}, which print as blanks or "
            "boxes; pass a font that has them (font=…)"),
            stacklevel=3)
    if shaped:
        warnings.warn(MissingGlyphWarning(
            f"the poster cannot set {shaped!r}: their script needs its letters joined or reordered (shaping), "
            "which the poster does not do, so they print as blanks or boxes"),
            stacklevel=3)


# --- layout --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Set:
    """One line ready to draw, at ``size`` points; ``ascent`` and ``descent``: the font's, in points."""

    text: str
    style: _Style
    size: float
    ascent: float
    descent: float

    @property
    def height(self) -> float:
        """From this line's top to the next one's."""
        return self.size * self.style.leading


@dataclass(frozen=True, slots=True)
class _Block:
    """Wrapped lines; ``split`` when a word had to be cut where it has no hyphenation point."""

    lines: tuple[_Set, ...]
    split: bool

    @property
    def size(self) -> float:
        """The first line's size in points."""
        return self.lines[0].size if self.lines else 0.0

    @property
    def height(self) -> float:
        """From the first line's ascent to the last one's descent."""
        if not self.lines:
            return 0.0
        return sum(line.height for line in self.lines[:-1]) + self.lines[-1].ascent + self.lines[-1].descent


class _Page:
    """The page being drawn: sizes in points, from the top-left corner."""

    def __init__(self, pdf: FPDF, fonts: _Fonts, inks: Inks, language: str) -> None:
        self.pdf = pdf
        self.fonts = fonts
        self.inks = inks
        self.language = language
        self.unit = pdf.h / 100
        self.margin = MARGIN_MM * _POINTS_PER_MM
        self.inner_width = pdf.w - 2 * self.margin

    def paint_background(self) -> None:
        if self.inks.background != WHITE:
            self.pdf.set_fill_color(*self.inks.background)
            self.pdf.rect(0, 0, self.pdf.w, self.pdf.h, style="F")

    def photo(self, photo: Photo, top: float) -> float:
        """Draw the photo in a band at ``top``; return the y below it."""
        from radical_social.graphics.pixels import cover, open_photo

        width, height = self.inner_width, self.unit * _PHOTO_BAND
        pixels = (round(width / 72 * PHOTO_DPI), round(height / 72 * PHOTO_DPI))
        jpeg = io.BytesIO()
        cover(open_photo(photo.path), *pixels, photo.focal).save(jpeg, "JPEG", quality=PHOTO_QUALITY, optimize=True)
        self.pdf.set_image_filter("DCTDecode")  # the JPEG goes in as it is
        self.pdf.image(jpeg, x=self.margin, y=top, w=width, h=height)
        return top + height + self.unit * _GAP * 1.5

    def lay_out(self, title: list[_Line], details: list[_Line], footer: list[_Line], top: float,
                url: str | None) -> None:
        """Title, rule and details from ``top`` down; organizer, link and QR code at the bottom."""
        from radical_social.graphics.pixels import qr_rows

        bottom = self.pdf.h - self.margin
        gap, rule = self.unit * _GAP, self.unit * _RULE
        rows = qr_rows(url) if url else ()
        qr_side = self.unit * _QR_SIDE if rows else 0.0
        quiet = qr_side / len(rows) * _QUIET_ZONE if rows else 0.0
        footer_block = self._fit(footer, self.inner_width - qr_side - quiet, max(qr_side, (bottom - top) / 5), 0.6)
        room = bottom - top - max(qr_side, footer_block.height) - rule - 4 * gap
        details_block = self._fit(details, self.inner_width, room * _DETAILS_SHARE, largest=_DETAILS_GROW)
        title_block = self._title(title, room - details_block.height)
        y = self._draw(title_block, top) + gap
        self.pdf.set_fill_color(*self.inks.accent)
        self.pdf.rect(self.margin, y, self.inner_width, rule, style="F")
        self._draw(details_block, y + rule + 2 * gap)
        self._draw(footer_block, bottom - footer_block.height, url)
        if rows and url:
            # The code's edges line up with the text; its quiet zone lies in the margin and the gap.
            self._qr(rows, self.pdf.w - self.margin - qr_side, bottom - qr_side, qr_side / len(rows), url)

    def _qr(self, rows: tuple[bytes, ...], x: float, y: float, module: float, url: str) -> None:
        """The code as filled squares (a run of dark modules in a row is one rectangle), on white."""
        pdf = self.pdf
        quiet = module * _QUIET_ZONE
        pdf.set_fill_color(*WHITE)
        pdf.rect(x - quiet, y - quiet, module * len(rows) + 2 * quiet, module * len(rows) + 2 * quiet, style="F")
        pdf.set_fill_color(*BLACK)
        for row_index, row in enumerate(rows):
            for start, length in _runs(row):
                pdf.rect(x + start * module, y + row_index * module, length * module, module, style="F")
        pdf.link(x, y, module * len(rows), module * len(rows), url)

    def _draw(self, block: _Block, top: float, link: str | None = None) -> float:
        """Draw the block from ``top``; return the y below it."""
        from fpdf.enums import TextMode

        pdf = self.pdf
        start = top
        for line in block.lines:
            self._font(line.style, line.size)
            ink = self.inks.accent if line.style.accent else self.inks.text
            pdf.set_text_color(*ink)
            if line.style.bold and self.fonts.faux_bold:
                # In a saved graphics state: the PDF keeps a text rendering mode from one text to the next.
                with pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=line.size * _FAUX_BOLD,
                                       draw_color=ink):
                    self._text(top + line.ascent, line)
            else:
                self._text(top + line.ascent, line)
            if link and line.style.link:
                pdf.link(self.margin, top, pdf.get_string_width(line.text), line.ascent + line.descent, link)
            top += line.height
        return start + block.height

    def _text(self, baseline: float, line: _Set) -> None:
        """The line from the margin, each run of it in the font that has it: fpdf2 measures with
        the fallback fonts, but its ``text`` draws in one font only."""
        from itertools import groupby

        pdf = self.pdf
        x = self.margin
        style = "B" if line.style.bold else ""
        main = f"poster{style}"
        cmap = pdf.fonts[main].cmap  # type: ignore[union-attr]
        for key, run in groupby(line.text, lambda char: main if ord(char) in cmap
                                else pdf.get_fallback_font(char, style) or main):
            text = "".join(run)
            pdf.set_font(key.removesuffix("B"), "B" if key.endswith("B") else "", line.size)
            pdf.text(x, baseline, text)
            x += pdf.get_string_width(text)
        self._font(line.style, line.size)

    def _font(self, style: _Style, size: float) -> None:
        self.pdf.set_font("poster", "B" if style.bold else "", size)

    def _title(self, title: Sequence[_Line], height: float) -> _Block:
        """The title with its words whole, unless hyphenating them makes it much larger."""
        whole = self._fit(title, self.inner_width, height, _TITLE_MIN / _TITLE_MAX, hyphenate=False)
        hyphenated = self._fit(title, self.inner_width, height, _TITLE_MIN / _TITLE_MAX)
        if not whole.split and whole.size * _HYPHENATION_GAIN >= hyphenated.size:
            return self._balanced(title, whole)
        return hyphenated  # balancing would move its hyphens to worse places

    def _balanced(self, lines: Sequence[_Line], block: _Block) -> _Block:
        """The block, its words whole, broken at the narrowest width that keeps its number of
        lines: lines of even length, no short word alone at the end."""
        scale = block.size / (lines[0].style.size * self.unit)
        full = self._wrap(lines, self.inner_width, scale, hyphenate=False)
        if len(block.lines) < 2 or full.lines != block.lines:  # one line, or cut short with "…"
            return block
        low, high = self.inner_width / 2, self.inner_width
        for _ in range(_BALANCE_STEPS):
            middle = (low + high) / 2
            narrow = self._wrap(lines, self.inner_width, scale, hyphenate=False, breaking=middle)
            if len(narrow.lines) == len(block.lines) and narrow.split == block.split:
                high = middle
            else:
                low = middle
        return self._wrap(lines, self.inner_width, scale, hyphenate=False, breaking=high)

    def _fit(self, lines: Sequence[_Line], width: float, height: float, smallest: float = 0.5, *,
             largest: float = 1.0, hyphenate: bool = True) -> _Block:
        """The lines at the largest scale, ``largest`` down to ``smallest``, that fits ``height``
        without cutting a word where it has no hyphenation point (``hyphenate``: pyphen's, in the
        language); at ``smallest`` words are cut if they must be, and lines that still do not fit
        are left out, the last one kept ending with "…"."""
        low, high = round(smallest * 1000), round(largest * 1000)
        while low < high:
            middle = (low + high + 1) // 2
            block = self._wrap(lines, width, middle / 1000, hyphenate)
            if block.height <= height and not block.split:
                low = middle
            else:
                high = middle - 1
        return self._truncated(self._wrap(lines, width, low / 1000, hyphenate), width, height)

    def _truncated(self, block: _Block, width: float, height: float) -> _Block:
        kept = list(block.lines)
        while kept and _Block(tuple(kept), block.split).height > height:
            kept.pop()
        if kept and len(kept) < len(block.lines):
            last = kept[-1]
            self._font(last.style, last.size)
            text = last.text
            while text and self.pdf.get_string_width(text + _ELLIPSIS) > width:
                text = text[:-1]
            kept[-1] = replace(last, text=text.rstrip() + _ELLIPSIS)
        return _Block(tuple(kept), block.split)

    def _wrap(self, lines: Sequence[_Line], width: float, scale: float, hyphenate: bool,
              breaking: float | None = None) -> _Block:
        """Each line wrapped at spaces (commas first for the date, slashes for the link), words wider
        than ``width`` hyphenated by pyphen if ``hyphenate``; ``breaking``: a narrower width to
        break the lines at (not the link's), as ``_balanced`` tries."""
        breaking = width if breaking is None else breaking
        wrapped: list[_Set] = []
        split = False
        for line in lines:
            size = line.style.size * self.unit * scale
            self._font(line.style, size)
            measure = self.pdf.get_string_width
            metrics = self.pdf.current_font.desc  # type: ignore[union-attr]
            ascent, descent = metrics.ascent / 1000 * size, -metrics.descent / 1000 * size
            if line.style.link:
                # A URL has no spaces: one after each slash breaks it there, and is taken out again.
                texts = [text.replace("/ ", "/") for text in self._lines(_SLASH.sub(" ", line.text), width)]
                split = split or len(texts) > 1  # a link reads best on one line, smaller
            else:
                clauses = _clauses(line.text, width, measure) if line.style.clauses else [line.text]
                prepared = [_marks_kept(_hyphenated(clause, width, measure, self.language) if hyphenate else clause)
                            for clause in clauses]
                texts = [text for clause in prepared for text in self._lines(clause, breaking)]
                split = split or any(_too_wide(word, breaking, measure)
                                     for clause in prepared for word in clause.split(" "))
            wrapped += [_Set(text, line.style, size, ascent, descent) for text in texts]
        return _Block(tuple(wrapped), split)

    def _lines(self, text: str, width: float) -> list[str]:
        """fpdf2's own line breaking: at spaces and soft hyphens (printed as "-")."""
        from fpdf.enums import MethodReturnValue

        found = cast("list[str]", self.pdf.multi_cell(width + _ROUNDING, 10, text, dry_run=True,
                                                      output=MethodReturnValue.LINES))
        return [line.replace(_SOFT_HYPHEN, "") for line in found]


def _clauses(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``Sabato 16 gennaio, ore 18:00–20:30`` in as few lines as fit, broken after commas."""
    lines: list[str] = []
    for clause in text.split(", "):
        if lines and measure(f"{lines[-1]}, {clause}") <= width:
            lines[-1] = f"{lines[-1]}, {clause}"
        else:
            lines.append(clause)
    return [line + "," for line in lines[:-1]] + lines[-1:]


def _marks_kept(text: str) -> str:
    """``text`` with each mark that stands alone (« » : – ?) tied to its word by a no-break space, as on the
    cards, so a line never ends in « nor starts with » or a French colon."""
    from radical_social.graphics.text_boxes import glued

    return " ".join(unit.replace(" ", _NO_BREAK) for unit in glued(text.split(" ")))


def _hyphenated(text: str, width: float, measure: Callable[[str], float], language: str) -> str:
    """``text`` with soft hyphens at pyphen's hyphenation points of each word wider than ``width``."""
    from radical_social.graphics.text_boxes import hyphenator

    return " ".join(
        hyphenator(language).inserted(word, hyphen=_SOFT_HYPHEN) if measure(word) > width else word
        for word in text.split(" ")
    )


def _too_wide(word: str, width: float, measure: Callable[[str], float]) -> bool:
    """Whether a word must be cut where it has no soft hyphen: a piece before one ends in "-"."""
    *heads, tail = word.split(_SOFT_HYPHEN)
    return measure(tail) > width or any(measure(head + "-") > width for head in heads)


def _runs(row: bytes) -> Iterator[tuple[int, int]]:
    """``(start, length)`` of each run of dark modules in a QR code's row."""
    start = None
    for index, dark in enumerate((*row, 0)):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            yield start, index - start
            start = None
