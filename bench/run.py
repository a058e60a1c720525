"""radical_social's benchmark: one table, each figure beside a baseline measured in the same run.

    python bench/run.py            # the full run (10,000 and 100,000 events; a few minutes)
    python bench/run.py --quick    # smaller sizes, for a smoke test

Never a timed test: speed is reported here, not asserted in tests/.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import Row, best_of


def import_rows(runs: int) -> list[Row]:
    """With Python's bytecode cache, as an installed package has it (this machine sets
    PYTHONDONTWRITEBYTECODE, which would compile every module of the package on every import)."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

    def interpreter(code: str) -> float:
        subprocess.run([sys.executable, "-c", code], check=True, env=environment)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, env=environment)
            timings.append(time.perf_counter() - started)
        return statistics.median(timings)

    bare = interpreter("pass")
    ours = interpreter("import radical_social")
    return [("import radical_social", f"{(ours - bare) * 1000:.0f} ms over a bare interpreter",
             f"bare interpreter {bare * 1000:.0f} ms", "goal ≤ 100 ms")]


def kit_rows(runs: int) -> list[Row]:
    from datetime import datetime, timezone

    from radical_social import Event, build, calendar_links, invite

    event = Event.example()
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    kit = build(event, now=now)  # warm caches: templates, zones, locales
    one_kit = best_of(runs, lambda: build(event, now=now))
    calendar = best_of(runs, lambda: (invite(event, now=now), calendar_links(event)))
    return [
        ("one kit, example event", f"{one_kit * 1000:.1f} ms",
         f"invite + links alone {calendar * 1e6:.0f} µs", f"{len(kit.posts)} posts written and linted"),
    ]


def import_categories_rows(runs: int, count: int) -> list[Row]:
    """A hostile calendar: one VEVENT with ``count`` CATEGORIES (each kept once, so the import must not
    look each one up in a list)."""
    from radical_social.sources.calendars import mappings_from_ics

    names = ",".join(f"tag{number}" for number in range(count))
    data = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:a@bench\r\n"
            "SUMMARY:Bench\r\nDTSTART:20270105T180000Z\r\nCATEGORIES:" + names +
            "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    whole = best_of(runs, lambda: mappings_from_ics(data))
    parse = best_of(runs, lambda: __import__("icalendar").Calendar.from_ical(data))
    return [(f"import {count:,} CATEGORIES", f"{whole:.2f} s", f"icalendar parsing alone {parse:.2f} s",
             "within a few times the parsing")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--before", type=Path, metavar="PATH",
                        help="a checkout of an earlier radical_social: its figures beside ours")
    args = parser.parse_args()
    import bench_build
    import bench_cards
    import bench_feed
    import bench_import
    import bench_lint
    import bench_page
    import bench_poster
    import bench_posts
    import bench_publish
    import bench_site

    rows: list[Row] = []
    rows += import_rows(3 if args.quick else 9)
    rows += kit_rows(20 if args.quick else 200)
    rows += import_categories_rows(1 if args.quick else 3, 10_000 if args.quick else 100_000)
    rows += bench_feed.rows(quick=args.quick)
    rows += bench_import.rows(quick=args.quick)
    rows += bench_posts.rows(quick=args.quick)
    rows += bench_lint.rows(quick=args.quick)
    rows += bench_cards.rows(quick=args.quick, earlier=args.before)
    rows += bench_poster.rows(quick=args.quick, earlier=args.before)
    rows += bench_page.rows(quick=args.quick)
    rows += bench_publish.rows(quick=args.quick)
    rows += bench_site.rows(quick=args.quick)
    rows += bench_build.rows(quick=args.quick, earlier=args.before)
    widths = [max(len(row[i]) for row in [*rows, HEADER]) for i in range(4)]
    for row in [HEADER, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


HEADER: Row = ("measure", "radical_social", "baseline (same run)", "goal")

if __name__ == "__main__":
    main()
