"""The reports' Audit section: the audit's record (`audit.audit_overview`, kept whole in
discrepancies.json) as the page's sortable tables and as Markdown, each count with the findings
it rests on. The columns are the audit's own, in its order; only trust is said in a way of its
own, with its interval."""
from __future__ import annotations

from ..compare import about

AUDIT_ROWS = 400     # profiles, contradictions and copy groups each that the report files carry
ROWS_SHOWN = 200     # rows of each table on the page, who stands alone most often first
LINKS_SHOWN = 40     # findings linked from one count on the page; the rest counted
ALONE_SHOWN = 400    # contradictions listed with who stands alone on them
PASSAGES_SHOWN = 8   # shared passages quoted per copy group on the page


def trust_said(row: dict) -> str:
    """A trust estimate with its interval: '0.65 (0.43–0.86)'."""
    return f"{row['trust']:.2f} ({row['trust_low']:.2f}–{row['trust_high']:.2f})"


def rests_on(row: dict, key: str, findings: dict) -> list[str]:
    """The findings a row's count rests on (its evidence under the column's key: finding ids,
    or records naming a finding), those of the report only."""
    told = (row.get("evidence") or {}).get(key)
    if not isinstance(told, list):
        return []
    ids = [t.get("finding", "") if isinstance(t, dict) else t for t in told]
    return [i for i in dict.fromkeys(ids) if isinstance(i, str) and i in findings]


class AuditView:
    """What the page's Audit section needs: the audit's record, the report's findings by id
    (to link and name them), and the columns of each table."""
    rows_shown, links_shown, alone_shown, passages_shown = ROWS_SHOWN, LINKS_SHOWN, ALONE_SHOWN, PASSAGES_SHOWN
    trust = staticmethod(trust_said)

    def __init__(self, audit: dict, findings: list[dict]):
        self.findings = {d["id"]: d for d in findings}
        self.columns = audit.get("columns", [])
        self.method = audit.get("method", "")
        self.sources = audit.get("sources", [])
        self.outlets = audit.get("outlets", [])
        self.alone = audit.get("alone", [])
        self.copies = audit.get("copies", [])
        told = audit.get("totals", {})  # how many there were before the report file was cut
        self.totals = {k: told.get(k, len(audit.get(k, []))) for k in ("sources", "outlets", "alone", "copies")}

    def columns_by(self, by: str) -> list[dict]:
        """The columns of the table by source, or by outlet (whose name is the outlet)."""
        if by == "source":
            return self.columns
        return [{**c, "label": "outlet"} if c["key"] == "name" else c for c in self.columns if c["key"] not in ("outlet", "copy_of")]

    def rests_on(self, row: dict, key: str) -> list[str]:
        return rests_on(row, key, self.findings)


def audit_markdown(audit: dict | None, numbered: list[dict], cell, lang: str) -> list[str]:
    """The "## Audit" section's lines; `numbered`: the findings in the order the report numbers
    them, `cell`: the Markdown cell escaping every piece of text goes through."""
    if not audit:
        return []
    view = AuditView(audit, numbered)
    number = {d["id"]: i for i, d in enumerate(numbered, 1)}
    lines = ["", "## Audit", "", "Each source's record across the findings, who stands alone most often first.", ""]
    for by, rows in (("source", view.sources), ("outlet", view.outlets)):
        columns = view.columns_by(by)
        lines += [f"### By {by}", "", "| " + " | ".join(cell(c["label"]) for c in columns) + " |",
                  "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_md_value(row, c["key"], cell) for c in columns) + " |"
                  for row in rows[:ROWS_SHOWN]]
        more = view.totals[by + "s"] - min(len(rows), ROWS_SHOWN)
        lines += ["", f"… and {more} more {by}s (`provenance audit --by {by}`)", ""] if more > 0 else [""]
    lines += ["### Alone on each contradiction", ""] + ([] if view.alone else ["None.", ""])
    for entry in view.alone:
        d = view.findings.get(entry["finding"])
        what = about(d["attribute"], d["subject"], d["qualifiers"], lang) if d else \
            f"{entry['attribute']}, {entry['subject']}"
        at = f"{number[entry['finding']]}. " if entry["finding"] in number else ""
        lines.append(f"- {at}{cell(what)} (`{entry['finding']}`): " + "; ".join(
            f"{cell(v['value'])} from {cell(', '.join(v['sources']))} "
            f"{'alone' if len(v['sources']) == 1 else 'alone (copies: one voice)'}" for v in entry["alone"]))
    if len(view.alone) < view.totals["alone"]:
        lines.append(f"- … and {view.totals['alone'] - len(view.alone)} more (`provenance audit`)")
    lines += [""] if view.alone else []
    lines += _md_copies(view.copies, cell)
    if len(view.copies) < view.totals["copies"]:
        lines += [f"… and {view.totals['copies'] - len(view.copies)} more copy groups (`provenance audit`)", ""]
    return lines + [f"*{cell(view.method)}*"]


def _md_value(row: dict, key: str, cell) -> str:
    if key == "trust" and "trust_low" in row:
        few = ", few findings: wide interval" if row.get("few_findings") else ""
        return cell(trust_said(row) + few)
    return cell(row.get(key, ""))


def _md_copies(groups: list[dict], cell) -> list[str]:
    """Each copy group: the original, its copies, and the passages they share, quoted."""
    lines = ["### Copies: one text, one voice", ""] + ([] if groups else ["No source repeats another's text.", ""])
    for g in groups:
        more = g.get("copies_total", len(g["copies"])) - len(g["copies"])
        lines += [f"- **{cell(g['original'])}** (the original), repeated by {cell(', '.join(g['copies']))}"
                  + (f" and {more} more" if more > 0 else ""), ""]
        for p in g["passages"]:
            claims = f"{p['claims']} claim{'s' if p['claims'] != 1 else ''}"
            lines += [f"  > “{cell(p['passage'])}” ({cell(p['source'])} repeats {cell(p['repeats'])}, {claims})", ""]
    return lines
