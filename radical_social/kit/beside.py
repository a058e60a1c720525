"""Work done in a process forked ahead of time, beside this one: a one-event ``build`` makes its
poster so on a second CPU, the child loading fpdf2 while this process is still reading the event.

``Beside(work, ready)`` forks at once; the child runs ``ready()`` (imports, caches: silently, its
failures ignored) and waits. ``give(value)`` hands it ``value``; ``result()`` is what ``work(value)``
returned there, with the warnings it raised raised again here (through this process's filters).
``close()`` (or leaving its ``with``, or the ``Beside`` being dropped, or this process ending) stops
the child and waits for it: no process outlives its ``Beside``, and a child whose parent is gone
finds its pipe closed and leaves. Should the child fail in any way (an exception, a value or result
that cannot be pickled, killed), ``result()`` runs ``work(value)`` here, so errors come as they would
in one process. Where forking is unsafe (see ``workers.forks_safely``) nothing is forked and
``result()`` runs the work here; so it does in a process forked from this one after the child.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import warnings
import weakref
from collections.abc import Callable
from contextlib import suppress
from types import TracebackType
from typing import Any, Generic, NoReturn, TypeVar

from radical_social.sources.workers import HELD_SIGNALS, forks_safely, signals_held

V = TypeVar("V")
R = TypeVar("R")

_Noted = tuple[Warning | str, type[Warning], str, int]
"""A warning the child raised: message, category, file and line."""

_NOTHING = object()
"""No value given yet."""


class Beside(Generic[V, R]):
    """``work(value)`` under way in a child process readied ahead (see the module)."""

    def __init__(self, work: Callable[[V], R], ready: Callable[[], object] = lambda: None) -> None:
        self._work = work
        self._value: Any = _NOTHING
        self._child: _Child | None = None
        if not forks_safely():
            return
        given, give = os.pipe()
        result, hand = os.pipe()
        gc.freeze()  # the child's collections pass over what it inherits, copying none of it
        try:
            with signals_held(True):  # Ctrl-C or SIGTERM now would leave the child unknown to the finalizer
                try:
                    pid = os.fork()
                except OSError:  # no room for another process: the work is done here
                    pid = -1
                if pid == 0:
                    os.close(give)
                    os.close(result)
                    _serve(work, ready, given, hand)
                os.close(given)
                os.close(hand)
                if pid < 0:
                    os.close(give)
                    os.close(result)
                    return
                self._child = _Child(pid, give, result)
                self._stop = weakref.finalize(self, self._child.stop)
        finally:
            gc.unfreeze()

    def give(self, value: V) -> None:
        """Hand ``value`` to the child, which starts ``work(value)``."""
        self._value = value
        if (child := self._ours()) is None:
            return
        try:
            data = pickle.dumps(value)
        except Exception:  # the work is done here
            self.close()
            return
        child.give(data)

    def result(self) -> R:
        """What ``work(value)`` returned in the child, its warnings raised here; else ``work(value)`` run here."""
        if self._value is _NOTHING:
            raise RuntimeError("result() before give()")
        handed = self._collect()
        if handed is None:
            return self._work(self._value)
        value, noted = handed
        for message, category, filename, lineno in noted:
            warnings.warn_explicit(message, category, filename, lineno)
        return value

    def close(self) -> None:
        """Stop the child and wait for it, if it is still there."""
        if self._child is not None:
            self._child = None
            self._stop()

    def __enter__(self) -> Beside[V, R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _ours(self) -> _Child | None:
        """The child, if this process forked it: one forked since (a pool's worker) inherits the ``Beside``, not
        the child, and does the work itself."""
        return self._child if self._child is not None and self._child.parent == os.getpid() else None

    def _collect(self) -> tuple[R, list[_Noted]] | None:
        """The child's result and warnings, or None when it handed back nothing (or nothing was forked)."""
        if (child := self._ours()) is None:
            return None
        try:
            data = child.collect()
        finally:  # reaped, or stopped on Ctrl-C while waiting
            self.close()
        try:
            return pickle.loads(data) if data else None
        except Exception:  # cut short
            return None


class _Child:
    """A forked child: its pid, the pid of the process that forked it, and that side's ends of its pipes,
    each -1 once closed."""

    def __init__(self, pid: int, give: int, result: int) -> None:
        self.pid = pid
        self.parent = os.getpid()
        self.pipes = [give, result]

    def give(self, data: bytes) -> None:
        """Write ``data`` into the child's pipe, and close it."""
        give, self.pipes[0] = self.pipes[0], -1
        with suppress(BrokenPipeError), os.fdopen(give, "wb") as pipe:  # a child gone: its work is done here
            pipe.write(data)

    def collect(self) -> bytes:
        """All the child writes before it ends."""
        with os.fdopen(self.pipes[1], "rb", closefd=False) as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        self.pid = -1
        return data

    def stop(self) -> None:
        """Close the pipes, stop the child if it is still there and wait for it."""
        for pipe in self.pipes:
            if pipe >= 0:
                os.close(pipe)
        self.pipes = [-1, -1]
        if self.pid > 0 and os.getpid() == self.parent:  # a process forked since has copies of the pipes alone
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = -1


def _serve(work: Callable[[Any], Any], ready: Callable[[], object], given: int, hand: int) -> NoReturn:
    """In the child: ``ready()``, then ``work(value)`` on the value read from ``given``, its result and
    warnings pickled into ``hand``; then leave at once, running none of the parent's clean-up (its
    ``finally`` blocks, ``atexit``, buffered output). A closed pipe with nothing in it: leave."""
    gc.disable()  # a short life: what it leaves is freed by its end
    status = 1
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
        with warnings.catch_warnings(), suppress(Exception):
            warnings.simplefilter("ignore")
            ready()
        with os.fdopen(given, "rb") as pipe:
            data = pipe.read()
        if data:
            with warnings.catch_warnings(record=True) as noted:
                warnings.simplefilter("always")
                value = work(pickle.loads(data))
            handed = pickle.dumps((value, [(note.message, note.category, note.filename, note.lineno)
                                           for note in noted]))
            with os.fdopen(hand, "wb") as pipe:
                pipe.write(handed)
            status = 0
    except BaseException:  # anything at all: the parent does the work itself
        pass
    finally:
        os._exit(status)
