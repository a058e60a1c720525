"""The feed and the invite: our writer against icalendar's object model, in the same run.

    python bench/bench_feed.py            # 10,000 events timed, 100,000 for memory
    python bench/bench_feed.py --quick    # 1,000 and 10,000

``bench/run.py`` calls ``rows()``. Events are generated before any clock starts; the writer's
memory is measured with tracemalloc in separate runs, because tracing slows everything down,
and the command's as the peak RSS of its largest process. The command is timed as users run it,
installed with pip in a fresh virtual environment (about 20 s to set up), and in this one; then on
the same events as one YAML ``events:`` list beside JSON Lines, and part by part (where the time goes).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from radical_social import Event, Organizer, Venue
from radical_social.calendar.feeds import write_feed
from radical_social.calendar.invites import DEFAULT_ALARM, builtin_description, invite

if TYPE_CHECKING:
    import icalendar

from timing import Row

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
ROME = ZoneInfo("Europe/Rome")

_TITLES = ("Laboratorio di pasta fresca 🍝, tagliatelle e tortelli", "Degustazione: vini, formaggi e pane ⭐",
           "Cena sociale, musica dal vivo 🎻", "Corso di fotografia, uscita in città 📷")
_DESCRIPTION = ("Due ore con le mani in pasta: tagliatelle e tortelli fatti a mano, con la farina del Mulino.\n"
                "Si impasta in piccoli gruppi; si cena insieme con quello che abbiamo fatto, "
                "un bicchiere di vino e tanta allegria 🍷.\nGrembiule fornito, portate solo la fame! "
                "Posti limitati, prenotazione obbligatoria: scriveteci, vi risponderemo in giornata. ")[:400]


def make_events(count: int) -> Iterator[Event]:
    """``count`` Italian events in Europe/Rome, spread over three years, generated lazily."""
    venue = Venue(name="Bottega Sartori", address="Via Santa Maria in Chiavica 7", city="Verona",
                  postcode="37121", lat=45.4432, lon=10.9983)
    organizer = Organizer(name="Giulia Sartori", email="giulia@bottegasartori.example")
    first = datetime(2027, 1, 1, 18, 0, tzinfo=ROME)
    for index in range(count):
        start = (first + timedelta(days=index % 1000, minutes=30 * (index % 5))).astimezone(ROME)
        yield Event(title=f"{_TITLES[index % len(_TITLES)]} n. {index}", description=_DESCRIPTION,
                    start=start, end=start + timedelta(hours=2, minutes=30), timezone="Europe/Rome",
                    url=f"https://bottegasartori.example/eventi/{index}", venue=venue, organizer=organizer,
                    tags=("cucina", "Verona"), uid=f"evento-{index}@bottegasartori.example")


def our_feed(events: Iterable[Event], out: Path) -> None:
    write_feed(events, out, name="Bottega Sartori", now=NOW)


def icalendar_feed(events: Iterable[Event], out: Path) -> None:
    """The baseline: icalendar's object model, one Event per event, the same content (the DESCRIPTION
    made as our writer makes it, so that only the writing is compared)."""
    import icalendar

    calendar = icalendar.Calendar()
    for name, value in (("prodid", "-//bench//icalendar//EN"), ("version", "2.0"), ("method", "PUBLISH"),
                        ("x-wr-calname", "Bottega Sartori")):
        calendar.add(name, value)
    for event in events:
        calendar.add_component(_icalendar_event(event))
    calendar.add_missing_timezones()
    out.write_bytes(calendar.to_ical())


def _icalendar_event(event: Event) -> icalendar.Event:
    import icalendar

    assert event.venue is not None and event.organizer is not None
    vevent = icalendar.Event()
    fields: list[tuple[str, object]] = [
        ("uid", event.uid), ("dtstamp", NOW), ("dtstart", event.start), ("dtend", event.end),
        ("summary", event.title), ("description", builtin_description(event)),
        ("location", event.venue.one_line), ("geo", event.venue.geo), ("url", event.url), ("status", "CONFIRMED"),
        ("sequence", event.sequence), ("categories", list(event.tags)), ("transp", "OPAQUE"),
    ]
    for name, value in fields:
        vevent.add(name, value)
    vevent.add("organizer", f"mailto:{event.organizer.email}", parameters={"CN": event.organizer.name})
    alarm = icalendar.Alarm()
    for name, value in (("action", "DISPLAY"), ("description", event.title)):
        alarm.add(name, value)
    alarm.add("trigger", -DEFAULT_ALARM)
    vevent.add_component(alarm)
    return vevent


def rate(count: int, runs: int, write: Callable[[Iterable[Event], Path], None]) -> float:
    """Events per second of the best of ``runs``; the events are made before the clock starts."""
    events = list(make_events(count))
    best = float("inf")
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            started = time.perf_counter()
            write(events, Path(folder, "feed.ics"))
            best = min(best, time.perf_counter() - started)
    return count / best


def peak_memory(count: int, write: Callable[[Iterable[Event], Path], None]) -> int:
    """Peak traced bytes while writing ``count`` events generated on the fly."""
    with tempfile.TemporaryDirectory() as folder:
        write(make_events(10), Path(folder, "warm.ics"))  # templates, zones and imports loaded
        tracemalloc.start()
        try:
            write(make_events(count), Path(folder, "feed.ics"))
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


@contextmanager
def installed_python() -> Iterator[tuple[str, str]]:
    """An interpreter with radical_social installed as a user installs it, and a few words saying so.

    That is a fresh virtual environment with ``pip install`` of this checkout: not editable, and
    with the runtime dependencies only. A development environment also holds the test tools, and
    some of them slow down every start of Python (caldav's niquests installs a ``.pth`` file that
    costs about 35 ms). Where pip cannot install (offline, no cache), this interpreter is used.
    """
    import subprocess

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        venv = Path(folder, "venv")
        python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(root)], check=True, capture_output=True)
        except subprocess.CalledProcessError as exc:
            print(f"bench: could not install radical_social in a fresh environment ({exc.stderr.decode()[-200:]}); "
                  "timing the command in this one", file=sys.stderr)
            yield sys.executable, "this environment"
        else:
            yield str(python), "installed with pip in a fresh venv"


@contextmanager
def feed_command(count: int, python: str, suffix: str = ".jsonl",
                 top_level: bool = False) -> Iterator[Callable[..., tuple[float, int, float]]]:
    """A function running the whole ``radical-social feed`` command of ``python`` on a JSON Lines file of
    ``count`` events (or, with ``suffix`` ``.yaml``, a YAML ``events:`` list, or with ``top_level`` a list
    standing alone), as a user runs it (interpreter
    start, reading, validating, writing), with extra options; it returns the seconds taken, the peak
    memory (RSS, bytes) of the largest process and the CPU seconds of all its processes.

    The command runs once first, so Python's bytecode cache is written as an installed package's
    is (this machine sets PYTHONDONTWRITEBYTECODE, which would compile every module on every run).
    """
    import subprocess

    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, f"events{suffix}")
        write_events(make_events(count), source, top_level)
        command = [python, "-m", "radical_social", "feed", str(source), "--out", str(Path(folder, "f.ics")),
                   "--now", NOW.isoformat()]
        # Timed inside a wrapper process, so the peak memory is this run's alone (RUSAGE_CHILDREN keeps the
        # largest ever); ru_maxrss is in KiB on Linux.
        wrapper = [sys.executable, "-c", "import resource, subprocess, sys, time; started = time.perf_counter(); "
                   "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
                   "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
                   "print(time.perf_counter() - started, used.ru_maxrss, used.ru_utime + used.ru_stime)"]

        def run(*options: str) -> tuple[float, int, float]:
            result = subprocess.run(wrapper + command + list(options), check=True, capture_output=True,
                                    env=environment, text=True)
            seconds, peak, cpu = result.stdout.split()
            return float(seconds), int(peak) * 1024, float(cpu)

        run()
        yield run


def write_events(events: Iterable[Event], path: Path, top_level: bool = False) -> None:
    """The events as JSON Lines, or for ``.yaml`` as an ``events:`` list (written by libyaml, an item at a time),
    or with ``top_level`` as a list standing alone."""
    import json

    import yaml

    with path.open("w", encoding="utf-8") as out:
        if path.suffix == ".yaml" and not top_level:
            out.write("events:\n")
        for event in events:
            if path.suffix == ".yaml":
                out.write(yaml.dump([event.to_mapping()], Dumper=yaml.CSafeDumper, allow_unicode=True,
                                    sort_keys=False, width=100))
            else:
                out.write(json.dumps(event.to_mapping(), ensure_ascii=False) + "\n")


def yaml_list_rows(count: int, runs: int) -> list[Row]:
    """The feed command on ``count`` events in one YAML ``events:`` list, in a list standing alone, and on the
    same events as JSON Lines, taking turns, best of ``runs`` each: the time, the peak memory of the largest
    process, and the CPU time of all (the list is cut into parts in the main process, parsed on the workers)."""
    with feed_command(count, sys.executable, ".yaml") as from_events, \
            feed_command(count, sys.executable, ".yaml", top_level=True) as from_list, \
            feed_command(count, sys.executable) as from_lines:
        timings: dict[str, list[tuple[float, int, float]]] = {"events": [], "list": [], "lines": []}
        loads = []
        for _ in range(runs):
            for kind, run in (("events", from_events), ("list", from_list), ("lines", from_lines)):
                timings[kind].append(run())
            loads.append(os.getloadavg()[0])
    best = {kind: min(timings[kind]) for kind in timings}
    peak = {kind: max(peak for _, peak, _ in timings[kind]) for kind in timings}
    lines_time, _, lines_cpu = best["lines"]
    return [(f"{count:,} events from a YAML {where}: feed command time, peak memory, CPU",
             f"{best[kind][0]:.1f} s ({count / best[kind][0]:,.0f} events/s), {_mib(peak[kind])}, "
             f"{best[kind][2]:.1f} s CPU",
             f"JSON Lines {lines_time:.1f} s, {_mib(peak['lines'])}, {lines_cpu:.1f} s CPU; "
             f"load {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} CPUs",
             f"≤ 2× and ≤ 150 MB → {best[kind][0] / lines_time:.1f}×, {peak[kind] / 1e6:.0f} MB")
            for kind, where in (("events", "events: list"), ("list", "list standing alone"))]


def feed_phase_rows(count: int, runs: int) -> list[Row]:
    """Where one process's time goes when ``feed`` reads ``count`` events from JSON Lines: CPU seconds of each
    part alone (best of ``runs``), the interpreter's start, and what the 15,000 events/s goal leaves an event."""
    from radical_social.calendar.invites import VEventWriter
    from radical_social.sources.files import records

    def least(work: Callable[[], object]) -> float:
        timings = []
        for _ in range(runs):
            started = time.process_time()
            work()
            timings.append(time.process_time() - started)
        return min(timings)

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "events.jsonl")
        write_events(make_events(count), source)
        read = least(lambda: list(records([source], [])))
        found = list(records([source], []))
        decode = least(lambda: [record.mapping() for record in found])
        check = least(lambda: [record.event() for record in found]) - decode
        events = [record.event() for record in found]
        writer = VEventWriter(NOW, DEFAULT_ALARM, None)
        write = least(lambda: [writer.vevent(event, {}) for event in events])
    with feed_command(1, sys.executable) as one, feed_command(count, sys.executable) as many:
        start = min(one()[2] for _ in range(runs))
        wall, _, cpu = min(many() for _ in range(runs))
    each = (read + decode + check + write) / count
    return [
        (f"feed from JSON Lines, where one process's CPU time goes ({count:,} events, each part alone)",
         f"lines {read:.2f} s, JSON {decode:.2f} s, checks {check:.2f} s, VEVENTs {write:.2f} s ({each * 1e6:.0f} µs "
         "an event)", f"the interpreter's start and imports {start:.2f} s (feed of one event)",
         f"15,000 events/s on 2 cores leaves {2e6 / 15_000:.0f} µs of CPU an event"),
        (f"  the feed command, {count:,} events: CPU time of all its processes, and the wall clock",
         f"{cpu:.2f} s CPU ({count / cpu:,.0f} events per CPU-second), {wall:.2f} s wall "
         f"({count / wall:,.0f} events/s)", f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
         f"≥ 15,000 events/s; on 2 idle cores, the start then the rest on both: "
         f"≈ {count / (start + (cpu - start) / 2):,.0f} events/s"),
    ]


def invite_time(runs: int) -> float:
    """Seconds for one invite of the example event, best of ``runs``."""
    event = Event.example()
    invite(event, now=NOW)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        invite(event, now=NOW)
        best = min(best, time.perf_counter() - started)
    return best


def rows(quick: bool = False) -> list[Row]:
    """The table rows for ``bench/run.py``: feed speed and memory, one invite.

    The machine's speed drifts by tens of percent over a minute, so the baseline and our runs
    take turns, round after round, and each ratio is of one round; the table gives the medians.
    The command is timed as installed for users (``installed_python``), and also in this environment.
    """
    small, large = (1_000, 10_000) if quick else (10_000, 100_000)
    rounds: list[tuple[float, float, float, float, float]] = []
    with installed_python() as (python, where), feed_command(small, python) as run_command, \
            feed_command(small, sys.executable) as run_here:
        for _ in range(1 if quick else 3):
            baseline, ours = rate(small, 1, icalendar_feed), rate(small, 2, our_feed)
            command = small / min(run_command()[0] for _ in range(2))
            one_process = small / min(run_command("--jobs", "1")[0] for _ in range(2))
            here = small / min(run_here()[0] for _ in range(2))
            rounds.append((baseline, ours, command, one_process, here))
        command_memory = run_command()[1]
        with feed_command(large, python) as run_large:
            command_memory_large = run_large()[1]
    baseline, ours, command, one_process, here = (statistics.median(column) for column in zip(*rounds, strict=True))
    memory_small, memory_large = peak_memory(small, our_feed), peak_memory(large, our_feed)
    baseline_memory = peak_memory(small, icalendar_feed)
    one = invite_time(50 if quick else 500)

    def ratios(column: int) -> str:
        found = sorted(round[column] / round[0] for round in rounds)
        return f"{statistics.median(found):.1f}×" + (f" ({found[0]:.1f}–{found[-1]:.1f}×)" if len(found) > 1 else "")

    return [
        (f"feed writer, {small:,} events", f"{ours:,.0f} events/s", f"icalendar {baseline:,.0f} events/s", ratios(1)),
        (f"radical-social feed command, {small:,} events (JSON Lines), {where}", f"{command:,.0f} events/s",
         f"icalendar {baseline:,.0f} events/s", f"≥ 10× → {ratios(2)}"),
        ("  the same with --jobs 1", f"{one_process:,.0f} events/s", f"icalendar {baseline:,.0f} events/s",
         ratios(3)),
        ("  the same in this (development) environment", f"{here:,.0f} events/s", f"icalendar {baseline:,.0f} events/s",
         ratios(4)),
        (f"feed command peak memory (RSS), {small:,} / {large:,} events", f"{_mib(command_memory)} / "
         f"{_mib(command_memory_large)}", "",
         f"+{(command_memory_large - command_memory) / (large - small) / 1024:.2f} KB per event (its UID and place)"),
        (f"feed writer peak memory, {small:,} events", _mib(memory_small), f"icalendar {_mib(baseline_memory)}", ""),
        (f"feed writer peak memory, {large:,} events", _mib(memory_large), f"ours at {small:,}: {_mib(memory_small)}",
         f"flat → {memory_large / memory_small:.2f}×"),
        ("one invite, example event", f"{one * 1e6:.0f} µs", "", ""),
        *yaml_list_rows(small if quick else large, 1 if quick else 2),
        *feed_phase_rows(small, 1 if quick else 3),
    ]


def _mib(size: int) -> str:
    return f"{size / 2**20:.2f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 events")
    table = [("measure", "radical_social", "baseline (same run)", "goal"), *rows(quick=parser.parse_args().quick)]
    widths = [max(len(row[column]) for row in table) for column in range(4)]
    for row in itertools.chain(table[:1], [tuple("-" * width for width in widths)], table[1:]):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
