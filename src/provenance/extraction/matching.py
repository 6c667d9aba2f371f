"""Does a claim rule fit a figure? A pure match: the figure's value kind and noun, the rule's vetoes,
then the nearest cue (before, adjacent, after, anywhere in the sentence, or carried over from the
sentences before). The answer is a `Match` with its distance; the closest rule wins.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex as re  # its long alternations of phrases run several times faster than re's

from .document import Document
from .lemmas import Token, lemma_index
from .number_reader import Figure
from .resolve import CLAUSE_PENALTY, Mention, Noun, aside, cue_distance, nearest, subject
from .rules import ClaimRule, ahead, words_of
from .text import Sentence

SENTENCE_CUE_DISTANCE = 500  # a cue anywhere in the sentence counts, after any cue next to the figure
FRAME_DISTANCE = 16  # a noun that decides the claim: only a predicate right after it, or a cue as close, wins
POLICE_CLASS = "police"  # the noun class of police officers
POLICE = frozenset({POLICE_CLASS})  # police, whom only a verb makes a deployment
CLAUSE_REACH = 40    # a predicate this close after the figure's noun, in its clause, is the figure's own verb
CARRIED_CUE_DISTANCE = 800
ADJACENT_REACH = 12
OWN_DATE_REACH = 40  # a verb after a date with a date of its own this close after it

_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class Match:
    rule: ClaimRule
    distance: float
    cue_start: int
    cue_end: int
    how: str  # before | after | sentence | carried | period | included | predicate | frame

    def at(self, distance: float) -> "Match":
        """The same match at another distance (a constructor call: dataclasses.replace is slow)."""
        return Match(self.rule, distance, self.cue_start, self.cue_end, self.how)


@dataclass
class SentenceCues:
    """Per-sentence look-ups many figures ask for, computed once (a cache; it decides nothing)."""
    doc: Document
    _words: dict = field(default_factory=dict)
    _tokens: dict = field(default_factory=dict)

    def hits(self, pattern: re.Pattern, sent: Sentence) -> list:
        return self.doc.matches(pattern, sent).matches

    def lemmas(self, sent: Sentence) -> dict[str, list[Token]]:
        """The sentence's words that some rule's predicates name, by lemma, read once."""
        key = (sent.start, sent.end)
        found = self._tokens.get(key)
        if found is None:
            found = self._tokens[key] = lemma_index(self.doc.view, sent.start, sent.end, self.doc.lang.code,
                                                    self.doc.lang.predicate_lemmas)
        return found

    def lemma_hits(self, sent: Sentence, lemmas: frozenset) -> list[Token]:
        """The sentence's words whose lemma is one of `lemmas`."""
        by_lemma = self.lemmas(sent)
        if not by_lemma or lemmas.isdisjoint(by_lemma):
            return []
        return [t for lemma in lemmas.intersection(by_lemma) for t in by_lemma[lemma]]

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
    if rule.re_veto_sentence and _may(rule.fw_veto_sentence, cues.words(sent)):
        named = cues.doc.in_span(rule.subject, sent.start, sent.end)  # a veto word inside a name of the subject's
        if any(not any(e.start <= h.start() < e.end for e in named) for h in cues.hits(rule.re_veto_sentence, sent)):
            return True  # kind is no veto: "the Arusha Peace Agreement" is the treaty itself
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
            d, at, origin = a + found.start() - fig.end, a + found.start(), max(fig.end, m.noun.end)
            if at >= m.segment[1] and _list_item(cues.doc, m) \
                    or 0 <= at - origin <= CLAUSE_REACH and not cues.doc.index(sent).has_clause(origin, at):
                d = min(d, FRAME_DISTANCE - 1)  # the verb its list shares, or its own right after its noun
            if best is None or d < best.distance:
                best = Match(rule, d, a + found.start(), a + found.end(), "after")
    return best


def _reach(cues: SentenceCues, rule: ClaimRule, m: Mention, after: tuple[int, int], token) -> tuple[float, bool] | None:
    """How far a predicate word stands from the figure, and whether it is the figure's own verb:
    in its clause right before it ("the blast killed 42"), right after its noun ("17 soldats
    nigériens ont été tués", counted from the noun), or the verb its list ends with ("4 soldiers,
    1 rebel and 2 civilians killed"); None when it is out of the figure's reach."""
    doc, fig, sent = cues.doc, m.fig, m.sent
    if max(sent.start, fig.start - rule.window) <= token.start and token.end <= fig.start \
            and not doc.index(sent).has_clause(token.end, fig.start):
        return fig.start - token.end, True
    if not (after[0] <= token.start and token.end <= after[1]):
        return None
    origin = max(fig.end, m.noun.end)
    gap, d = max(0, token.start - origin), token.start - fig.end
    if _next_acts(doc, rule, m, token.start, token.end):
        return None  # "joined in 1993, suspended … in 2007", "réintègre l'OPEP en janvier 2016 avant de quitter
        # … en décembre 2016": the next act's verb, with its own date
    if token.start >= m.segment[1] and _list_item(doc, m) \
            or gap <= CLAUSE_REACH and not doc.index(sent).has_clause(origin, token.start):
        return min(d, FRAME_DISTANCE - 1), True
    return (d, False) if gap <= rule.window else None


def _next_acts(doc: Document, rule: ClaimRule, m: Mention, start: int, end: int) -> bool:
    """A verb after a date with a date of its own right after it is the next act's ("l'Indonésie
    en 1962, qui se retire en 2008"), not this date's. (A word before a date with another date
    between stays this one's too: "s'élargit à l'Inde en 2017, puis à l'Iran en 2021".)"""
    return rule.value in ("date", "year") and start >= m.fig.end \
        and bool(doc.year_before(min(m.sent.end, end + OWN_DATE_REACH), end))


def predicate_cue(cues: SentenceCues, rule: ClaimRule, m: Mention, after: tuple[int, int]) -> Match | None:
    """The nearest word of the rule's predicates by lemma within the figure's reach (_reach)."""
    best: Match | None = None
    for token in cues.lemma_hits(m.sent, rule.lemmas) if rule.lemmas else ():
        reach = _reach(cues, rule, m, after, token)
        if reach is not None and (best is None or reach[0] < best.distance):
            best = Match(rule, reach[0], token.start, token.end, "predicate")
    return best


def _own_verb(cues: SentenceCues, rule: ClaimRule, m: Mention, after: tuple[int, int]) -> bool:
    """A word of any of the rule's predicates that is the figure's own verb ("80 police officers
    left for the islands", "envoyé 200 gendarmes", "Thirty … Police and twenty five … will leave")."""
    return any((reach := _reach(cues, rule, m, after, token)) is not None and reach[1]
               for token in cues.lemma_hits(m.sent, rule.lemmas | rule.lemmas_sentence))


def sentence_predicate(cues: SentenceCues, rule: ClaimRule, m: Mention) -> Match | None:
    """A word of the rule's sentence predicates anywhere in the sentence (not across an aside)."""
    if not rule.lemmas_sentence:
        return None
    doc, fig, sent = cues.doc, m.fig, m.sent
    span = aside(doc, sent, fig)
    hits = [t for t in cues.lemma_hits(sent, rule.lemmas_sentence) if span is None or span[0] <= t.start < span[1]]
    if not hits:
        return None
    t = min(hits, key=lambda t: cue_distance(doc, fig, t.start, t.end, sent))
    return Match(rule, SENTENCE_CUE_DISTANCE + cue_distance(doc, fig, t.start, t.end, sent), t.start, t.end, "sentence")


_LETTER = re.compile(r"[^\W\d_]")


def _bare_line(doc: Document, m: Mention) -> bool:
    """A line that is the figure and its noun and nothing else ("7,000 soldiers[8]" in a list of
    strengths): whose count it is, only the layout said; a frame alone does not make it a claim.
    A line whose noun names its country says it ("1,130 Brazilian soldiers")."""
    view, sent = doc.view, m.sent
    return sent.is_line and not _LETTER.search(view, sent.start, m.fig.start) \
        and not _LETTER.search(view, max(m.noun.end, m.fig.end), sent.end) \
        and not doc.in_span("country", m.fig.end, max(m.noun.end, m.fig.end))


def _list_item(doc: Document, m: Mention) -> bool:
    """The figure and its noun are an item of a list, nothing else before the next item ("4 ECOWAS
    soldiers, 1 MFDC rebel and 2 civilians killed"): the list's verb is the item's own."""
    rest = doc.view[max(m.fig.end, m.noun.end):m.segment[1]]
    joint = doc.lang.grammar.coordinated.search(rest)
    return bool(joint) and not _LETTER.search(rest, 0, joint.start())


def _closer(a: Match | None, b: Match | None) -> Match | None:
    """The closer of two matches; a phrase (`a`) over the predicate (`b`) on the same words."""
    if a is not None and b is not None and b.cue_start < a.cue_end and a.cue_start < b.cue_end:
        return a.at(min(a.distance, b.distance))
    return b if a is None or (b is not None and b.distance < a.distance) else a


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
        hits = [h for h in nearest(found, fig, lo, hi) if not _next_acts(doc, rule, m, h.start(), h.end())]
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
    best = _closer(near_cue(cues, rule, m, after), predicate_cue(cues, rule, m, after))
    if best is not None and best.how == "before" and m.noun.classes & cues.doc.lang.frame_classes \
            and not m.noun.classes.intersection(rule.frame_nouns) \
            and cues.doc.index(m.sent).has_clause(best.cue_end, m.fig.start):
        # "1,900 injured, 100,000 refugees": a cue of the item before, not of a figure whose noun says
        best = best.at(best.distance + CLAUSE_PENALTY)
    if best is None:
        best = (sentence_cue(cues, rule, m, prev) if rule.re_sentence else None) or sentence_predicate(cues, rule, m)
    if rule.frame_nouns and m.noun.classes.intersection(rule.frame_nouns) \
            and (best is None or best.distance > FRAME_DISTANCE) and not _bare_line(cues.doc, m):
        # the noun decides; a cue farther off still shows where the claim's words are
        start = m.noun.start if 0 <= m.noun.start < m.fig.start else m.fig.start
        best = Match(rule, FRAME_DISTANCE, start, m.noun.end, "frame") if best is None \
            else best.at(FRAME_DISTANCE)
    if best is not None and m.noun.classes.intersection(rule.nouns) == POLICE \
            and not _own_verb(cues, rule, m, after):
        return None  # police count as a mission's personnel only where their own verb says they were sent
    if best is not None and ("subject" in rule.require or "operation" in rule.require) \
            and subject(cues.doc, rule, m) is None:
        return None  # it could not be emitted: another rule may take the figure
    return best
