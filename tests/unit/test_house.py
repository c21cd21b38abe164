"""The shape of the code: dependencies point one way, no module imports itself back through
others, handlers stay channel-neutral, and modules stay small enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "storage", "bench", "tests")
MAX_LINES = 600
# Larger on purpose: splitting them would scatter one grammar or one reader over files that
# only make sense together (README, "How it is built").
LARGER: dict[str, int] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found[module_name(path)] = path
    return found


MODULES = project_modules()


def imports_of(name: str, path: Path) -> set[str]:
    """Every project module `name` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` depends on that module; `from m import name` on m
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        for target in targets:
            if target in MODULES and target != name:
                found.add(target)
    return found


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def cycle_through(start: str) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(GRAPH[node]):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_module_imports_itself_back_through_others() -> None:
    cycles = [" → ".join(c) for name in sorted(GRAPH) if (c := cycle_through(name))]
    assert not cycles, "import circles:\n" + "\n".join(cycles)


def test_dependencies_point_from_bot_to_handlers_to_storage() -> None:
    wrong = [
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        for target in targets
        if (name.startswith("storage") and not target.startswith("storage"))
        or (name.startswith("handlers") and target.startswith("bot"))
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("handlers")))
def test_handlers_import_no_platform_library(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    roots = {
        alias.name.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for alias in n.names
    }
    roots |= {
        (n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
    }
    assert "telegram" not in roots


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_why_it_exists_and_stays_small(name: str) -> None:
    path = MODULES[name]
    source = path.read_text(encoding="utf-8")
    if source.strip():
        assert ast.get_docstring(ast.parse(source)), f"{name} has no docstring"
    lines = source.count("\n")
    assert lines < LARGER.get(name, MAX_LINES), f"{name}: {lines} lines"
