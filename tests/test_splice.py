"""A re-run rewrites only the changed sources' rows of claims.csv (splice.py), and the file it
writes is the very file a whole-file merge writes: same bytes, same events, same decisions kept."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.pipeline import job as pipeline
from provenance.incremental import splice
from provenance.incremental.cache import cache_path
from provenance.claims.table import to_csv_text, written_columns
from conftest import read_claims
from provenance.pipeline.job import extract

from conftest import SEEDS, csv_rows, write_csv_rows

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import make_corpus  # noqa: E402

CHANGED = "\nAu moins 12 policiers ont été tués et 40 blessés selon le ministère.\n"


def test_blocks_are_the_whole_file_cut_at_each_source():
    table = read_claims(SEEDS.parent / "claims.csv")
    table["reviewer"] = ["desk" if i % 3 else "" for i in range(len(table))]  # a column a person added
    columns = written_columns(table)
    blocks = splice.blocks_of(table, columns)
    whole = splice.header(columns) + b"".join(b.data for b in blocks)
    assert whole == to_csv_text(table).encode("utf-8")
    assert [b.source_id for b in blocks] == list(dict.fromkeys(table["source_id"]))
    assert sum(b.rows for b in blocks) == len(table)


def _project(tmp_path: Path) -> tuple[Path, Path]:
    folder = make_corpus.make(24, tmp_path, seed=11)
    for seed in ("rt-zas", "france24-afp", "blog-wikipedia"):  # real articles beside the generated ones
        shutil.copy(SEEDS / f"{seed}.txt", folder / f"{seed}.txt")
    rows = csv_rows(folder / "sources.csv")
    seeds = {r["source_id"]: r for r in csv_rows(SEEDS / "sources.csv")}
    write_csv_rows(folder / "sources.csv", [seeds[s] for s in ("rt-zas", "france24-afp", "blog-wikipedia")] + rows)
    return folder, tmp_path / "claims.csv"


def _decide(claims: Path) -> None:
    """A person confirms a row of one source, notes one of another, adds a row to a third."""
    rows = csv_rows(claims)
    by_source = {}
    for r in rows:
        by_source.setdefault(r["source_id"], []).append(r)
    by_source["rt-zas"][0]["status"] = "confirmed"
    by_source["france24-afp"][1]["note"] = "vérifié auprès de l'AFP"
    manual = dict(by_source["blog-wikipedia"][0], claim_id="blog-wikipedia.killed.by-hand", value="19",
                  value_low="19", value_high="19", status="manual", note="a phone call")
    write_csv_rows(claims, rows + [manual])


def _change(folder: Path) -> None:
    """Two sources changed (one a person decided on), one added, one a person's row is on removed."""
    for name in ("rt-zas.txt", "doc-000003.txt"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
    rows = [r for r in csv_rows(folder / "sources.csv") if r["source_id"] != "blog-wikipedia"]
    (folder / "blog-wikipedia.txt").unlink()
    shutil.copy(SEEDS / "rbth-litovkine.txt", folder / "rbth-litovkine.txt")
    added = next(r for r in csv_rows(SEEDS / "sources.csv") if r["source_id"] == "rbth-litovkine")
    write_csv_rows(folder / "sources.csv", rows + [added])


def _forget_layout(claims: Path) -> None:
    with sqlite3.connect(cache_path(claims)) as db:
        db.execute("update meta set value = '' where key = 'layout'")


@pytest.fixture
def whole_rewrites(monkeypatch):
    """How many runs merged and wrote the whole file."""
    calls = []
    real = pipeline._rewrite_whole

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)
    monkeypatch.setattr(pipeline, "_rewrite_whole", counted)
    return calls


def test_a_rerun_splices_the_changed_sources_as_a_whole_rewrite_would(tmp_path, whole_rewrites):
    folder, claims = _project(tmp_path / "a")
    extract(folder, claims, jobs=1)
    _decide(claims)
    extract(folder, claims, jobs=1)  # claims.csv edited: read whole, and its layout remembered
    _change(folder)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    # in a git checkout, which vouches for the copied cache (elsewhere a copy is not the user's own)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    other = tmp_path / "b" / "claims.csv"
    _forget_layout(other)
    before = len(whole_rewrites)
    spliced = extract(folder, claims, jobs=1)
    assert len(whole_rewrites) == before  # the splice did it
    whole = extract(tmp_path / "b" / "sources", other, jobs=1)
    assert whole_rewrites[-1] == other
    assert claims.read_bytes() == other.read_bytes()
    for table in ("events.csv", "subjects.csv"):
        assert (claims.parent / table).read_bytes() == (other.parent / table).read_bytes()
    assert (spliced.rows, spliced.kept_human, spliced.extracted) == (whole.rows, whole.kept_human, whole.extracted) \
        and spliced.extracted == 3
    rows = {r["claim_id"]: r for r in csv_rows(claims)}
    assert rows["blog-wikipedia.killed.by-hand"]["status"] == "manual"  # its source is gone, a person's row is not
    assert [r for r in rows.values() if r["source_id"] == "rt-zas" and r["status"] == "confirmed"]
    assert any(r["note"] == "vérifié auprès de l'AFP" for r in rows.values())
    assert any(r["source_id"] == "rbth-litovkine" for r in rows.values())
    again = claims.read_bytes()
    extract(folder, claims, jobs=1)
    assert claims.read_bytes() == again and len(whole_rewrites) == before + 1


def test_a_layout_that_does_not_fit_the_file_is_not_trusted(tmp_path, whole_rewrites):
    folder, claims = _project(tmp_path)
    extract(folder, claims, jobs=1)
    expected_rows = len(csv_rows(claims))
    with sqlite3.connect(cache_path(claims)) as db:  # a layout one byte off
        layout = splice.Layout.loads(db.execute("select value from meta where key = 'layout'").fetchone()[0])
        layout.sizes[0] += 1
        db.execute("update meta set value = ? where key = 'layout'", (layout.dumps(),))
    path = folder / "doc-000001.txt"
    path.write_text(path.read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
    before = len(whole_rewrites)
    result = extract(folder, claims, jobs=1)
    assert len(whole_rewrites) == before + 1 and result.rows == len(csv_rows(claims)) >= expected_rows
