"""Figures as news writes them: digits with any group separator, number words, ranges, bounds, dates.

No library reads `2 600` with U+00A0 / U+202F, `17-22 000` or `un millier et demi`, so that
layer is here; number words go through text2num. Every figure keeps its span in the text, and
its value exact (numerals.py).
"""
from __future__ import annotations

import bisect
from dataclasses import replace
from decimal import Decimal

import regex as re  # its long alternations of phrases run several times faster than re's

from text_to_num import find_numbers

from ..claims import Bound
from .numerals import EXACT, INVISIBLE, fits, fmt, numeral_pattern
from .patterns import bound_patterns, date_patterns
from .figure import Figure
from .ranges import RangeReading
from .rules import LETTER, NEVER, WORD, ahead, phrase_pattern, phrases_regex



class _Tok:
    """A token as text2num wants it."""
    __slots__ = ("t", "start", "end")

    def __init__(self, t: str, start: int, end: int):
        self.t, self.start, self.end = t, start, end

    def text(self) -> str:
        return self.t

    def text_lowercase(self) -> str:
        return self.t.lower()

    def not_a_number_part(self) -> bool:
        return False

    def nt_separated(self, previous) -> bool:
        return False


_TOKEN = re.compile(r"\w+|[^\w\s]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_NOT_DIGIT = re.compile(r"\D")
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")


class NumberReader(RangeReading):
    """Finds figures in a text for one language."""

    def __init__(self, code: str, data: dict):
        self.code = code
        num = data.get("numbers", {})
        separators = num.get("thousands_separators", [","])
        dec = re.escape(num.get("decimal_separator", "."))
        self.thousands = set(separators)
        self.decimal = num.get("decimal_separator", ".")
        numeral = numeral_pattern(separators, self.decimal)
        # a superscript or circled digit (\p{No}) is part of no figure: '10³', '2⁵⁰⁰' are no 10 or 2
        self.digits = re.compile(
            rf"(?<![\w\p{{No}}.,])(?<![^\W\d_]-)({numeral})(?![\w\p{{No}}])(?!{dec}\d)")
        # the numeral right before a noun that stands for a number: '2,5 milliers', '3 douzaines'
        self.lead_numeral = re.compile(rf"(?<![\w\p{{No}}.,])({numeral})\s+$")
        self.scales = {k.lower(): Decimal(str(v)) for k, v in num.get("scales", {}).items()}
        scale_words = "|".join(sorted(map(re.escape, self.scales), key=len, reverse=True))
        self.scale_re = re.compile(r"\s*(" + scale_words + r")(?!\w)", re.IGNORECASE) if self.scales else None
        # a figure's text that ends with a scale word: '3 million', 'three thousand', 'trois mille'
        self.scaled_end = re.compile(r"(?<!\w)(" + scale_words + r")$", re.IGNORECASE) if self.scales else None
        self.noun_numbers = {k.lower(): Decimal(str(v)) for k, v in num.get("noun_numbers", {}).items()}
        self.approx_nouns = {w.lower() for w in num.get("approx_noun_numbers", [])}
        self.articles = {w.lower() for w in num.get("article_words", [])}
        half = num.get("half", [])
        self.noun_re = re.compile(
            r"(?<!\w)(" + "|".join(sorted(map(re.escape, self.noun_numbers), key=len, reverse=True)) + r")(?!\w)"
            + (r"(\s+(?:" + "|".join(phrase_pattern(h) for h in half) + r"))?" if half else ""),
            re.IGNORECASE) if self.noun_numbers else None
        self.lead_word = re.compile(r"(\w+)\s+$")
        vague = sorted(num.get("vague", []), key=lambda v: -len(v["phrase"]))
        self.vague_bounds = [(Decimal(str(v["low"])), Decimal(str(v["high"]))) for v in vague]
        self.vague = re.compile("|".join(f"({phrase_pattern(v['phrase'])})" for v in vague), re.IGNORECASE) if vague else None
        self.ranges = []
        for spec in num.get("range", []):
            before, _, rest = spec.partition("{a}")
            between, _, after = rest.partition("{b}")
            self.ranges.append((
                re.compile(phrase_pattern(before.strip()) + r"\s*$", re.IGNORECASE) if before.strip() else None,
                re.compile(r"^\s*" + (phrase_pattern(between.strip()) if between.strip() else "") + r"\s*$", re.IGNORECASE),
            ))
        self.bound_before, self.bound_after = bound_patterns(data.get("bounds", {}))
        # One pattern of every bound's words screens a figure (most have none); each bound's own
        # pattern, in order, is asked only behind a hit. Searched backwards: the words end at the figure.
        self.any_bound_before = _any_of(self.bound_before, "(?r)")
        self.any_bound_after = _any_of(self.bound_after)
        before, after = num.get("measures_before", []), num.get("measures_after", [])
        self.measure_before = re.compile(f"(?r)(?:{phrases_regex(before).pattern})\\s*$", re.IGNORECASE) if before else None
        self.measure_after = re.compile(f"\\s*(?:{phrases_regex(after).pattern})", re.IGNORECASE) if after else None
        dates = data.get("dates", {})
        self.months = {k.lower(): int(v) for k, v in dates.get("months", {}).items()}
        self.date_patterns, self.season_before = date_patterns(dates, self.months)
        # Key words that anchor the slower shapes: those shapes are tried only where one stands,
        # so the text is scanned once for words instead of once per shape.
        self.number_words = {w.lower() for w in num.get("number_words", [])}
        self.month_words = {m.rstrip(".") for m in self.months}
        self.month_first_at = re.compile(self.date_patterns[2][0].pattern.replace("(?<!\\w)", "", 1), re.IGNORECASE)
        self.vague_words = {v["phrase"].split()[0].lower() for v in vague}
        self.noun_words = set(self.noun_numbers)
        # the words (as WORD cuts them: runs of letters) that are one of those keys, in one scan
        keys = sorted((w for w in self.number_words | self.month_words | self.vague_words | self.noun_words
                       if WORD.fullmatch(w)), key=len, reverse=True)
        self.key_words = re.compile(rf"(?<!{LETTER})(?:{'|'.join(map(re.escape, keys))})(?!{LETTER})" if keys else NEVER)

    # -- the passes ---------------------------------------------------------------------------
    def find(self, view: str, spans: list[tuple[int, int]] | None = None) -> list[Figure]:
        """Every figure in `view`, in text order (spans: the sentences to read number words in)."""
        figures: list[Figure] = []
        taken = bytearray(len(view))

        def free(a: int, b: int) -> bool:
            return not any(taken[a:b])

        def take(fig: Figure) -> None:
            figures.append(fig)
            taken[fig.core_start:fig.core_end] = b"\x01" * (fig.core_end - fig.core_start)

        lowered = view.lower()
        words = [(m.start(), m.group()) for m in self.key_words.finditer(lowered)]
        for pattern, shape in self.date_patterns[:2]:
            for m in pattern.finditer(view):
                if free(m.start(), m.end()):
                    fig = self._date(m, shape)
                    if fig:
                        take(fig)
        number_word_at: list[int] = []
        for pos, word in words:
            if word in self.month_words:
                m = self.month_first_at.match(view, pos, ahead(pos))
                if m and free(m.start(), m.end()):
                    fig = self._date(m, "month_first")
                    if fig:
                        take(fig)
            elif word in self.vague_words:
                m = self.vague.match(view, pos, ahead(pos))
                if m and free(m.start(), m.end()):
                    low, high = self.vague_bounds[m.lastindex - 1]
                    take(Figure(m.start(), m.end(), m.start(), m.end(), "count", fmt(low), fmt(low), fmt(high),
                                "vague", low))
            if word in self.noun_words:
                m = self.noun_re.match(view, pos, ahead(pos))
                fig = self._noun_number(view, m) if m else None
                if fig and free(fig.core_start, fig.core_end):
                    take(fig)
            if word in self.number_words:
                number_word_at.append(pos)
        for m in self.digits.finditer(view):
            if free(m.start(), m.end()):
                take(self._digits(view, m))
        if number_word_at:
            for a, b in spans or [(0, len(view))]:
                i = bisect.bisect_left(number_word_at, a)
                if i < len(number_word_at) and number_word_at[i] < b:
                    for fig in self._words(view, a, b):
                        if free(fig.core_start, fig.core_end):
                            take(fig)
        figures.sort(key=lambda f: f.core_start)
        figures = self._join_ranges(view, figures)
        return [self._measure(view, self._bound(view, f)) for f in figures if fits(f.value, f.low, f.high)]

    def _measure(self, view: str, f: Figure) -> Figure:
        """'magnitude 6.9', '40 %', '$5 million', '300 km': a measure, never a count of people."""
        if f.kind not in ("count", "year"):
            return f
        if (self.measure_before and self.measure_before.search(view, max(0, f.start - 30), f.start)) or \
                (self.measure_after and self.measure_after.match(view, f.end, ahead(f.end))):
            return replace(f, kind="measure", year_like=False)
        return f

    def _date(self, m: re.Match, shape: str) -> Figure | None:
        g = m.groupdict()
        try:
            if shape == "numeric":
                if g["iy"]:
                    y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
                else:
                    d, mo, y = int(g["dd"]), int(g["dm"]), int(g["dy"])
            else:
                mo = self.months[g["m"].lower()]
                d = int(g["d"]) if g.get("d") else 0
                year = g.get("y") or g.get("y2")
                if not year:
                    # "le 26 juillet", "July 26": not a figure of its own; its month and day (in
                    # `low`) can still date a toll ("au 21 juillet, 164 morts")
                    day = f"{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""
                    return Figure(m.start(), m.end(), m.start(), m.end(), "day", "", day, "", "exact", None)
                y = int(year)
        except (KeyError, ValueError):
            return None
        if not (1 <= mo <= 12 or mo == 0) or not (0 <= d <= 31) or not (1000 <= y <= 2999):
            return None
        value = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
        kind = "year" if not mo else "date"
        return Figure(m.start(), m.end(), m.start(), m.end(), kind, value, value, value, "exact", Decimal(y))

    def _number(self, raw: str) -> Decimal:
        """'2 600', '2\u202f600', '2,5' -> an exact Decimal; group separators may be mixed ('1 000\u00a0000')."""
        whole, _, fraction = raw.partition(self.decimal) if self.decimal not in self.thousands else (raw, "", "")
        digits, decimals = _NOT_DIGIT.sub("", whole) or "0", _NOT_ASCII_DIGIT.sub("", fraction)
        return Decimal(f"{digits}.{decimals}" if decimals else digits)

    def _digits(self, view: str, m: re.Match) -> Figure:
        raw = m.group(1)
        number = self._number(raw)
        end = m.end()
        if self.scale_re:
            s = self.scale_re.match(view, end, ahead(end))
            if s:
                number = EXACT.multiply(number, self.scales[s.group(1).lower()])
                end = s.end()
        bare = _INVISIBLE.sub("", raw)
        year_like = bare.isdigit() and len(bare) == 4 and 1800 <= number <= 2100 and end == m.end()
        value = fmt(number)
        start = m.start()
        if year_like and self.season_before:  # "à l'été 2021", "in the summer of 2021": the year
            season = self.season_before.search(view, max(0, start - 30), start)
            if season:
                start = season.start()
        return Figure(start, end, start, end, "year" if year_like else "count", value, value, value,
                      "exact", number, year_like)

    def _noun_number(self, view: str, m: re.Match) -> Figure | None:
        """'un millier et demi', 'une douzaine', '3 milliers': a noun that stands for a number."""
        noun = m.group(1).lower()
        number = self.noun_numbers[noun]
        start = m.start(1)
        lead = self.lead_word.search(view, max(0, start - 24), start)
        numeral = self.lead_numeral.search(view, max(0, start - 40), start)
        if lead and lead.group(1).lower() in self.articles:
            start = lead.start(1)
        elif numeral:
            number = EXACT.multiply(number, self._number(numeral.group(1)))
            start = numeral.start(1)
        elif noun.endswith("s") or noun in self.approx_nouns:
            return None  # "milliers" without a number is vague, read elsewhere
        else:
            return None
        if m.lastindex and m.lastindex >= 2 and m.group(2):
            number = EXACT.multiply(number, Decimal("1.5"))
        end = m.end()
        bound = "approx" if noun in self.approx_nouns else "exact"
        value = fmt(number)
        return Figure(start, end, start, end, "count", value, value, value, bound, number)

    def _words(self, view: str, a: int, b: int) -> list[Figure]:
        tokens = [_Tok(t.group(), a + t.start(), a + t.end()) for t in _TOKEN.finditer(view[a:b])]
        if not tokens:
            return []
        out = []
        try:
            occurrences = find_numbers(tokens, self.code, 0.0)
        except Exception:  # text2num has no rules for this language, or chokes on the tokens
            return []
        for occ in occurrences:
            if occ.is_ordinal:
                continue
            toks = tokens[occ.start:occ.end]
            if not any(t.t.isalpha() for t in toks):
                continue  # plain digits: read by the digit pass
            if len(toks) == 1 and toks[0].t.lower() in self.articles:
                continue
            start, end = toks[0].start, toks[-1].end
            number = Decimal(repr(occ.value))  # text2num's float, as written ('2.5', '1e+16')
            value = fmt(number)
            out.append(Figure(start, end, start, end, "count", value, value, value, "exact", number))
        return out

    def _bound_before(self, view: str, at: int, floor: int = 0) -> tuple[str, int]:
        """The bound the words right before `at` give a figure, and where they start
        ('exact' and `at` without any); `floor`: where those words may start at the earliest."""
        head = view[max(floor, at - 40):at]
        if self.any_bound_before.search(head):
            for bound, pattern in self.bound_before:
                m = pattern.search(head)
                if m:
                    return bound, at - (len(head) - m.start())
        return "exact", at

    def _bound(self, view: str, f: Figure) -> Figure:
        if f.bound == "range":
            return self._range_bound_after(view, f)
        if f.bound != "exact" or f.kind in ("date", "day"):
            return f
        bound, start = self._bound_before(view, f.start)
        if bound != "exact":
            return self._bounded(replace(f, start=start), bound)
        bound, end = self._bound_after(view, f.end)
        if bound != "exact":
            return self._bounded(replace(f, end=end), bound)
        return f

    def _bound_after(self, view: str, at: int) -> tuple[str, int]:
        """The bound the words right after `at` give a figure ('or more'), and where they end."""
        tail = view[at:at + 20]
        if self.any_bound_after.match(tail):
            for bound, pattern in self.bound_after:
                m = pattern.search(tail)
                if m:
                    return bound, at + m.end()
        return "exact", at

    @staticmethod
    def _bounded(f: Figure, bound: str) -> Figure:
        if f.year_like:
            return f  # "en 1992" is a year, "environ 1992" not a bound on a count
        low, high = Bound(bound).ends(f.value)
        return replace(f, bound=bound, low=low, high=high)


def _any_of(patterns: list[tuple[str, re.Pattern]], flags: str = "") -> re.Pattern:
    """One pattern that matches where any of `patterns` does (a screen in front of them)."""
    return re.compile(flags + ("|".join(f"(?:{p.pattern})" for _, p in patterns) or NEVER), re.IGNORECASE)
