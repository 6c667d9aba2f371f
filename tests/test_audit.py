"""`provenance audit` (issue 30, begun): each source's record across the findings, with the
findings every figure rests on."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import SEEDS, write_source_dir
from provenance.cli import main


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return tmp_path


@pytest.mark.slow
def test_the_source_alone_on_each_contradiction_is_named_with_the_finding(seeds):
    found = json.loads((seeds / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 0, result.output
    profiles = {p["name"]: p for p in json.loads(result.stdout)}
    lone = [(d["id"], v["sources"][0]) for d in found if d["kind"] == "contradiction" and len(d["values"]) > 1
            for v in d["values"] if len(v["sources"]) == 1]
    assert lone
    for did, sid in lone:
        assert did in profiles[sid]["evidence"]["alone"], (did, sid)
    for p in profiles.values():
        assert p["alone"] == len(p["evidence"]["alone"]) <= p["findings"] == len(p["evidence"]["findings"])
        assert set(p["evidence"]["alone"]) <= set(p["evidence"]["findings"])
    ranked = [p["alone"] for p in json.loads(result.stdout)]
    assert ranked == sorted(ranked, reverse=True)  # who stands alone most often first


@pytest.mark.slow
def test_the_audit_reads_in_a_table_a_spreadsheet_and_by_outlet(seeds):
    table = CliRunner().invoke(main, ["audit"])
    assert table.exit_code == 0 and "who stands alone most often first" in table.output
    assert "rbth-litovkine" in table.output and "provenance audit --format json" in table.output
    sheet = CliRunner().invoke(main, ["audit", "--by", "outlet", "--format", "csv"])
    lines = sheet.stdout.splitlines()
    assert lines[0].startswith("name,outlet,sources,claims,findings,best_supported,alone")
    assert any(line.startswith('"France 24 (with AFP)"') or line.startswith("France 24 (with AFP)") for line in lines)
    one = json.loads(CliRunner().invoke(main, ["audit", "--source", "rt-zas", "--format", "json"]).stdout)
    assert [p["name"] for p in one] == ["rt-zas"]


def test_a_later_article_of_an_outlet_that_changes_its_own_figure_is_a_revision(tmp_path, monkeypatch):
    folder = write_source_dir(tmp_path, {
        "wire-1": "Kazakhstan: 164 people were killed in the unrest, officials said on 10 January 2022.",
        "wire-2": "Kazakhstan: 225 people were killed in the unrest, prosecutors said on 15 January 2022.",
        "daily": "Kazakhstan: 164 people were killed in the unrest, officials said on 10 January 2022.",
    }, language="en")
    rows = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    dated = {"wire-1": ("Wire", "2022-01-10"), "wire-2": ("Wire", "2022-01-15"), "daily": ("Daily", "2022-01-11")}
    out = [rows[0]]
    for line in rows[1:]:
        cells = line.split(",")
        outlet, published = dated[cells[0]]
        cells[4], cells[7] = outlet, published
        out.append(",".join(cells))
    (folder / "sources.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    profiles = {p["name"]: p for p in json.loads(CliRunner().invoke(main, ["audit", "--format", "json"]).stdout)}
    [revision] = profiles["wire-2"]["evidence"]["revisions"]
    assert (revision["outlet"], revision["earlier"], revision["said"], revision["says"]) == ("Wire", "wire-1", "164", "225")
    outlets = {p["name"]: p for p in json.loads(CliRunner().invoke(main, ["audit", "--by", "outlet", "--format",
                                                                          "json"]).stdout)}
    assert outlets["Wire"]["sources"] == 2 and outlets["Wire"]["revisions"] == 1
