"""A country's time zone for times a web page gives with only a UTC offset, when there is no doubt.

The candidates are the zones the tz database lists for the country (``zone.tab``, from the tzdata
package), first the one for most of the country. A zone is taken when the times given keep its
clock: the page's UTC offset at each time, or any offset for a country of one zone. When several
zones keep those times, they must also agree half a year later (on summer time), and the first
listed is taken: Europe/Madrid rather than Africa/Ceuta. Otherwise there is doubt, and None.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_HALF_A_YEAR = timedelta(days=182)


@lru_cache(maxsize=1)
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    from importlib.resources import files

    table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="ascii")
    found: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _, zone, *_ = line.split("\t")
            found.setdefault(country, []).append(zone)
    return {country: tuple(zones) for country, zones in found.items()}


def country_zone(country: str, moments: Sequence[datetime], *, offset_known: bool = True) -> str | None:
    """The IANA zone of ``country`` (ISO 3166 code) that keeps ``moments`` (aware datetimes), or None.

    ``offset_known`` is False when the page's offset says nothing about the place (UTC ``Z`` times):
    then only a country of one zone has no doubt.
    """
    zones = _zones_by_country().get(country.upper(), ())
    if len(zones) == 1:
        return zones[0]
    if not offset_known or not moments:
        return None
    keeping = [ZoneInfo(zone) for zone in zones
               if all(moment.astimezone(ZoneInfo(zone)).utcoffset() == moment.utcoffset() for moment in moments)]
    if not keeping:
        return None
    later = moments[0] + _HALF_A_YEAR
    if len({later.astimezone(zone).utcoffset() for zone in keeping}) > 1:
        return None
    return str(keeping[0].key)
