"""'autour de la Russie, cinq républiques': whether the words before a count of members end with
a phrase naming a country that counts too ("plus one").

Every country name in one pattern per phrase is 85-115 KB of regex: 0.15-0.2 s to compile, and a
search tries every name at each position (8 % of extraction on articles about an alliance). So a
text is searched with a pattern of only the names whose first word it holds, compiled for that
handful and kept. Whether that pattern finds something is whether the whole one would: a name
whose first word is not in the text cannot match in it. "In the text" is decided on lower-cased
strings, which agree with the pattern's case-insensitive matching for the letters of SAFE
(tests/test_fast_paths.py checks every pair); a text with any other letter is searched with the
whole pattern.
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

from .rules import alternation, phrase_pattern

# Latin (but dotless ı, dotted İ, long ſ, which case-insensitive matching equates with i and s),
# Cyrillic, the general punctuation (spaces, dashes, quotes): lower-casing each is one letter,
# and two of them match case-insensitively exactly when their lower cases are equal.
SAFE = "\t\n\x0b\x0c\r\x20-\x7e\xa0-\u012f\u0132-\u017e\u0180-\u024f\u0400-\u04ff\u2000-\u206f"
_UNSAFE = re.compile(f"[^{SAFE}]")
START = 3  # first words are indexed by their first three letters (or all of a shorter one)


def first_word(name: str) -> str:
    """The first piece of a name as phrase_pattern cuts it (at white space and apostrophes)."""
    return next((w for w in re.split(r"(\s+|')", name) if w and not w.isspace() and w != "'"), "")


class PlusOne:
    """The plus-one phrases of a language (each with `{country}`), its articles, its country names."""

    def __init__(self, phrases: list[str], articles: list[str], names: list[str]):
        self.phrases = tuple(phrases)
        self.article = rf"(?:{alternation(a.rstrip(chr(39)) for a in articles)}\s*['’]?\s*)?"
        self.names = tuple(sorted(set(names), key=len, reverse=True))
        self.rank = {n: i for i, n in enumerate(self.names)}
        # a name with a letter outside SAFE, or no first word, is searched for in every text
        self.always = [n for n in self.names if _UNSAFE.search(n) or not first_word(n)]
        self.by_start: dict[str, list[tuple[str, list[str]]]] = {}  # first word's first 3 letters -> (word, names)
        by_word: dict[str, list[str]] = {}
        for n in self.names:
            if n not in self.always:
                by_word.setdefault(first_word(n).lower(), []).append(n)
        for word, named in by_word.items():
            self.by_start.setdefault(word[:START], []).append((word, named))
        self.starts = sorted({len(k) for k in self.by_start})
        self.each_names_one = all("{country}" in p for p in self.phrases)  # else a match needs no name

    def found(self, text: str) -> bool:
        """Whether `text` ends with one of the phrases, a country named in it."""
        if not self.each_names_one or _UNSAFE.search(text):
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
