"""Colours for cards and the poster: palettes (built-in or the organizer's, made legible), black
and white, and WCAG 2 contrast."""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from radical_social.errors import CardError, ContrastWarning

RGB = tuple[int, int, int]

BLACK: RGB = (0, 0, 0)
WHITE: RGB = (255, 255, 255)

QR_CONTRAST = 7.0
"""Below this, or when the palette's text is lighter than its background, codes are black on white."""

MIN_CONTRAST = 4.5
"""WCAG AA for text: every colour the type uses against the colour under it (on the poster, their
grey versions)."""


def luminance(colour: RGB) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    red, green, blue = (_linear(channel / 255) for channel in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def contrast(first: RGB, second: RGB) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True, slots=True)
class Colours:
    """A card's colours as drawn."""

    background: RGB
    text: RGB
    accent: RGB

    @property
    def qr(self) -> tuple[RGB, RGB]:
        """Dark and light modules: the palette's own when it is dark on light and strong enough."""
        strong = contrast(self.text, self.background) >= QR_CONTRAST
        if strong and luminance(self.text) < luminance(self.background):
            return self.text, self.background
        return BLACK, WHITE


def mix(first: RGB, second: RGB, share: float) -> RGB:
    """The colour ``share`` of the way from ``first`` to ``second``."""
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(first, second, strict=True))
    return red, green, blue


Colour = tuple[int, int, int] | str
"""``(r, g, b)`` with 0–255 channels, or ``"#rrggbb"``."""

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


@dataclass(frozen=True, kw_only=True, slots=True)
class Palette:
    """A card's colours; each is stored as an ``(r, g, b)`` tuple whatever form it was given in."""

    background: Colour
    text: Colour
    accent: Colour
    """Rules, bands and panels, the date line on ``poster`` and ``split``; type on the background."""

    def __post_init__(self) -> None:
        for name in ("background", "text", "accent"):
            object.__setattr__(self, name, _rgb(getattr(self, name)))

    @property
    def colours(self) -> Colours:
        return Colours(_rgb(self.background), _rgb(self.text), _rgb(self.accent))

    @property
    def legible(self) -> bool:
        """Whether the text and the accent both reach ``MIN_CONTRAST`` on the background."""
        colours = self.colours
        return min(contrast(colours.text, colours.background),
                   contrast(colours.accent, colours.background)) >= MIN_CONTRAST


def brand_palette(background: Colour, text: Colour, accent: Colour | None = None) -> Palette:
    """The organizer's colours, each moved toward black or white just enough to reach 4.5:1 on the
    background, with a ``ContrastWarning`` for each one moved. Without an accent, the text colour is
    used for it (a two-colour card)."""
    ground = _rgb(background)
    ink = _legible(_rgb(text), ground, "text")
    mark = ink if accent is None else _legible(_rgb(accent), ground, "accent")
    return Palette(background=ground, text=ink, accent=mark)


def legible(palette: Palette) -> Palette:
    """The palette as cards use it: itself when its colours reach ``MIN_CONTRAST``, else as
    ``brand_palette`` adjusts it (with its warnings)."""
    return palette if palette.legible else brand_palette(palette.background, palette.text, palette.accent)


def _legible(colour: RGB, background: RGB, role: str) -> RGB:
    if contrast(colour, background) >= MIN_CONTRAST:
        return colour
    shares = [(share, target) for target in (BLACK, WHITE)
              if (share := _least_share(colour, background, target)) is not None]
    share, target = min(shares)
    fixed = mix(colour, target, share)
    warnings.warn(ContrastWarning(
        f"the {role} colour {_hex(colour)} has a contrast of {contrast(colour, background):.2f}:1 on "
        f"{_hex(background)}, under the 4.5:1 WCAG AA asks; using {_hex(fixed)} "
        f"({contrast(fixed, background):.2f}:1)"), stacklevel=3)
    return fixed


def _least_share(colour: RGB, background: RGB, target: RGB) -> float | None:
    """How far toward ``target`` the colour must move to reach ``MIN_CONTRAST`` (None: never)."""
    if contrast(target, background) < MIN_CONTRAST:
        return None
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        enough = contrast(mix(colour, target, middle), background) >= MIN_CONTRAST
        low, high = (low, middle) if enough else (middle, high)
    while contrast(mix(colour, target, high), background) < MIN_CONTRAST:  # channels round to integers
        high = min(1.0, high + 0.005)
    return high


def _rgb(value: Colour) -> RGB:
    if isinstance(value, str):
        match = _HEX.fullmatch(value.strip())
        if not match:
            raise CardError(f"{value!r} is not a colour; write it as '#rrggbb'")
        digits = match.group(1)
        digits = "".join(char * 2 for char in digits) if len(digits) == 3 else digits
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    if len(value) == 3 and all(isinstance(c, int) and 0 <= c <= 255 for c in value):
        return value[0], value[1], value[2]
    raise CardError(f"{value!r} is not a colour; give (r, g, b) with channels 0–255 or '#rrggbb'")


def _hex(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


DEFAULT_PALETTE = "carta"
"""The cards' palette when none is chosen (the poster is then black on white)."""

PALETTES: Mapping[str, Palette] = MappingProxyType({
    "carta": Palette(background="#f4efe6", text="#1f1b16", accent="#a63a24"),
    "notte": Palette(background="#15171c", text="#f2ede4", accent="#e9b44c"),
    "salvia": Palette(background="#dce5d5", text="#1d2a21", accent="#3b6448"),
    "mare": Palette(background="#0e3a52", text="#f5f1e8", accent="#f2c14e"),
    "pomodoro": Palette(background="#b8321f", text="#fff8ee", accent="#ffe1a8"),
})
"""Paper, night, sage, sea and tomato: each pair at least 4.5:1, the text at least 10:1 (pomodoro 5.7:1)."""
