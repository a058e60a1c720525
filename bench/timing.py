"""Timing helpers shared by the bench scripts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Row = tuple[str, str, str, str]
"""A table row: measure, radical_social's figure, the baseline measured in the same run, the goal."""


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of ``runs`` timings, in seconds (the least disturbed by the machine)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def best_of_each(runs: int, *works: Callable[[], object]) -> list[float]:
    """The least CPU time of ``runs`` timings of each of ``works``, in seconds, run in turns: on a
    shared machine wall time also counts the others' work, and a busy spell slows all works alike."""
    timings: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, found in zip(works, timings, strict=True):
            started = time.process_time()
            work()
            found.append(time.process_time() - started)
    return [min(found) for found in timings]


def camera_photo(folder: Path) -> Path:
    """A 4000×3000 JPEG with gradients and sensor-like noise, as a phone takes it: the hardest kind of photo
    to make small."""
    from PIL import Image

    gradient = Image.linear_gradient("L").resize((4000, 3000))
    image = Image.merge("RGB", (gradient, Image.effect_noise((4000, 3000), 32), gradient.rotate(180)))
    path = folder / "photo.jpg"
    image.save(path, "JPEG", quality=92)
    return path


def measured_by(script: str, path: Path, runs: int) -> Any:
    """What ``script --measure runs`` prints (JSON), run with the code at ``path``: an earlier checkout's
    figures, measured in the same run as ours."""
    environment = {**os.environ, "PYTHONPATH": str(path)}
    done = subprocess.run([sys.executable, script, "--measure", str(runs)], env=environment, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout)


def script_main(measure: Callable[[int], object], rows: Callable[..., Iterable[Row]]) -> None:
    """A bench script run by itself: ``--measure RUNS`` prints ``measure``'s figures as JSON (for
    ``measured_by``); otherwise the rows, ``--quick`` and ``--before PATH`` as for ``run.py``."""
    if "--measure" in sys.argv:
        print(json.dumps(measure(int(sys.argv[sys.argv.index("--measure") + 1]))))
        return
    earlier = Path(sys.argv[sys.argv.index("--before") + 1]) if "--before" in sys.argv else None
    for row in rows(quick="--quick" in sys.argv, earlier=earlier):
        print(" | ".join(row))
