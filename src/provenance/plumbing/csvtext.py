"""CSV as the tool writes and reads it: RFC 4180 quoting, '\\n' line ends, and a carriage return
that is data, never a line break, so that what is written reads back the same.

csv's writer quotes a field only for the characters of its line end: with '\\n' it leaves a
lone '\\r' bare, which a reader splitting lines at '\\r' (csv with newline="", a spreadsheet)
takes for the end of a row. So rows are written with '\\r\\n' (every field holding '\\r' or
'\\n' is quoted) and their line end made '\\n'; and files are read as lines ending in '\\n'
only, where a '\\r' outside quotes is an error, not a row cut in two.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence


class _Lines:
    """A file for csv.writer (which writes a row at a time) keeping each row, its '\\r\\n' made '\\n'."""

    def __init__(self, lines: list[str]):
        self.lines = lines

    def write(self, text: str) -> None:
        self.lines.append(text[:-2] + "\n")


def csv_lines(rows: Iterable[Sequence[str]]) -> list[str]:
    """Each row as one line of CSV text, ending in '\\n' (a field's own line breaks quoted)."""
    lines: list[str] = []
    csv.writer(_Lines(lines), lineterminator="\r\n").writerows(rows)
    return lines


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV text (see csv_lines)."""
    return "".join(csv_lines(rows))


def dict_rows(fieldnames: list[str], rows: Iterable[dict]) -> Iterable[list[str]]:
    """The header, then each dict's values in its order ('' where one is missing; others ignored)."""
    yield fieldnames
    for row in rows:
        yield [row.get(name, "") for name in fieldnames]


def text_lines(text: str) -> list[str]:
    """Text cut into lines at '\\n' only, for csv.reader: a '\\r' in quotes is data, one outside
    quotes a csv.Error (see malformed), and the reader's line_num counts these lines
    (str.splitlines would also cut at '\\r', '\\x0c', '\\u2028' …)."""
    return io.StringIO(text, newline="\n").readlines()


def malformed(error: csv.Error, hint: str = "") -> str:
    """What a csv.Error means, in the words of a person editing the file (csv's own words, then
    `hint`, for any other error)."""
    if "new-line character seen in unquoted field" in str(error):
        return "a carriage return (\\r) in a field that is not in quotes"
    return f"{error}{hint}"
