"""The site's index of upcoming events with its two feeds (Atom and ICS), for 1,000 events.

The baseline, measured in the same run, is icalendar writing the same 1,000 events as one calendar
(``bench_feed.icalendar_feed``): what the ICS feed alone costs with the usual library. The issue's goal
(≤ 5 s) is for the whole site of 1,000 events, the pages included: the first row writes it all (each
page with its invite and its link card, on one process per CPU, beside one process), the next the index
and its feeds alone, and the parts of that time: the upcoming filter with the words of each entry, the
page, the Atom feed and the ICS feed. Events are made before the clock starts; caches (locales, zones) are warm.
Run alone: ``python bench/bench_site.py [--quick]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_feed import NOW, icalendar_feed, make_events
from timing import Row, best_of

from radical_social import write_index
from radical_social.calendar.feeds import write_feed
from radical_social.page.atom import atom_feed
from radical_social.page.entries import entries
from radical_social.page.index import index_html
from radical_social.page.site import write_pages
from radical_social.page.upcoming import upcoming

LANGUAGE = "it"
TITLE = "Bottega Sartori"
BASE = "https://bottegasartori.example/eventi"


def rows(quick: bool = False) -> list[Row]:
    count, runs = (200, 2) if quick else (1_000, 5)
    events = list(make_events(count))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        write_index(events, out, now=NOW, base_url=BASE)  # warm: Babel's locale, zones, dateutil
        whole = best_of(runs, lambda: write_index(events, out, now=NOW, base_url=BASE))
        baseline = best_of(runs, lambda: icalendar_feed(events, out / "icalendar.ics"))
        listed = entries(upcoming(events, NOW), LANGUAGE, NOW)
        parts = {
            "the upcoming filter and each entry in words": best_of(
                runs, lambda: entries(upcoming(events, NOW), LANGUAGE, NOW)),
            "index.html": best_of(runs, lambda: index_html(listed, title=TITLE, language=LANGUAGE, base_url=BASE)),
            "feed.atom": best_of(runs, lambda: atom_feed(listed, title=TITLE, language=LANGUAGE, now=NOW,
                                                         base_url=BASE)),
            "events.ics": best_of(runs, lambda: write_feed(events, out / "events.ics", name=TITLE, now=NOW)),
        }
        sizes = {name: (out / name).stat().st_size for name in ("index.html", "feed.atom", "events.ics")}
        hundred = len(index_html(listed[:100], title=TITLE, language=LANGUAGE, base_url=BASE).encode())
        site = {jobs: best_of(1, lambda jobs=jobs: (write_pages(events, out, now=NOW, base_url=BASE, jobs=jobs),
                                                    write_index(events, out, now=NOW, base_url=BASE)))
                for jobs in (1, None)}
    return [
        (f"whole site of {count:,} events: pages with their link cards, index, feeds (one per CPU)",
         f"{site[None]:.1f} s", f"one process {site[1]:.1f} s", "≤ 5 s"),
        (f"index of {count:,} events with its two feeds (write_index)", f"{whole:.2f} s",
         f"icalendar writing the same {count:,} events {baseline:.2f} s", "whole site (pages too) ≤ 5 s"),
        *((f"  {name}", f"{seconds * 1000:.0f} ms", "", "") for name, seconds in parts.items()),
        (f"index.html / feed.atom / events.ics, {count:,} events",
         " / ".join(f"{size / 1024:,.0f} KiB" for size in sizes.values()), "", ""),
        ("index.html, 100 events", f"{hundred / 1024:.1f} KiB", "", "≤ 50 KB"),
    ]


if __name__ == "__main__":
    for row in rows(quick="--quick" in sys.argv):
        print(" | ".join(row))
