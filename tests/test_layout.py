"""The code's shape, as the restructure left it: small modules, small functions, no hidden state."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "provenance"
MODULES = sorted(SRC.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _functions(tree: ast.AST):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_module_is_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_functions_are_small(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [(f.name, f.end_lineno - f.lineno + 1) for f in _functions(tree)
            if f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_method_sets_state_for_another(path):
    """Attributes are set when an object is made; no method writes one for another to read."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for method in (n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            if method.name in ("__init__", "__post_init__"):
                continue
            for node in ast.walk(method):
                targets = node.targets if isinstance(node, ast.Assign) else \
                    [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
                for t in targets:
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                        found.append(f"{cls.name}.{method.name} sets self.{t.attr}")
    assert found == []


def test_every_module_opens_with_a_docstring():
    missing = [str(p.relative_to(SRC)) for p in MODULES
               if p.stat().st_size and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert missing == []


def test_every_test_security_md_names_exists():
    """SECURITY.md states only what tests prove: each test it names is there."""
    import re
    root = SRC.parents[1]
    text = (root / "SECURITY.md").read_text(encoding="utf-8")
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)`", text)
    assert named
    missing = [f"{f}::{t}" for f, t in named if f"def {t}(" not in (root / "tests" / f).read_text(encoding="utf-8")]
    assert missing == []


def test_required_dependencies_are_imported_never_skipped():
    """A broken install fails the tests; it never turns into skips. Only an optional extra (Dask)
    may be skipped where it is not installed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.split(r"[\[<>=!~ ]", spec, maxsplit=1)[0].lower().replace("-", "_") for spec in required}
    skipped = {m.group(1).split(".")[0].lower() for path in (ROOT / "tests").glob("*.py")
               for m in re.finditer(r"importorskip\(\s*[\"']([\w.]+)", path.read_text(encoding="utf-8"))}
    assert skipped and not skipped & names, skipped & names


def test_a_slow_marker_leaves_a_fast_set_for_rule_work():
    """`python -m pytest -m "not slow"` is registered: the rules' tests run without the pipeline's."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in options["markers"])


def test_the_architecture_names_every_module():
    """docs/ARCHITECTURE.md's module map holds every module, as `path` relative to src/provenance."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [str(p.relative_to(SRC)) for p in MODULES if f"`{p.relative_to(SRC).as_posix()}`" not in text]
    assert missing == []


def test_no_module_is_named_after_a_standard_library_one():
    """`io.py`, `html.py`, `numbers.py` read as the standard library's to a newcomer (and to a
    tool that resolves imports by name)."""
    assert [str(p.relative_to(SRC)) for p in MODULES if p.stem in sys.stdlib_module_names] == []


def test_the_readme_says_what_the_browser_tests_need_and_pytest_names_each_skip():
    """On a machine with only what the README installs, the browser tests are skipped: the README
    says in one line what to install for them, and pytest lists each skipped test with its reason."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "apt-get install chromium" in readme
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "-rs" in options["addopts"].split()
