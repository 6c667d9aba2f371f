"""How much a discrepancy matters (0–1), and whether a toll that grows is an update."""
from __future__ import annotations

import math
from typing import NamedTuple

from ..extraction import registry
from .grouping import Cluster
from .intervals import ISO_DATE

BASE = {"contradiction": 0.55}
BASE_OTHER = 0.2
DATE_SPAN_DAYS = 3650.0  # ten years apart is as far as it gets


def _in_time(clusters: list[Cluster]) -> list[tuple[str, Cluster]] | None:
    """The values of a toll in the order of their moments (a cluster's latest date); None when
    the attribute does not evolve, or a value is undated."""
    if not registry().get(clusters[0][0].attribute).evolves:
        return None
    dated = [(cl.dates[-1], cl) for cl in clusters if cl.dates[0]]
    return sorted(dated, key=lambda x: x[0]) if len(dated) == len(clusters) >= 2 else None


def _ordered(a: str, b: str) -> bool:
    """b is a later moment than a: '2022-01' and '2022-01-15' may be one moment, so they do not order."""
    return not b.startswith(a)


def is_update(clusters: list[Cluster]) -> bool:
    """A toll from a later source that is higher: possibly an update, not a clash."""
    ordered = _in_time(clusters)
    return bool(ordered) and all(_ordered(a, b) and x[0].interval.low <= y[0].interval.low
                                 for (a, x), (b, y) in zip(ordered, ordered[1:]))


def is_revision(clusters: list[Cluster]) -> bool:
    """The latest toll is an official figure lower than an earlier one: a revision (to check,
    not a clash of two figures for one moment)."""
    ordered = _in_time(clusters)
    if not ordered:
        return False
    (before, earlier), (last, latest) = ordered[-2], ordered[-1]
    official = all(c.claimant == "official" for c in latest)
    return official and _ordered(before, last) and latest[0].interval.high < earlier[0].interval.low


def _distance(clusters: list[Cluster]) -> float:
    """0–1: the widest gap between two values, relative to their scale (or to ten years)."""
    ivs = [cl[0].interval for cl in clusters]
    # the highest lower end against the lowest upper end
    gap = max(0.0, max(iv.low for iv in ivs) - min(iv.high for iv in ivs)) if len(ivs) > 1 else 0.0
    first = clusters[0][0]
    if first.unit in ("date", "year") or ISO_DATE.fullmatch(first.value or ""):
        return min(1.0, gap / DATE_SPAN_DAYS)
    scale = max((abs(x) for iv in ivs for x in (iv.low, iv.high) if math.isfinite(x)), default=1.0) or 1.0
    return min(1.0, gap / scale * 4)


class Evidence(NamedTuple):
    """How sure each side of a finding is."""
    voices: int          # the fewest independent voices on one side
    confidence: float    # the least sure side's reading (its best claim's rule confidence)
    frames_apart: bool   # one source's values read by different frames: they may count different things


def severity(kind: str, clusters: list[Cluster], internal: bool, update: bool, sure: Evidence) -> float:
    """0-1: how far apart, how exact the wording, how many independent voices, how sure the
    readings, internal or not. A source's figures read in different ways rank low."""
    score = BASE.get(kind, BASE_OTHER)
    score += 0.2 * _distance(clusters)
    # the claims of a cluster state one value, bound included: its first claim's bound is theirs
    exact = sum(len(cl) for cl in clusters if cl[0].bound == "exact") / max(1, sum(len(cl) for cl in clusters))
    score += 0.1 * exact
    score += 0.05 * min(3, sure.voices - 1)
    if internal and not sure.frames_apart:
        score += 0.05
    score *= 0.7 + 0.3 * sure.confidence
    if sure.frames_apart:
        score *= 0.6
    if update:
        score *= 0.6
    if any(cl[0].bound == "vague" for cl in clusters):
        score *= 0.5
    return round(max(0.0, min(1.0, score)), 2)


def follows(severity_: float) -> float:
    """The severity of a discrepancy that follows from another (an age from a founding date)."""
    return round(severity_ * 0.9, 2)
