"""A trust estimate for each source, with its uncertainty: a small iterative method in the line
of TruthFinder (Yin et al., 2008), copies discounted as in Dong et al. (2009). It ranks sources;
it does not decide which figure is true.

The evidence is the findings: every discrepancy (values that disagree) and every corroboration
that at least two independent voices give and no discrepancy holds. A voice is a source, or the
source whose text a claim repeats (`compare.voices`): copies are one voice.

Starting with every source at 0.5, two steps repeat until no trust moves by more than 1e-6:

1. A value's confidence is its share of the finding's support, where a value's support is
   the sum of -ln(1 - trust) over its independent voices (so two voices of 0.5 support a value
   as much as one of 0.75). A corroborated value nobody disputes has confidence 1.
2. A source's trust is the mean confidence of the values it gives, one per finding (a source
   giving two values in a finding counts each at half), drawn towards 0.5 by z² = 2.71 findings
   of no information: (sum + z²/2) / (n + z²).

That second step is the centre of the 90% Wilson score interval over the source's n findings,
which is given with it: a source in few findings has a wide interval, and fewer than
`FEW_FINDINGS` are said to be few. Every array step is linear in the findings' values.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .arrays import INT, Findings, unique_pairs

Z = 1.645           # the 90% interval
PRIOR = 0.5         # where every source starts, and what no evidence leaves it at
ROUNDS = 100        # at most
TOLERANCE = 1e-6
FEW_FINDINGS = 3    # under this, the estimate is said to rest on few findings


@dataclass(frozen=True)
class Trust:
    estimate: float
    low: float
    high: float
    findings: float       # the findings it rests on
    credit: float = 0.0   # the confidence of its values, summed over them

    @property
    def few(self) -> bool:
        return self.findings < FEW_FINDINGS

    def to_json(self) -> dict:
        return {"trust": round(self.estimate, 3), "trust_low": round(self.low, 3), "trust_high": round(self.high, 3),
                "few_findings": self.few}


def wilson(successes: float, n: float) -> Trust:
    """The 90% Wilson score interval of `successes` in `n` (fractions allowed), and its centre."""
    if n <= 0:
        return Trust(PRIOR, 0.0, 1.0, 0.0, 0.0)
    z2 = Z * Z
    p = successes / n
    centre = (successes + z2 / 2) / (n + z2)
    half = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Trust(centre, max(0.0, centre - half), min(1.0, centre + half), n, successes)


class Evidence:
    """The findings as arrays: which voices support which value, which source gives which value
    (built on `arrays.Findings`, one row per finding, value and source)."""

    def __init__(self, comparison, found: Findings, index: dict[str, int], in_dispute: set[str]):
        n = len(index)
        # each value's voices: its sources, or those whose text they repeat (`Findings.voice`)
        self.pair_value, self.pair_voice, _ = unique_pairs(found.value, found.voice, max(n, 1))
        self.finding_of = found.value_finding
        m = found.memberships
        self.given_source, self.given_value = found.source, found.value
        self.given_weight = 1.0 / m.values[m.inverse]  # a source giving two values of a finding: each at half
        agreed: list[int] = []
        for c in comparison.corroborations:
            if c.independent_sources >= 2 and c.claim_ids[0] not in in_dispute:
                agreed.extend(map(index.__getitem__, c.sources))
        self.agreed = np.bincount(np.array(agreed, dtype=INT), minlength=n).astype(float)
        self.counted = np.bincount(m.source, minlength=n) + self.agreed

    def confidence(self, trust: np.ndarray) -> np.ndarray:
        """Each value's share of its finding's support, the voices weighed by their trust."""
        weight = -np.log1p(-np.clip(trust, 0.0, 0.999))
        support = np.bincount(self.pair_value, weights=weight[self.pair_voice], minlength=len(self.finding_of))
        total = np.bincount(self.finding_of, weights=support)
        return support / np.where(total[self.finding_of] > 0, total[self.finding_of], 1.0)

    def credit(self, confidence: np.ndarray) -> np.ndarray:
        """Per source: the confidence of the values it gives, summed over its findings."""
        given = np.bincount(self.given_source, weights=confidence[self.given_value] * self.given_weight,
                            minlength=len(self.counted))
        return given + self.agreed


class Trusts(NamedTuple):
    """Every source's trust as arrays, in the order of the sources' index."""
    estimate: np.ndarray
    low: np.ndarray
    high: np.ndarray
    findings: np.ndarray
    credit: np.ndarray

    def at(self, i: int) -> Trust:
        return Trust(float(self.estimate[i]), float(self.low[i]), float(self.high[i]), float(self.findings[i]),
                     float(self.credit[i]))


def estimate(comparison, found: Findings, index: dict[str, int], in_dispute: set[str]) -> Trusts:
    """Every source's trust (in `index`'s order)."""
    ev = Evidence(comparison, found, index, in_dispute)
    z2 = Z * Z
    trust = np.full(len(index), PRIOR)
    for _ in range(ROUNDS):
        new = (ev.credit(ev.confidence(trust)) + z2 * PRIOR) / (ev.counted + z2)
        moved = float(np.max(np.abs(new - trust))) if len(new) else 0.0
        trust = new
        if moved < TOLERANCE:
            break
    credit, counted = ev.credit(ev.confidence(trust)), ev.counted
    # wilson() for every source at once
    n = np.where(counted > 0, counted, 1.0)
    z2, p = Z * Z, np.clip(credit / n, 0.0, 1.0)
    centre = (credit + z2 / 2) / (n + z2)
    half = Z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    none = counted <= 0
    return Trusts(np.where(none, PRIOR, centre), np.where(none, 0.0, np.maximum(0.0, centre - half)),
                  np.where(none, 1.0, np.minimum(1.0, centre + half)), np.where(none, 0.0, counted).astype(float),
                  np.where(none, 0.0, credit).astype(float))
