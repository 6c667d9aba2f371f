"""The comparison engine: which claims are about the same thing, and do their values agree?

Claims meet when they share attribute, subject (spelling variants aligned with rapidfuzz) and
the qualifiers that change what a figure is about. Each value becomes an interval from its
`bound`; two intervals that cannot both hold are a `contradiction`, two that overlap but differ a
`variance`, two equal ones a corroboration. On top of that, the reasoning a careful reader does:
a figure restricted to a place, a group or one country is a part of the unrestricted one and may
not exceed it; a stated age is checked against the founding year; re-joining after leaving is
not a contradiction; a later casualty toll may be an update; republished text is one voice.

Nothing here is quadratic in the number of claims: claims are grouped by key first and
compared within their group only.
"""
from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable

import pandas as pd
from rapidfuzz import fuzz

# Qualifiers that narrow a figure to a part of the whole (a part may not exceed the whole).
PART_QUALIFIERS = ("country", "group", "place")
# Qualifiers that make a different thing altogether (never compared across values).
KIND_QUALIFIERS = ("force", "membership")
# Figures stated "about": how far the truth may lie, relatively.
APPROX_TOLERANCE = 0.10
# Counts that grow as news comes in: a later source may simply know more.
EVOLVING = ("killed", "injured", "detained")
# Membership events can repeat: joining twice is fine if a departure lies between.
REPEATABLE = {"member_joined": "member_left", "member_left": "member_joined"}
# How alike two passages must be to count as the same text republished, how long a passage
# must be to prove anything, and how many distinct passages a value is fuzzily compared with.
NEAR_DUPLICATE = 90
MIN_PASSAGE = 80
MAX_FUZZY_VOICES = 50
# Above this many distinct values in one group, the groups' components come from a sweep over
# the sorted intervals instead of comparing every pair of values.
PAIRWISE_LIMIT = 300
# Quotes shown per value (every claim id is listed; the quotes of the first ones suffice to read).
MAX_QUOTES = 25


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        if other.high == self.low and (other.high_open or self.low_open):
            return False
        return True

    def contains(self, other: "Interval") -> bool:
        return self.low <= other.low and other.high <= self.high

    def exceeds(self, other: "Interval") -> bool:
        """Every value of self is larger than every value of other."""
        return self.low > other.high or (self.low == other.high and (self.low_open or other.high_open))



def _date_interval(text: str) -> Interval | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text.strip())
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3))).toordinal()
            return Interval(d, d)
        if m.group(2):
            mo = int(m.group(2))
            start = date(y, mo, 1).toordinal()
            end = (date(y + (mo == 12), mo % 12 + 1, 1)).toordinal() - 1
            return Interval(start, end)
        return Interval(date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal())
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def interval(value: str, low: str, high: str, bound: str, unit: str = "") -> Interval | None:
    """The values a claim's wording allows. Dates compare at their own precision."""
    is_date = unit in ("date", "year") or bool(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value or ""))
    if is_date:
        lo = _date_interval(low or value) if (low or value) else None
        hi = _date_interval(high or value) if (high or value) else None
        if bound in ("more_than", "at_least"):
            hi = None
        if bound in ("less_than", "at_most"):
            lo = None
        if lo is None and hi is None:
            return None
        return Interval(lo.low if lo else -math.inf, hi.high if hi else math.inf,
                        bound == "more_than", bound == "less_than")
    v, lo, hi = _number(value), _number(low), _number(high)
    if bound == "exact":
        v = v if v is not None else lo
        return Interval(v, v) if v is not None else None
    if bound == "approx":
        v = v if v is not None else lo
        if v is None:
            return None
        spread = abs(v) * APPROX_TOLERANCE
        return Interval(v - spread, v + spread)
    if bound in ("more_than", "at_least"):
        base = lo if lo is not None else v
        return Interval(base, math.inf, low_open=bound == "more_than") if base is not None else None
    if bound in ("less_than", "at_most"):
        base = hi if hi is not None else v
        return Interval(-math.inf, base, high_open=bound == "less_than") if base is not None else None
    if bound in ("range", "vague"):
        if lo is None and hi is None:
            return None
        return Interval(lo if lo is not None else -math.inf, hi if hi is not None else math.inf)
    return None


def relation(a: Interval, b: Interval, a_bound: str, b_bound: str, same_value: bool, dates: bool = False) -> str:
    """'equal', 'variance' or 'contradiction' for two values of the same thing.

    Dates stated exactly agree when one contains the other: 1992 and 1992-05-15 are the same
    claim at two precisions.
    """
    if same_value:
        return "equal"
    if dates and a_bound == b_bound == "exact" and (a.contains(b) or b.contains(a)):
        return "equal"
    if not a.overlaps(b):
        return "variance" if "vague" in (a_bound, b_bound) else "contradiction"
    return "variance"


@dataclass(slots=True)
class ClaimView:
    """One claim as the engine sees it."""
    claim_id: str
    source_id: str
    subject: str
    attribute: str
    qualifiers: dict[str, str]
    value: str
    low: str
    high: str
    bound: str
    unit: str
    quote: str
    start: int | None
    interval: Interval
    published: str = ""
    value_key: tuple = ()
    quals_text: str = ""


@dataclass
class Discrepancy:
    id: str
    subject: str
    attribute: str
    qualifiers: str
    kind: str
    severity: float
    internal: bool
    values: list[dict]
    explanation: str
    notes: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    update: bool = False

    def to_json(self) -> dict:
        return {"id": self.id, "subject": self.subject, "attribute": self.attribute, "qualifiers": self.qualifiers,
                "kind": self.kind, "severity": self.severity, "internal": self.internal, "values": self.values,
                "explanation": self.explanation, "notes": self.notes, "related": self.related,
                "possible_update": self.update}


@dataclass
class Comparison:
    discrepancies: list[Discrepancy]
    corroborations: list[dict]
    claims: int
    sources: int
    per_source: dict[str, dict]


def parse_qualifiers(text: str) -> dict[str, str]:
    out = {}
    for part in (text or "").split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            if v.strip():
                out[k.strip()] = v.strip()
    return out


def qualifier_text(quals: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(quals.items()) if v)


_COLUMNS = ("claim_id", "source_id", "subject", "attribute", "qualifiers", "value", "value_low", "value_high",
            "bound", "unit", "quote", "start", "status")


def _views(claims: pd.DataFrame, published: dict[str, str]) -> list[ClaimView]:
    out = []
    columns = [claims[c].tolist() if c in claims.columns else [""] * len(claims) for c in _COLUMNS]
    cached_interval = lru_cache(maxsize=100_000)(interval)
    cached_qualifiers = lru_cache(maxsize=10_000)(lambda q: tuple(sorted(parse_qualifiers(q).items())))
    for cid, sid, subject, attribute, quals, value, low, high, bound, unit, quote, start, status in zip(*columns):
        if status == "rejected":
            continue
        iv = cached_interval(value, low, high, bound or "exact", unit)
        if iv is None:
            continue
        start = str(start).strip()
        bound = bound or "exact"
        out.append(ClaimView(cid, sid, subject, attribute, dict(cached_qualifiers(quals)), value, low, high,
                             bound, unit, quote, int(start) if start.isdigit() else None, iv,
                             published.get(sid, ""), (value, low, high, bound), quals))
    return out


def _stable_id(*parts: str) -> str:
    return "d-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


class Engine:
    """Compares one set of claims. `canon` (subject spelling -> canonical subject) is given when
    the set is one partition of a larger table, so that every partition names subjects alike."""

    def __init__(self, claims: pd.DataFrame, sources: dict[str, dict], texts=None, canon: dict[str, str] | None = None):
        self.sources = sources
        self.texts = texts if texts is not None else {}
        published = {sid: meta.get("published", "") for sid, meta in sources.items()}
        self.views = _views(claims, published)
        self.canon = canon if canon is not None else canonical_subjects(claims)
        for v in self.views:
            self.canon.setdefault(v.subject, v.subject)
        self._events = None
        self.voice = self._voices()

    # -- independent voices ---------------------------------------------------------------------
    def _context(self, v: ClaimView, width: int = 160) -> str:
        text = self.texts.get(v.source_id)
        if text is None or v.start is None:
            return v.quote
        return text[max(0, v.start - width):v.start + len(v.quote) + width]

    def _voices(self) -> dict[str, str]:
        """claim_id -> a voice id: claims whose passages are the same text republished share one."""
        voice: dict[str, str] = {}
        by_key = defaultdict(list)
        for v in self.views:
            by_key[(v.attribute, self.canon[v.subject], v.value_key)].append(v)
        for same in by_key.values():
            exact: dict[str, str] = {}                 # passage -> voice id
            reps: list[tuple[str, str, str]] = []      # (voice id, source, passage), for fuzzy matching
            for v in same:
                context = " ".join(self._context(v).split())
                if len(context) < MIN_PASSAGE:  # a bare quote ("Fondée en 2002") proves no copying
                    voice[v.claim_id] = v.source_id
                    continue
                hit = exact.get(context)
                if hit is None and len(reps) <= MAX_FUZZY_VOICES:
                    hit = next((vid for vid, src, ctx in reps
                                if src != v.source_id and fuzz.ratio(context, ctx, score_cutoff=NEAR_DUPLICATE)), None)
                if hit is None:
                    hit = v.source_id
                    reps.append((hit, v.source_id, context))
                exact.setdefault(context, hit)
                voice[v.claim_id] = hit
        return voice

    def independent(self, claims: Iterable[ClaimView]) -> int:
        return len({self.voice.get(c.claim_id, c.source_id) for c in claims})

    # -- grouping ----------------------------------------------------------------------------------
    def groups(self) -> dict[tuple, list[ClaimView]]:
        out = defaultdict(list)
        keys: dict[tuple, tuple] = {}
        for v in self.views:
            raw = (v.attribute, v.subject, v.quals_text)
            key = keys.get(raw)
            if key is None:
                kind = tuple((k, v.qualifiers.get(k, "")) for k in KIND_QUALIFIERS)
                part = tuple((k, v.qualifiers.get(k, "")) for k in PART_QUALIFIERS)
                key = keys[raw] = (v.attribute, self.canon[v.subject], kind, part)
            out[key].append(v)
        return out

    def partial(self) -> "Partial":
        """Discrepancies and corroborations of these claims, before linking and ranking."""
        groups = self.groups()
        discrepancies: list[Discrepancy] = []
        corroborations: list[dict] = []
        for key, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
            d, c = self.compare_group(key, members)
            discrepancies.extend(d)
            corroborations.extend(c)
        discrepancies.extend(self.containment(groups))
        counts: dict[str, int] = defaultdict(int)
        for v in self.views:
            counts[v.source_id] += 1
        return Partial(discrepancies, corroborations, dict(counts))

    # -- within a group ------------------------------------------------------------------------------
    def compare_group(self, key: tuple, members: list[ClaimView]) -> tuple[list[Discrepancy], list[dict]]:
        attribute, subject, kind, part = key
        by_value: dict[tuple, list[ClaimView]] = defaultdict(list)
        for m in members:
            by_value[m.value_key].append(m)
        values = sorted(by_value, key=lambda k: (by_value[k][0].interval.low, k))
        corroborations = []
        for vk in values:
            claims = by_value[vk]
            if len({c.source_id for c in claims}) >= 2:
                corroborations.append(self.corroboration(claims, key))
        if len(values) < 2:
            return [], corroborations
        if len(values) > PAIRWISE_LIMIT:
            return self.compare_many(key, by_value, values), corroborations
        edges: dict[str, set] = {"contradiction": set(), "variance": set(), "vague": set()}
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                rel = self.relation(by_value[a], by_value[b])
                if rel == "variance" and "vague" in (a[3], b[3]):
                    if not by_value[a][0].interval.overlaps(by_value[b][0].interval):
                        edges["vague"].add((a, b))
                elif rel in edges:
                    edges[rel].add((a, b))
        out = []
        taken: set = set()
        for rel in ("contradiction", "variance"):
            for component in _components(edges[rel]):
                if rel == "variance" and component <= taken:
                    continue
                taken |= component
                chosen = [v for v in values if v in component]
                out.append(self.discrepancy(key, rel, [by_value[v] for v in chosen]))
        against: dict[tuple, list] = defaultdict(list)  # "hundreds" against firm figures: worth a look, no more
        for a, b in sorted(edges["vague"]):
            vague, firm = (a, b) if a[3] == "vague" else (b, a)
            against[vague].append(firm)
        for vague, firm in sorted(against.items()):
            out.append(self.discrepancy(key, "variance", [by_value[vague]] + [by_value[f] for f in firm]))
        return out, corroborations

    def compare_many(self, key: tuple, by_value: dict, values: list) -> list[Discrepancy]:
        """Components for a group with very many values, in O(V log V).

        For intervals, the values that conflict with at least one other form a single
        component (if A, B are disjoint and C, D are disjoint, some pair across is disjoint),
        so it is enough to find the values that overlap every other one. Overlapping values
        form runs in the order of their lower ends. Vague values are left out here.
        """
        firm = [v for v in values if v[3] != "vague"]
        ivs = [by_value[v][0].interval for v in firm]
        if len(firm) < 2:
            return []
        lows = sorted(((iv.low, i) for i, iv in enumerate(ivs)), reverse=True)[:2]
        highs = sorted((iv.high, i) for i, iv in enumerate(ivs))[:2]
        conflicting = []
        for i, iv in enumerate(ivs):
            max_low = lows[1][0] if lows[0][1] == i else lows[0][0]
            min_high = highs[1][0] if highs[0][1] == i else highs[0][0]
            if iv.low > min_high or iv.high < max_low:
                conflicting.append(firm[i])
        out = []
        if len(conflicting) >= 2:
            out.append(self.discrepancy(key, "contradiction", [by_value[v] for v in conflicting]))
        taken = set(conflicting)
        run, run_high = [], -math.inf
        for v, iv in sorted(zip(firm, ivs), key=lambda p: p[1].low):
            if run and iv.low > run_high:
                if len(run) >= 2 and not set(run) <= taken:
                    out.append(self.discrepancy(key, "variance", [by_value[x] for x in run]))
                run, run_high = [], -math.inf
            run.append(v)
            run_high = max(run_high, iv.high)
        if len(run) >= 2 and not set(run) <= taken:
            out.append(self.discrepancy(key, "variance", [by_value[x] for x in run]))
        return out

    def relation(self, a: list[ClaimView], b: list[ClaimView]) -> str:
        ca, cb = a[0], b[0]
        if ca.attribute in ("age_years",) and ca.published[:4].isdigit() and cb.published[:4].isdigit():
            # ages are compared as the founding years they imply on each source's date
            ia, ib = _implied_founding(ca), _implied_founding(cb)
            if ia.overlaps(ib):
                if ca.value == cb.value or ca.published[:4] != cb.published[:4]:
                    return "equal"  # 30 years in 2022 and 31 in 2023 say the same
                return "variance"
            return "contradiction"
        rel = relation(ca.interval, cb.interval, ca.bound, cb.bound, False, _is_date(ca))
        if rel == "contradiction" and ca.attribute in REPEATABLE:
            if self._event_between(ca, cb):
                return "consistent"
        return rel

    def _event_between(self, a: ClaimView, b: ClaimView) -> bool:
        """A departure between two joinings (or a joining between two departures) of one country."""
        if self._events is None:
            self._events = defaultdict(list)
            for v in self.views:
                if v.attribute in REPEATABLE:
                    key = (v.attribute, v.qualifiers.get("country"), self.canon[v.subject])
                    self._events[key].append((v.interval.low, v.interval.high))
            for spans in self._events.values():
                spans.sort()
        lo, hi = sorted([a.interval, b.interval], key=lambda i: i.low)
        spans = self._events.get((REPEATABLE[a.attribute], a.qualifiers.get("country"), self.canon[a.subject]), [])
        for low, high in spans[bisect.bisect_left(spans, (lo.high, -math.inf)):]:
            if low > hi.low:
                break
            if high <= hi.low:
                return True
        return False

    # -- part and whole -----------------------------------------------------------------------------
    def containment(self, groups: dict[tuple, list[ClaimView]]) -> list[Discrepancy]:
        """A figure for a place, a group or one country may not exceed the figure for the whole."""
        out = []
        index = defaultdict(list)
        for key in groups:
            attribute, subject, kind, part = key
            index[(attribute, subject, kind)].append(key)
        for family in index.values():
            for part_key in family:
                part = dict(part_key[3])
                for whole_key in family:
                    whole = dict(whole_key[3])
                    if whole_key == part_key or not _is_part(part, whole):
                        continue
                    if part_key[0] in ("founded", "treaty_signed", "member_joined", "member_left", "age_years",
                                       "prior_request"):
                        continue  # dates and ages are not sums
                    out.extend(self.exceeding(part_key, groups[part_key], whole_key, groups[whole_key]))
        return out

    def exceeding(self, part_key, parts, whole_key, wholes) -> list[Discrepancy]:
        """One record for every part figure larger than a figure for the whole (not one per pair)."""
        part_values, whole_values = _by_value(parts), _by_value(wholes)
        # the wholes by their upper end: a part exceeds only the wholes that end below it
        ordered = sorted(whole_values.items(), key=lambda kv: kv[1][0].interval.high)
        highs = [claims[0].interval.high for _, claims in ordered]
        exceeding, exceeded = [], {}
        for p_key, p_claims in part_values.items():
            p = p_claims[0]
            if p.bound == "vague":
                continue  # "des centaines" does not bound anything firmly
            hit = False
            for w_key, w_claims in ordered[:bisect.bisect_right(highs, p.interval.low)]:
                w = w_claims[0]
                if w.bound != "vague" and p.interval.exceeds(w.interval):
                    exceeded[w_key] = w_claims
                    hit = True
            if hit:
                exceeding.append(p_claims)
        if not exceeding:
            return []
        by_low = lambda cl: (cl[0].interval.low, cl[0].value_key)
        wholes_hit = sorted(exceeded.values(), key=by_low)
        exceeding.sort(key=by_low)
        d = self.discrepancy(whole_key, "contradiction", wholes_hit + exceeding)
        scope = _scope_text({k: v for k, v in dict(part_key[3]).items() if v and not dict(whole_key[3]).get(k)})
        p_text = _some(exceeding)
        w_text = _some(wholes_hit)
        d.notes.append(f"{p_text} ({scope}) is a part of {w_text} and cannot exceed it")
        d.explanation = (f"Sources disagree on {_label(wholes_hit[0][0])}: {p_text} for {scope} alone is more than "
                         f"{w_text} for the whole; a part cannot exceed the whole.")
        if d.internal:
            d.explanation += f" All from {exceeding[0][0].source_id}: the source contradicts itself."
        return [d]

    # -- records -----------------------------------------------------------------------------------
    def discrepancy(self, key: tuple, kind: str, clusters: list[list[ClaimView]]) -> Discrepancy:
        attribute, subject, kinds, part = key
        quals = qualifier_text(dict(kinds + part))
        values = []
        for claims in clusters:
            c = claims[0]
            values.append({
                "value": c.value, "low": c.low, "high": c.high, "bound": c.bound,
                "sources": sorted({x.source_id for x in claims}),
                "claim_ids": [x.claim_id for x in claims],
                "independent_sources": self.independent(claims),
                "claimants": sorted({x.qualifiers.get("claimant", "") for x in claims} - {""}),
                "quotes": [{"source_id": x.source_id, "claim_id": x.claim_id, "quote": x.quote, "start": x.start,
                            "published": x.published} for x in claims[:MAX_QUOTES]],
                "claims": len(claims),
            })
        all_claims = [c for cl in clusters for c in cl]
        sources = {c.source_id for c in all_claims}
        internal = len(sources) == 1
        ident = _stable_id(attribute, subject, quals, kind, *sorted("|".join(v[:4]) for v in
                                                                    (cl[0].value_key for cl in clusters)))
        d = Discrepancy(ident, subject, attribute, quals, kind, 0.0, internal, values, "")
        d.notes.extend(self.claimant_notes(clusters))
        d.update = self.is_update(clusters)
        d.severity = self.severity(kind, clusters, internal, d.update)
        d.explanation = self.explain(d, clusters)
        return d

    def corroboration(self, claims: list[ClaimView], key: tuple) -> dict:
        attribute, subject, kinds, part = key
        c = claims[0]
        return {"subject": subject, "attribute": attribute, "qualifiers": qualifier_text(dict(kinds + part)),
                "value": c.value, "bound": c.bound, "sources": sorted({x.source_id for x in claims}),
                "claim_ids": [x.claim_id for x in claims], "independent_sources": self.independent(claims),
                "quotes": [{"source_id": x.source_id, "claim_id": x.claim_id, "quote": x.quote, "start": x.start}
                           for x in claims[:MAX_QUOTES]]}

    def claimant_notes(self, clusters: list[list[ClaimView]]) -> list[str]:
        said = []
        for claims in clusters:
            who = sorted({c.qualifiers.get("claimant", "") for c in claims} - {""})
            if who:
                said.append(f"{_display(claims[0])} according to {' and '.join(who)} figures")
        return said if len(said) >= 1 and len(said) < len(clusters) + 1 and any(said) else []

    def is_update(self, clusters: list[list[ClaimView]]) -> bool:
        """A casualty toll from a later source that is higher: possibly an update, not a clash."""
        attribute = clusters[0][0].attribute
        if attribute not in EVOLVING:
            return False
        dated = [(max(c.published for c in cl), cl[0].interval.low) for cl in clusters if all(c.published for c in cl)]
        if len(dated) < len(clusters) or len({d for d, _ in dated}) < 2:
            return False
        ordered = sorted(dated)
        return all(a[1] <= b[1] for a, b in zip(ordered, ordered[1:]))

    def severity(self, kind: str, clusters: list[list[ClaimView]], internal: bool, update: bool) -> float:
        """0-1: how far apart, how exact the wording, how many independent voices, internal or not."""
        score = 0.55 if kind == "contradiction" else 0.2
        ivs = [cl[0].interval for cl in clusters]
        # the widest gap between two of the intervals: the highest lower end against the lowest upper end
        gap = max(0.0, max(iv.low for iv in ivs) - min(iv.high for iv in ivs)) if len(ivs) > 1 else 0.0
        first = clusters[0][0]
        if first.unit in ("date", "year") or re.fullmatch(r"\d{4}(-\d\d){0,2}", first.value or ""):
            relative = min(1.0, gap / 3650.0)  # ten years apart is as far as it gets
        else:
            scale = max((abs(x) for iv in ivs for x in (iv.low, iv.high) if math.isfinite(x)), default=1.0) or 1.0
            relative = min(1.0, gap / scale * 4)
        score += 0.2 * relative
        exact = sum(1 for cl in clusters for c in cl if c.bound == "exact") / max(1, sum(len(cl) for cl in clusters))
        score += 0.1 * exact
        voices = min(self.independent(cl) for cl in clusters)
        score += 0.05 * min(3, voices - 1)
        if internal:
            score += 0.05
        if update:
            score *= 0.6
        if any(c.bound == "vague" for cl in clusters for c in cl):
            score *= 0.5
        return round(max(0.0, min(1.0, score)), 2)

    def explain(self, d: Discrepancy, clusters: list[list[ClaimView]]) -> str:
        sides = " vs ".join(self._side_text(side) for side in _sides(clusters))
        what = _label(clusters[0][0])
        if d.kind == "contradiction":
            text = f"Sources disagree on {what}: {sides}; these cannot all be true."
        elif any(c.bound == "vague" for cl in clusters for c in cl):
            text = f"Sources give different figures for {what}: {sides}; one is only a vague order of magnitude."
        else:
            text = f"Sources give different figures for {what}: {sides}; their bounds overlap, so they may agree."
        if d.internal:
            text += (f" All from {clusters[0][0].source_id}: the source contradicts itself." if d.kind == "contradiction"
                     else f" All from {clusters[0][0].source_id}.")
        if d.update:
            text += " The later source reports more: possibly an update rather than a conflict."
        if d.notes:
            text += " " + "; ".join(d.notes) + "."
        return text

    @staticmethod
    def _side_text(side: list[list[ClaimView]]) -> str:
        """'2002 (france24-afp; blog-wikipedia: 2002-10-07)': one side of a disagreement."""
        head = side[0]
        text = f"{_display(head[0])} ({', '.join(sorted({c.source_id for c in head}))}"
        for other in side[1:]:
            text += f"; {', '.join(sorted({c.source_id for c in other}))}: {_display(other[0])}"
        return text + ")"

def link_ages(discrepancies: list[Discrepancy]) -> None:
    """An age discrepancy that follows from a founding discrepancy says so, and links to it."""
    founded = [d for d in discrepancies if d.attribute == "founded"]
    for d in discrepancies:
        if d.attribute != "age_years":
            continue
        implied = []
        for v in d.values:
            published = next((q["published"] for q in v["quotes"] if q.get("published")), "")
            if published[:4].isdigit() and _number(v["value"]) is not None:
                implied.append(f"{v['value']} years in {published[:4]} means founded in {int(published[:4]) - int(float(v['value']))}")
        for f in founded:
            if f.subject == d.subject:
                d.related.append(f.id)
        if implied:
            d.notes.append("; ".join(implied))
        if d.related:
            d.explanation += f" This follows from the founding-date discrepancy ({', '.join(d.related)})."
            d.severity = round(d.severity * 0.9, 2)
        elif implied:
            d.explanation += " " + "; ".join(implied) + "."





@dataclass
class Partial:
    """What one partition of the claims yields; partitions are joined by finish()."""
    discrepancies: list[Discrepancy]
    corroborations: list[dict]
    claims_per_source: dict[str, int]


def finish(parts: list[Partial], sources: dict[str, dict]) -> Comparison:
    """Join partitions: link ages to founding dates, rank, count per source."""
    discrepancies = [d for p in parts for d in p.discrepancies]
    corroborations = [c for p in parts for c in p.corroborations]
    link_ages(discrepancies)
    discrepancies.sort(key=lambda d: (-d.severity, d.attribute, d.id))
    corroborations.sort(key=lambda c: (-c["independent_sources"], c["attribute"], c["subject"], c["qualifiers"],
                                       c["value"], c["sources"]))
    per_source = {sid: {"claims": 0, "discrepancies": 0, "contradictions": 0} for sid in sources}
    claims = 0
    for p in parts:
        for sid, n in p.claims_per_source.items():
            per_source.setdefault(sid, {"claims": 0, "discrepancies": 0, "contradictions": 0})["claims"] += n
            claims += n
    for d in discrepancies:
        for sid in {s for v in d.values for s in v["sources"]}:
            entry = per_source.setdefault(sid, {"claims": 0, "discrepancies": 0, "contradictions": 0})
            entry["discrepancies"] += 1
            entry["contradictions"] += d.kind == "contradiction"
    return Comparison(discrepancies, corroborations, claims, len(sources), per_source)


# Attributes compared together: membership events need each other (re-joining after leaving).
FAMILIES = {"member_left": "member_joined"}


def partition_keys(claims: pd.DataFrame, canon: dict[str, str]) -> pd.Series:
    """The partition of each claim: its canonical subject and attribute family. Claims of
    different partitions are never compared with each other."""
    attribute = claims["attribute"].map(lambda a: FAMILIES.get(a, a))
    return claims["subject"].map(lambda s: canon.get(s, s)) + "\x1f" + attribute


def canonical_subjects(claims: pd.DataFrame) -> dict[str, str]:
    """Subject spelling -> canonical subject, for the whole table (rapidfuzz, most frequent first)."""
    counts = claims["subject"].value_counts()
    canon: dict[str, str] = {}
    known: list[str] = []
    for subject in sorted(counts.index, key=lambda s: (-counts[s], s)):
        match = next((k for k in known if fuzz.token_sort_ratio(subject.lower().strip(), k.lower()) >= 90), None)
        canon[subject] = match or subject
        if match is None:
            known.append(subject)
    return canon


def _is_date(c: ClaimView) -> bool:
    return c.unit in ("date", "year") or bool(re.fullmatch(r"\d{4}(-\d\d){0,2}", c.value or "")) and c.attribute in (
        "founded", "treaty_signed", "member_joined", "member_left", "prior_request")


def _some(clusters: list[list[ClaimView]], shown: int = 3) -> str:
    """'18 (blog-wikipedia)', or '18, 19, 21 and 4 more figures (a, b, …)' for many."""
    def one(cl):
        return f"{_display(cl[0])} ({', '.join(sorted({c.source_id for c in cl})[:3])}" + \
               (", …)" if len({c.source_id for c in cl}) > 3 else ")")
    if len(clusters) <= shown:
        return " and ".join(one(cl) for cl in clusters)
    return ", ".join(one(cl) for cl in clusters[:shown]) + f" and {len(clusters) - shown} more figures"


def _by_value(claims: list[ClaimView]) -> dict[tuple, list[ClaimView]]:
    out: dict[tuple, list[ClaimView]] = defaultdict(list)
    for c in claims:
        out[c.value_key].append(c)
    return out


def _implied_founding(c: ClaimView) -> Interval:
    year = int(c.published[:4])
    lo = year - (c.interval.high if math.isfinite(c.interval.high) else 10_000) - 1
    hi = year - c.interval.low
    return Interval(lo, hi)


def _sides(clusters: list[list[ClaimView]]) -> list[list[list[ClaimView]]]:
    """Values that are one claim at two precisions (2002, 2002-10-07) stand on one side."""
    if not clusters or not _is_date(clusters[0][0]) or len(clusters) > PAIRWISE_LIMIT:
        return [[cl] for cl in clusters]
    sides: list[list[list[ClaimView]]] = []
    for cl in clusters:
        c = cl[0]
        for side in sides:
            h = side[0][0]
            if c.bound == h.bound == "exact" and (h.interval.contains(c.interval) or c.interval.contains(h.interval)):
                side.append(cl)
                break
        else:
            sides.append([cl])
    return sides


def _scope_text(quals: dict) -> str:
    return ", ".join(v.replace("_", " ").replace("-", " ").title() if k in ("place", "country") else v.replace("_", " ")
                     for k, v in sorted(quals.items()) if v)


def _is_part(part: dict, whole: dict) -> bool:
    """part narrows whole: every restriction of whole is in part, and part adds at least one."""
    part = {k: v for k, v in part.items() if v}
    whole = {k: v for k, v in whole.items() if v}
    return all(part.get(k) == v for k, v in whole.items()) and len(part) > len(whole)


def _components(edges: set) -> list[frozenset]:
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(edges):
        parent[find(a)] = find(b)
    groups = defaultdict(set)
    for x in parent:
        groups[find(x)].add(x)
    return [frozenset(g) for g in sorted(groups.values(), key=lambda g: sorted(g))]


_LABELS = {
    "founded": "when {s} was founded", "treaty_signed": "when {s} was signed", "member_count": "how many members {s} has",
    "member_joined": "when {q} joined {s}", "member_left": "when {q} left {s}", "age_years": "how old {s} is",
    "troops_deployed": "how many troops {s} counts", "force_size": "the size of {s}'s {q}",
    "killed": "how many {q} were killed ({s})", "injured": "how many {q} were injured ({s})",
    "detained": "how many {q} were detained ({s})", "prior_request": "when {q} asked {s} for help before",
    "prior_request_count": "how many times {s} was asked for help before",
}


def _label(c: ClaimView) -> str:
    q = c.qualifiers.get("country") or c.qualifiers.get("group", "").replace("_", " ") or \
        c.qualifiers.get("force", "").replace("_", " ") or "people"
    if c.attribute == "force_size":
        q = c.qualifiers.get("force", "force").replace("_", " ") + " force"
    if c.attribute in ("troops_deployed",) and c.qualifiers.get("country"):
        return f"how many troops from {c.qualifiers['country'].replace('-', ' ').title()} {c.subject} counts"
    return _LABELS.get(c.attribute, c.attribute + " of {s}").format(s=c.subject, q=q.replace("-", " ").title() if c.qualifiers.get("country") and c.attribute in ("member_joined", "member_left", "prior_request") else q)


def _display(c: ClaimView) -> str:
    words = {"exact": "", "approx": "about ", "more_than": "more than ", "at_least": "at least ",
             "less_than": "less than ", "at_most": "at most ", "vague": "some "}
    if c.bound == "range":
        return f"{c.low}-{c.high}"
    if c.bound == "vague":
        return f"{c.low}-{c.high} (vague)"
    return f"{words.get(c.bound, '')}{c.value}"


def compare(claims: pd.DataFrame, sources: dict[str, dict], texts=None) -> Comparison:
    """Group, compare and rank: the discrepancies and corroborations in a claims table."""
    canon = canonical_subjects(claims)
    return finish([Engine(claims, sources, texts, canon).partial()], sources)


def compare_partition(claims: pd.DataFrame, sources: dict[str, dict], texts, canon: dict[str, str]) -> Partial:
    """One partition's comparison (what a Dask worker runs)."""
    return Engine(claims, sources, texts, dict(canon)).partial()
