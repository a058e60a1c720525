"""Importing a calendar: ``import``'s work (reading the VEVENTs, checking them, writing the event file)
against icalendar's own parse-and-walk of the same calendar, in the same run, taking turns.

The calendar is the feed bench's 10,000 events (1,000 with ``--quick``) as icalendar writes them.
The baseline parses it with ``icalendar.Calendar.from_ical`` and reads every property of every
VEVENT as a Python value (``decoded``): the least any importer built on icalendar does. Ours is what
the ``import`` command does once the file is read: ``write_event_file_from_ics`` (the bytes of
``write_event_file`` of ``mappings_from_ics``); the breakdown row times its parts alone. The first
row is one process's CPU time (``jobs=1``); the second is the command as it runs (``--jobs`` by
default: one process per CPU, the calendar read in chunks, each worker writing its events' text) in
wall time, with the CPU time of every process. Each ratio is the median of pairs run in turns, the
range beside it, and the machine's load (1-minute average) is written beside every row.
Import pauses Python's cycle collector while it reads (an eighth of its time); the baseline runs as
any script runs, with it. ``--threshold`` adds rows for smaller calendars read by one process and in chunks, the figures
behind ``CHUNKED_FROM``. Run alone: ``python bench/bench_import.py [--quick] [--threshold]``.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_feed import icalendar_feed, make_events
from timing import Row

from radical_social.sources import ics
from radical_social.sources.calendars import mappings_from_ics, write_event_file, write_event_file_from_ics
from radical_social.sources.ics import CHUNKED_FROM
from radical_social.sources.workers import cpus


def icalendar_walk(data: bytes) -> int:
    """The baseline: icalendar parses the calendar, and every property of every VEVENT is read."""
    import icalendar

    count = 0
    for vevent in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        for name in vevent:
            vevent.decoded(name)
        count += 1
    return count


def our_import(data: bytes, out: Path, jobs: int | None = 1) -> int:
    """``radical-social import``'s work: the VEVENTs read and checked, the event file written."""
    return write_event_file_from_ics(data, out, jobs=jobs)[0]


def cpu_seconds(work: Callable[[], object]) -> float:
    """Seconds of this process's CPU time for ``work``: steadier than the wall clock on a shared machine."""
    started = time.process_time()
    work()
    return time.process_time() - started


def wall_and_cpu(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock seconds for ``work``, and the CPU seconds of this process and of its worker processes."""
    def used() -> float:
        mine, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return mine.ru_utime + mine.ru_stime + workers.ru_utime + workers.ru_stime

    started, cpu = time.perf_counter(), used()
    work()
    return time.perf_counter() - started, used() - cpu


def least_cpu(runs: int, work: Callable[[], object]) -> float:
    return min(cpu_seconds(work) for _ in range(runs))


def rows(quick: bool = False, threshold: bool = False) -> list[Row]:
    import icalendar

    count, runs = (1_000, 2) if quick else (10_000, 3)
    with tempfile.TemporaryDirectory() as folder:
        calendar, out = Path(folder, "calendar.ics"), Path(folder, "events.yaml")
        icalendar_feed(list(make_events(count)), calendar)
        data = calendar.read_bytes()
        assert icalendar_walk(data) == our_import(data, out) == count
        load = os.getloadavg()[0]
        rounds = [(cpu_seconds(lambda: icalendar_walk(data)), cpu_seconds(lambda: our_import(data, out)))
                  for _ in range(runs)]
        alone_load = max(load, os.getloadavg()[0])
        assert our_import(data, out, jobs=None) == count
        load = os.getloadavg()[0]
        pooled = [(wall_and_cpu(lambda: icalendar_walk(data)), wall_and_cpu(lambda: our_import(data, out, None)))
                  for _ in range(runs)]
        load = max(load, os.getloadavg()[0])
        mappings, _ = mappings_from_ics(data)
        parse = least_cpu(runs, lambda: ics.parsed(data))
        plain = least_cpu(runs, lambda: icalendar.Component.from_ical(data, multiple=True))
        write = least_cpu(runs, lambda: write_event_file(mappings, out))
        smaller = threshold_rows(Path(folder), runs) if threshold else []
    baseline, ours = min(walk for walk, _ in rounds), min(mine for _, mine in rounds)
    ratios = sorted(mine / walk for walk, mine in rounds)
    rest = ours - parse - write
    walls = sorted(mine[0] / walk[0] for walk, mine in pooled)
    (walk_wall, _), (mine_wall, mine_cpu) = min(pooled, key=lambda pair: pair[1][0])
    return [
        (f"import of {count:,} events vs icalendar parse-and-walk (CPU time, best of {runs}, one process)",
         f"{ours:.2f} s ({count / ours:,.0f} events/s)",
         f"icalendar {baseline:.2f} s ({count / baseline:,.0f} events/s; load up to {alone_load:.1f})",
         f"≤ 1× → median {statistics.median(ratios):.2f}× ({ratios[0]:.2f}–{ratios[-1]:.2f}×)"),
        (f"import of {count:,} events, {cpus()} CPUs (one process below {CHUNKED_FROM:,}), vs icalendar parse-and-walk "
         f"(wall time, best of {runs}; "
         f"load up to {load:.1f})",
         f"{mine_wall:.2f} s ({count / mine_wall:,.0f} events/s; {mine_cpu:.2f} s CPU in all processes)",
         f"icalendar {walk_wall:.2f} s ({count / walk_wall:,.0f} events/s)",
         f"≤ 1× → median {statistics.median(walls):.2f}× ({walls[0]:.2f}–{walls[-1]:.2f}×)"),
        ("  where import's time goes (CPU time, best of each part alone)",
         f"icalendar's parsing {parse:.2f} s ({parse / ours:.0%}; plain lines split by us), reading and checking "
         f"{rest:.2f} s, event file {write:.2f} s",
         f"icalendar's own parsing {plain:.2f} s, {plain / baseline:.0%} of its parse-and-walk",
         "import = icalendar's parsing + the rest"),
        *smaller,
    ]


def threshold_rows(folder: Path, runs: int) -> list[Row]:
    """Smaller calendars, read by one process and in chunks on every CPU (wall time, medians of pairs)."""
    found: list[Row] = []
    out = folder / "small.yaml"
    for count in (500, 1_000, 2_000, 4_000):
        calendar = folder / f"{count}.ics"
        icalendar_feed(list(make_events(count)), calendar)
        data = calendar.read_bytes()
        load = os.getloadavg()[0]
        pairs = []
        for _ in range(runs):
            one = wall_and_cpu(partial(our_import, data, out))[0]
            ics.CHUNKED_FROM, kept = 1, ics.CHUNKED_FROM
            try:
                chunked = wall_and_cpu(partial(our_import, data, out, None))[0]
            finally:
                ics.CHUNKED_FROM = kept
            pairs.append((one, chunked))
        ratio = statistics.median(chunked / one for one, chunked in pairs)
        found.append((f"  import of {count:,} events in chunks of {ics.CHUNK} on {cpus()} CPUs vs one process "
                      f"(wall time, median of {runs}; load up to {max(load, os.getloadavg()[0]):.1f})",
                      f"{statistics.median(chunked for _, chunked in pairs):.2f} s",
                      f"one process {statistics.median(one for one, _ in pairs):.2f} s",
                      f"< 1× from CHUNKED_FROM ({CHUNKED_FROM:,}) → {ratio:.2f}×"))
    return found


def main() -> None:
    for row in rows(quick="--quick" in sys.argv, threshold="--threshold" in sys.argv):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
