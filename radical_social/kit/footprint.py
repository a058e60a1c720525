"""What a promotion costs the climate on the network: the minimal plan beside a posting treadmill.

The estimate is the Sustainable Web Design model, version 4, exactly as CO2.js implements it
(``perByte``, default options): energy per gigabyte transferred, operational and embodied, for the
data centre, the network and the user's device, times the global average grid intensity. With
CO2.js's constants that is 0.3 kWh/GB × 494 g/kWh = **148.2 g CO2e per GB** (1 GB = 10⁹ bytes).
Options: the global grid for every segment, no green hosting, first visits only (no return visits,
no cache). See ``docs/explanation/footprint.md`` for every constant, its source and the assumptions.

A *view* is one follower who sees the whole campaign: they download every card and the invite of
the minimal plan, or every photo of the treadmill, once. ``co2e_g_per_1000_views`` is 1,000 of them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MODEL = "sustainable-web-design-v4"
"""The model's name in ``kit.json``, as CO2.js names it (``sustainable-web-design-v4.js``)."""

GIGABYTE = 1000 * 1000 * 1000
"""CO2.js ``fileSize.GIGABYTE``: decimal, as CO2.js has counted since 2022 (its PR #93)."""

OPERATIONAL_KWH_PER_GB: Mapping[str, float] = {"data_centre": 0.055, "network": 0.059, "device": 0.08}
"""CO2.js ``SWDV4.OPERATIONAL_KWH_PER_GB_DATACENTER`` / ``_NETWORK`` / ``_DEVICE``."""

EMBODIED_KWH_PER_GB: Mapping[str, float] = {"data_centre": 0.012, "network": 0.013, "device": 0.081}
"""CO2.js ``SWDV4.EMBODIED_KWH_PER_GB_DATACENTER`` / ``_NETWORK`` / ``_DEVICE``."""

GLOBAL_GRID_INTENSITY = 494
"""g CO2e per kWh: CO2.js ``SWDV4.GLOBAL_GRID_INTENSITY``, the model's world average."""

GRAMS_PER_GB = (sum(OPERATIONAL_KWH_PER_GB.values()) + sum(EMBODIED_KWH_PER_GB.values())) * GLOBAL_GRID_INTENSITY
"""148.2 g CO2e for each gigabyte a follower downloads."""

VIEWS = 1000
"""Views per figure: ``co2e_g_per_1000_views``."""

STOCK_PHOTO_BYTES = 300_000
"""What a follower downloads for one photo post: the network's recompressed 1080×1350 JPEG (the
largest feed size, 1.46 megapixels) at 1.65 bits per pixel, a median JPEG in the HTTP Archive."""

TREADMILL_POSTS_PER_DAY = 3


@dataclass(frozen=True, kw_only=True, slots=True)
class Footprint:
    """What one follower downloads for a campaign, its post count, and the CO2e of 1,000 such views."""

    bytes: int
    posts: int
    co2e_g_per_1000_views: float
    model: str = MODEL

    def as_dict(self) -> dict[str, int | float | str]:
        """The footprint for ``kit.json``: grams rounded to the milligram."""
        return {
            "bytes": self.bytes,
            "posts": self.posts,
            "co2e_g_per_1000_views": round(self.co2e_g_per_1000_views, 3),
            "model": self.model,
        }


def co2e_grams(bytes: int) -> float:
    """Grams of CO2e to transfer ``bytes`` once: CO2.js ``perByte(bytes)`` of the v4 model."""
    if bytes < 0:
        raise ValueError(f"bytes must not be negative; got {bytes}")
    return bytes / GIGABYTE * GRAMS_PER_GB


def footprint(*, card_bytes: Sequence[int], invite_bytes: int, posts: int) -> Footprint:
    """The minimal plan's footprint: a follower downloads every card and the invite once."""
    if any(size < 0 for size in card_bytes) or invite_bytes < 0 or posts < 0:
        raise ValueError("sizes and the number of posts must not be negative")
    return _footprint(sum(card_bytes) + invite_bytes, posts)


def treadmill(
    *,
    start: datetime,
    end_of_promotion: datetime,
    posts_per_day: int = TREADMILL_POSTS_PER_DAY,
    photo_bytes: int = STOCK_PHOTO_BYTES,
) -> Footprint:
    """The baseline: ``posts_per_day`` photo posts on each whole day from ``start`` to the end.

    A partial last day is not counted, so the baseline never overstates what the plan saves.
    """
    if posts_per_day < 0 or photo_bytes < 0:
        raise ValueError("posts_per_day and photo_bytes must not be negative")
    days = max(0, (end_of_promotion - start) // timedelta(days=1))
    posts = days * posts_per_day
    return _footprint(posts * photo_bytes, posts)


def _footprint(size: int, posts: int) -> Footprint:
    return Footprint(bytes=size, posts=posts, co2e_g_per_1000_views=co2e_grams(size) * VIEWS)


def saving(minimal: Footprint, baseline: Footprint) -> float:
    """The share of the baseline's CO2e the minimal plan avoids, 0 to 1 (0 when it avoids none)."""
    if baseline.co2e_g_per_1000_views <= 0:
        return 0.0
    return max(0.0, 1 - minimal.co2e_g_per_1000_views / baseline.co2e_g_per_1000_views)


def compare(minimal: Footprint, baseline: Footprint, *, language: str = "en") -> str:
    """One line for people: both plans' posts, megabytes and grams per 1,000 views, and the saving.

    ``language`` is a BCP 47 tag; it, en, es, fr and de have wording (their ``footprint``), any
    other gets English.
    """
    from babel.numbers import format_decimal, format_percent

    from radical_social.text.wording import table, wording
    from radical_social.text.words import locale_for

    locale = locale_for(language)
    words = wording(language)["footprint"]
    percent = math.floor(round(saving(minimal, baseline) * 100, 6))
    return str(words["line"]).format(
        minimal=_figures(words, minimal, locale),
        baseline=_figures(words, baseline, locale, unit=False),
        views=format_decimal(VIEWS, locale=locale),
        saving=table(words["saving_article"], percent) + format_percent(percent / 100, locale=locale),
    )


def _figures(words: Mapping[str, Any], value: Footprint, locale: str, *, unit: bool = True) -> str:
    """``7 posts, 0.32 MB, 47 g CO2e``; without ``unit``: ``… 3.3 kg``."""
    grams = value.co2e_g_per_1000_views
    mass, symbol = (grams / 1000, "kg") if grams >= 1000 else (grams, "g")
    noun = words["posts"][0] if value.posts == 1 else words["posts"][1]
    return (
        f"{_significant(value.posts, locale)} {noun}, {_significant(value.bytes / 1e6, locale)} {words['megabytes']}, "
        f"{_significant(mass, locale)} {symbol}{' CO2e' if unit else ''}"
    )


def _significant(number: float, locale: str, digits: int = 2) -> str:
    """At least ``digits`` significant digits, no trailing zeros: ``0,32``, ``3,3``, ``47``, ``1.250``."""
    from babel.numbers import format_decimal

    decimals = 0 if number == 0 else max(0, digits - 1 - math.floor(math.log10(abs(number))))
    return format_decimal(round(number, decimals), format="#,##0." + "#" * decimals, locale=locale)
