"""The noun right after a figure, by dictionary look-ups on its words: whose count it is.

"2 500 parachutistes russes", "1,000 Saudi Arabian troops", "17 membres des forces de l'ordre":
after an optional hyphen, lead word ("de", "of") and quote mark, up to two other words
(adjectives, nationalities: never "and", "or", "of"), then a noun phrase of the rules' noun
classes ([nouns], and the gazetteer's groups). The phrases are indexed by their first word, so a
figure costs a few dictionary look-ups, whatever the number of classes and phrases.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

LEAD_GAP = re.compile(r"\s*-?\s*[«\"“]?\s*")
ELIDED_GAP = re.compile(r"['’]\s*[«\"“]?\s*|\s+[«\"“]?\s*")
WORD_GAP = re.compile(r"\s+")
INITIAL_GAP = re.compile(r"\.\s*")  # after a one-letter word: "530 U.S. Marines"
MAX_FILLERS = 3  # "twenty five New Zealand Army personnel"
MAX_WORDS = 8  # the longest phrase, its filler and lead


@dataclass(frozen=True)
class Found:
    """The classes of the noun phrase after a figure, where it ends, and the group it names."""
    classes: frozenset
    end: int
    group_alias: str  # the phrase of the `group` class, as the lexicon has it ('' when none)


class NounLexicon:
    """Every class's phrases, indexed by their first word (lower case)."""

    def __init__(self, classes: dict[str, list[str]], leads: list[str], stops: list[str]):
        self.index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cls, phrases in classes.items():
            for phrase in phrases:
                words = tuple(split_words(phrase))
                if words:
                    self.index.setdefault(words[0], []).append((words, cls))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.leads = frozenset(w.lower().rstrip("'’") for w in leads)
        self.stops = frozenset(w.lower() for w in stops)

    def after(self, view: str, start: int, end: int) -> Found | None:
        """The noun phrase right after `start` (a figure's end), within `end`; None when none."""
        words = _words(view, start, end)
        if not words:
            return None
        first = 0
        if not LEAD_GAP.fullmatch(view, start, words[0][1]):
            return None
        if words[0][0] in self.leads and len(words) > 1 and ELIDED_GAP.fullmatch(view, words[0][2], words[1][1]):
            first = 1  # "2 500 de ses soldats", "of them"
        for k in range(first, min(first + MAX_FILLERS + 1, len(words))):
            found = self._phrases_at(view, words, k)
            if found:
                return found
            if words[k][0] in self.stops or k + 1 >= len(words) or not _filler_gap(view, words[k], words[k + 1]):
                return None
        return None

    def _phrases_at(self, view: str, words: list, k: int) -> Found | None:
        classes, end, group = set(), 0, ""
        for phrase, cls in self.index.get(words[k][0], ()):
            n = len(phrase)
            if k + n > len(words) or tuple(w[0] for w in words[k:k + n]) != phrase:
                continue
            if any(not WORD_GAP.fullmatch(view, words[i][2], words[i + 1][1]) for i in range(k, k + n - 1)):
                continue
            if cls not in classes:
                classes.add(cls)
                if cls == "group":
                    group = " ".join(phrase)
            end = max(end, words[k + n - 1][2])
        return Found(frozenset(classes), end, group) if classes else None


def _filler_gap(view: str, word: tuple[str, int, int], following: tuple[str, int, int]) -> bool:
    """Whether a filler word runs on to the next: a space, or an initial's full stop ("U.S.")."""
    gap = WORD_GAP if len(word[0]) > 1 else INITIAL_GAP
    return bool(gap.fullmatch(view, word[2], following[1]) or WORD_GAP.fullmatch(view, word[2], following[1]))


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*['’]?")


def split_words(phrase: str) -> list[str]:
    """A phrase's words as _words reads a text's (lower case, ’ as ')."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(phrase)]


_DIGIT = re.compile(r"\d")


def _words(view: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The first words after `start` (lower case, ’ as ', with their offsets); a digit ends them."""
    digit = _DIGIT.search(view, start, end)
    out = []
    for m in _WORD.finditer(view, start, digit.start() if digit else end):
        out.append((m.group().lower().replace("’", "'"), m.start(), m.end()))
        if len(out) == MAX_WORDS:
            break
    return out
