"""The claims table (`claims.csv`): columns, stable ids, reading, atomic writing, and the merge
that keeps every decision a person made."""
from __future__ import annotations

import hashlib
import io
from collections import Counter
from pathlib import Path
from typing import Iterable

import pandas as pd

from .errors import ProvenanceError
from .io import atomic_write_text

COLUMNS = ["claim_id", "source_id", "subject", "attribute", "qualifiers", "value", "value_low", "value_high",
           "bound", "unit", "quote", "start", "end", "method", "confidence", "status", "note"]
BOUNDS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague")
STATUSES = ("extracted", "confirmed", "rejected", "manual")
HUMAN_STATUSES = ("confirmed", "rejected", "manual")


def claim_id(source_id: str, attribute: str, qualifiers: str, quote: str, occurrence: int = 0) -> str:
    """The same mention gets the same id on every run: a hash of what it is and where it is said.

    `occurrence` tells apart identical mentions (a paragraph repeated in one source).
    """
    key = "\x1f".join([source_id, attribute, qualifiers, " ".join(quote.split()), str(occurrence)])
    return f"{source_id}.{attribute}.{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def rows_from_claims(claims: Iterable) -> list[dict]:
    """claims.csv rows for extracted Claim objects, ids made stable and unique."""
    rows = []
    seen: Counter = Counter()
    for c in claims:
        quals = c.qualifier_text()
        key = (c.source_id, c.attribute, quals, " ".join(c.quote.split()))
        occurrence = seen[key]
        seen[key] += 1
        rows.append({
            "claim_id": claim_id(c.source_id, c.attribute, quals, c.quote, occurrence),
            "source_id": c.source_id, "subject": c.subject, "attribute": c.attribute, "qualifiers": quals,
            "value": c.value, "value_low": c.value_low, "value_high": c.value_high, "bound": c.bound,
            "unit": c.unit, "quote": c.quote, "start": str(c.start), "end": str(c.end), "method": c.method,
            "confidence": f"{c.confidence:.2f}", "status": "extracted", "note": "",
        })
    return rows


def empty_table() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def read_claims(path: Path, missing_ok: bool = True) -> pd.DataFrame:
    """claims.csv as a table of strings (every column the contract names; extra columns kept)."""
    path = Path(path)
    if not path.exists():
        if missing_ok:
            return empty_table()
        raise ProvenanceError("file not found", file=str(path))
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProvenanceError(f"not UTF-8 (byte {e.start})", file=str(path)) from None
    if not raw.strip():
        return empty_table()
    try:
        df = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, ValueError) as e:
        raise ProvenanceError(f"malformed CSV: {e}", file=str(path)) from None
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ProvenanceError(f"missing column(s): {', '.join(missing)}", file=str(path), row=1)
    return df


def to_csv_text(df: pd.DataFrame) -> str:
    columns = COLUMNS + [c for c in df.columns if c not in COLUMNS]
    return df.reindex(columns=columns).fillna("").to_csv(index=False, lineterminator="\n")


def write_claims(df: pd.DataFrame, path: Path) -> None:
    atomic_write_text(Path(path), to_csv_text(df))


def _touched(row) -> bool:
    return row["status"] in HUMAN_STATUSES or bool(str(row.get("note", "")).strip())


def merge(existing: pd.DataFrame, extracted: list[dict], source_order: list[str]) -> pd.DataFrame:
    """The new table: fresh extraction, with every row a person touched kept as it is.

    - a row marked confirmed / rejected / manual is kept untouched, and wins over a fresh
      extraction with the same claim_id;
    - a note on an extracted row travels to the fresh row with the same id, and keeps the row
      even when its quote is no longer extracted;
    - an extracted row nobody touched is replaced by the fresh extraction (dropped if gone).
    """
    by_id = {r["claim_id"]: r for r in extracted}
    kept: list[dict] = []
    for row in existing.to_dict("records"):
        cid = row["claim_id"]
        if row["status"] in HUMAN_STATUSES:
            kept.append(row)
            by_id.pop(cid, None)
        elif _touched(row):
            if cid in by_id:
                by_id[cid]["note"] = row["note"]
            else:
                kept.append(row)
    rows = kept + list(by_id.values())
    df = pd.DataFrame(rows) if rows else empty_table()
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df = df.fillna("")
    return sort_claims(df, source_order)


def sort_claims(df: pd.DataFrame, source_order: list[str]) -> pd.DataFrame:
    """Deterministic order: source, position in the source, attribute, id."""
    order = {s: i for i, s in enumerate(source_order)}
    keys = pd.DataFrame({
        "src": df["source_id"].map(lambda s: order.get(s, len(order))),
        "sid": df["source_id"],
        "pos": pd.to_numeric(df["start"], errors="coerce").fillna(float("inf")),
        "attr": df["attribute"],
        "id": df["claim_id"],
    })
    index = keys.sort_values(["src", "sid", "pos", "attr", "id"], kind="mergesort").index
    return df.loc[index].reset_index(drop=True)
