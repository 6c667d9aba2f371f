"""What a check run reads, once: claims.csv (as a table, as row dicts, and the line each record
starts on), the sources and their lazily read texts, and where the accepted baseline lives."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..claims import read_claims
from ..sources import LazyTexts, Source, load_sources


@dataclass(frozen=True)
class CheckInput:
    claims_path: Path
    sources_dir: Path
    baseline_path: Path
    table: pd.DataFrame
    lines: dict[int, int]           # table index -> line in claims.csv
    sources: list[Source]
    texts: LazyTexts
    records: list[dict]             # the table's rows as dicts, built once

    def source_of(self) -> dict[str, str]:
        return dict(zip(self.table["claim_id"], self.table["source_id"]))


def record_lines(path: Path) -> list[int]:
    """The line on which each CSV record starts (records may span lines: quoted newlines)."""
    if not path.exists():
        return []
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, line = [], 1
    try:
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        pass
    return starts[1:]  # without the header


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts, column-wise (pandas' to_dict('records') is ten times slower)."""
    columns = list(table.columns)
    return [dict(zip(columns, values)) for values in zip(*(table[c].tolist() for c in columns))]


def load_input(claims_path: Path, sources_dir: Path, baseline_path: Path) -> CheckInput:
    claims_path, sources_dir = Path(claims_path), Path(sources_dir)
    sources = load_sources(sources_dir, read=False)
    texts = LazyTexts.of(sources, strict=True)  # an unreadable source is bad input, named with its row
    table = read_claims(claims_path, missing_ok=False)
    starts = record_lines(claims_path)
    lines = {i: (starts[i] if i < len(starts) else i + 2) for i in range(len(table))}
    return CheckInput(claims_path, sources_dir, Path(baseline_path), table, lines, sources, texts, records(table))
