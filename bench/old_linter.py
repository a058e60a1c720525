"""The linter as it was before it was made fast (``tests/lint_reference.py``, the tests' oracle), for
the bench rows that show ours beside it in the same run."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from radical_social.posts import linting


def _reference() -> Callable[..., list[linting.Finding]]:
    """``lint`` of the checkout's ``tests/lint_reference.py``, loaded from its file: the checkout is not put on
    ``sys.path``, so ``radical_social`` stays the one Python finds (``PYTHONPATH=other/checkout`` benches that)."""
    path = Path(__file__).resolve().parent.parent / "tests" / "lint_reference.py"
    spec = importlib.util.spec_from_file_location("lint_reference", path)
    assert spec is not None and spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    reference: Callable[..., list[linting.Finding]] = module.lint
    return reference


lint = _reference()

__all__ = ["lint", "linting_as_before"]


@contextmanager
def linting_as_before() -> Iterator[None]:
    """``compose_posts`` (and so ``build``) lints with the old linter while inside."""
    ours = linting.lint
    linting.lint = lint
    try:
        yield
    finally:
        linting.lint = ours
