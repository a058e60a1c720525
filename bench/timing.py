"""Timing helpers shared by the bench scripts."""

from __future__ import annotations

import time
from collections.abc import Callable

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
