"""Independent voices: claims whose passages are the same text republished (a wire story in
two outlets) count as one voice, not two sources agreeing."""
from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Iterable

from rapidfuzz import fuzz, process

from .grouping import Point

# How alike two passages must be to count as the same text republished, how long a passage
# must be to prove anything, and how many distinct passages a value is fuzzily compared with.
NEAR_DUPLICATE = 90
MIN_PASSAGE = 80
MAX_FUZZY_VOICES = 50
CONTEXT = 160


def _context(p: Point, text: str | None, width: int = CONTEXT) -> str:
    if text is None or p.start is None:
        return p.quote
    return text[max(0, p.start - width):p.start + len(p.quote) + width]


def voices(points: list[Point], canon: dict[str, str], texts) -> dict[str, str]:
    """claim_id -> a voice id: claims whose passages are the same text republished share one."""
    voice: dict[str, str] = {}
    same_value = defaultdict(list)
    for p in points:
        same_value[(p.attribute, canon[p.subject], p.value_key)].append(p)
    # the passages that can show copying (a value stated by two sources or more), read source by
    # source: each text is read once, not once per value it states
    shared = [p for same in same_value.values() if len({q.source_id for q in same}) > 1 for p in same]
    passages, spaced = {}, {}  # spaced: a passage as it stands -> with its spaces made one (copies are many)
    for source_id, its in groupby(sorted(shared, key=lambda p: p.source_id), key=lambda p: p.source_id):
        text = texts.get(source_id)
        for p in its:
            raw = _context(p, text)
            passage = spaced.get(raw)
            if passage is None:
                passage = spaced[raw] = " ".join(raw.split())
            passages[p.claim_id] = passage
    for same in same_value.values():
        exact: dict[str, str] = {}                 # passage -> voice id
        reps: list[tuple[str, str]] = []           # (voice id, source) of each passage fuzzy matched against
        rep_texts: list[str] = []                  # those passages
        for p in same:
            context = passages.get(p.claim_id, "")
            if len(context) < MIN_PASSAGE:  # a bare quote ("Fondée en 2002") proves no copying
                voice[p.claim_id] = p.source_id
                continue
            hit = exact.get(context)
            if hit is None and reps and len(reps) <= MAX_FUZZY_VOICES:
                # the first earlier passage of another source as alike (scored in C, all at once)
                alike = process.extract(context, rep_texts, scorer=fuzz.ratio, processor=None,
                                        score_cutoff=NEAR_DUPLICATE, limit=None)
                hit = next((reps[i][0] for i in sorted(i for _, _, i in alike) if reps[i][1] != p.source_id), None)
            if hit is None:
                hit = p.source_id
                reps.append((hit, p.source_id))
                rep_texts.append(context)
            exact.setdefault(context, hit)
            voice[p.claim_id] = hit
    return voice


def independent(voice: dict[str, str], claims: Iterable[Point]) -> int:
    """How many independent voices state these claims."""
    return len({voice.get(c.claim_id, c.source_id) for c in claims})
