"""Copying, shown: sources whose passages repeat another's (the comparison's fuzzy passage
matching, `compare.voices`) grouped as one voice, the earliest published as the original, with
the passage they share quoted."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

UNDATED = "\uffff"  # sorts after every date: an undated source is never taken for the original


@dataclass
class CopyGroup:
    """Sources that are one voice: `original` first published, `members` the others by date;
    `pairs`: (source, the source it repeats, a passage they share, the claims repeating it)."""
    original: str
    members: list[str]
    pairs: list[tuple[str, str, str, int]] = field(default_factory=list)

    @property
    def passages(self) -> list[dict]:
        return self.shown()

    def shown(self, most: int | None = None) -> list[dict]:
        """The passages, by source and the source it repeats; the first `most` of them."""
        first = sorted(self.pairs)[:most] if most is None or len(self.pairs) <= most else \
            heapq.nsmallest(most, self.pairs)
        return [{"source": s, "repeats": r, "passage": passage, "claims": n} for s, r, passage, n in first]

    def to_json(self, names: int | None = None, passages: int | None = None) -> dict:
        """The group as a record; cut to `names` copies and `passages` passages, with their totals."""
        out = {"original": self.original, "copies": self.members[:names], "passages": self.shown(passages)}
        if names is not None or passages is not None:
            out.update(copies_total=len(self.members), passages_total=len(self.pairs))
        return out


def copy_groups(copies: dict[tuple[str, str], tuple[str, int]], meta: dict[str, dict]) -> list[CopyGroup]:
    """The sources linked by copying, in groups (a source repeating one that repeats a third is of
    their group; one repeating two is of the group of the one it repeats most); the original is
    the earliest published, then the one the others repeat."""
    if not copies:
        return []
    pairs = list(copies)
    names = sorted({s for pair in pairs for s in pair})
    index = {s: i for i, s in enumerate(names)}
    copier = np.fromiter((index[c] for c, _ in pairs), dtype=np.int64, count=len(pairs))
    original = np.fromiter((index[o] for _, o in pairs), dtype=np.int64, count=len(pairs))
    # a source joins the group of the one it repeats most (an aggregator quoting two wires does
    # not make the wires one voice), then those it repeats are followed
    claims = np.fromiter((n for _, n in copies.values()), dtype=np.int64, count=len(pairs))
    most = np.lexsort((original, -claims, copier))
    chosen = most[np.r_[True, copier[most][1:] != copier[most][:-1]]]
    labels = _components(copier[chosen], original[chosen], len(names))
    label = labels.tolist()
    repeated = np.bincount(original, minlength=len(names))
    when = [meta.get(s, {}).get("published") or UNDATED for s in names]
    order = sorted(range(len(names)), key=lambda i: (label[i], when[i], -repeated[i], names[i]))
    members: dict[int, list[str]] = {}
    for i in order:  # each group's sources, the original first
        members.setdefault(label[i], []).append(names[i])
    shared: dict[int, list[tuple]] = {}
    for ((c, o), (passage, n)), top in zip(copies.items(), labels[copier].tolist()):
        shared.setdefault(top, []).append((c, o, passage, n))
    groups = [CopyGroup(found[0], found[1:], shared[top]) for top, found in members.items() if len(found) > 1]
    groups.sort(key=lambda g: (when[index[g.original]], -repeated[index[g.original]], g.original))
    return groups


def _components(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """Each node's component (its smallest node), the edges a-b taken both ways: labels spread
    along the edges, then jump to their label's label, until none moves."""
    label = np.arange(n, dtype=np.int64)
    while True:
        before = label.copy()
        np.minimum.at(label, a, label[b])
        np.minimum.at(label, b, label[a])
        label = label[label]
        if np.array_equal(label, before):
            return label
