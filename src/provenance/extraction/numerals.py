"""How a numeral is written, and what it is worth, exactly.

The pattern of a numeral in one language (its group and decimal separators, every Unicode space
where a space groups digits, invisible characters between its digits), and its value: an exact
Decimal, never a float, so `12345678901234567890` keeps its last digits and `2,5 milliards` is
2500000000. A figure of more than FIGURE_DIGITS digits is no figure (number_reader.py drops it).
"""
from __future__ import annotations

import decimal
import unicodedata
from decimal import Decimal

import regex as re

from ..claims import VALUE_DIGITS

# The most digits (and a point) a figure may have: nothing a text counts comes near it; a longer
# run of digits is an identifier or an attack, not a figure. Below the VALUE_DIGITS claims.csv
# allows, so that a counted list's +1 (emit.counted_figure) still fits.
FIGURE_DIGITS = 40
# Products of a figure and its scale ('2,5 milliards', 'un millier et demi') are worked out
# with room for all their digits: Decimal's default context keeps 28 and rounds the rest away.
EXACT = decimal.Context(prec=4 * VALUE_DIGITS)
# Characters that may stand inside a numeral without being seen: the format characters (Cf:
# zero-width space and joiners, word joiner, byte-order mark, soft hyphen, the marks LRM, RLM
# and ALM …) and combining marks. They are dropped from its value.
INVISIBLE = "\\p{Cf}\u0300-\u036f"


def numeral_pattern(separators: list[str], decimal_separator: str) -> str:
    """The regex of a numeral: digits, maybe grouped by threes ('2 500', '1\u2007000\u00a0000',
    "2'500"), maybe with a decimal part; invisible characters may stand between its digits."""
    seps = "".join(re.escape(s) for s in separators) + _spaces(separators)
    dec = re.escape(decimal_separator)
    digit = rf"(?:[{INVISIBLE}]*\d)"  # a digit, maybe after a zero-width space, soft hyphen, mark …
    group = rf"[{INVISIBLE}]*[{seps}]{digit}{{3}}"  # a separator and three digits
    return rf"\d{digit}{{0,2}}(?:{group})+(?:{dec}\d+)?|\d{digit}*(?:{dec}\d+)?"


def _spaces(separators: list[str]) -> str:
    """Where a space groups digits, so does every Unicode space (category Zs: no-break, figure,
    hair, six-per-em, ideographic …)."""
    return r"\p{Zs}" if any(unicodedata.category(s) == "Zs" for s in separators) else ""


def fmt(number: Decimal) -> str:
    """A figure as claims.csv writes it, exactly: '2500', '2.5', '12345678901234567890'."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fits(value: str, low: str, high: str) -> bool:
    """Whether a figure's values are each at most FIGURE_DIGITS long (digits and a point)."""
    return len(value) <= FIGURE_DIGITS and len(low) <= FIGURE_DIGITS and len(high) <= FIGURE_DIGITS
