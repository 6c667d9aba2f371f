"""Text from data made safe for a terminal, a CI log or an XML file: control characters (ESC
sequences that retitle a terminal or forge a log line, BEL, NUL …) and invisible direction
overrides are written as visible escapes (`\\x1b`, `\\u202e`); nothing else changes. Also
safe for the programs that read what the tool writes: CSV for a spreadsheet (no cell runs as a
formula) and JSON a page may embed (no `</script>`)."""
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


# A cell a spreadsheet reads as a formula: = + - @ first, after any white space (a spreadsheet
# trims it), or a tab or line break first (some import dialogs take it as the cell's start).
_FORMULA = re.compile(r"\s*[=+\-@]|[\t\r\n]")


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula (such a cell gets a leading quote)."""
    text = "" if value is None else str(value)
    return "'" + text if _FORMULA.match(text) else text


def spreadsheet_csv(rows) -> str:
    """CSV text for a spreadsheet, lines ending in LF: every cell through spreadsheet_safe, and
    a cell holding a CR quoted (csvtext: a bare CR written raw began a row in a spreadsheet, a
    formula past the neutralising quote)."""
    from .csvtext import csv_text
    return csv_text([spreadsheet_safe(cell) for cell in row] for row in rows)


def json_for_html(text: str) -> str:
    """JSON text with < > & written as \\u003c \\u003e \\u0026: the same data (they only occur in
    strings), and no `</script>` or `<!--` where a page embeds it as a script or JSON-LD."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
