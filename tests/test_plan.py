"""One planner decides whether a run is quick or full (incremental/plan.py), and whatever it
decides, a run writes what a run without any cache writes: over random sequences of the edits
people and tools make (a text changed, grown, touched, or changed within the same size and
modification time; a source added or removed; a date corrected; a claim rejected by a person),
claims.csv, events.csv and subjects.csv are byte for byte those of `--no-cache`."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from provenance.incremental import plan_run
from provenance.pipeline.job import extract
from provenance.review.decisions import decide

from conftest import SEEDS, csv_rows, write_csv_rows

pytestmark = pytest.mark.slow

OUTPUTS = ("claims.csv", "events.csv", "subjects.csv")
EXTRA = {"fr": "Plus de {n} soldats ont été déployés au Kazakhstan le 7 janvier 2022.",
         "en": "More than {n} troops were deployed to Kazakhstan on 7 January 2022."}


def _project(root: Path) -> Path:
    """A small corpus: the seed articles' first 1,500 characters, unpinned (edits are expected)."""
    folder = root / "sources"
    folder.mkdir(parents=True)
    rows = csv_rows(SEEDS / "sources.csv")
    for row in rows:
        text = (SEEDS / row["file"]).read_text(encoding="utf-8")[:1500]
        (folder / row["file"]).write_text(text, encoding="utf-8")
    write_csv_rows(folder / "sources.csv", [dict(r, sha256="") for r in rows])
    return root


def _listed(root: Path) -> list[dict]:
    return csv_rows(root / "sources" / "sources.csv")


def _file(root: Path, i: int) -> Path:
    rows = _listed(root)
    return root / "sources" / rows[i % len(rows)]["file"]


def _grow(root: Path, i: int, n: int) -> None:
    path = _file(root, i)
    with open(path, "a", encoding="utf-8") as f:
        f.write(" " + EXTRA["fr"].format(n=n))


def _change_a_digit(root: Path, i: int, n: int, keep_time: bool = False) -> None:
    """A digit of the text changed: the same size; with `keep_time`, the same modification time
    too (an edit within one timestamp tick, which only the hash can tell)."""
    path = _file(root, i)
    text, seen = path.read_text(encoding="utf-8"), path.stat()
    digits = [k for k, c in enumerate(text) if c.isdigit()]
    if not digits:
        return
    k = digits[n % len(digits)]
    path.write_text(text[:k] + str((int(text[k]) + 1) % 10) + text[k + 1:], encoding="utf-8")
    if keep_time:
        os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))


def _touch(root: Path, i: int, n: int) -> None:
    path = _file(root, i)
    seen = path.stat()
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns + (n + 1) * 1_000_000_000))


def _add(root: Path, i: int, n: int) -> None:
    rows = _listed(root)
    sid = f"added-{n}-{len(rows)}"
    if any(r["source_id"] == sid for r in rows):
        return
    (root / "sources" / f"{sid}.txt").write_text(EXTRA["en"].format(n=n * 100 + 7), encoding="utf-8")
    write_csv_rows(root / "sources" / "sources.csv", rows + [dict(rows[0], source_id=sid, file=f"{sid}.txt",
                                                                   language="en", published="2022-01-08")])


def _remove(root: Path, i: int, n: int) -> None:
    rows = _listed(root)
    if len(rows) > 1:
        gone = rows.pop(i % len(rows))
        write_csv_rows(root / "sources" / "sources.csv", rows)
        (root / "sources" / gone["file"]).unlink()


def _redate(root: Path, i: int, n: int) -> None:
    rows = _listed(root)
    rows[i % len(rows)]["published"] = f"2022-01-{n % 28 + 1:02d}"
    write_csv_rows(root / "sources" / "sources.csv", rows)


def _reject(root: Path, i: int, n: int) -> None:
    claims = csv_rows(root / "claims.csv") if (root / "claims.csv").exists() else []
    if claims:
        decide(root / "claims.csv", claims[n % len(claims)]["claim_id"], "rejected", f"not so ({n})")


EDITS = {"grow": _grow, "digit": _change_a_digit, "digit-same-time": lambda r, i, n: _change_a_digit(r, i, n, True),
         "touch": _touch, "add": _add, "remove": _remove, "redate": _redate, "reject": _reject}
edits = st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 6), st.integers(0, 50)),
                 min_size=1, max_size=5)


def _outputs(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in OUTPUTS if (root / name).exists()}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edits)
def test_a_cached_run_writes_what_a_run_without_cache_writes(tmp_path_factory, monkeypatch, steps):
    from provenance.incremental import cache
    monkeypatch.setattr(cache, "RACY_NS", 0)  # stamps vouch at once: quick runs keep the unchanged sources
    root = _project(tmp_path_factory.mktemp("cached"))
    extract(root / "sources", root / "claims.csv", jobs=1)
    for name, i, n in steps:
        EDITS[name](root, i, n)
        fresh = tmp_path_factory.mktemp("uncached")
        shutil.copytree(root, fresh, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*.cache.sqlite"))
        planned = extract(root / "sources", root / "claims.csv", jobs=1).plan
        extract(fresh / "sources", fresh / "claims.csv", jobs=1, use_cache=False)
        assert _outputs(root) == _outputs(fresh), f"after {name} {i} {n} ({planned})"


def test_the_planner_says_why_a_run_is_full(tmp_path, monkeypatch):
    from provenance.incremental import cache
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files were written this instant: trust their stamps
    root = _project(tmp_path)
    assert plan_run(None, root / "sources", root / "claims.csv").reason.startswith("full: no extraction cache")
    first = extract(root / "sources", root / "claims.csv", jobs=1)
    assert first.plan == "full: no claims.csv yet"
    assert extract(root / "sources", root / "claims.csv", jobs=1).plan.startswith("quick: 0 of 5 sources")
    _grow(root, 0, 1)
    assert extract(root / "sources", root / "claims.csv", jobs=1).plan.startswith("quick: 1 of 5 sources")
    _reject(root, 0, 0)
    assert extract(root / "sources", root / "claims.csv", jobs=1).plan == \
        "full: claims.csv edited since the last run"
