"""Does a claim rule fit a figure? A pure match: the figure's value kind and noun, the rule's vetoes,
then the nearest cue (before, adjacent, after, anywhere in the sentence, or carried over from the
sentences before). The answer is a `Match` with its distance; the closest rule wins.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex as re  # its long alternations of phrases run several times faster than re's

from .document import Document
from .numbers import Figure
from .resolve import Mention, Noun, aside, cue_distance, nearest, subject
from .rules import ClaimRule, ahead, words_of
from .text import Sentence

SENTENCE_CUE_DISTANCE = 500  # a cue anywhere in the sentence counts, after any cue next to the figure
CARRIED_CUE_DISTANCE = 800
ADJACENT_REACH = 12

_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class Match:
    rule: ClaimRule
    distance: float
    cue_start: int
    cue_end: int
    how: str  # before | after | sentence | carried | period | included


@dataclass
class SentenceCues:
    """Per-sentence look-ups many figures ask for, computed once (a cache; it decides nothing)."""
    doc: Document
    _words: dict = field(default_factory=dict)

    def hits(self, pattern: re.Pattern, sent: Sentence) -> list:
        return self.doc.matches(pattern, sent).matches

    def words(self, sent: Sentence) -> set[str]:
        key = (sent.start, sent.end)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = words_of(self.doc.view[sent.start:sent.end])
        return found


def _may(first: frozenset | None, words: set[str]) -> bool:
    """Whether a phrase list can match a text with these words (always, without a word list)."""
    return first is None or not first.isdisjoint(words)


def fits_value(rule: ClaimRule, fig: Figure, noun: Noun, view: str) -> bool:
    """The figure is the kind of value the rule reads, with a noun the rule accepts."""
    if fig.kind == "measure":  # a magnitude, a share, a sum of money, a distance
        return False
    if rule.value == "count":
        if fig.kind in ("date", "day") or (fig.year_like and (noun.none or "years" in noun.classes)):
            return False
    elif rule.value == "year":
        if fig.kind != "year" or fig.bound == "range":
            return False
    elif rule.value == "date":
        if fig.kind not in ("year", "date"):
            return False
        if fig.kind == "year" and not fig.year_like and fig.bound != "range" \
                and not _NOT_DIGIT.search(view, fig.core_start, fig.core_end):
            return False
    elif rule.value == "duration":
        if fig.kind != "count" or "years" not in noun.classes:
            return False
    if rule.max_value is not None and (fig.number or 0) > rule.max_value:
        return False
    if rule.nouns and rule.value != "duration":
        allowed = set(rule.nouns)
        if noun.none:
            return "none" in allowed
        return bool(noun.classes & allowed)
    return True


def vetoed(cues: SentenceCues, rule: ClaimRule, m: Mention) -> bool:
    view, fig, sent = cues.doc.view, m.fig, m.sent
    if rule.re_veto_sentence and _may(rule.fw_veto_sentence, cues.words(sent)) \
            and cues.hits(rule.re_veto_sentence, sent):
        return True
    before_start = max(sent.start, fig.start - rule.window)
    if rule.re_veto_before_end and rule.re_veto_before_end.search(view, before_start, fig.start):
        return True
    return bool(rule.re_veto_after_start and rule.re_veto_after_start.match(view, m.noun.end, ahead(m.noun.end)))


def near_cue(cues: SentenceCues, rule: ClaimRule, m: Mention, after: tuple[int, int]) -> Match | None:
    """The closest cue before (within the rule's window), adjacent, or after the figure."""
    view, fig, sent = cues.doc.view, m.fig, m.sent
    words = cues.words(sent)
    best: Match | None = None
    before_start = max(sent.start, fig.start - rule.window)
    if rule.re_before and _may(rule.fw_before, words):
        window = view[before_start:fig.start]
        last = None
        for last in rule.re_before.finditer(window):
            pass
        if last:
            best = Match(rule, len(window) - last.end(), before_start + last.start(), before_start + last.end(), "before")
    if rule.re_adjacent and best is None:
        found = rule.re_adjacent.search(view, max(sent.start, fig.start - ADJACENT_REACH), fig.start)
        if found:
            best = Match(rule, fig.start - found.end(), found.start(), found.end(), "before")
    if rule.re_after and _may(rule.fw_after, words):
        a, b = after
        found = rule.re_after.search(view[a:b]) if a < b else None
        if found:
            d = a + found.start() - fig.end
            if best is None or d < best.distance:
                best = Match(rule, d, a + found.start(), a + found.end(), "after")
    return best


def sentence_cue(cues: SentenceCues, rule: ClaimRule, m: Mention, prev: list[Sentence]) -> Match | None:
    """A cue anywhere in the sentence (not across a bracketed aside), or carried from the
    sentences before when this one continues them ("Le premier s'est produit en 2009")."""
    doc, fig, sent = cues.doc, m.fig, m.sent
    found = doc.matches(rule.re_sentence, sent) if _may(rule.fw_sentence, cues.words(sent)) else None
    if found and found.matches:
        lo, hi = 0, len(found.matches)
        span = aside(doc, sent, fig)
        if span:  # a cue outside a bracketed aside does not reach the figures inside it
            lo, hi = bisect.bisect_left(found.starts, span[0]), bisect.bisect_left(found.starts, span[1])
        hits = nearest(found, fig, lo, hi)
        if hits:
            h = min(hits, key=lambda h: cue_distance(doc, fig, h.start(), h.end(), sent))
            return Match(rule, SENTENCE_CUE_DISTANCE + cue_distance(doc, fig, h.start(), h.end(), sent), h.start(),
                         h.end(), "sentence")
    continuation = doc.lang.continuation
    if rule.carry and continuation and continuation.match(doc.view, sent.start, sent.end):
        for before in prev[-2:]:
            if rule.re_sentence.search(doc.view, before.start, before.end):
                return Match(rule, CARRIED_CUE_DISTANCE, fig.start, fig.end, "carried")
    return None


def match_rule(cues: SentenceCues, rule: ClaimRule, m: Mention, after: tuple[int, int],
               prev: list[Sentence]) -> Match | None:
    """How well a rule fits the figure of a mention; None when it does not."""
    if not fits_value(rule, m.fig, m.noun, cues.doc.view) or vetoed(cues, rule, m):
        return None
    best = near_cue(cues, rule, m, after)
    if best is None and rule.re_sentence:
        best = sentence_cue(cues, rule, m, prev)
    if best is not None and "subject" in rule.require and subject(cues.doc, rule, m) is None:
        return None  # it could not be emitted: another rule may take the figure
    return best
