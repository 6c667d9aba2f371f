"""provenance check: real files in tmp_path, one situation per test."""
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from provenance.claims.table import write_claims
from conftest import read_claims
from provenance.cli import main

from conftest import write_source_dir

A = ("L'Organisation du traité de sécurité collective (OTSC) a été fondée en 1992 à Tachkent. "
     "Selon le ministère, 17 policiers et 26 manifestants ont été tués lors des émeutes.")
B = "Créée en 1992, l'OTSC compte six membres. Au moins 13 policiers ont été tués."


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_source_dir(tmp_path, {"a": A, "b": B})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 0, result.output
    return tmp_path


def check(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def codes(result):
    data = json.loads(CliRunner().invoke(main, ["check", "--format", "json"]).output)
    return sorted((p["row"], p["code"]) for p in data["problems"])


def test_clean_project_passes(project):
    result = check()
    assert result.exit_code == 0, result.output
    assert "0 problem(s)" in result.output


def test_tampered_source(project):
    path = project / "sources" / "a.txt"
    # one word changed: the founding sentence loses its quote; the later ones shift
    path.write_text(A.replace("fondée en 1992", "fondée vers 1992"), encoding="utf-8")
    result = check("--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    found = {p["code"] for p in problems}
    assert {"sha256-mismatch", "orphaned", "drifted", "stale-missing"} <= found
    (sha,) = [p for p in problems if p["code"] == "sha256-mismatch"]
    assert sha["file"].endswith("sources.csv") and sha["row"] == 2
    assert all(p["row"] for p in problems if p["code"] in ("orphaned", "drifted"))


def test_fix_reanchors_drifted_quotes(project):
    path = project / "sources" / "a.txt"
    path.write_text("Mise à jour du 8 janvier. " + A, encoding="utf-8")  # everything moves, nothing changes
    before = check("--format", "json")
    assert {p["code"] for p in json.loads(before.output)["problems"]} == {"sha256-mismatch", "drifted"}
    fixed = check("--fix")
    assert fixed.exit_code == 0, fixed.output
    table = read_claims(project / "claims.csv")
    text = path.read_text(encoding="utf-8")
    for row in table.to_dict("records"):
        if row["source_id"] == "a":
            assert text[int(row["start"]):int(row["end"])] == row["quote"]


def test_wrong_offsets_name_the_row(project):
    table = read_claims(project / "claims.csv")
    table.at[1, "start"] = str(int(table.at[1, "start"]) + 3)
    table.at[1, "end"] = str(int(table.at[1, "end"]) + 3)
    write_claims(table, project / "claims.csv")
    result = check()
    assert result.exit_code == 1
    assert "claims.csv:3: error [drifted]" in result.output


def test_new_contradiction_fails_until_accepted(project):
    new = project / "new.txt"
    new.write_text("The CSTO was founded in 2010, according to the new report.", encoding="utf-8")
    assert CliRunner().invoke(main, ["sources", "add", str(new), "--language", "en", "--published", "2022-01"]).exit_code == 0
    stale = check()
    assert stale.exit_code == 1 and "stale-missing" in stale.output  # claims.csv not re-extracted
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    result = check()
    assert result.exit_code == 1
    assert "unaccepted-contradiction" in result.output and "1992" in result.output and "2010" in result.output
    discrepancy_id = result.output.split("[unaccepted-contradiction]")[1].split(": ")[1]
    assert discrepancy_id.startswith("d-")
    accepted = CliRunner().invoke(main, ["accept", discrepancy_id, "--reason", "the new report is wrong; reported"])
    assert accepted.exit_code == 0, accepted.output
    assert check().exit_code == 0
    assert "the new report is wrong" in (project / "reports" / "accepted.csv").read_text(encoding="utf-8")


def test_accept_unknown_id_is_bad_input(project):
    result = CliRunner().invoke(main, ["accept", "d-0000000000", "--reason", "x"])
    assert result.exit_code == 2 and "no discrepancy" in result.output


@pytest.mark.parametrize("edit,words", [
    (lambda t: t.drop(columns=["bound"]), ["claims.csv:1:", "missing column", "bound"]),
    (lambda t: t.assign(value_low=["many"] + list(t["value_low"][1:])), ["claims.csv:2:", "bad-value", "value_low"]),
    (lambda t: t.assign(source_id=list(t["source_id"][:2]) + ["nowhere"] + list(t["source_id"][3:])),
     ["claims.csv:4:", "unknown-source", "nowhere"]),
    (lambda t: t.assign(value_low=["9"] + list(t["value_low"][1:]), value_high=["1"] + list(t["value_high"][1:])),
     ["claims.csv:2:", "low-above-high"]),
    (lambda t: t.assign(status=["maybe"] + list(t["status"][1:])), ["claims.csv:2:", "bad-status"]),
])
def test_malformed_claims_are_bad_input(project, edit, words):
    table = edit(read_claims(project / "claims.csv"))
    (project / "claims.csv").write_text(table.to_csv(index=False), encoding="utf-8")
    result = check()
    assert result.exit_code == 2, result.output
    for w in words:
        assert w in result.output


def test_github_annotations_point_at_lines(project):
    table = read_claims(project / "claims.csv")
    table.at[0, "start"] = "0"
    write_claims(table, project / "claims.csv")
    result = check("--format", "github")
    assert result.exit_code == 1
    assert "::error file=claims.csv,line=2,title=drifted::" in result.output


def test_junit_is_xml_with_a_failure_per_failing_check(project):
    table = read_claims(project / "claims.csv")
    table.at[0, "start"] = "0"
    write_claims(table, project / "claims.csv")
    result = check("--format", "junit", "--output", project / "check.xml")
    assert result.exit_code == 1
    root = ET.parse(project / "check.xml").getroot()
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"schema", "provenance", "staleness", "contradictions"}
    assert cases["provenance"].find("failure") is not None and cases["schema"].find("failure") is None


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_since_reports_only_what_changed(project):
    git(project, "init", "-q")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "add", "-A")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    # an old problem: a broken quote in source b, committed
    table = read_claims(project / "claims.csv")
    row_b = table.index[table["source_id"] == "b"][-1]
    table.at[row_b, "start"] = str(int(table.at[row_b, "start"]) + 1)
    table.at[row_b, "end"] = str(int(table.at[row_b, "end"]) + 1)
    write_claims(table, project / "claims.csv")
    git(project, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qam", "old problem")
    assert check().exit_code == 1
    assert check("--since", "HEAD").exit_code == 0  # nothing changed since: the old problem is not new
    # a new source that contradicts: reported
    (project / "c.txt").write_text("L'OTSC a été fondée en 2002.", encoding="utf-8")
    assert CliRunner().invoke(main, ["sources", "add", str(project / "c.txt"), "--published", "2022-01"]).exit_code == 0
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    result = check("--since", "HEAD")
    assert result.exit_code == 1
    assert "unaccepted-contradiction" in result.output
    assert "[drifted]" not in result.output  # the old problem stays out


def test_since_unknown_ref_is_bad_input(project):
    git(project, "init", "-q")
    result = check("--since", "no-such-ref")
    assert result.exit_code == 2 and "Error:" in result.output
