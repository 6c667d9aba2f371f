"""`provenance show`: one claim in its source, or one finding with its evidence, as plain text."""
from __future__ import annotations

import textwrap

from ..plumbing import ProvenanceError
from .state import State
from ..report import context_of

WIDTH = 100


def _source_line(state: State, sid: str, whole: bool = True) -> str:
    m = state.meta.get(sid, {})
    parts = [sid] + [m.get(k, "") for k in ("outlet", "published", "title")[:3 if whole else 2] if m.get(k)]
    return " · ".join(parts) + (f"\n  {m['url']}" if whole and m.get("url") else "")


def _in_context(state: State, row: dict) -> str:
    start = int(row["start"]) if row["start"].isdigit() else None
    text = state.texts.get(row["source_id"])
    before, quote, after = context_of(text, start, row["quote"], width=300)
    lines = textwrap.wrap(f"…{before}[[{quote}]]{after}…", WIDTH - 4)
    orphan = "" if text is not None and (start is None or text[start:start + len(quote)] == quote) else \
        "\n  (orphaned: this quote no longer stands in its source)"
    return "\n".join("  " + line for line in lines) + orphan


def show_claim(state: State, cid: str) -> str:
    row = state.claims[cid]
    scope = f" [{row['qualifiers']}]" if row["qualifiers"] else ""
    span = f"{row['value_low']}–{row['value_high']}" if row["value_low"] != row["value_high"] else row["value"]
    from ..sources import page_of
    page = page_of(state.meta.get(row["source_id"], {}).get("pages", ""),
                   int(row["start"]) if row["start"].isdigit() else None)
    out = [f"claim {cid}",
           f"  {row['subject']}: {row['attribute']}{scope} = {row['value']} ({row['bound']}, {span} {row['unit']})",
           f"  status {row['status']}; method {row['method'] or '-'}; offsets {row['start'] or '-'}:{row['end'] or '-'}"
           + (f" (page {page})" if page else ""),
           f"source {_source_line(state, row['source_id'])}", "quote in context:", _in_context(state, row)]
    if row["note"]:
        out.append(f"note: {row['note']}")
    found = state.findings_of.get(cid, [])
    out.append("findings: " + (", ".join(found) if found else "none"))
    return "\n".join(out) + "\n"


def show_finding(state: State, did: str) -> str:
    d = state.discrepancies[did]
    scope = f" [{d.qualifiers}]" if d.qualifiers else ""
    out = [f"finding {did}: {d.kind}{' (internal)' if d.internal else ''}, severity {d.severity:.2f}",
           f"  {d.subject}: {d.attribute}{scope}", *("  " + x for x in textwrap.wrap(d.explanation, WIDTH - 2))]
    if d.reason:
        out.append(f"likely reason: {d.reason}" + (f"; most independent support: {d.support}" if d.support else ""))
    accepted = state.acceptance(did)
    if accepted:
        under = f" as {accepted['discrepancy_id']}" if accepted.get("discrepancy_id", did) != did else ""
        out.append(f"accepted{under} {accepted.get('accepted_at', '')} by {accepted.get('accepted_by') or '?'}: "
                   f"{accepted['reason']}")
        stand = state.standing.get(did)
        if stand and (stand.stale or stand.left):
            out.append(("CHANGED SINCE ACCEPTED: " if stand.stale else "since accepted: ") + stand.describe())
    for v in d.values:
        out.append(f"value {v.value} ({v.bound}) from {len(v.sources)} source(s), {v.independent_sources} independent:")
        for cid in v.claim_ids[:10]:
            row = state.claims.get(cid)
            if row:
                out += [f"  {cid} ({_source_line(state, row['source_id'], whole=False)})", _in_context(state, row)]
        if len(v.claim_ids) > 10:
            out.append(f"  and {len(v.claim_ids) - 10} more claims (provenance show CLAIM_ID)")
    return "\n".join(out) + "\n"


def show(state: State, ident: str) -> str:
    """A claim id or a finding id, shown; anything else is bad input."""
    if ident in state.claims:
        return show_claim(state, ident)
    if ident in state.discrepancies:
        return show_finding(state, ident)
    raise ProvenanceError(f"no claim or finding {ident!r} (claim ids are in claims.csv, "
                          f"finding ids in reports/discrepancies.json)")
