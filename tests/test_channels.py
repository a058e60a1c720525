"""``channels=`` means one thing everywhere: ids of built-in channels or ``Channel`` values, mixed freely."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from radical_social import CHANNELS, ChannelError, Event, build, compose_posts, get_channel, plan
from radical_social.posts.channels import chosen_channels, with_channels

NOW = datetime(2027, 1, 2, 9, 0, tzinfo=timezone.utc)
SMALL_MASTODON = replace(CHANNELS["mastodon"], limit=300)


def test_ids_and_values_mix_in_order_and_the_first_of_an_id_wins() -> None:
    chosen = chosen_channels(["sms", SMALL_MASTODON, "mastodon", "sms"])
    assert chosen == (CHANNELS["sms"], SMALL_MASTODON)
    assert chosen_channels(None) == tuple(CHANNELS.values())


def test_one_string_and_an_unknown_id_are_refused_with_what_to_do() -> None:
    with pytest.raises(TypeError, match=r"not one string; use \['sms'\]"):
        chosen_channels("sms")
    with pytest.raises(ChannelError, match="did you mean 'mastodon'"):
        chosen_channels(["mastodn"])


def test_get_channel_looks_among_known_channels() -> None:
    assert get_channel("mastodon", known=with_channels(SMALL_MASTODON)) is SMALL_MASTODON
    with pytest.raises(ChannelError, match="unknown channel 'sms'"):
        get_channel("sms", known={"mastodon": SMALL_MASTODON})


def test_plan_compose_posts_and_build_take_the_same_channels() -> None:
    event = Event.example()
    channels = ["sms", SMALL_MASTODON]
    assert {slot.channel for slot in plan(event, channels=channels, now=NOW).slots} == {"sms", "mastodon"}
    posts = compose_posts(event, channels, {"sms": ["announce"], "mastodon": ["announce"]}).posts
    assert [post.channel.id for post in posts] == ["sms", "mastodon"]
    assert all(post.length <= 300 for post in posts if post.channel is SMALL_MASTODON)
    kit = build(event, now=NOW, channels=channels, cards=False, poster=False)
    assert {post.channel.id for post in kit.posts} == {"sms", "mastodon"}
