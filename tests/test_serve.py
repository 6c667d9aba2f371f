"""`provenance serve`: the review app, over HTTP (Starlette's test client) and in a real browser
(Playwright driving Debian's chromium; skipped with a message where either is missing)."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS, csv_rows, served_page
from provenance.cli import main
from provenance.plumbing.atomic import project_lock
from provenance.project.state import Project
from provenance.serve import create_app
from provenance.serve.views import Filters, findings_page, pieces

# A source as a browser must not trust it: Windows line ends, a character outside the BMP (two
# UTF-16 units, one Python character) before the figures, and markup that would run if pasted raw.
HOSTILE = ("Unrest in Kazakhstan\r\n\r\nOfficials 😀 said on Sunday that 164 people were killed in the unrest.\r\n"
           "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> "
           "More than 2,500 troops were deployed by the alliance.\r\n")
TOKEN = "test-token"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    """The seeds and the hostile source, run once: claims.csv and reports/ in tmp_path."""
    shutil.copytree(SEEDS, tmp_path / "sources")
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8", newline="")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["sources", "add", "hostile.txt", "--id", "hostile", "--language", "en",
                                "--published", "2022-01-09"]).exit_code == 0
    assert runner.invoke(main, ["run"]).exit_code == 0
    return Project(tmp_path / "claims.csv", tmp_path / "sources", tmp_path / "reports",
                   tmp_path / "reports" / "accepted.csv")


@pytest.fixture
def client(project):
    from starlette.testclient import TestClient
    return TestClient(create_app(project, TOKEN), base_url="http://127.0.0.1:8765")


def _claim(project: Project, source: str, attribute: str | None = None) -> dict:
    return next(r for r in csv_rows(project.claims_path)
                if r["source_id"] == source and (attribute is None or r["attribute"] == attribute))


def _post(client, action: str, **form):
    return client.post(f"/write/{action}", data={"csrf": TOKEN, **form}, follow_redirects=False)


def test_pages_answer_and_unknown_ids_are_404(client, project):
    cid = _claim(project, "france24-afp")["claim_id"]
    assert client.get("/").status_code == 200
    page = client.get(f"/claims/{cid}")
    assert page.status_code == 200 and "In its source" in page.text
    assert client.get("/sources/france24-afp").status_code == 200
    assert client.get("/claims/nope").status_code == 404
    assert client.get("/sources/nope").status_code == 404
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_write_without_the_token_or_from_another_origin_changes_nothing(client, project):
    cid = _claim(project, "france24-afp")["claim_id"]
    before = project.claims_path.read_bytes()
    assert client.post("/write/decide", data={"claim_id": cid, "status": "rejected"}).status_code == 403
    assert client.post("/write/decide", data={"csrf": "guess", "claim_id": cid, "status": "rejected"}).status_code == 403
    other = client.post("/write/decide", data={"csrf": TOKEN, "claim_id": cid, "status": "rejected"},
                        headers={"Origin": "http://evil.example"})
    assert other.status_code == 403
    assert project.claims_path.read_bytes() == before


def test_only_local_host_names_are_answered(client):
    """A page reached through another name (DNS rebinding) is refused."""
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_a_decision_and_a_note_reach_claims_csv_and_the_reports(client, project):
    cid = next(c for v in json.loads((project.reports_dir / "discrepancies.json").read_text())["discrepancies"][0]["values"]
               for c in v["claim_ids"])
    answer = _post(client, "decide", claim_id=cid, status="confirmed", note="checked with the  charter",
                   next=f"/claims/{cid}")
    assert answer.status_code == 303 and answer.headers["location"].startswith(f"/claims/{cid}?done=")
    row = next(r for r in csv_rows(project.claims_path) if r["claim_id"] == cid)
    assert (row["status"], row["note"]) == ("confirmed", "checked with the charter")
    quotes = [q for d in json.loads((project.reports_dir / "discrepancies.json").read_text())["discrepancies"]
              for v in d["values"] for q in v["quotes"] if q["claim_id"] == cid]
    assert quotes and all(q["status"] == "confirmed" and q["note"] == "checked with the charter" for q in quotes)


@pytest.mark.slow
def test_a_correction_is_a_persons_row_that_a_rerun_keeps(client, project):
    row = _claim(project, "france24-afp", "founded")
    # "Fondée en 2002" does not state 1992: the person says it does, in words the tool cannot read
    assert _post(client, "correct", claim_id=row["claim_id"], value="1992", bound="exact", in_words="1").status_code == 303
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    now = next(r for r in csv_rows(project.claims_path) if r["claim_id"] == row["claim_id"])
    assert (now["value"], now["value_low"], now["value_high"], now["status"]) == ("1992", "1992", "1992", "manual")
    assert _post(client, "correct", claim_id=row["claim_id"], value="soon").status_code == 400


def test_a_claim_added_from_a_selection_takes_its_quote_from_the_offsets(client, project):
    text = (project.sources_dir / "hostile.txt").read_bytes().decode("utf-8")
    phrase = "164 people were killed"
    start = text.index(phrase)
    # the selection took a space and a line end with it: they are trimmed, not quoted
    answer = _post(client, "add", source_id="hostile", start=str(start - 1), end=str(start + len(phrase)),
                   attribute="killed", subject="Kazakhstan unrest 2022", value="164", bound="exact", qualifiers="")
    assert answer.status_code == 303
    row = next(r for r in csv_rows(project.claims_path) if r["method"] == "manual")
    assert (row["quote"], int(row["start"]), int(row["end"])) == (phrase, start, start + len(phrase))
    assert (row["status"], row["unit"]) == ("manual", "persons")
    assert CliRunner().invoke(main, ["check"]).exit_code in (0, 1)   # well-formed, the quote found
    assert "[drifted]" not in CliRunner().invoke(main, ["check"]).output
    assert _post(client, "add", source_id="hostile", start="", end="", attribute="killed", subject="x",
                 value="1").status_code == 400
    assert _post(client, "add", source_id="hostile", start="3", end="9", attribute="no_such", subject="x",
                 value="1").status_code == 400


@pytest.mark.slow
def test_a_value_its_quote_does_not_state_is_refused_unless_the_person_vouches_for_it(client, project):
    """'Fondée en 2002' does not state 2700: refused, the page says why, nothing is written; ticked,
    the note carries the marker and `check` accepts the row; a new value needs a new tick."""
    row = _claim(project, "france24-afp", "founded")
    assert 'name="in_words"' in client.get(f"/claims/{row['claim_id']}").text
    before = project.claims_path.read_bytes()
    refused = _post(client, "correct", claim_id=row["claim_id"], value="2700", bound="exact")
    assert refused.status_code == 400 and "the quote states 2002; the row says 2700" in refused.text
    assert "[value in words]" in refused.text and project.claims_path.read_bytes() == before
    assert _post(client, "correct", claim_id=row["claim_id"], value="2700", bound="exact",
                 in_words="1").status_code == 303
    now = next(r for r in csv_rows(project.claims_path) if r["claim_id"] == row["claim_id"])
    assert (now["value"], now["status"], now["note"]) == ("2700", "manual", "[value in words]")
    check = json.loads(CliRunner().invoke(main, ["check", "--format", "json"]).output)
    assert not [p for p in check["problems"] if p["code"] == "unstated-value"]
    marked = project.claims_path.read_bytes()
    again = _post(client, "correct", claim_id=row["claim_id"], value="2701", bound="exact")
    assert again.status_code == 400 and "the row says 2701" in again.text
    assert project.claims_path.read_bytes() == marked
    assert _post(client, "correct", claim_id=row["claim_id"], value="2002", bound="exact").status_code == 303
    assert next(r for r in csv_rows(project.claims_path) if r["claim_id"] == row["claim_id"])["note"] == ""


@pytest.mark.slow
def test_a_claim_added_from_a_selection_must_be_stated_by_it(client, project):
    text = (project.sources_dir / "hostile.txt").read_bytes().decode("utf-8")
    phrase = "More than 2,500 troops"
    start = str(text.index(phrase))
    end = str(text.index(phrase) + len(phrase))
    form = dict(source_id="hostile", start=start, end=end, attribute="troops_deployed", subject="CSTO mission")
    assert 'name="in_words"' in client.get("/sources/hostile").text
    before = project.claims_path.read_bytes()
    refused = _post(client, "add", value="1234", bound="more_than", **form)
    assert refused.status_code == 400 and "the quote states more than 2500; the row says more than 1234" in refused.text
    assert project.claims_path.read_bytes() == before
    assert _post(client, "add", value="2500", bound="more_than", note="AP", **form).status_code == 303
    assert _post(client, "add", value="2600", bound="more_than", note="AP", in_words="1", **form).status_code == 303
    added = [(r["value"], r["note"]) for r in csv_rows(project.claims_path) if r["method"] == "manual"]
    assert added == [("2500", "AP"), ("2600", "[value in words] AP")]


@pytest.mark.slow
@pytest.mark.parametrize("page", ["²", "abc", "-1", "1.5", "9" * 5000])
def test_a_page_number_not_in_ascii_digits_is_400(client, page):
    answer = client.get("/", params={"page": page})
    assert answer.status_code == 400 and "whole number" in answer.text


@pytest.mark.slow
@pytest.mark.parametrize("start,end", [("²", "9"), ("3", "³"), ("٣", "9"), ("9" * 5000, "9" * 5001), ("-1", "9")])
def test_offsets_not_in_ascii_digits_are_400_and_change_nothing(client, project, start, end):
    before = project.claims_path.read_bytes()
    answer = _post(client, "add", source_id="hostile", start=start, end=end, attribute="killed", subject="x",
                   value="1")
    assert answer.status_code == 400 and "whole numbers" in answer.text
    assert project.claims_path.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("host,allowed,served", [
    ("0.0.0.0", False, False), ("::", False, False), ("192.168.1.20", False, False), ("example.org", False, False),
    ("0.0.0.0", True, True), ("127.0.0.1", False, True), ("127.0.0.2", False, True), ("localhost", False, True),
    ("::1", False, True),
])
def test_an_address_other_machines_reach_needs_allow_remote(project, monkeypatch, host, allowed, served):
    import uvicorn
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(main, ["serve", "--host", host, *(["--allow-remote"] if allowed else [])])
    assert (result.exit_code, bool(calls)) == ((0, True) if served else (2, False)), result.output
    if not served:
        assert "--allow-remote" in result.output and "change claims.csv" in result.output
    elif allowed:
        assert "can read the sources and the claims and write decisions" in result.output


def _asgi_post(app, path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """POST these body chunks straight to the app (as a server would hand them over): the answer's
    status, and how many chunks the app asked for."""
    import asyncio
    asked, answered = [], {}

    async def receive():
        if len(asked) < len(chunks):
            asked.append(chunks[len(asked)])
            return {"type": "http.request", "body": asked[-1], "more_body": len(asked) < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            answered["status"] = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8765"), *headers], "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8765)}
    asyncio.run(app(scope, receive, send))
    return answered["status"], len(asked)


MEGABYTE = b"a" * 1024 * 1024
FORM = f"csrf={TOKEN}&claim_id=x&status=rejected".encode()


@pytest.mark.slow
@pytest.mark.parametrize("chunks,headers,status,most_read", [
    # 400 MB announced: refused before a byte is read
    ([MEGABYTE] * 400, [(b"content-length", str(400 * len(MEGABYTE)).encode())], 413, 0),
    # sent in chunks, no length announced: refused once the bytes received pass the limit
    ([MEGABYTE[:16384]] * 100, [], 413, 5),
    # from another site: refused on its headers, its body never read
    ([MEGABYTE] * 400, [(b"origin", b"http://evil.example")], 403, 0),
    ([FORM.replace(TOKEN.encode(), b"guess")], [], 403, 1),
    (["csrf=\u00e9&claim_id=x".encode()], [], 403, 1),       # a token that is not ASCII: 403, not 500
    ([FORM[:20], FORM[20:]], [], 400, 2),                    # the token is right: the claim id is not
])
def test_a_write_reads_no_more_of_the_body_than_it_must(project, chunks, headers, status, most_read):
    before = project.claims_path.read_bytes()
    answered, read = _asgi_post(create_app(project, TOKEN), "/write/decide", chunks, headers)
    assert (answered, read <= most_read) == (status, True), read
    assert project.claims_path.read_bytes() == before


@pytest.mark.slow
def test_accept_asks_for_replace_and_revoke_takes_it_back(client, project):
    did = json.loads((project.reports_dir / "discrepancies.json").read_text())["discrepancies"][0]["id"]
    assert _post(client, "accept", discrepancy_id=did, reason="both dates are reported").status_code == 303
    rows = csv_rows(project.baseline_path)
    assert [(r["discrepancy_id"], r["reason"]) for r in rows] == [(did, "both dates are reported")]
    assert rows[0]["accepted_by"] and rows[0]["accepted_at"]
    again = _post(client, "accept", discrepancy_id=did, reason="another reason")
    assert again.status_code == 400 and "--replace" in again.text
    assert _post(client, "accept", discrepancy_id=did, reason="treaty vs charter", replace="1").status_code == 303
    assert csv_rows(project.baseline_path)[0]["reason"] == "treaty vs charter"
    report = json.loads((project.reports_dir / "discrepancies.json").read_text())
    assert next(d for d in report["discrepancies"] if d["id"] == did)["accepted"]["reason"] == "treaty vs charter"
    assert _post(client, "revoke", discrepancy_id=did).status_code == 303
    assert csv_rows(project.baseline_path) == []


def test_a_write_while_a_command_holds_the_project_answers_409(client, project, monkeypatch):
    import provenance.serve.app as app_module
    monkeypatch.setattr(app_module, "LOCK_WAIT", 0.2)
    cid = _claim(project, "france24-afp")["claim_id"]
    before = project.claims_path.read_bytes()
    with project_lock(project.claims_path, project.reports_dir):
        answer = _post(client, "decide", claim_id=cid, status="rejected")
    assert answer.status_code == 409 and "Try again" in answer.text
    assert project.claims_path.read_bytes() == before


def test_a_write_whose_reports_cannot_be_rewritten_says_it_was_saved(client, project):
    """The decision reaches claims.csv, then reports/ refuses the rewrite (it holds only a file of
    someone else's): the answer says the decision was saved and the reports not rewritten."""
    cid = _claim(project, "france24-afp")["claim_id"]
    for item in project.reports_dir.iterdir():
        if item.name != ".provenance.lock":
            item.unlink()
    (project.reports_dir / "notes.md").write_text("ours", encoding="utf-8")
    answer = _post(client, "decide", claim_id=cid, status="rejected")
    assert answer.status_code == 500
    assert "Not written" not in answer.text and "Saved" in answer.text and "not rewritten" in answer.text
    assert _claim(project, "france24-afp")["status"] == "rejected"
    assert [p.name for p in project.reports_dir.iterdir() if p.name != ".provenance.lock"] == ["notes.md"]


def test_filters_and_search_narrow_the_findings(project):
    state = project.state()
    everything = findings_page(state, Filters(), 1)
    assert everything.total == len(state.comparison.discrepancies) > 1
    kinds = {d.kind for d in state.comparison.discrepancies}
    for kind in kinds:
        assert {d.kind for d in findings_page(state, Filters(kind=kind), 1).findings} == {kind}
    assert {d.attribute for d in findings_page(state, Filters(q="founded 1992"), 1).findings} == {"founded"}
    assert findings_page(state, Filters(q="no such words anywhere"), 1).total == 0
    assert findings_page(state, Filters(status="accepted"), 1).total == 0


def test_the_text_cut_into_pieces_is_the_text():
    text = "Il y a 2 500 soldats.\r\n\r\n😀 Et 17 policiers tués.\rFin"
    claims = [{"claim_id": "a", "status": "extracted", "start": "7", "end": "20"},
              {"claim_id": "b", "status": "confirmed", "start": "15", "end": "30"},   # overlaps a: not marked
              {"claim_id": "c", "status": "confirmed", "start": "28", "end": "47"}]
    got = pieces(text, claims)
    assert "".join(text[p.offset:p.offset + (p.breaks or len(p.text))] for p in got) == text
    assert {p.claim for p in got} == {"", "a", "c"}
    assert all(text[p.offset:p.offset + len(p.text)] == p.text for p in got if not p.breaks)


# ----------------------------------------------------------------------------------------------
# In a real browser

@pytest.fixture
def browser_page(project, chromium):
    """A page of the app served on 127.0.0.1 by uvicorn, in chromium."""
    yield from served_page(project, chromium)


@pytest.mark.slow
def test_browser_review_a_claim(browser_page, project):
    page = browser_page
    cid = _claim(project, "rbth-litovkine")["claim_id"]
    page.goto(f"{page.base}/claims/{cid}")
    page.check("#decide input[value=confirmed]")
    page.fill("#decide input[name=note]", "matches the treaty text")
    page.click("#decide button")
    page.wait_for_url("**done=**")
    assert page.inner_text("#claim-status") == "confirmed"
    assert page.inner_text("#claim-note") == "matches the treaty text"
    row = next(r for r in csv_rows(project.claims_path) if r["claim_id"] == cid)
    assert (row["status"], row["note"]) == ("confirmed", "matches the treaty text")
    assert page.errors == []


@pytest.mark.slow
def test_browser_accept_a_finding_and_filter(browser_page, project):
    page = browser_page
    page.goto(page.base + "/")
    first = page.locator("section.card").first
    did = first.get_attribute("id")
    first.locator("input[name=reason]").fill("both figures are reported")
    first.locator("button", has_text="Accept").click()
    page.wait_for_url("**done=**")
    assert page.locator(f"section[id='{did}'] .badge.accepted").count() == 1
    assert csv_rows(project.baseline_path)[0]["discrepancy_id"] == did
    page.select_option("#filter-status", "accepted")
    page.click("form.filters button")
    page.wait_for_url("**status=accepted**")
    assert page.locator("section.card").count() == 1
    page.select_option("#filter-status", "")
    page.select_option("#filter-kind", "variance")
    page.click("form.filters button")
    page.wait_for_url("**kind=variance**")
    kinds = page.locator("section.card .badge.contradiction, section.card .badge.variance").all_inner_texts()
    assert kinds and set(kinds) == {"variance"}


@pytest.mark.slow
def test_browser_a_claim_from_a_selection(browser_page, project):
    """Select words in the source (after a CRLF and an astral character): the offsets sent are
    Python's, and the quote stored is the selected text."""
    page = browser_page
    page.goto(page.base + "/sources/hostile")
    phrase = "More than 2,500 troops"
    page.evaluate("""phrase => {
        const walker = document.createTreeWalker(document.getElementById('text'), NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            const at = node.data.indexOf('More than');
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                // the phrase may run into the next piece (a claim's passage): end it there
                let end = node, left = phrase.length - (node.data.length - at);
                while (left > 0) { end = walker.nextNode(); if (left <= end.data.length) break; left -= end.data.length; }
                if (end === node) range.setEnd(node, at + phrase.length); else range.setEnd(end, left);
                const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
                return;
            }
        }
        throw new Error('phrase not found');
    }""", phrase)
    page.wait_for_function("!document.getElementById('add-button').disabled")
    page.select_option("#add-claim select[name=attribute]", "troops_deployed")
    page.fill("#add-claim input[name=subject]", "CSTO mission in Kazakhstan")
    page.fill("#add-claim input[name=value]", "2500")
    page.select_option("#add-claim select[name=bound]", "more_than")
    page.click("#add-button")
    page.wait_for_url("**done=**")
    text = (project.sources_dir / "hostile.txt").read_bytes().decode("utf-8")
    row = next(r for r in csv_rows(project.claims_path) if r["method"] == "manual")
    assert row["quote"] == phrase and text[int(row["start"]):int(row["end"])] == phrase
    assert (row["value_low"], row["value_high"]) == ("2500", "")


@pytest.mark.slow
def test_browser_a_value_its_quote_does_not_state_is_refused(browser_page, project):
    """The refusal is shown on the page and nothing is written; ticked, the note shows the marker."""
    page = browser_page
    row = _claim(project, "france24-afp", "founded")
    before = project.claims_path.read_bytes()
    page.goto(f"{page.base}/claims/{row['claim_id']}")
    page.fill("#correct input[name=value]", "2700")
    page.click("#correct button")
    page.wait_for_selector("p.error")
    assert "the quote states 2002; the row says 2700" in page.inner_text("p.error")
    assert project.claims_path.read_bytes() == before
    page.goto(f"{page.base}/claims/{row['claim_id']}")
    page.fill("#correct input[name=value]", "2700")
    page.check("#correct input[name=in_words]")
    page.click("#correct button")
    page.wait_for_url("**done=**")
    assert page.inner_text("#claim-note") == "[value in words]"
    assert page.errors == []


@pytest.mark.slow
def test_browser_a_hostile_quote_stays_inert(browser_page, project, client):
    """Markup in a source, a quote and a note is shown as text and never runs."""
    text = (project.sources_dir / "hostile.txt").read_bytes().decode("utf-8")
    tag = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
    start = text.index(tag)
    assert _post(client, "add", source_id="hostile", start=str(start), end=str(start + len(tag)), attribute="killed",
                 subject="<b>x</b>", value="1", note="<script>window.__pwned=3</script>", in_words="1").status_code == 303
    cid = next(r for r in csv_rows(project.claims_path) if r["method"] == "manual")["claim_id"]
    page = browser_page
    for path in ("/sources/hostile", f"/claims/{cid}", "/?q=pwned", "/?source=hostile"):
        page.goto(page.base + path)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("main img, main script, main b").count() == 0
    page.goto(f"{page.base}/claims/{cid}")
    assert tag in page.inner_text("#text")
    assert page.dialogs == [] and page.errors == []


def test_an_acceptance_under_an_id_no_longer_found_is_offered_to_carry(client, project):
    founded = next(d for d in json.loads((project.reports_dir / "discrepancies.json").read_text())["discrepancies"]
                   if d["attribute"] == "founded")["id"]
    project.baseline_path.write_text("discrepancy_id,reason,accepted_at,summary\n"
                                     "d-00000000aa,treaty and charter,2026-01-01T00:00:00Z,CSTO: founded  1992 vs 2002\n",
                                     encoding="utf-8")
    page = client.get("/?attribute=founded").text
    assert 'name="carry" value="d-00000000aa"' in page and "treaty and charter" in page
    assert _post(client, "accept", discrepancy_id=founded, carry="d-00000000aa").status_code == 303
    assert [(r["discrepancy_id"], r["reason"]) for r in csv_rows(project.baseline_path)] == \
        [(founded, "treaty and charter")]


def test_a_reviewer_dates_a_toll_and_a_bad_date_is_refused(client, project):
    row = _claim(project, "rbth-litovkine", "killed")
    assert _post(client, "correct", claim_id=row["claim_id"], as_of="2022-01-10").status_code == 303
    now = next(r for r in csv_rows(project.claims_path) if r["claim_id"] == row["claim_id"])
    assert (now["as_of"], now["status"]) == ("2022-01-10", "manual")
    assert _post(client, "correct", claim_id=row["claim_id"], as_of="10 janvier").status_code == 400


def test_an_update_shows_its_timeline_in_the_app(tmp_path, monkeypatch):
    from starlette.testclient import TestClient
    from conftest import write_source_dir
    folder = write_source_dir(tmp_path, {"early": "Kazakhstan: officials say 164 people were killed in the unrest.",
                                         "late": "Kazakhstan: officials say 225 people were killed in the unrest."},
                              language="en")
    manifest = folder / "sources.csv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("early,early.txt,,,,,en,2022-01,", "early,early.txt,,,,,en,2022-01-10,")
                        .replace("late,late.txt,,,,,en,2022-01,", "late,late.txt,,,,,en,2022-01-15,"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    project = Project(tmp_path / "claims.csv", folder, tmp_path / "reports", tmp_path / "reports" / "accepted.csv")
    page = TestClient(create_app(project, TOKEN), base_url="http://127.0.0.1:8765").get("/").text
    timeline = page.split('<ol class="timeline">')[1].split("</ol>")[0]
    assert timeline.index("2022-01-10") < timeline.index("164") < timeline.index("2022-01-15") < timeline.index("225")


@pytest.mark.slow
def test_browser_the_first_screen_shows_a_finding_to_review_first(browser_page, project, tmp_path):
    """With the repository's acceptances, the app's first screen opens on a finding to review;
    those accepted come after all of them, as in the report. A screenshot is kept of it."""
    shutil.copy(ROOT / "reports" / "accepted.csv", project.baseline_path)
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base + "/")
    shot = tmp_path / "first-screen.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    first = page.locator("section.card").first
    assert "accepted" not in first.get_attribute("class").split()
    assert first.bounding_box()["y"] < 800  # on the first screen
    accepted = page.evaluate("Array.from(document.querySelectorAll('section.card'))"
                             ".map(c => c.classList.contains('accepted'))")
    assert any(accepted) and accepted == sorted(accepted)  # every one to review before any accepted
    assert page.locator("h2#to-review").count() == page.locator("h2#accepted").count() == 1
    assert "_" not in first.locator("strong").first.inner_text()  # words, not a code like force_size
    assert page.errors == []


@pytest.mark.slow
def test_browser_the_filters_apply_as_they_change(browser_page):
    page = browser_page
    page.goto(page.base + "/")
    page.select_option("#filter-kind", "variance")
    page.wait_for_url("**kind=variance**")  # no button pressed
    assert set(page.locator("section.card .badge.variance").all_inner_texts()) == {"variance"}
    page.fill("#filter-q", "Armenia")
    page.wait_for_url("**q=Armenia**")
    assert page.locator("section.card").count() >= 1 and page.errors == []
