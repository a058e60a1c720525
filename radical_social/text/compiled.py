"""What every run would compile again, kept between runs in the user's cache folder: the templates
(jinja2's bytecode cache), the regular expressions (the URL patterns' 1,500 TLDs take a tenth of a
second to compile, the lint phrases as much) and the fonts' character maps.

The folder is ``radical-social/<version>`` in the user's cache folder (``~/.cache`` on Linux);
``RADICAL_SOCIAL_CACHE`` names another, and ``RADICAL_SOCIAL_CACHE=off`` keeps nothing. Each entry is
written to a scratch file and renamed into place, so two runs at once never read half of one; an
entry that cannot be read or written (a read-only or full disk, a damaged file) is compiled as if
there were no cache, and the run goes on.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from radical_social._version import __version__

if TYPE_CHECKING:
    import jinja2

T = TypeVar("T")
CACHE_VARIABLE = "RADICAL_SOCIAL_CACHE"


@lru_cache(maxsize=1)
def cache_folder() -> Path | None:
    """This version's cache folder, made if need be; None when caching is off or it cannot be made."""
    chosen = os.environ.get(CACHE_VARIABLE, "")
    if chosen.strip().lower() == "off":
        return None
    if chosen:
        folder = Path(chosen) / __version__
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("radical-social", appauthor=False)) / __version__
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def template_cache() -> jinja2.BytecodeCache | None:
    """jinja2's bytecode cache in the cache folder (None when there is none): a template is compiled
    once, then loaded, until its source changes."""
    folder = cache_folder()
    if folder is None:
        return None
    import jinja2

    class SafeBytecodeCache(jinja2.FileSystemBytecodeCache):
        """jinja2's own, writing a scratch file and renaming it; here a failure only costs compiling again."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged entry (truncated, another pickle): compiled again
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with suppress(OSError):  # read-only, full, or gone
                super().dump_bytecode(bucket)

    return SafeBytecodeCache(str(folder), f"jinja2-{jinja2.__version__}-%s.cache")


def kept(kind: str, key: str, make: Callable[[], T]) -> T:
    """``make()``, or what an earlier run kept for ``key`` (marshal data: numbers, strings, lists,
    tuples, dicts); a ``kind`` names the files (``pattern-…``, ``charset-…``)."""
    folder = cache_folder()
    if folder is None:
        return make()
    path = folder / f"{kind}-{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}.marshal"
    try:
        return marshal.loads(path.read_bytes())  # type: ignore[no-any-return]
    except Exception:  # none yet, or damaged: made again
        pass
    made = make()
    _keep(path, marshal.dumps(made))  # type: ignore[arg-type]  # T is marshal data, as the docstring says
    return made


def compiled_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the compiled code loaded from the cache folder when an
    earlier run kept it (this Python's own ``_sre.compile``, which checks the code it is given)."""
    _sre = _engine()
    if _sre is None:
        return re.compile(pattern, flags)
    parts = kept("pattern", f"{sys.version}\0{_sre.MAGIC}\0{flags}\0{pattern}", lambda: _compiled(pattern, flags))
    return _loaded(_sre, pattern, parts, flags)


def compiled_patterns(patterns: Sequence[str], flags: int = 0) -> list[re.Pattern[str]]:
    """``compiled_pattern`` of each of ``patterns``, kept as one entry: one file to read, not one each."""
    _sre = _engine()
    codes = [] if _sre is None else kept("patterns", f"{sys.version}\0{_sre.MAGIC}\0{flags}\0{patterns!r}",
                                          lambda: [_compiled(pattern, flags) for pattern in patterns])
    if len(codes) != len(patterns):  # no cache, or a damaged entry
        return [re.compile(pattern, flags) for pattern in patterns]
    return [_loaded(_sre, pattern, parts, flags) for pattern, parts in zip(patterns, codes, strict=True)]


def _engine() -> Any:
    """CPython's ``_sre`` (3.11 and later), which compiles code made by ``re._compiler``; None elsewhere."""
    try:
        from re import _compiler  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _compiler._sre


def _loaded(_sre: Any, pattern: str, parts: tuple[Any, ...], flags: int) -> re.Pattern[str]:
    try:
        return _sre.compile(pattern, *parts)  # type: ignore[no-any-return]
    except Exception:  # code this Python refuses (a damaged entry)
        return re.compile(pattern, flags)


def _compiled(pattern: str, flags: int) -> tuple[Any, ...]:
    """What ``re._compiler.compile`` hands ``_sre.compile`` after the pattern, as plain data."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), [int(op) for op in _compiler._code(parsed, flags)],
            parsed.state.groups - 1, dict(parsed.state.groupdict), tuple(indexgroup))


def _keep(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` through a scratch file and a rename; on failure, nothing."""
    scratch = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    try:
        scratch.write_bytes(data)
        scratch.replace(path)
    except OSError:
        with suppress(OSError):
            scratch.unlink(missing_ok=True)
