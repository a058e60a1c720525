"""Files and folders written whole or not at all: a hidden scratch file (or folder) beside the target,
then one rename.

Scratch files are named ``.<target>.<12 hex digits>.<tmp|spool>``; a run killed outright (kill -9, a
power cut) cannot remove its own, so each run removes those of its target older than ``STALE_AFTER``.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

STALE_AFTER = 15 * 60
"""Seconds since a scratch file or folder last changed after which no live run is writing it."""


def scratch_name(out: Path, suffix: str) -> Path:
    """A new hidden name beside ``out``: ``.<name>.<12 hex digits><suffix>``."""
    return out.with_name(f".{out.name}.{os.urandom(6).hex()}{suffix}")  # os.urandom: secrets costs 9 ms to import


def sweep_stale(folder: Path, pattern: re.Pattern[str], ours: Callable[[Path], bool] = lambda path: True) -> None:
    """Remove the files and folders in ``folder`` whose names match ``pattern``, that ``ours`` recognises
    and that have not changed for ``STALE_AFTER`` seconds: the scratch of runs that were killed. Errors
    are ignored: it is tidying."""
    limit = time.time() - STALE_AFTER
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if (not pattern.fullmatch(entry.name) or entry.stat(follow_symlinks=False).st_mtime >= limit
                    or not ours(Path(entry.path))):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink()
        except OSError:
            continue


@contextmanager
def scratch_file(out: Path, suffix: str) -> Iterator[tuple[Path, IO[bytes]]]:
    """A new hidden file beside ``out`` (same file system, so ``os.replace`` is atomic), removed on exit;
    stale scratch files of ``out`` are removed first."""
    sweep_stale(out.parent, re.compile(rf"\.{re.escape(out.name)}\.[0-9a-f]{{12}}\.(?:tmp|spool)"))
    path = scratch_name(out, suffix)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(descriptor, "w+b") as file:
            yield path, file
    finally:
        path.unlink(missing_ok=True)


def replace_with(path: Path, file: IO[bytes], out: Path) -> None:
    """Make the scratch ``file`` at ``path`` durable, then put it in place of ``out`` in one rename."""
    file.flush()
    os.fsync(file.fileno())
    file.close()
    path.replace(out)


def write_atomically(out: Path, data: bytes) -> None:
    """``out`` holds ``data`` afterwards, or is as it was; raises ``OSError``."""
    with scratch_file(out, ".tmp") as (path, file):
        file.write(data)
        replace_with(path, file, out)


SCRATCH_FOLDER = re.compile(r"\.([a-z0-9-]+)\.[0-9a-f]{12}\.(?:tmp|old)")
"""A folder's staging or retired copy: ``.<name>.<12 hex digits>.tmp`` or ``.old``."""


def sweep_stale_folders(folder: Path, names: set[str], parts: frozenset[str]) -> None:
    """Remove the stale staging and retired copies in ``folder`` of the folders ``names``: hidden, named
    after one of them and holding nothing but ``parts``. Anything else there is the user's, and stays."""

    def ours(path: Path) -> bool:
        match = SCRATCH_FOLDER.fullmatch(path.name)
        return (match is not None and match.group(1) in names and path.is_dir() and not path.is_symlink()
                and {part.name for part in path.iterdir()} <= parts)

    sweep_stale(folder, SCRATCH_FOLDER, ours)


def write_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """``target`` holds exactly ``files`` (relative paths with ``/`` → bytes) afterwards, or is as it
    was: they are written into a hidden sibling, which then takes the place of an earlier ``target``;
    raises ``OSError``."""
    staging = scratch_name(target, ".tmp")
    try:
        staging.mkdir()  # 0777 less the umask, as the user's own folders (mkdtemp's are 0700)
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        _swap_into_place(staging, target)
    except BaseException:  # an interrupted write, too, leaves nothing half-written behind
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_into_place(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target``; an earlier folder there is moved aside first, then removed."""
    if not target.exists():
        staging.rename(target)
        return
    retired = scratch_name(target, ".old")
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
