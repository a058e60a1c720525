"""IANA time zones by name: the names the system knows, and a cached ``ZoneInfo`` for one of them."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


@lru_cache(maxsize=512)
def zone_info(name: str) -> ZoneInfo:
    """A cached ZoneInfo; raises ZoneInfoNotFoundError or ValueError for unknown names.

    Only the names ``available_timezones`` lists: not ``right/…`` (clocks counting leap seconds, which
    no calendar keeps), ``posix/…`` or other files of the zone folder.
    """
    if not name or name.startswith(("/", ".")) or ".." in name or name not in _known():
        raise ValueError(name)
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except OSError:  # a folder of zones, such as Europe, or one that cannot be read
        raise ValueError(name) from None


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(zone_names())


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name the system knows, sorted."""
    from zoneinfo import available_timezones

    return tuple(sorted(available_timezones()))
