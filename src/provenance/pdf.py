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
    text = "\n\n".join(p for p in pages if p)
    if len(text.split()) < MIN_WORDS:
        raise ProvenanceError("this PDF has no text layer (a scan?): run OCR on it first (ocrmypdf), or add "
                              "its text as .txt", file=where)
    meta = {"title": str(info.get("/Title") or "").strip(), "author": str(info.get("/Author") or "").strip(),
            "outlet": "", "published": "", "url": ""}
    return Page(text + "\n", meta)
