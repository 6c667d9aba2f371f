"""Which sentences may hold an organisation's name: most hold none, and are never tokenised
(see orgshape.py: its shapes need a capitalised head word, an acronym in brackets, or a founding
verb)."""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

_CAPITALISED = re.compile(r"[^\W\d_a-z][^\W\d_]*")
_BRACKETED_CAPITAL = re.compile(r"\(\s*[A-Z]")
_INFINITIVE = re.compile(r"(?:er|ir|re|e)$")


@dataclass(frozen=True)
class Screen:
    """What a sentence holding a shape must hold (most hold none, and are never tokenised): a
    capitalised head word, an acronym in brackets, or a word that starts like a founding verb
    ("cré" of créer: créée, créa; "establish")."""
    heads: frozenset
    stems: re.Pattern

    def may_hold(self, view: str, start: int, end: int) -> bool:
        text = view[start:end]
        if "(" in text and _BRACKETED_CAPITAL.search(text):
            return True
        if self.stems.search(text):
            return True
        return any(w in self.heads for w in _CAPITALISED.findall(text))


def screen(names: dict) -> Screen:
    """The screen of a language's [names] rules."""
    stems = sorted({_INFINITIVE.sub("", f.lower()) or f.lower() for f in names.get("founding", [])})
    body = "|".join(re.escape(stem) for stem in stems) or "(?!x)x"
    return Screen(frozenset(h[:1].upper() + h[1:] for h in names.get("heads", [])),
                  re.compile(rf"(?<![^\W\d_])(?:{body})", re.IGNORECASE))
