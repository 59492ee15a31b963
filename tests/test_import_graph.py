"""The import graph of desktop/: no cycles, and the layers point one way (ui -> core, never back).

Every `import` counts, at module level and inside functions: a function-level import hides a
cycle from Python's import machinery but not from a reader, and still runs the other module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported_names(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """Every module name `module` imports (ours resolved to the module, others as written)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                # `from pkg import mod` imports the module; `from mod import name` the module.
                yield candidate if candidate in modules else base


def import_graph() -> dict[str, set[str]]:
    """module -> the desktop modules it imports (anywhere in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imported_names(name, path, modules):
            # `import desktop.core.store.models` names a module; a name inside one resolves
            # to its nearest module prefix.
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def external_imports(prefix: str) -> dict[str, set[str]]:
    """module under `prefix` -> the top-level names of everything it imports."""
    modules = _modules()
    return {
        name: {imported.split(".")[0] for imported in _imported_names(name, path, modules)}
        | {imported for imported in _imported_names(name, path, modules)}
        for name, path in modules.items()
        if name == prefix or name.startswith(prefix + ".")
    }


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a -> b -> ... -> a) per strongly connected component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (deep graphs)
        nonlocal counter
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(component, graph) for component in components]


def _cycle_in(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the component's first module back to itself."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(graph[node] & members):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start] if len(path) > 1 else [start, start]
                if child not in previous:
                    previous[child] = node
                    nxt.append(child)
        frontier = nxt
    return component


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_cycles_in_desktop() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _offenders(prefix: str, forbidden: set[str]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for module, names in external_imports(prefix).items()
        for name in names & forbidden
    )


def test_core_never_imports_qt_or_the_layers_above_it() -> None:
    forbidden = {"PySide6", "desktop.ui", "desktop.cli", "desktop.app", "desktop.selftest"}
    found = _offenders("desktop.core", forbidden)
    # A submodule of a forbidden package counts too.
    for module, names in external_imports("desktop.core").items():
        found += [
            f"{module} imports {n}" for n in names if any(n.startswith(f + ".") for f in forbidden)
        ]
    assert not found, "\n".join(found)


def test_ui_never_imports_sql_or_llama_cpp() -> None:
    found = _offenders("desktop.ui", {"sqlalchemy", "llama_cpp", "alembic"})
    assert not found, "\n".join(found)
