"""PDF sources: the text layer of every page (pypdf), pages a blank line apart, the document's
title and author from its metadata. A PDF without a text layer (a scan) says so."""
from __future__ import annotations

import io
import re

from .errors import ProvenanceError
from .html import MIN_WORDS, Page


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # an icon's glyph read as U+0000: no text to quote
FILE_NAME = re.compile(r"[\w\s.()-]*\.(?:pdf|docx?|odt|rtf|pptx?|xlsx?|indd|tiff?|jpe?g|png)", re.IGNORECASE)


def looks_like_pdf(head: bytes) -> bool:
    return head[:1024].lstrip().startswith(b"%PDF-")


def read_pdf(raw: bytes, where: str) -> Page:
    import pypdf
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        pages = [_page_text(page.extract_text() or "") for page in reader.pages]
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
    meta = {"title": _title(str(info.get("/Title") or "")), "author": str(info.get("/Author") or "").strip(),
            "outlet": "", "published": "", "url": "", "pages": ";".join(starts)}
    return Page(text + "\n", meta)


def _page_text(said: str) -> str:
    """A page's text layer as lines of text: line ends as newlines, no control characters."""
    return CONTROL.sub("", said.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _title(said: str) -> str:
    """The document's title, unless its metadata holds only the name of the file it was made from
    ('Binder1.pdf', 'Microsoft Word - rapport.docx')."""
    said = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", said.strip())
    return "" if FILE_NAME.fullmatch(said) else said


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
