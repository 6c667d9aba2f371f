"""Text from data made safe for a terminal, a CI log or an XML file: control characters (ESC
sequences that retitle a terminal or forge a log line, BEL, NUL …) and invisible direction
overrides are written as visible escapes (`\\x1b`, `\\u202e`); nothing else changes."""
from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufff9-\ufffb]")


def _escape(m: re.Match) -> str:
    ch = m.group()
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(value: object) -> str:
    """The text on one line, with control characters escaped."""
    text = "" if value is None else str(value)
    return _UNSAFE.sub(_escape, text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", " "))


def control_character(text: str) -> tuple[int, str] | None:
    """The first character a text file has no business holding (NUL, ESC, other C0 controls but
    tab, line ends and form feeds), with its offset; None when there is none."""
    m = re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text)
    if m:
        return m.start(), unicodedata.name(m.group(), f"U+{ord(m.group()):04X}")
    return None
