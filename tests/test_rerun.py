"""A re-run after a few changed files looks only at them (rerun.py): it writes what a full run
writes, and anything its seal cannot vouch for is planned in full. A file is taken to be
unchanged while it shows the stamp seen of it (size, modification and status-change times,
inode), unless it was modified just before that stamp was taken; a file whose bytes are not
those its manifest row pins is named in a warning on every run."""
import csv
import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from provenance.incremental import cache as cache_module
from provenance.incremental import snapshot
from provenance.sources import manifest as sources_module
from provenance.incremental.cache import ExtractionCache, cache_path
from provenance.cli import main
from provenance.pipeline.job import extract

from conftest import csv_rows, write_csv_rows


def _append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def _unpin(folder):
    """The manifest without its sha256 pins: its files may change without a warning."""
    rows = csv_rows(folder / "sources.csv")
    write_csv_rows(folder / "sources.csv", [dict(r, sha256="") for r in rows])


@pytest.fixture
def sealed(seed_copy, tmp_path):
    """The seed articles (unpinned) extracted once: claims.csv written, the corpus sealed."""
    _unpin(seed_copy)
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def _edit_keeping_its_time(path, old, new, anew=False):
    """A same-size edit of a file, its modification time set back as it was (`touch -d`): in
    place, or written anew and renamed over it (as editors save)."""
    before = path.stat()
    data = path.read_bytes()
    assert len(old.encode()) == len(new.encode()) and old.encode() in data
    data = data.replace(old.encode(), new.encode(), 1)
    if anew:
        path.with_name(path.name + ".new").write_bytes(data)
        os.replace(path.with_name(path.name + ".new"), path)
    else:
        with open(path, "r+b") as f:
            f.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _values(claims, source_id):
    return {r["value"] for r in csv_rows(claims) if r["source_id"] == source_id}


@pytest.fixture
def long_before(monkeypatch):
    """Files count as modified long before any run looks at them (no racy file): what decides
    is the stamp alone."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


@pytest.mark.parametrize("anew", [False, True], ids=["in place", "written anew"])
def test_a_same_size_edit_with_its_old_time_restored_is_read_again(long_before, sealed, anew):
    sources, claims = sealed
    assert "2700" not in _values(claims, "rbth-litovkine")
    _edit_keeping_its_time(sources / "rbth-litovkine.txt", "2500", "2700", anew)
    assert extract(sources, claims).extracted == 1
    assert "2700" in _values(claims, "rbth-litovkine")
    assert extract(sources, claims).extracted == 0  # and looked at no more once its new stamp is kept


@pytest.fixture
def blind_stamps(monkeypatch):
    """A file system whose status-change time and inode tell nothing of an edit (Windows' st_ctime
    is the creation time): size and modification time alone show one."""
    def blind(found):
        return found.st_size, found.st_mtime_ns, 0, 0
    for module in (sources_module, snapshot, cache_module):
        monkeypatch.setattr(module, "stamp_of", blind)


def test_a_file_edited_in_the_tick_of_the_last_run_is_read_again(blind_stamps, seed_copy, tmp_path):
    """Git's racy entries: the files were written a moment before the run stat'ed them, so an
    edit in the same tick of the clock, of the same size, shows the same stamp; the run kept no
    stamp of them, and the next run hashes them and reads the one that changed."""
    _unpin(seed_copy)
    for text in seed_copy.glob("*.txt"):
        os.utime(text)  # written a moment before the run
    claims = tmp_path / "claims.csv"
    assert extract(seed_copy, claims).extracted == 5
    _edit_keeping_its_time(seed_copy / "rbth-litovkine.txt", "2500", "2700")
    assert extract(seed_copy, claims).extracted == 1
    assert "2700" in _values(claims, "rbth-litovkine")


@pytest.mark.parametrize("mtime, ctime, kept", [
    (-10**10, -10**10, True),         # modified ten seconds before the stamp was taken
    (-10**8, -10**10, False),         # a tenth of a second before: an edit in its tick would not show
    (-10**10, -10**8, False),         # its status changed just before (its time set back after an edit)
    (10**10, -10**10, False),         # a time in the future
])
def test_a_stamp_taken_just_after_a_change_is_kept_without_its_times(mtime, ctime, kept):
    since = 10**18
    stamp = (120, since + mtime, since + ctime, 7)
    assert cache_module.kept_stamp(stamp, since) == (stamp if kept else (120, None, None, None))


PINNED_CHANGES = {
    "appended": lambda folder: _append(folder / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n"),
    "same size, its time restored": lambda folder: _edit_keeping_its_time(folder / "rt-zas.txt", "de six membres",
                                                                          "de dix membres"),
    "the pin changed": lambda folder: write_csv_rows(folder / "sources.csv", [
        dict(r, sha256="0" * 64 if r["source_id"] == "rt-zas" else r["sha256"]) for r in csv_rows(folder / "sources.csv")]),
}


@pytest.mark.slow
@pytest.mark.parametrize("change", list(PINNED_CHANGES))
def test_run_names_a_file_whose_bytes_are_not_those_pinned_on_every_run(seed_copy, tmp_path, change):
    claims, reports = tmp_path / "claims.csv", tmp_path / "reports"
    command = ["run", "--sources", str(seed_copy), "--claims", str(claims), "--out", str(reports)]
    first = CliRunner().invoke(main, command)
    assert first.exit_code == 0 and "Warning" not in first.output, first.output
    PINNED_CHANGES[change](seed_copy)
    for _ in range(2):  # the next run too: it is not sealed as if nothing had changed
        again = CliRunner().invoke(main, command)
        assert again.exit_code == 0, again.output
        told = [line for line in again.output.splitlines() if line.startswith("Warning:")]
        assert len(told) == 1 and "rt-zas.txt" in told[0] and "sources.csv:6" in told[0], again.output
    if change == "appended":
        assert "12" in _values(claims, "rt-zas")
    if change == "same size, its time restored":
        assert "10" in _values(claims, "rt-zas") and "6" not in _values(claims, "rt-zas")  # not the old bytes' rows
    checked = CliRunner().invoke(main, ["check", "--claims", str(claims), "--sources", str(seed_copy),
                                        "--baseline", str(reports / "accepted.csv"), "--format", "json"])
    assert "sha256-mismatch" in {p["code"] for p in json.loads(checked.output)["problems"]}


def test_a_same_size_edit_of_claims_csv_with_its_time_restored_is_seen(long_before, sealed):
    """A person's decision in claims.csv ("extracted" -> "confirmed", as long) on a source that
    did not change, the file's time set back: the run does not take claims.csv for the file it
    wrote (whose layout it remembers, with no decision in that source's rows)."""
    sources, claims = sealed
    decided = next(r["claim_id"] for r in csv_rows(claims) if r["source_id"] == "france24-afp")
    line = next(line for line in claims.read_text(encoding="utf-8").splitlines() if line.startswith(decided + ","))
    _edit_keeping_its_time(claims, line, line.replace(",extracted,", ",confirmed,"))
    _append(sources / "rt-zas.txt", "\nAu moins 12 policiers ont été tués.\n")
    assert extract(sources, claims).kept_human == 1
    assert {r["claim_id"]: r["status"] for r in csv_rows(claims)}[decided] == "confirmed"


@pytest.mark.slow
def test_run_v_says_whether_the_run_was_quick_or_full_and_why(tmp_path, monkeypatch):
    """`run -v`: full the first time (no claims.csv yet) and after a person edits claims.csv; quick
    otherwise, with how many sources it looked at again; full without a cache, and why."""
    import shutil
    from conftest import SEEDS
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the files were copied this instant: trust their stamps
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)

    def plan(*options):
        result = CliRunner().invoke(main, ["run", *options])
        assert result.exit_code == 0, result.output
        return result.output.splitlines()[0]

    assert plan("-v") == "full: no claims.csv yet"
    assert plan("-v").startswith("quick: 0 of 5 sources looked at again")
    assert not plan().startswith(("quick", "full"))  # said only when asked
    _append(tmp_path / "claims.csv", "\n")
    assert plan("-v") == "full: claims.csv edited since the last run"
    assert plan("-v", "--no-cache").startswith("full: no extraction cache")
