"""The review from the command line: show, accept --list / --revoke, sources remove."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS, csv_rows, write_csv_rows
from provenance.cli import main


@pytest.fixture
def ran(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROVENANCE_REVIEWER", "Ana Reviewer")
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return tmp_path


def _first_finding(root) -> dict:
    return json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"][0]


def test_show_a_claim_gives_its_quote_in_context_and_its_findings(ran):
    d = _first_finding(ran)
    cid = d["values"][0]["claim_ids"][0]
    row = next(r for r in csv_rows(ran / "claims.csv") if r["claim_id"] == cid)
    result = CliRunner().invoke(main, ["show", cid])
    assert result.exit_code == 0, result.output
    assert f"[[{' '.join(row['quote'].split())}]]" in " ".join(result.output.split())
    assert row["source_id"] in result.output and d["id"] in result.output


def test_show_a_finding_gives_every_value_and_its_acceptance(ran):
    d = _first_finding(ran)
    runner = CliRunner()
    assert runner.invoke(main, ["accept", d["id"], "--reason", "both reported"]).exit_code == 0
    result = runner.invoke(main, ["show", d["id"]])
    assert result.exit_code == 0
    assert all(f"value {v['value']} " in result.output for v in d["values"])
    assert "by Ana Reviewer: both reported" in result.output
    missing = runner.invoke(main, ["show", "d-0000000000"])
    assert missing.exit_code == 2 and "no claim or finding" in missing.output


def test_accept_lists_and_revokes_and_never_overwrites_silently(ran):
    did = _first_finding(ran)["id"]
    runner = CliRunner()
    assert runner.invoke(main, ["accept", did, "--reason", "first reason"]).exit_code == 0
    again = runner.invoke(main, ["accept", did, "--reason", "second reason"])
    assert again.exit_code == 2 and "--replace" in again.output
    listed = runner.invoke(main, ["accept", "--list"])
    assert listed.exit_code == 0 and did in listed.output and "first reason" in listed.output
    assert "Ana Reviewer" in listed.output
    revoked = runner.invoke(main, ["accept", "--revoke", did])
    assert revoked.exit_code == 0 and "first reason" in revoked.output
    assert csv_rows(ran / "reports" / "accepted.csv") == []
    assert runner.invoke(main, ["accept", "--revoke", did]).exit_code == 2
    assert runner.invoke(main, ["accept", did]).exit_code == 2                   # no reason
    assert runner.invoke(main, ["accept", "--list", "--revoke", did]).exit_code == 2   # one thing at a time


def test_removing_a_source_drops_its_claims_but_keeps_a_persons_as_orphans(ran):
    rows = csv_rows(ran / "claims.csv")
    mine = [r for r in rows if r["source_id"] == "rt-zas"]
    assert len(mine) >= 2
    mine[0]["status"], mine[0]["note"] = "confirmed", "checked"
    write_csv_rows(ran / "claims.csv", rows)
    runner = CliRunner()
    before = {p: p.read_bytes() for p in [ran / "claims.csv", *ran.joinpath("sources").iterdir()]}
    dry = runner.invoke(main, ["sources", "remove", "rt-zas", "--dry-run"])
    assert dry.exit_code == 0 and "would remove rt-zas" in dry.output and "nothing was removed" in dry.output
    assert f"{len(mine) - 1} extracted claims would be dropped" in dry.output
    assert {p: p.read_bytes() for p in before} == before  # nothing touched
    result = runner.invoke(main, ["sources", "remove", "rt-zas"])
    assert result.exit_code == 0, result.output
    assert f"{len(mine) - 1} extracted claims dropped" in result.output and "1 claims a person reviewed kept" in result.output
    left = [r for r in csv_rows(ran / "claims.csv") if r["source_id"] == "rt-zas"]
    assert [r["claim_id"] for r in left] == [mine[0]["claim_id"]]
    assert "rt-zas" not in (ran / "sources" / "sources.csv").read_text(encoding="utf-8")
    assert not list((ran / "sources").glob("rt-zas.*"))
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 1 and "[orphaned]" in check.output and mine[0]["claim_id"] in check.output
    assert runner.invoke(main, ["run"]).exit_code == 0                          # the run goes on
    assert mine[0]["claim_id"] in {r["claim_id"] for r in csv_rows(ran / "claims.csv")}
    gone = runner.invoke(main, ["sources", "remove", "rt-zas"])
    assert gone.exit_code == 2 and "no source 'rt-zas'" in gone.output


def test_a_new_value_keeps_the_findings_id_and_its_acceptance(ran):
    """A new source adds a founding year: the finding is the same disagreement, under the same
    id, with its reason; the acceptance does not cover the new year until a person renews it."""
    runner = CliRunner()
    founded = lambda: next(d for d in json.loads((ran / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
                           ["discrepancies"] if d["attribute"] == "founded")  # noqa: E731
    old = founded()
    assert runner.invoke(main, ["accept", old["id"], "--reason", "treaty 1992, charter 2002"]).exit_code == 0
    (ran / "extra.txt").write_text("L'OTSC a été fondée en 1994, selon ce récit.", encoding="utf-8")
    assert runner.invoke(main, ["sources", "add", "extra.txt", "--language", "fr", "--published", "2022-01"]).exit_code == 0
    assert runner.invoke(main, ["run"]).exit_code == 0
    new = founded()
    assert "1994" in [v["value"] for v in new["values"]] and new["id"] == old["id"]
    assert new["accepted"]["reason"] == "treaty 1992, charter 2002"
    assert new["accepted"]["since"]["stale"]
    checked = runner.invoke(main, ["check"]).output
    assert f"{old['id']} changed since it was accepted" in checked and "1994 from extra" in checked


def test_an_acceptance_under_an_id_no_longer_found_is_carried_not_retyped(ran):
    """An acceptance recorded under another id (an older version's, or a finding renamed):
    check names the finding it now is, and `accept --carry` moves its reason."""
    runner = CliRunner()
    current = next(d for d in json.loads((ran / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
                   ["discrepancies"] if d["attribute"] == "founded")
    (ran / "reports" / "accepted.csv").write_text(
        "discrepancy_id,reason,accepted_at,summary\n"
        "d-00000000aa,treaty 1992 and charter 2002,2026-01-01T00:00:00Z,CSTO: founded  1992 vs 2002\n", encoding="utf-8")
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 1
    assert f"provenance accept {current['id']} --carry d-00000000aa" in check.output
    assert "[accepted-unused]" not in check.output
    carried = runner.invoke(main, ["accept", current["id"], "--carry", "d-00000000aa"])
    assert carried.exit_code == 0, carried.output
    rows = csv_rows(ran / "reports" / "accepted.csv")
    assert [(r["discrepancy_id"], r["reason"], r["carried_from"]) for r in rows] == \
        [(current["id"], "treaty 1992 and charter 2002", "d-00000000aa")]
    assert f": {current['id']}: " not in runner.invoke(main, ["check"]).output
    wrong = runner.invoke(main, ["accept", current["id"], "--carry", "d-0000000000"])
    assert wrong.exit_code == 2 and "nothing to carry" in wrong.output


def test_the_terminal_summary_stays_short_however_big_the_findings(tmp_path, monkeypatch):
    """Hundreds of sources on a dozen values: the summary is a line a finding, no wider than the terminal."""
    from provenance.claims.record import COLUMNS
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    rows = []
    for i in range(600):
        year = str(1990 + i % 12)
        rows.append({**{c: "" for c in COLUMNS}, "claim_id": f"s{i:03d}.founded", "source_id": f"source-{i:03d}",
                     "subject": ["CSTO", "NATO", "SCO", "ASEAN", "AFISMA", "MINUSMA", "ECOWAS"][i % 7], "attribute": "founded", "value": year, "value_low": year,
                     "value_high": year, "bound": "exact", "unit": "year", "method": "manual", "status": "manual"})
    write_csv_rows(tmp_path / "claims.csv", rows)
    result = CliRunner().invoke(main, ["compare"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) < 25 and max(map(len, lines)) <= 100
    assert sum(line.startswith("d-") and "contradiction" in line for line in lines) == 7  # one a subject


@pytest.mark.slow
def test_the_terminal_at_80_columns_shows_each_open_finding_with_its_whole_id(seed_copy, tmp_path):
    """`provenance run` in a real terminal (a pty 80 columns wide): the open findings come first,
    each with its id whole, the accepted ones are counted, and the next step is said; no line is
    wider than the terminal."""
    import fcntl
    import json
    import pty
    import struct
    import subprocess
    import sys
    import termios
    (seed_copy.parent / "reports").mkdir(exist_ok=True)
    rows = csv_rows(ROOT / "reports" / "accepted.csv")
    write_csv_rows(seed_copy.parent / "reports" / "accepted.csv", rows[:2])  # four contradictions open again
    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "provenance", "run"], cwd=seed_copy.parent, stdin=child,
                            stdout=child, stderr=subprocess.DEVNULL, env=env)
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(parent, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=120) == 0
    import re
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8")).replace("\r", "")
    lines = text.split("wrote reports/index.html", 1)[1].splitlines()  # the summary after the paths
    assert max(len(line.rstrip()) for line in lines) <= 80
    found = json.loads((seed_copy.parent / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    accepted = {r["discrepancy_id"] for r in rows[:2]}
    open_ids = [d["id"] for d in found["discrepancies"] if d["id"] not in accepted]
    assert open_ids and all(any(line.startswith(i + " ") for line in lines) for i in open_ids[:10])
    assert "Contradictions: 4 open, 2 accepted as they stand" in text
    assert "Next: review them in reports/index.html" in text


def test_accepting_says_whose_name_is_recorded_and_where_it_came_from(ran, monkeypatch):
    did = _first_finding(ran)["id"]
    monkeypatch.setenv("PROVENANCE_REVIEWER", "Ana Reviewer")
    said = CliRunner().invoke(main, ["accept", did, "--reason", "both reported"])
    assert said.exit_code == 0, said.output
    assert "recorded as accepted by Ana Reviewer: the name from $PROVENANCE_REVIEWER" in said.output
    monkeypatch.delenv("PROVENANCE_REVIEWER")
    again = CliRunner().invoke(main, ["accept", did, "--reason", "another reason", "--replace"])
    assert "the name from git config user.name" in again.output or "the name from the login name" in again.output


def test_review_from_the_terminal_refuses_a_value_its_quote_does_not_state(ran):
    """`provenance review` corrects as the app does: 2700 on 'formé en 1992' is refused, nothing
    written; the year it states is taken; a range is corrected by both its ends."""
    rows = csv_rows(ran / "claims.csv")
    founded = next(r for r in rows if r["attribute"] == "founded" and r["quote"].endswith("1992"))
    before = (ran / "claims.csv").read_bytes()
    refused = CliRunner().invoke(main, ["review", founded["claim_id"], "--value", "2700"])
    assert refused.exit_code == 2 and "the row says 2700" in refused.output and "--in-words" in refused.output
    assert (ran / "claims.csv").read_bytes() == before
    both = CliRunner().invoke(main, ["review", founded["claim_id"], "--value", "1992", "--status", "confirmed"])
    assert both.exit_code == 2 and "in a second call" in both.output
    taken = CliRunner().invoke(main, ["review", founded["claim_id"], "--status", "confirmed", "--note", "the treaty's year"])
    assert taken.exit_code == 0, taken.output
    row = next(r for r in csv_rows(ran / "claims.csv") if r["claim_id"] == founded["claim_id"])
    assert (row["value"], row["status"], row["note"]) == ("1992", "confirmed", "the treaty's year")
    vouched = CliRunner().invoke(main, ["review", founded["claim_id"], "--value", "2700", "--in-words",
                                        "--note", "two thousand seven hundred, in words"])
    assert vouched.exit_code == 0, vouched.output
    row = next(r for r in csv_rows(ran / "claims.csv") if r["claim_id"] == founded["claim_id"])
    assert row["note"] == "[value in words] two thousand seven hundred, in words"  # the marker kept with the note
    ranged = next(r for r in rows if r["bound"] == "range" and r["value_high"] == "22000")
    one = CliRunner().invoke(main, ["review", ranged["claim_id"], "--value", "22000", "--bound", "exact"])
    assert one.exit_code == 0, one.output
    fixed = CliRunner().invoke(main, ["review", ranged["claim_id"], "--low", "17000", "--high", "22000",
                                      "--bound", "range"])
    assert fixed.exit_code == 0, fixed.output
    row = next(r for r in csv_rows(ran / "claims.csv") if r["claim_id"] == ranged["claim_id"])
    assert (row["value"], row["value_low"], row["value_high"], row["status"]) == ("17000", "17000", "22000", "manual")
    wrong_end = CliRunner().invoke(main, ["review", ranged["claim_id"], "--low", "17000", "--high", "99000"])
    one_end = CliRunner().invoke(main, ["review", ranged["claim_id"], "--value", "22000"])
    assert one_end.exit_code == 2 and "corrected by its two ends" in one_end.output
    assert wrong_end.exit_code == 2 and "nothing was written" in wrong_end.output
    nothing = CliRunner().invoke(main, ["review", ranged["claim_id"]])
    assert nothing.exit_code == 2 and "say what to do" in nothing.output
