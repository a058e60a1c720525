"""The event page: ms to render one after warm-up, and its bytes.

The baselines, measured in the same run, are the kit's invite with its add-to-calendar links (what
the page carries besides its words) and the link card the page shows.
Run alone: ``python bench/bench_page.py [--quick]``.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from timing import Row, best_of, script_main

from radical_social.calendar.invites import invite
from radical_social.calendar.links import calendar_links
from radical_social.event.model import Event
from radical_social.graphics.cards import render_card
from radical_social.page.render import render_page

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
BASE_URL = "https://example.org/events"


def measure(runs: int) -> dict[str, float]:
    """Seconds (best of ``runs``) for one page, the invite and links, and the link card; the page's bytes."""
    event = Event.example()
    card = render_card(event, "link", today=date(2026, 12, 1))

    def page() -> str:
        return render_page(event, base_url=BASE_URL, now=NOW, card=card, feeds=True)

    page()  # warm caches: the template, Babel, the wording, the address format
    return {
        "page": best_of(runs, page),
        "bytes": float(len(page().encode("utf-8"))),
        "invite": best_of(runs, lambda: (invite(event, now=NOW), calendar_links(event))),
        "card": best_of(max(3, runs // 20), lambda: render_card(event, "link", today=date(2026, 12, 1))),
    }


def rows(quick: bool = False, earlier: object = None) -> list[Row]:
    found = measure(20 if quick else 200)
    return [
        ("event page rendered (after warm-up, best)", f"{found['page'] * 1000:.2f} ms",
         f"invite + links {found['invite'] * 1000:.2f} ms; link card {found['card'] * 1000:.0f} ms", "goal ≤ 5 ms"),
        ("event page, HTML and CSS", f"{found['bytes'] / 1000:.1f} KB", "—", "goal ≤ 50 KB"),
    ]


if __name__ == "__main__":
    script_main(measure, rows)
