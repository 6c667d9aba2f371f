"""`provenance export`: claims and findings in the formats other tools read.

- `claimreview`: schema.org ClaimReview JSON-LD, one review per finding, every appearance of
  every value (the source's URL, outlet, date and the quote), as fact-checkers publish them;
- `webannotation`: a W3C Web Annotation collection, one annotation per claim, anchored by a
  TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector;
- `sqlite`: one database (sources, events, claims, findings, finding_values, foreign keys, full
  text search on quotes), ready for `datasette`;
- `csv`, `json`: the claims, filtered.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..claims import COLUMNS
from ..plumbing import csv_text, dict_rows, json_for_html, spreadsheet_csv
from ..project import State
from ..compare import about, figure, plain
from .filter import Filter

FORMATS = ("claimreview", "webannotation", "sqlite", "csv", "json")
CONTEXT_CHARS = 32       # prefix and suffix of a TextQuoteSelector



def _claims(state: State, f: Filter) -> list[dict]:
    return [r for r in state.claims.values() if f.keeps(r)]


# Rating scale of a ClaimReview: a finding of the kind, how well its sources agree (1: worst).
RATINGS = {"contradiction": (1, "Conflicting figures: the sources cannot all be right"),
           "variance": (2, "Differing figures: the sources may still agree")}
BEST_RATING = 3  # figures that agree: a corroboration, which the export does not review


def _source_url(state: State, sid: str) -> str:
    """The source's web address, or '' where the manifest names none (never a made-up one)."""
    url = state.meta.get(sid, {}).get("url", "")
    return url if url.startswith(("http://", "https://")) else ""


def claimreview(state: State, f: Filter, generated: str, review_url: str = "reports/index.html",
                author: str = "provenance", publisher: str = "") -> str:
    """One ClaimReview per finding whose claims pass the filter, as search engines read them:
    `url` the page where the review is published (`review_url` + '#' + the finding's id), a
    rating on a stated scale, the reviewer as `author` (and `publisher`), readable words."""
    reviews, page = [], review_url.split("#", 1)[0]  # the finding's id is the page's fragment
    for d in state.comparison.discrepancies:
        rows = [state.claims[c] for c in d.claim_ids if c in state.claims]
        if not any(f.keeps(r) for r in rows):
            continue
        appearances = [_appearance(state, r) for r in rows]
        accepted = state.acceptance(d.id) if state.stands(d.id) else None
        value, name = RATINGS.get(d.kind, (1, d.kind))
        review = {
            "@context": "https://schema.org", "@type": "ClaimReview", "identifier": d.id,
            "url": f"{page}#{d.id}",
            "claimReviewed": f"{about(d.attribute, d.subject, d.qualifiers, 'en')}: "
                             + " or ".join(figure(v.to_json(), "en") for v in d.values),
            "itemReviewed": {"@type": "Claim", "appearance": appearances,
                             "firstAppearance": min(appearances, key=lambda a: a.get("datePublished", "9999"))},
            "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": BEST_RATING, "worstRating": 1,
                             "alternateName": name, "ratingExplanation": d.reason or d.explanation},
            "reviewBody": d.explanation + (f" Accepted by a reviewer: {accepted['reason']}" if accepted else ""),
            "author": {"@type": "Organization", "name": author},
            "datePublished": generated[:10],
        }
        if publisher:
            review["publisher"] = {"@type": "Organization", "name": publisher}
        reviews.append(review)
    return _json(reviews)


def _appearance(state: State, r: dict) -> dict:
    """Where a claim appeared: the source (its URL only where it has one), the quote as it reads."""
    m = state.meta.get(r["source_id"], {})
    work = {"@type": "CreativeWork", "text": plain(r["quote"])}
    url = _source_url(state, r["source_id"])
    if url:
        work["url"] = url
    if m.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": m["outlet"]}
    if m.get("published"):
        work["datePublished"] = m["published"]
    if m.get("title"):
        work["headline"] = m["title"]
    return work


def _annotation(state: State, r: dict, generated: str) -> dict:
    text = state.texts.get(r["source_id"]) or ""
    selectors: list[dict] = [{"type": "TextQuoteSelector", "exact": r["quote"]}]
    if r["start"].isdigit() and r["end"].isdigit():
        s, e = int(r["start"]), int(r["end"])
        if text[s:e] == r["quote"]:
            selectors[0].update(prefix=text[max(0, s - CONTEXT_CHARS):s], suffix=text[e:e + CONTEXT_CHARS])
        selectors.append({"type": "TextPositionSelector", "start": s, "end": e})
    scope = f" [{r['qualifiers']}]" if r["qualifiers"] else ""
    body = [{"type": "TextualBody", "purpose": "describing", "format": "text/plain",
             "value": f"{r['subject']}: {r['attribute']}{scope} = {r['value']} ({r['bound']}, {r['unit']})"}]
    if r["note"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/plain", "value": r["note"]})
    if r["status"] != "extracted":
        body.append({"type": "TextualBody", "purpose": "tagging", "value": r["status"]})
    return {"id": f"urn:provenance:claim:{r['claim_id']}", "type": "Annotation", "motivation": "describing",
            "created": generated, "generator": {"type": "Software", "name": "provenance"}, "body": body,
            "target": {"source": _source_url(state, r["source_id"]) or f"urn:provenance:source:{r['source_id']}",
                       "selector": selectors}}


def webannotation(state: State, f: Filter, generated: str) -> str:
    items = [_annotation(state, r, generated) for r in _claims(state, f)]
    collection = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                  "label": "provenance claims", "total": len(items),
                  "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}
    return _json(collection)


def claims_csv(state: State, f: Filter, generated: str) -> str:
    """The claims for a spreadsheet: no cell runs as a formula."""
    return spreadsheet_csv(dict_rows(COLUMNS, _claims(state, f)))


def claims_json(state: State, f: Filter, generated: str) -> str:
    rows = [{c: r.get(c, "") for c in COLUMNS} for r in _claims(state, f)]
    return _json({"generated_at": generated, "claims": rows})


def _json(data) -> str:
    """Indented JSON whose < > & are escaped: a page may embed it (ClaimReview as JSON-LD)."""
    return json_for_html(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


TEXT_FORMATS = {"claimreview": claimreview, "webannotation": webannotation, "csv": claims_csv, "json": claims_json}


def written_by_export(path: Path) -> bool:
    """Whether a file has the shape of one `export` writes, in any format (an earlier export,
    which a new one may replace)."""
    from .sqlite import is_export_database
    with open(path, "rb") as f:
        if f.read(16) == b"SQLite format 3\x00":
            return is_export_database(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if text.split("\n", 1)[0] == csv_text([COLUMNS]).rstrip("\n"):
        return True
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if isinstance(data, list):
        return all(isinstance(review, dict) and review.get("@type") == "ClaimReview" for review in data)
    return isinstance(data, dict) and (set(data) == {"generated_at", "claims"} or
                                       (data.get("type"), data.get("label")) == ("AnnotationCollection",
                                                                                 "provenance claims"))
