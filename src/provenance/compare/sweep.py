"""Components of a group with very many values, in O(V log V), instead of comparing every pair.

For intervals, the values that conflict with at least one other form a single component (if
A, B are disjoint and C, D are disjoint, some pair across is disjoint), so it is enough to find
the values that overlap every other one. Overlapping values form runs in the order of their
lower ends. Vague values are left out here.
"""
from __future__ import annotations

import math

from .grouping import Cluster, Values

# Above this many distinct values in one group, the group's components come from this sweep.
PAIRWISE_LIMIT = 300


def _conflicting(firm: list[tuple], ivs: list) -> list[tuple]:
    """The values disjoint from at least one other: the highest low and lowest high decide."""
    lows = sorted(((iv.low, i) for i, iv in enumerate(ivs)), reverse=True)[:2]
    highs = sorted((iv.high, i) for i, iv in enumerate(ivs))[:2]
    out = []
    for i, iv in enumerate(ivs):
        max_low = lows[1][0] if lows[0][1] == i else lows[0][0]
        min_high = highs[1][0] if highs[0][1] == i else highs[0][0]
        if iv.low > min_high or iv.high < max_low:
            out.append(firm[i])
    return out


def sweep(values_of: Values, values: list[tuple]) -> list[tuple[str, list[Cluster]]]:
    """(kind, clusters) of each finding in a group with very many values."""
    firm = [v for v in values if v[3] != "vague"]
    if len(firm) < 2:
        return []
    ivs = [values_of[v][0].interval for v in firm]
    conflicting = _conflicting(firm, ivs)
    out = []
    if len(conflicting) >= 2:
        out.append(("contradiction", [values_of[v] for v in conflicting]))
    taken = set(conflicting)
    run, run_high = [], -math.inf
    for v, iv in sorted(zip(firm, ivs), key=lambda p: p[1].low):
        if run and iv.low > run_high:
            if len(run) >= 2 and not set(run) <= taken:
                out.append(("variance", [values_of[x] for x in run]))
            run, run_high = [], -math.inf
        run.append(v)
        run_high = max(run_high, iv.high)
    if len(run) >= 2 and not set(run) <= taken:
        out.append(("variance", [values_of[x] for x in run]))
    return out
