"""Which sentences may hold an organisation's name: most hold none, and are never tokenised
(see orgshape.py: its shapes need a capitalised head word, an acronym in brackets, or a founding
verb)."""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

_INFINITIVE = re.compile(r"(?:er|ir|re|e)$")


_BRACKETED_CAPITAL = re.compile(r"\(\s*[A-Z]")


@dataclass(frozen=True)
class Screen:
    """What a sentence holding a shape must hold (most hold none, and are never tokenised): a
    capitalised head word, an acronym in brackets, or a passive auxiliary before a word that starts
    like a founding verb ("a été cré" of créer: créée; "was establish"). A text is scanned once per
    head word (str.find, in C) and once for each of the two patterns."""
    heads: tuple
    founding: re.Pattern | None

    def sentences(self, view: str, sents: list) -> list[bool]:
        """For each sentence, whether it may hold a shape."""
        hits = [m.start() for m in _BRACKETED_CAPITAL.finditer(view)] if "(" in view else []
        for head in self.heads:
            at = view.find(head)
            while at >= 0:
                end = at + len(head)
                if (at == 0 or not view[at - 1].isalpha()) and (end == len(view) or not view[end].isalpha()):
                    hits.append(at)
                at = view.find(head, end)
        if self.founding is not None:
            hits += [m.start() for m in self.founding.finditer(view)]
        hits.sort()
        out, i = [], 0
        for sent in sents:
            while i < len(hits) and hits[i] < sent.start:
                i += 1
            out.append(i < len(hits) and hits[i] < sent.end)
        return out


def screen(names: dict) -> Screen:
    """The screen of a language's [names] rules."""
    stems = sorted({_INFINITIVE.sub("", f.lower()) or f.lower() for f in names.get("founding", [])})
    heads = tuple(sorted({h[:1].upper() + h[1:] for h in names.get("heads", [])}))
    passive = [r"\s+".join(map(re.escape, p.split())) for p in names.get("passive", [])]
    founding = None
    if stems and passive:  # the founding shape reads a name before a passive founding verb
        founding = re.compile(r"(?<![^\W\d_])(?:" + "|".join(passive) + r")\s+(?:" + "|".join(map(re.escape, stems)) + ")",
                              re.IGNORECASE)
    return Screen(heads, founding)
