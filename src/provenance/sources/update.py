"""Writing sources/sources.csv: a row is changed or added, every other row stays byte for byte
as the person (or git) left it, in its place."""
from __future__ import annotations

import csv
from pathlib import Path

from ..plumbing import atomic_write_text, csv_lines, text_lines
from .manifest import COLUMNS, MANIFEST, Source


def _records(text: str) -> tuple[list[str], list[tuple[list[str], str]]]:
    """The header and each record with its raw text (a record may span lines)."""
    lines = text_lines(text)
    reader = csv.reader(lines)
    out, header, start = [], [], 0
    for values in reader:
        end = reader.line_num
        raw = "".join(lines[start:end])
        start = end
        if not header:
            header = values
            continue
        out.append((values, raw))
    return header, out


def _line(values: list[str]) -> str:
    return csv_lines([values])[0]


def update_manifest(sources_dir: Path, changed: dict[str, dict[str, str]] | None = None,
                    added: list[Source] | None = None, removed: frozenset[str] = frozenset()) -> Path:
    """Set columns of some rows (`changed`: source id -> {column: value}), drop the rows of
    `removed` sources and append new sources."""
    path = Path(sources_dir) / MANIFEST
    text = path.read_bytes().decode("utf-8-sig") if path.exists() else ""
    header, records = _records(text) if text.strip() else (list(COLUMNS), [])
    for s in added or []:
        header += [k for k in s.extra if k not in header]
    out = [_first_line(text, header) if text.strip() else _line(header)]
    sid_at = header.index("source_id") if "source_id" in header else 0
    for values, raw in records:
        sid = values[sid_at].strip() if len(values) > sid_at else ""
        if sid in removed:
            continue
        if changed and sid in changed:
            row = dict(zip(header, values + [""] * (len(header) - len(values))))
            row.update(changed[sid])
            raw = _line([row.get(c, "") for c in header])
        out.append(raw if raw.endswith("\n") else raw + "\n")
    for s in added or []:
        row = {**s.meta(), **s.extra}
        out.append(_line([row.get(c, "") for c in header]))
    atomic_write_text(path, "".join(out))
    return path


def _first_line(text: str, header: list[str]) -> str:
    """The header as written, unless new columns were added to it."""
    first = text_lines(text)[0] if text else ""
    original = next(csv.reader([first]), [])
    if original == header:
        return first if first.endswith("\n") else first + "\n"
    return _line(header)
