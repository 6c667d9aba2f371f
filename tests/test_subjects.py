"""subjects.csv: the subjects claims name that are not events (organisations, treaties,
operations), written by the tool, renamed and merged by a person, every claim filed under the
name they say before comparison; and no finding about a subject no claim names."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import csv_rows, write_csv_rows
from provenance.cli import main

# One alliance's founding told in English and in French, and another organisation's: the
# gazetteer knows them, so each text names them as the tool does ("NATO", "SCO"); the toll is
# an event's, for events.csv alone.
TEXTS = {
    "alpha": ("en", "Alpha article", "NATO was founded in 1949 in Washington. "
                                      "Kazakhstan: officials say 225 people were killed in the unrest."),
    "beta": ("fr", "Article bêta", "L'OTAN a été fondée en 1950 à Washington."),
    "gamma": ("en", "Gamma report", "The SCO was founded in 2001 in Shanghai."),
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    folder = tmp_path / "sources"
    folder.mkdir()
    manifest = []
    for sid, (language, title, text) in TEXTS.items():
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        manifest.append({"source_id": sid, "file": f"{sid}.txt", "title": title, "language": language,
                         "published": "2022-01-16"})
    write_csv_rows(folder / "sources.csv", manifest)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return tmp_path


def _findings(root):
    found = json.loads((root / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    return [(d["subject"], d["attribute"], sorted(v["value"] for v in d["values"])) for d in found]


def _subjects(root):
    return [(s["subject_id"], s["name"], s["kind"], s["aliases"], s["sources"], s["status"])
            for s in csv_rows(root / "subjects.csv")]


def _founded(root):
    return {r["claim_id"]: r for r in csv_rows(root / "claims.csv") if r["attribute"] == "founded"}


def _confirm(root, **fields):
    """A person's edit of the first row of subjects.csv (NATO's), marked confirmed."""
    rows = csv_rows(root / "subjects.csv")
    rows[0].update(fields, status="confirmed")
    write_csv_rows(root / "subjects.csv", rows)


def test_the_tool_writes_the_subjects_it_reads(project):
    assert _subjects(project) == [("nato", "NATO", "org", "", "alpha;beta", "extracted"),
                                  ("sco", "SCO", "org", "", "gamma", "extracted")]
    events = [e["name"] for e in csv_rows(project / "events.csv")]
    assert len(events) == 1 and "unrest 2022" in events[0]   # the toll's subject is an event, not a subject
    assert _findings(project) == [("NATO", "founded", ["1949", "1950"])]


def test_a_persons_rename_and_merge_survive_reruns(project):
    before = _founded(project)
    _confirm(project, name="North Atlantic Treaty Organization", aliases="SCO")  # id kept: a rename
    runner = CliRunner()
    for _ in range(2):
        assert runner.invoke(main, ["run"]).exit_code == 0
        founded = _founded(project)
        assert set(founded) == set(before)                    # the same claims, the same ids
        assert {r["subject"] for r in founded.values()} == {"North Atlantic Treaty Organization"}
        assert all(r["status"] == "extracted" for r in founded.values())  # still the tool's rows
        assert _subjects(project) == [("nato", "North Atlantic Treaty Organization", "org", "SCO",
                                       "alpha;beta;gamma", "confirmed")]
        # the merge makes the SCO's founding one finding with NATO's
        assert _findings(project) == [("North Atlantic Treaty Organization", "founded", ["1949", "1950", "2001"])]
    assert "[stale" not in runner.invoke(main, ["check"]).output  # the check files claims the same way


def test_review_decisions_survive_a_rename(project):
    rows = csv_rows(project / "claims.csv")
    noted = next(r for r in rows if r["source_id"] == "alpha" and r["attribute"] == "founded")
    confirmed = next(r for r in rows if r["source_id"] == "beta")
    noted["note"], confirmed["status"] = "checked with the NATO archive", "confirmed"
    write_csv_rows(project / "claims.csv", rows)
    _confirm(project, name="North Atlantic Treaty Organization")
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    after = _founded(project)
    assert after[noted["claim_id"]]["note"] == "checked with the NATO archive"
    assert after[noted["claim_id"]]["subject"] == "North Atlantic Treaty Organization"
    assert after[confirmed["claim_id"]] == confirmed  # a person's row stays as they left it


@pytest.mark.slow
@pytest.mark.parametrize("table, line, words", [
    ("subject_id,name,kind,colour,status\nnato,NATO,org,blue,extracted\n", 1, "unknown column(s) 'colour'"),
    ("subject_id,name,status\nnato,NATO,checked\n", 2, "status 'checked' is not one of"),
    ("subject_id,name,status\nnato,,confirmed\n", 2, "a subject needs a name"),
    ("subject_id,name,aliases,status\nnato,NATO,OTAN|SCO,confirmed\nsco,Shanghai Org,SCO,confirmed\n", 3,
     "alias 'SCO' is claimed by two rows: line 2 files it under 'NATO'"),
    ("subject_id,name,aliases,status\na,Arab League,Ligue arabe,confirmed\nl,Ligue arabe,Arab League,confirmed\n", 2,
     "the renames loop: Ligue arabe -> Arab League -> Ligue arabe"),
    ("subject_id,name,status\nnato,NATO,confirmed\nnato,OTAN,manual\n", 3, "subject_id 'nato' is also line 2's"),
])
def test_a_bad_subjects_file_is_bad_input(project, table, line, words):
    (project / "subjects.csv").write_text(table, encoding="utf-8")
    before = {name: (project / name).read_bytes() for name in ("claims.csv", "events.csv", "subjects.csv")}
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2 and f"subjects.csv:{line}:" in result.output and words in result.output, \
        result.output
    assert "Traceback" not in result.output
    assert {name: (project / name).read_bytes() for name in before} == before  # nothing written


def test_an_orphaned_confirmed_row_is_kept(project):
    rows = csv_rows(project / "subjects.csv")
    orphan = {"subject_id": "arab-league", "name": "Arab League", "kind": "org", "aliases": "Ligue arabe",
              "sources": "alpha", "status": "confirmed"}
    write_csv_rows(project / "subjects.csv", rows + [orphan])
    for _ in range(2):
        assert CliRunner().invoke(main, ["run"]).exit_code == 0
        assert _subjects(project)[0] == ("arab-league", "Arab League", "org", "Ligue arabe", "", "confirmed")


def test_a_claim_naming_no_subject_is_named_in_the_report(project):
    """Two unnamed organisations' foundings in one source are one finding, named from the attribute's
    subject kind and the source; an unnamed one in another source is not the same organisation."""
    rows = csv_rows(project / "claims.csv")
    template = next(r for r in rows if r["attribute"] == "founded")
    by_hand = [dict(template, claim_id=f"{sid}.by-hand.{value}", source_id=sid, subject="", value=value,
                    value_low=value, value_high=value, status="manual", digest="")
               for sid, value in (("gamma", "1990"), ("gamma", "1991"), ("beta", "1995"))]
    write_csv_rows(project / "claims.csv", rows + by_hand)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    assert ("(organisation not named) in Gamma report", "founded", ["1990", "1991"]) in _findings(project)
    assert all(subject for subject, _, _ in _findings(project))
    assert "### 1. When “(organisation not named) in Gamma report” was founded" in \
        (project / "reports" / "discrepancies.md").read_text(encoding="utf-8")
