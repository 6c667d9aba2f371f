"""Which claims are about the same thing: the claim as the comparison sees it (`Point`), the
named `GroupKey` (attribute, canonical subject, the qualifiers that make a different thing, the
qualifiers that narrow to a part), subject spellings aligned with rapidfuzz, partitions.
"""
from __future__ import annotations

import re

from functools import cached_property, lru_cache, partial
from operator import itemgetter
from typing import NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from ..extraction import DATED, registry
from ..claims import COLUMNS, Qualifiers, Status, offset
from .intervals import ISO_DATE, Interval, interval

SAME_SUBJECT = 90  # token_sort_ratio at which two subject spellings are one subject


class Point(NamedTuple):
    """One claim as the comparison sees it: the interval its wording allows, its moment (the
    date its text gives it, else its source's date) and the claims.csv fields it reads, at hand."""
    interval: Interval
    published: str
    value_key: tuple[str, str, str, str]  # what makes two claims state the same value
    source_id: str
    claim_id: str
    attribute: str
    subject: str
    qualifiers: Qualifiers
    value: str
    low: str
    high: str
    bound: str
    unit: str
    quote: str
    start: int | None
    status: str
    note: str
    is_date: bool                         # a date or a year: compared at its own precision
    claimant: str                         # who gives the figure (official, ...), or ''
    method: str                           # the rule and frame that read it: 'fr.killed.after'
    confidence: float                     # the rule's confidence, 0-1


def points(claims: pd.DataFrame, published: dict[str, str]) -> list[Point]:
    """The table's claims that can be compared: not rejected, with a value an interval can hold.

    Built a column at a time (a million claims): each distinct wording's interval and each
    distinct scope are worked out once."""
    n = len(claims)
    column = {c: (claims[c].to_numpy(dtype=object) if c in claims.columns else np.full(n, "", dtype=object))
              for c in COLUMNS}
    # each distinct wording (value, low, high, bound, unit): its interval and its value key, once
    stated = ("value", "value_low", "value_high", "bound", "unit")
    wording = pd.DataFrame({c: column[c] for c in stated}, copy=False).groupby(
        list(stated), sort=False, dropna=False).ngroup().to_numpy()
    first = np.unique(wording, return_index=True)[1]
    value, low, high, bound, unit = (column[c][first].tolist() for c in stated)
    bound = [b or "exact" for b in bound]
    allowed = list(map(interval, value, low, high, bound, unit))
    keys = list(zip(value, low, high, bound))
    comparable = np.fromiter((iv is not None for iv in allowed), bool, len(allowed))
    keep = (column["status"] != Status.REJECTED.value) & comparable[wording]
    if not keep.all():
        column = {c: values[keep] for c, values in column.items()}
        wording = wording[keep]
    col = {c: values.tolist() for c, values in column.items()}
    values, lows, highs, units, attributes = col["value"], col["value_low"], col["value_high"], col["unit"], col["attribute"]
    wording = wording.tolist()
    intervals = list(map(allowed.__getitem__, wording))
    bounds = list(map(bound.__getitem__, wording))
    scopes = {text: Qualifiers.parse(text) for text in set(col["qualifiers"])}  # as written -> parsed
    claimants = {text: scope.get("claimant", "") for text, scope in scopes.items()}
    qualifiers = list(map(scopes.__getitem__, col["qualifiers"]))
    dated = {a.name for a in registry().with_flag("dated")}
    is_date = [unit in DATED or (attribute in dated and ISO_DATE.fullmatch(value or "") is not None)
               for unit, attribute, value in zip(units, attributes, values)]
    # a figure's moment: the date its text gives it, else its source's date
    moments = [as_of or published.get(sid, "") for as_of, sid in zip(col["as_of"], col["source_id"])]
    return list(map(partial(tuple.__new__, Point), zip(
        intervals, moments, map(keys.__getitem__, wording), col["source_id"], col["claim_id"], attributes,
        col["subject"], qualifiers, values, lows, highs, bounds, units, col["quote"],
        map(lru_cache(maxsize=None)(offset), col["start"]), col["status"], col["note"], is_date,
        map(claimants.__getitem__, col["qualifiers"]), col["method"],
        map(lru_cache(maxsize=None)(_confidence), col["confidence"]))))


def _confidence(text) -> float:
    try:
        return min(1.0, max(0.0, float(text)))
    except (TypeError, ValueError):
        return 1.0  # a person's claim, or none given: as sure as its reader


class GroupKey(NamedTuple):
    """Claims with the same key are about the same thing and are compared value by value."""
    attribute: str
    subject: str
    kind: tuple    # ((qualifier, value), …) of the qualifiers that make a different thing
    part: tuple    # ((qualifier, value), …) of the qualifiers that narrow to a part of the whole

    @property
    def qualifiers(self) -> str:
        return str(Qualifiers.of(dict(self.kind + self.part)))

    @property
    def family(self) -> tuple[str, str, tuple]:
        """Keys that differ only in their part are part and whole of one another."""
        return (self.attribute, self.subject, self.kind)


_field = {name: itemgetter(i) for i, name in enumerate(Point._fields)}  # a field of every claim, read in C


class Cluster(list):
    """The claims of one group that state one value (one Point.value_key, bound included), with
    what the findings read of them more than once, read once (a value may have 100k claims)."""

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted(set(map(_field["source_id"], self))))

    @cached_property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(map(_field["claim_id"], self))

    @property
    def claim_sources(self) -> tuple[str, ...]:
        return tuple(map(_field["source_id"], self))

    @cached_property
    def claimants(self) -> tuple[str, ...]:
        """Who gives the figure, where someone is named (official, ...)."""
        return tuple(sorted(set(map(_field["claimant"], self)) - {""}))

    @cached_property
    def dates(self) -> tuple[str, ...]:
        """The moments its claims give it, in order ('' for a claim of an undated source)."""
        return tuple(sorted(set(map(_field["published"], self))))

    def independent(self, voice: dict[str, str]) -> int:
        """How many independent voices state the value (voice: claim_id -> the source it repeats)."""
        if voice.keys().isdisjoint(self.claim_ids):
            return len(self.sources)  # no claim repeats another source: each source is a voice
        return len({voice.get(c.claim_id, c.source_id) for c in self})


Values = dict[tuple, Cluster]  # a group's claims by the value they state


def group(points_: list[Point], canon: dict[str, str]) -> dict[GroupKey, Values]:
    """The claims of each group, by value, in one pass."""
    reg = registry()
    out: dict[GroupKey, Values] = {}
    raw_groups: dict[tuple, Values] = {}  # (attribute, subject as spelled, qualifiers) -> its group's values
    for p in points_:
        raw = (p.attribute, p.subject, p.qualifiers.items_)  # hashed in C
        values = raw_groups.get(raw)
        if values is None:
            kind = tuple((k, p.qualifiers.get(k, "")) for k in reg.kind_qualifiers)
            part = tuple((k, p.qualifiers.get(k, "")) for k in reg.part_qualifiers)
            key = GroupKey(p.attribute, canon[p.subject], kind, part)
            values = raw_groups[raw] = out.setdefault(key, {})
        same = values.get(p.value_key)
        if same is None:
            values[p.value_key] = Cluster((p,))
        else:
            same.append(p)
    return out


_DIGITS = re.compile(r"\d+")
KIND_WORDS = {"org": "organisation"}  # a rules file's subject kind as a report says it, where they differ


def name_unnamed(claims: pd.DataFrame, sources: dict[str, dict]) -> pd.DataFrame:
    """The table with every claim that names no subject given one from its attribute's subject kind
    and its source ("(organisation not named) in <source title>"): no finding is about "", and
    the unnamed subjects of two sources are never taken for one."""
    unnamed = (claims["subject"].fillna("").astype(str).str.strip() == "").to_numpy()
    if not unnamed.any():
        return claims
    from ..filing import subject_kinds
    kinds = subject_kinds()
    names = [f"({KIND_WORDS.get(kinds.get(attribute, ''), kinds.get(attribute) or 'subject')} not named) in "
             f"{(sources.get(sid) or {}).get('title') or sid}"
             for attribute, sid in zip(claims.loc[unnamed, "attribute"], claims.loc[unnamed, "source_id"])]
    return claims.assign(subject=claims["subject"].where(~unnamed, pd.Series(names, index=claims.index[unnamed])))


def canonical_subjects(claims: pd.DataFrame) -> dict[str, str]:
    """Subject spelling -> canonical subject, for the whole table (rapidfuzz, most frequent first).
    Spellings with different numbers are different subjects, however alike ('unrest 2022' and
    'unrest 2023')."""
    counts = claims["subject"].value_counts()
    canon: dict[str, str] = {}
    known: list[str] = []
    for subject in sorted(counts.index, key=lambda s: (-counts[s], s)):
        digits = _DIGITS.findall(subject)
        match = next((k for k in known if _DIGITS.findall(k) == digits
                      and fuzz.token_sort_ratio(subject.lower().strip(), k.lower()) >= SAME_SUBJECT), None)
        canon[subject] = match or subject
        if match is None:
            known.append(subject)
    return canon


def partition_keys(claims: pd.DataFrame, canon: dict[str, str]) -> pd.Series:
    """The partition of each claim: its canonical subject and attribute family. Claims of
    different partitions are never compared with each other."""
    codes, keys = partition_codes(claims, canon)
    return pd.Series(np.array(keys, dtype=object)[codes], index=claims.index)


def partition_codes(claims: pd.DataFrame, canon: dict[str, str]) -> tuple[np.ndarray, list[str]]:
    """Each claim's partition as a number, and each number's partition key (see partition_keys),
    worked out per distinct spelling and attribute, not per claim."""
    reg = registry()
    subjects, spellings = pd.factorize(claims["subject"], use_na_sentinel=False)
    attributes, names = pd.factorize(claims["attribute"], use_na_sentinel=False)
    subject_codes, subject_keys = pd.factorize(np.array([canon.get(s, s) for s in spellings], dtype=object))
    family_codes, family_keys = pd.factorize(np.array([reg.family(a) for a in names], dtype=object))
    width = max(1, len(family_keys))
    codes, found = pd.factorize(subject_codes[subjects].astype(np.int64) * width + family_codes[attributes])
    keys = [f"{subject_keys[k // width]}\x1f{family_keys[k % width]}" for k in found.tolist()]
    return codes, keys


def is_part(part: dict, whole: dict) -> bool:
    """part narrows whole: every restriction of whole is in part, and part adds at least one."""
    part = {k: v for k, v in part.items() if v}
    whole = {k: v for k, v in whole.items() if v}
    return all(part.get(k) == v for k, v in whole.items()) and len(part) > len(whole)
