"""The claims table (`claims.csv`): columns, stable ids, reading, atomic writing, and the merge
that keeps every decision a person made."""
from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple

import numpy as np
import pandas as pd

from .csvtext import csv_text, malformed, text_lines
from .errors import ProvenanceError
from .atomic import atomic_write_text

COLUMNS = ["claim_id", "source_id", "subject", "attribute", "qualifiers", "value", "value_low", "value_high",
           "bound", "unit", "quote", "start", "end", "method", "confidence", "status", "note", "as_of",
           "bound_low", "bound_high"]
# Columns a claims.csv written before them may lack (read as empty).
OPTIONAL_COLUMNS = ("as_of", "bound_low", "bound_high")
# The most digits a value may have: far more than any count, and few enough that every value is
# an exact int and a finite float (the comparison's tolerances are floats; a float ends at 1e308).
VALUE_DIGITS = 100
OFFSET_DIGITS = 18  # the most digits an offset may have: no text is 10^18 characters long


class Bound(str, Enum):
    """The interval a figure's wording allows ("more than 2 500" is MORE_THAN)."""
    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    RANGE = "range"
    VAGUE = "vague"

    def ends(self, value: str) -> tuple[str, str]:
        """(value_low, value_high) of one value with this bound: 'more than 2500' is (2500, '')."""
        if self in (Bound.MORE_THAN, Bound.AT_LEAST):
            return value, ""
        if self in (Bound.LESS_THAN, Bound.AT_MOST):
            return "", value
        return value, value


class Status(str, Enum):
    """Who stands behind a row: the extractor, or a person's decision."""
    EXTRACTED = "extracted"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    MANUAL = "manual"

    @property
    def human(self) -> bool:
        return self is not Status.EXTRACTED


# A fingerprint of what an extracted row claims, as the tool wrote it: a row whose claim (value,
# bound, scope …) no longer matches it was corrected by a person, and is a person's row from
# then on. Quotes and offsets are not part of it: extraction re-anchors them.
DIGEST = "digest"
EXTRACTED_FIELDS = ("subject", "attribute", "qualifiers", "value", "value_low", "value_high", "bound", "unit")

BOUNDS = tuple(b.value for b in Bound)
STATUSES = tuple(s.value for s in Status)
HUMAN_STATUSES = tuple(s.value for s in Status if s.human)


class Qualifiers(Mapping[str, str]):
    """A claim's scope (`country=armenia;group=security_forces`): parsed and written here only.

    Immutable; keys are sorted and empty values dropped, so equal scopes have equal text.
    """
    __slots__ = ("items_", "_map")

    def __init__(self, items: tuple[tuple[str, str], ...] = ()):
        object.__setattr__(self, "items_", tuple(items))
        object.__setattr__(self, "_map", dict(items))

    def __setattr__(self, name, value):
        raise AttributeError("Qualifiers are immutable")

    @classmethod
    def of(cls, values: Mapping[str, str]) -> "Qualifiers":
        return cls(tuple(sorted((k, v) for k, v in values.items() if v)))

    @classmethod
    def parse(cls, text: str) -> "Qualifiers":
        out = {}
        for part in (text or "").split(";"):
            if "=" in part:
                key, value = part.split("=", 1)
                if value.strip():
                    out[key.strip()] = value.strip()
        return cls.of(out)

    def __getitem__(self, key: str) -> str:
        return self._map[key]

    def get(self, key: str, default=None):
        return self._map.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self.items_)

    def __eq__(self, other) -> bool:
        return isinstance(other, Qualifiers) and self.items_ == other.items_

    def __hash__(self) -> int:
        return hash(self.items_)

    def __repr__(self) -> str:
        return f"Qualifiers({str(self)!r})"

    def __str__(self) -> str:
        return ";".join(f"{k}={v}" for k, v in self.items_)


class Claim(NamedTuple):
    """One claim mention, from the extractor to the report: a claims.csv row, typed and immutable.

    `start`/`end` are None for a person's row without offsets; `confidence` keeps the text it
    was written with.
    """
    source_id: str
    subject: str
    attribute: str
    qualifiers: Qualifiers
    value: str
    value_low: str
    value_high: str
    bound: str
    unit: str
    quote: str
    start: int | None
    end: int | None
    method: str = ""
    confidence: str = ""
    status: str = Status.EXTRACTED.value
    note: str = ""
    claim_id: str = ""
    as_of: str = ""         # the date the text gives for the figure ("au 21 juillet"); '' = the source's date
    bound_low: str = ""     # a range's ends, each with its own bound ("between some 500 and 700": approx,
    bound_high: str = ""    # exact); '' on any other claim

    def qualifier_text(self) -> str:
        return str(self.qualifiers)

    def with_id(self, occurrence: int) -> "Claim":
        return self._replace(claim_id=claim_id(self.source_id, self.attribute, str(self.qualifiers), self.quote,
                                               occurrence))

    def to_row(self) -> dict[str, str]:
        row = {c: getattr(self, c) for c in COLUMNS}
        row.update(qualifiers=str(self.qualifiers), start=_offset_text(self.start), end=_offset_text(self.end))
        return row

    @classmethod
    def from_row(cls, row: Mapping[str, str]) -> "Claim":
        return cls(**{c: row.get(c, "") for c in COLUMNS if c not in ("qualifiers", "start", "end")},
                   qualifiers=Qualifiers.parse(row.get("qualifiers", "")),
                   start=offset(row.get("start", "")), end=offset(row.get("end", "")))


def is_offset(text: str) -> bool:
    """A non-negative integer in ASCII digits (str.isdigit() also takes '²⁵¹'), at most OFFSET_DIGITS of them."""
    return len(text) <= OFFSET_DIGITS and text.isascii() and text.isdigit()


def offset(text: str) -> int | None:
    """An offset as claims.csv writes it, as a number; None for a row without one."""
    text = str(text).strip()
    return int(text) if is_offset(text) else None


def row_digest(row: Mapping[str, str]) -> str:
    """The fingerprint of a row's extracted fields (see DIGEST)."""
    key = "\x1f".join(str(row.get(c, "")) for c in EXTRACTED_FIELDS)
    if row.get("as_of"):  # rows written before as_of keep their fingerprint
        key += "\x1f" + str(row["as_of"])
    if row.get("bound_low") or row.get("bound_high"):  # and rows written before the ends' bounds too
        key += "\x1f" + str(row.get("bound_low", "")) + "\x1f" + str(row.get("bound_high", ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _offset_text(offset: int | None) -> str:
    return "" if offset is None else str(offset)


def claim_id(source_id: str, attribute: str, qualifiers: str, quote: str, occurrence: int = 0) -> str:
    """The same mention gets the same id on every run: a hash of what it is and where it is said.

    `occurrence` tells apart identical mentions (a paragraph repeated in one source).
    """
    key = "\x1f".join([source_id, attribute, qualifiers, " ".join(quote.split()), str(occurrence)])
    return f"{source_id}.{attribute}.{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def rows_from_claims(claims: Iterable[Claim]) -> list[dict]:
    """claims.csv rows for extracted claims, ids made stable and unique."""
    rows = []
    seen: Counter = Counter()
    for c in claims:
        key = (c.source_id, c.attribute, str(c.qualifiers), " ".join(c.quote.split()))
        row = c.with_id(seen[key]).to_row()
        row[DIGEST] = row_digest(row)
        rows.append(row)
        seen[key] += 1
    return rows


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


@dataclass(frozen=True)
class ClaimsFile:
    """claims.csv as read: the table of strings and the line each row's record starts on."""
    frame: pd.DataFrame
    lines: list[int]
    arrow: object = None  # the Arrow table pyarrow read it as (the rows' screen reads its columns)

    def records(self) -> list[dict]:
        return records(self.frame)


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts, column-wise (pandas' to_dict('records') is ten times slower)."""
    columns = list(table.columns)
    return [dict(zip(columns, values)) for values in zip(*(table[c].tolist() for c in columns))]


def read_claims_file(path: Path, missing_ok: bool = True) -> ClaimsFile:
    """claims.csv, parsed once (RFC 4180, strictly): every column the contract names, extra
    columns kept, and each row's physical line, for messages that point at it."""
    path = Path(path)
    if not path.exists():
        if missing_ok:
            return ClaimsFile(empty_table(), [])
        raise ProvenanceError("file not found", file=str(path))
    if not path.is_file():
        raise ProvenanceError("not a file", file=str(path))
    return read_claims_bytes(path.read_bytes(), str(path))


def read_claims_bytes(data: bytes, where: str) -> ClaimsFile:
    """claims.csv's bytes, parsed as read_claims_file parses the file (`where` names it)."""
    from .arrowcsv import read_fast
    fast = read_fast(data)  # a plain file, read in C++ without decoding it into one Python string
    if fast is None:
        try:
            raw = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ProvenanceError(f"not UTF-8 (byte {e.start})", file=where) from None
        if not raw.strip():
            return ClaimsFile(empty_table(), [])
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
    return ClaimsFile(frame, lines, arrow)


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
                if reader.line_num > line and _swallows_rows(record, len(header)):
                    raise ProvenanceError("malformed CSV: a quoted field runs over lines that look like rows "
                                          "(a stray quote?)", file=file, row=line)
                rows.append(record)
                lines.append(line)
            line = reader.line_num + 1
    except csv.Error as e:
        raise ProvenanceError(f"malformed CSV: {malformed(e, ' (a stray quote?)')}", file=file, row=line) from None
    return header, rows, lines


def _swallows_rows(record: list[str], width: int) -> bool:
    """A field spanning lines, one of which has a row's worth of commas: rows eaten by a quote."""
    return any(line.count(",") >= width // 2 for field in record if "\n" in field for line in field.split("\n")[1:])


def read_claims(path: Path, missing_ok: bool = True) -> pd.DataFrame:
    """claims.csv as a table of strings (see read_claims_file)."""
    return read_claims_file(path, missing_ok).frame


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
