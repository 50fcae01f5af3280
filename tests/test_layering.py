"""The package's layers: the core never reaches up to a face, and no modules import each other.

Faces are the command line (cli, commands, options, clickzh) and the renderers (render,
excel). Everything else is core: model, workspace, registry, rules, diff, graph analysis,
importer, query, views, report … It imports neither click nor rich nor any face. Imports
inside functions count: they run, just later.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qplan"
FACES = ("qplan.cli", "qplan.commands", "qplan.options", "qplan.clickzh", "qplan.render", "qplan.excel",
         "qplan.__main__", "qplan.entry")
FORBIDDEN_IN_CORE = ("click", "rich")
# Cycles known and accepted, each with the reason; none today.
KNOWN_CYCLES: list[set[str]] = []


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every module this one imports, wherever the import statement is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base


def is_face(name: str) -> bool:
    return any(name == face or name.startswith(face + ".") for face in FACES)


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {target for target in imports(name, path, known) if target in known and target != name}
            for name, path in known.items()}


def test_the_core_imports_no_face_and_neither_click_nor_rich() -> None:
    known = modules()
    reaching_up = []
    for name, path in known.items():
        if is_face(name):
            continue
        for target in imports(name, path, known):
            if target.split(".")[0] in FORBIDDEN_IN_CORE or is_face(target):
                reaching_up.append(f"{name} imports {target}")
    assert reaching_up == []


def cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other() -> None:
    assert [cycle for cycle in cycles(graph()) if cycle not in KNOWN_CYCLES] == []


def test_the_checks_would_catch_a_cycle_and_a_reach_up() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]
    assert is_face("qplan.render.screen") and not is_face("qplan.report")
