"""Quantity frames: what a figure counts, read from the words around it rather than from a verb.

A claim is a figure with the thing it counts. The noun right after it says so most often
("1,000 Saudi Arabian troops", "300 morts", "22 États membres": resolve.noun_after); when none
follows, or only a generic one ("30 000 hommes", "35 people"), the noun before it may, joined by
a link word or a copula: "a death toll of 300", "Strength: 3,000", "the force numbered 7,600",
"le bilan s'élève à 300", "une force de 30 000 hommes". The classes are the rules' noun classes
([nouns], with the measure nouns of [frames.nouns]); a claim rule's `frame_nouns` names the
classes that decide its attribute on their own.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from .lemmas import lemma, tokens
from .rules import phrase_pattern

FRAME_REACH = 60  # how far before a figure its link words and noun may start
COPULA = "copula"  # the class noun_before answers when a copula stands before the figure but no noun
SUBJECT_REACH = 120  # how far before a copula its subject may stand ("the death toll in … is now at 37")
MAX_LINKS = 4     # "the force, which had numbered about": link words and copulas between


@dataclass(frozen=True)
class Frames:
    """A language's frame words: links ("of", "de"), copulas by lemma, and each class's nouns
    as a pattern that ends where the links begin."""
    links: frozenset
    copulas: frozenset
    agents: frozenset    # "by", "par": who a passive says did it ("provided by Syria")
    articles: frozenset  # the language's articles ("the", "des")
    before: tuple  # (class, pattern of its nouns anchored at the end)
    anywhere: tuple  # (class, pattern of its nouns): a copula's subject, earlier in its clause

    @classmethod
    def build(cls, data: dict) -> "Frames | None":
        section = data.get("frames")
        if not section:
            return None
        extra = section.get("nouns", {})
        nouns = dict(data.get("nouns", {}))
        before, anywhere = [], []
        # "le contingent marocain, fort de 732 hommes": where adjectives follow the noun, two may
        adjectives = r"(?:\s+[^\W\d_]+){0,2}" if data.get("names", {}).get("adjectives_after") else ""
        for name in sorted(set(nouns) | set(extra)):
            words = sorted(set(nouns.get(name, [])) | set(extra.get(name, [])), key=len, reverse=True)
            if words and name not in ("things", "years"):
                body = "|".join(phrase_pattern(w) for w in words)
                before.append((name, re.compile(rf"(?r)(?:{body}){adjectives}[\s\"»”]*[:,(]?\s*$", re.IGNORECASE)))
                anywhere.append((name, re.compile(rf"(?:{body})", re.IGNORECASE)))
        words = lambda key: frozenset(w.lower() for w in section.get(key, []))  # noqa: E731
        articles = frozenset(w.lower().rstrip("'") for w in data.get("grammar", {}).get("articles", []))
        return cls(words("links"), words("copulas"), words("agents"), articles, tuple(before), tuple(anywhere))


_GAP = re.compile(r"[\s,:\u00a0]*")
LAST_WORD_REACH = 30
_LAST_WORD = re.compile(r"(?r)([^\W\d_]+)([\s,:\u00a0]*)$")  # (?r): searched from the end


def noun_before(view: str, lang: str, frames: Frames | None, start: int, floor: int) -> tuple[frozenset, int]:
    """The classes of the noun a figure starting at `start` counts, read before it through link
    words and copulas ("a force of", "the toll stood at", "Strength:"), and where that noun
    starts; no classes when none."""
    if frames is None:
        return frozenset(), start
    last = _LAST_WORD.search(view, max(floor, start - LAST_WORD_REACH), start)
    if last is None or (":" not in last.group(2) and last.group(1).lower() not in frames.links
                        and lemma(last.group(1), lang) not in frames.copulas):
        return frozenset(), start  # (most figures: the word before them links nothing)
    lo = max(floor, start - FRAME_REACH)
    words = tokens(view, lo, start, lang)
    pos, linked, steps, copula = start, ":" in view[words[-1].end if words else lo:start], 0, False
    for token in reversed(words):
        if steps == MAX_LINKS or not _GAP.fullmatch(view, token.end, pos):
            break
        word = view[token.start:token.end].lower()
        if word not in frames.links and token.lemma not in frames.copulas:
            break
        if word not in frames.links and any(p.search(view, lo, token.end) for _, p in frames.before):
            break  # "its numbers were increased to": the noun, not the verb "number"
        copula = copula or token.lemma in frames.copulas
        pos, linked, steps = token.start, True, steps + 1
    if not linked:
        return frozenset(), start
    hits = [(m.start(), name) for name, pattern in frames.before
            if (m := pattern.search(view, max(floor, pos - FRAME_REACH), pos))]
    if hits or not copula:
        return frozenset(name for _, name in hits), min(hits)[0] if hits else start
    # "The death toll in yesterday's ferry collision is now at 37": the copula's subject, in its clause
    clause = max(floor, pos - SUBJECT_REACH, *(i + 1 for i in (view.rfind(",", floor, pos), view.rfind(";", floor, pos))))
    first = [(m.start(), name) for name, pattern in frames.anywhere if (m := pattern.search(view, clause, pos))]
    if not first:  # "ils étaient de 4 500 hommes": a copula, its subject a pronoun
        return frozenset({COPULA}), start
    at = min(first)[0]
    return frozenset(name for where, name in first if where == at), at


def agent(view: str, lang: str, frames: Frames | None, rule, named: list, position: int, reach: int) -> str:
    """The country a figure's clause names after it (from `position`) through nothing but agent
    words, articles, copulas and the rule's predicates: "30,000 were provided by Syria", "dont
    25 000 étaient des Syriens"; '' when none."""
    if frames is None:
        return ""
    glue = frames.agents | frames.articles
    verbs = frames.copulas | rule.lemmas_sentence | rule.lemmas
    for e in named:
        if e.start < position or e.start - position > reach:
            continue
        words = tokens(view, position, e.start, lang)
        gap = view[position:e.start]
        if words and not any(ch in gap for ch in ",;:()") \
                and all(view[t.start:t.end].lower() in glue or t.lemma in verbs for t in words):
            return e.id
        break
    return ""
