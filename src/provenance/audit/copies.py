"""Copying, shown: sources whose passages repeat another's (the comparison's fuzzy passage
matching, `compare.voices`) grouped as one voice, the earliest published as the original, with
the passage they share quoted."""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field

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
    their group); the original is the earliest published, then the one the others repeat."""
    parent: dict[str, str] = {}

    def root(s: str) -> str:
        while parent.setdefault(s, s) != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    repeated: dict[str, int] = {}
    for copier, original in copies:
        parent[root(copier)] = root(original)
        repeated[original] = repeated.get(original, 0) + 1
    members: dict[str, list[str]] = {}
    for s in parent:
        members.setdefault(root(s), []).append(s)

    def first(s: str) -> tuple:
        return meta.get(s, {}).get("published") or UNDATED, -repeated.get(s, 0), s

    shared: dict[str, list[tuple]] = {}
    for (copier, original), (passage, n) in copies.items():
        shared.setdefault(root(copier), []).append((copier, original, passage, n))
    groups = []
    for top, found in members.items():
        found.sort(key=first)
        groups.append(CopyGroup(found[0], found[1:], shared[top]))
    groups.sort(key=lambda g: first(g.original))
    return groups


def voice_of(groups: list[CopyGroup]) -> dict[str, str]:
    """source -> the original of its copy group, for each source in one."""
    return {s: g.original for g in groups for s in [g.original, *g.members]}
