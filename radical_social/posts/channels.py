"""Channels as data: each network's limit, how it counts, and what it takes.

The built-in channels are values in ``CHANNELS``; override one with ``dataclasses.replace``
(a Mastodon instance with a 1,000-character limit) or add your own, and pass them where a
function takes ``channels=``: there, ids of built-in channels and ``Channel`` values mix freely.
``get_channel("mastodn")`` answers "did you mean 'mastodon'?".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from radical_social.errors import ChannelError
from radical_social.event.values import unknown
from radical_social.text import counting

Counting = Literal["graphemes", "mastodon", "bluesky", "x", "threads", "sms"]
CardSize = Literal["square", "portrait", "story", "link"]

UNITS: Mapping[Counting, str] = MappingProxyType({
    "graphemes": "characters",
    "mastodon": "characters",
    "bluesky": "graphemes",
    "x": "weighted characters",
    "threads": "characters",
    "sms": "SMS segments",
})

_LENGTHS: Mapping[Counting, Callable[[str], int]] = MappingProxyType({
    "graphemes": counting.graphemes,
    "mastodon": counting.mastodon_length,
    "bluesky": lambda text: counting.bluesky_length(text)[0],
    "x": counting.x_weighted_length,
    "threads": counting.threads_length,
    "sms": lambda text: counting.sms_segments(text)[2],
})


@dataclass(frozen=True, kw_only=True, slots=True)
class Channel:
    """A place posts go: its limit, how it counts, and what it takes."""

    id: str
    name: str
    limit: int
    """In the channel's own unit (see ``unit``)."""
    counting: Counting
    hashtag_cap: int
    """Hashtags a post may carry; more is stuffing."""
    links_clickable: bool
    """False where a link in the text does not click (Instagram captions, SMS on some phones)."""
    card_sizes: tuple[CardSize, ...] = ()
    byte_limit: int | None = None
    """A second limit in UTF-8 bytes (Bluesky: 3,000)."""
    templates: str = ""
    """The folder under ``templates/posts/`` this channel's templates are in; default: its id.
    A channel of your own can borrow a built-in one's (``templates="mastodon"``)."""

    @property
    def template_folder(self) -> str:
        return self.templates or self.id

    @property
    def unit(self) -> str:
        return UNITS[self.counting]

    def length(self, text: str) -> int:
        """The text's length as this network counts it."""
        return _LENGTHS[self.counting](text)

    def overflow(self, text: str) -> str | None:
        """Why the text does not fit, or None when it does."""
        return self.measure(text)[1]

    def measure(self, text: str) -> tuple[int, str | None]:
        """The text's length, and why it does not fit (None when it does)."""
        length = self.length(text)
        if length > self.limit:
            return length, f"{self.name} post is {length} {self.unit}; the limit is {self.limit}"
        if self.byte_limit is not None:
            size = len(text.encode("utf-8"))
            if size > self.byte_limit:
                return length, f"{self.name} post is {size} bytes; the limit is {self.byte_limit}"
        return length, None


CHANNELS: Mapping[str, Channel] = MappingProxyType({
    channel.id: channel
    for channel in (
        Channel(id="mastodon", name="Mastodon", limit=500, counting="mastodon", hashtag_cap=3,
                links_clickable=True, card_sizes=("link", "square")),
        Channel(id="bluesky", name="Bluesky", limit=300, byte_limit=3000, counting="bluesky", hashtag_cap=2,
                links_clickable=True, card_sizes=("link", "square")),
        Channel(id="x", name="X", limit=280, counting="x", hashtag_cap=2,
                links_clickable=True, card_sizes=("link", "square")),
        Channel(id="threads", name="Threads", limit=500, counting="threads", hashtag_cap=1,
                links_clickable=True, card_sizes=("portrait", "square")),
        Channel(id="linkedin", name="LinkedIn", limit=3000, counting="graphemes", hashtag_cap=3,
                links_clickable=True, card_sizes=("link", "square")),
        Channel(id="instagram", name="Instagram", limit=2200, counting="graphemes", hashtag_cap=5,
                links_clickable=False, card_sizes=("square", "portrait", "story")),
        Channel(id="facebook", name="Facebook", limit=63206, counting="graphemes", hashtag_cap=2,
                links_clickable=True, card_sizes=("link", "square")),
        Channel(id="newsletter", name="Newsletter", limit=1200, counting="graphemes", hashtag_cap=0,
                links_clickable=True, card_sizes=("link",)),
        Channel(id="sms", name="SMS", limit=2, counting="sms", hashtag_cap=0,
                links_clickable=True),
    )
})
"""The built-in channels, by id."""


def get_channel(channel_id: str, *, known: Mapping[str, Channel] | None = None) -> Channel:
    """The channel with this id among ``known`` channels (default: the built-in ones)."""
    known = CHANNELS if known is None else known
    try:
        return known[channel_id]
    except KeyError:
        raise ChannelError(unknown("channel", channel_id, known)) from None


def chosen_channels(channels: Iterable[str | Channel] | None = None) -> tuple[Channel, ...]:
    """``channels=`` as every function takes it: ids of built-in channels or ``Channel`` values of your own,
    in order, without repeats (the first of an id wins); every built-in channel when None."""
    if channels is None:
        return tuple(CHANNELS.values())
    if isinstance(channels, str):
        raise TypeError(f"channels is a sequence of channel ids or Channel values, not one string; "
                        f"use [{channels!r}]")
    chosen: dict[str, Channel] = {}
    for channel in channels:
        resolved = get_channel(channel) if isinstance(channel, str) else channel
        chosen.setdefault(resolved.id, resolved)
    return tuple(chosen.values())


def with_channels(*extra: Channel) -> Mapping[str, Channel]:
    """The built-in channels with ``extra`` ones added or replacing those of the same id."""
    return MappingProxyType({**CHANNELS, **{channel.id: channel for channel in extra}})
