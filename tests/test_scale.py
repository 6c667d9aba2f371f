"""Parallel and incremental extraction, and the benchmark corpus generator."""
import sys
from pathlib import Path

import pytest

from provenance.incremental.cache import cache_path
from conftest import read_claims
from provenance.pipeline.job import extract

from conftest import SEEDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import make_corpus  # noqa: E402


@pytest.mark.slow
def test_corpus_is_deterministic_and_realistic(tmp_path):
    a = make_corpus.make(30, tmp_path / "a", seed=3)
    b = make_corpus.make(30, tmp_path / "b", seed=3)
    c = make_corpus.make(30, tmp_path / "c", seed=4)
    read = lambda folder: [p.read_bytes() for p in sorted(folder.glob("*"))]
    assert read(a) == read(b) and read(a) != read(c)
    manifest = (a / "sources.csv").read_text(encoding="utf-8")
    assert ",fr," in manifest and ",en," in manifest
    result = extract(a, tmp_path / "claims.csv", jobs=1)
    assert result.rows > 60


@pytest.mark.slow
def test_parallel_equals_serial(tmp_path):
    folder = make_corpus.make(40, tmp_path, seed=5)
    serial = extract(folder, tmp_path / "serial.csv", jobs=1, use_cache=False)
    parallel = extract(folder, tmp_path / "parallel.csv", jobs=2, use_cache=False)
    assert serial.path.read_bytes() == parallel.path.read_bytes()


def test_unchanged_sources_are_not_read_again(tmp_path):
    import shutil
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    claims = tmp_path / "claims.csv"
    first = extract(folder, claims, jobs=1)
    assert first.extracted == 5 and cache_path(claims).exists()
    before = claims.read_bytes()
    second = extract(folder, claims, jobs=1)
    assert second.extracted == 0 and claims.read_bytes() == before
    path = folder / "rt-zas.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nAu moins 40 policiers ont été tués.\n", encoding="utf-8")
    third = extract(folder, claims, jobs=1)
    assert third.extracted == 1
    assert "40" in set(read_claims(claims)["value"])


def test_a_broken_cache_only_costs_time(tmp_path):
    import shutil
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    claims = tmp_path / "claims.csv"
    extract(folder, claims, jobs=1)
    expected = claims.read_bytes()
    cache_path(claims).write_bytes(b"not a database")
    result = extract(folder, claims, jobs=1)
    assert result.extracted == 5 and claims.read_bytes() == expected


def test_rules_change_invalidates_the_cache(tmp_path, monkeypatch):
    import shutil
    from provenance.pipeline import job
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    claims = tmp_path / "claims.csv"
    extract(folder, claims, jobs=1)
    monkeypatch.setattr(job, "rules_version", lambda: "other-rules")
    assert extract(folder, claims, jobs=1).extracted == 5
