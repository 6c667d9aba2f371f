"""Independent voices: claims whose passages are the same text republished (a wire story in
two outlets) count as one voice, not two sources agreeing."""
from __future__ import annotations

from collections import defaultdict

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


def _passages(shared: list[list[Point]], texts) -> dict[str, str]:
    """claim_id -> its passage, spaces made one, where it is long enough to show copying; read
    source by source, so that each text is read once, not once per value it states."""
    by_source: dict[str, list[Point]] = defaultdict(list)
    for same in shared:
        for p in same:
            by_source[p.source_id].append(p)
    passages, spaced = {}, {}  # spaced: a passage as it stands -> with its spaces made one (copies are many)
    for source_id, its in by_source.items():
        text = texts.get(source_id)
        for p in its:
            raw = _context(p, text)
            if len(raw) < MIN_PASSAGE:
                continue  # shorter still with its spaces made one
            passage = spaced.get(raw)
            if passage is None:
                passage = spaced[raw] = " ".join(raw.split())
            if len(passage) >= MIN_PASSAGE:
                passages[p.claim_id] = passage
    return passages


def voices(points: list[Point], canon: dict[str, str], texts) -> dict[str, str]:
    """claim_id -> a voice id for each claim whose passage is another source's text republished;
    a claim not named speaks for its own source (a bare quote, "Fondée en 2002", proves no copying)."""
    same_value = defaultdict(list)
    for p in points:
        # a claim whose passage is its quote alone, too short to show copying, cannot share a voice
        # (nor change another claim's: such passages are passed over below)
        if len(p.quote) >= MIN_PASSAGE or (p.start is not None and p.source_id in texts):
            same_value[(p.attribute, canon[p.subject], p.value_key)].append(p)
    shared = [same for same in same_value.values() if len({q.source_id for q in same}) > 1]
    passages = _passages(shared, texts)
    voice: dict[str, str] = {}
    for same in shared:
        exact: dict[str, str] = {}                 # passage -> voice id
        reps: list[tuple[str, str]] = []           # (voice id, source) of each passage fuzzy matched against
        rep_texts: list[str] = []                  # those passages
        for p in same:
            context = passages.get(p.claim_id)
            if context is None:
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
            if hit != p.source_id:
                voice[p.claim_id] = hit
    return voice
