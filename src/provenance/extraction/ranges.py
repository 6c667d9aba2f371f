"""Two figures joined as one range ('between 800 and 1,100', '300–400', 'de 100 000 à environ
160 000'), each end with the bound its own words give it; the days of a date ('25 et 26 juin')
kept out of ranges. The words come from a language's rules file (`range` in [numbers], [bounds])
through NumberReader, which this class is a part of.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import regex as re

from ..claims import Bound
from .figure import Figure
from .numerals import EXACT, fmt

DASH = re.compile(r"\s*[-–]\s*")


class RangeReading:
    """NumberReader's ranges (see number_reader.py for the patterns they read: ranges, bounds, scales)."""

    def _days_of_a_date(self, view: str, figures: list[Figure]) -> list[Figure]:
        """'25 et 26 juin', 'June 25-26': a number joined to the day of a date is a day too."""
        out = list(figures)
        for i in range(len(out) - 1, 0, -1):
            f, date = out[i - 1], out[i]
            if f.kind != "count" or f.bound != "exact" or date.kind not in ("day", "date") or len(date.value) == 4:
                continue
            if not view[date.core_start:date.core_start + 2].strip().isdigit():
                continue  # the date does not start with its day ("June 26")
            between = view[f.core_end:date.core_start]
            if DASH.fullmatch(between) or any(b.match(between) for _, b in self.ranges):
                out[i - 1] = Figure(f.start, f.end, f.core_start, f.core_end, "day", "", "", "", "exact", None)
        return out

    def _join_ranges(self, view: str, figures: list[Figure]) -> list[Figure]:
        figures = self._days_of_a_date(view, figures)
        out: list[Figure] = []
        i = 0
        while i < len(figures):
            f = figures[i]
            g = figures[i + 1] if i + 1 < len(figures) else None
            joined = self._range(view, f, g) if g else None
            if joined:
                out.append(joined)
                i += 2
            else:
                out.append(f)
                i += 1
        return out

    def _range(self, view: str, a: Figure, b: Figure) -> Figure | None:
        """Two figures joined as one range ('between 800 and 1,100', '300–400', 'de 100 000 à
        environ 160 000'), each end with the bound its own words give it.

        Years join bare ('1992–1994', 'de 1999 à 2005'): a bound word is no bound on a year.
        """
        if a.bound != "exact" or b.bound != "exact" or a.kind in ("date", "day") or b.kind in ("date", "day"):
            return None
        if a.year_like != b.year_like or a.number is None or b.number is None:
            return None
        years = a.year_like
        bound_low, lead = ("exact", a.core_start) if years else self._bound_before(view, a.core_start)
        bound_high, joint_end = ("exact", b.core_start) if years else \
            self._bound_before(view, b.core_start, floor=a.core_end)
        start = self._range_start(view, view[a.core_end:joint_end], lead, years)
        if start is None:
            return None
        lo, hi = (a.number, b.number) if years else (self._low_end(view, a, b), b.number)
        if lo >= hi:
            return None
        low, high = Bound(bound_low).ends(fmt(lo))[0], Bound(bound_high).ends(fmt(hi))[1]
        kind = "year" if years else "count"
        return Figure(start, b.end, a.core_start, b.core_end, kind, fmt(lo), low, high, "range",
                      lo, years, (a, b), bound_low, bound_high)

    def _range_start(self, view: str, joint: str, lead: int, years: bool) -> int | None:
        """Where a range whose ends are joined by `joint` starts ('between', 'de', or its first
        end at `lead`); None when `joint` joins no range."""
        if DASH.fullmatch(joint) and len(joint) <= 3:
            return lead
        for before_re, between_re in self.ranges:
            if not between_re.match(joint):
                continue
            if before_re is None:
                return lead if joint.strip() or years else None
            m = before_re.search(view, max(0, lead - 20), lead)
            if m:
                return m.start()
        return None

    def _low_end(self, view: str, a: Figure, b: Figure) -> Decimal:
        """The low end's number: the high end's scale applies to a low end written without one
        ('2 to 3 million', 'entre deux et trois mille', '17-22 000')."""
        lo, hi = a.number, b.number
        scale = self._scale_of(view, b)
        if scale and not self._scale_of(view, a) and lo < hi / scale:
            return EXACT.multiply(lo, scale)
        if hi >= 1000 and lo < 1000 and lo * 1000 <= hi and "000" in view[b.core_start:b.core_end][-3:]:
            return EXACT.multiply(lo, 1000)  # "17-22 000": the thousands apply to both ends
        return lo

    def _scale_of(self, view: str, f: Figure) -> Decimal | None:
        """The scale word a figure's text ends with ('3 million': 1,000,000), if any."""
        m = self.scaled_end.search(view, f.core_start, f.core_end) if self.scaled_end else None
        return self.scales[m.group(1).lower()] if m else None

    def _range_bound_after(self, view: str, f: Figure) -> Figure:
        """'between 50 and 80 or more': words after a range bound its high end."""
        if f.year_like or f.bound_high != "exact":
            return f
        bound, end = self._bound_after(view, f.end)
        if bound == "exact":
            return f
        return replace(f, end=end, bound_high=bound, high=Bound(bound).ends(f.high)[1])
