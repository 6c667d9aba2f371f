"""A person's value must stand in its quote: the figures the source's number reader finds in a
row's quote, and whether the row's value (or both ends of its range) is among them.

Compared as numbers and dates, not as text: "2 500" and "2,500" state 2500, "dix-sept" states 17,
"7 octobre 1992" states 1992 and 1992-10 (a date states itself at any coarser precision), and a
bound is stated by its figure ("2 500" states more_than 2500). A person whose quote says the
value in words the reader cannot read keeps the marker IN_WORDS in the row's note.
"""
from __future__ import annotations

import math
import re
from typing import Mapping, NamedTuple

from ..claims import DIGEST, Status, row_digest
from ..compare import display
from ..extraction import find_figures, is_read

# The note's marker of a value the quote states in words the tool cannot read; typed by the app's
# checkbox, or by hand in a spreadsheet.
IN_WORDS = "[value in words]"
_IN_WORDS = re.compile(r"\[\s*value\s+in\s+words\s*\]", re.IGNORECASE)
_ISO_DAY_OR_MONTH = re.compile(r"\d{4}-\d{2}(-\d{2})?", re.ASCII)


def marked_in_words(note: str) -> bool:
    """Whether a note carries IN_WORDS (in any case, with any spacing)."""
    return bool(_IN_WORDS.search(note))


def without_in_words(note: str) -> str:
    """The note without IN_WORDS: a person who changes the value vouches for the new one afresh."""
    return " ".join(_IN_WORDS.sub(" ", note).split())


class _Said(NamedTuple):
    """A row's value as compare.explain.display says a figure: 'more than 2500', '100-200'."""
    value: str
    low: str
    high: str
    bound: str


def _figures(quote: str, language: str) -> list:
    """The figures of a quote that can state a value ('le 26 juillet', a day without a year, cannot)."""
    return [f for f in find_figures(quote, language) if f.kind != "day"]


def _numbers(figure) -> set[float]:
    """The numbers a figure states: its value, its ends, a date's year."""
    out = {figure.number} if figure.number is not None else set()
    for text in (figure.value, figure.low, figure.high) if figure.kind not in ("date", "day") else ():
        try:
            out.add(float(text))
        except ValueError:
            pass
    return out


def _is_stated(value: str, figures: list) -> bool:
    """Whether one value (a number, a year, an ISO month or day) is stated by one of the figures."""
    if _ISO_DAY_OR_MONTH.fullmatch(value):
        return any(f.kind == "date" and f.value.startswith(value) for f in figures)
    number = float(value)
    return any(math.isclose(number, n, rel_tol=1e-9) for f in figures for n in _numbers(f))


def _ends(row: Mapping[str, str]) -> list[str]:
    """The values a row gives: its value, and its range's ends."""
    return [v for v in (str(row.get(c, "")).strip() for c in ("value", "value_low", "value_high")) if v]


def _stated_text(figures: list) -> str:
    """What the quote states, as a reader says it: '1992', 'more than 2500, 17000-22000'."""
    said = [display(f) for f in figures]
    return ", ".join(dict.fromkeys(said)) if said else "no figure the tool can read"


def unstated(row: Mapping[str, str], language: str) -> str | None:
    """Why a row's value is not stated by its quote ('the quote states 1992; the row says 2700'),
    or None when it is, when the note carries IN_WORDS, or when there is no quote or value to read
    (the schema's checks speak of those), or no rules read the source's language (nothing to read
    the quote with)."""
    quote, ends = str(row.get("quote", "")), _ends(row)
    if not quote.strip() or not ends or marked_in_words(str(row.get("note", ""))) or not is_read(language):
        return None
    figures = _figures(quote, language)
    try:
        if all(_is_stated(v, figures) for v in ends):
            return None
    except ValueError:
        return None  # not a number nor an ISO date: bad-value says so
    said = _Said(*(str(row.get(c, "")).strip() for c in ("value", "value_low", "value_high", "bound")))
    return f"the quote states {_stated_text(figures)}; the row says {display(said)}"


def advice() -> str:
    return (f"correct the value, or, if the quote states it in words the tool cannot read, "
            f"put {IN_WORDS} in the note")


def persons_value(row: Mapping[str, str]) -> bool:
    """Whether a row's value is a person's: a manual row, or a confirmed one edited since the tool
    wrote it (its fields no longer match its digest). A confirmed row as extracted keeps the
    tool's reading, which may count what no numeral states (the members a list names)."""
    if row["status"] == Status.MANUAL.value:
        return True
    return row["status"] == Status.CONFIRMED.value and row.get(DIGEST, "") != row_digest(row)
