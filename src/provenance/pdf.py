"""PDF sources: the text layer of every page (pypdf), pages a blank line apart, the document's
title and author from its metadata. A PDF without a text layer (a scan) says so."""
from __future__ import annotations

import io

from .errors import ProvenanceError
from .html import MIN_WORDS, Page


def looks_like_pdf(head: bytes) -> bool:
    return head[:1024].lstrip().startswith(b"%PDF-")


def read_pdf(raw: bytes, where: str) -> Page:
    import pypdf
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        info = reader.metadata or {}
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as e:
        raise ProvenanceError(f"not a readable PDF ({e})", file=where) from None
    text, starts = "", []
    for number, page in enumerate(pages, start=1):
        if page:
            text += "\n\n" if text else ""
            starts.append(f"{number}:{len(text)}")
            text += page
    if len(text.split()) < MIN_WORDS:
        raise ProvenanceError("this PDF has no text layer (a scan?): run OCR on it first (ocrmypdf), or add "
                              "its text as .txt", file=where)
    meta = {"title": str(info.get("/Title") or "").strip(), "author": str(info.get("/Author") or "").strip(),
            "outlet": "", "published": "", "url": "", "pages": ";".join(starts)}
    return Page(text + "\n", meta)


def page_of(pages: str, offset: int | None) -> int | None:
    """The PDF page an offset of its text falls on, from the manifest's `pages` ('1:0;2:1534')."""
    if not pages or offset is None:
        return None
    found = None
    for pair in pages.split(";"):
        number, _, start = pair.partition(":")
        if start.isdigit() and number.isdigit() and int(start) <= offset:
            found = int(number)
    return found
