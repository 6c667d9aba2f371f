"""PDFs with a text layer, written by hand for the tests (Helvetica, WinAnsi: the typographic
characters Latin-1 lacks are written as their plain forms)."""

TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2026": "...",
                            "\u201c": '"', "\u201d": '"', "\u202f": " "})


def _esc(s: str) -> str:
    s = s.translate(TYPOGRAPHY)
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(lines, title="Test", pages=None):
    """A PDF of one page of `lines`, or of several (`pages`: a list of lists of lines)."""
    pages = pages if pages is not None else [lines]
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    font = 3 + 2 * n
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    for i, page in enumerate(pages):
        content = ("BT /F1 11 Tf 50 780 Td 14 TL " + " ".join(f"({_esc(l)}) '" for l in page) + " ET")
        body = content.encode("latin-1", "replace")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objs.append(("<< /Title (%s) >>" % _esc(title)).encode("latin-1", "replace"))
    return _file(objs, info=True)


def bomb_pdf(inflated: int, pages: int = 1, resources: bool = True) -> bytes:
    """A decompression bomb: `pages` pages whose content is a FlateDecode stream of zeros that
    inflates to `inflated` bytes (a thousand times its size), with or without the /Resources
    that make pypdf's text extraction read a page's content at all."""
    import zlib
    packer = zlib.compressobj(9)
    zeros = b"\0" * (1 << 20)
    data = b"".join(packer.compress(zeros[:min(len(zeros), inflated - done)]) for done in range(0, inflated, len(zeros)))
    data += packer.flush()
    font = b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>" if resources else b""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    for i in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R%s >>" % (4 + 2 * i, font))
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    return _file(objs, info=False)


def _file(objs: list[bytes], info: bool) -> bytes:
    """The objects as a PDF file: header, objects, cross-reference table, trailer (the last
    object is the document's /Info when `info`)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % x for x in offsets)
    meta = b" /Info %d 0 R" % len(objs) if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, meta, xref)
    return out
