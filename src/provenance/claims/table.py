"""The claims table (`claims.csv`): reading (strict, or Arrow where it provably agrees), atomic
writing, its fixed order, and the merge that keeps every decision a person made."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from ..plumbing import ProvenanceError, atomic_write_text, csv_text, malformed, text_lines
from .arrowcsv import swallows_rows
from .record import (COLUMNS, DIGEST, HUMAN_STATUSES, OPTIONAL_COLUMNS, STATUSES, Status,
                     row_digest)


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


@dataclass(frozen=True)
class ClaimTable:
    """claims.csv as read: the one table every reader after extraction shares (check, compare,
    the reports, export, show, serve). `frame` is the rows as a DataFrame of strings, for the
    comparison and table operations; `lines` the physical line each row's record starts on, for
    messages that point at it; the accessors below are built once, on first use, and shared."""
    frame: pd.DataFrame
    lines: list[int]
    arrow: object = None  # the Arrow table pyarrow read it as (the rows' screen reads its columns)

    def __len__(self) -> int:
        return len(self.frame)

    @cached_property
    def rows(self) -> list[dict]:
        """Every row as a dict of strings, in the file's order."""
        return records(self.frame)

    @cached_property
    def by_id(self) -> dict[str, dict]:
        """claim id -> row (a repeated id, which `check` reports, keeps its last row)."""
        return {r["claim_id"]: r for r in self.rows}

    @cached_property
    def source_of(self) -> dict[str, str]:
        """claim id -> source id."""
        return dict(zip(self.frame["claim_id"], self.frame["source_id"]))

    def of_source(self, source_id: str) -> list[dict]:
        """A source's claims in the order of its text (rows without offsets first)."""
        mine = [r for r in self.rows if r["source_id"] == source_id]
        return sorted(mine, key=lambda r: (int(r["start"]) if r["start"].isdigit() else -1, r["claim_id"]))

    @cached_property
    def rejected(self) -> int:
        """How many claims a person rejected (left out of the comparison)."""
        return int((self.frame["status"] == Status.REJECTED.value).sum()) if len(self.frame) else 0


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts, column-wise (pandas' to_dict('records') is ten times slower)."""
    columns = list(table.columns)
    return [dict(zip(columns, values)) for values in zip(*(table[c].tolist() for c in columns))]


def read_claims_file(path: Path, missing_ok: bool = True) -> ClaimTable:
    """claims.csv, parsed once (RFC 4180, strictly): every column the contract names, extra
    columns kept, and each row's physical line, for messages that point at it."""
    path = Path(path)
    if not path.exists():
        if missing_ok:
            return ClaimTable(empty_table(), [])
        raise ProvenanceError("file not found", file=str(path))
    if not path.is_file():
        raise ProvenanceError("not a file", file=str(path))
    return read_claims_bytes(path.read_bytes(), str(path))


def read_claims_bytes(data: bytes, where: str) -> ClaimTable:
    """claims.csv's bytes, parsed as read_claims_file parses the file (`where` names it)."""
    from .arrowcsv import read_fast
    fast = read_fast(data)  # a plain file, read in C++ without decoding it into one Python string
    if fast is None:
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ProvenanceError(f"not UTF-8 (byte {e.start})", file=where) from None
        if not raw.strip():
            return ClaimTable(empty_table(), [])
        header, rows, lines = _parse(raw, where)
    else:
        header = list(fast[0].columns)
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
    if missing:
        raise ProvenanceError(f"missing column(s): {', '.join(missing)}", file=where, row=1)
    frame, lines, arrow = fast if fast is not None else (pd.DataFrame(rows, columns=header, dtype=object), lines, None)
    for c in OPTIONAL_COLUMNS:
        if c not in frame.columns:
            frame[c] = ""
    odd = ~frame["status"].isin(STATUSES)
    if odd.any():
        frame.loc[odd, "status"] = frame.loc[odd, "status"].map(_canonical_status)
    return ClaimTable(frame, lines, arrow)


def _canonical_status(status: str) -> str:
    """' Confirmed' is confirmed: statuses are read case- and space-insensitively."""
    canonical = status.strip().lower()
    return canonical if canonical in STATUSES else status


def _parse(raw: str, file: str) -> tuple[list[str], list[list[str]], list[int]]:
    reader = csv.reader(text_lines(raw), strict=True)
    line = 1
    try:
        header = next(reader)
        duplicated = sorted({c for c in header if header.count(c) > 1})
        if duplicated:
            raise ProvenanceError(f"column(s) named twice: {', '.join(duplicated)}", file=file, row=1)
        rows, lines = [], []
        line = reader.line_num + 1
        for record in reader:
            if record:  # a blank line is no row
                if len(record) != len(header):  # a stray quote swallows lines and shifts fields
                    raise ProvenanceError(f"malformed CSV: {len(record)} fields, the header names {len(header)} "
                                          f"(a stray quote?)", file=file, row=line)
                if reader.line_num > line and swallows_rows(record, len(header)):
                    raise ProvenanceError("malformed CSV: a quoted field runs over lines that look like rows "
                                          "(a stray quote?)", file=file, row=line)
                rows.append(record)
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as e:
        raise ProvenanceError(f"malformed CSV: {malformed(e, ' (a stray quote?)')}", file=file, row=line) from None
    return header, rows, lines



def written_columns(df: pd.DataFrame) -> list[str]:
    """The columns claims.csv is written with: the contract's, the digest, then any a person added."""
    return COLUMNS + [DIGEST] + [c for c in df.columns if c not in COLUMNS and c != DIGEST]


def text_rows(df: pd.DataFrame, columns: list[str]) -> Iterator[tuple[str, ...]]:
    """The table's rows as the strings claims.csv holds (a missing value is empty)."""
    df = df.reindex(columns=columns).fillna("")
    return zip(*(df[c].astype(str).tolist() for c in columns))


def to_csv_text(df: pd.DataFrame) -> str:
    """The table as CSV text (RFC 4180 quoting, '\\n' line ends, a '\\r' quoted: see csvtext)."""
    columns = written_columns(df)
    return csv_text(chain([columns], text_rows(df, columns)))


def write_claims(df: pd.DataFrame, path: Path) -> None:
    atomic_write_text(Path(path), to_csv_text(df))


def merge(existing: pd.DataFrame, extracted: list[dict], source_order: list[str]) -> pd.DataFrame:
    """The new table: fresh extraction, with every row a person touched kept as it is.

    - a row marked confirmed / rejected / manual is kept untouched, and wins over a fresh
      extraction with the same claim_id;
    - a note on an extracted row travels to the fresh row with the same id, and keeps the row
      even when its quote is no longer extracted;
    - an extracted row whose fields a person edited (they no longer match its digest) becomes
      a person's row (`manual`), kept as it is;
    - an extracted row nobody touched is replaced by the fresh extraction (dropped if gone).
    """
    fresh = pd.DataFrame(extracted, columns=COLUMNS + [DIGEST]) if extracted else empty_table()
    if existing.empty:
        return sort_claims(fresh.fillna(""), source_order)
    existing = mark_edited(existing.fillna(""))
    human = existing["status"].isin(HUMAN_STATUSES)
    noted = ~human & (existing["note"].str.strip() != "")
    fresh = fresh[~fresh["claim_id"].isin(existing.loc[human, "claim_id"])]
    notes = dict(zip(existing.loc[noted, "claim_id"], existing.loc[noted, "note"]))
    if notes:
        carried = fresh["claim_id"].map(notes)
        fresh = fresh.assign(note=carried.where(carried.notna(), fresh["note"]))
    kept = existing[human | (noted & ~existing["claim_id"].isin(fresh["claim_id"]))]
    df = pd.concat([kept, fresh], ignore_index=True) if len(kept) else fresh.reset_index(drop=True)
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = ""
    return sort_claims(df.fillna(""), source_order)


def mark_edited(table: pd.DataFrame) -> pd.DataFrame:
    """Extracted rows a person edited (fields no longer matching their digest) made `manual`."""
    if DIGEST not in table.columns:
        return table
    edited = [r["status"] == Status.EXTRACTED.value and r[DIGEST] != "" and r[DIGEST] != row_digest(r)
              for r in records(table)]
    if not any(edited):
        return table
    return table.assign(status=table["status"].where(~pd.Series(edited, index=table.index), Status.MANUAL.value))


def sort_claims(df: pd.DataFrame, source_order: list[str]) -> pd.DataFrame:
    """Deterministic order: source, position in the source, attribute, id."""
    if df.empty:
        return df.reset_index(drop=True)
    order = {s: i for i, s in enumerate(source_order)}
    src = df["source_id"].map(order).fillna(len(order)).to_numpy()
    sid = pd.factorize(df["source_id"], sort=True)[0]
    pos = pd.to_numeric(df["start"], errors="coerce").fillna(float("inf")).to_numpy()
    attr = pd.factorize(df["attribute"], sort=True)[0]
    ids = pd.factorize(df["claim_id"], sort=True)[0]
    index = np.lexsort((ids, attr, pos, sid, src))  # the last key sorts first
    return df.iloc[index].reset_index(drop=True)
