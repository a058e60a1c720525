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
    from radical_social.invites import invite, write_feed
    from radical_social.kit import Kit, build, save_kits
    from radical_social.links import CalendarLinks, calendar_links
    from radical_social.loading import iter_events, load_events

_LAZY = {
    "invite": "invites",
    "write_feed": "invites",
    "Kit": "kit",
    "build": "kit",
    "save_kits": "kit",
    "CalendarLinks": "links",
    "calendar_links": "links",
    "iter_events": "loading",
    "load_events": "loading",
}

__all__ = [
    "CalendarLinks",
    "ChannelError",
    "DeliveryError",
    "Event",
    "EventError",
    "FitError",
    "Kit",
    "KitError",
    "Organizer",
    "Problem",
    "RadicalSocialError",
    "TemplateError",
    "Venue",
    "__version__",
    "build",
    "calendar_links",
    "invite",
    "iter_events",
    "load_events",
    "save_kits",
    "write_feed",
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
