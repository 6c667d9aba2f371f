"""The reports: the contract's JSON, Markdown, CSV and one self-contained HTML page."""
import csv
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
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")
    assert "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    assert "Content-Security-Policy" in page


def test_markdown_does_not_render_html(reports):
    text = (reports / "discrepancies.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text


def test_csv_neutralizes_formulas():
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    assert spreadsheet_safe("@SUM") == "'@SUM"
    assert spreadsheet_safe("17 policiers") == "17 policiers"


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
