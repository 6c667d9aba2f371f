"""Whether a text can hold one of some phrases, decided on lower-cased strings before their long
alternation is searched: a phrase whose first word (as phrase_pattern cuts it) is not in the text
cannot match in it. Lower-casing agrees with case-insensitive matching (re's and the regex
module's) for the letters of SAFE, which tests/test_fast_paths.py checks pair by pair; a text
with any other letter is searched as it would be without a screen.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# Latin (but dotless ı, dotted İ, long ſ, which case-insensitive matching equates with i and s),
# Cyrillic, the general punctuation (spaces, dashes, quotes): lower-casing each is one letter,
# and two of them match case-insensitively exactly when their lower cases are equal.
SAFE = "\t\n\x0b\x0c\r\x20-\x7e\xa0-\u012f\u0132-\u017e\u0180-\u024f\u0400-\u04ff\u2000-\u206f"
_UNSAFE = re.compile(f"[^{SAFE}]")


def plain(text: str) -> bool:
    """Whether every letter of `text` is in SAFE."""
    return _UNSAFE.search(text) is None


def first_word(phrase: str) -> str:
    """The first piece of a phrase as phrase_pattern cuts it (at white space and apostrophes)."""
    return next((w for w in re.split(r"(\s+|')", phrase) if w and not w.isspace() and w != "'"), "")


def first_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The lower-cased first words of these phrases; None when one cannot screen (a raw `re:`
    pattern, no first word, a letter outside SAFE)."""
    out = set()
    for phrase in phrases:
        word = first_word(phrase)
        if phrase.startswith("re:") or not word or not plain(word):
            return None
        out.add(word.lower())
    return frozenset(out)
