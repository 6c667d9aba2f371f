"""Why sources likely differ, and which value has the most independent support: hints a
fact-checker confirms or dismisses, never a verdict on which value is true."""
from __future__ import annotations

import math

from ..extraction import registry
from .explain import figure_of, sides
from .grouping import Cluster
from .wording import Say

CLOSE = 0.10   # figures within 10 % of each other may be one figure rounded


def _dates(clusters: list[Cluster]) -> list[str]:
    return sorted({d for cl in clusters for d in cl.dates if d})


def _claimants(clusters: list[Cluster]) -> list[set[str]]:
    return [set(cl.claimants) for cl in clusters]


def _close(clusters: list[Cluster]) -> bool:
    """Numbers within CLOSE of each other, one of them approximate or round."""
    firm = [cl[0] for cl in clusters if cl[0].bound != "vague"]
    if len(firm) < 2 or any(c.is_date for c in firm):
        return False
    lows = [c.interval.low for c in firm]
    if not all(math.isfinite(x) and x > 0 for x in lows):
        return False
    loose = any(c.bound != "exact" or (c.interval.low % 100 == 0 and c.interval.low >= 1000) for c in firm)
    return loose and (max(lows) - min(lows)) / max(lows) <= CLOSE


def likely_reason(kind: str, clusters: list[Cluster], internal: bool, update: bool, scope: dict | None = None) -> Say:
    """A short reason the values may differ, from what the comparison knows."""
    first = clusters[0][0]
    dates = _dates(clusters)
    if update:
        return "reason.update", {"first": dates[0], "last": dates[-1]}
    if kind == "revision":
        return "reason.revision", {"last": dates[-1]}
    if scope:
        return "reason.scope", {"scope": scope}
    if internal:
        return "reason.internal", {}
    said = _claimants(clusters)
    if len(set().union(*said) - {""}) >= 2:
        return "reason.claimants", {}
    if _close(clusters):
        return "reason.rounding", {}
    attribute = registry().get(first.attribute)
    if attribute.dated:
        return "reason.acts", {}
    if attribute.evolves and len(dates) >= 2 and dates[0][:10] != dates[-1][:10] and \
            not dates[-1].startswith(dates[0]):
        return "reason.moments", {"first": dates[0], "last": dates[-1]}
    if kind == "variance":
        return "reason.overlap", {}
    return "reason.none", {}


def support(clusters: list[Cluster], voice: dict[str, str]) -> Say | None:
    """The value with the most independent sources, as support: '2002: 3 independent sources,
    2 official'; None when no value has more than another."""
    # a date and the same date more precisely (2002, 2002-10-07) are one side
    merged = [side[0] if len(side) == 1 else Cluster(c for cl in side for c in cl) for side in sides(clusters)]
    scored = sorted(((cl.independent(voice), cl) for cl in merged), key=lambda x: -x[0])
    if len(scored) < 2 or scored[0][0] == scored[1][0]:
        return None
    best, cl = scored[0]
    official = len({c.source_id for c in cl if c.claimant == "official"})
    if official:
        return "support.official", {"value": figure_of(cl[0]), "n": best, "official": official}
    return "support.best", {"value": figure_of(cl[0]), "n": best}
