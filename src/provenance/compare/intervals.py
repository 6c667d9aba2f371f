"""Values as intervals, and how two intervals relate. Pure functions, no state.

"more than 2 500" is (2500, ∞), "about 2 600" is 2 600 ± 10 %, "between 100 and 200" is
[100, 200]; dates compare at their own precision (1992 is the whole year). A whole number is an
int, exact at any length (two 20-digit values one apart are two values, not one float).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from ..claims import VALUE_DIGITS

# Figures stated "about": how far the truth may lie, relatively.
APPROX_TOLERANCE = 0.10
ISO_DATE = re.compile(r"\d{4}(-\d\d){0,2}")
_WHOLE = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_open or other.low_open):
            return False
        if other.high == self.low and (other.high_open or self.low_open):
            return False
        return True

    def contains(self, other: "Interval") -> bool:
        return self.low <= other.low and other.high <= self.high

    def exceeds(self, other: "Interval") -> bool:
        """Every value of self is larger than every value of other."""
        return self.low > other.high or (self.low == other.high and (self.low_open or other.high_open))


def date_interval(text: str) -> Interval | None:
    """The days (as ordinals) an ISO date covers: a year, a month or a day."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text.strip())
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3))).toordinal()
            return Interval(d, d)
        if m.group(2):
            mo = int(m.group(2))
            start = date(y, mo, 1).toordinal()
            end = (date(y + (mo == 12), mo % 12 + 1, 1)).toordinal() - 1
            return Interval(start, end)
        return Interval(date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal())
    except ValueError:
        return None


def number(text: str) -> int | float | None:
    """A value as a number: an int when it is whole (exact), else a float; None for text that is
    no finite number (or a whole one longer than claims.csv allows)."""
    text = str(text).strip()
    if _WHOLE.fullmatch(text):
        return int(text) if len(text.lstrip("-")) <= VALUE_DIGITS else None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _dates(value: str, low: str, high: str, bound: str) -> Interval | None:
    lo = date_interval(low or value) if (low or value) else None
    hi = date_interval(high or value) if (high or value) else None
    if bound in ("more_than", "at_least"):
        hi = None
    if bound in ("less_than", "at_most"):
        lo = None
    if lo is None and hi is None:
        return None
    return Interval(lo.low if lo else -math.inf, hi.high if hi else math.inf,
                    bound == "more_than", bound == "less_than")


def interval(value: str, low: str, high: str, bound: str, unit: str = "") -> Interval | None:
    """The values a claim's wording allows. Dates compare at their own precision."""
    if unit in ("date", "year") or bool(re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value or "")):
        return _dates(value, low, high, bound)
    v, lo, hi = number(value), number(low), number(high)
    if bound in ("exact", "approx"):
        v = v if v is not None else lo
        if v is None:
            return None
        spread = abs(v) * APPROX_TOLERANCE if bound == "approx" else 0
        return Interval(v - spread, v + spread)
    if bound in ("more_than", "at_least"):
        base = lo if lo is not None else v
        return Interval(base, math.inf, low_open=bound == "more_than") if base is not None else None
    if bound in ("less_than", "at_most"):
        base = hi if hi is not None else v
        return Interval(-math.inf, base, high_open=bound == "less_than") if base is not None else None
    if bound in ("range", "vague"):
        if lo is None and hi is None:
            return None
        return Interval(lo if lo is not None else -math.inf, hi if hi is not None else math.inf)
    return None


def relation(a: Interval, b: Interval, a_bound: str, b_bound: str, same_value: bool, dates: bool = False) -> str:
    """'equal', 'variance' or 'contradiction' for two values of the same thing.

    Dates stated exactly agree when one contains the other: 1992 and 1992-05-15 are the same
    claim at two precisions.
    """
    if same_value:
        return "equal"
    if dates and a_bound == b_bound == "exact" and (a.contains(b) or b.contains(a)):
        return "equal"
    if not a.overlaps(b):
        return "variance" if "vague" in (a_bound, b_bound) else "contradiction"
    return "variance"


def implied_start(published_year: int, age: Interval) -> Interval:
    """The years a thing of this age, on this year, may have started in."""
    lo = published_year - (age.high if math.isfinite(age.high) else 10_000) - 1
    return Interval(lo, published_year - age.low)
