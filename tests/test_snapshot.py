"""A re-run takes an unchanged manifest from its snapshot, and checks in full anything the
snapshot cannot vouch for: the same sources either way, the same errors and warnings."""
import os

import pytest
from click.testing import CliRunner

import provenance.incremental.snapshot as snapshot
from provenance.cli import main
from provenance.plumbing.errors import ProvenanceError
from provenance.pipeline.job import extract
from provenance.incremental.snapshot import sources_through
from provenance.sources.manifest import load_sources


def _append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def _edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_manifest_is_taken_from_its_snapshot(seed_copy, monkeypatch):
    first, taken = sources_through(seed_copy, None)
    assert taken and first == load_sources(seed_copy, read=False)
    monkeypatch.setattr(snapshot, "load_sources", lambda *a, **k: pytest.fail("the manifest was checked again"))
    again, kept = sources_through(seed_copy, taken)
    assert kept is taken
    assert again == first
    assert [s.seen for s in again] == [s.seen for s in first]
    assert [s.path for s in again] == [s.path for s in first]


def test_a_changed_text_shows_in_its_size_and_time(seed_copy):
    first, taken = sources_through(seed_copy, None)
    _append(seed_copy / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n")
    again, _ = sources_through(seed_copy, taken)
    changed = {s.source_id for s, t in zip(first, again) if s.seen != t.seen}
    assert changed == {"rt-zas"}


@pytest.mark.parametrize("edit, words", [
    (lambda folder, tmp: (folder / "rt-zas.txt").unlink(), ("rt-zas.txt", "not found")),
    (lambda folder, tmp: ((folder / "rt-zas.txt").unlink(), (tmp / "secret.txt").write_text("1992", encoding="utf-8"),
                          (folder / "rt-zas.txt").symlink_to(tmp / "secret.txt")), ("outside",)),
    (lambda folder, tmp: _edit(folder / "sources.csv", ",fr,2022-01,", ",fr,last week,"), ("ISO 8601",)),
])
def test_what_the_snapshot_cannot_vouch_for_is_checked_in_full(seed_copy, tmp_path, edit, words):
    _, taken = sources_through(seed_copy, None)
    edit(seed_copy, tmp_path)
    with pytest.raises(ProvenanceError) as refused:
        sources_through(seed_copy, taken)
    assert "sources.csv" in refused.value.file
    for w in words:
        assert w in str(refused.value)


def test_an_unlisted_file_is_read_with_its_warning(seed_copy):
    _, taken = sources_through(seed_copy, None)
    (seed_copy / "extra-article.txt").write_text("The CSTO was founded in 2002 and has six members.", encoding="utf-8")
    with pytest.warns(UserWarning, match="extra-article.txt"):
        again, kept = sources_through(seed_copy, taken)
    assert "extra-article" in {s.source_id for s in again}
    assert kept is None  # an unlisted file is never in a snapshot: it is read every time


def test_a_language_guessed_from_a_text_takes_no_snapshot(seed_copy):
    _edit(seed_copy / "sources.csv", ",fr,2022", ",,2022")
    sources, taken = sources_through(seed_copy, None)
    assert taken is None and len(sources) == 5


def test_a_rerun_reads_the_changed_source_and_refuses_a_file_gone(seed_copy, tmp_path):
    claims = tmp_path / "claims.csv"
    assert extract(seed_copy, claims).extracted == 5
    _append(seed_copy / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n")
    again = extract(seed_copy, claims)
    assert again.extracted == 1
    assert list(again.sources) == load_sources(seed_copy, read=False)
    os.unlink(seed_copy / "france24-afp.txt")
    result = CliRunner().invoke(main, ["extract", "--sources", str(seed_copy), "--out", str(claims)])
    assert result.exit_code == 2, result.output
    assert "sources.csv:3:" in result.output and "france24-afp.txt" in result.output


def test_a_few_rows_are_read_where_they_start(seed_copy):
    _edit(seed_copy / "sources.csv", "rt-zas.txt", "rt-zas.txt")  # (a title with quotes and accents stays whole)
    _, taken = sources_through(seed_copy, None)
    key = snapshot.manifest_key(seed_copy)
    every = snapshot.rows_of(taken, key)
    assert snapshot.rows_at(taken, key, [3, 0]) == [every[3], every[0]]
    assert snapshot.rows_at(taken, {**key, "digest": "0" * 64}, [0]) is None  # another manifest's
