"""What the review pages show, as plain data: findings filtered and paged, a source's text cut
into pieces that carry their offsets, a claim's neighbourhood. No web framework here."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from ..compare import about, claims_counted, figure, kind_word, plain, severity_word
from ..project import State

PAGE_SIZE = 50
FILTERS = ("kind", "attribute", "subject", "source", "status", "review", "q")
_LINE = re.compile(r"[^\r\n]*(\r\n|\r|\n)?")
_NUMBER = re.compile(r"[0-9]{1,15}")   # ASCII digits: str.isdigit() takes '²', which int() refuses


def number(text: str) -> int | None:
    """A whole number written in ASCII digits (an offset, a page), or None."""
    return int(text) if _NUMBER.fullmatch(text) else None


@dataclass(frozen=True)
class Filters:
    """The findings a reviewer asked for; empty fields match everything."""
    kind: str = ""
    attribute: str = ""
    subject: str = ""
    source: str = ""
    status: str = ""        # open (changed since accepted included) | changed | accepted
    review: str = ""        # a claim status at least one of the finding's claims has
    q: str = ""

    @classmethod
    def of(cls, params) -> "Filters":
        return cls(**{k: str(params.get(k, "")).strip()[:200] for k in FILTERS})

    def query(self, **override) -> str:
        """The query string for these filters, some replaced (for links and pages)."""
        from urllib.parse import urlencode
        values = {k: getattr(self, k) for k in FILTERS}
        values.update(override)
        return urlencode({k: v for k, v in values.items() if v != ""})


def _haystack(state: State, d) -> str:
    quotes = " ".join(state.claims[c]["quote"] for c in d.claim_ids[:200] if c in state.claims)
    values = " ".join(v.value for v in d.values)
    return " ".join((d.id, d.subject, d.attribute, d.qualifiers, values, d.explanation, quotes)).casefold()


def matches(state: State, d, f: Filters) -> bool:
    stands = state.stands(d.id)
    changed = d.id in state.standing and not stands
    checks = (
        (f.kind, lambda: d.kind == f.kind),
        (f.attribute, lambda: d.attribute == f.attribute),
        (f.subject, lambda: d.subject == f.subject),
        (f.source, lambda: f.source in d.sources),
        (f.status, lambda: changed if f.status == "changed" else stands == (f.status == "accepted")),
        (f.review, lambda: any(state.claims.get(c, {}).get("status") == f.review for c in d.claim_ids)),
        (f.q, lambda: all(word in _haystack(state, d) for word in f.q.casefold().split())),
    )
    return all(fn() for wanted, fn in checks if wanted)


class Page(NamedTuple):
    findings: list
    total: int
    number: int
    pages: int


def findings_page(state: State, f: Filters, number: int) -> Page:
    """The findings that match, those to review first and those accepted as they stand after
    (as the report orders them), each part ranked by severity; one page of them."""
    found = [d for d in state.comparison.discrepancies if matches(state, d, f)]
    found.sort(key=lambda d: state.stands(d.id))  # stable: severity order kept within each part
    pages = max(1, -(-len(found) // PAGE_SIZE))
    number = min(max(1, number), pages)
    return Page(found[(number - 1) * PAGE_SIZE:number * PAGE_SIZE], len(found), number, pages)


def choices(state: State) -> dict[str, list[str]]:
    """The values each filter can take, for its menu."""
    ds = state.comparison.discrepancies
    return {"kind": sorted({d.kind for d in ds}), "attribute": sorted({d.attribute for d in ds}),
            "subject": sorted({d.subject for d in ds}), "source": sorted(state.meta),
            "status": ["open", "changed", "accepted"], "review": ["extracted", "confirmed", "rejected", "manual"]}


class Piece(NamedTuple):
    offset: int         # where the piece starts in the source text
    text: str
    claim: str          # the claim id it belongs to, or ""
    status: str
    breaks: int         # for a line break: its length in the source (1 or 2); else 0


def _spans(claims: list[dict], length: int) -> list[tuple[int, int, str, str]]:
    """Claims' passages that do not overlap an earlier one, in text order."""
    out, reach = [], 0
    for r in claims:
        s, e = number(r["start"]), number(r["end"])
        if s is None or e is None:
            continue
        if s >= reach and s < e <= length:
            out.append((s, e, r["claim_id"], r["status"]))
            reach = e
    return out


def pieces(text: str, claims: list[dict], window: tuple[int, int] | None = None) -> list[Piece]:
    """The text (or the window of it) as pieces: runs of one line, inside or outside one claim's
    passage, and line breaks; each knows its offset, so a selection's offsets can be computed."""
    lo, hi = window or (0, len(text))
    spans = [s for s in _spans(claims, len(text)) if s[1] > lo and s[0] < hi]
    cuts = sorted({lo, hi} | {min(max(x, lo), hi) for s in spans for x in s[:2]})
    starts = [s[0] for s in spans]
    out: list[Piece] = []
    for m in _LINE.finditer(text, lo, hi):
        line_end = m.end(0) - len(m.group(1) or "")
        for a, b in zip(cuts, cuts[1:]):
            a, b = max(a, m.start()), min(b, line_end)
            if a < b:
                cid, status = _owner_at(spans, starts, a)
                out.append(Piece(a, text[a:b], cid, status, 0))
        if m.group(1):
            out.append(Piece(line_end, "\n", "", "", len(m.group(1))))
        if m.end() >= hi:
            break
    return out


def _owner_at(spans: list[tuple[int, int, str, str]], starts: list[int], at: int) -> tuple[str, str]:
    """The claim whose passage holds offset `at`, if any (the passages do not overlap)."""
    i = bisect.bisect_right(starts, at) - 1
    if i >= 0 and at < spans[i][1]:
        return spans[i][2], spans[i][3]
    return "", ""


def neighbourhood(text: str, start: int, end: int, width: int = 700) -> tuple[int, int]:
    """A window of about `width` characters either side of a passage, widened or cut to whole
    lines where a line edge is in it, so the sentences around the quote are read whole."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    left = text.find("\n", lo, start) if lo > 0 else -1
    right = text.rfind("\n", end, hi) if hi < len(text) else -1
    return (left + 1 if left >= 0 else lo), (right if right >= 0 else hi)


def said(value, lang: str = "en") -> str:
    """A value as a reader says it ('about 2600', '17000-22000'), from a finding's Value or a claims row."""
    get = value.get if isinstance(value, dict) else (lambda k, d="": getattr(value, k, d))
    return figure({"value": get("value", ""), "bound": get("bound", ""),
                   "low": get("low", "") or get("value_low", ""), "high": get("high", "") or get("value_high", "")}, lang)


def claims_line(state: State) -> str:
    """The one count of claims, with what it leaves out (as the report and the terminal say it)."""
    return claims_counted(len(state.table), state.comparison.claims, state.table.rejected, "en")


def accepted_count(state: State) -> int:
    """Findings accepted as they stand (not changed since)."""
    return sum(state.stands(d.id) for d in state.comparison.discrepancies)


WORDS = {"claims_line": claims_line, "accepted_count": accepted_count, "about": about, "kind_word": kind_word,
         "severity_word": severity_word, "plain": plain, "said": said}
