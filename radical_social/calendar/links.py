"""Add-to-calendar links for Google Calendar, Outlook.com, Microsoft 365 and Yahoo.

None of these services documents its link officially. The parameters follow the community
reference (github.com/InteractionDesignFoundation/add-event-to-calendar-docs, ``services/``) and
what add-to-calendar-button (add2cal), spatie/calendar-links and calendar-link send; the choices
where they disagree are explained next to the code.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Final
from urllib.parse import quote, urlencode

from radical_social.event.model import Event
from radical_social.event.walls import irregularity

BASE_URLS: Final[Mapping[str, str]] = MappingProxyType({
    "google": "https://calendar.google.com/calendar/render",
    "outlook": "https://outlook.live.com/calendar/0/action/compose",
    "office365": "https://outlook.office.com/calendar/0/action/compose",
    "yahoo": "https://calendar.yahoo.com/",
})
"""Every host the links point at, by target; Microsoft has moved these before."""

_COMPACT_UTC = "%Y%m%dT%H%M%SZ"
_COMPACT_LOCAL = "%Y%m%dT%H%M%S"
_COMPACT_DATE = "%Y%m%d"
_ISO_UTC = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class CalendarLinks:
    """One "add to calendar" URL per web calendar."""

    google: str
    outlook: str
    office365: str
    yahoo: str

    def as_dict(self) -> dict[str, str]:
        """The links by target name: google, outlook, office365, yahoo."""
        return {"google": self.google, "outlook": self.outlook, "office365": self.office365,
                "yahoo": self.yahoo}


def calendar_links(event: Event, *, description: str | None = None) -> CalendarLinks:
    """Links that open each calendar's new-event form filled in with ``event``.

    ``description`` defaults to the event's description, a blank line and the event URL.
    Only Google takes the recurrence rule (``recur``); Outlook.com, Microsoft 365 and Yahoo
    cannot carry one in a link, so theirs add the first occurrence only.
    """
    text = _default_description(event) if description is None else description
    location = event.venue.one_line if event.venue else ""
    return CalendarLinks(
        google=_google(event, text, location),
        outlook=_microsoft("outlook", event, text, location),
        office365=_microsoft("office365", event, text, location),
        yahoo=_yahoo(event, text, location),
    )


def _default_description(event: Event) -> str:
    return "\n\n".join(part for part in (event.description, event.url) if part)


def _url(target: str, params: Mapping[str, str]) -> str:
    """The target's base URL with the non-empty ``params``; spaces become %20, never ``+``."""
    query = urlencode({k: v for k, v in params.items() if v}, quote_via=quote, safe="/:")
    return f"{BASE_URLS[target]}?{query}"


def _google(event: Event, details: str, location: str) -> str:
    # ``details`` keeps plain line feeds (%0A): Google shows them as line breaks.
    dates, ctz = _google_dates(event)
    recur = f"RRULE:{event.rrule.removeprefix('RRULE:')}" if event.rrule else ""
    return _url("google", {"action": "TEMPLATE", "text": event.title, "dates": dates, "ctz": ctz,
                           "details": details, "location": location, "recur": recur})


def _google_dates(event: Event) -> tuple[str, str]:
    """``dates`` and ``ctz``: wall times plus the IANA zone when known, else UTC with ``Z``.

    All-day events give dates with the exclusive end Google requires, and no ``ctz``, which could
    shift them. A wall time that occurs twice (the repeated hour of a fall-back night) cannot name
    its instant, so such events fall back to UTC.
    """
    if event.all_day:
        return f"{event.start:{_COMPACT_DATE}}/{event.end_exclusive:{_COMPACT_DATE}}", ""
    start, end = _span(event)
    if event.timezone:
        zone = event.zone
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        if not (_ambiguous(local_start) or _ambiguous(local_end)):
            return f"{local_start:{_COMPACT_LOCAL}}/{local_end:{_COMPACT_LOCAL}}", event.timezone
    return f"{_utc(start):{_COMPACT_UTC}}/{_utc(end):{_COMPACT_UTC}}", ""


def _microsoft(target: str, event: Event, body: str, location: str) -> str:
    """An Outlook.com or Microsoft 365 compose link (``target`` picks the host)."""
    return _url(target, {"rru": "addevent", **_microsoft_times(event), "subject": event.title,
                         "body": _html_lines(body), "location": location})


def _microsoft_times(event: Event) -> dict[str, str]:
    if event.all_day:
        # The end is EXCLUSIVE (the day after the last day) on the /calendar/0/action/compose path:
        # add-to-calendar-button adds a day to Microsoft all-day ends except on its mobile
        # /deeplink/ path (src/core/dates.ts, generate_time), and spatie/calendar-links sends
        # from + number of days as enddt (src/Generators/BaseOutlook.php, Link::createAllDay).
        return {"startdt": f"{event.start:%Y-%m-%d}", "enddt": f"{event.end_exclusive:%Y-%m-%d}",
                "allday": "true"}
    start, end = _span(event)
    return {"startdt": f"{_utc(start):{_ISO_UTC}}", "enddt": f"{_utc(end):{_ISO_UTC}}"}


def _html_lines(text: str) -> str:
    """Text for Outlook's body, which is read as HTML: escaped, with ``<br>`` for line breaks.

    Outlook drops %0A and %0D%0A in ``body`` (add-event-to-calendar-docs issue #14); the Ruby
    add_to_calendar gem fixed its multi-line bodies with ``<br>`` (its issue #33), and
    add-to-calendar-button sends Microsoft HTML descriptions.
    """
    return "<br>".join(html.escape(text, quote=False).splitlines())


def _yahoo(event: Event, desc: str, location: str) -> str:
    # ``desc`` takes plain line feeds (%0A) and no HTML (add-event-to-calendar-docs, yahoo.md).
    return _url("yahoo", {"v": "60", "title": event.title, **_yahoo_times(event), "desc": desc,
                          "in_loc": location})


def _yahoo_times(event: Event) -> dict[str, str]:
    if event.all_day:
        # ``dur=allday`` marks one all-day date and Yahoo ignores it once ``et`` is present; a
        # multi-day event takes dates with an EXCLUSIVE ``et`` and shows as midnight to midnight
        # (spatie/calendar-links issue #240; add-to-calendar-button src/generators/yahoo.ts).
        if event.start == event.effective_end:
            return {"st": f"{event.start:{_COMPACT_DATE}}", "dur": "allday"}
        return {"st": f"{event.start:{_COMPACT_DATE}}", "et": f"{event.end_exclusive:{_COMPACT_DATE}}"}
    start, end = _span(event)
    return {"st": f"{_utc(start):{_COMPACT_UTC}}", "et": f"{_utc(end):{_COMPACT_UTC}}"}


def _span(event: Event) -> tuple[datetime, datetime]:
    """A timed event's start and end; the event checks guarantee aware datetimes."""
    end = event.effective_end
    assert isinstance(event.start, datetime) and isinstance(end, datetime)
    return event.start, end


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _ambiguous(moment: datetime) -> bool:
    """True for a wall time that occurs twice in its zone."""
    return irregularity(moment) == "repeated"

