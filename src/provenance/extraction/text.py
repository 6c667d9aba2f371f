"""An offset-preserving view of a source text, and its sentences.

Markup (Markdown links and emphasis, HTML tags, footnote marks) is blanked with spaces of the
same length, so every offset in the view is an offset in the original text and a quote is
always `text[start:end]`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex as re  # its long alternations of phrases run several times faster than re's

_LINK_TAIL = re.compile(r"[^\[\]\n]{0,80}\](\([^)\s]{0,300}\))?")
_MARKUP = re.compile(
    r"\[(?:\d{1,3}|[a-z])\]"           # citation marks: [12], [a] (worded ones: the language's rules)
    r"|\]\([^)\s]{0,300}\)"          # ](target) of a Markdown link
    r"|\[\[|\]\]|\[|\]"             # brackets
    r"|\*\*|__"                      # bold
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # emphasis
    r"|<[A-Za-z/!][^<>\n]{0,300}>"   # HTML tags
    r"|\^\{[^}\n]{0,20}\}"          # ^{4,5} footnote marks
    r"|&nbsp;|&#160;"
    r"|(?<![\d¹²³⁴⁵⁶⁷⁸⁹⁰])[¹²³⁴⁵⁶⁷⁸⁹⁰]+"  # footnote marks; after a digit they are its exponent
)

# no end after dotted initials ("530 U.S. Marines", "the U.N. force")
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<!\b[A-Z]\.[A-Z]\.)[\"»”’)]*\s+(?=[\"«“(\[]?\s*[A-ZÀ-ÖØ-ÞА-Я0-9])")


def clean_view(text: str, marks: re.Pattern | None = None) -> str:
    """The text with markup blanked out (same length, same offsets); `marks`: a language's
    worded note marks ("[note 3]", "[citation needed]"), blanked too."""
    for pattern in ((marks, _MARKUP) if marks is not None else (_MARKUP,)):
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    line_start: int  # start of the line it stands on
    is_table_row: bool  # a line of three or more tab-separated cells
    is_line: bool  # the sentence is its whole line (a title, a list item, an infobox line)


def sentences(view: str) -> list[Sentence]:
    """Lines, then sentences within a line; a sentence never crosses a line break."""
    out: list[Sentence] = []
    pos = 0
    for line in view.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        table = body.count("\t") >= 2 and len([c for c in body.split("\t") if c.strip()]) >= 3
        stripped = body.strip()
        if out and out[-1].is_line and not table and stripped.startswith("(") and stripped.endswith(")") \
                and stripped.count("(") == 1:
            # "Albania\n(withdrew in 1968)": a bracketed line glosses the line above
            out[-1] = Sentence(out[-1].start, line_start + len(body.rstrip()), out[-1].line_start, False, True)
            continue
        cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(body)] + [len(body)]
        pieces = [(a, b) for a, b in zip(cuts, cuts[1:]) if body[a:b].strip()]
        for a, b in pieces:
            # trim white space on both sides
            while a < b and body[a].isspace():
                a += 1
            while b > a and body[b - 1].isspace():
                b -= 1
            out.append(Sentence(line_start + a, line_start + b, line_start, table, len(pieces) == 1))
    return out


def trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space and close a Markdown link left open at the end of a quote."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:":
        end -= 1
    quote = text[start:end]
    if quote.count("]") > quote.count("[") and text.rfind("[", max(0, start - 80), start) >= 0:
        start = text.rfind("[", max(0, start - 80), start)
        quote = text[start:end]
    if quote.count("[") > quote.count("]"):
        m = _LINK_TAIL.match(text, end, end + 400)
        if m:
            end = m.end()
    return start, end


def composed(text: str) -> tuple[str, list[int]]:
    """The text in Unicode NFC (what the rules are written in), and for each of its offsets the
    offset in the original text, so that quotes are cut from the text as the source has it."""
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        out.append(piece)
        origin.extend(range(i, j) if len(piece) == j - i else [i] * len(piece))
        i = j
    origin.append(n)
    return "".join(out), origin
