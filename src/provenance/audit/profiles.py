"""A source's record across the findings: how often it is the best-supported voice, how often it
stands alone, whom it disagrees and agrees with, where a later article of its outlet changed its
own figure, whose text it repeats, and its trust estimate. Counted on the findings as arrays
(`arrays.py`), linear in their values: in a finding of more than `PAIRS` voices, a source's
agreements and disagreements are counted with the `PAIRS` earliest published of them only."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .arrays import INT, Findings, Voices, added, agreements, corroborating, grouped, top
from .copies import copy_groups
from .trust import Trust, estimate, summed

TOP = 3      # sources named as a profile's most frequent disagreements and agreements
LISTED = 5   # sources listed as a profile's disagreements and agreements, with how often


@dataclass(slots=True)
class Profile:
    """One source's (or one outlet's) record. `findings` counts the findings it has a value in."""
    name: str
    outlet: str
    sources: list[str]
    claims: int = 0
    # each replaced, never changed in place: a hundred thousand profiles share the empty defaults
    findings: Sequence[str] = ()
    best: Sequence[str] = ()              # findings where its value has the most independent sources
    alone: Sequence[str] = ()             # findings where no other voice states its value
    disagrees: Mapping | None = None      # other source -> findings where they differ, most first
    agrees: Mapping | None = None         # other source -> findings or corroborations they share
    revisions: Sequence[dict] = ()        # a later article of its outlet changing its figure
    copy_of: str = ""                     # the original whose text it repeats
    copied_by: Sequence[str] = ()         # the sources that repeat its text
    trust: Trust | None = None

    def row(self) -> dict:
        """The profile as a flat record (terminal, CSV, JSON)."""
        n = len(self.findings)
        trust = (self.trust or Trust(0.5, 0.0, 1.0, 0.0)).to_json()
        return {"name": self.name, "outlet": self.outlet, "sources": len(self.sources), "claims": self.claims,
                "findings": n, "best_supported": len(self.best), "alone": len(self.alone),
                "alone_share": round(len(self.alone) / n, 2) if n else 0.0,
                "disagrees_most_with": _most(self.disagrees or {}), "agrees_most_with": _most(self.agrees or {}),
                "revisions": len(self.revisions), "copy_of": self.copy_of, "copied_by": len(self.copied_by), **trust}

    def evidence(self) -> dict:
        """The findings each figure rests on, to check it by."""
        return {"sources": list(self.sources), "findings": list(self.findings), "best_supported": list(self.best),
                "alone": list(self.alone), "disagrees": dict(self.disagrees or {}), "agrees": dict(self.agrees or {}),
                "revisions": list(self.revisions), "copied_by": list(self.copied_by)}


def _most(counts: dict) -> str:
    """The first `TOP` of counts kept most first."""
    return ", ".join(f"{name} ({n})" for name, n in list(counts.items())[:TOP])


def outlet_of(meta: dict, source_id: str) -> str:
    """A source's outlet as the manifest names it; a source without one is its own outlet."""
    return (meta.get(source_id, {}).get("outlet") or "").strip() or source_id


class Profiles(dict):
    """source id -> its profile; `agree` and `disagree` keep the pair counts ((source, voice,
    count) arrays) the outlets' profiles are summed from; `groups` the copy groups."""
    agree: tuple
    disagree: tuple
    groups: list


def source_profiles(comparison, meta: dict[str, dict]) -> Profiles:
    """source id -> its profile."""
    names = sorted(set(meta) | set(comparison.per_source))
    index = {s: i for i, s in enumerate(names)}
    profiles = Profiles((sid, Profile(sid, outlet_of(meta, sid), [sid])) for sid in names)
    for sid, counts in comparison.per_source.items():
        profiles[sid].claims = counts.get("claims", 0)
    groups = profiles.groups = copy_groups(comparison.copies, meta)
    for g in groups:
        profiles[g.original].copied_by = list(g.members)
        for sid in g.members:
            profiles[sid].copy_of = g.original
    found = Findings(comparison.discrepancies, index, comparison.voice)
    _findings_of(found, profiles, names)
    in_dispute: set[str] = set()
    for d in comparison.discrepancies:
        for v in d.values:
            in_dispute.update(v.claim_ids)
    voices = Voices(names, {s: meta.get(s, {}).get("published", "") for s in names})
    agree, profiles.disagree = agreements(found, voices, len(names))
    profiles.agree = added(agree, corroborating(comparison.corroborations, index, voices, in_dispute,
                                                comparison.voice), width=len(names))
    for counts, pairs in (("agrees", profiles.agree), ("disagrees", profiles.disagree)):
        for sid, most in top(pairs, LISTED, names).items():
            setattr(profiles[sid], counts, most)
    _revisions(found, profiles, names, meta, comparison.discrepancies)
    for sid, t in estimate(comparison, found, index, in_dispute).items():
        profiles[sid].trust = t
    return profiles


def _findings_of(found: Findings, profiles: Profiles, names: list[str]) -> None:
    """Each source's findings, those where it is best supported and those where it stands alone
    (each list cut from one list of all, by where each source's part of it starts)."""
    m = found.memberships
    if not len(m.source):
        return
    ids = np.array(found.ids, dtype=object)
    cuts = {}
    for key, kept in (("findings", np.ones(len(m.source), dtype=bool)), ("best", m.best), ("alone", m.alone)):
        at = np.searchsorted(m.source[kept], np.arange(len(names) + 1))  # m.source comes sorted
        cuts[key] = (ids[m.finding[kept]].tolist(), at.tolist())
    for s in np.unique(m.source).tolist():
        p = profiles[names[s]]
        for key, (listed, at) in cuts.items():
            setattr(p, key, listed[at[s]:at[s + 1]])


def _revisions(found: Findings, profiles: Profiles, names: list[str], meta: dict, discrepancies) -> None:
    """Two articles of one outlet giving a finding different figures: the later one revises.
    Rows are sorted by (finding, outlet, date, source); only neighbours of one outlet are read."""
    if not len(found.source):
        return
    outlets = {o: i for i, o in enumerate(sorted({p.outlet for p in profiles.values()}))}
    outlet = np.array([outlets[profiles[s].outlet] for s in names], dtype=INT)[found.source]
    published = [meta.get(s, {}).get("published", "") for s in names]
    code = {d: i for i, d in enumerate(sorted(set(published)))}
    date = np.array([code[d] for d in published], dtype=INT)[found.source]
    undated = code.get("", -1)
    order = np.lexsort((found.value, found.source, date, outlet, found.finding))
    f, o, d, s, v = (a[order] for a in (found.finding, outlet, date, found.source, found.value))
    values = [v for disc in discrepancies for v in disc.values]
    said = {}  # a figure as said, the same for two values that differ only in their bound
    figure = np.array([said.setdefault(x.value, len(said)) for x in values], dtype=INT)[v]
    later = np.flatnonzero((f[1:] == f[:-1]) & (o[1:] == o[:-1]) & (figure[1:] != figure[:-1]) & (s[1:] != s[:-1])
                           & (d[:-1] != undated) & (d[1:] > d[:-1]))
    for i in later.tolist():
        was, now = names[s[i]], names[s[i + 1]]
        revision = {"finding": found.ids[f[i]], "outlet": profiles[now].outlet, "earlier": was,
                    "said": values[v[i]].value, "later": now, "says": values[v[i + 1]].value,
                    "published": meta.get(now, {}).get("published", "")}
        profiles[now].revisions = [*profiles[now].revisions, revision]


def outlet_profiles(profiles: Profiles) -> dict[str, Profile]:
    """outlet -> its sources' profiles summed (a finding counted once for the outlet; two sources
    of one other outlet add up)."""
    out: dict[str, Profile] = {}
    for p in profiles.values():
        o = out.get(p.outlet)
        if o is None:
            o = out[p.outlet] = Profile(p.outlet, p.outlet, [], findings=[], best=[], alone=[], revisions=[],
                                        copied_by=[])
        o.sources.append(p.name)
        o.claims += p.claims
        o.findings += p.findings
        o.best += p.best
        o.alone += p.alone
        o.revisions += p.revisions
        o.copied_by += [c for c in p.copied_by if profiles[c].outlet != p.outlet]
    outlets = list(out)
    place = {o: i for i, o in enumerate(outlets)}
    group = np.array([place[p.outlet] for p in profiles.values()], dtype=INT)
    for counts, pairs in (("agrees", profiles.agree), ("disagrees", profiles.disagree)):
        for name, most in top(grouped(pairs, group, len(outlets)), LISTED, outlets).items():
            setattr(out[name], counts, most)
    for o in out.values():  # a finding once for the outlet, however many of its sources are in it
        o.findings[:], o.best[:], o.alone[:] = dict.fromkeys(o.findings), dict.fromkeys(o.best), dict.fromkeys(o.alone)
        o.trust = summed([profiles[s].trust for s in o.sources if profiles[s].trust])
    return out
