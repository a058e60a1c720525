"""Layout: no import loops among radical_social's modules, counting every import of one (top-level, under
``TYPE_CHECKING`` and inside functions), read from the source with ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "radical_social"


def imported_modules(source: str, modules: frozenset[str]) -> set[str]:
    """The package's modules that ``source`` imports anywhere, by name (``events``, ``_checks``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "radical_social":
            names = [f"radical_social.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:  # relative: from . import x, from .x import y
            names = [f"radical_social.{node.module}"] if node.module else [
                f"radical_social.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "radical_social" and len(parts) > 1 and parts[1] in modules:
                found.add(parts[1])
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of radical_social/*.py → the other modules of the package it imports."""
    files = {path.stem: path for path in sorted(PACKAGE.glob("*.py"))}
    modules = frozenset(files)
    return {name: imported_modules(path.read_text(encoding="utf-8"), modules) - {name}
            for name, path in files.items()}


def first_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as its modules in import order, the first repeated at the end, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def test_no_module_of_radical_social_imports_itself_round_a_loop() -> None:
    graph = import_graph()
    assert {"events", "kit", "_checks", "_parsing", "_preview"} <= set(graph)
    cycle = first_cycle(graph)
    assert cycle is None, "import loop: " + " → ".join(cycle or ())


def test_the_graph_sees_imports_inside_functions_and_under_type_checking() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from radical_social import _checks, errors as e\n"
        "import radical_social.links\n"
        "if TYPE_CHECKING:\n    from radical_social.kit import Kit\n"
        "def f():\n    from radical_social._preview import escaped\n    from . import posts\n"
        "    from .cards import Card\n    import json\n"
    )
    modules = frozenset({"_checks", "errors", "links", "kit", "_preview", "posts", "cards", "events"})
    assert imported_modules(source, modules) == modules - {"events"}


def test_a_loop_is_named_in_import_order() -> None:
    assert first_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert first_cycle({"events": {"_parsing"}, "_parsing": set()}) is None
