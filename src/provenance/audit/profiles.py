"""A source's record across the findings: how often it is the best-supported voice, how often it
stands alone, whom it disagrees and agrees with, where a later article of its outlet changed its
own figure, whose text it repeats, and its trust estimate. Counted on the findings as arrays
(`arrays.py`), linear in their values: in a finding of more than `PAIRS` voices, a source's
agreements and disagreements are counted with the `PAIRS` earliest published of them only.

The counts are kept as arrays, one row per source (or outlet); a row's `Profile`, with the
findings each figure rests on, is made when it is asked for: a report shows a few hundred of a
hundred thousand, ranked on the arrays."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np

from .arrays import INT, Findings, Voices, agreements, corroborating, grouped, positive
from .copies import copy_groups
from .trust import Trust, Trusts, estimate, wilson

TOP = 3      # sources named as a profile's most frequent disagreements and agreements
LISTED = 5   # sources listed as a profile's disagreements and agreements, with how often


@dataclass(slots=True)
class Profile:
    """One source's (or one outlet's) record. `findings` counts the findings it has a value in."""
    name: str
    outlet: str
    sources: list[str]
    claims: int = 0
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


class Runs(NamedTuple):
    """Rows' findings as arrays: row i's are `finding[at[i]:at[i + 1]]`."""
    finding: np.ndarray
    at: np.ndarray

    @classmethod
    def of(cls, row: np.ndarray, finding: np.ndarray, n_rows: int) -> "Runs":
        """From (row, finding) pairs sorted by row."""
        return cls(finding, np.searchsorted(row, np.arange(n_rows + 1)))

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.at)

    def of_row(self, i: int, ids: list[str]) -> list[str]:
        return [ids[f] for f in self.finding[self.at[i]:self.at[i + 1]].tolist()]


class Rows(NamedTuple):
    """Each row's (source's or outlet's) findings, those it is best supported in and those it
    stands alone in."""
    findings: Runs
    best: Runs
    alone: Runs

    def ranked(self, names: list[str]) -> list[int]:
        """Who stands alone most often first, then who is in most findings, then by name."""
        by_name = np.empty(len(names), dtype=INT)
        by_name[np.array(sorted(range(len(names)), key=names.__getitem__), dtype=INT)] = np.arange(len(names))
        return np.lexsort((by_name, -self.findings.counts, -self.alone.counts)).tolist()


def partners(pairs, i: int, names: list[str]) -> dict[str, int]:
    """A row's `LISTED` most frequent partners in a (row x partner) sparse matrix of counts, and
    how often, most first (ties by names' order)."""
    lo, hi = pairs.indptr[i], pairs.indptr[i + 1]
    if lo == hi:
        return {}
    other, counts = pairs.indices[lo:hi], pairs.data[lo:hi]
    first = np.lexsort((other, -counts))[:LISTED]
    return dict(zip((names[j] for j in other[first].tolist()), counts[first].tolist()))


@dataclass(frozen=True, eq=False)  # a Mapping's equality, not its columns'
class Profiles(Mapping):
    """source (or outlet) -> its profile, made when asked for from these columns, one entry a
    row; `agree` and `disagree` keep the pair counts ((row x partner) sparse matrices, partners
    named by `partner_names`), `groups` the copy groups."""
    names: list[str]
    rows: Rows
    ids: list[str]                          # the findings' ids, as Rows number them
    outlets: list[str]
    sources: list[list[str]]
    claims: list[int]
    agree: object
    disagree: object
    partner_names: list[str]
    revisions: dict[int, list[dict]]        # row -> its revisions
    copy_of: dict[str, str]
    copied_by: dict[str, list[str]]
    trust: Callable[[int], Trust]           # row -> its trust
    trusts: Trusts | None = None            # the sources' trust as arrays (outlets sum them)
    groups: list = field(default_factory=list)

    @cached_property
    def index(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.names)}

    def __getitem__(self, name: str) -> Profile:
        i = self.index[name]
        findings, best, alone = (runs.of_row(i, self.ids) for runs in self.rows)
        return Profile(name, self.outlets[i], list(self.sources[i]), self.claims[i], findings, best, alone,
                       partners(self.disagree, i, self.partner_names), partners(self.agree, i, self.partner_names),
                       list(self.revisions.get(i, ())), self.copy_of.get(name, ""),
                       list(self.copied_by.get(name, ())), self.trust(i))

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def ranked(self, most: int | None = None) -> list[Profile]:
        """The profiles, who stands alone most often first, then who is in most findings; the
        first `most` of them."""
        return [self[self.names[i]] for i in self.rows.ranked(self.names)[:most]]


def source_profiles(comparison, meta: dict[str, dict]) -> Profiles:
    """source id -> its profile."""
    names = sorted(set(meta) | set(comparison.per_source))
    index = {s: i for i, s in enumerate(names)}
    groups = copy_groups(comparison.copies, meta)
    found = Findings(comparison.discrepancies, index, comparison.voice)
    m = found.memberships
    in_dispute: set[str] = set()
    for d in comparison.discrepancies:
        for v in d.values:
            in_dispute.update(v.claim_ids)
    voices = Voices(names, {s: meta.get(s, {}).get("published", "") for s in names})
    agree, disagree = agreements(found, voices, len(names))
    agree = positive(agree + corroborating(comparison.corroborations, index, voices, in_dispute, comparison.voice))
    outlets = [outlet_of(meta, s) for s in names]
    trusts = estimate(comparison, found, index, in_dispute)
    rows = Rows(*(Runs.of(m.source[kept], m.finding[kept], len(names))
                  for kept in (np.ones(len(m.source), dtype=bool), m.best, m.alone)))  # m comes sorted by source
    return Profiles(names, rows, found.ids, outlets, sources=[[s] for s in names],
                    claims=[comparison.per_source.get(s, {}).get("claims", 0) for s in names],
                    agree=agree, disagree=disagree, partner_names=names,
                    revisions=_revisions(found, names, outlets, meta, comparison.discrepancies),
                    copy_of={s: g.original for g in groups for s in g.members},
                    copied_by={g.original: list(g.members) for g in groups}, trust=trusts.at, trusts=trusts,
                    groups=groups)


def _revisions(found: Findings, names: list[str], outlets: list[str], meta: dict, discrepancies) -> dict[int, list]:
    """Two articles of one outlet giving a finding different figures: the later one revises.
    Rows are sorted by (finding, outlet, date, source); only neighbours of one outlet are read."""
    revisions: dict[int, list] = {}
    if not len(found.source):
        return revisions
    code_of = {o: i for i, o in enumerate(sorted(set(outlets)))}
    outlet = np.array([code_of[o] for o in outlets], dtype=INT)[found.source]
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
        was, now = s[i], s[i + 1]
        revisions.setdefault(int(now), []).append(
            {"finding": found.ids[f[i]], "outlet": outlets[now], "earlier": names[was], "said": values[v[i]].value,
             "later": names[now], "says": values[v[i + 1]].value,
             "published": meta.get(names[now], {}).get("published", "")})
    return revisions


def outlet_profiles(profiles: Profiles) -> Profiles:
    """outlet -> its sources' profiles summed (a finding counted once for the outlet; two sources
    of one other outlet add up)."""
    outlets = list(dict.fromkeys(profiles.outlets))  # in the order of their first source
    place = {o: i for i, o in enumerate(outlets)}
    group = np.array([place[o] for o in profiles.outlets], dtype=INT)
    n = len(outlets)
    sources: list[list[str]] = [[] for _ in outlets]
    claims = [0] * n
    for name, o, c in zip(profiles.names, group.tolist(), profiles.claims):
        sources[o].append(name)
        claims[o] += c
    revisions: dict[int, list] = {}
    for s in sorted(profiles.revisions):
        revisions.setdefault(int(group[s]), []).extend(profiles.revisions[s])
    copied_by: dict[str, list] = {}
    for original, copies in sorted(profiles.copied_by.items(), key=lambda item: profiles.index[item[0]]):
        mine = profiles.outlets[profiles.index[original]]
        copied_by.setdefault(mine, []).extend(c for c in copies if profiles.outlets[profiles.index[c]] != mine)
    trusts = profiles.trusts
    credit = np.bincount(group, weights=trusts.credit, minlength=n).tolist()
    counted = np.bincount(group, weights=trusts.findings, minlength=n).tolist()
    return Profiles(outlets, Rows(*(_first_seen(runs, group, n) for runs in profiles.rows)), profiles.ids, outlets,
                    sources=sources, claims=claims, agree=grouped(profiles.agree, group, n),
                    disagree=grouped(profiles.disagree, group, n), partner_names=outlets, revisions=revisions,
                    copy_of={}, copied_by=copied_by, trust=lambda i: wilson(credit[i], counted[i]))


def _first_seen(runs: Runs, group: np.ndarray, n_groups: int) -> Runs:
    """The findings of each group of rows, each once, in the order its rows list them."""
    row = np.repeat(np.arange(len(runs.at) - 1, dtype=INT), runs.counts)
    by_group = np.argsort(group[row], kind="stable")  # a group's rows in order, each its findings in order
    key = group[row][by_group] * (int(runs.finding.max()) + 1 if len(row) else 1) + runs.finding[by_group]
    _, first = np.unique(key, return_index=True)
    first.sort()
    return Runs.of(group[row][by_group][first], runs.finding[by_group][first], n_groups)
