"""A re-run after a few changed files looks only at them (rerun.py): it writes what a full run
writes, and anything its seal cannot vouch for is planned in full."""
import csv
import os
import sqlite3

import pytest
from click.testing import CliRunner

from provenance.cache import ExtractionCache, cache_path
from provenance.cli import main
from provenance.pipeline import extract


def _append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


@pytest.fixture
def sealed(seed_copy, tmp_path):
    """The seed articles extracted once: claims.csv written, the corpus sealed."""
    claims = tmp_path / "claims.csv"
    assert extract(seed_copy, claims).extracted == 5
    return seed_copy, claims


@pytest.fixture
def planned_in_full(monkeypatch):
    """Counts the runs planned in full (a quick re-run never reads the manifest's sources)."""
    calls = []
    original = ExtractionCache.sources
    monkeypatch.setattr(ExtractionCache, "sources",
                        lambda self, folder, *key: calls.append(folder) or original(self, folder, *key))
    return calls


def _seal(claims):
    db = sqlite3.connect(cache_path(claims))
    try:
        row = db.execute("select value from meta where key = 'seal'").fetchone()
    finally:
        db.close()
    return row[0] if row else None


def test_a_quick_rerun_writes_what_a_full_run_writes(sealed, tmp_path, planned_in_full):
    sources, claims = sealed
    _append(sources / "rt-zas.txt", "\nAu moins 12 policiers ont été tués le 6 janvier.\n")
    text = (sources / "rbth-litovkine.txt").read_text(encoding="utf-8")
    (sources / "rbth-litovkine.txt").write_text(text.replace("2500", "2700", 1), encoding="utf-8")
    again = extract(sources, claims)
    assert planned_in_full == [] and again.extracted == 2 and len(again.sources) == 5
    (tmp_path / "afresh").mkdir()
    afresh = extract(sources, tmp_path / "afresh" / "claims.csv", use_cache=False)
    assert claims.read_bytes() == afresh.path.read_bytes()
    assert claims.with_name("events.csv").read_bytes() == afresh.path.with_name("events.csv").read_bytes()
    assert again.rows == afresh.rows and _seal(claims)


def test_a_touched_file_is_hashed_not_read_again(sealed, planned_in_full):
    sources, claims = sealed
    before = claims.read_bytes()
    os.utime(sources / "rt-zas.txt", ns=(1, 10**18))
    assert extract(sources, claims).extracted == 0
    assert planned_in_full == [] and claims.read_bytes() == before


def test_the_seal_goes_when_another_command_writes_the_cache(sealed, planned_in_full):
    sources, claims = sealed
    _append(sources / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n")
    CliRunner().invoke(main, ["check", "--claims", str(claims), "--sources", str(sources)])
    assert _seal(claims) is None  # check stored the changed file's extraction: a trigger dropped the seal
    assert extract(sources, claims).extracted == 0  # from the cache, planned in full
    assert len(planned_in_full) == 1 and _seal(claims)


def _decide(claims):
    with open(claims, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["status"] = "confirmed"
    with open(claims, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows[0]["claim_id"]


@pytest.mark.parametrize("change", ["manifest", "decision", "unlisted", "events"])
def test_what_the_seal_cannot_vouch_for_is_planned_in_full(sealed, planned_in_full, change):
    sources, claims = sealed
    _append(sources / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n")
    if change == "manifest":
        manifest = sources / "sources.csv"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("rt-zas.txt", "rt-zas.txt ", 1), encoding="utf-8")
    elif change == "decision":
        decided = _decide(claims)
    elif change == "unlisted":
        (sources / "extra-article.txt").write_text("The CSTO was founded in 2002.", encoding="utf-8")
    else:
        events = claims.with_name("events.csv")
        os.utime(events, ns=(claims.stat().st_mtime_ns + 10**9,) * 2)  # edited after claims.csv
    if change == "unlisted":
        with pytest.warns(UserWarning, match="extra-article.txt"):
            extract(sources, claims)
    else:
        extract(sources, claims)
    assert len(planned_in_full) == 1
    if change == "decision":
        with open(claims, encoding="utf-8", newline="") as f:
            assert {r["claim_id"]: r["status"] for r in csv.DictReader(f)}[decided] == "confirmed"


@pytest.mark.parametrize("damage, words", [
    (lambda folder: (folder / "rt-zas.txt").unlink(), ("rt-zas.txt", "not found")),
    (lambda folder: ((folder / "rt-zas.txt").unlink(), (folder.parent / "secret.txt").write_text("1992"),
                     (folder / "rt-zas.txt").symlink_to(folder.parent / "secret.txt")), ("outside",)),
])
def test_a_file_gone_or_made_a_link_is_refused_as_in_a_full_run(sealed, damage, words):
    sources, claims = sealed
    before = claims.read_bytes()
    damage(sources)
    result = CliRunner().invoke(main, ["extract", "--sources", str(sources), "--out", str(claims)])
    assert result.exit_code == 2, result.output
    assert "sources.csv:" in result.output and all(w in result.output for w in words)
    assert claims.read_bytes() == before


@pytest.mark.parametrize("seal", ["{broken", '{"version": 1, "rules": "x"}', '{"version": 99}', "[]"])
def test_a_seal_of_another_version_or_damaged_is_planned_in_full(sealed, planned_in_full, seal):
    sources, claims = sealed
    db = sqlite3.connect(cache_path(claims))
    with db:
        db.execute("update meta set value = ? where key = 'seal'", (seal,))
    db.close()
    _append(sources / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n")
    assert extract(sources, claims).extracted == 1
    assert len(planned_in_full) == 1 and _seal(claims) != seal
