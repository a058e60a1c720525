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
    ChannelError,
    DeliveryError,
    EventError,
    FitError,
    KitError,
    Problem,
    RadicalSocialError,
    TemplateError,
)
from radical_social.events import Event, Organizer, Venue

if TYPE_CHECKING:
    from radical_social.channels import CHANNELS, Channel, get_channel
    from radical_social.feeds import write_feed_from_files
    from radical_social.invites import invite, write_feed
    from radical_social.kit import FileBuild, Kit, KitFinding, build, build_files, build_kits, save_kits
    from radical_social.links import CalendarLinks, calendar_links
    from radical_social.linting import Essentials, Finding, Repeat, lint, repeated_sentences
    from radical_social.loading import iter_events, load_events
    from radical_social.planning import Plan, Slot, plan
    from radical_social.posts import LeftOut, Post, Posts, compose, compose_posts

_LAZY = {
    "CHANNELS": "channels",
    "Channel": "channels",
    "get_channel": "channels",
    "invite": "invites",
    "write_feed": "invites",
    "write_feed_from_files": "feeds",
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
    "Plan": "planning",
    "Slot": "planning",
    "plan": "planning",
    "LeftOut": "posts",
    "Post": "posts",
    "Posts": "posts",
    "compose": "posts",
    "compose_posts": "posts",
}

__all__ = [
    "CHANNELS",
    "CalendarLinks",
    "Channel",
    "ChannelError",
    "DeliveryError",
    "Essentials",
    "Event",
    "EventError",
    "FileBuild",
    "Finding",
    "FitError",
    "Kit",
    "KitError",
    "KitFinding",
    "LeftOut",
    "Organizer",
    "Plan",
    "Post",
    "Posts",
    "Problem",
    "RadicalSocialError",
    "Repeat",
    "Slot",
    "TemplateError",
    "Venue",
    "__version__",
    "build",
    "build_files",
    "build_kits",
    "calendar_links",
    "compose",
    "compose_posts",
    "get_channel",
    "invite",
    "iter_events",
    "lint",
    "load_events",
    "plan",
    "repeated_sentences",
    "save_kits",
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
