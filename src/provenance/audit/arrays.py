"""The findings as arrays, for the audit to count on in numpy: one row per (finding, value,
source) that states it; each source's voice (the original of its copy group, or itself); a
finding's voices cut to the `PAIRS` earliest published. Python touches each row once, to build
these arrays; every count after that is a sort or a bincount over them."""
from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

import numpy as np

from .copies import UNDATED

PAIRS = 16  # a finding's voices, at most, that each of its sources is counted as agreeing or disagreeing with

INT = np.int64


def ragged(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices start..start+length-1 of every (start, length), one after another."""
    total = int(lengths.sum())
    ends = np.cumsum(lengths)
    return np.repeat(starts - ends + lengths, lengths) + np.arange(total, dtype=INT)


def first_in_group(groups: np.ndarray, order_key: np.ndarray, k: int) -> np.ndarray:
    """A mask of the rows that are among the `k` first of their group by `order_key`."""
    if not len(groups):
        return np.zeros(0, dtype=bool)
    order = np.lexsort((order_key, groups))
    g = groups[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    rank = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    keep = np.zeros(len(groups), dtype=bool)
    keep[order[rank < k]] = True
    return keep


def unique_pairs(a: np.ndarray, b: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each (a, b) met, and how often."""
    keys = np.sort(a.astype(INT) * width + b)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=INT)
    counts = np.diff(np.r_[starts, len(keys)])
    keys = keys[starts]
    return keys // width, keys % width, counts


class Memberships(NamedTuple):
    """Each (source, finding) once: how many of the finding's values the source gives, whether
    one of them is the best supported, whether one stands alone (no other independent voice
    gives it); `inverse`: each row's (source, finding)."""
    source: np.ndarray
    finding: np.ndarray
    values: np.ndarray
    best: np.ndarray
    alone: np.ndarray
    inverse: np.ndarray


def voices_of(sources: tuple, claim_ids: tuple, claim_sources: tuple, voice: dict[str, str],
              index: dict[str, int]) -> list[int]:
    """The voice each of a value's sources speaks with: the source whose text its claim repeats
    (`compare.voices`, claim by claim; its first claim's), or itself."""
    if not voice or voice.keys().isdisjoint(claim_ids):
        return list(map(index.__getitem__, sources))
    said: dict[str, str] = {}
    for c, s in zip(claim_ids, claim_sources):
        said.setdefault(s, voice.get(c, s))
    return [index[said.get(s, s)] for s in sources]


class Findings:
    """The discrepancies as rows: `source`, `value`, `finding` per (finding, value, source), and
    the `voice` each row's source speaks with in that value."""

    def __init__(self, discrepancies, index: dict[str, int], voice: dict[str, str]):
        self.ids = [d.id for d in discrepancies]
        sources: list[int] = []
        voices: list[int] = []
        lengths, value_finding, independent, values_in = [], [], [], []
        for f, d in enumerate(discrepancies):
            values_in.append(len(d.values))
            for v in d.values:
                value_finding.append(f)
                independent.append(v.independent_sources)
                lengths.append(len(v.sources))
                sources.extend(map(index.__getitem__, v.sources))
                voices.extend(voices_of(v.sources, v.claim_ids, v.claim_sources, voice, index))
        self.value_finding = np.array(value_finding, dtype=INT)
        self.independent = np.array(independent, dtype=INT)
        self.values_in = np.array(values_in, dtype=INT)
        self.source = np.array(sources, dtype=INT)
        self.voice = np.array(voices, dtype=INT)
        self.value = np.repeat(np.arange(len(lengths), dtype=INT), np.array(lengths, dtype=INT))
        self.finding = self.value_finding[self.value]

    @cached_property
    def memberships(self) -> "Memberships":
        """Each (source, finding) once, in findings' order, and each row's place among them."""
        nf = max(len(self.ids), 1)
        keys, inverse, counts = np.unique(self.source * nf + self.finding, return_inverse=True, return_counts=True)
        lead = np.zeros(len(self.ids), dtype=INT)
        np.maximum.at(lead, self.value_finding, self.independent)
        second = self._second(lead)
        best_value = (self.independent == lead[self.value_finding]) & (lead[self.value_finding] > second[self.value_finding])
        alone_value = (self.independent == 1) & (self.values_in[self.value_finding] > 1)
        best = np.bincount(inverse, weights=best_value[self.value], minlength=len(keys)) > 0
        alone = np.bincount(inverse, weights=alone_value[self.value], minlength=len(keys)) > 0
        return Memberships(keys // nf, keys % nf, counts, best, alone, inverse)

    def _second(self, lead: np.ndarray) -> np.ndarray:
        """Each finding's second-highest independent support (a tie for the lead has no best)."""
        at_lead = self.independent == lead[self.value_finding]
        ties = np.bincount(self.value_finding, weights=at_lead, minlength=len(lead))
        second = np.zeros(len(lead), dtype=INT)
        np.maximum.at(second, self.value_finding[~at_lead], self.independent[~at_lead])
        return np.where(ties > 1, lead, second)


class Voices:
    """Each source's place in time, for a finding's voices cut to the `PAIRS` earliest."""

    def __init__(self, names: list[str], published: dict[str, str]):
        when = [published.get(s) or UNDATED for s in names]  # names come sorted: a date's ties stay by name
        order = sorted(range(len(names)), key=when.__getitem__)
        self.rank = np.empty(len(names), dtype=INT)
        self.rank[np.array(order, dtype=INT)] = np.arange(len(names), dtype=INT)

    def heard(self, group: np.ndarray, voice: np.ndarray, n_groups: int):
        """Each group's voices (unique), the `PAIRS` earliest only: (starts, lengths, voices)
        sorted by group, and the number of voices each group had before the cut."""
        g, voice, _ = unique_pairs(group, voice, len(self.rank))
        every = np.bincount(g, minlength=n_groups)
        kept = first_in_group(g, self.rank[voice], PAIRS)
        g, voice = g[kept], voice[kept]
        lengths = np.bincount(g, minlength=n_groups).astype(INT)
        starts = np.cumsum(lengths) - lengths
        return starts, lengths, voice, every


def agreements(findings: Findings, voices: Voices, n_sources: int):
    """(source, voice, count) of the findings where they give one value, and of those where they
    give different ones; the voice a source speaks with never its own partner."""
    n_values, n_findings = len(findings.independent), len(findings.ids)
    v_start, v_len, v_voice, _ = voices.heard(findings.value, findings.voice, n_values)
    f_start, f_len, f_voice, _ = voices.heard(findings.finding, findings.voice, n_findings)
    if len(f_voice):  # a value's voices among the finding's kept ones only
        kept_keys = np.sort(np.repeat(np.arange(n_findings, dtype=INT), f_len) * n_sources + f_voice)
        value_keys = np.repeat(np.arange(n_values, dtype=INT), v_len)
        key = findings.value_finding[value_keys] * n_sources + v_voice
        pos = np.searchsorted(kept_keys, key)
        in_finding = (pos < len(kept_keys)) & (kept_keys[np.minimum(pos, len(kept_keys) - 1)] == key)
        v_len = np.bincount(value_keys[in_finding], minlength=n_values).astype(INT)
        v_voice = v_voice[in_finding]
        v_start = np.cumsum(v_len) - v_len
    # agreement: each row's value's voices but its own, once per (source, finding) however many
    # values it gives (only the rows of a source giving two values of a finding need telling apart)
    m = findings.memberships
    lengths = v_len[findings.value]
    a_src = np.repeat(findings.source, lengths)
    a_voice = v_voice[ragged(v_start[findings.value], lengths)]
    other = a_voice != np.repeat(findings.voice, lengths)
    torn = np.repeat(m.values[m.inverse] > 1, lengths)
    width = n_sources
    rows = np.unique(np.column_stack((a_src[other & torn], np.repeat(findings.finding, lengths)[other & torn],
                                      a_voice[other & torn])), axis=0)  # rare: no composite key to overflow
    a_src = np.concatenate([a_src[other & ~torn], rows[:, 0]])
    a_voice = np.concatenate([a_voice[other & ~torn], rows[:, 2]])
    # every voice of the finding but the source's own, once per (source, finding); disagreement
    # is those not agreeing
    own = np.empty(len(m.source), dtype=INT)
    own[m.inverse[::-1]] = findings.voice[::-1]  # a source's voice in its first value of the finding
    e_voice = f_voice[ragged(f_start[m.finding], f_len[m.finding])]
    e_src, e_own = np.repeat(m.source, f_len[m.finding]), np.repeat(own, f_len[m.finding])
    other = e_voice != e_own
    agree = unique_pairs(a_src, a_voice, width)
    return agree, _minus(unique_pairs(e_src[other], e_voice[other], width), agree, width)


def _minus(every, agree, width: int):
    """Counts of `every` less those of `agree` on the same pair."""
    e_key = every[0] * width + every[1]
    a_key = agree[0] * width + agree[1]
    counts = every[2].copy()
    pos = np.minimum(np.searchsorted(e_key, a_key), max(len(e_key) - 1, 0))
    met = (e_key[pos] == a_key) if len(e_key) else np.zeros(len(a_key), dtype=bool)
    np.subtract.at(counts, pos[met], agree[2][met])
    left = counts > 0
    return every[0][left], every[1][left], counts[left]


def corroborating(corroborations, index: dict[str, int], voices: Voices, in_dispute: set[str],
                  voice: dict[str, str]):
    """(source, voice, count) of the corroborations two voices or more give (copies agreeing are
    one voice) and no discrepancy holds."""
    sources: list[int] = []
    spoken: list[int] = []
    lengths = []
    for c in corroborations:
        if c.claim_ids[0] not in in_dispute:
            lengths.append(len(c.sources))
            sources.extend(map(index.__getitem__, c.sources))
            spoken.extend(voices_of(c.sources, c.claim_ids, c.claim_sources, voice, index))
    source, own = np.array(sources, dtype=INT), np.array(spoken, dtype=INT)
    group = np.repeat(np.arange(len(lengths), dtype=INT), np.array(lengths, dtype=INT))
    start, length, heard, every = voices.heard(group, own, len(lengths))
    agreed = every[group] > 1
    source, own, group = source[agreed], own[agreed], group[agreed]
    a_voice = heard[ragged(start[group], length[group])]
    a_src, a_own = np.repeat(source, length[group]), np.repeat(own, length[group])
    other = a_voice != a_own
    return unique_pairs(a_src[other], a_voice[other], len(voices.rank))


def added(*triples, width: int):
    """(source, voice, count) triples summed on the same pair."""
    src = np.concatenate([t[0] for t in triples])
    voice = np.concatenate([t[1] for t in triples])
    counts = np.concatenate([t[2] for t in triples])
    keys = src.astype(INT) * width + voice
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=INT)
    summed = np.add.reduceat(counts, starts) if len(keys) else counts
    keys = keys[starts]
    return keys // width, keys % width, summed.astype(INT)


def grouped(triple, group: np.ndarray, width: int):
    """The same counts between groups (outlets), a pair within one group left out."""
    src, voice, counts = group[triple[0]], group[triple[1]], triple[2]
    apart = src != voice
    return added((src[apart], voice[apart], counts[apart]), width=width)


def top(triple, k: int, names: list[str]) -> dict[str, dict]:
    """name -> its `k` most frequent partners and how often, most first (ties by name's order)."""
    left, right, counts = triple
    if not len(left):
        return {}
    width, most = len(names), int(counts.max()) + 1
    if len(names) * most * width < 2 ** 62:  # one key, sorted in place of three: (left, most counted, right)
        keys = np.sort((left * most + (most - 1 - counts)) * width + right)
        left, counts, right = keys // width // most, most - 1 - keys // width % most, keys % width
    else:
        order = np.lexsort((right, -counts, left))
        left, right, counts = left[order], right[order], counts[order]
    starts = np.flatnonzero(np.r_[True, left[1:] != left[:-1]])
    rank = np.arange(len(left)) - np.repeat(starts, np.diff(np.r_[starts, len(left)]))
    kept = rank < k
    left, right, counts = left[kept], right[kept], counts[kept]
    bounds = np.flatnonzero(np.r_[True, left[1:] != left[:-1], True]).tolist()
    partners = np.array(names, dtype=object)[right].tolist()
    often = counts.tolist()
    return {names[a]: dict(zip(partners[lo:hi], often[lo:hi]))
            for a, lo, hi in zip(left[bounds[:-1]].tolist(), bounds, bounds[1:])}
