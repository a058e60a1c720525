"""Layout: the sub-packages follow the flow (event → text → posts, calendar, graphics → page → kit → delivery),
with no import loop between modules or between parts, counting every import of one (top-level, under
``TYPE_CHECKING`` and inside functions), read from the source with ``ast``."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "radical_social"

FOUNDATIONS = {"errors", "_files", "_html", "_version"}
"""Top-level modules every stage may use; they import no other part."""

FLOW = {
    "event": set(),
    "text": {"event"},
    "sources": {"event"},
    "posts": {"event", "text"},
    "calendar": {"event", "text", "sources"},
    "graphics": {"event", "text"},
    "page": {"event", "text", "sources", "calendar", "graphics"},
    "kit": {"event", "text", "sources", "posts", "calendar", "graphics", "page"},
    "delivery": {"event", "text", "sources", "calendar", "posts", "graphics", "page", "kit"},
}
"""Each sub-package → the parts it may import besides the foundations: the flow, written down."""


def module_name(path: Path) -> str:
    """``radical_social/event/model.py`` → ``radical_social.event.model``; a package is its ``__init__``."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, modules: frozenset[str]) -> set[str]:
    """The package's modules that ``source`` imports anywhere, by dotted name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, "radical_social imports absolutely"
            base = node.module or ""
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of radical_social → the other modules of the package it imports."""
    files = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
    modules = frozenset(files)
    return {name: imported_modules(path.read_text(encoding="utf-8"), modules) - {name}
            for name, path in files.items()}


def part(module: str) -> str:
    """The top-level part a module belongs to: ``radical_social.event.model`` → ``event``."""
    return module.split(".")[1] if "." in module else "__init__"


def part_graph(graph: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """The parts each part imports; the package's front (``__init__``, ``__main__``, ``cli``) is left out."""
    front = {"__init__", "__main__", "cli"}
    parts: dict[str, set[str]] = {}
    for module, targets in graph.items():
        if part(module) not in front:
            parts.setdefault(part(module), set()).update(part(target) for target in targets)
    return {name: targets - {name, "__init__"} for name, targets in parts.items()}


def first_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """A cycle of ``graph`` as its nodes in import order, the first repeated at the end, or None."""
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


def test_no_module_imports_itself_round_a_loop() -> None:
    graph = import_graph()
    assert {"radical_social.event.model", "radical_social.kit.build", "radical_social.cli"} <= set(graph)
    cycle = first_cycle(graph)
    assert cycle is None, "import loop: " + " → ".join(cycle or ())


def test_no_part_imports_itself_round_a_loop() -> None:
    cycle = first_cycle(part_graph(import_graph()))
    assert cycle is None, "import loop between parts: " + " → ".join(cycle or ())


def test_each_part_imports_only_what_comes_before_it_in_the_flow() -> None:
    parts = part_graph(import_graph())
    assert set(parts) == set(FLOW) | FOUNDATIONS, "a new part: place it in FLOW or FOUNDATIONS"
    for name in FOUNDATIONS:
        assert parts[name] <= {"_version"}, f"{name} is a foundation and imports {sorted(parts[name])}"
    for name, allowed in FLOW.items():
        reached = parts[name] - FOUNDATIONS - allowed
        assert not reached, f"{name} reaches {sorted(reached)}, which it may not import"


def test_the_graph_sees_imports_inside_functions_and_under_type_checking() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from radical_social.event import checks, model as m\n"
        "import radical_social.calendar.links\n"
        "if TYPE_CHECKING:\n"
        "    from radical_social.kit.build import Kit\n"
        "def later():\n"
        "    from radical_social.graphics import cards\n"
        "    from radical_social import errors\n"
    )
    modules = frozenset(["radical_social.event.checks", "radical_social.event.model", "radical_social.calendar.links",
                         "radical_social.kit.build", "radical_social.graphics.cards", "radical_social.errors",
                         "radical_social.posts.compose"])
    assert imported_modules(source, modules) == modules - {"radical_social.posts.compose"}


def test_a_cycle_is_found_and_named() -> None:
    assert first_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert first_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert part_graph({"radical_social.event.model": {"radical_social.kit.build", "radical_social.event.zones"}}) == {
        "event": {"kit"}}
