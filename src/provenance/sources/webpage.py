"""Web pages as sources: the article's main text (trafilatura: menus, comments, scripts and
boilerplate removed) is what claims quote; the page's metadata fills the manifest's blanks; the
original bytes are archived beside it (`sources/raw/`), so the text can be derived again."""
from __future__ import annotations


from ..plumbing import ProvenanceError
from .page import MIN_WORDS, Page

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
RAW_FOLDER = "raw"
# Reading a page grows faster than the page (trafilatura's tree passes: 2 MB 3.4 s, 8 MB 18 s; 50 MB
# took minutes and 1.4 GB): a page over this many bytes is refused ($PROVENANCE_PAGE_MAX_BYTES).
MAX_PAGE_BYTES = 5 * 1024 * 1024



def looks_like_html(name: str, head: bytes) -> bool:
    """An .html file, or bytes that start as a web page does."""
    start = head[:512].lstrip().lower()
    return name.lower().endswith(HTML_SUFFIXES) or start.startswith((b"<!doctype html", b"<html"))


def read_page(raw: bytes, where: str) -> Page:
    """The page's main text, its paragraphs a blank line apart, and its metadata."""
    from ..plumbing import count
    limit = count("PROVENANCE_PAGE_MAX_BYTES", MAX_PAGE_BYTES)
    if len(raw) > limit:
        raise ProvenanceError(f"this web page is {len(raw):,} bytes, over the {limit:,} a page may have (reading "
                              f"it would take minutes): save the article's text as .txt, or raise "
                              f"PROVENANCE_PAGE_MAX_BYTES", file=where)
    import trafilatura
    from trafilatura.utils import decode_file
    html = decode_file(raw)  # the charset the page declares or its bytes show, not always UTF-8
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True) or ""
    if len(text.split()) < MIN_WORDS:
        raise ProvenanceError("no article text found in this web page (is it a page of links, or rendered by "
                              "script? save the article's own page, or its text as .txt)", file=where)
    meta = trafilatura.extract_metadata(html, extensive=False)  # a date the page states, not a guess
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    said = {ours: str(getattr(meta, theirs, "") or "").strip() if meta else ""
            for ours, theirs in (("title", "title"), ("author", "author"), ("outlet", "sitename"),
                                 ("published", "date"), ("url", "url"))}
    return Page("\n\n".join(paragraphs) + "\n", said)


def read_archived(raw: bytes, where: str) -> Page:
    """A web page or a PDF, read as such (what `sources add` archives and `check` derives again)."""
    from .pdf import looks_like_pdf, read_pdf
    return read_pdf(raw, where) if looks_like_pdf(raw) else read_page(raw, where)


def is_archived_kind(name: str, head: bytes) -> bool:
    """A web page or a PDF: archived, its text derived."""
    from .pdf import looks_like_pdf
    return looks_like_html(name, head) or looks_like_pdf(head) or name.lower().endswith(".pdf")
