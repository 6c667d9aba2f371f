"""Independent voices: claims whose passages are the same text republished (a wire story in
two outlets) count as one voice, not two sources agreeing."""
from __future__ import annotations

import re
from collections import defaultdict

from rapidfuzz import fuzz, process

from .grouping import Point

# How alike two passages must be to count as the same text republished, how long a passage
# must be to prove anything, and how many distinct passages a value is fuzzily compared with.
NEAR_DUPLICATE = 90
MIN_PASSAGE = 80
MAX_FUZZY_VOICES = 50
CONTEXT = 160

Copies = dict[tuple[str, str], tuple[str, int]]  # (source, source it repeats) -> (a shared passage, claims)


def _context(p: Point, text: str | None, width: int = CONTEXT) -> str:
    if text is None or p.start is None:
        return p.quote
    return text[max(0, p.start - width):p.start + len(p.quote) + width]


def _passages(shared: list[list[Point]], texts) -> tuple[dict[str, str], "_Kept"]:
    """claim_id -> its passage, spaces made one, where it is long enough to show copying; read
    source by source, so that each text is read once, not once per value it states. And the
    texts, those read here kept while they add up to `KEPT` characters."""
    by_source: dict[str, list[Point]] = defaultdict(list)
    for same in shared:
        for p in same:
            by_source[p.source_id].append(p)
    passages, spaced = {}, {}  # spaced: a passage as it stands -> with its spaces made one (copies are many)
    kept, room = {}, KEPT
    for source_id, its in by_source.items():
        text = texts.get(source_id)
        if text is not None and len(text) <= room:
            kept[source_id] = text
            room -= len(text)
        for p in its:
            raw = _context(p, text)
            if len(raw) < MIN_PASSAGE:
                continue  # shorter still with its spaces made one
            passage = spaced.get(raw)
            if passage is None:
                passage = spaced[raw] = " ".join(raw.split())
            if len(passage) >= MIN_PASSAGE:
                passages[p.claim_id] = passage
    return passages, _Kept(kept, texts)


def voices(points: list[Point], canon: dict[str, str], texts) -> dict[str, str]:
    """claim_id -> a voice id for each claim whose passage is another source's text republished;
    a claim not named speaks for its own source (a bare quote, "Fondée en 2002", proves no copying)."""
    return voices_and_copies(points, canon, texts)[0]


def voices_and_copies(points: list[Point], canon: dict[str, str], texts) -> tuple[dict[str, str], Copies]:
    """voices(), and the copying they show: (source, the source whose text it repeats) -> the first
    passage they share and how many of its claims repeat it (for the audit, which shows it)."""
    same_value = defaultdict(list)
    for p in points:
        # a claim whose passage is its quote alone, too short to show copying, cannot share a voice
        # (nor change another claim's: such passages are passed over below)
        if len(p.quote) >= MIN_PASSAGE or (p.start is not None and p.source_id in texts):
            same_value[(p.attribute, canon[p.subject], p.value_key)].append(p)
    shared = [same for same in same_value.values() if len({q.source_id for q in same}) > 1]
    passages, texts = _passages(shared, texts)
    voice: dict[str, str] = {}
    copies: Copies = {}
    alike = _Texts(texts)
    for same in shared:
        heard = _Heard(texts, alike)
        exact = heard.exact
        for p in same:
            passage = passages.get(p.claim_id)
            hit = exact.get(passage) if passage is not None else None  # the same text again: the most of them
            if hit is None:
                hit, passage = heard.voice_of(p, passage)
            if hit is not None and hit != p.source_id:
                voice[p.claim_id] = hit
                pair = (p.source_id, hit)
                if pair in copies:
                    copies[pair] = (copies[pair][0], copies[pair][1] + 1)
                else:  # the first passage they share, as the copy's text has it
                    copies[pair] = (_shown(p, texts.get(p.source_id), passage) if isinstance(passage, tuple) else passage, 1)
    return voice, copies


KEPT = 128_000_000  # characters of texts kept once read (128 to 512 MB), for the claims' words read again


class _Kept:
    """The texts: those `_passages` kept, else read again. The words around a claim are read
    again when its passage is not another's, and a text read twice from disk is the slowest
    step of all."""

    def __init__(self, kept: dict[str, str], texts):
        self.kept = kept
        self.texts = texts

    def get(self, source_id: str, default=None):
        text = self.kept.get(source_id)
        return text if text is not None else self.texts.get(source_id, default)


class _Heard:
    """The passages of one value heard so far, and the voice each speaks for: a claim repeats an
    earlier source's text when its passage is the same text (spaces aside), or, while the value
    has at most `MAX_FUZZY_VOICES` distinct passages, nearly the same (fuzzy), or when the claim's
    own words are the same: the `RUN` words from its quote's first word on, or up to its last (a
    mirror of another revision of one article: the sentence kept, the page laid out anew)."""

    def __init__(self, texts, alike: "_Texts"):
        self.texts = texts
        self.alike = alike
        self.exact: dict[str, str] = {}              # passage -> voice id
        self.reps: list[tuple[str, str]] = []        # (voice id, source) of each passage fuzzy matched against
        self.rep_texts: list[str] = []               # those passages
        self.runs: dict[tuple, tuple] = {}           # a run of words -> (voice id, source, claim)
        self.unread: list[tuple[Point, str]] = []    # claims heard whose runs are not indexed yet

    def voice_of(self, p: Point, context: str | None) -> tuple[str | None, str | tuple]:
        """The voice a claim speaks for (its own source's, or an earlier one's), and the passage
        it shares (or the run of words, when that is what it shares); None for a claim too short
        to tell."""
        hit = None
        if context is not None:
            hit = self.exact.get(context)
            if hit is None and self.reps and len(self.reps) <= MAX_FUZZY_VOICES:
                # the first earlier passage of another source as alike (scored in C, all at once)
                alike = process.extract(context, self.rep_texts, scorer=fuzz.ratio, processor=None,
                                        score_cutoff=NEAR_DUPLICATE, limit=None)
                hit = next((self.reps[i][0] for i in sorted(i for _, _, i in alike)
                            if self.reps[i][1] != p.source_id), None)
        passage, indexed = context or "", False
        if hit is None and len(self.reps) <= MAX_FUZZY_VOICES:  # past that, as for fuzzy: exact copies only
            hit, passage, indexed = self._run_of(p, context)
        if hit is None:
            if context is None and p.start is None:
                return None, ""
            hit = p.source_id
            if context is not None:
                self.reps.append((hit, p.source_id))
                self.rep_texts.append(context)
        if not indexed and (context is None or context not in self.exact):  # a passage heard before: indexed
            self.unread.append((p, hit))
        if context is not None:
            self.exact.setdefault(context, hit)
        return hit, passage

    def _run_of(self, p: Point, context: str | None) -> tuple[str | None, str | tuple, bool]:
        """An earlier source's voice that shares a run of words through this claim's quote, the
        run, and whether this claim's runs are indexed now (each claim's words read once)."""
        text = self.texts.get(p.source_id) if p.start is not None else None
        if text is None or not (self.unread or self.runs):
            return None, context or "", False
        runs = self.runs
        for q, its_voice in self.unread:  # the earlier claims' runs, each indexed once, when first needed
            for run in _word_runs(q, self.texts.get(q.source_id)):
                runs.setdefault(run, (its_voice, q.source_id, q))
        self.unread.clear()
        mine = _word_runs(p, text)
        hit, shown = None, context or ""
        for run in mine:
            heard = runs.get(run)
            if heard is not None and heard[1] != p.source_id and self.alike.share_more(p, heard[2]):
                hit, shown = heard[0], run
                break
        for run in mine:
            runs.setdefault(run, (hit or p.source_id, p.source_id, p))
        return hit, shown, True


RUN = 8        # words in a row through a claim's quote that two sources must share to be one text
ELSEWHERE = 5  # runs of `RUN` words the two texts must share besides the claims' own words
TEXTS_READ = 2000  # whole texts read for runs shared elsewhere, at most (each once)
REACH = 80     # characters either side of a quote read for the words around it
WORD = re.compile(r"\w+")


def _words(p: Point, text: str) -> tuple[int, list, int, int]:
    """The words around a claim's quote (lower case, as matches in the text from `lo`): up to
    `RUN` - 1 before it, its own, up to `RUN` - 1 after; and where its own begin and end."""
    end = p.start + len(p.quote)
    lo, hi = max(0, p.start - REACH), min(len(text), end + REACH)
    seg = text[lo:hi].lower()
    before = list(WORD.finditer(seg, 0, p.start - lo))[1 if lo else 0:][-(RUN - 1):]  # a word cut: dropped
    after = list(WORD.finditer(seg, end - lo))[:RUN - 1 if hi == len(text) else -1][:RUN - 1]
    quoted = list(WORD.finditer(seg, p.start - lo, end - lo))
    return lo, before + quoted + after, len(before), len(before) + len(quoted)


def _word_runs(p: Point, text: str | None) -> list[tuple]:
    """The claim's words as runs of `RUN`: the run from its quote's first word on, and the run up
    to its quote's last word (a figure opens a claim's words or closes them)."""
    if text is None or p.start is None:
        return []
    _, found, first, last = _words(p, text)
    if first == last:
        return []
    words = [m.group() for m in found]
    return [tuple(words[i:i + RUN]) for i in sorted({first, last - RUN}) if 0 <= i <= len(words) - RUN]


def _shown(p: Point, text: str | None, run: tuple) -> str:
    """The run of words as the text has it."""
    if text is not None and p.start is not None:
        lo, found, first, last = _words(p, text)
        for i in (first, last - RUN):
            if 0 <= i <= len(found) - RUN and tuple(m.group() for m in found[i:i + RUN]) == run:
                return text[lo + found[i].start():lo + found[i + RUN - 1].end()]
    return " ".join(run)


class _Texts:
    """Whether two sources whose claims share their words also share text elsewhere: `ELSEWHERE`
    runs of `RUN` words or more outside both claims' own words. One stock phrase ("the Collective
    Security Treaty Organization was founded in") is not copying; a mirror of an article shares
    its lists and sentences beside the claim. Each text is read once; past `TEXTS_READ` texts no
    more are read, and their claims' words alone never make a copy."""

    def __init__(self, texts):
        self.texts = texts
        self.read: dict[str, set] = {}
        self.told: dict[tuple, bool] = {}

    def share_more(self, p: Point, q: Point) -> bool:
        pair = (p.source_id, q.source_id)
        if pair not in self.told:
            mine, theirs = self._runs(p.source_id), self._runs(q.source_id)
            shared = mine & theirs if mine is not None and theirs is not None else set()
            if len(shared) >= ELSEWHERE:  # enough shared at all: are they beside the claims?
                shared -= set(_window_runs(p, self.texts.get(p.source_id)))
                shared -= set(_window_runs(q, self.texts.get(q.source_id)))
            self.told[pair] = self.told[pair[::-1]] = len(shared) >= ELSEWHERE
        return self.told[pair]

    def _runs(self, source: str) -> set | None:
        if source not in self.read:
            text = self.texts.get(source)
            if text is None or len(self.read) >= TEXTS_READ:
                return None
            words = WORD.findall(text.lower())
            self.read[source] = {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
        return self.read[source]


def _window_runs(p: Point, text: str | None) -> list[tuple]:
    """Every run of `RUN` words in a claim's window: its own words and those around them."""
    if text is None or p.start is None:
        return []
    _, found, _, _ = _words(p, text)
    words = [m.group() for m in found]
    return [tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)]
