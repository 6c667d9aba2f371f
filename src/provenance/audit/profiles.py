"""A source's record across the findings: how often it is the best-supported voice, how often it
stands alone, whom it disagrees and agrees with, and where a later article of its outlet changed
its own figure. Read from a comparison, in one pass over its findings (linear in their values)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

TOP = 3  # sources named as a profile's most frequent disagreements and agreements


@dataclass
class Profile:
    """One source's (or one outlet's) record. `findings` counts the findings it has a value in."""
    name: str
    outlet: str
    sources: list[str]
    claims: int = 0
    findings: list[str] = field(default_factory=list)
    best: list[str] = field(default_factory=list)       # findings where its value has the most independent sources
    alone: list[str] = field(default_factory=list)      # findings where no other source states its value
    disagrees: Counter = field(default_factory=Counter)  # other source -> findings where they differ
    agrees: Counter = field(default_factory=Counter)     # other source -> findings or corroborations they share
    revisions: list[dict] = field(default_factory=list)  # a later article of its outlet changing its figure

    def row(self) -> dict:
        """The profile as a flat record (terminal, CSV, JSON)."""
        n = len(self.findings)
        return {"name": self.name, "outlet": self.outlet, "sources": len(self.sources), "claims": self.claims,
                "findings": n, "best_supported": len(self.best), "alone": len(self.alone),
                "alone_share": round(len(self.alone) / n, 2) if n else 0.0,
                "disagrees_most_with": _most(self.disagrees), "agrees_most_with": _most(self.agrees),
                "revisions": len(self.revisions)}

    def evidence(self) -> dict:
        """The findings each figure rests on, to check it by."""
        return {"findings": self.findings, "best_supported": self.best, "alone": self.alone,
                "disagrees": dict(self.disagrees.most_common()), "agrees": dict(self.agrees.most_common()),
                "revisions": self.revisions}


def _most(counts: Counter) -> str:
    return ", ".join(f"{name} ({n})" for name, n in counts.most_common(TOP))


def outlet_of(meta: dict, source_id: str) -> str:
    """A source's outlet as the manifest names it; a source without one is its own outlet."""
    return (meta.get(source_id, {}).get("outlet") or "").strip() or source_id


def source_profiles(comparison, meta: dict[str, dict]) -> dict[str, Profile]:
    """source id -> its profile."""
    profiles = {sid: Profile(sid, outlet_of(meta, sid), [sid]) for sid in sorted(set(meta) | set(comparison.per_source))}
    for sid, counts in comparison.per_source.items():
        profiles[sid].claims = counts.get("claims", 0)
    for d in comparison.discrepancies:
        _read_finding(d, profiles, meta)
    for c in comparison.corroborations:
        for sid in c.sources:
            profiles[sid].agrees.update(t for t in c.sources if t != sid)
    return profiles


def _read_finding(d, profiles: dict[str, Profile], meta: dict) -> None:
    """A finding counted once for each source in it, whatever number of its values it gives."""
    support = sorted((v.independent_sources for v in d.values), reverse=True)
    lead = support[0] if support and (len(support) == 1 or support[0] > support[1]) else None
    values_of: dict[str, list] = defaultdict(list)
    for v in d.values:
        for sid in v.sources:
            values_of[sid].append(v)
    everyone = set(values_of)
    for sid, mine in values_of.items():
        p = profiles[sid]
        p.findings.append(d.id)
        if lead is not None and any(v.independent_sources == lead for v in mine):
            p.best.append(d.id)
        if len(d.values) > 1 and any(set(v.sources) == {sid} for v in mine):
            p.alone.append(d.id)
        with_me = {t for v in mine for t in v.sources} - {sid}
        p.agrees.update(with_me)
        p.disagrees.update(everyone - with_me - {sid})
    _revisions(d, profiles, meta)


def _revisions(d, profiles: dict[str, Profile], meta: dict) -> None:
    """Two articles of one outlet giving this finding different figures: the later one revises."""
    said = sorted(((meta.get(sid, {}).get("published", ""), sid, v.value) for v in d.values for sid in v.sources))
    by_outlet: dict[str, list] = defaultdict(list)
    for published, sid, value in said:
        by_outlet[outlet_of(meta, sid)].append((published, sid, value))
    for outlet, told in by_outlet.items():
        for (before, was, old), (after, now, new) in zip(told, told[1:]):
            if old != new and before and after and before < after and was != now:
                profiles[now].revisions.append({"finding": d.id, "outlet": outlet, "earlier": was, "said": old,
                                                "later": now, "says": new, "published": after})


def outlet_profiles(profiles: dict[str, Profile]) -> dict[str, Profile]:
    """outlet -> its sources' profiles summed (a finding counted once for the outlet)."""
    out: dict[str, Profile] = {}
    for p in profiles.values():
        o = out.setdefault(p.outlet, Profile(p.outlet, p.outlet, []))
        o.sources.append(p.name)
        o.claims += p.claims
        o.findings += p.findings
        o.best += p.best
        o.alone += p.alone
        for mine, theirs in ((o.disagrees, p.disagrees), (o.agrees, p.agrees)):
            for other, n in theirs.items():  # two sources of one other outlet add up
                if profiles[other].outlet != p.outlet:
                    mine[profiles[other].outlet] += n
        o.revisions.extend(p.revisions)
    for o in out.values():  # a finding once for the outlet, however many of its sources are in it
        o.findings[:], o.best[:], o.alone[:] = dict.fromkeys(o.findings), dict.fromkeys(o.best), dict.fromkeys(o.alone)
    return out
