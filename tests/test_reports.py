"""The reports: the contract's JSON, Markdown, CSV and one self-contained HTML page."""
import csv
import io
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.report.writers import context_of, spreadsheet_safe

from conftest import write_source_dir

HOSTILE = ("<script>alert(1)</script> L'OTSC a été fondée en 1992. "
           "<img src=x onerror=alert(2)> [lien](javascript:alert(3)) =HYPERLINK(\"http://x\") Au moins 17 policiers ont été tués.")
OTHER = "L'OTSC a été fondée en 2002. Au moins 18 policiers ont été tués."


@pytest.fixture
def reports(tmp_path):
    folder = write_source_dir(tmp_path, {"evil": HOSTILE, "other": OTHER})
    manifest = folder / "sources.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "evil,evil.txt,,,,,", 'evil,evil.txt,"<script>alert(4)</script>",,"<b onmouseover=alert(6)>AFP</b>",javascript:alert(5),', 1),
        encoding="utf-8")
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["run", "--sources", str(folder), "--claims", str(tmp_path / "claims.csv"),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_json_follows_the_contract(reports):
    data = json.loads((reports / "discrepancies.json").read_text(encoding="utf-8"))
    assert {"generated_at", "claims", "sources", "discrepancies", "corroborations"} <= set(data)
    (d,) = [d for d in data["discrepancies"] if d["attribute"] == "founded"]
    assert {"id", "subject", "attribute", "qualifiers", "kind", "severity", "internal", "values", "explanation"} <= set(d)
    for v in d["values"]:
        assert {"value", "low", "high", "bound", "sources", "claim_ids"} <= set(v)


def test_html_escapes_source_text_and_titles(reports):
    import base64
    import hashlib
    import re
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")
    assert "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    # the page's scripts are its own two: the source ids (data) and the filter, allowed by its hash
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="source-ids"', ""]
    digest = base64.b64encode(hashlib.sha256(scripts[1][1].encode("utf-8")).digest()).decode()
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy


def test_markdown_does_not_render_html(reports):
    text = (reports / "discrepancies.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text


@pytest.mark.parametrize("cell,written", [
    ("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("-2+3", "'-2+3"), ("@SUM", "'@SUM"), ("+1", "'+1"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\n=1", "'\n=1"), ("  =1", "'  =1"), ("\r\n @SUM", "'\r\n @SUM"),
    ("\u00a0=1", "'\u00a0=1"),
    ("17 policiers", "17 policiers"), ("a = b", "a = b"), ("", ""), (None, ""),
])
def test_csv_neutralizes_formulas(cell, written):
    assert spreadsheet_safe(cell) == written


def test_a_cr_in_a_cell_cannot_start_a_row_of_its_own():
    """csv quotes only its line end's characters: a bare CR was written raw, and a spreadsheet
    that ends a row at a CR read the rest of the cell as a new row's first cell, a formula."""
    from provenance.report.writers import render_csv
    data = {"discrepancies": [{"id": "d-1", "kind": "contradiction", "severity": 1.0, "internal": False,
                               "subject": "s", "attribute": "killed", "qualifiers": "", "explanation": "x",
                               "values": [{"value": "1", "low": "1", "high": "1", "bound": "exact",
                                           "quotes": [{"source_id": "a", "claim_id": "c", "quote": "ok\r=cmd|' /C calc'!A0"}]}]}]}
    text = render_csv(data)
    rows = list(csv.reader(io.StringIO(text, newline="")))   # a reader that ends a row at a CR too
    assert len(rows) == 2 and rows[1][13] == "ok\r=cmd|' /C calc'!A0"
    assert text.endswith("\n") and not text.endswith("\r\n")


def test_csv_has_one_row_per_quote(reports):
    with open(reports / "discrepancies.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["discrepancy_id"].startswith("d-") for r in rows)
    assert {r["source_id"] for r in rows} == {"evil", "other"}


def test_context_is_the_surrounding_sentence():
    text = "Première phrase. Selon le bilan, 17 policiers ont été tués hier. Autre phrase."
    before, quote, after = context_of(text, text.index("17"), "17 policiers ont été tués")
    assert before == "Selon le bilan, " and quote == "17 policiers ont été tués" and after == " hier."


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (Debian package: chromium)")
def test_page_opens_in_chromium_without_console_errors(reports, tmp_path):
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium'}", "--enable-logging=stderr", "--v=1",
         "--dump-dom", (reports / "index.html").as_uri()],
        capture_output=True, text=True, timeout=120)
    assert "Where the sources disagree" in proc.stdout
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    # the hostile markup is text in the DOM, not elements
    assert "<script>alert" not in proc.stdout and "&lt;script&gt;alert" in proc.stdout
    assert "onerror=" not in proc.stdout.replace("onerror=alert(2)&gt;", "")
    assert "<b onmouseover" not in proc.stdout and 'href="javascript' not in proc.stdout


def test_a_rerun_with_nothing_new_leaves_the_reports_as_they_were(tmp_path, monkeypatch):
    """Only generated_at would change: the reports keep theirs, so git sees no change."""
    import shutil
    from click.testing import CliRunner
    from provenance.cli import main
    from conftest import SEEDS
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "reports").iterdir()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "reports").iterdir()} == before


def test_the_review_shows_in_every_report(tmp_path, monkeypatch):
    """A person's statuses and notes, and accepted contradictions with their reason, are shown."""
    import csv
    import io
    import json
    import shutil
    from click.testing import CliRunner
    from provenance.cli import main
    from conftest import SEEDS
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    data = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    d = next(d for d in data["discrepancies"] if d["kind"] == "contradiction")
    claim = d["values"][0]["claim_ids"][0]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "claims.csv").read_text(encoding="utf-8"))))
    for r in rows:
        if r["claim_id"] == claim:
            r["status"], r["note"] = "confirmed", "checked against the AFP wire"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "claims.csv").write_text(buf.getvalue(), encoding="utf-8")
    assert CliRunner().invoke(main, ["accept", d["id"], "--reason", "the treaty and the charter"]).exit_code == 0
    assert CliRunner().invoke(main, ["compare"]).exit_code == 0
    reports = tmp_path / "reports"
    after = json.loads((reports / "discrepancies.json").read_text(encoding="utf-8"))
    shown = next(x for x in after["discrepancies"] if x["id"] == d["id"])
    assert shown["accepted"]["reason"] == "the treaty and the charter"
    quote = next(q for v in shown["values"] for q in v["quotes"] if q["claim_id"] == claim)
    assert (quote["status"], quote["note"]) == ("confirmed", "checked against the AFP wire")
    for name in ("discrepancies.md", "discrepancies.csv", "index.html"):
        text = (reports / name).read_text(encoding="utf-8")
        assert "the treaty and the charter" in text and "checked against the AFP wire" in text, name


def test_a_quote_no_longer_in_its_source_is_marked_orphaned(tmp_path, monkeypatch):
    import json
    import shutil
    from click.testing import CliRunner
    from provenance.cli import main
    from conftest import SEEDS
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    data = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    quote = data["discrepancies"][0]["values"][0]["quotes"][0]
    assert quote["orphaned"] is False
    source = tmp_path / "sources" / f"{quote['source_id']}.txt"
    source.write_text(source.read_text(encoding="utf-8").replace(quote["quote"], "[removed]"), encoding="utf-8")
    assert CliRunner().invoke(main, ["compare"]).exit_code == 0
    after = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    marked = [q for d in after["discrepancies"] for v in d["values"] for q in v["quotes"]
              if q["claim_id"] == quote["claim_id"]]
    assert marked and all(q["orphaned"] for q in marked)
    assert "orphaned: no longer in the source" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_page_filters_searches_and_shows_one_source_in_chromium(tmp_path, monkeypatch, chromium):
    """The report's own script, allowed by its hash: menus, search, and #source= / #subject= views."""
    from conftest import SEEDS, watched
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    data = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    found = data["discrepancies"]
    page = watched(chromium.new_page())
    url = (tmp_path / "reports" / "index.html").as_uri()
    page.goto(url)
    assert page.inner_text("#shown") == f"{len(found)} of {len(found)} findings shown"
    visible = "section.card:not([hidden])"
    page.select_option("#filters select[name=kind]", "variance")
    assert page.locator(visible).count() == sum(d["kind"] == "variance" for d in found)
    page.click("#filters button[type=reset]")
    page.fill("#filters input[name=q]", "policiers")
    shown = page.locator(visible).all_inner_texts()
    assert shown and all("policiers" in t.lower() for t in shown)
    page.goto(url + "#source=rt-zas")
    page.wait_for_function("document.querySelector('#filters select[name=source]').value === 'rt-zas'")
    ids = {page.locator(visible).nth(i).get_attribute("id") for i in range(page.locator(visible).count())}
    assert ids == {d["id"] for d in found if any("rt-zas" in v["sources"] for v in d["values"])}
    page.goto(url + "#subject=CSTO")
    page.wait_for_function("document.querySelector('#filters select[name=subject]').value === 'CSTO'")
    assert page.locator(visible).count() == sum(d["subject"] == "CSTO" for d in found)
    assert page.errors == [] and page.dialogs == []


def test_accepted_findings_have_their_own_section_and_rejected_claims_a_count(tmp_path, monkeypatch):
    from conftest import SEEDS, csv_rows, write_csv_rows
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROVENANCE_REVIEWER", "Ana")
    runner = CliRunner()
    assert runner.invoke(main, ["run"]).exit_code == 0
    first = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"][0]
    assert runner.invoke(main, ["accept", first["id"], "--reason", "both are reported"]).exit_code == 0
    rows = csv_rows(tmp_path / "claims.csv")
    rows[0]["status"] = "rejected"
    write_csv_rows(tmp_path / "claims.csv", rows)
    assert runner.invoke(main, ["compare"]).exit_code == 0
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    to_review, accepted = page.split('<h2 id="accepted">')
    assert f'id="{first["id"]}"' in accepted and f'id="{first["id"]}"' not in to_review
    assert "by Ana: both are reported" in accepted
    assert "claims in claims.csv: " in page and "compared, 1 rejected by a person" in page
    markdown = (tmp_path / "reports" / "discrepancies.md").read_text(encoding="utf-8")
    assert first["id"] in markdown.split("## Accepted by a reviewer")[1]
    assert "71 claims in claims.csv: 70 compared, 1 rejected by a person." in markdown
    data = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert data["rejected_claims"] == 1
    assert rows[0]["claim_id"] not in {c for d in data["discrepancies"] for c in d["values"][0]["claim_ids"]}


def test_long_lists_on_the_page_are_capped_and_say_how_many_more():
    """A finding stated by hundreds of sources, with dozens of values, stays a card to read."""
    from provenance.report.writers import QUOTES_SHOWN, VALUES_SHOWN, render_html
    sources = [f"doc-{i:04d}" for i in range(300)]
    values = [{"value": str(v), "low": str(v), "high": str(v), "bound": "exact", "sources": sources[v * 10:v * 10 + 10],
               "claim_ids": [f"c{v}-{i}" for i in range(10)], "independent_sources": 10, "claimants": [], "claims": 10,
               "quotes": [{"source_id": s, "claim_id": f"c{v}-{i}", "quote": f"{v} members", "start": 0,
                           "context": ["", f"{v} members", ""], "orphaned": False, "status": "extracted", "note": ""}
                          for i, s in enumerate(sources[v * 10:v * 10 + 10])]} for v in range(30)]
    values[0]["sources"] = sources
    data = {"generated_at": "2026-01-01T00:00:00Z", "claims": 300, "sources": 300, "rejected_claims": 0,
            "discrepancies": [{"id": "d-1", "subject": "CSTO", "attribute": "member_count", "qualifiers": "",
                               "kind": "contradiction", "severity": 1.0, "internal": False, "values": values,
                               "explanation": "x", "notes": [], "related": [], "accepted": None}],
            "corroborations": [], "per_source": {s: {"claims": 1, "discrepancies": 1, "contradictions": 1}
                                                 for s in sources}, "source_meta": {}}
    page = render_html(data)
    assert page.count("<blockquote>") == VALUES_SHOWN * QUOTES_SHOWN
    assert f"and {30 - VALUES_SHOWN} more values" in page
    assert "and 292 more</summary>" in page and "and 252 more in discrepancies.json" in page
    assert "and 100 more sources" in page


def test_a_large_report_rendered_in_several_processes_is_the_same_report(tmp_path, monkeypatch):
    """Markdown, CSV and the page rendered by forked processes at once: the files one process writes."""
    from provenance.pipeline.job import compare
    from provenance.report import writers
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    from conftest import SEEDS
    shutil.copytree(SEEDS, tmp_path / "sources")
    result = CliRunner().invoke(main, ["extract", "--sources", str(tmp_path / "sources"), "--out",
                                       str(tmp_path / "claims.csv"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    compare(tmp_path / "claims.csv", tmp_path / "sources", tmp_path / "one")
    import multiprocessing
    import os
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("renderers are forked only where fork is")
    monkeypatch.setattr(writers, "PARALLEL_QUOTES", 0)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    from provenance.workers import local
    monkeypatch.setattr(local, "only_thread", lambda: True)  # the audit forked too, whatever threads earlier tests left
    compare(tmp_path / "claims.csv", tmp_path / "sources", tmp_path / "several")
    for name in ("discrepancies.json", "discrepancies.md", "discrepancies.csv", "index.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "several" / name).read_bytes(), name
