"""The accepted baseline (`reports/accepted.csv`): contradictions a person has reviewed and
accepted, each with a reason. `provenance check` fails only on contradictions not listed here."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path

from .errors import ProvenanceError
from .claims import ClaimsFile
from .io import atomic_write_text
from .rows import validated
from .sources import read_csv_rows

ACCEPTED_COLUMNS = ["discrepancy_id", "reason", "accepted_at", "summary"]


def read_accepted(path: Path) -> dict[str, dict]:
    """discrepancy id -> its row; a row without an id or a reason is bad input."""
    if not Path(path).exists():
        return {}
    header, rows = read_csv_rows(Path(path))
    if rows and ("discrepancy_id" not in header or "reason" not in header):
        raise ProvenanceError("needs the columns discrepancy_id and reason", file=str(path), row=1)
    out = {}
    for r in rows:
        n = r.pop("__row__")
        if not r["discrepancy_id"].strip():
            raise ProvenanceError("empty discrepancy_id", file=str(path), row=n)
        if not r["reason"].strip():
            raise ProvenanceError(f"{r['discrepancy_id']}: an accepted discrepancy needs a reason", file=str(path), row=n)
        out[r["discrepancy_id"].strip()] = r
    return out


def write_accepted(path: Path, accepted: dict[str, dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACCEPTED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for did in sorted(accepted):
        writer.writerow({c: accepted[did].get(c, "") for c in ACCEPTED_COLUMNS})
    atomic_write_text(Path(path), buf.getvalue())


def accept(discrepancy_id: str, reason: str, claims_path: Path, sources_dir: Path, baseline_path: Path) -> dict:
    """Add a reviewed contradiction to the accepted baseline, with the person's reason."""
    from .check.inputs import load_input
    from .compare import compare
    if not reason.strip():
        raise ProvenanceError("a reason is required (--reason \"…\")")
    inp = load_input(claims_path, sources_dir, baseline_path)
    validated(ClaimsFile(inp.table, [inp.lines[i] for i in range(len(inp.table))]), str(claims_path))
    comparison = compare(inp.table, {s.source_id: s.meta() for s in inp.sources}, inp.texts)
    found = {d.id: d for d in comparison.discrepancies}
    if discrepancy_id not in found:
        raise ProvenanceError(f"no discrepancy {discrepancy_id!r} in the current claims (see reports/discrepancies.json)")
    accepted = read_accepted(baseline_path)
    d = found[discrepancy_id]
    accepted[discrepancy_id] = {"discrepancy_id": discrepancy_id, "reason": reason.strip(),
                                "accepted_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "summary": f"{d.subject}: {d.attribute} {d.qualifiers} "
                                           + " vs ".join(v.value for v in d.values)}
    write_accepted(baseline_path, accepted)
    return accepted[discrepancy_id]
