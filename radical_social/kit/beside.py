"""One call made in a forked process beside this one while this one goes on: a one-event ``build``
makes its poster so on a second CPU (the fpdf2 import and the layout take as long as the cards).

``Beside(call)`` forks at once; ``result()`` is what ``call()`` returned there, with the warnings it
raised raised again here (through this process's filters), and ``close()`` (or leaving its ``with``)
stops the child if the result was never asked for: no process outlives its ``Beside``. Should the
child fail in any way (an exception, a result that cannot be pickled, killed), ``result()`` makes the
call here, so errors come as they would in one process. Where forking is unsafe (see
``workers.forks_safely``) nothing is forked and ``result()`` makes the call.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import warnings
from collections.abc import Callable
from contextlib import suppress
from types import TracebackType
from typing import Any, Generic, NoReturn, TypeVar

from radical_social.sources.workers import forks_safely

R = TypeVar("R")

_Noted = tuple[Warning | str, type[Warning], str, int]
"""A warning the child raised: message, category, file and line."""


class Beside(Generic[R]):
    """``call()`` under way in a child process (see the module)."""

    def __init__(self, call: Callable[[], R]) -> None:
        self._call = call
        self._child: tuple[int, int] | None = None
        if forks_safely():
            read, write = os.pipe()
            gc.freeze()  # the child's collections pass over what it inherits, copying none of it
            try:
                pid = os.fork()
            except OSError:  # no room for another process: the call is made here
                gc.unfreeze()
                os.close(read)
                os.close(write)
                return
            if pid == 0:
                os.close(read)
                _hand_back(call, write)
            gc.unfreeze()
            os.close(write)
            self._child = pid, read

    def result(self) -> R:
        """What ``call()`` returned in the child, its warnings raised here; else ``call()`` made here."""
        handed = self._collect()
        if handed is None:
            return self._call()
        value, noted = handed
        for message, category, filename, lineno in noted:
            warnings.warn_explicit(message, category, filename, lineno)
        return value

    def close(self) -> None:
        """Stop the child and wait for it, if its result was never asked for."""
        if self._child is not None:
            pid, read = self._child
            self._child = None
            os.close(read)
            _stop(pid)

    def __enter__(self) -> Beside[R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _collect(self) -> tuple[R, list[_Noted]] | None:
        """The child's result and warnings, or None when it handed back nothing (or nothing was forked)."""
        if self._child is None:
            return None
        pid, read = self._child
        self._child = None
        try:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
        except BaseException:  # Ctrl-C while waiting: the child goes too
            _stop(pid)
            raise
        os.waitpid(pid, 0)
        try:
            return pickle.loads(data) if data else None
        except Exception:  # cut short
            return None


def _hand_back(call: Callable[[], Any], write: int) -> NoReturn:
    """In the child: ``call()`` and its warnings, pickled into the pipe; then leave at once,
    running none of the parent's clean-up (its ``finally`` blocks, ``atexit``, buffered output)."""
    gc.disable()  # a short life: what it leaves is freed by its end
    status = 1
    try:
        with warnings.catch_warnings(record=True) as noted:
            warnings.simplefilter("always")
            value = call()
        data = pickle.dumps((value, [(note.message, note.category, note.filename, note.lineno) for note in noted]))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        status = 0
    except BaseException:  # anything at all: the parent makes the call itself
        pass
    finally:
        os._exit(status)


def _stop(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
