"""Posts for many events × every channel, rendered, fitted and counted: posts/s.

The baseline, measured in the same run, is the floor any post writer pays: one jinja2 template
rendered with a Babel-formatted date per post, with no fitting and no counting.
Run alone: ``python bench/bench_posts.py [--quick]``.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_feed import make_events
from timing import Row

from radical_social.event.model import Event
from radical_social.posts.channels import CHANNELS
from radical_social.posts.compose import compose_posts

TODAY = date(2026, 12, 1)
# Titles of the length people give events; the feed bench's long emoji titles cannot fit one SMS
# pair with date, place and link: their SMS are left out of the kit, which would flatter the rate.
_TITLES = ("Laboratorio di pasta fresca", "Degustazione di olio nuovo", "Lettura ad alta voce: racconti dal lago")


def post_events(count: int) -> list[Event]:
    return [replace(event, title=_TITLES[index % len(_TITLES)])
            for index, event in enumerate(make_events(count))]


def our_posts(events: list[Event]) -> int:
    channels = list(CHANNELS.values())
    announce = {channel.id: ("announce",) for channel in channels}
    return sum(len(compose_posts(event, channels, announce, today=TODAY, check=False).posts) for event in events)


def baseline_posts(events: list[Event]) -> int:
    import jinja2
    from babel.dates import format_datetime

    template = jinja2.Environment().from_string(
        "{{ title }}\n\n📅 {{ when }}\n📍 {{ place }}\n\n{{ description }}\n\n{{ url }}"
    )
    count = 0
    for event in events:
        for _ in CHANNELS:
            template.render(
                title=event.title, place=event.venue.name if event.venue else "", description=event.description,
                url=event.url, when=format_datetime(event.start, "EEEE d MMMM, HH:mm", locale="it"),
            )
            count += 1
    return count


def rate(events: list[Event], write: object) -> float:
    assert callable(write)
    write(events[:50])  # warm caches: templates, locales
    started = time.perf_counter()
    count = write(events)
    return float(count) / (time.perf_counter() - started)


def rows(quick: bool = False) -> list[Row]:
    events = post_events(500 if quick else 10_000)
    ours = rate(events, our_posts)
    baseline = rate(events, baseline_posts)
    return [(f"posts for {len(events):,} events × {len(CHANNELS)} channels (render, fit, count)",
             f"{ours:,.0f} posts/s", f"jinja2 + Babel alone {baseline:,.0f} posts/s", "goal ≥ 10,000 posts/s")]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(" | ".join(row))
