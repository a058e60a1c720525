"""The ``build`` command: many kits on every core with flat memory, and a cold one-event build.

    python bench/bench_build.py                       # 1,000 full kits, memory at 1,000 and 3,000
    python bench/bench_build.py --quick               # 100 full kits, memory at 300 and 900
    python bench/bench_build.py --before ../checkout  # an earlier checkout's cold build and memory beside ours
    python bench/bench_build.py --cold --pool --memory --before ../checkout  # chosen rows alone

``bench/run.py`` calls ``rows()``. The command runs as users run it, in a fresh process with
Python's bytecode cache (``import_rows`` in run.py says why). One process and ``--jobs 2`` take turns,
so a busy machine slows both alike; the CPU use is the user and system time of the command and its
workers over the wall time (2.0 is both cores busy), the memory the peak RSS of its largest process.
The machine's load (``os.getloadavg``) is printed beside the figures: on a shared machine the
speed-up of two processes is smaller than on a quiet one.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import Row

OURS = Path(__file__).resolve().parent.parent

ONE_EVENT = """\
title: Laboratorio di pasta fresca
start: 2027-01-16T10:00
timezone: Europe/Rome
language: it
url: https://bottega.example/pasta
venue: {name: Bottega Sartori, city: Verona, country: IT}
description: Due ore con le mani in pasta, tagliatelle e tortelli fatti a mano.
"""


def rows(quick: bool = False, earlier: Path | None = None) -> list[Row]:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        return [*_cold_rows(folder, 3 if quick else 7, earlier),
                *_pool_rows(folder, 100 if quick else 1000, turns=2 if quick else 1),
                *_memory_rows(folder, (300, 900) if quick else (1000, 3000), earlier)]


def _pool_rows(folder: Path, count: int, turns: int) -> list[Row]:
    events = _event_file(folder, count)
    one, two = [], []
    for turn in range(turns):
        one.append(_run(["build", str(events), "--out", str(folder / f"one-{turn}"), "--jobs", "1"]))
        two.append(_run(["build", str(events), "--out", str(folder / f"two-{turn}"), "--jobs", "2"]))
    best_one, best_two = min(one, key=lambda run: run["wall"]), min(two, key=lambda run: run["wall"])
    return [(f"{count:,} full kits with build --jobs 2",
             f"{best_two['wall']:.1f} s ({best_one['wall'] / best_two['wall']:.2f}× one process), "
             f"CPU {best_two['cpu'] / best_two['wall']:.2f} cores, {best_two['rss']:.0f} MB",
             f"--jobs 1: {best_one['wall']:.1f} s, CPU {best_one['cpu'] / best_one['wall']:.2f} cores, "
             f"{best_one['rss']:.0f} MB; load {_load()}",
             "≥ 1.7× one process")]


def _memory_rows(folder: Path, counts: tuple[int, int], earlier: Path | None) -> list[Row]:
    """Kits without cards or poster, to reach thousands of events in minutes: what memory grows with is
    the number of kits kept, not their size. An earlier checkout's build (one process) beside ours."""
    trees = {"ours": OURS, **({"earlier": earlier} if earlier else {})}
    runs = {(name, count): _run(["build", str(_event_file(folder, count)), "--out", str(folder / f"memory-{name}"),
                                 "--no-cards", "--no-poster", *(["--jobs", "2"] if name == "ours" else [])], tree)
            for count in counts for name, tree in trees.items()}
    small, large = counts

    def grows(name: str) -> str:
        return (f"{runs[name, small]['rss']:.0f} → {runs[name, large]['rss']:.0f} MB "
                f"({runs[name, small]['wall']:.0f} s → {runs[name, large]['wall']:.0f} s)")

    baseline = f"earlier checkout {grows('earlier')}" if earlier else "run with --before PATH for an earlier checkout's"
    return [(f"build --jobs 2 peak memory, {small:,} → {large:,} kits (no cards)", grows("ours"),
             f"{baseline}; load {_load()}", "flat")]


def _cold_rows(folder: Path, runs: int, earlier: Path | None) -> list[Row]:
    """A fresh process building one kit, whole (its poster made in a second process forked before the
    event is read, as by default where there are two CPUs), whole in one process, and without cards
    or poster, its caches (bytecode, templates, patterns) made by a first run; an earlier checkout's
    runs take turns with ours."""
    event = folder / "one.yaml"
    event.write_text(ONE_EVENT, encoding="utf-8")
    trees = {"ours": OURS, **({"earlier": earlier} if earlier else {})}
    kinds = {"full kit": [], "full kit in one process (--jobs 1)": ["--jobs", "1"],
             "posts only (--no-cards --no-poster)": ["--no-cards", "--no-poster"]}
    timings: dict[tuple[str, str], list[dict[str, float]]] = {(k, n): [] for k in kinds for n in trees}
    for turn in range(runs + 1):
        for kind, options in kinds.items():
            for name, tree in trees.items():
                run = _run(["build", str(event), "--out", str(folder / f"cold-{name}"), *options], tree)
                if turn:  # the first run makes the caches
                    timings[kind, name].append(run)

    def median(kind: str, name: str) -> str:
        return (f"{statistics.median(run['wall'] for run in timings[kind, name]):.2f} s "
                f"(CPU {statistics.median(run['cpu'] for run in timings[kind, name]):.2f} s)")

    return [*[(f"cold one-event build, {kind} (median of {runs})", median(kind, "ours"),
               (f"earlier checkout {median(kind, 'earlier')}" if earlier
                else "run with --before PATH for an earlier checkout's") + f"; load {_load()}", "≤ 0.5 s")
              for kind in kinds],
            _cold_parts(event, folder, runs)]


_PARTS = """\
import resource, sys, time
from pathlib import Path
from radical_social.cli import main
from radical_social.graphics import poster
from radical_social.kit import beside
readied, forked, given = poster.ready, [], []
start, give = beside.Beside.__init__, beside.Beside.give
def ready(look):
    readied(look)
    Path(sys.argv[1]).write_text(str(time.process_time()))
def noted_start(self, work, ready):
    forked.append(time.process_time())
    start(self, work, ready)
def noted_give(self, value):
    given.append(time.process_time())
    give(self, value)
poster.ready, beside.Beside.__init__, beside.Beside.give = ready, noted_start, noted_give
try:
    main(sys.argv[2:])
except SystemExit:
    pass
child = resource.getrusage(resource.RUSAGE_CHILDREN)
print(forked[0], given[0], time.process_time(), Path(sys.argv[1]).read_text(), child.ru_utime + child.ru_stime)
"""
"""A full cold build; it prints the main process's CPU seconds at the fork, when it gives the event to the
poster's process and at its end, then the poster's process's once readied and at its end."""


def _cold_parts(event: Path, folder: Path, runs: int) -> Row:
    """Where a full kit's time goes: the CPU seconds before the poster's process is forked (before the
    event is read), then that process readying (fpdf2 & co) beside the main one reading the event,
    then the poster beside the rest of the kit; and the least wall time these allow on two idle CPUs."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPATH"] = str(OURS)
    parts = [tuple(map(float, subprocess.run(
        [sys.executable, "-c", _PARTS, str(folder / "readied"), "build", str(event), "--out",
         str(folder / "cold-parts")], env=environment, check=True, capture_output=True, text=True,
        cwd=OURS).stdout.splitlines()[-1].split())) for _ in range(runs)]
    fork, give, end, ready, child = (statistics.median(part[index] for part in parts) for index in range(5))
    least = max(end, max(fork + ready, give) + child - ready)
    return ("cold one-event build, full kit: CPU before the fork, then readying ‖ reading, then poster ‖ rest "
            "(medians)",
            f"{fork:.2f} s, then {ready:.2f} s ‖ {give - fork:.2f} s, then {child - ready:.2f} s ‖ "
            f"{end - give:.2f} s: {least:.2f} s",
            f"the poster starts once both its process is ready and the event read; the least wall time on two "
            f"idle CPUs; load {_load()}", "≤ 0.5 s")


def _event_file(folder: Path, count: int) -> Path:
    """``count`` varied events (bench_feed's) as JSON Lines, written once, with the keys every version reads."""
    from bench_feed import make_events

    path = folder / f"events-{count}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            for event in make_events(count):
                venue, organizer = event.venue, event.organizer
                assert venue is not None and organizer is not None
                out.write(json.dumps({
                    "title": event.title, "description": event.description, "start": event.start.isoformat(),
                    "end": event.end.isoformat() if event.end else None, "timezone": event.timezone,
                    "language": "it", "url": event.url, "uid": event.uid, "tags": list(event.tags),
                    "venue": {"name": venue.name, "address": venue.address, "city": venue.city,
                              "postcode": venue.postcode},
                    "organizer": {"name": organizer.name, "email": organizer.email},
                }, ensure_ascii=False) + "\n")
    return path


def _run(arguments: list[str], tree: Path = OURS) -> dict[str, float]:
    """The command in a fresh process, with the code at ``tree``: wall and CPU seconds (its workers'
    too), peak RSS in MB."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPATH"] = str(tree)
    code = ("import resource, subprocess, sys, time; started = time.perf_counter(); "
            "subprocess.run([sys.executable, '-m', 'radical_social', *sys.argv[1:]], check=True, "
            "stdout=subprocess.DEVNULL); wall = time.perf_counter() - started; "
            "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(wall, used.ru_utime + used.ru_stime, used.ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, *arguments], env=environment, check=True,
                          capture_output=True, text=True, cwd=tree)  # python -m finds the package in its folder first
    wall, cpu, rss = map(float, done.stdout.split())
    return {"wall": wall, "cpu": cpu, "rss": rss / 1024}


def _load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


if __name__ == "__main__":
    earlier = Path(sys.argv[sys.argv.index("--before") + 1]) if "--before" in sys.argv else None
    if {"--cold", "--pool", "--memory"} & set(sys.argv):
        with tempfile.TemporaryDirectory() as scratch:
            quick = "--quick" in sys.argv
            chosen = [*(_cold_rows(Path(scratch), 3 if quick else 7, earlier) if "--cold" in sys.argv else []),
                      *(_pool_rows(Path(scratch), 100 if quick else 1000, turns=2 if quick else 1)
                        if "--pool" in sys.argv else []),
                      *(_memory_rows(Path(scratch), (300, 900) if quick else (1000, 3000), earlier)
                        if "--memory" in sys.argv else [])]
    else:
        chosen = rows(quick="--quick" in sys.argv, earlier=earlier)
    for row in chosen:
        print(" | ".join(row))
