"""The patterns of a language's bounds and dates, built from its rules file: the words right
before or after a figure that bound it ("plus de", "or more"), and the three shapes of a date
(numeric, day first, month first) with the season words that name a year."""
from __future__ import annotations

import regex as re  # its long alternations of phrases run several times faster than re's

from .rules import glued, phrase_pattern, phrases_regex


def bound_patterns(bounds: dict) -> tuple[list, list]:
    """(bound, regex) for the words right before a figure and right after it."""
    before = [(b, phrases_regex(bounds.get(b, []))) for b in ("more_than", "at_least", "approx", "less_than", "at_most")]
    after = [(b, phrases_regex(bounds.get(f"after_{b}", []))) for b in ("more_than", "at_least", "approx")]
    return ([(b, re.compile(f"(?:{r.pattern})\\s*$", re.IGNORECASE)) for b, r in before if r],
            [(b, re.compile(f"^\\s*(?:{r.pattern})", re.IGNORECASE)) for b, r in after if r])


def date_patterns(dates: dict, months: dict[str, int]) -> tuple[list, re.Pattern | None]:
    """The three date shapes (numeric, day first, month first) and the season words before a year."""
    month_alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    mend = r"(?!\w)"
    ordinal = "|".join(map(re.escape, dates.get("ordinal_day", [])))
    ordinal = f"(?:{ordinal})?" if ordinal else ""
    seasons = "|".join(phrase_pattern(s) for s in dates.get("seasons", []))
    # three passes find every date shape (each pass is a scan of the text, so they are few)
    day_first = dates.get("day_first", True)
    month_first_day = "" if day_first else (
        rf"\s*(?P<d>\d{{1,2}}){ordinal}(?![\d\w])(?:\s*,?\s+(?P<y>\d{{4}})(?!\d))?|")
    patterns = [
        (re.compile(r"(?<![\d\w.])(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})|"
                    r"(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{4}))(?!\d)"), "numeric"),
        (re.compile(rf"(?<![\d\w])(?P<d>\d{{1,2}}){ordinal}\s+(?P<m>{month_alt}){mend}"
                    rf"(?:\s*,?\s*(?P<y>\d{{4}})(?!\d))?", re.IGNORECASE), "day_first"),
        (re.compile(rf"(?<!\w)(?P<m>{month_alt}){mend}(?:{month_first_day}\s*,?\s+(?P<y2>\d{{4}})(?!\d))",
                    re.IGNORECASE), "month_first"),
    ]
    article, of = glued(dates.get("season_article", [])), glued(dates.get("season_of", []))
    season = re.compile(rf"(?:(?:{article})?(?:{seasons}))\s+(?:{of})?$", re.IGNORECASE) if seasons else None
    return patterns, season
