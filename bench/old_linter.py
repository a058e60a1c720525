"""The linter as it was before it was made fast (``tests/lint_reference.py``, the tests' oracle), for
the bench rows that show ours beside it in the same run."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout, for tests/

from radical_social.posts import linting
from tests.lint_reference import lint

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
