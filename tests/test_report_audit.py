"""The reports' Audit section (issue 30): each source's and outlet's record, who stands alone on
each contradiction, the copy groups and the method, on the page and in the Markdown, every count
linked to the findings it rests on."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from provenance.audit import COLUMNS
from provenance.cli import main
from provenance.report.writers import _md_cell, render_html, render_markdown

from conftest import watched


def _reports(folder) -> tuple[dict, str, str]:
    out = folder / "reports"
    return (json.loads((out / "discrepancies.json").read_text(encoding="utf-8")),
            (out / "index.html").read_text(encoding="utf-8"), (out / "discrepancies.md").read_text(encoding="utf-8"))


def _lone(data: dict) -> list[tuple[str, str]]:
    """(finding, source) for each value of a contradiction that one source alone gives."""
    return [(d["id"], v["sources"][0]) for d in data["discrepancies"] if d["kind"] == "contradiction"
            for v in d["values"] if len(v["sources"]) == 1 and v["independent_sources"] == 1]


def _table(page, table_id: str) -> list[dict]:
    """The rows of one of the page's tables: column key -> (the cell's text, its links' targets)."""
    table = page.get_element_by_id(table_id)
    keys = [th.get("data-key") for th in table.xpath("./thead/tr/th")]
    return [{k: (td.text_content().strip(), [a.get("href") for a in td.iter("a")]) for k, td in zip(keys, tr.xpath("./td"))}
            for tr in table.xpath("./tbody/tr")]


def _md_table(md: str, heading: str) -> list[dict]:
    """The rows of a Markdown table under `heading`: heading label -> cell text."""
    lines = md.split(f"\n{heading}\n", 1)[1].strip().splitlines()
    rows = [re.split(r"(?<!\\)\|", line)[1:-1] for line in lines[:next(i for i, x in enumerate(lines) if not x)]]
    labels = [c.strip() for c in rows[0]]
    return [dict(zip(labels, (c.strip() for c in row))) for row in rows[2:]]


@pytest.mark.slow
def test_the_audit_section_names_who_is_alone_beside_each_finding_and_agrees_with_provenance_audit(seed_project):
    data, page, md = _reports(seed_project)
    audit = data["audit"]
    lone = _lone(data)
    assert lone
    # the page: the section is in the contents, each lone source beside a link to its finding's card
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//nav[@class='toc']//a[@href='#audit']") and doc.get_element_by_id("audit").tag == "h2"
    items = doc.xpath("//h3[@id='audit-alone']/following-sibling::ul[1]/li")
    for did, sid in lone:
        assert doc.get_element_by_id(did).tag == "section"
        assert any(f"#{did}" in [a.get("href") for a in li.iter("a")] and sid in li.text_content() for li in items), (did, sid)
    # the Markdown: the same, under "## Audit"
    section = md.split("\n## Audit\n", 1)[1]
    said = section.split("### Alone on each contradiction", 1)[1].split("\n### ", 1)[0].splitlines()
    for did, sid in lone:
        assert any(f"`{did}`" in line and _md_cell(sid) in line for line in said), (did, sid)
    # the JSON's records are `provenance audit`'s, by source and by outlet
    for by, rows in (("source", audit["sources"]), ("outlet", audit["outlets"])):
        result = CliRunner().invoke(main, ["audit", "--by", by, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert rows == json.loads(result.stdout)
    # each count of the page's table links to the findings it rests on; the Markdown says the same counts
    by_name = {p["name"]: p for p in audit["sources"]}
    shown = _table(doc, "audit-by-source")
    assert [row["name"][0] for row in shown] == [p["name"] for p in audit["sources"]]
    written = _md_table(section, "### By source")
    assert len(written) == len(shown)
    for row, line in zip(shown, written):
        p = by_name[row["name"][0]]
        for key in ("findings", "best_supported", "alone"):
            assert row[key][1] == [f"#{f}" for f in p["evidence"][key]] and row[key][0].startswith(str(p[key]))
        assert row["trust"][0].startswith(f"{p['trust']:.2f} ({p['trust_low']:.2f}–{p['trust_high']:.2f})")
        assert (line["source"], line["alone"], line["trust"][:4]) == (_md_cell(p["name"]), str(p["alone"]),
                                                                       f"{p['trust']:.2f}")
    assert [row["name"][0] for row in _table(doc, "audit-by-outlet")] == [o["name"] for o in audit["outlets"]]
    assert audit["method"] in md.replace("\\", "") and "Trust ranks sources; it does not decide" in page


@pytest.mark.slow
def test_the_audit_tables_sort_and_their_links_lead_to_the_findings_in_chromium(seed_project, chromium):
    """The sortable tables' script runs under the page's CSP (joined to the filters' in its one
    script): a heading sorts, again reverses; a finding's link brings its card to the top."""
    data, _, _ = _reports(seed_project)
    page = watched(chromium.new_page())
    refused = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto((seed_project / "reports" / "index.html").as_uri())
    keys = page.eval_on_selector_all("#audit-by-source thead th", "ths => ths.map(th => th.dataset.key)")
    alone, name = keys.index("alone"), keys.index("name")

    def column(i: int) -> list:
        return page.eval_on_selector_all("#audit-by-source tbody tr",
                                         f"rows => rows.map(r => r.cells[{i}].dataset.sort || r.cells[{i}].textContent)")
    page.click("#audit-by-source th[data-key=name]")      # away from the order it is written in
    assert column(name) == sorted(column(name), reverse=True)
    heading = page.locator("#audit-by-source th[data-key=alone]")
    heading.click()
    assert [float(x) for x in column(alone)] == sorted((float(x) for x in column(alone)), reverse=True)
    assert heading.get_attribute("aria-sort") == "descending"
    heading.click()
    counts = [float(x) for x in column(alone)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert heading.get_attribute("aria-sort") == "ascending"
    did = _lone(data)[0][0]
    page.click(f"#audit-alone + ul.alone a[href='#{did}']")
    assert page.evaluate("location.hash") == f"#{did}"
    assert page.evaluate("document.querySelector(':target').id") == did
    top = page.evaluate(f"document.getElementById('{did}').getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight") and page.evaluate("scrollY") > 0
    page.locator("#audit-by-source tbody tr").first.locator("td").nth(alone).locator("summary").click()
    link = page.locator("#audit-by-source tbody tr").first.locator("td").nth(alone).locator("a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.evaluate("document.querySelector(':target').id") == target[1:]
    assert page.errors == [] and page.dialogs == [] and refused == []


HOSTILE_ID = "<script>alert(1)</script>|x"
HOSTILE_PASSAGE = "<script>alert(2)</script> | a | b [link](javascript:alert(3))"
HOSTILE_OUTLET = "<b onmouseover=alert(4)>AFP</b>|"


def _hostile_report() -> dict:
    """A report whose audit names a source and quotes a passage that are markup and table pipes."""
    row = {"name": HOSTILE_ID, "outlet": HOSTILE_OUTLET, "claims": 2, "findings": 1,
           "best_supported": 0, "alone": 1, "trust": 0.4, "trust_low": 0.1, "trust_high": 0.8, "few_findings": True,
           "disagrees_most_with": "other| (1)", "agrees_most_with": "", "revisions": 0, "copy_of": "other",
           "evidence": {"findings": ["d-1"], "best_supported": [], "alone": ["d-1"], "disagrees": {"other": 1},
                        "agrees": {}, "revisions": [], "copied_by": []}}
    value = {"value": "17", "low": "17", "high": "17", "bound": "exact", "sources": [HOSTILE_ID], "claim_ids": ["c1"],
             "independent_sources": 1, "claimants": [], "claims": 1,
             "quotes": [{"source_id": HOSTILE_ID, "claim_id": "c1", "quote": "17", "start": 0,
                         "context": ["", "17", ""], "orphaned": False, "status": "extracted", "note": ""}]}
    columns = [{"key": k, "label": label} for k, label in COLUMNS]
    return {"generated_at": "2026-01-01T00:00:00Z", "claims": 2, "sources": 2, "rejected_claims": 0,
            "discrepancies": [{"id": "d-1", "subject": "CSTO", "attribute": "killed", "qualifiers": "",
                               "kind": "contradiction", "severity": 1.0, "internal": False,
                               "values": [value, {**value, "value": "18", "low": "18", "high": "18",
                                                  "sources": ["other"]}],
                               "explanation": "x", "notes": [], "related": [], "accepted": None}],
            "corroborations": [], "per_source": {HOSTILE_ID: {"claims": 1, "discrepancies": 1, "contradictions": 1}},
            "source_meta": {},
            "audit": {"columns": columns, "method": "Trust ranks <i>sources</i>.", "sources": [row],
                      "outlets": [{**row, "name": row["outlet"]}],
                      "alone": [{"finding": "d-1", "attribute": "killed", "subject": "CSTO",
                                 "alone": [{"value": "17", "sources": [HOSTILE_ID]}]}],
                      "copies": [{"original": "other", "copies": [HOSTILE_ID],
                                  "passages": [{"source": HOSTILE_ID, "repeats": "other", "passage": HOSTILE_PASSAGE,
                                                "claims": 1}]}]}}


def test_a_source_id_or_passage_of_markup_and_pipes_is_text_in_the_audit_section():
    data = _hostile_report()
    page = render_html(data)
    section = page.split('<h2 id="audit">', 1)[1]
    assert "<script>alert" not in page and "<b onmouseover" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;|x" in section and "&lt;script&gt;alert(2)&lt;/script&gt; | a" in section
    assert "few findings: wide interval" in section and "0.40 (0.10–0.80)" in section
    doc = lxml_html.fromstring(page)
    (row,) = _table(doc, "audit-by-source")
    assert row["name"][0] == HOSTILE_ID and row["alone"][1] == ["#d-1"]
    md = render_markdown(data)
    section = md.split("\n## Audit\n", 1)[1]
    assert "<script>" not in md and "<b " not in md and "<i>" not in md
    assert not re.search(r"(?<!\\)\]\(javascript", md)
    (by_source,), (by_outlet,) = _md_table(section, "### By source"), _md_table(section, "### By outlet")
    assert (by_source["source"], by_outlet["outlet"]) == (_md_cell(HOSTILE_ID), _md_cell(HOSTILE_OUTLET))
    assert by_source["alone"] == "1" and "few findings: wide interval" in by_outlet["trust"]
    assert f"{_md_cell(HOSTILE_ID)} alone" in section and f"“{_md_cell(HOSTILE_PASSAGE)}”" in section
