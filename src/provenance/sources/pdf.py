"""PDF sources: the text layer of every page (pypdf), pages a blank line apart, the document's
title and author from its metadata. A PDF without a text layer (a scan) says so; one whose pages
inflate past MAX_CONTENT_BYTES (a decompression bomb: a few hundred KB that inflate to GB) is
refused before its text is read."""
from __future__ import annotations

import io
import re

from ..plumbing import ProvenanceError
from .page import MIN_WORDS, Page


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # an icon's glyph read as U+0000: no text to quote
# Page content decompressed, all pages together ($PROVENANCE_PDF_MAX_BYTES): a page of text holds a
# few KB, a page of charts a few MB. pypdf's own limit on a stream (75 MB) is brought down to it.
# A 300 MB bomb is refused at 0.2 s and 40 MB of memory with a cap of 2 MB, 0.7 s and 170 MB with this.
MAX_CONTENT_BYTES = 64 * 1024 * 1024
INFLATE_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                  "array_based_stream_maximum_output_length")
FILE_NAME = re.compile(r"[\w\s.()-]*\.(?:pdf|docx?|odt|rtf|pptx?|xlsx?|indd|tiff?|jpe?g|png)", re.IGNORECASE)


def looks_like_pdf(head: bytes) -> bool:
    return head[:1024].lstrip().startswith(b"%PDF-")


def read_pdf(raw: bytes, where: str) -> Page:
    import pypdf
    from ..plumbing import count
    limit = count("PROVENANCE_PDF_MAX_BYTES", MAX_CONTENT_BYTES)
    try:
        with pypdf.apply_configuration(**{name: limit for name in INFLATE_LIMITS}):
            reader = pypdf.PdfReader(io.BytesIO(raw))
            _inflated_within(reader.pages, limit, where)
            pages = [_page_text(page.extract_text() or "") for page in reader.pages]
            info = reader.metadata or {}
    except pypdf.errors.LimitReachedError as e:  # a font's or a form's stream, or the page tree
        raise ProvenanceError(f"this PDF is over what pypdf may read of it ({e}); PROVENANCE_PDF_MAX_BYTES "
                              f"raises the limit on what it inflates", file=where) from None
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


def _inflated_within(pages, limit: int, where: str) -> None:
    """Every page's content streams decompressed (pypdf keeps them for the text), refused past
    `limit` bytes in all. Done before the text: pypdf's text extraction skips the content of a
    page without resources (it would read as 'no text layer'), and stops at its own limit
    inside a stream with an error that names no page."""
    import pypdf
    total = 0
    for number, page in enumerate(pages, start=1):
        try:
            content = page.get_contents()
            total += len(content.get_data()) if content is not None else 0
        except pypdf.errors.LimitReachedError:
            total = limit + 1
        if total > limit:
            raise ProvenanceError(f"this PDF's content is too large to decompress: over {limit:,} bytes by page "
                                  f"{number} (a small file that inflates to this much is a decompression bomb; "
                                  f"for a real PDF this large, raise PROVENANCE_PDF_MAX_BYTES)",
                                  file=where)


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
