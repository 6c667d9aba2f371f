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
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % x for x in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    return out
