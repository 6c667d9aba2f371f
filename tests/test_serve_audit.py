"""The review app's audit page (issue 30): each source's and each outlet's record across the
findings, every count opening the findings it rests on, over HTTP (Starlette's test client) and
in a real browser (Playwright driving Debian's chromium; skipped with a message where missing)."""
from __future__ import annotations

import json
import shutil

import lxml.html
import pytest
from click.testing import CliRunner

from conftest import SEEDS, served_page, write_source_dir
from provenance.audit import audit_overview
from provenance.cli import main
from provenance.project.state import Project
from provenance.serve import create_app

TOKEN = "test-token"
HOSTILE = "<script>window.__pwned=1</script>"
# Two articles of one wire story (the second republished under an outlet named in markup) and a third
# that disagrees: a copy group, a contradiction where the story's figure is one voice.
STORY = ("Almaty, Kazakhstan. Officials said on Sunday that 164 people were killed in the unrest that shook "
         "the country <b>this week</b>, the deadliest since independence.")


def _project(root) -> Project:
    return Project(root / "claims.csv", root / "sources", root / "reports", root / "reports" / "accepted.csv")


def _client(project: Project):
    from starlette.testclient import TestClient
    return TestClient(create_app(project, TOKEN), base_url="http://127.0.0.1:8765")


@pytest.fixture
def seeds(tmp_path, monkeypatch) -> Project:
    """The seeds, run once: claims.csv and reports/ in tmp_path."""
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return _project(tmp_path)


@pytest.fixture
def copied(tmp_path, monkeypatch) -> Project:
    """Three articles, one repeating another's text, its outlet named in markup, run once."""
    folder = write_source_dir(tmp_path, {"wire": STORY, "copier": STORY, "daily": (
        "Almaty, Kazakhstan. The health ministry said on Monday that 44 people were killed in the unrest.")},
        language="en")
    manifest = folder / "sources.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    given = {"wire": ("Wire", "2022-01-10"), "copier": (HOSTILE, "2022-01-11"), "daily": ("Daily", "2022-01-12")}
    for i, line in enumerate(lines[1:], 1):
        cells = line.split(",")
        cells[4], cells[7] = given[cells[0]]
        lines[i] = ",".join(cells)
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return _project(tmp_path)


def _rows(html: str) -> list[tuple[str, int]]:
    """The profiles table's (name, alone) rows, in the page's order."""
    tree = lxml.html.fromstring(html)
    return [(tr.xpath("string(td[@class='name']/@data-sort)"), int(tr.xpath("string(td[@class='alone']/@data-sort)")))
            for tr in tree.xpath("//table[@id='profiles']/tbody/tr")]


def _rests_on(html: str, name: str, column: str) -> list[str]:
    """The findings linked from a row's count."""
    tree = lxml.html.fromstring(html)
    [tr] = [tr for tr in tree.xpath("//table[@id='profiles']/tbody/tr") if tr.get("data-name") == name]
    return [a.get("data-finding") for a in tr.xpath(f"td[@class='{column}']//ul[@class='rests-on']/li/a")]


@pytest.mark.slow
def test_the_audit_names_each_lone_source_beside_a_link_to_its_finding(seeds):
    found = json.loads((seeds.reports_dir / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    lone = [(d["id"], v["sources"][0]) for d in found if d["kind"] == "contradiction"
            for v in d["values"] if len(v["sources"]) == 1 and v["independent_sources"] == 1]
    page = _client(seeds).get("/audit")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert lone
    items = {li.get("data-finding"): li for li in lxml.html.fromstring(page.text).xpath("//ul[@class='alone']/li")}
    for did, sid in lone:
        link = items[did].xpath("a")[0]
        assert link.get("href") == f"/?q={did}#{did}"
        assert sid in [a.text for a in items[did].xpath(".//a[@class='lone']")], (did, sid)


@pytest.mark.slow
@pytest.mark.parametrize("by,profiles", [("source", "sources"), ("outlet", "outlets")])
def test_the_rows_are_the_audits_and_each_count_opens_its_findings(seeds, by, profiles):
    page = _client(seeds).get(f"/audit?by={by}")
    assert page.status_code == 200
    state = seeds.state()
    overview = audit_overview(state.comparison, state.meta)[profiles]
    assert _rows(page.text) == [(p["name"], p["alone"]) for p in overview]
    for p in overview:
        for column in ("findings", "best_supported", "alone"):
            assert _rests_on(page.text, p["name"], column) == p["evidence"][column], (p["name"], column)
    names = [name for name, _ in _rows(page.text)]
    assert ("France 24 (with AFP)" in names) == (by == "outlet") and ("france24-afp" in names) == (by == "source")


@pytest.mark.slow
def test_the_audit_and_a_source_page_link_to_each_other_and_the_page_only_reads(seeds):
    client = _client(seeds)
    assert 'href="/audit"' in client.get("/").text
    assert 'href="/audit#france24-afp"' in client.get("/sources/france24-afp").text
    tree = lxml.html.fromstring(client.get("/audit").text)
    assert tree.xpath("//tr[@id='france24-afp']/td[@class='name']/a/@href") == ["/sources/france24-afp"]
    assert tree.xpath("//table[@id='profiles']/thead/tr/th/text()")[:1] == ["source"]
    assert "/sortable.js" in tree.xpath("//script/@src")
    script = client.get("/sortable.js")
    assert script.status_code == 200 and "table.sortable" in script.text
    assert script.headers["content-type"].startswith("text/javascript") and "content-security-policy" in script.headers
    assert client.get("/audit?by=nonsense").status_code == 400
    before = seeds.claims_path.read_bytes()
    assert client.post("/audit", data={"csrf": TOKEN}).status_code == 405
    assert seeds.claims_path.read_bytes() == before


@pytest.mark.slow
def test_the_audit_of_a_project_without_findings_says_so(tmp_path, monkeypatch):
    write_source_dir(tmp_path, {"only": "Kazakhstan: officials say 164 people were killed in the unrest."},
                     language="en")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    page = _client(_project(tmp_path)).get("/audit")
    assert page.status_code == 200
    assert "No findings yet" in page.text and "No contradiction has a value" in page.text
    assert "No source repeats" in page.text
    assert _rows(page.text) == [("only", 0)]


def test_a_copy_group_is_shown_with_its_passage_and_markup_stays_text(copied):
    client = _client(copied)
    for by in ("source", "outlet"):
        page = client.get(f"/audit?by={by}")
        assert page.status_code == 200 and HOSTILE not in page.text and "<b>this week" not in page.text
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page.text
    tree = lxml.html.fromstring(client.get("/audit").text)
    [group] = tree.xpath("//section[contains(@class, 'copy-group')]")
    assert group.xpath("p[1]/a/text()") == ["wire", "copier"]  # the original, then its copies
    assert "the country <b>this week</b>" in group.xpath("string(blockquote)")  # the passage, as text
    [lone] = tree.xpath("//ul[@class='alone']/li/ul/li[contains(., '164')]")
    assert sorted(lone.xpath("a[@class='lone']/text()")) == ["copier", "wire"]  # a copy group is one voice
    assert "few findings: wide interval" in tree.xpath("string(//tr[@id='wire']/td[@class='trust'])")


def test_a_source_id_in_markup_shows_as_text(copied, monkeypatch):
    """The manifest refuses such an id; the page escapes it anyway, wherever it shows it."""
    from provenance.serve import audit
    state = copied.state()
    real = audit_overview(state.comparison, state.meta)
    hostile = json.loads(json.dumps(real).replace('"copier"', json.dumps(HOSTILE)))
    monkeypatch.setattr(audit, "audit_overview", lambda comparison, meta, **cut: hostile)
    page = _client(copied).get("/audit")
    assert page.status_code == 200 and HOSTILE not in page.text
    tree = lxml.html.fromstring(page.text)
    assert HOSTILE in tree.xpath("//table[@id='profiles']/tbody/tr/td[@class='name']/a/text()")
    assert not tree.xpath("//main//script")


# ----------------------------------------------------------------------------------------------
# In a real browser

@pytest.fixture
def browser_page(seeds, chromium):
    """A page of the app served on 127.0.0.1 by uvicorn, in chromium, its console errors collected."""
    yield from served_page(seeds, chromium)


@pytest.mark.slow
def test_browser_sort_by_alone_and_follow_a_finding(browser_page):
    page = browser_page
    page.goto(page.base + "/audit")
    alone = "Array.from(document.querySelectorAll('#profiles tbody td.alone')).map(td => +td.dataset.sort)"
    heading = page.locator("#profiles th[data-key=alone]")
    assert heading.inner_text() == "alone"
    page.locator("#profiles th[data-key=name]").click()  # away from the page's own order
    heading.click()
    down = page.evaluate(alone)
    assert down == sorted(down, reverse=True) and len(set(down)) > 1
    assert heading.get_attribute("aria-sort") == "descending"
    heading.click()
    assert page.evaluate(alone) == sorted(down) and heading.get_attribute("aria-sort") == "ascending"
    heading.focus()
    page.keyboard.press("Enter")  # the keyboard sorts as a click does
    assert page.evaluate(alone) == down
    row = page.locator("#profiles tbody tr").first
    row.locator("td.alone summary").click()
    link = row.locator("td.alone ul.rests-on a").first
    did = link.get_attribute("data-finding")
    link.click()
    page.wait_for_url(f"**#{did}")
    assert page.locator(f"section.card[id='{did}']").is_visible()
    assert page.evaluate("document.querySelector(':target').id") == did
    assert page.errors == [] and page.console == [] and page.dialogs == []
