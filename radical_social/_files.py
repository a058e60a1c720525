"""Files written whole or not at all: a hidden scratch file beside the target, then one rename."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def scratch_file(out: Path, suffix: str) -> Iterator[tuple[Path, IO[bytes]]]:
    """A new hidden file beside ``out`` (same file system, so ``os.replace`` is atomic), removed on exit."""
    path = out.with_name(f".{out.name}.{os.urandom(6).hex()}{suffix}")  # os.urandom: secrets costs 9 ms to import
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
