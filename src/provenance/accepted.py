"""The accepted baseline (`reports/accepted.csv`): contradictions a person has reviewed and
accepted, each with a reason. `provenance check` fails only on contradictions not listed here."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from .errors import ProvenanceError
from .claims import ClaimsFile
from .csvtext import csv_text, dict_rows
from .io import atomic_write_text
from .rows import validated
from .sources import read_csv_rows

ACCEPTED_COLUMNS = ["discrepancy_id", "reason", "accepted_at", "summary", "accepted_by", "subject", "attribute",
                    "qualifiers", "carried_from"]


def _read(path: Path) -> tuple[list[str], list[dict]]:
    """The baseline's header and rows, each checked: an id and a reason on every row."""
    if not Path(path).exists():
        return list(ACCEPTED_COLUMNS), []
    header, rows = read_csv_rows(Path(path))
    if rows and ("discrepancy_id" not in header or "reason" not in header):
        raise ProvenanceError("needs the columns discrepancy_id and reason", file=str(path), row=1)
    for r in rows:
        if not r["discrepancy_id"].strip():
            raise ProvenanceError("empty discrepancy_id", file=str(path), row=r["__row__"])
        if not r["reason"].strip():
            raise ProvenanceError(f"{r['discrepancy_id']}: an accepted discrepancy needs a reason", file=str(path),
                                  row=r["__row__"])
    return header or list(ACCEPTED_COLUMNS), rows


def read_accepted(path: Path) -> dict[str, dict]:
    """discrepancy id -> its (first) row; a row without an id or a reason is bad input."""
    out: dict[str, dict] = {}
    for r in _read(path)[1]:
        out.setdefault(r["discrepancy_id"].strip(), {k: v for k, v in r.items() if k != "__row__"})
    return out


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    """Every row and column as it was (a reviewer's own columns too), in the order read."""
    columns = header + [c for c in ACCEPTED_COLUMNS if c not in header]
    atomic_write_text(Path(path), csv_text(dict_rows(columns, rows)))


def reviewer() -> str:
    """Who is reviewing: $PROVENANCE_REVIEWER, else git's user.name, else the login name."""
    import getpass
    import os
    import subprocess
    named = os.environ.get("PROVENANCE_REVIEWER", "").strip()
    if named:
        return named
    try:
        found = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def revoke(discrepancy_id: str, baseline_path: Path) -> dict:
    """Take an acceptance back: its row leaves the baseline, and `check` fails on it again."""
    header, rows = _read(baseline_path)
    mine = [r for r in rows if r["discrepancy_id"].strip() == discrepancy_id]
    if not mine:
        raise ProvenanceError(f"{discrepancy_id} is not accepted (see provenance accept --list)",
                              file=str(baseline_path))
    _write(baseline_path, header, [r for r in rows if r["discrepancy_id"].strip() != discrepancy_id])
    return {k: v for k, v in mine[0].items() if k != "__row__"}


def _what(row: dict) -> tuple[str, str, str]:
    """(subject, attribute, qualifiers) an accepted row is about; older rows name it only in
    their summary ('CSTO: founded  1992 vs 2002')."""
    if row.get("attribute"):
        return row.get("subject", ""), row["attribute"], row.get("qualifiers", "")
    subject, _, rest = row.get("summary", "").partition(": ")
    words = rest.split()
    qualifiers = words[1] if len(words) > 1 and "=" in words[1] else ""
    return subject, words[0] if words else "", qualifiers


def successors(accepted: dict[str, dict], discrepancies) -> dict[str, str]:
    """New contradiction id -> the accepted id it follows: same subject, attribute and scope,
    the old id no longer found because the values changed (a source added a figure)."""
    current = {d.id for d in discrepancies}
    gone = {_what(row): did for did, row in accepted.items() if did not in current}
    return {d.id: gone[(d.subject, d.attribute, d.qualifiers)] for d in discrepancies
            if d.kind == "contradiction" and d.id not in accepted and (d.subject, d.attribute, d.qualifiers) in gone}


def accept(discrepancy_id: str, reason: str, claims_path: Path, sources_dir: Path, baseline_path: Path,
           replace: bool = False, comparison=None, carry: str | None = None) -> dict:
    """Add a reviewed contradiction to the accepted baseline, with the person's reason. An id
    accepted already keeps its reason unless `replace` is given. `carry`: the id of an earlier
    acceptance of the same disagreement whose values changed; its reason moves to this id.
    `comparison`, when given, is the current comparison of the claims (else it is computed)."""
    from .check.inputs import load_input
    from .compare import compare
    header, rows = _read(baseline_path)
    if carry:
        earlier = [r for r in rows if r["discrepancy_id"].strip() == carry]
        if not earlier:
            raise ProvenanceError(f"{carry} is not accepted; nothing to carry (see provenance accept --list)",
                                  file=str(baseline_path))
        reason = reason or earlier[0]["reason"]
    if not (reason or "").strip():
        raise ProvenanceError("a reason is required (--reason \"…\")")
    mine = [r for r in rows if r["discrepancy_id"].strip() == discrepancy_id]
    if mine and not replace:
        raise ProvenanceError(f"{discrepancy_id} is accepted already ({mine[0].get('accepted_at', '')}: "
                              f"{mine[0]['reason']!r}); --replace gives it a new reason", file=str(baseline_path),
                              row=mine[0]["__row__"])
    if comparison is None:
        inp = load_input(claims_path, sources_dir, baseline_path)
        validated(ClaimsFile(inp.table, inp.lines), str(claims_path))
        comparison = compare(inp.table, {s.source_id: s.meta() for s in inp.sources}, inp.texts)
    found = {d.id: d for d in comparison.discrepancies}
    if discrepancy_id not in found:
        raise ProvenanceError(f"no discrepancy {discrepancy_id!r} in the current claims (see reports/discrepancies.json)")
    d = found[discrepancy_id]
    entry = {"discrepancy_id": discrepancy_id, "reason": reason.strip(),
             "accepted_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "summary": f"{d.subject}: {d.attribute} {d.qualifiers} " + " vs ".join(v.value for v in d.values),
             "accepted_by": reviewer(), "subject": d.subject, "attribute": d.attribute, "qualifiers": d.qualifiers,
             "carried_from": carry or ""}
    if carry and carry != discrepancy_id:
        if (d.subject, d.attribute, d.qualifiers) != _what(earlier[0]):
            raise ProvenanceError(f"{carry} was about {': '.join(_what(earlier[0])[:2])}, not {d.subject}: {d.attribute}; "
                                  f"its reason cannot be carried to {discrepancy_id}")
        rows = [r for r in rows if r["discrepancy_id"].strip() != carry]
    for r in mine:
        r.update(entry)
    _write(baseline_path, header, rows if mine else rows + [entry])
    return entry
