"""radical_social: turn a real-world event into a small, deliberate promotion kit.

Everything public is importable from here::

    from radical_social import Event, build

    kit = build(Event.example())
    kit.save("kits")

Heavy parts (icalendar, jinja2, Pillow, Babel) load on first use, so this import stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from radical_social._version import __version__
from radical_social.errors import (
    CardError,
    ChannelError,
    ContrastWarning,
    DeliveryError,
    EventError,
    FitError,
    KitError,
    LanguageFallbackWarning,
    MissingGlyphWarning,
    Problem,
    RadicalSocialError,
    RadicalSocialWarning,
    TemplateError,
)
from radical_social.events import Event, Organizer, Photo, Venue

if TYPE_CHECKING:
    from radical_social.cards import PALETTES, Card, Palette, brand_palette, render_card, render_cards
    from radical_social.channels import CHANNELS, Channel, get_channel
    from radical_social.feeds import write_feed_from_files
    from radical_social.footprint import Footprint, treadmill
    from radical_social.importing import events_from_ics, fetch_calendar, mappings_from_ics, write_event_file
    from radical_social.invites import invite, write_feed
    from radical_social.kit import FileBuild, Kit, KitFinding, build, build_files, build_kits, save_kits
    from radical_social.links import CalendarLinks, calendar_links
    from radical_social.linting import Essentials, Finding, Repeat, lint, repeated_sentences
    from radical_social.loading import iter_events, load_events
    from radical_social.mailing import Attendee, SmtpSettings, attendees_from_csv, send_invitations
    from radical_social.planning import Plan, Slot, plan
    from radical_social.poster import Poster, render_poster
    from radical_social.posts import LeftOut, Post, Posts, compose, compose_posts
    from radical_social.state import StateStore

_LAZY = {
    "Card": "cards",
    "PALETTES": "cards",
    "Palette": "cards",
    "brand_palette": "cards",
    "render_card": "cards",
    "render_cards": "cards",
    "CHANNELS": "channels",
    "Channel": "channels",
    "get_channel": "channels",
    "invite": "invites",
    "write_feed": "invites",
    "write_feed_from_files": "feeds",
    "Footprint": "footprint",
    "treadmill": "footprint",
    "events_from_ics": "importing",
    "fetch_calendar": "importing",
    "mappings_from_ics": "importing",
    "write_event_file": "importing",
    "Kit": "kit",
    "KitFinding": "kit",
    "build": "kit",
    "build_kits": "kit",
    "build_files": "kit",
    "FileBuild": "kit",
    "save_kits": "kit",
    "Essentials": "linting",
    "Finding": "linting",
    "lint": "linting",
    "Repeat": "linting",
    "repeated_sentences": "linting",
    "CalendarLinks": "links",
    "calendar_links": "links",
    "iter_events": "loading",
    "load_events": "loading",
    "Attendee": "mailing",
    "SmtpSettings": "mailing",
    "attendees_from_csv": "mailing",
    "send_invitations": "mailing",
    "Plan": "planning",
    "Slot": "planning",
    "plan": "planning",
    "Poster": "poster",
    "render_poster": "poster",
    "LeftOut": "posts",
    "Post": "posts",
    "Posts": "posts",
    "compose": "posts",
    "compose_posts": "posts",
    "StateStore": "state",
}

__all__ = [
    "CHANNELS",
    "PALETTES",
    "Attendee",
    "CalendarLinks",
    "Card",
    "CardError",
    "Channel",
    "ChannelError",
    "ContrastWarning",
    "DeliveryError",
    "Essentials",
    "Event",
    "EventError",
    "FileBuild",
    "Finding",
    "FitError",
    "Footprint",
    "Kit",
    "KitError",
    "KitFinding",
    "LanguageFallbackWarning",
    "LeftOut",
    "MissingGlyphWarning",
    "Organizer",
    "Palette",
    "Photo",
    "Plan",
    "Post",
    "Poster",
    "Posts",
    "Problem",
    "RadicalSocialError",
    "RadicalSocialWarning",
    "Repeat",
    "Slot",
    "SmtpSettings",
    "StateStore",
    "TemplateError",
    "Venue",
    "__version__",
    "attendees_from_csv",
    "brand_palette",
    "build",
    "build_files",
    "build_kits",
    "calendar_links",
    "compose",
    "compose_posts",
    "events_from_ics",
    "fetch_calendar",
    "get_channel",
    "invite",
    "iter_events",
    "lint",
    "load_events",
    "mappings_from_ics",
    "plan",
    "render_card",
    "render_cards",
    "render_poster",
    "repeated_sentences",
    "save_kits",
    "send_invitations",
    "treadmill",
    "write_event_file",
    "write_feed",
    "write_feed_from_files",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'radical_social' has no attribute {name!r}")
    value = getattr(import_module(f"radical_social.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

