"""The extraction cache's key covers every module whose output the cached rows hold (the ids
and digests of claims/record.py, the text of sources/manifest.py, all extraction does): a change there leaves
no stale row. The modules are found from what makes the rows, not listed (incremental/code_key.py)."""
from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from provenance.claims import record as claims_module
from provenance.incremental import code_key
from provenance.pipeline import job as pipeline
from provenance.pipeline.job import extract

from conftest import csv_rows


@pytest.fixture
def code_read_anew():
    """The key's code digest (kept once a process) taken again, before and after the test."""
    pipeline._code_of_rows.cache_clear()
    yield
    pipeline._code_of_rows.cache_clear()


def _edited(monkeypatch, tmp_path, module: str) -> None:
    """The key reads `module` as edited (a line added), as after an upgrade of provenance."""
    files = code_key.module_files()
    edited = tmp_path / f"{module}.py"
    edited.write_bytes(files[module].read_bytes() + b"\n# edited\n")
    monkeypatch.setattr(code_key, "module_files", lambda: {**files, module: edited})
    pipeline._code_of_rows.cache_clear()


@pytest.mark.slow
def test_a_new_id_scheme_leaves_no_stale_row(seed_copy, tmp_path, monkeypatch, code_read_anew):
    claims = tmp_path / "claims.csv"
    assert extract(seed_copy, claims).extracted == 5
    old_ids = {r["claim_id"] for r in csv_rows(claims)}
    original = claims_module.claim_id
    monkeypatch.setattr(claims_module, "claim_id", lambda *args: "v2-" + original(*args))  # ids made anew ...
    _edited(monkeypatch, tmp_path, "provenance.claims.record")                  # ... by an edited claims/record.py
    assert extract(seed_copy, claims).extracted == 5
    ids = [r["claim_id"] for r in csv_rows(claims)]
    assert ids and all(cid.startswith("v2-") for cid in ids) and not old_ids & set(ids)


@pytest.mark.parametrize("module, feeds_rows", [
    ("provenance.claims.record", True),          # ids, digests, the rows' columns
    ("provenance.claims", True),                 # the package the rows' makers import
    ("provenance.sources.manifest", True),       # how a text is read
    ("provenance.plumbing.safe", True),          # which texts are refused (imported by sources/manifest.py)
    ("provenance.extraction.attributes", True),  # imported by the extraction package
    ("provenance.extraction.number_reader", True),
    ("provenance.extraction", True),             # a package's __init__ runs before its modules
    ("provenance.compare.engine", False),        # what reads the rows later: no extraction again
    ("provenance.report.writers", False),
    ("provenance.cli", False),
])
def test_the_key_changes_with_every_module_that_feeds_the_rows(monkeypatch, tmp_path, code_read_anew, module,
                                                                feeds_rows):
    before = pipeline.cache_key()
    _edited(monkeypatch, tmp_path, module)
    assert (pipeline.cache_key() != before) == feeds_rows


def test_the_import_scan_misses_no_module_a_reached_module_names():
    """Every provenance module whose function, class or module a reached module holds (its
    imports, as Python made them) was reached by the scan of the import lines."""
    files = code_key.module_files()
    reached = code_key.reached(code_key.called_modules(pipeline.extract_source), files)
    assert {"provenance.claims.record", "provenance.sources.manifest", "provenance.extraction.engine"} <= reached
    for name in reached:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, ModuleType) and value.__name__.rpartition(".")[0] == name:
                continue  # a package's submodule, set on it by whichever module imported that
            owner = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
            if isinstance(owner, str) and owner.startswith("provenance."):
                assert owner in reached, f"{name} holds {owner}'s {value!r}"


@pytest.mark.parametrize("text, found", [
    ("from ..claims import Claim", {"provenance.claims"}),
    ("from . import number_reader, text as words", {"provenance.extraction", "provenance.extraction.number_reader",
                                                    "provenance.extraction.text"}),
    ("def f():\n    from .rules import (ahead,\n        rules_files)  # later\n", {"provenance.extraction.rules"}),
    ("import provenance.plumbing.safe\nfrom provenance.plumbing.atomic import atomic_copy",
     {"provenance.plumbing.safe", "provenance.plumbing.atomic"}),
    ("import re\nfrom pathlib import Path", set()),
])
def test_the_import_scan_reads_every_form_of_import(text, found):
    files = code_key.module_files()
    assert {name for name in code_key.imported("provenance.extraction.emit", False, text) if name in files} == found
