"""The whole audit as one record, for every place that shows it (the terminal, the reports, the
app, SQLite): the profiles by source and by outlet, who stands alone on each contradiction,
the copy groups, and how the trust estimate is made."""
from __future__ import annotations

from ..compare import DEFAULT_LANGUAGE, about, figure
from .profiles import outlet_profiles, source_profiles
from .trust import FEW_FINDINGS, Z

# The columns every place shows, in order, with their headings.
COLUMNS = (("name", "source"), ("outlet", "outlet"), ("claims", "claims"), ("findings", "findings"),
           ("best_supported", "best supported"), ("alone", "alone"), ("trust", "trust"),
           ("disagrees_most_with", "disagrees most with"), ("agrees_most_with", "agrees most with"),
           ("revisions", "revisions"), ("copy_of", "copy of"))

METHOD = (f"Trust ranks sources; it does not decide. Each value's confidence is its share of its finding's "
          f"support from independent voices (copies are one voice), weighed by their trust; each source's trust "
          f"is its values' mean confidence, drawn towards 0.5, repeated until it settles. The interval is 90% "
          f"(Wilson, z = {Z}); under {FEW_FINDINGS} findings it is wide, and said to rest on few findings.")


def audit_overview(comparison, meta: dict[str, dict], lang: str = DEFAULT_LANGUAGE, most: int | None = None,
                   passages: int | None = None, names: int = 50) -> dict:
    """Everything the audit shows, each figure with the findings it rests on (what a finding is
    about and its values worded in `lang`). With `most`, cut for a page or a report file: the
    `most` first profiles, contradictions and copy groups each, `names` copies and `passages`
    passages a group; `totals` says how many there are (`provenance audit --format json` and
    SQLite keep them all)."""
    by_source = source_profiles(comparison, meta)
    by_outlet = outlet_profiles(by_source)
    alone = lone_sources(comparison, lang)
    groups = by_source.groups
    out = {
        "columns": [{"key": k, "label": label} for k, label in COLUMNS],
        "method": METHOD,
        "sources": [{**p.row(), "evidence": p.evidence()} for p in by_source.ranked(most)],
        "outlets": [{**p.row(), "evidence": p.evidence()} for p in by_outlet.ranked(most)],
        "alone": alone[:most],
        "copies": [g.to_json(names, passages) if most is not None else g.to_json() for g in groups[:most]],
        "totals": {"sources": len(by_source), "outlets": len(by_outlet), "alone": len(alone), "copies": len(groups)},
    }
    return out


def lone_sources(comparison, lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """For each contradiction, the sources whose value no other independent voice gives."""
    out = []
    for d in comparison.discrepancies:
        if d.kind != "contradiction" or len(d.values) < 2:
            continue
        lone = [{"value": v.value, "said": figure({"value": v.value, "low": v.low, "high": v.high, "bound": v.bound},
                                                   lang), "sources": list(v.sources)}
                for v in d.values if v.independent_sources == 1]
        if lone:
            out.append({"finding": d.id, "attribute": d.attribute, "subject": d.subject,
                        "about": about(d.attribute, d.subject, d.qualifiers, lang), "alone": lone})
    return out
