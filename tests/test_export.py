"""`provenance export`: ClaimReview, Web Annotation, SQLite (opened by datasette over HTTP on
127.0.0.1), and filtered CSV / JSON, on the seeds."""
from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS, csv_rows
from provenance.cli import main
from provenance.compare import plain

# schema.org's vocabulary (release 12.0), cut to the types the ClaimReview export uses: each type's
# properties, inherited ones included, and each property's range (tests/data/schemaorg/).
VOCABULARY = json.loads((Path(__file__).parent / "data" / "schemaorg" / "vocabulary.json").read_text(encoding="utf-8"))
LITERALS = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Boolean"}


def _kinds(type_name: str) -> set[str]:
    """A type and the types it is a kind of (Claim: CreativeWork, Thing)."""
    out, todo = set(), [type_name]
    while todo:
        t = todo.pop()
        out.add(t)
        todo += VOCABULARY["types"].get(t, {}).get("subTypeOf", [])
    return out | {"Thing"}


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return tmp_path


def _valid_schema_org(node: dict) -> None:
    """Every property is one schema.org gives the node's type, and every value is of its range."""
    own = VOCABULARY["types"][node["@type"]]["properties"]
    assert set(node) - {"@type", "@context"} <= set(own), set(node) - set(own) - {"@type", "@context"}
    for key, value in node.items():
        if key.startswith("@"):
            continue
        for item in value if isinstance(value, list) else [value]:
            ranges = set(VOCABULARY["ranges"][key])
            if isinstance(item, dict):
                assert _kinds(item["@type"]) & ranges, (key, item["@type"], ranges)
                _valid_schema_org(item)
            else:
                assert ranges & LITERALS, (key, ranges)
                if isinstance(item, str) and "URL" in ranges and key == "url":
                    assert not item.startswith("urn:"), item


def test_claimreview_has_one_review_per_finding_with_every_appearance(project):
    result = CliRunner().invoke(main, ["export", "--format", "claimreview"])
    assert result.exit_code == 0, result.output
    assert "not an absolute address" in result.stderr  # said where the default, relative url is used
    reviews = json.loads(result.stdout)
    findings = json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    assert [r["identifier"] for r in reviews] == [d["id"] for d in findings]
    for review, d in zip(reviews, findings):
        assert review["@context"] == "https://schema.org"
        _valid_schema_org(review)
        # what a search engine requires of a ClaimReview
        assert review["url"] == f"reports/index.html#{d['id']}" and review["claimReviewed"]
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"] and rating["alternateName"]
        assert "_" not in review["claimReviewed"] and " or " in review["claimReviewed"]
        quotes = {plain(q["quote"]) for v in d["values"] for q in v["quotes"]}  # as read: no link markup
        assert quotes <= {a["text"] for a in review["itemReviewed"]["appearance"]}


def test_web_annotations_anchor_each_claim_in_its_source(project):
    result = CliRunner().invoke(main, ["export", "--format", "webannotation", "--source", "france24-afp"])
    collection = json.loads(result.output)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld" and collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    claims = [r for r in csv_rows(project / "claims.csv") if r["source_id"] == "france24-afp"]
    assert collection["total"] == len(items) == len(claims) > 0
    text = (project / "sources" / "france24-afp.txt").read_text(encoding="utf-8")
    for a in items:
        assert {"id", "type", "body", "target"} <= set(a) and a["type"] == "Annotation"
        quote, position = a["target"]["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert quote["prefix"] + quote["exact"] + quote["suffix"] in text
        assert all(b["type"] == "TextualBody" for b in a["body"])


def test_csv_and_json_are_filtered(project):
    out = CliRunner().invoke(main, ["export", "--format", "csv", "--attribute", "killed"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {r["attribute"] for r in rows} == {"killed"}
    data = json.loads(CliRunner().invoke(main, ["export", "--format", "json", "--source", "rt-zas"]).output)
    assert data["claims"] and {c["source_id"] for c in data["claims"]} == {"rt-zas"}


def test_sqlite_holds_the_project_with_keys_and_full_text_search(project):
    assert CliRunner().invoke(main, ["export", "--format", "sqlite", "--out", "claims.db"]).exit_code == 0
    db = sqlite3.connect(project / "claims.db")
    assert db.execute("select count(*) from claims").fetchone()[0] == len(csv_rows(project / "claims.csv"))
    assert db.execute("pragma foreign_key_check").fetchall() == []
    hits = {r[0] for r in db.execute("select claim_id from claims_fts where claims_fts match 'policiers'")}
    assert hits and all(".killed." in h for h in hits)
    joined = db.execute("select count(*) from finding_values v join claims c using (claim_id) "
                        "join findings f using (finding_id)").fetchone()[0]
    assert joined == db.execute("select count(*) from finding_values").fetchone()[0] > 0
    assert db.execute("select count(*) from events").fetchone()[0] >= 1
    # each source's profile, the same figures `provenance audit` gives, joined to its source
    audit = {p["name"]: p for p in json.loads(CliRunner().invoke(main, ["audit", "--format", "json"]).stdout)}
    profiles = {r[0]: r[1:] for r in db.execute("select s.source_id, p.findings, p.alone from source_profiles p "
                                                 "join sources s using (source_id)")}
    assert profiles and profiles == {sid: (p["findings"], p["alone"]) for sid, p in audit.items()}
    # who stands alone on each contradiction, as the report shows it, and a trust with its interval
    found = json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    lone = {(v["sources"][0], d["id"]) for d in found if d["kind"] == "contradiction" and len(d["values"]) > 1
            for v in d["values"] if v["independent_sources"] == 1 and len(v["sources"]) == 1}
    alone = set(db.execute("select source_id, finding_id from source_findings join findings using (finding_id) "
                           "where role = 'alone'"))
    assert lone and lone <= alone
    for low, trust, high in db.execute("select trust_low, trust, trust_high from source_profiles"):
        assert 0 <= low <= trust <= high <= 1


@pytest.mark.slow
def test_datasette_serves_the_database_on_localhost(project):
    assert CliRunner().invoke(main, ["export", "--format", "sqlite", "--out", "claims.db"]).exit_code == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", "claims.db", "-h", "127.0.0.1", "-p",
                               str(port)], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import urllib.request
        url = f"http://127.0.0.1:{port}/claims.json?sql=select+count(*)+as+n+from+findings&_shape=array"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    rows = json.load(answer)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not answer")
        findings = json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
        assert rows == [{"n": len(findings["discrepancies"])}]
        # datasette finds the full-text index of the quotes: its search box works
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/claims/claims.json?_search=policiers&_shape=array",
                                    timeout=10) as answer:
            hits = json.load(answer)
        assert hits and all(h["attribute"] == "killed" for h in hits)
    finally:
        server.terminate()
        server.wait(timeout=10)


HOSTILE_OUTLET = "France 24</script><script>alert(1)</script> <!-- & co"


def _set_outlet(project, outlet: str) -> None:
    from conftest import write_csv_rows
    rows = csv_rows(project / "sources" / "sources.csv")
    for r in rows:
        r["outlet"] = outlet
    write_csv_rows(project / "sources" / "sources.csv", rows)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    ["export", "--format", "claimreview"], ["export", "--format", "webannotation"], ["export", "--format", "json"],
    ["check", "--format", "json"], "reports/discrepancies.json",
])
def test_json_written_for_others_escapes_markup_and_keeps_the_data(project, command):
    """A page's og:site_name with </script> stays inert where the JSON is embedded (JSON-LD)."""
    _set_outlet(project, HOSTILE_OUTLET)
    from conftest import write_csv_rows
    claims = csv_rows(project / "claims.csv")
    claims[0]["note"] = "<b>seen</b> & checked"
    claims[1]["source_id"] = "<b>gone</b> & away"     # a problem for check to name
    write_csv_rows(project / "claims.csv", claims)
    text = ((project / command).read_text(encoding="utf-8") if isinstance(command, str)
            else CliRunner().invoke(main, command).stdout)
    assert not set("<>&") & set(text)
    assert "\\u003c/script\\u003e" in text or "\\u0026 checked" in text or "\\u0026 away" in text
    data = json.loads(text)
    said = json.dumps(data, ensure_ascii=False)
    assert HOSTILE_OUTLET in said or "<b>seen</b> & checked" in said or "<b>gone</b> & away" in said


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", " =1+1",
            "\n=1+1", "\n\n@SUM(A1)", "\u00a0-1"]


def test_export_csv_neutralises_every_formula(project):
    from conftest import write_csv_rows
    claims = csv_rows(project / "claims.csv")
    for row, formula in zip(claims, FORMULAS):
        row["note"] = formula
    write_csv_rows(project / "claims.csv", claims)
    result = CliRunner().invoke(main, ["export", "--format", "csv", "--out", "claims-export.csv"])
    assert result.exit_code == 0, result.output
    notes = {r["claim_id"]: r["note"] for r in csv_rows(project / "claims-export.csv")}
    assert [notes[r["claim_id"]] for r in claims[:len(FORMULAS)]] == ["'" + f for f in FORMULAS]
    assert notes[claims[len(FORMULAS)]["claim_id"]] == ""


ESCAPE = "\x1b]0;pwned\x07"     # retitles the terminal


def _exported(project, to_terminal: bool) -> bytes:
    """`export --format csv` run as a program, its output a terminal (a pseudo-terminal) or a pipe."""
    import os
    import pty
    command = [sys.executable, "-m", "provenance", "export", "--format", "csv"]
    if not to_terminal:
        return subprocess.run(command, cwd=project, capture_output=True, timeout=300).stdout
    main_end, program_end = pty.openpty()
    child = subprocess.Popen(command, cwd=project, stdout=program_end, stderr=subprocess.DEVNULL)
    os.close(program_end)
    out = b""
    while True:
        try:
            chunk = os.read(main_end, 65536)
        except OSError:  # the program closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main_end)
    assert child.wait(timeout=300) == 0
    return out


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
def test_export_to_a_terminal_shows_control_characters_escaped(project):
    from conftest import write_csv_rows
    claims = csv_rows(project / "claims.csv")
    claims[0]["note"] = f"seen {ESCAPE} here"
    write_csv_rows(project / "claims.csv", claims)
    shown = _exported(project, to_terminal=True)
    assert b"\x1b" not in shown and b"\x07" not in shown and b"seen \\x1b]0;pwned\\x07 here" in shown
    assert f"seen {ESCAPE} here".encode() in _exported(project, to_terminal=False)


# Notes holding what a terminal would run; click.echo strips the ESC [ … letter ones from a pipe.
CONTROL_NOTES = ["\x1b[2J", "red \x1b[31mRED\x1b[0m", ESCAPE, "bell \x07", "csi \x9b2J", "tab\there"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("to_file", [False, True], ids=["pipe", "file"])
def test_export_to_a_pipe_or_a_file_is_the_data_exactly(project, fmt, to_file):
    """Notes holding control characters come out of `export` to a pipe or a file as claims.csv
    holds them (to a terminal they are shown escaped, see above)."""
    from conftest import write_csv_rows
    claims = csv_rows(project / "claims.csv")
    for row, note in zip(claims, CONTROL_NOTES):
        row["note"] = note
    write_csv_rows(project / "claims.csv", claims)
    command = [sys.executable, "-m", "provenance", "export", "--format", fmt] + (["--out", "out"] if to_file else [])
    done = subprocess.run(command, cwd=project, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = (project / "out").read_bytes() if to_file else done.stdout
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8")))) if fmt == "csv" else json.loads(data)["claims"]
    notes = {r["claim_id"]: r["note"] for r in rows}
    assert [notes[r["claim_id"]] for r in claims[:len(CONTROL_NOTES)]] == CONTROL_NOTES


def test_claimreview_names_the_publishing_page_the_reviewer_and_no_made_up_address(project):
    result = CliRunner().invoke(main, ["export", "--format", "claimreview", "--review-url",
                                       "https://factcheck.example.org/csto", "--author", "Example Fact Check",
                                       "--publisher", "Example Media"])
    assert result.exit_code == 0, result.output
    reviews = json.loads(result.stdout)
    assert reviews and all(r["url"].startswith("https://factcheck.example.org/csto#d-") for r in reviews)
    assert {r["author"]["name"] for r in reviews} == {"Example Fact Check"}
    assert {r["publisher"]["name"] for r in reviews} == {"Example Media"}
    for r in reviews:
        _valid_schema_org(r)
        assert all(not a.get("url", "https://").startswith("urn:") for a in r["itemReviewed"]["appearance"])
    assert "urn:" not in result.output  # the seeds have no URL: their appearances have none, not a made-up one
