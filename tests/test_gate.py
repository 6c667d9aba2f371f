"""`provenance check` as a CI gate cannot be fooled: every check runs, --since hides no schema
problem, stale rows are judged by what they claim, the cache is never trusted in CI, and changes
to the accepted baseline or to a source and its hash are shown to the reviewer."""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from provenance.cli import main

from conftest import SEEDS, csv_rows, write_csv_rows


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """The seeds as a git repository whose gate passes, as in this project."""
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    data = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    for d in data["discrepancies"]:
        if d["kind"] == "contradiction":
            result = CliRunner().invoke(main, ["accept", d["id"], "--reason", "reviewed"])
            assert result.exit_code == 0, result.output
    (tmp_path / ".gitignore").write_text(".claims.csv.cache.sqlite\n.provenance.lock\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    assert check().exit_code == 0, check().output
    return tmp_path


def check(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


rows = csv_rows
write_rows = write_csv_rows


def codes(result) -> set[str]:
    return {p["code"] for p in json.loads(result.output)["problems"]}


@pytest.mark.slow
def test_since_shows_a_schema_problem_and_every_other_check_still_runs(repo):
    table = rows(repo / "claims.csv")
    founded = next(r for r in table if r["attribute"] == "founded" and r["value"] == "1992")
    founded["value"] = founded["value_low"] = founded["value_high"] = "1985"
    write_rows(repo / "claims.csv", table + [dict(table[0], claim_id="")])
    result = check("--since", "HEAD", "--format", "json")
    assert result.exit_code == 2
    assert {"missing-claim-id", "stale-changed"} <= codes(result)


@pytest.mark.slow
def test_a_value_that_is_not_what_its_quote_says_is_stale(repo):
    table = rows(repo / "claims.csv")
    killed = next(r for r in table if r["attribute"] == "killed" and r["value"] == "18")
    killed["value"] = killed["value_low"] = killed["value_high"] = "17"
    write_rows(repo / "claims.csv", table)
    result = check("--format", "json")
    assert result.exit_code == 1 and "stale-changed" in codes(result)


@pytest.mark.slow
def test_an_invented_row_with_a_note_is_stale(repo):
    table = rows(repo / "claims.csv")
    anchor = next(r for r in table if r["attribute"] == "killed")
    invented = dict(anchor, claim_id=anchor["claim_id"][:-3] + "zzz", value="4000", value_low="4000",
                    value_high="4000", note="trust me", digest="")
    write_rows(repo / "claims.csv", table + [invented])
    result = check("--format", "json")
    assert result.exit_code == 1 and "stale-extra" in codes(result)


def _poison_cache(repo) -> None:
    """Rows deleted from claims.csv and from the cache alike: only a fresh extraction sees it."""
    table = [r for r in rows(repo / "claims.csv") if not (r["attribute"] == "founded" and r["value"] == "1992")]
    write_rows(repo / "claims.csv", table)
    db = sqlite3.connect(repo / ".claims.csv.cache.sqlite")
    for source_id, stored in db.execute("select source_id, rows from extracted").fetchall():
        kept = [r for r in json.loads(stored) if not (r["attribute"] == "founded" and r["value"] == "1992")]
        db.execute("update extracted set rows = ? where source_id = ?", (json.dumps(kept), source_id))
    db.commit()
    db.close()


@pytest.mark.slow
def test_the_cache_is_not_trusted_in_ci(repo, monkeypatch):
    _poison_cache(repo)
    assert check().exit_code == 0  # a person's machine trusts its own cache
    monkeypatch.setenv("CI", "true")
    result = check("--format", "json")
    assert result.exit_code == 1 and "stale-missing" in codes(result)


@pytest.mark.slow
def test_a_committed_cache_is_ignored_with_a_warning(repo):
    _poison_cache(repo)
    (repo / ".gitignore").write_text("", encoding="utf-8")
    git(repo, "add", "-f", ".claims.csv.cache.sqlite")
    result = check()
    assert result.exit_code == 1 and "[stale-missing]" in result.output
    assert "tracked by git" in result.output


@pytest.mark.slow
def test_no_cache_extracts_afresh(repo):
    _poison_cache(repo)
    assert check("--no-cache").exit_code == 1


@pytest.mark.slow
def test_changes_to_the_baseline_and_to_a_rehashed_source_are_shown(repo):
    accepted = rows(repo / "reports" / "accepted.csv")
    accepted[0]["reason"] = "nothing to see here"
    write_rows(repo / "reports" / "accepted.csv", accepted)
    source = repo / "sources" / "france24-afp.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    manifest = rows(repo / "sources" / "sources.csv")
    for r in manifest:
        if r["source_id"] == "france24-afp":
            r["sha256"] = hashlib.sha256(source.read_bytes()).hexdigest()
    write_rows(repo / "sources" / "sources.csv", manifest)
    result = check("--since", "HEAD", "--format", "github")
    assert "::notice file=reports/accepted.csv,title=accepted-changed::" in result.output
    assert "nothing to see here" in result.output
    assert "::notice file=sources/sources.csv,line=3,title=source-changed::" in result.output


def _no_git(repo, monkeypatch):
    monkeypatch.setenv("PATH", str(repo / "no-programs-here"))


def _not_a_repository(repo, monkeypatch):
    shutil.rmtree(repo / ".git")  # a tarball of the project, say
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(repo.parent))


def _another_users(repo, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(repo.parent / "another-user"))  # whose key is not this one


def _unmarked(repo, monkeypatch):
    db = sqlite3.connect(repo / ".claims.csv.cache.sqlite")
    with db:
        db.execute("delete from meta where key = 'owner'")
    db.close()


def _a_copy(repo, monkeypatch):
    cache = repo / ".claims.csv.cache.sqlite"
    shutil.copy(cache, repo / "copy")  # the user's own cache, unpacked from an archive, say
    (repo / "copy").replace(cache)


@pytest.mark.slow
@pytest.mark.parametrize("git_fails", [_no_git, _not_a_repository])
@pytest.mark.parametrize("whose, trusted", [(None, True), (_another_users, False), (_unmarked, False), (_a_copy, False)],
                         ids=["this user's", "another user's", "unmarked", "a copy"])
def test_where_git_cannot_say_only_the_users_own_cache_is_trusted(repo, monkeypatch, git_fails, whose, trusted):
    _poison_cache(repo)
    if whose:
        whose(repo, monkeypatch)
    git_fails(repo, monkeypatch)
    result = check()
    if trusted:
        assert result.exit_code == 0, result.output  # a person's machine trusts its own cache
    else:
        assert result.exit_code == 1 and "[stale-missing]" in result.output
        assert ".claims.csv.cache.sqlite is ignored: git cannot say" in result.output
