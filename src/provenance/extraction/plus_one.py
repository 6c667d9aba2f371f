"""'autour de la Russie, cinq républiques': whether the words before a count of members end with
a phrase naming a country that counts too ("plus one").

Every country name in one pattern per phrase is 85-115 KB of regex: 0.15-0.2 s to compile, and a
search tries every name at each position (8 % of extraction on articles about an alliance). So a
text is searched with a pattern of only the names whose first word it holds, compiled for that
handful and kept. Whether that pattern finds something is whether the whole one would: a name
whose first word is not in the text cannot match in it. "In the text" is decided on lower-cased
strings (see screen.py); a text with a letter outside SAFE is searched with the whole pattern.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

from .rules import alternation, phrase_pattern
from .screen import first_word, plain

START = 3  # first words are indexed by their first three letters (or all of a shorter one)


class PlusOne:
    """The plus-one phrases of a language (each with `{country}`), its articles, its country names."""

    def __init__(self, phrases: list[str], articles: list[str], names: list[str]):
        self.phrases = tuple(phrases)
        self.article = rf"(?:{alternation(a.rstrip(chr(39)) for a in articles)}\s*['’]?\s*)?"
        self.names = tuple(sorted(set(names), key=len, reverse=True))
        self.rank = {n: i for i, n in enumerate(self.names)}
        self.always: list[str] = []  # a name with a letter outside SAFE, or no first word: in every text
        by_word: dict[str, list[str]] = {}
        for n in self.names:
            word = first_word(n) if plain(n) else ""
            if word:
                by_word.setdefault(word.lower(), []).append(n)
            else:
                self.always.append(n)
        self.by_start: dict[str, list[tuple[str, list[str]]]] = {}  # first word's first 3 letters -> (word, names)
        for word, named in by_word.items():
            self.by_start.setdefault(word[:START], []).append((word, named))
        self.starts = sorted({len(k) for k in self.by_start})
        self.each_names_one = all("{country}" in p for p in self.phrases)  # else a match needs no name

    def found(self, text: str) -> bool:
        """Whether `text` ends with one of the phrases, a country named in it."""
        if not self.each_names_one or not plain(text):
            return self.whole.search(text) is not None
        names = self.named_in(text.lower())
        return bool(names) and _pattern(self.phrases, self.article, names).search(text) is not None

    def named_in(self, lowered: str) -> tuple[str, ...]:
        """The names whose (lower-cased) first word is in `lowered`, in the whole pattern's order."""
        found = set(self.always)
        for i in range(len(lowered)):
            for size in self.starts:
                for word, named in self.by_start.get(lowered[i:i + size], ()):
                    if lowered.startswith(word, i):
                        found.update(named)
        return tuple(sorted(found, key=self.rank.__getitem__))

    @cached_property
    def whole(self) -> re.Pattern:
        """Every name in one pattern (a text with letters outside SAFE; a timing's warm-up)."""
        return _pattern(self.phrases, self.article, self.names)


@lru_cache(maxsize=4096)
def _pattern(phrases: tuple[str, ...], article: str, names: tuple[str, ...]) -> re.Pattern:
    countries = "(?:" + "|".join(phrase_pattern(n) for n in names) + ")"
    parts = [phrase_pattern(p.replace("{country}", "COUNTRY")).replace("COUNTRY", article + countries) for p in phrases]
    return re.compile(r"(?:" + "|".join(parts) + r")\s*$", re.IGNORECASE)
