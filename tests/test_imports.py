"""The house's rooms: packages named for what they hold, each entered by its door.

Walks every import of src/provenance (inside functions too; `if TYPE_CHECKING:` blocks, which
never run, aside) and asserts: no module at the top level but the package's own; no import
cycle between modules; no two packages importing each other, even through a third; a package is
entered only through its `__init__`, for names its `__all__` offers; each `__init__` opens with
a map that names every module of its package.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
TOP = "provenance"
ROOT = SRC / TOP


def _name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


MODULES = {_name(p)[0]: p for p in sorted(ROOT.rglob("*.py"))}
PACKAGES = sorted(m for m, p in MODULES.items() if p.name == "__init__.py" and m != TOP)


def _package_of(module: str) -> str | None:
    """The package right under provenance that holds `module`, or None for a top-level module."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 or module in PACKAGES else None


def _runs(tree: ast.Module) -> list[ast.AST]:
    """Every node of the tree outside `if TYPE_CHECKING:` blocks."""
    hidden = {id(n) for node in ast.walk(tree)
              if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
              for b in node.body for n in ast.walk(b)}
    return [n for n in ast.walk(tree) if id(n) not in hidden]


@lru_cache(maxsize=None)
def imports(module: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(target module, the module named in the statement, the names it takes) for each import of
    a provenance module; a name that is itself a module is its own target."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in _runs(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, a.name, ()) for a in node.names if a.name.split(".")[0] == TOP]
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            named = ".".join(base + ([node.module] if node.module else []))
            if named.split(".")[0] != TOP:
                continue
            names = tuple(a.name for a in node.names)
            found += [(f"{named}.{n}", f"{named}.{n}", ()) for n in names if f"{named}.{n}" in MODULES]
            rest = tuple(n for n in names if f"{named}.{n}" not in MODULES)
            if rest:
                found.append((named, named, rest))
    return tuple(found)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_no_module_at_the_top_but_the_package_entry_points():
    assert sorted(p.name for p in ROOT.glob("*.py")) == ["__init__.py", "__main__.py"]


def test_no_import_cycle_between_modules():
    edges = {m: {t for t, _, _ in imports(m) if t != m} for m in MODULES}
    assert _cycles(edges) == []


def test_no_two_packages_import_each_other():
    edges: dict[str, set[str]] = {}
    for m in MODULES:
        for target, _, _ in imports(m):
            here, there = _package_of(m), _package_of(target)
            if here and there and here != there:
                edges.setdefault(here, set()).add(there)
    assert _cycles(edges) == []


def _public(package: str) -> set[str]:
    tree = ast.parse(MODULES[package].read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def test_a_package_is_entered_only_through_its_door():
    """Another package's module is never imported by name, nor a name its `__all__` does not offer."""
    sideways = []
    for m in MODULES:
        for target, named, names in imports(m):
            here, there = _package_of(m), _package_of(target)
            if not there or here == there:
                continue
            if named != there:
                sideways.append(f"{m} imports {target}")
            else:
                sideways += [f"{m} takes {there}.{n}, not in its __all__" for n in names if n not in _public(there)]
    assert sideways == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_opens_with_a_map_of_its_modules(package):
    folder = MODULES[package].parent
    doc = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8"))) or ""
    assert [p.name for p in sorted(folder.glob("*.py")) if p.name != "__init__.py" and p.name not in doc] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_name_a_package_offers_is_there(package):
    import importlib
    module = importlib.import_module(package)
    assert [n for n in sorted(_public(package)) if not hasattr(module, n)] == []


def test_the_walk_sees_what_it_must():
    """The walk itself: a lazy import, a relative one, a module imported by name, a hidden one."""
    assert ("provenance.cli", "provenance.cli", ("main",)) in imports("provenance.__main__")
    lazy = {t for t, _, _ in imports("provenance.pipeline.job")}
    assert {"provenance.report", "provenance.compare", "provenance.incremental"} <= lazy
    assert ("provenance.cli.review", "provenance.cli.review", ()) in imports("provenance.cli")
    assert "provenance.extraction.resolve" not in {t for t, _, _ in imports("provenance.extraction.moments")}
