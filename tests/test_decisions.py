"""A person's decisions in claims.csv survive every run, or the run stops (exit 2) and writes nothing.

Each test edits claims.csv as a person does in an editor: the text itself, not through pandas.
"""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from provenance.cli import main

from conftest import SEEDS, csv_rows, write_csv_rows


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract", "--no-cache"])
    assert result.exit_code == 0, result.output
    return tmp_path


def rows(project) -> list[dict]:
    return csv_rows(project / "claims.csv")


def write_rows(project, table: list[dict]) -> None:
    write_csv_rows(project / "claims.csv", table)


def run(*args):
    return CliRunner().invoke(main, [*args])


@pytest.mark.slow
@pytest.mark.parametrize("written", ["Confirmed", "confirmed ", " CONFIRMED"])
def test_a_status_is_read_whatever_its_case_and_spaces(project, written):
    table = rows(project)
    table[0]["status"], table[0]["note"] = written, "checked by the desk"
    write_rows(project, table)
    assert run("extract").exit_code == 0
    kept = {r["claim_id"]: r for r in rows(project)}[table[0]["claim_id"]]
    assert (kept["status"], kept["note"]) == ("confirmed", "checked by the desk")


@pytest.mark.slow
@pytest.mark.parametrize("command", [["extract"], ["run"], ["compare"]])
def test_an_unknown_status_stops_the_run_and_names_the_line(project, command):
    table = rows(project)
    table[3]["status"] = "approved"
    write_rows(project, table)
    before = (project / "claims.csv").read_bytes()
    result = run(*command)
    assert result.exit_code == 2
    assert "claims.csv:5:" in result.output and "approved" in result.output
    assert (project / "claims.csv").read_bytes() == before


def test_a_stray_quote_stops_the_run(project):
    text = (project / "claims.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[6] = lines[6].replace(",extracted,", ',"extracted,', 1)
    (project / "claims.csv").write_text("\n".join(lines), encoding="utf-8")
    result = run("extract")
    assert result.exit_code == 2, result.output
    assert "malformed CSV" in result.output
    assert (project / "claims.csv").read_text(encoding="utf-8") == "\n".join(lines)


def test_duplicate_rows_stop_the_run(project):
    table = rows(project)
    table[1]["note"] = "first note"
    copy = dict(table[1], note="second note")
    write_rows(project, table[:2] + [copy] + table[2:])
    result = run("extract")
    assert result.exit_code == 2
    assert "claims.csv:4:" in result.output and "duplicate-claim-id" in result.output


def test_a_corrected_value_is_a_persons_row(project):
    table = rows(project)
    i = next(i for i, r in enumerate(table) if r["attribute"] == "killed")
    table[i]["value"] = table[i]["value_low"] = table[i]["value_high"] = "18"
    table[i]["note"] = "the ministry's later toll"
    write_rows(project, table)
    assert run("extract").exit_code == 0
    kept = {r["claim_id"]: r for r in rows(project)}[table[i]["claim_id"]]
    assert (kept["value"], kept["status"], kept["note"]) == ("18", "manual", "the ministry's later toll")
    assert run("extract").exit_code == 0  # and it stays so
    assert {r["claim_id"]: r for r in rows(project)}[table[i]["claim_id"]]["value"] == "18"


def test_a_rules_change_is_not_a_persons_edit(project):
    """Rows the tool wrote are replaced by a new extraction: only a changed digest is a person's."""
    table = rows(project)
    table[0]["digest"] = ""  # written by an older version: nothing to tell an edit by
    table[0]["value"] = "1"
    write_rows(project, table)
    assert run("extract").exit_code == 0
    assert {r["claim_id"]: r for r in rows(project)}[table[0]["claim_id"]]["value"] != "1"


@pytest.mark.slow
@pytest.mark.parametrize("offset", ["²⁵¹", "١٢", "12.0", "-1"])
def test_an_offset_that_is_not_ascii_digits_is_bad_input(project, offset):
    table = rows(project)
    table[2]["start"] = offset
    write_rows(project, table)
    for command in (["check"], ["extract"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "bad-offset" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("opened,closed", [(2, 5), (1, 9), (3, 4)])
def test_a_stray_quote_that_another_closes_is_caught(project, opened, closed):
    """A quote opened in one row and closed by chance in a later one swallows the rows between."""
    lines = (project / "claims.csv").read_text(encoding="utf-8").split("\n")
    lines[opened] = lines[opened].replace(",extracted,", ',extracted,"', 1)
    lines[closed] = lines[closed].replace(",extracted,", ',extracted,x"', 1)
    (project / "claims.csv").write_text("\n".join(lines), encoding="utf-8")
    before = (project / "claims.csv").read_bytes()
    result = run("extract")
    assert result.exit_code == 2, result.output
    assert "stray quote" in result.output
    assert (project / "claims.csv").read_bytes() == before


def test_problems_name_the_physical_line_after_multiline_notes_and_blank_lines(project):
    """A note over three lines and a blank line: problems still point at the row's own line."""
    table = rows(project)
    table[0]["note"] = "first line\nsecond line\nthird line"
    table[3]["bound"] = "roughly"
    write_rows(project, table)
    text = (project / "claims.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(3, "")  # a blank line between records
    (project / "claims.csv").write_text("\n".join(lines), encoding="utf-8")
    import json
    result = run("check", "--format", "json")
    problems = [p for p in json.loads(result.output)["problems"] if p["code"] == "bad-bound"]
    physical = next(i for i, line in enumerate((project / "claims.csv").read_text(encoding="utf-8").split("\n"), 1)
                    if ",roughly," in line)
    assert [p["row"] for p in problems] == [physical]


@pytest.mark.slow
@pytest.mark.parametrize("status", ["manual", "confirmed", "rejected"])
def test_a_persons_own_row_without_a_quote_is_theirs_whatever_its_status(project, status):
    """A row a person added by hand (method manual, no quote), then confirmed or rejected, is still
    theirs: every command reads it, and it survives the run. An extracted row needs its quote."""
    table = rows(project)
    mine = dict.fromkeys(table[0], "")
    mine.update(claim_id="france24-afp.killed.by-phone", source_id="france24-afp", subject="Kazakhstan unrest 2022",
                attribute="killed", value="1", value_low="1", value_high="1", bound="exact", method="manual",
                status=status, note="from a phone call")
    write_rows(project, table + [mine])
    result = run("run")
    assert result.exit_code == 0, result.output
    kept = next(r for r in rows(project) if r["claim_id"] == mine["claim_id"])
    assert (kept["status"], kept["note"]) == (status, "from a phone call")
    table[0]["quote"] = ""
    write_rows(project, table + [mine])
    result = run("run")
    assert result.exit_code == 2 and "an extracted claim needs its quote" in result.output
