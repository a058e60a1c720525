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
from radical_social.event.model import Event, Organizer, Photo, Venue

if TYPE_CHECKING:
    from radical_social.calendar.feeds import write_feed, write_feed_from_files
    from radical_social.calendar.invites import invite
    from radical_social.calendar.links import CalendarLinks, calendar_links
    from radical_social.delivery.bluesky import BlueskyAccount
    from radical_social.delivery.caldav import CalDavResult, publish_to_caldav
    from radical_social.delivery.journal import SentInvitation, StateStore
    from radical_social.delivery.mailing import (
        Attendee,
        InvitationReport,
        SmtpSettings,
        attendees_from_csv,
        send_invitations,
    )
    from radical_social.delivery.mastodon import MastodonAccount
    from radical_social.delivery.publishing import PublishReport, PublishResult, publish
    from radical_social.delivery.retrying import RetryPolicy
    from radical_social.graphics.cards import Card, render_card, render_cards
    from radical_social.graphics.look import Look
    from radical_social.graphics.palette import PALETTES, Palette, brand_palette
    from radical_social.graphics.poster import Poster, render_poster
    from radical_social.kit.build import (
        FileBuild,
        Kit,
        KitBuild,
        KitBuilds,
        KitFinding,
        build,
        build_files,
        build_kits,
        iter_build_files,
        save_kits,
    )
    from radical_social.kit.footprint import Footprint, footprint, treadmill
    from radical_social.page.index import write_index
    from radical_social.page.render import render_page
    from radical_social.posts.channels import CHANNELS, Channel, get_channel
    from radical_social.posts.compose import LeftOut, Post, Posts, compose, compose_posts
    from radical_social.posts.linting import Essentials, Finding, Repeat, lint, repeated_sentences
    from radical_social.posts.planning import Plan, Slot, plan
    from radical_social.sources.calendars import events_from_ics, fetch_calendar, mappings_from_ics, write_event_file
    from radical_social.sources.files import iter_events, load_events
    from radical_social.sources.webpages import events_from_page, fetch_page, mappings_from_page

_LAZY = {
    "Card": "graphics.cards",
    "Look": "graphics.look",
    "PALETTES": "graphics.palette",
    "Palette": "graphics.palette",
    "brand_palette": "graphics.palette",
    "render_card": "graphics.cards",
    "render_cards": "graphics.cards",
    "CHANNELS": "posts.channels",
    "Channel": "posts.channels",
    "get_channel": "posts.channels",
    "invite": "calendar.invites",
    "write_feed": "calendar.feeds",
    "write_feed_from_files": "calendar.feeds",
    "Footprint": "kit.footprint",
    "footprint": "kit.footprint",
    "treadmill": "kit.footprint",
    "events_from_ics": "sources.calendars",
    "fetch_calendar": "sources.calendars",
    "mappings_from_ics": "sources.calendars",
    "write_event_file": "sources.calendars",
    "events_from_page": "sources.webpages",
    "fetch_page": "sources.webpages",
    "mappings_from_page": "sources.webpages",
    "Kit": "kit.build",
    "KitFinding": "kit.build",
    "build": "kit.build",
    "build_kits": "kit.build",
    "build_files": "kit.build",
    "FileBuild": "kit.build",
    "iter_build_files": "kit.build",
    "KitBuild": "kit.build",
    "KitBuilds": "kit.build",
    "save_kits": "kit.build",
    "Essentials": "posts.linting",
    "Finding": "posts.linting",
    "lint": "posts.linting",
    "Repeat": "posts.linting",
    "repeated_sentences": "posts.linting",
    "CalendarLinks": "calendar.links",
    "calendar_links": "calendar.links",
    "iter_events": "sources.files",
    "load_events": "sources.files",
    "Attendee": "delivery.mailing",
    "SmtpSettings": "delivery.mailing",
    "attendees_from_csv": "delivery.mailing",
    "send_invitations": "delivery.mailing",
    "Plan": "posts.planning",
    "Slot": "posts.planning",
    "plan": "posts.planning",
    "Poster": "graphics.poster",
    "render_poster": "graphics.poster",
    "LeftOut": "posts.compose",
    "Post": "posts.compose",
    "Posts": "posts.compose",
    "compose": "posts.compose",
    "compose_posts": "posts.compose",
    "StateStore": "delivery.journal",
    "SentInvitation": "delivery.journal",
    "InvitationReport": "delivery.mailing",
    "CalDavResult": "delivery.caldav",
    "publish_to_caldav": "delivery.caldav",
    "MastodonAccount": "delivery.mastodon",
    "BlueskyAccount": "delivery.bluesky",
    "PublishReport": "delivery.publishing",
    "PublishResult": "delivery.publishing",
    "publish": "delivery.publishing",
    "RetryPolicy": "delivery.retrying",
    "render_page": "page.render",
    "write_index": "page.index",
}

__all__ = [
    "CHANNELS",
    "PALETTES",
    "Attendee",
    "BlueskyAccount",
    "CalDavResult",
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
    "InvitationReport",
    "Kit",
    "KitBuild",
    "KitBuilds",
    "KitError",
    "KitFinding",
    "LanguageFallbackWarning",
    "LeftOut",
    "Look",
    "MastodonAccount",
    "MissingGlyphWarning",
    "Organizer",
    "Palette",
    "Photo",
    "Plan",
    "Post",
    "Poster",
    "Posts",
    "Problem",
    "PublishReport",
    "PublishResult",
    "RadicalSocialError",
    "RadicalSocialWarning",
    "Repeat",
    "RetryPolicy",
    "SentInvitation",
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
    "events_from_page",
    "fetch_calendar",
    "fetch_page",
    "footprint",
    "get_channel",
    "invite",
    "iter_build_files",
    "iter_events",
    "lint",
    "load_events",
    "mappings_from_ics",
    "mappings_from_page",
    "plan",
    "publish",
    "publish_to_caldav",
    "render_card",
    "render_cards",
    "render_page",
    "render_poster",
    "repeated_sentences",
    "save_kits",
    "send_invitations",
    "treadmill",
    "write_event_file",
    "write_feed",
    "write_feed_from_files",
    "write_index",
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

