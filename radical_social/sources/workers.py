"""Work on the events of files spread over several processes, the results in the order of the work.

``in_order(work, state, tasks, jobs)`` is ``(task, work(state, task))`` for each task, on up to
``jobs`` worker processes: ``feed --jobs`` hands them chunks of raw events, ``build --jobs`` one
event each. ``state`` (a writer, a kit's options) goes to each worker once. At most two tasks per
process are in flight, so memory stays flat however many there are.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, TypeVar

from radical_social.errors import KitError

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")


def in_order(work: Callable[[S, T], R], state: S, tasks: Iterable[T], jobs: int | None) -> Iterator[tuple[T, R]]:
    """Each task with ``work(state, task)``, in order; on up to ``jobs`` processes (None: one per
    CPU this process may use), no more than there are tasks, or here when that is one.

    ``work`` is a module-level function (a worker finds it by name where processes are not forked).
    A worker that dies (killed, out of memory) is a ``KitError``; stopping early stops the workers.
    """
    tasks = iter(tasks)
    first = list(islice(tasks, 2 * (jobs or cpus())))
    jobs = min(jobs or cpus(), len(first), _MOST_WORKERS)
    if jobs <= 1:
        for task in chain(first, tasks):
            yield task, work(state, task)
        return
    from concurrent.futures.process import BrokenProcessPool, ProcessPoolExecutor

    context = _context()
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(work, state))
    pending: deque[tuple[T, Future[R]]] = deque()
    try:
        with signals_held(context.get_start_method() == "fork"):
            pending.append((first[0], pool.submit(_work, first[0])))
        for task in chain(first[1:], tasks):
            pending.append((task, pool.submit(_work, task)))
            if len(pending) >= 2 * jobs:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    except BrokenProcessPool as exc:
        raise KitError("a worker process stopped before its work was done (killed, or out of memory?); "
                       "try fewer jobs") from exc
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def signals_held(hold: bool) -> Iterator[None]:
    """Ctrl-C and a polite kill (SIGTERM) held back while processes are forked, then delivered: the pool
    starts the thread that stops its workers only once all are forked (on its first task), and a
    ``KeyboardInterrupt`` or ``SystemExit`` raised before would leave them waiting for work, and the
    interpreter's exit waiting for them; ``kit.beside`` knows its child only once ``fork`` returns.
    A forked child inherits them held (``HELD_SIGNALS``)."""
    if not (hold and hasattr(signal, "pthread_sigmask")):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}
"""The signals ``signals_held`` holds back."""


def cpus() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def forks_safely() -> bool:
    """Whether this process may fork: not with threads (a lock held by one stays held in the
    child), not on macOS (whose system libraries break), not where there is no fork (Windows)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def _context() -> BaseContext:
    """Fork where it is safe (``forks_safely``), so workers start at once with everything loaded."""
    import multiprocessing

    if forks_safely():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                       else "spawn")


_MOST_WORKERS = 61 if sys.platform == "win32" else 1024
"""Windows waits on at most 63 handles at once, so ProcessPoolExecutor takes no more than 61 workers there."""

_worker: tuple[Callable[[Any, Any], Any], Any] | None = None


def _start_worker(work: Callable[[Any, Any], Any], state: Any) -> None:
    """Set up a worker: its work and state; Ctrl-C left to the main process, which stops the workers;
    and an end of its own should its parent be killed (the workers hold the pipes open for each other)."""
    global _worker
    _worker = work, state
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)  # held while the pool forked this process
    threading.Thread(target=_leave_with, args=(os.getppid(),), daemon=True).start()


def _leave_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _work(task: Any) -> Any:
    assert _worker is not None
    work, state = _worker
    return work(state, task)
