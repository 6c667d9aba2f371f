"""The audit's pair counts (who agrees and who disagrees with whom), counted on arrays and
sparse products, against the plain reading of what they mean, on random findings: sources
giving two values of one finding, copies speaking with another's voice, findings of more
voices than are paired (`PAIRS`), sources in no finding."""
from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace

import pytest

from provenance.audit.arrays import PAIRS, Findings, Voices, agreements, positive

UNDATED = "\uffff"


def _random_findings(rng: random.Random, n_sources: int, n_findings: int, copying: float):
    names = [f"s{i:02d}" for i in range(n_sources)]
    published = {s: rng.choice(["2022-01-0%d" % rng.randint(1, 9), ""]) for s in names}
    voice, discrepancies, claim = {}, [], 0
    for f in range(n_findings):
        values = []
        for k in range(rng.randint(1, 4)):
            sources = sorted(rng.sample(names, rng.randint(1, min(n_sources, 25))))
            claim_ids, claim_sources = [], []
            for s in sources:
                for _ in range(rng.randint(1, 2)):
                    claim_ids.append(f"c{claim}")
                    claim_sources.append(s)
                    if rng.random() < copying:
                        voice[f"c{claim}"] = rng.choice(names)
                    claim += 1
            values.append(SimpleNamespace(sources=tuple(sources), claim_ids=tuple(claim_ids),
                                          claim_sources=tuple(claim_sources), independent_sources=1))
        discrepancies.append(SimpleNamespace(id=f"d{f}", values=tuple(values)))
    return names, published, voice, discrepancies


def _reference(names, published, voice, discrepancies):
    """Per finding: its voices, the `PAIRS` earliest published kept (ties by name). A source agrees
    with each kept voice of a value it gives, but the voice it gives that value with, once per
    finding; it disagrees, once per finding, with each kept voice but its own (the voice of its
    first value) that it does not agree with. Counts summed over findings, kept when positive."""
    when = {s: (published[s] or UNDATED, s) for s in names}
    agree, every = Counter(), Counter()
    for d in discrepancies:
        spoken = []  # per value: source -> the voice it speaks with (its first claim's)
        for v in d.values:
            said = {}
            for c, s in zip(v.claim_ids, v.claim_sources):
                said.setdefault(s, voice.get(c, s))
            spoken.append({s: said[s] for s in v.sources})
        kept = set(sorted({w for its in spoken for w in its.values()}, key=when.get)[:PAIRS])
        with_whom, own = {}, {}
        for its in spoken:
            heard = kept & set(its.values())
            for s, w in its.items():
                with_whom.setdefault(s, set()).update(heard - {w})
                own.setdefault(s, w)
        for s, partners in with_whom.items():
            agree.update((s, w) for w in partners)
            every.update((s, w) for w in kept - {own[s]})
    disagree = Counter({pair: n - agree[pair] for pair, n in every.items() if n - agree[pair] > 0})
    return agree, disagree


def _counted(matrix, names) -> Counter:
    matrix = positive(matrix)
    rows = [r for r, n in enumerate(matrix.indptr[1:] - matrix.indptr[:-1]) for _ in range(n)]
    return Counter({(names[a], names[b]): n for a, b, n in zip(rows, matrix.indices.tolist(), matrix.data.tolist())})


@pytest.mark.parametrize("seed", range(60))
def test_the_pair_counts_are_those_of_the_plain_reading(seed):
    rng = random.Random(seed)
    names, published, voice, discrepancies = _random_findings(
        rng, n_sources=rng.randint(2, 40), n_findings=rng.randint(0, 12), copying=rng.choice([0.0, 0.2, 0.6]))
    index = {s: i for i, s in enumerate(names)}
    found = Findings(discrepancies, index, voice)
    agree, disagree = agreements(found, Voices(names, published), len(names))
    want_agree, want_disagree = _reference(names, published, voice, discrepancies)
    assert _counted(agree, names) == want_agree
    assert _counted(disagree, names) == want_disagree
    for matrix in (agree, disagree):  # each row's partners once: what a profile reads off a row
        assert matrix.has_canonical_format and (matrix.data > 0).all()


def test_a_finding_of_more_voices_than_are_paired_pairs_the_earliest_published():
    names = [f"s{i:02d}" for i in range(PAIRS + 4)]
    published = {s: f"2022-01-{i + 1:02d}" for i, s in enumerate(reversed(names))}  # the last named first
    values = (SimpleNamespace(sources=tuple(names[:-1]), claim_ids=tuple(names[:-1]), claim_sources=tuple(names[:-1]),
                              independent_sources=len(names) - 1),
              SimpleNamespace(sources=(names[-1],), claim_ids=("x",), claim_sources=(names[-1],),
                              independent_sources=1))
    found = Findings([SimpleNamespace(id="d0", values=values)], {s: i for i, s in enumerate(names)}, {})
    agree, disagree = agreements(found, Voices(names, published), len(names))
    lone = names.index(names[-1])
    partners = set(disagree[lone].indices.tolist())
    assert len(partners) == PAIRS - 1 and names.index("s00") not in partners  # s00, published last, not heard
    assert agree[lone].nnz == 0
