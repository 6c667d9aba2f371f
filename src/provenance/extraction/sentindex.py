"""A sentence's index for binary searches (its brackets, words and clause boundaries) and a
pattern's matches in one sentence: built once per sentence, asked by every figure of it."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex as re

from .text import Sentence


_WORD3 = re.compile(r"[^\W\d_]{3,}")
_BRACKET = re.compile(r"[()]")


@dataclass(frozen=True)
class SentenceIndex:
    """Positions in one sentence that many figures ask about, found in one pass each, so that
    no question costs more than a binary search (no figure rescans its sentence)."""
    bracket_at: list[int]       # positions of "(" and ")"
    opener_after: list[int]     # the innermost open "(" after each of them (-1: none)
    closers: list[int]          # positions of ")"
    word_starts: list[int]      # words of three letters or more
    word_ends: list[int]
    clause_starts: list[int]    # clause boundaries (", ", "; ", " et ", " but " …)
    clause_ends: list[int]

    @classmethod
    def build(cls, view: str, sent: Sentence, clause_gap: re.Pattern) -> "SentenceIndex":
        at, opener, closers, stack = [], [], [], []
        for m in _BRACKET.finditer(view, sent.start, sent.end):
            i = m.start()
            if m.group() == "(":
                stack.append(i)
            else:
                closers.append(i)
                if stack:
                    stack.pop()
            at.append(i)
            opener.append(stack[-1] if stack else -1)
        words = [(sent.start + m.start(), sent.start + m.end()) for m in _WORD3.finditer(view[sent.start:sent.end])]
        clauses = [(m.start(), m.end()) for m in clause_gap.finditer(view, sent.start, sent.end)]
        return cls(at, opener, closers, [a for a, _ in words], [b for _, b in words],
                   [a for a, _ in clauses], [b for _, b in clauses])

    def open_before(self, position: int) -> int | None:
        """The innermost "(" still open at `position`."""
        i = bisect.bisect_left(self.bracket_at, position) - 1
        return self.opener_after[i] if i >= 0 and self.opener_after[i] >= 0 else None

    def close_from(self, position: int, default: int) -> int:
        i = bisect.bisect_left(self.closers, position)
        return self.closers[i] if i < len(self.closers) else default

    def has_word(self, start: int, end: int) -> bool:
        """Whether a word of three letters or more lies within [start, end)."""
        i = bisect.bisect_left(self.word_starts, start)
        return i < len(self.word_starts) and self.word_ends[i] <= end

    def has_clause(self, start: int, end: int) -> bool:
        """Whether a clause boundary lies within [start, end)."""
        i = bisect.bisect_left(self.clause_starts, start)
        return i < len(self.clause_starts) and self.clause_ends[i] <= end


@dataclass(frozen=True)
class Hits:
    """A pattern's matches in one sentence, with their starts and ends for binary searches."""
    matches: list
    starts: list[int]
    ends: list[int]
