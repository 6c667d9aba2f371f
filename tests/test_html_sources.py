"""Web pages as sources: a page saved from a browser is archived, its article text (not its
menus, comments or scripts) becomes the source, its metadata fills the manifest, and check
keeps both pinned. The article is the France 24 seed, inside the boilerplate of a news page."""
from __future__ import annotations

import html
import shutil

import pytest
from click.testing import CliRunner

from conftest import SEEDS, csv_rows
from provenance.cli import main
from provenance.extraction.engine import extract_claims



def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)} - France 24</title>
<meta property="og:site_name" content="France 24"><meta name="author" content="FRANCE 24 avec AFP">
<meta property="article:published_time" content="2022-01-07T09:12:00+01:00">
<link rel="canonical" href="https://www.france24.com/fr/asie-pacifique/20220107-otsc-kazakhstan">
<script>window.dataLayer=[{{"page":"article","ads":42}}];</script></head>
<body><header><nav><a href="/fr/">Accueil</a> <a href="/fr/europe/">Europe</a> <a href="/fr/afrique/">Afrique</a>
<a href="/fr/abonnement">Abonnez-vous pour 1 euro</a></nav></header>
<main><article><h1>{html.escape(title)}</h1>
{body}</article>
<aside><h2>Les plus lus</h2><ul><li><a href="/a">10 choses à savoir sur le Kazakhstan</a></li>
<li><a href="/b">3 000 manifestants à Paris</a></li></ul></aside></main>
<section class="comments"><h2>Commentaires (27)</h2><p>Jean: 2 500 soldats, c'est peu !</p></section>
<footer>© 2022 France Médias Monde. 7 rue des Lilas. Tous droits réservés.</footer></body></html>
"""


@pytest.fixture
def article():
    text = (SEEDS / "france24-afp.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return paragraphs[0], paragraphs[1:]


def test_a_saved_page_becomes_its_article_text_with_its_metadata(tmp_path, monkeypatch, article):
    title, paragraphs = article
    (tmp_path / "otsc.html").write_text(_page(title, paragraphs), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", "otsc.html", "--id", "f24"])
    assert result.exit_code == 0, result.output
    (row,) = csv_rows(tmp_path / "sources" / "sources.csv")
    assert (row["file"], row["outlet"], row["published"], row["language"]) == ("f24.txt", "France 24", "2022-01-07", "fr")
    assert row["url"].startswith("https://www.france24.com/") and row["raw_file"] == "raw/f24.html"
    text = (tmp_path / "sources" / "f24.txt").read_text(encoding="utf-8")
    for noise in ("Abonnez-vous", "Les plus lus", "Commentaires", "dataLayer", "Tous droits", "<p>"):
        assert noise not in text
    # the claims of the page are those of the same article as text
    from_page = {(c.attribute, str(c.qualifiers), c.value) for c in extract_claims("x", text, "fr", "2022-01")}
    from_text = {(c.attribute, str(c.qualifiers), c.value)
                 for c in extract_claims("x", title + "\n\n" + "\n\n".join(paragraphs), "fr", "2022-01")}
    assert from_page == from_text and from_page


def test_check_pins_the_archived_page_and_the_text_derived_from_it(tmp_path, monkeypatch, article):
    title, paragraphs = article
    shutil.copytree(SEEDS, tmp_path / "sources")
    (tmp_path / "otsc.html").write_text(_page(title, paragraphs), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["sources", "add", "otsc.html", "--id", "f24"]).exit_code == 0
    assert runner.invoke(main, ["run"]).exit_code == 0
    assert "f24:" not in runner.invoke(main, ["check"]).output
    raw = tmp_path / "sources" / "raw" / "f24.html"
    raw.write_text(raw.read_text(encoding="utf-8").replace("<p>", "<p>Mis à jour. ", 1), encoding="utf-8")
    assert "its archived page f24.html changed" in runner.invoke(main, ["check"]).output
    assert runner.invoke(main, ["sources", "remove", "f24"]).exit_code == 0
    assert not raw.exists()


def test_a_page_without_article_text_is_bad_input(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<!DOCTYPE html><html><body><nav><a href='/'>Accueil</a></nav></body></html>", encoding="utf-8")
    result = CliRunner().invoke(main, ["sources", "add", str(page), "--sources", str(tmp_path / "sources")])
    assert result.exit_code == 2 and "no article text found" in result.output
    assert not (tmp_path / "sources" / "sources.csv").exists()


@pytest.mark.parametrize("size,env,refused", [
    (5 * 1024 * 1024 + 1, {}, True),                                   # over the default of 5 MB
    (300_000, {"PROVENANCE_PAGE_MAX_BYTES": "200000"}, True),
    (300_000, {}, False),
])
def test_a_page_too_large_to_read_in_time_is_refused_clearly(tmp_path, monkeypatch, size, env, refused):
    """Reading a page grows faster than the page (benchmarks/PATHOLOGICAL.md): past a size it is refused."""
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    paragraph = "<p>Au moins 17 policiers ont été tués à Almaty selon le ministère de l'Intérieur.</p>\n"
    page = tmp_path / "big.html"
    head, tail = "<!DOCTYPE html><html><head><title>T</title></head><body><article>", "</article></body></html>"
    body = paragraph * (size // len(paragraph.encode("utf-8")) + 1)
    page.write_bytes((head + body + tail).encode("utf-8")[:size - len(tail)] + tail.encode())
    result = CliRunner().invoke(main, ["sources", "add", str(page), "--sources", str(tmp_path / "sources")])
    if refused:
        assert result.exit_code == 2 and "over the" in result.output and "PROVENANCE_PAGE_MAX_BYTES" in result.output
        assert not (tmp_path / "sources" / "sources.csv").exists()
    else:
        assert result.exit_code == 0, result.output


def test_a_pdf_with_a_text_layer_is_archived_and_read(tmp_path, monkeypatch, article):
    """The France 24 seed as a PDF: its claims are the text's; a PDF without text asks for OCR."""
    from pdfmaker import make_pdf
    title, paragraphs = article
    lines = [title, ""] + paragraphs
    (tmp_path / "otsc.pdf").write_bytes(make_pdf(lines, title="L'OTSC au Kazakhstan"))
    (tmp_path / "scan.pdf").write_bytes(make_pdf([], title="scan"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["sources", "add", "otsc.pdf", "--id", "f24pdf", "--language", "fr"])
    assert result.exit_code == 0, result.output
    (row,) = csv_rows(tmp_path / "sources" / "sources.csv")
    assert (row["file"], row["raw_file"], row["title"]) == ("f24pdf.txt", "raw/f24pdf.pdf", "L'OTSC au Kazakhstan")
    text = (tmp_path / "sources" / "f24pdf.txt").read_text(encoding="utf-8")
    from_pdf = {(c.attribute, c.value) for c in extract_claims("x", text, "fr", "2022-01")}
    assert ("founded", "2002") in from_pdf
    scan = runner.invoke(main, ["sources", "add", "scan.pdf", "--id", "scan"])
    assert scan.exit_code == 2 and "no text layer" in scan.output and "OCR" in scan.output


def test_a_quote_from_a_pdf_names_its_page(tmp_path, monkeypatch, article):
    import json
    from pdfmaker import make_pdf
    title, paragraphs = article
    half = 5  # the member count on page 1, the founding year and the forces on page 2
    (tmp_path / "otsc.pdf").write_bytes(make_pdf([], title="OTSC", pages=[[title] + paragraphs[:half],
                                                                          paragraphs[half:]]))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["sources", "add", "otsc.pdf", "--id", "f24pdf", "--language", "fr"]).exit_code == 0
    assert csv_rows(tmp_path / "sources" / "sources.csv")[0]["pages"].startswith("1:0;2:")
    assert runner.invoke(main, ["run"]).exit_code == 0
    text = (tmp_path / "sources" / "f24pdf.txt").read_text(encoding="utf-8")
    second = int(csv_rows(tmp_path / "sources" / "sources.csv")[0]["pages"].split(";")[1].split(":")[1])
    rows = [r for r in csv_rows(tmp_path / "claims.csv") if r["start"]]
    late = next(r for r in rows if int(r["start"]) >= second)
    assert text[int(late["start"]):int(late["end"])] == late["quote"]
    assert "(page 2)" in runner.invoke(main, ["show", late["claim_id"]]).output
    early = next(r for r in rows if int(r["start"]) < second)
    assert "(page 1)" in runner.invoke(main, ["show", early["claim_id"]]).output
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    quotes = [q for d in report["discrepancies"] for v in d["values"] for q in v["quotes"]]
    assert all(q["page"] == (2 if q["start"] >= second else 1) for q in quotes)
