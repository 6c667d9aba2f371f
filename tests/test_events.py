"""events.csv: the events the tolls belong to, written by the tool, renamed, merged and pinned
by a person, and every toll filed under its event before comparison."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import csv_rows, write_csv_rows, write_source_dir
from provenance.cli import main

# One event told twice: a report at the time, and a look back a year later that names no year
# of its own (so the tool files it under the year of its publication).
AT_THE_TIME = "Kazakhstan: officials say 225 people were killed in the unrest."
A_YEAR_LATER = "Kazakhstan: a year on, families remember the 238 people who were killed in the unrest."


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_source_dir(tmp_path, {"at-the-time": AT_THE_TIME}, published="2022-01-16", language="en")
    later = tmp_path / "later.txt"
    later.write_text(A_YEAR_LATER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["sources", "add", str(later), "--id", "a-year-later", "--language", "en",
                                "--published", "2023-01-05"]).exit_code == 0
    assert runner.invoke(main, ["run"]).exit_code == 0
    return tmp_path


def _findings(root):
    return json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]


def test_the_tool_writes_the_events_it_reads(project):
    events = csv_rows(project / "events.csv")
    assert [(e["name"], e["kind"], e["country"], e["start"], e["status"]) for e in events] == [
        ("Kazakhstan unrest 2022", "unrest", "Kazakhstan", "2022", "extracted"),
        ("Kazakhstan unrest 2023", "unrest", "Kazakhstan", "2023", "extracted")]
    assert _findings(project) == []          # two events: their tolls are not compared


def test_a_persons_merge_files_both_tolls_under_one_event_and_survives_reruns(project):
    events = csv_rows(project / "events.csv")
    events[0].update(aliases="Kazakhstan unrest 2023", status="confirmed")
    write_csv_rows(project / "events.csv", events[:1])
    runner = CliRunner()
    for _ in range(2):
        assert runner.invoke(main, ["run"]).exit_code == 0
        assert {r["subject"] for r in csv_rows(project / "claims.csv") if r["attribute"] == "killed"} == \
            {"Kazakhstan unrest 2022"}
        assert [sorted(v["value"] for v in d["values"]) for d in _findings(project)] == [["225", "238"]]
        assert csv_rows(project / "events.csv")[0]["aliases"] == "Kazakhstan unrest 2023"
    check = runner.invoke(main, ["check"]).output
    assert "[stale" not in check                  # the check files tolls the same way


def test_a_source_pinned_to_an_event_in_sources_csv(project):
    manifest = csv_rows(project / "sources" / "sources.csv")
    for row in manifest:
        row["event"] = "Kazakhstan unrest 2022" if row["source_id"] == "a-year-later" else ""
    write_csv_rows(project / "sources" / "sources.csv", manifest)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    later = [r for r in csv_rows(project / "claims.csv") if r["source_id"] == "a-year-later"]
    assert {r["subject"] for r in later if r["attribute"] == "killed"} == {"Kazakhstan unrest 2022"}
    assert all(r["status"] == "extracted" for r in later)     # still the tool's rows, not a person's
    assert [e["name"] for e in csv_rows(project / "events.csv")] == ["Kazakhstan unrest 2022"]


def test_a_bad_events_file_is_bad_input(project):
    (project / "events.csv").write_text("event_id,name,status\nx,,extracted\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2 and "events.csv:2" in result.output and "needs a name" in result.output
