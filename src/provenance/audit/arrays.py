"""The findings as arrays, for the audit to count on in numpy: one row per (finding, value,
source) that states it; the voice each row's source speaks with (the source its claim repeats,
or itself); a finding's voices cut to the `PAIRS` earliest published. Python touches each row once, to build
these arrays; every count after that is a sort, a bincount or a sparse product over them."""
from __future__ import annotations

from functools import cached_property
from typing import NamedTuple

import numpy as np
from scipy import sparse

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
    """(source x voice) sparse matrices of how many findings they give one value in, and how
    many they give different ones in; the voice a source speaks with never its own partner.
    Counted as sparse products: (source x value) times (value x the voices heard in it), in C."""
    n_values, n_findings = len(findings.independent), len(findings.ids)
    _, v_len, v_voice, _ = voices.heard(findings.value, findings.voice, n_values)
    _, f_len, f_voice, _ = voices.heard(findings.finding, findings.voice, n_findings)
    heard_f = _incidence(f_len, f_voice, n_sources)
    # a value's voices among its finding's heard ones only
    heard_v = _incidence(v_len, v_voice, n_sources).multiply(heard_f[findings.value_finding]).tocsr()
    m = findings.memberships
    src, val, own = findings.source, findings.value, findings.voice
    # agreement: each row's value's voices but its own, once per (source, finding) however many
    # values it gives (only the rows of a source giving two values of a finding need telling apart)
    torn = m.values[m.inverse] > 1
    one = ~torn
    agree = _with_heard(src[one], val[one], own[one], heard_v)
    if torn.any():
        agree = agree + _torn(findings, heard_v, np.flatnonzero(torn), n_sources)
    # every voice of the finding but the source's own (its voice in its first value of the
    # finding), once per (source, finding); disagreement is those not agreeing
    first = np.empty(len(m.source), dtype=INT)
    first[m.inverse[::-1]] = own[::-1]
    every = _with_heard(m.source, m.finding, first, heard_f)
    return positive(agree), positive(every - agree)


def _with_heard(source: np.ndarray, group: np.ndarray, own: np.ndarray, heard):
    """(source x voice) counts of the groups (values, findings, corroborations) each row's source
    is in, with each voice heard in the group (`heard`: group x voice, 0/1) but the row's own:
    (source x group) @ heard, less the rows whose own voice is heard."""
    n_sources = heard.shape[1]
    met = _counts(source, group, 1, (n_sources, heard.shape[0])) @ heard
    return met - _counts(source, own, _at(heard, group, own), (n_sources, n_sources))


def _incidence(lengths: np.ndarray, columns: np.ndarray, n_columns: int):
    """A 0/1 sparse matrix whose row i holds its `lengths[i]` `columns`, one after another."""
    indptr = np.r_[0, np.cumsum(lengths)].astype(INT)
    return sparse.csr_matrix((np.ones(len(columns), dtype=INT), columns, indptr), shape=(len(lengths), n_columns))


def _counts(rows: np.ndarray, columns: np.ndarray, counts, shape: tuple[int, int]):
    """A sparse matrix of `counts` at (rows, columns), those on one cell summed."""
    counts = np.broadcast_to(np.asarray(counts, dtype=INT), rows.shape)
    return sparse.csr_matrix((counts, (rows, columns)), shape=shape)


def _at(matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The matrix's entries at (rows, columns)."""
    return np.asarray(matrix[rows, columns]).ravel() if len(rows) else np.zeros(0, dtype=INT)


def _torn(findings: Findings, heard_v, rows: np.ndarray, n_sources: int):
    """The agreements of the rows of sources giving two values of one finding: each partner once
    per (source, finding)."""
    lengths = np.diff(heard_v.indptr)[findings.value[rows]]
    partner = heard_v.indices[ragged(heard_v.indptr[findings.value[rows]], lengths)].astype(INT)
    membership = np.repeat(findings.memberships.inverse[rows], lengths)  # a (source, finding)
    met = np.unique((membership * n_sources + partner)[partner != np.repeat(findings.voice[rows], lengths)])
    source = findings.memberships.source[met // n_sources]
    return _counts(source, met % n_sources, 1, (n_sources, n_sources))


def positive(matrix):
    """The matrix in CSR form, each row's columns sorted, only its positive entries kept."""
    matrix = matrix.tocsr()
    matrix.sum_duplicates()
    matrix.data[matrix.data < 0] = 0
    matrix.eliminate_zeros()
    return matrix


def corroborating(corroborations, index: dict[str, int], voices: Voices, in_dispute: set[str],
                  voice: dict[str, str]):
    """A (source x voice) sparse matrix of how many corroborations they are in that two voices or
    more give (copies agreeing are one voice) and no discrepancy holds."""
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
    _, length, heard, every = voices.heard(group, own, len(lengths))
    agreed = every[group] > 1
    return _with_heard(source[agreed], group[agreed], own[agreed], _incidence(length, heard, len(voices.rank)))


def grouped(matrix, group: np.ndarray, n_groups: int):
    """The same counts between groups (outlets): (group x source) @ matrix @ (source x group), a
    pair within one group left out."""
    member = sparse.csr_matrix((np.ones(len(group), dtype=INT), (group, np.arange(len(group)))),
                               shape=(n_groups, len(group)))
    summed = (member @ matrix @ member.T).tocoo()
    apart = summed.row != summed.col
    return positive(sparse.csr_matrix((summed.data[apart], (summed.row[apart], summed.col[apart])),
                                      shape=(n_groups, n_groups)))
