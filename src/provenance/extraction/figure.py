"""A figure as the text gives it: numeral or date, its span, and the interval its wording allows."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Figure:
    """A numeral or a date in the text, with the interval its wording allows."""
    start: int          # span including bound words ("plus de 2500")
    end: int
    core_start: int     # span of the numeral alone
    core_end: int
    kind: str           # "count", "year" or "date"
    value: str          # "2500", "1992", "2002-10-07"
    low: str
    high: str
    bound: str
    number: Decimal | None = None  # the count or the year as a number
    year_like: bool = False       # a bare four-digit year: a year unless a noun makes it a count
    range_parts: tuple = ()       # for ranges: the two figures it joins
    bound_low: str = ""           # for ranges: each end's own bound ("de 100 000 à environ 160 000":
    bound_high: str = ""          # exact, approx); empty for any other figure
