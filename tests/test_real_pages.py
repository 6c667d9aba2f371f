"""Real pages and PDFs as a user adds them: five saved web pages of different sites (a news site,
Wikipedia, a press release, an organisation's page, a product page) and two PDFs (a scanned book
with an OCR layer, a page a browser saved as PDF). What `sources add` derives holds the article's
figures and none of its menus, and reads as the article does when its paragraphs are taken out of
the page independently. Pages, addresses and licences: tests/data/pages/pages.toml."""
from __future__ import annotations

import re
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import csv_rows
from provenance.cli import main
from provenance.extraction.engine import extract_claims
from provenance.extraction.language import find_figures
from provenance.sources.pdf import page_of

PAGES = Path(__file__).parent / "data" / "pages"
LISTED = tomllib.loads((PAGES / "pages.toml").read_text(encoding="utf-8"))


def _add(tmp_path: Path, monkeypatch, name: str, *options: str) -> tuple[dict, str, str]:
    """`provenance sources add` on a copy of the saved file: its manifest row, its text, the output."""
    shutil.copy(PAGES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", name, "--id", "page", *options])
    assert result.exit_code == 0, result.output
    (row,) = csv_rows(tmp_path / "sources" / "sources.csv")
    return row, (tmp_path / "sources" / row["file"]).read_text(encoding="utf-8"), result.output


def _figures(text: str, language: str) -> Counter:
    return Counter(f.value for f in find_figures(text, language))


def _claims(text: str, language: str) -> set:
    return {(c.attribute, str(c.qualifiers), c.value) for c in extract_claims("page", text, language, "")}


def _where(phrase: str, text: str) -> re.Match | None:
    """A phrase in the text, its words possibly wrapped onto the next line (as PDFs wrap them)."""
    return re.search(r"\s+".join(map(re.escape, phrase.split())), text)


@pytest.mark.parametrize("page", LISTED["page"], ids=lambda p: p["file"])
def test_a_saved_page_gives_its_article_with_its_figures_and_without_its_menus(tmp_path, monkeypatch, page):
    row, text, output = _add(tmp_path, monkeypatch, page["file"])
    assert row["raw_file"] == f"raw/page{Path(page['file']).suffix}"
    for field in ("title", "outlet", "author", "published"):
        assert row[field] == page[field], field
    assert row["url"] == page["url"]
    missing = [phrase for phrase in page["figures"] if not _where(phrase, text)]
    assert not missing, f"figures lost from the article: {missing}"
    kept = [noise for noise in page["menu"] if noise in text]
    assert not kept, f"menus or comments kept as article text: {kept}"
    assert "<" not in text and "{" not in text  # no markup, no script
    assert row["language"] == page["language"]  # recorded as written, rules or not
    if page["language"] not in ("en", "fr"):  # skipped, and said so
        assert f"written in '{page['language']}', which no rules file reads" in output


@pytest.mark.parametrize("page", LISTED["page"], ids=lambda p: p["file"])
def test_a_saved_page_reads_as_its_article_read_independently(tmp_path, monkeypatch, page):
    """The article's own paragraphs, taken out of the page by an XPath and not by trafilatura: every
    figure of theirs is in the text `sources add` derived (which may keep more of the article: lists,
    quotations, references), and the claims are the same."""
    import lxml.html
    row, text, _ = _add(tmp_path, monkeypatch, page["file"])
    tree = lxml.html.fromstring((PAGES / page["file"]).read_bytes())
    for hidden in tree.xpath(page.get("hidden", "/..")):  # a formula's markup for screen readers
        hidden.drop_tree()
    paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath(page["article"])]
    article = "\n\n".join(p for p in paragraphs if p)
    language = row["language"] if row["language"] in ("en", "fr") else "en"  # the text's figures, read with rules
    assert bool(_figures(article, language)) == bool(page["figures"])
    assert not _figures(article, language) - _figures(text, language)
    assert _claims(article, language) == _claims(text, language)


@pytest.mark.slow
@pytest.mark.parametrize("pdf", LISTED["pdf"], ids=lambda p: p["file"])
def test_a_pdf_keeps_its_text_and_the_page_of_each_figure(tmp_path, monkeypatch, pdf):
    row, text, _ = _add(tmp_path, monkeypatch, pdf["file"], "--language", pdf["language"])
    assert (row["raw_file"], row["title"]) == ("raw/page.pdf", pdf["title"])
    assert len(row["pages"].split(";")) == pdf["pages"]
    for phrase, page in pdf["figures"]:
        found = _where(phrase, text)
        assert found, phrase
        assert page_of(row["pages"], found.start()) == page, phrase
    runner = CliRunner()
    assert runner.invoke(main, ["run"]).exit_code == 0
    check = runner.invoke(main, ["check"])  # both hashes, and the text derived again from the PDF
    assert check.exit_code == 0, check.output


def test_a_page_saved_as_pdf_holds_what_the_page_itself_gives(tmp_path, monkeypatch):
    """The press release as its web page and as the PDF a browser printed of it: every figure and
    claim of the page's article is in the PDF (which also prints the site's menus and teasers)."""
    (pdf,) = [p for p in LISTED["pdf"] if p.get("same_article")]
    (tmp_path / "html").mkdir()
    (tmp_path / "pdf").mkdir()
    _, from_page, _ = _add(tmp_path / "html", monkeypatch, pdf["same_article"])
    _, from_pdf, _ = _add(tmp_path / "pdf", monkeypatch, pdf["file"], "--language", "en")
    assert not _figures(from_page, "en") - _figures(from_pdf, "en")
    assert _claims(from_page, "en") <= _claims(from_pdf, "en")
