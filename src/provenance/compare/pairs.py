"""How the values of one group relate, every pair at once: numpy compares each value's interval
with every other's (what `intervals.relation` does for one pair), and the connected sets of
values are found on the resulting matrices.

A group holds at most `sweep.PAIRWISE_LIMIT` values here, so a matrix is small (300 × 300);
comparing its pairs one Python call at a time cost a million calls on a million claims.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .grouping import Point


class Edges(NamedTuple):
    """Pairs (i, j), i < j, of a group's values, by how they relate: boolean matrices whose upper
    triangle holds the pairs."""
    contradiction: np.ndarray   # cannot both hold
    variance: np.ndarray        # differ, but their bounds overlap
    vague: np.ndarray           # a vague order of magnitude ("des centaines") beside a figure outside it


def edges(heads: list[Point]) -> Edges:
    """How each pair of values relates: heads[i] is a claim stating the i-th value.

    As `intervals.relation` says for each pair: dates stated exactly at two precisions (1992,
    1992-05-15) are equal; values whose intervals are disjoint contradict, unless one is vague."""
    n = len(heads)
    ivs = [h.interval for h in heads]
    low, high = _ends([iv.low for iv in ivs]), _ends([iv.high for iv in ivs])
    low_open = np.array([iv.low_open for iv in ivs], dtype=bool)
    high_open = np.array([iv.high_open for iv in ivs], dtype=bool)
    vague = np.array([h.bound == "vague" for h in heads], dtype=bool)
    exact = np.array([h.bound == "exact" for h in heads], dtype=bool)
    dated = np.array([h.is_date for h in heads], dtype=bool)
    ends_before = (high[:, None] < low[None, :]) | ((high[:, None] == low[None, :]) & (high_open[:, None] | low_open[None, :]))
    disjoint = ends_before | ends_before.T
    contains = (low[:, None] <= low[None, :]) & (high[None, :] <= high[:, None])
    # a pair's relation reads the dates flag of its first value (the row), as relation(a, b) does
    equal = dated[:, None] & exact[:, None] & exact[None, :] & (contains | contains.T)
    either_vague = vague[:, None] | vague[None, :]
    upper = np.triu(np.ones((n, n), dtype=bool), 1) & ~equal
    return Edges(upper & disjoint & ~either_vague, upper & ~disjoint & ~either_vague, upper & disjoint & either_vague)


# Whole numbers below this are exact as floats; from it on two values may become one float.
_FLOAT_EXACT = 2 ** 53


def _ends(values: list) -> np.ndarray:
    """Interval ends as an array: floats, or the exact Python numbers where a whole number is too
    large for a float to tell it from its neighbour."""
    ends = np.array(values, dtype=float)
    if (np.abs(ends[np.isfinite(ends)]) >= _FLOAT_EXACT).any():
        return np.array(values, dtype=object)
    return ends


def components(pairs: np.ndarray, rank: list[int]) -> list[list[int]]:
    """The connected sets of the values that have a pair, each in index order, the sets in the
    order of their first value by `rank`."""
    linked = pairs | pairs.T
    nodes = np.flatnonzero(linked.any(axis=1))
    if not len(nodes):
        return []
    n = len(linked)
    labels = np.arange(n)
    while True:  # each value takes the smallest label among its own and its neighbours'
        smallest = np.where(linked, labels[None, :], n).min(axis=1)
        new = np.minimum(labels, smallest)
        new = new[new]  # and its label's label: long chains settle in a few rounds
        if np.array_equal(new, labels):
            break
        labels = new
    found: dict[int, list[int]] = {}
    for i in nodes.tolist():
        found.setdefault(int(labels[i]), []).append(i)
    return sorted(found.values(), key=lambda members: min(rank[i] for i in members))
