"""The layout's guard: stages import only from earlier stages, and no module imports in a circle.

``i18n/`` is one package per pipeline stage (content -> catalogs -> checks ->
render -> publish -> cli) plus shared low-level modules at the top.  Every
import is read with :mod:`ast`, function-level imports included, since a late
import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "i18n"
STAGES = ["content", "catalogs", "checks", "render", "publish", "cli"]
SHARED = {"errors", "fileio", "text", "locales", "config", "identity", "variants"}


def module_name(path: Path) -> str:
    parts = ["i18n", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The toolkit modules that *name* imports, resolved to module names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target != "i18n" and not target.startswith("i18n."):
                continue
            for alias in node.names:    # "from . import pofile" imports a module
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names
                         if alias.name == "i18n" or alias.name.startswith("i18n."))
    found.discard(name)
    return {module for module in found if module in known}


def rank(module: str) -> int:
    """-1 for the package itself, 0 for a shared module, 1... for the stages in order."""
    parts = module.split(".")
    if len(parts) == 1:
        return -1
    if parts[1] in SHARED:
        return 0
    assert parts[1] in STAGES, f"{module}: neither a stage package nor a shared module"
    return STAGES.index(parts[1]) + 1


GRAPH = {name: imports_of(name, path, modules()) for name, path in modules().items()}


def test_every_module_is_in_a_stage_or_shared():
    flat = [name for name in GRAPH if name.count(".") == 1 and name.split(".")[1] not in SHARED
            and name.split(".")[1] not in STAGES]
    assert flat == []


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_only_from_earlier_stages(name):
    later = sorted(target for target in GRAPH[name] if rank(target) > rank(name))
    assert later == [], f"{name} imports from a later stage: {later}"


def test_shared_modules_import_no_stage():
    for name, targets in GRAPH.items():
        if rank(name) == 0:
            assert all(rank(t) <= 0 for t in targets), (name, targets)


def test_no_import_cycle():
    """Depth-first search for a back edge; the cycle found is printed whole."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(GRAPH[node]):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(GRAPH):
        if node not in state:
            cycle = visit(node)
            assert cycle is None, " -> ".join(cycle)


def test_the_guard_sees_a_late_import(tmp_path):
    """A function-level import from a later stage is found (the guard can fail)."""
    fake = tmp_path / "i18n" / "content" / "bad.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from ..publish.batch import run_batch\n")
    known = {"i18n.publish.batch": Path("x"), "i18n.content.bad": fake}
    assert imports_of("i18n.content.bad", fake, known) == {"i18n.publish.batch"}
    assert rank("i18n.publish.batch") > rank("i18n.content.bad")
