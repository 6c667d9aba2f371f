"""What the audit page shows, as plain data: the audit's profiles (by source or by outlet) as rows
of cells, each count with the findings it rests on; who stands alone on each contradiction, each
value as a reader says it; the copy groups. The audit itself is `audit.audit_overview`, the
record the terminal and the reports show: this module only lays it out. No web framework here."""
from __future__ import annotations

from typing import NamedTuple

from ..audit import audit_overview, outlet_of
from ..project import State
from .views import said

BY = ("source", "outlet")
PAGE_ROWS = 500   # profiles, contradictions and copy groups each shown on the page (the rest: `provenance audit`)
PASSAGES = 8      # shared passages quoted for each copy group
# column key -> the evidence its count rests on (a list of finding ids, or of revisions naming one)
EVIDENCE = {"findings": "findings", "best_supported": "best_supported", "alone": "alone", "revisions": "revisions"}


class Cell(NamedTuple):
    key: str
    text: str
    sort: float | int | None   # the number the column sorts by (data-sort), None for words
    findings: list[str]        # the findings a count rests on
    few: bool = False          # a trust estimate resting on few findings


class Row(NamedTuple):
    name: str
    anchor: str          # the row's id in the page: a source's id, "" for an outlet
    sources: list[str]   # an outlet's sources
    cells: list[Cell]


class Lone(NamedTuple):
    finding: str
    values: list[tuple[str, list[str]]]   # (the value as said, the one source that gives it)


class AuditPage(NamedTuple):
    by: str
    columns: list[dict]      # {key, label}
    rows: list[Row]
    alone: list[Lone]
    copies: list[dict]       # {original, copies, passages: [{source, repeats, passage, claims}]}
    method: str
    findings: dict           # finding id -> the finding, for the words of each link
    totals: dict             # how many profiles, contradictions and copy groups there are in all


def audit_page(state: State, by: str) -> AuditPage:
    """The audit of this state, its profiles by source or by outlet (`by`, one of BY)."""
    overview = audit_overview(state.comparison, state.meta, most=PAGE_ROWS, passages=PASSAGES)
    findings = state.discrepancies
    columns = overview["columns"]
    if by == "outlet":  # an outlet's name is its outlet: the column would repeat it
        columns = [{**c, "label": "outlet"} if c["key"] == "name" else c for c in columns if c["key"] not in ("outlet", "copy_of")]
    of_outlet: dict[str, list[str]] = {}
    for sid in sorted(state.meta):
        of_outlet.setdefault(outlet_of(state.meta, sid), []).append(sid)
    rows = [Row(p["name"], p["name"] if by == "source" else "", of_outlet.get(p["name"], []) if by == "outlet" else [],
                [_cell(c["key"], p) for c in columns])
            for p in overview["outlets" if by == "outlet" else "sources"]]
    alone = [Lone(a["finding"], [(_said(findings.get(a["finding"]), v), v["sources"]) for v in a["alone"]])
             for a in overview["alone"]]
    return AuditPage(by, columns, rows, alone, overview["copies"], overview["method"], findings, overview["totals"])


def _cell(key: str, profile: dict) -> Cell:
    """One column of a profile: a count with the findings it rests on, trust with its interval,
    another number, or words."""
    value = profile.get(key, "")
    if key == "trust":
        return Cell(key, f"{value:.2f} ({profile['trust_low']:.2f}–{profile['trust_high']:.2f})", value, [],
                    bool(profile.get("few_findings")))
    rests_on = profile["evidence"].get(EVIDENCE.get(key, ""), [])
    ids = list(dict.fromkeys(r["finding"] if isinstance(r, dict) else r for r in rests_on))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Cell(key, str(value), value, ids)
    return Cell(key, "" if value is None else str(value), None, ids)


def _said(finding, lone: dict) -> str:
    """A lone value as the finding says it ('about 2600'), or as the audit gives it."""
    for v in getattr(finding, "values", ()):
        if v.value == lone["value"] and list(v.sources) == lone["sources"]:
            return said(v)
    return str(lone["value"])
