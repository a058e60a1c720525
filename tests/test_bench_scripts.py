"""The bench scripts still import what they measure: a renamed or moved name fails here, not in someone's run."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(path.stem for path in BENCH.glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_bench_script_imports(script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    module = importlib.import_module(script)
    assert module.__file__ == str(BENCH / f"{script}.py")
    sys.modules.pop(script)


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_name_a_bench_script_takes_from_radical_social_exists(script: str) -> None:
    """Imports inside functions too: they run only when the bench does."""
    tree = ast.parse((BENCH / f"{script}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "radical_social":
            module = importlib.import_module(node.module or "")
            missing = [alias.name for alias in node.names
                       if not hasattr(module, alias.name) and not _is_module(f"{node.module}.{alias.name}")]
            assert missing == [], f"{script}.py line {node.lineno}: {node.module} has no {missing}"


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        return False
    return True
