"""Words by their lemma: one entry of a rules file ("kill", "tuer") covers every tense, gender
and number ("killed", "tuées", "périrent"), from simplemma's shipped dictionaries (fr, en, ru …).

A word's lemma is looked up once per process (a dict), so reading a sentence's lemmas costs a
dictionary look-up per word. simplemma keeps some participles as adjectives ("tués" -> "tué",
"péri" -> "péri"): a lemma class lists the verb and, where the dictionary stops there, the
participle too.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex as re

import simplemma

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@lru_cache(maxsize=500_000)
def lemma(word: str, lang: str) -> str:
    """The lemma of one word, lower-case (the word itself when the dictionary has none)."""
    low = word.lower()
    try:
        return simplemma.lemmatize(low, lang=lang).lower()
    except ValueError:  # a language simplemma does not ship
        return low


class Token(NamedTuple):  # a tuple: every word of a sentence is one, and a frozen dataclass is slow to build
    lemma: str
    start: int
    end: int


_READ: dict[str, dict[str, tuple[str, int]]] = {}  # language -> word as written -> (lemma, elided letters)


def _read(word: str, lang: str, read: dict) -> tuple[str, int]:
    """A word's lemma and the letters of an elided article it opens with (l', d', qu'), read once."""
    found = read.get(word)
    if found is None:
        cut = max(word.rfind("'"), word.rfind("’"))
        skip = cut + 1 if 0 < cut <= 2 else 0
        found = read[word] = (lemma(word[skip:], lang), skip)
    return found


def tokens(view: str, start: int, end: int, lang: str) -> list[Token]:
    """The words of view[start:end] with their lemmas and offsets ("l'armée": "armée"); each word
    as written is read once per process (a dict look-up after that)."""
    read = _READ.setdefault(lang, {})
    out = []
    for m in WORD.finditer(view, start, end):
        found = read.get(m.group()) or _read(m.group(), lang, read)
        out.append(Token(found[0], m.start() + found[1], m.end()))
    return out


def lemma_index(view: str, start: int, end: int, lang: str, wanted: frozenset) -> dict[str, list[Token]]:
    """The words of view[start:end] whose lemma is in `wanted`, by lemma (tokens() without a
    tuple for every other word)."""
    read = _READ.setdefault(lang, {})
    out: dict[str, list[Token]] = {}
    for m in WORD.finditer(view, start, end):
        found = read.get(m.group()) or _read(m.group(), lang, read)
        if found[0] in wanted:
            out.setdefault(found[0], []).append(Token(found[0], m.start() + found[1], m.end()))
    return out
