"""A person's review, written as the command line writes: a claim's status and note, a value or
scope corrected, a claim added from a passage of a source. The `serve` app and the CLI both
call these; the caller holds the project lock (`atomic.project_lock`).

Every change is checked like any claims.csv row before the file is replaced (atomically), and
a person's row is never touched by re-extraction afterwards.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..extraction import registry
from .stated import IN_WORDS, unstated, without_in_words
from ..claims import (BOUNDS, Bound, Qualifiers, Status, claim_id, read_claims_file, row_problems, validated,
                      write_claims)
from ..plumbing import ProvenanceError, refuse_links

# The fields a person may correct on a claim; a correction makes the row the person's (`manual`).
EDITABLE = ("subject", "attribute", "qualifiers", "value", "value_low", "value_high", "bound", "unit", "as_of")
# The decisions a person may take on a claim as it stands.
DECISIONS = (Status.CONFIRMED.value, Status.REJECTED.value, Status.EXTRACTED.value)


def _table(claims_path: Path) -> pd.DataFrame:
    return validated(read_claims_file(Path(claims_path), missing_ok=False), str(claims_path)).frame


def _position(table: pd.DataFrame, cid: str) -> int:
    hits = table.index[table["claim_id"] == cid]
    if not len(hits):
        raise ProvenanceError(f"no claim {cid!r} in the claims table")
    return int(hits[0])


def _checked(row: dict, claims_path: Path) -> None:
    problems = list(row_problems(row))
    if problems:
        code, message = problems[0]
        raise ProvenanceError(f"[{code}] {message} (nothing was written)", file=str(claims_path))


def _stated(row: dict, language: str | None, in_words: bool, claims_path: Path) -> dict:
    """The row as written: refused when its quote does not state its value, unless the person says
    the quote states it in words the tool cannot read (then its note starts with IN_WORDS). A
    row whose source is gone (no language) is left to `check`."""
    why = unstated(row, language) if language else None
    if why is None:
        return row
    if not in_words:
        raise ProvenanceError(f"{why} (nothing was written): correct the value, or, if the quote states it in "
                              f"words the tool cannot read, say so (--in-words, or the app's checkbox; the note then "
                              f"starts with {IN_WORDS})",
                              file=str(claims_path))
    return {**row, "note": f"{IN_WORDS} {row['note']}".strip()}


def decide(claims_path: Path, cid: str, status: str | None = None, note: str | None = None) -> dict:
    """Set a claim's status (confirmed, rejected, or back to extracted) and/or its note."""
    if status is not None and status not in DECISIONS:
        raise ProvenanceError(f"status {status!r} is not one of {', '.join(DECISIONS)}")
    table = _table(claims_path)
    at = _position(table, cid)
    if status is not None:
        if status == Status.EXTRACTED.value and table.at[at, "method"] == "manual":
            raise ProvenanceError(f"{cid} was added by a person: it can be confirmed or rejected, not un-reviewed")
        table.at[at, "status"] = status
    if note is not None:
        table.at[at, "note"] = " ".join(note.split())
    write_claims(table, claims_path)
    return table.loc[at].to_dict()


def interval(value: str, bound: str) -> tuple[str, str]:
    """The (low, high) a single value with this bound allows; an unknown bound keeps the value."""
    return Bound(bound).ends(value) if bound in BOUNDS else (value, value)


def correct(claims_path: Path, cid: str, changes: dict[str, str], languages: dict[str, str],
            in_words: bool = False) -> dict:
    """Correct a claim's value or scope; the row becomes a person's (`manual`), kept as it is.

    `languages` (source id -> language) reads the quote: a value it does not state is refused
    unless `in_words` (see _stated)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ProvenanceError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE)})")
    table = _table(claims_path)
    at = _position(table, cid)
    row = table.loc[at].to_dict()
    fields = {k: " ".join(str(v).split()) for k, v in changes.items()}
    if "qualifiers" in fields:
        fields["qualifiers"] = str(Qualifiers.parse(fields["qualifiers"].replace(" ", "")))
    fields.update(_value_fields(row, fields))
    if all(row[k] == v for k, v in fields.items()):
        return row
    if any(row[k] != fields[k] for k in ("value", "value_low", "value_high") if k in fields):
        fields["note"] = without_in_words(row["note"])
    row.update(fields, status=Status.MANUAL.value)
    _checked(row, claims_path)
    row = _stated(row, languages.get(row["source_id"]), in_words, claims_path)
    for k, v in row.items():
        table.at[at, k] = v
    write_claims(table, claims_path)
    return row


def _value_fields(row: dict, fields: dict[str, str]) -> dict[str, str]:
    """value, value_low and value_high as the corrected bound reads them: a range (or a vague
    figure) by its two ends, its value its low end, as extraction writes it; any other bound by
    one value, its ends what the bound allows (a range's ends are never left under another bound)."""
    if not {"value", "value_low", "value_high", "bound"} & set(fields):
        return {}
    bound = fields.get("bound", row["bound"])
    if bound in (Bound.RANGE.value, Bound.VAGUE.value):
        if "value" in fields and not {"value_low", "value_high"} & set(fields):
            raise ProvenanceError(f"a {bound} is corrected by its two ends (value_low and value_high), not one value")
        low, high = fields.get("value_low", row["value_low"]), fields.get("value_high", row["value_high"])
        if bound == Bound.RANGE.value and (not low or not high or low == high):
            raise ProvenanceError(f"a range needs two different ends (low {low or '(none)'}, high {high or '(none)'})")
        return {"value": low, "value_low": low, "value_high": high}
    if "value" in fields:
        value = fields["value"]
    elif row["bound"] in (Bound.RANGE.value, Bound.VAGUE.value):  # a range made one value: its low end, if given
        value = fields.get("value_low") or row["value"]
    else:
        value = row["value"]
    low, high = interval(value, bound)
    return {"value": value, "value_low": low, "value_high": high}


def default_unit(attribute: str, value: str) -> str:
    """The unit extraction writes for this attribute and value (see extraction.emit)."""
    entry = registry().get(attribute)
    if entry.unit:
        return entry.unit
    if entry.dated:
        return "date" if "-" in value else "year"
    return "persons"


def add_claim(claims_path: Path, source_id: str, text: str, start: int, end: int, fields: dict[str, str],
              language: str, in_words: bool = False) -> dict:
    """A person's claim on the passage text[start:end] of a source; the quote is cut from the
    text at those offsets, never typed. Read in the source's `language`, the quote must state the
    value, unless `in_words` (see _stated)."""
    if not (0 <= start < end <= len(text)):
        raise ProvenanceError(f"the passage {start}:{end} is not inside {source_id} ({len(text)} characters)")
    quote = text[start:end]
    if quote != quote.strip():
        raise ProvenanceError("the passage starts or ends with white space; select the words themselves")
    attribute = fields.get("attribute", "").strip()
    if attribute not in registry().attributes:
        raise ProvenanceError(f"attribute {attribute!r} is not in the vocabulary "
                              f"({', '.join(sorted(registry().attributes))})")
    table = _table(claims_path)
    qualifiers = str(Qualifiers.parse(fields.get("qualifiers", "").replace(" ", "")))
    value, bound = fields.get("value", "").strip(), fields.get("bound", "").strip() or Bound.EXACT.value
    low, high = interval(value, bound)
    occurrence, taken = 0, set(table["claim_id"])
    while claim_id(source_id, attribute, qualifiers, quote, occurrence) in taken:
        occurrence += 1
    row = {c: "" for c in table.columns}
    row.update(claim_id=claim_id(source_id, attribute, qualifiers, quote, occurrence), source_id=source_id,
               subject=" ".join(fields.get("subject", "").split()), attribute=attribute, qualifiers=qualifiers,
               value=value, value_low=fields.get("value_low", "").strip() or low,
               value_high=fields.get("value_high", "").strip() or high, bound=bound,
               unit=fields.get("unit", "").strip() or default_unit(attribute, value), quote=quote,
               start=str(start), end=str(end), method="manual", confidence="1", status=Status.MANUAL.value,
               note=" ".join(fields.get("note", "").split()))
    if not row["subject"] or not value:
        raise ProvenanceError("a claim needs a subject and a value")
    _checked(row, claims_path)
    row = _stated(row, language, in_words, claims_path)
    write_claims(pd.concat([table, pd.DataFrame([row], columns=table.columns)], ignore_index=True), claims_path)
    return row


class Removal(NamedTuple):
    files: list[Path]   # the text, and the archived page or PDF it came from
    dropped: int        # extracted claims dropped with it
    kept: int           # claims a person touched, kept orphaned


def remove_source(sources_dir: Path, claims_path: Path, source_id: str, dry_run: bool = False) -> Removal:
    """Remove a source: its text, its manifest row and the claims extracted from it. The claims a
    person touched (a decision, a correction, a note) stay in claims.csv, orphaned: `check` names
    them until a person deletes them or restores the source. With `dry_run`, what would go, and
    nothing removed."""
    from ..claims import HUMAN_STATUSES
    from ..sources import update_manifest
    from ..sources import load_sources
    sources = {s.source_id: s for s in load_sources(Path(sources_dir), read=False)}
    if source_id not in sources:
        raise ProvenanceError(f"no source {source_id!r} (see provenance sources list)", file=str(sources_dir))
    source = sources[source_id]
    raw = (source.extra.get("raw_file") or "").strip()
    deleted = [source.path] + ([Path(sources_dir) / raw] if raw else [])
    for path in deleted:  # a link itself is deleted, not what it leads to; a linked folder would be
        refuse_links(path.parent, sources_dir)
    table = _table(claims_path) if Path(claims_path).exists() else None
    dropped = kept = 0
    if table is not None:
        mine = table["source_id"] == source_id
        touched = table["status"].isin(HUMAN_STATUSES) | (table["note"].str.strip() != "")
        dropped, kept = int((mine & ~touched).sum()), int((mine & touched).sum())
        if dropped and not dry_run:
            write_claims(table[~(mine & ~touched)].reset_index(drop=True), claims_path)
    if dry_run:
        return Removal(deleted, dropped, kept)
    if source.row is not None:
        update_manifest(Path(sources_dir), removed=frozenset({source_id}))
    for path in deleted:
        path.unlink(missing_ok=True)
    return Removal(deleted, dropped, kept)
