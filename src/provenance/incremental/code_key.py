"""The code in the extraction cache's key: the source of every provenance module whose output
the cached rows hold, found rather than listed, so that a module that starts to feed them (a
new reader of texts, another id scheme) cannot be left out of the key.

They are the modules of what the function that makes the rows calls, and every provenance
module those import, at any depth, inside functions too; the packages on the way. Imports are
found by a scan of each file's `import` lines (reading 25 files takes a millisecond or two;
parsing them, a quarter of a second on every run).
"""
from __future__ import annotations

import hashlib
import inspect
import os
import re
from pathlib import Path
from types import CodeType, ModuleType

PACKAGE = __name__.split(".")[0]
ROOT = Path(__file__).parents[1]
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(?P<source>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]*)"
                     r"|import[ \t]+(?P<modules>[^\n#;]*))", re.MULTILINE)


def code_digest(fn) -> str:
    """The sha256 of fn's own source and of every provenance module it reaches."""
    files = module_files()
    digest = hashlib.sha256(inspect.getsource(fn).encode("utf-8"))
    for name in sorted(reached(called_modules(fn), files)):
        digest.update(b"\0" + name.encode("utf-8") + b"\0" + files[name].read_bytes())
    return digest.hexdigest()


def called_modules(fn) -> set[str]:
    """The provenance modules of the functions, classes and modules fn's code names."""
    names: set[str] = set()
    codes = [fn.__code__]
    while codes:  # its comprehensions and lambdas are code of their own
        code = codes.pop()
        names.update(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, CodeType)]
    owners = (_owner(fn.__globals__.get(name)) for name in names)
    return {owner for owner in owners if _ours(owner)}


def _owner(obj) -> str | None:
    """The module a function or class was made in, or a module's own name."""
    return obj.__name__ if isinstance(obj, ModuleType) else getattr(obj, "__module__", None)


def reached(modules: set[str], files: dict[str, Path]) -> set[str]:
    """These modules, the provenance modules they import at any depth, and their packages
    (`files`: module_files())."""
    todo, seen = list(modules), set()
    while todo:
        name = todo.pop()
        path = files.get(name)
        if name in seen or path is None:
            continue
        seen.add(name)
        todo += imported(name, path.name == "__init__.py", path.read_text(encoding="utf-8"))
        todo.append(name.rpartition(".")[0])
    return seen


def imported(module: str, is_package: bool, text: str) -> list[str]:
    """The provenance modules a module's text imports (and names that may be modules: `from
    . import rerun`); names that are not modules are dropped by the caller."""
    here = module if is_package else module.rpartition(".")[0]
    out = []
    for found in _IMPORT.finditer(text):
        if found["modules"] is not None:
            out += [part.split()[0] for part in found["modules"].split(",") if part.split()]
            continue
        source = found["source"]
        dots = len(source) - len(source.lstrip("."))
        if dots:
            base = here.rsplit(".", dots - 1)[0] if dots > 1 else here
            source = ".".join(filter(None, (base, source[dots:])))
        names = found["names"].strip("()").split(",")
        out += [source] + [f"{source}.{part.split()[0]}" for part in names if part.split()]
    return [name for name in out if _ours(name)]


def module_files() -> dict[str, Path]:
    """Each provenance module and package by name, and its file."""
    out = {}
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        package = ".".join((PACKAGE, *Path(folder).relative_to(ROOT).parts))
        for name in names:
            if name.endswith(".py"):
                out[package if name == "__init__.py" else f"{package}.{name[:-3]}"] = Path(folder, name)
    return out


def _ours(name) -> bool:
    return isinstance(name, str) and (name == PACKAGE or name.startswith(PACKAGE + "."))
