"""The comparison of one set of claims: group, compare values within each group, check parts
against wholes; then `finish` joins partitions, links ages to founding dates and ranks.

Nothing here is quadratic in the number of claims: claims are grouped by key first and
compared within their group only; a group with very many values is swept, not paired.
"""
from __future__ import annotations

import bisect
import math
import os
from collections import Counter, defaultdict
from operator import attrgetter
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..extraction import UNCLEAR, registry
from ..workers import Local, Workers, can_fork, many_objects
from .explain import explain_age, explain_part, implied_foundings, part_note
from .findings import Corroboration, Discrepancy, discrepancy, unique_ids
from .grouping import (GroupKey, Point, Values, canonical_subjects, group, is_part, name_unnamed, partition_codes,
                       partition_keys, points)
from .intervals import implied_start
from .pairs import Edges, components, edges
from .severity import follows
from .sweep import PAIRWISE_LIMIT, sweep
from .voices import Copies, voices_and_copies


PARALLEL_CLAIMS = 100_000  # fewer claims than this are compared in one process


@dataclass(frozen=True)
class Partial:
    """What one partition of the claims yields; partitions are joined by finish()."""
    discrepancies: list[Discrepancy]
    corroborations: list[Corroboration]
    claims_per_source: dict[str, int]
    # how many of these discrepancies (and of them, contradictions) name each source: counted
    # where the findings are made, on every core, not by finish() over a million sources
    flagged: dict[str, int]
    contradicted: dict[str, int]
    voice: dict[str, str] = field(default_factory=dict)   # claim_id -> the source whose text it repeats
    copies: Copies = field(default_factory=dict)          # (source, source it repeats) -> (passage, claims)


@dataclass(frozen=True)
class Comparison:
    discrepancies: list[Discrepancy]
    corroborations: list[Corroboration]
    claims: int
    sources: int
    per_source: dict[str, dict]
    voice: dict[str, str] = field(default_factory=dict)   # claim_id -> the source whose text it repeats
    copies: Copies = field(default_factory=dict)          # (source, source it repeats) -> (passage, claims)


class Engine:
    """Compares one set of claims. `canon` (subject spelling -> canonical subject) is given when
    the set is one partition of a larger table, so that every partition names subjects alike."""

    def __init__(self, claims: pd.DataFrame, sources: dict[str, dict], texts=None, canon: dict[str, str] | None = None):
        published = {sid: meta.get("published", "") for sid, meta in sources.items()}
        self.points = points(claims, published)
        self.canon = dict(canon) if canon is not None else canonical_subjects(claims)
        for subject in claims["subject"].unique().tolist():
            self.canon.setdefault(subject, subject)
        self.voice, self.copies = voices_and_copies(self.points, self.canon, texts if texts is not None else {})
        self.repeats = self._membership_events()

    def _membership_events(self) -> dict[tuple, list[tuple[float, float]]]:
        """(attribute, country, subject) -> sorted spans of the events that may repeat."""
        events = defaultdict(list)
        repeating = {a.name for a in registry().with_flag("repeats_with")}
        for p in self.points:
            if p.attribute in repeating:
                events[(p.attribute, p.qualifiers.get("country"), self.canon[p.subject])].append(
                    (p.interval.low, p.interval.high))
        for spans in events.values():
            spans.sort()
        return events

    def partial(self) -> Partial:
        """Discrepancies and corroborations of these claims, before linking and ranking."""
        groups = group(self.points, self.canon)
        discrepancies: list[Discrepancy] = []
        corroborations: list[Corroboration] = []
        for key, values_of in sorted(groups.items(), key=lambda kv: str(tuple(kv[0]))):
            found, agreed = self.compare_group(key, values_of)
            discrepancies += found
            corroborations += agreed
        discrepancies += self.containment(groups)
        flagged, contradicted = Counter(), Counter()
        for d in discrepancies:
            its = d.sources
            flagged.update(its)
            if d.kind == "contradiction":
                contradicted.update(its)
        return Partial(discrepancies, corroborations, dict(Counter(map(attrgetter("source_id"), self.points))),
                       dict(flagged), dict(contradicted), self.voice, self.copies)

    # -- within a group ------------------------------------------------------------------------------
    def compare_group(self, key: GroupKey, values_of: Values) -> tuple[list[Discrepancy], list[Corroboration]]:
        values = sorted(values_of, key=lambda k: (values_of[k][0].interval.low, k))
        corroborations = [Corroboration.of(key, values_of[v], self.voice) for v in values
                          if len(values_of[v].sources) >= 2]
        part = dict(key.part)
        if part.get("group") == UNCLEAR:
            return [], []  # two "including 30 …" of unnamed groups are not one figure, nor rivals
        if len(values) < 2 or any(part.get(q) for q in registry().moment_qualifiers):
            # figures of different moments, or of groups the text leaves unclear: each is checked
            # against the whole only
            return [], corroborations
        if len(values) > PAIRWISE_LIMIT:
            return [discrepancy(key, kind, clusters, self.voice) for kind, clusters in sweep(values_of, values)], \
                corroborations
        heads = [values_of[v][0] for v in values]
        pairs = self.relations(heads)
        rank = [0] * len(values)  # each value's place in the order of the values themselves
        for r, i in enumerate(sorted(range(len(values)), key=values.__getitem__)):
            rank[i] = r
        # one card per conflicting set: values that merely vary around a contradiction join its card
        sets = [set(c) for c in components(pairs.contradiction, rank)]
        loose = []
        for component in map(set, components(pairs.variance, rank)):
            touching = [s for s in sets if s & component]
            if touching:
                touching[0] |= component
            else:
                loose.append(component)
        out = [discrepancy(key, rel, [values_of[values[i]] for i in sorted(found)], self.voice)
               for rel, group_ in (("contradiction", sets), ("variance", loose)) for found in group_]
        against: dict[int, list] = defaultdict(list)  # "hundreds" against firm figures: worth a look, no more
        for i, j in sorted(zip(*np.nonzero(pairs.vague)), key=lambda ij: (rank[ij[0]], rank[ij[1]])):
            vague, firm = (i, j) if heads[i].bound == "vague" else (j, i)
            against[vague].append(firm)
        for vague in sorted(against, key=rank.__getitem__):
            out.append(discrepancy(key, "variance", [values_of[values[i]] for i in [vague] + against[vague]],
                                   self.voice))
        return out, corroborations

    def relations(self, heads: list[Point]) -> Edges:
        """How each pair of a group's values relates (heads[i] states the i-th value): by their
        intervals; ages by the founding years they imply; two joinings of one country with a
        departure between them are both true."""
        attribute = registry().get(heads[0].attribute)
        found = edges(heads)
        if attribute.age_of:
            for i, j in zip(*np.triu_indices(len(heads), 1)):
                rel = self._age_relation(heads[i], heads[j])
                if rel is not None:
                    vague = "vague" in (heads[i].bound, heads[j].bound)
                    apart = not heads[i].interval.overlaps(heads[j].interval)
                    found.contradiction[i, j] = rel == "contradiction"
                    found.variance[i, j] = rel == "variance" and not vague
                    found.vague[i, j] = rel == "variance" and vague and apart
        elif attribute.repeats_with:
            for i, j in zip(*np.nonzero(found.contradiction)):
                if self._event_between(heads[i], heads[j]):
                    found.contradiction[i, j] = False
        return found

    @staticmethod
    def _age_relation(a: Point, b: Point) -> str | None:
        """Two ages, as the founding years they imply on each source's date; None for an undated one."""
        if not (a.published[:4].isdigit() and b.published[:4].isdigit()):
            return None
        ia = implied_start(int(a.published[:4]), a.interval)
        ib = implied_start(int(b.published[:4]), b.interval)
        if ia.overlaps(ib):
            if a.value == b.value or a.published[:4] != b.published[:4]:
                return "equal"  # 30 years in 2022 and 31 in 2023 say the same
            return "variance"
        return "contradiction"

    def _event_between(self, a: Point, b: Point) -> bool:
        """A departure between two joinings (or a joining between two departures) of one country."""
        lo, hi = sorted([a.interval, b.interval], key=lambda i: i.low)
        other = registry().get(a.attribute).repeats_with
        spans = self.repeats.get((other, a.qualifiers.get("country"), self.canon[a.subject]), [])
        for k in range(bisect.bisect_left(spans, (lo.high, -math.inf)), len(spans)):  # no copy of the rest
            low, high = spans[k]
            if low > hi.low:
                break
            if high <= hi.low:
                return True
        return False

    # -- part and whole -----------------------------------------------------------------------------
    def containment(self, groups: dict[GroupKey, Values]) -> list[Discrepancy]:
        """A figure for a place, a group or one country may not exceed the figure for the whole."""
        out = []
        families = defaultdict(list)
        for key in groups:
            families[key.family].append(key)
        for family in families.values():
            for part_key in family:
                attribute = registry().get(part_key.attribute)
                if not attribute.sums:
                    continue  # dates and ages are not sums
                if any(dict(part_key.part).get(q) not in ("", None, "earlier") for q in registry().moment_qualifiers):
                    continue  # troops that remain, at the peak, or on a date: another moment, not a part
                for whole_key in family:
                    if whole_key != part_key and is_part(dict(part_key.part), dict(whole_key.part)):
                        out += self.exceeding(part_key, groups[part_key], whole_key, groups[whole_key])
        return out

    def exceeding(self, part_key: GroupKey, part_values: Values, whole_key: GroupKey,
                  whole_values: Values) -> list[Discrepancy]:
        """One record for every part figure larger than a figure for the whole (not one per pair)."""
        # the firm wholes by their upper end ("des centaines" does not bound anything firmly): a
        # part exceeds every whole that ends below it, and a whole that ends where it begins if
        # one of the two ends is open
        firm = sorted(((key, claims) for key, claims in whole_values.items() if claims[0].bound != "vague"),
                      key=lambda kv: kv[1][0].interval.high)
        highs = [claims[0].interval.high for _, claims in firm]
        exceeding, exceeded, below = [], {}, 0  # below: the firm wholes that end below some part
        for p_claims in part_values.values():
            p = p_claims[0]
            if p.bound == "vague":
                continue
            low = p.interval.low
            ends_below, ends_at = bisect.bisect_left(highs, low), bisect.bisect_right(highs, low)
            touching = [w for w in firm[ends_below:ends_at] if p.interval.exceeds(w[1][0].interval)]
            if ends_below or touching:
                exceeding.append(p_claims)
                below = max(below, ends_below)
                exceeded.update(touching)
        if not exceeding:
            return []
        exceeded.update(firm[:below])
        by_low = lambda cl: (cl[0].interval.low, cl[0].value_key)  # noqa: E731
        wholes_hit = sorted(exceeded.values(), key=by_low)
        exceeding.sort(key=by_low)
        whole = dict(whole_key.part)
        scope = {k: v for k, v in dict(part_key.part).items() if v and not whole.get(k)}
        internal = len({s for cl in wholes_hit + exceeding for s in cl.sources}) == 1
        unclear = scope.get("group") == UNCLEAR
        return [discrepancy(whole_key, "contradiction", wholes_hit + exceeding, self.voice,
                            (part_note(exceeding, scope, wholes_hit),),
                            explain_part(wholes_hit, exceeding, scope, internal and not unclear, unclear),
                            scope=scope, uncertain=exceeding if unclear else [])]


def link_ages(discrepancies: list[Discrepancy]) -> list[Discrepancy]:
    """An age discrepancy that follows from a founding discrepancy says so, and links to it."""
    reg = registry()
    out = []
    for d in discrepancies:
        age_of = reg.get(d.attribute).age_of
        if not age_of:
            out.append(d)
            continue
        implied = implied_foundings(d.values)
        related = tuple(f.id for f in discrepancies if f.attribute == age_of and f.subject == d.subject)
        words = replace(d.words, notes=d.words.notes + tuple(implied),
                        reason=("reason.age", {}) if related else d.words.reason,
                        explanation=explain_age(d.words.explanation, list(related), implied))
        out.append(replace(d, related=related, words=words, severity=follows(d.severity) if related else d.severity))
    return out


def finish(parts: list[Partial], sources: dict[str, dict]) -> Comparison:
    """Join partitions: link ages to founding dates, rank, count per source."""
    discrepancies = link_ages(unique_ids([d for p in parts for d in p.discrepancies]))
    corroborations = [c for p in parts for c in p.corroborations]
    discrepancies.sort(key=lambda d: (-d.severity, d.attribute, d.id))
    corroborations.sort(key=Corroboration.sort_key)
    named = dict.fromkeys(sources)  # every source, in the order met (a finding's sources have claims)
    for p in parts:
        named.update(dict.fromkeys(p.claims_per_source))
    claims, flagged, contradicted = (_summed([getattr(p, counts) for p in parts])
                                     for counts in ("claims_per_source", "flagged", "contradicted"))
    per_source = {sid: {"claims": claims.get(sid, 0), "discrepancies": flagged.get(sid, 0),
                        "contradictions": contradicted.get(sid, 0)} for sid in named}
    voice, copies = {}, {}
    for p in parts:  # partitions share no claim; two may show one pair of sources copying
        voice.update(p.voice)
        for pair, (passage, n) in p.copies.items():
            first, before = copies.get(pair, (passage, 0))
            copies[pair] = (first, before + n)
    return Comparison(discrepancies, corroborations, sum(claims.values()), len(sources), per_source, voice, copies)


def _summed(counts: list[dict[str, int]]) -> dict[str, int]:
    """Counts per key added up: the largest copied (in C), the others added to it."""
    counts = sorted(counts, key=len, reverse=True)
    total = dict(counts[0]) if counts else {}
    for other in counts[1:]:
        for key, n in other.items():
            total[key] = total.get(key, 0) + n
    return total



def compare(claims: pd.DataFrame, sources: dict[str, dict], texts=None, jobs: int | None = None) -> Comparison:
    """Group, compare and rank: the discrepancies and corroborations in a claims table.

    A large table is compared on `jobs` processes (default: every core), its partitions shared
    out among them: claims of two partitions never meet, so the result is the one a single
    process finds (as on Dask)."""
    with many_objects():
        claims = name_unnamed(claims, sources)
        canon = canonical_subjects(claims)
        shares = _shares(claims, canon, jobs or os.cpu_count() or 1)
        if len(shares) < 2:
            return finish([Engine(claims, sources, texts, canon).partial()], sources)
        return finish(_compare_shares(claims, sources, texts, canon, shares), sources)


def _shares(claims: pd.DataFrame, canon: dict[str, str], jobs: int) -> list[np.ndarray]:
    """The table's rows cut into at most `jobs` shares of whole partitions, of about equal size
    (the largest partitions placed first, each on the lightest share); none for a small table."""
    if len(claims) < PARALLEL_CLAIMS or not can_fork(jobs):
        return []
    codes, keys = partition_codes(claims, canon)
    sizes = np.bincount(codes, minlength=len(keys))
    loads, members = [0] * jobs, [[] for _ in range(jobs)]
    for k in sorted(range(len(keys)), key=lambda k: (-sizes[k], keys[k])):
        lightest = loads.index(min(loads))
        loads[lightest] += sizes[k]
        members[lightest].append(k)
    return [np.flatnonzero(np.isin(codes, m)) for m in members if m]


def _compare_share(shared: tuple, rows: np.ndarray) -> Partial:
    claims, sources, texts, canon = shared
    with many_objects():
        return Engine(claims.iloc[rows], sources, texts, canon).partial()


def _compare_shares(claims: pd.DataFrame, sources: dict[str, dict], texts, canon: dict[str, str],
                    shares: list[np.ndarray]) -> list[Partial]:
    """The first share compared here, the others in forked processes that inherit the table."""
    return Local(len(shares)).map_shared(_compare_share, shares, (claims, sources, texts, canon))


def compare_partition(claims: pd.DataFrame, sources: dict[str, dict], texts, canon: dict[str, str]) -> Partial:
    """One partition's comparison (what a Dask worker runs)."""
    with many_objects():
        return Engine(claims, sources, texts, canon).partial()


def compare_on(workers: Workers, claims: pd.DataFrame, sources: dict[str, dict], texts=None) -> Comparison:
    """compare() on workers elsewhere (Dask): a task per partition, each sent only its claims,
    joined by finish() as the local engine joins its shares."""
    claims = name_unnamed(claims, sources)
    canon = canonical_subjects(claims)
    keys = partition_keys(claims, canon)
    parts = [claims[keys == key] for key in sorted(keys.unique())]
    return finish(workers.map_shared(_compare_part, parts, (sources, texts, canon)), sources)


def _compare_part(shared: tuple, claims: pd.DataFrame) -> Partial:
    return compare_partition(claims, *shared)
