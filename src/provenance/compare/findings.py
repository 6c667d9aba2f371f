"""Findings, built once and never changed: a `Discrepancy` (its values side by side, each with
its sources, claim ids and quotes) and a `Corroboration` (one value stated by several sources)."""
from __future__ import annotations

import bisect
import hashlib
import math
from dataclasses import dataclass, field
from functools import cached_property

from ..extraction import registry
from .explain import claimant_notes, explain, figure_of, figures
from .grouping import Cluster, GroupKey, Point
from .severity import Evidence, is_revision, is_update, severity
from .reasons import likely_reason, support
from .wording import DEFAULT_LANGUAGE, Say, Words, render, render_all

# Quotes shown per value (every claim id is listed; the quotes of the first ones suffice to read),
# and per corroboration (the reports print three: a value of 100k claims kept 25 for nothing).
MAX_QUOTES = 25
CORROBORATION_QUOTES = 3


def _quotes(claims: list[Point], published: bool, most: int = MAX_QUOTES) -> tuple[dict, ...]:
    """The first claims' quotes, as the reports show them."""
    out = []
    for x in claims[:most]:
        quote = {"source_id": x.source_id, "claim_id": x.claim_id, "quote": x.quote, "start": x.start}
        if published:
            quote.update(published=x.published, status=x.status, note=x.note)
        out.append(quote)
    return tuple(out)


def stable_id(*parts: str) -> str:
    return "d-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Value:
    """One value of a discrepancy, with everyone who states it."""
    value: str
    low: str
    high: str
    bound: str
    sources: tuple[str, ...]
    claim_ids: tuple[str, ...]
    independent_sources: int
    claimants: tuple[str, ...]
    quotes: tuple[dict, ...]
    claims: int
    claim_sources: tuple[str, ...] = ()     # the source of each of claim_ids, in their order

    @classmethod
    def of(cls, claims: Cluster, voice: dict[str, str]) -> "Value":
        c = claims[0]
        return cls(c.value, c.low, c.high, c.bound, claims.sources, claims.claim_ids, claims.independent(voice),
                   claims.claimants, _quotes(claims, published=True), len(claims), claims.claim_sources)

    def to_json(self) -> dict:
        return {"value": self.value, "low": self.low, "high": self.high, "bound": self.bound,
                "sources": list(self.sources), "claim_ids": list(self.claim_ids),
                "independent_sources": self.independent_sources, "claimants": list(self.claimants),
                "quotes": [dict(q) for q in self.quotes], "claims": self.claims}


@dataclass(frozen=True)
class Discrepancy:
    id: str
    subject: str
    attribute: str
    qualifiers: str
    kind: str
    severity: float
    internal: bool
    values: tuple[Value, ...]
    words: Words               # what it says, structured: worded in any report language
    related: tuple[str, ...] = ()
    update: bool = False
    compatible: tuple[Value, ...] = ()  # values beside the conflict that hold with one of its sides

    @cached_property
    def explanation(self) -> str:
        return render_all(self.words.explanation)

    @cached_property
    def notes(self) -> tuple[str, ...]:
        return tuple(map(render, self.words.notes))

    @cached_property
    def reason(self) -> str:
        """Why the values likely differ: a hint to confirm or dismiss."""
        return render(self.words.reason) if self.words.reason else ""

    @cached_property
    def support(self) -> str:
        """The value with the most independent sources, as support."""
        return render(self.words.support) if self.words.support else ""

    @property
    def claim_ids(self) -> list[str]:
        return [c for v in self.values for c in v.claim_ids]

    @property
    def sources(self) -> set[str]:
        return {s for v in self.values for s in v.sources}

    def to_json(self, lang: str = DEFAULT_LANGUAGE) -> dict:
        """As JSON, its prose in `lang`, and the structured reasons it is worded from."""
        said = self.words.rendered(lang)
        return {"id": self.id, "subject": self.subject, "attribute": self.attribute, "qualifiers": self.qualifiers,
                "kind": self.kind, "severity": self.severity, "internal": self.internal,
                "values": [v.to_json() for v in self.values], "explanation": said["explanation"],
                "notes": said["notes"], "related": list(self.related), "possible_update": self.update,
                "likely_reason": said["likely_reason"], "best_supported": said["best_supported"],
                "compatible": [v.to_json() for v in self.compatible], "reasons": self.words.to_json()}


@dataclass(frozen=True)
class Corroboration:
    subject: str
    attribute: str
    qualifiers: str
    value: str
    bound: str
    sources: tuple[str, ...]
    claim_ids: tuple[str, ...]
    independent_sources: int
    quotes: tuple[dict, ...] = field(default=())
    claim_sources: tuple[str, ...] = ()     # the source of each of claim_ids, in their order

    @classmethod
    def of(cls, key: GroupKey, claims: Cluster, voice: dict[str, str]) -> "Corroboration":
        c = claims[0]
        return cls(key.subject, key.attribute, key.qualifiers, c.value, c.bound, claims.sources, claims.claim_ids,
                   claims.independent(voice), _quotes(claims, published=False, most=CORROBORATION_QUOTES),
                   claims.claim_sources)

    def sort_key(self) -> tuple:
        return (-self.independent_sources, self.attribute, self.subject, self.qualifiers, self.value, list(self.sources))

    def to_json(self, quotes: int | None = None) -> dict:
        """As JSON, with its first `quotes` quotes (all by default)."""
        return {"subject": self.subject, "attribute": self.attribute, "qualifiers": self.qualifiers,
                "value": self.value, "bound": self.bound, "sources": list(self.sources),
                "claim_ids": list(self.claim_ids), "independent_sources": self.independent_sources,
                "quotes": [dict(q) for q in self.quotes[:quotes]]}


def unique_ids(found: list[Discrepancy]) -> list[Discrepancy]:
    """Findings of one scope and kind share an id: the one with the most claims keeps it, the
    others get one that adds their values."""
    from dataclasses import replace
    by_id: dict[str, list[Discrepancy]] = {}
    for d in found:
        by_id.setdefault(d.id, []).append(d)
    renamed = {}
    for same in by_id.values():
        same.sort(key=lambda d: (-len(d.claim_ids), [v.value for v in d.values]))
        for d in same[1:]:
            renamed[id(d)] = replace(d, id=stable_id(d.id, *sorted(f"{v.value}|{v.bound}" for v in d.values)))
    return [renamed.get(id(d), d) for d in found]


def discrepancy(key: GroupKey, kind: str, clusters: list[Cluster], voice: dict[str, str],
                extra_notes: tuple[Say, ...] = (), explanation: list[Say] | None = None,
                scope: dict | None = None, uncertain: list[Cluster] = ()) -> Discrepancy:
    """The finding for values of one group that disagree (`kind`: contradiction | variance); a
    contradiction whose values grow with their sources' dates is an `update`, and one whose
    `uncertain` values are of a group the text leaves unclear is `to_check`."""
    beside: list[Cluster] = []
    if kind == "contradiction":  # "these cannot all be true" holds only values that cannot
        told = Tellings(clusters)
        clusters, beside = conflicting(clusters, told)
        extra_notes = extra_notes + tuple(beside_note(cl, clusters, told) for cl in beside)
    internal = len({s for cl in clusters for s in cl.sources}) == 1
    update = is_update(clusters)
    # counts ten times apart, neither a toll that grew nor rival claimants' figures: different things
    apart_in_scale = kind == "contradiction" and registry().get(key.attribute).value == "count" and not update \
        and len({c.claimant for cl in clusters for c in cl}) == 1 and scales_apart(clusters)
    to_check = bool(uncertain) or apart_in_scale
    # a toll that grows from one day to the next is a timeline, not a conflict: only figures of
    # one moment that cannot both hold are contradictions
    shown = kind if kind != "contradiction" else "to_check" if to_check else "update" if update else \
        "revision" if is_revision(clusters) else kind
    # what the disagreement is about, not its values: a new value joining it keeps its id (and
    # its acceptance); unique_ids() tells apart two findings of one scope
    ident = stable_id(key.attribute, key.subject, key.qualifiers, shown)
    values = tuple(Value.of(cl, voice) for cl in clusters)
    notes = tuple(claimant_notes(clusters)) + extra_notes
    if explanation is None:
        explanation = explain(kind, clusters, internal, update, list(notes), apart_in_scale)
    apart = internal and kind == "contradiction" and registry().get(key.attribute).sums and frames_apart(clusters)
    reason = ("reason.unclear_scope", {"value": figure_of(uncertain[0][0])}) if uncertain else \
        ("reason.scale", {}) if apart_in_scale else \
        ("reason.internal_scopes", {}) if apart else \
        likely_reason(shown, clusters, internal, update, scope)
    words = Words(tuple(explanation), notes, reason, support(clusters, voice))
    sure = Evidence(min(v.independent_sources for v in values), min(map(_confidence, clusters)), bool(apart))
    return Discrepancy(ident, key.subject, key.attribute, key.qualifiers, shown,
                       severity("to_check" if to_check else kind, clusters, internal, update, sure), internal,
                       values, words, (), update, tuple(Value.of(cl, voice) for cl in beside))


SCALE_APART = 10  # a count ten times another counts something else: a unit beside the whole force


def scales_apart(clusters: list[Cluster]) -> bool:
    """Counts an order of magnitude apart ("2" beside 2,500 troops, "230 extra troops" beside
    130,000, 17 dead beside 1,400): they likely count different things, a unit beside the whole
    force, one group or one incident beside all; rival readings of one count seldom are."""
    smallest = min(cl[0].interval.high for cl in clusters)
    largest = max(cl[0].interval.low for cl in clusters)
    return 0 < smallest and largest > SCALE_APART * smallest


def _confidence(cl: Cluster) -> float:
    """How sure the readings of a value are: its best claim's confidence."""
    return max(c.confidence for c in cl)


def frames_apart(clusters: list[Cluster]) -> bool:
    """No one frame read every value ('list' one, 'after' the other): two counts read in different
    ways may count different things. A person's reading ('manual') is no frame of its own."""
    frames = [{c.method.rsplit(".", 1)[-1] for c in cl if c.method and c.method != "manual"} for cl in clusters]
    return len(frames) >= 2 and all(frames) and not set.intersection(*frames)


def conflicting(clusters: list[Cluster], told: "Tellings") -> tuple[list[Cluster], list[Cluster]]:
    """The values of a contradiction that take part in it, and those beside it: a value whose
    interval holds a narrower value of the finding ("more than 6,000" holding 6,467, "at least 13"
    holding 17) conflicts with nothing that narrower one does not: it is compatible, not a side;
    a toll its own source later raises is an earlier moment of its telling."""
    attribute = registry().get(clusters[0][0].attribute)
    if attribute.value != "count":
        return clusters, []  # "2002" and "2002-10-07" are one side of a founding at two precisions
    inside = [cl for cl in clusters
              if any(other is not cl and _narrower_within(other[0].interval, cl[0].interval) for other in clusters)
              or attribute.evolves and raised_later(cl, told)]
    kept = [cl for cl in clusters if not any(cl is b for b in inside)]
    return (kept, inside) if len(kept) >= 2 else (clusters, [])


def _narrower_within(a, b) -> bool:
    """a lies within b, open ends respected ("more than 6000" does not hold 6000), and is narrower."""
    low_in = b.low < a.low or b.low == a.low and (not b.low_open or a.low_open)
    high_in = a.high < b.high or a.high == b.high and (not b.high_open or a.high_open)
    return low_in and high_in and (a.low, a.high, a.low_open, a.high_open) != (b.low, b.high, b.low_open, b.high_open)


class Tellings:
    """Each source's counts of one finding in the order of their moments, for "does its source
    later raise it?" in a binary search (a finding may hold thousands of one source's claims)."""

    def __init__(self, clusters: list[Cluster]):
        by_source: dict[str, list[tuple[str, float]]] = {}
        for cl in clusters:
            for c in cl:
                by_source.setdefault(c.source_id, []).append((c.published, c.interval.low))
        self._told = {}
        for source, counts in by_source.items():
            dated = sorted(counts)  # "" (the source's undated now) first
            moments = [m for m, _ in dated]
            undated = max((low for m, low in dated if not m), default=-math.inf)
            later = [undated] * (len(dated) + 1)  # the highest count from each position on
            for i in range(len(dated) - 1, -1, -1):
                later[i] = max(later[i + 1], dated[i][1] if dated[i][0] else -math.inf)
            distinct = len({m for m in moments if m})
            timeline = distinct - (0 if not moments[0] else 1) >= 2
            self._told[source] = (moments, later, timeline)

    def raises(self, c: Point) -> bool:
        """The source dates this count and, telling a timeline (two counts dated before its last
        word), states a count at least as high at a later moment or in its undated present: an
        earlier moment of its telling ("On 15 January, the Red Cross estimated 45,000 …")."""
        moments, later, timeline = self._told[c.source_id]
        if not c.published or not timeline:
            return False
        after = bisect.bisect_left(moments, c.published + "\uffff")  # '2022-01' and '2022-01-15' do not order
        return later[after] >= c.interval.high


def raised_later(cluster: Cluster, told: Tellings) -> bool:
    """Every claim of the value is an earlier moment of its own source's telling."""
    return all(told.raises(c) for c in cluster)


def beside_note(cluster: Cluster, sides: list[Cluster], told: Tellings) -> Say:
    """Why a value stands beside a contradiction: its source raised it later, or it is compatible."""
    if raised_later(cluster, told) and not any(_narrower_within(cl[0].interval, cluster[0].interval) for cl in sides):
        mine = set(cluster.sources)
        later = [cl for cl in sides if mine & set(cl.sources)]
        return "note.raised_later", {"value": figure_of(cluster[0]), "sources": list(cluster.sources),
                                     "when": cluster.dates[-1], "others": figures(later or sides)}
    return compatible_note(cluster, sides)


def compatible_note(cluster: Cluster, sides: list[Cluster]) -> Say:
    """'more than 6000 (en_know_egypt2011) is compatible with 6467'."""
    holds = [cl for cl in sides if _narrower_within(cl[0].interval, cluster[0].interval)]
    return "note.compatible", {"value": figure_of(cluster[0]), "sources": list(cluster.sources),
                               "others": figures(holds)}
