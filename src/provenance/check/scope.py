"""`--since REF`: which claims and sources changed since a git ref, and whether a problem
touches them (each Code says how: by its claim, its source, its claims, or always)."""
from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path


from ..review import FINGERPRINT, read_accepted
from ..claims import COLUMNS, HUMAN_STATUSES, read_claims_bytes
from ..plumbing import ProvenanceError
from ..sources import MANIFEST
from .codes import Code, Problem
from .inputs import CheckInput


def _git(args: list[str], cwd: Path) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ProvenanceError(f"git failed: {e}") from None
    if out.returncode != 0:
        raise ProvenanceError(f"git {' '.join(args)}: {out.stderr.strip() or 'failed'}")
    return out.stdout


def _old_claims(ref: str, root: Path, rel_claims: str) -> dict[str, dict]:
    """claims.csv at the ref: claim id -> row ({} where it did not exist or cannot be read)."""
    try:
        old_text = _git(["show", f"{ref}:{rel_claims}"], root)
    except (ProvenanceError, ValueError):  # no such file at the ref, or not UTF-8
        return {}
    try:
        return read_claims_bytes(old_text.encode("utf-8"), f"{ref}:{rel_claims}").by_id
    except ProvenanceError:  # an older or hand-broken file: read what rows it has, leniently
        rows = csv.DictReader(io.StringIO(old_text))
        return {r.get("claim_id") or "": {k: v or "" for k, v in r.items() if k} for r in rows}


def _changed_claims(old_rows: dict[str, dict], inp: CheckInput) -> set[str]:
    changed = set()
    for r in inp.records:
        before = old_rows.get(r["claim_id"])
        if before is None or any(str(before.get(c, "")) != str(r.get(c, "")) for c in COLUMNS):
            changed.add(r["claim_id"])
    return changed


def _deleted_claims(old_rows: dict[str, dict], inp: CheckInput) -> list[dict]:
    """Rows of the ref that claims.csv no longer holds."""
    present = {r["claim_id"] for r in inp.records}
    return [row for cid, row in sorted(old_rows.items()) if cid and cid not in present]


def _changed_sources(ref: str, root: Path, rel_sources: str, inp: CheckInput) -> set[str]:
    names = _git(["diff", "--name-only", ref, "--", rel_sources], root).split()
    names += _git(["ls-files", "--others", "--exclude-standard", "--", rel_sources], root).split()
    changed_files = {Path(n).name for n in names}
    sources = {s.source_id for s in inp.sources if Path(s.file).name in changed_files}
    if MANIFEST in changed_files:
        old_manifest = {}
        try:
            text = _git(["show", f"{ref}:{rel_sources}/{MANIFEST}"], root)
            old_manifest = {r["source_id"]: r for r in csv.DictReader(io.StringIO(text))}
        except ProvenanceError:
            pass
        for s in inp.sources:
            before = old_manifest.get(s.source_id)
            if before is None or before.get("sha256", "") != s.sha256 or before.get("file", "") != s.file:
                sources.add(s.source_id)
    return sources


def changed_since(ref: str, inp: CheckInput) -> tuple[set[str], set[str], list[dict]]:
    """(claim ids added or changed, source ids added or changed, rows deleted) since a git ref. A
    source one of whose rows was deleted counts as changed: what its rows were in is looked at again."""
    root = Path(_git(["rev-parse", "--show-toplevel"], inp.claims_path.resolve().parent).strip())
    _git(["rev-parse", "--verify", f"{ref}^{{commit}}"], root)
    rel_claims = inp.claims_path.resolve().relative_to(root).as_posix()
    rel_sources = inp.sources_dir.resolve().relative_to(root).as_posix()
    old_rows = _old_claims(ref, root, rel_claims)
    deleted = _deleted_claims(old_rows, inp)
    deleted_sources = {row.get("source_id", "") for row in deleted} - {""}
    return _changed_claims(old_rows, inp), _changed_sources(ref, root, rel_sources, inp) | deleted_sources, deleted


def changed_baseline(ref: str, inp: CheckInput, deleted: list[dict]) -> list[Problem]:
    """Notices a reviewer must see: contradictions accepted (or reasons changed) since the ref,
    and sources whose text changed together with the hash that pins it."""
    root = Path(_git(["rev-parse", "--show-toplevel"], inp.claims_path.resolve().parent).strip())
    out = []
    try:
        rel = inp.baseline_path.resolve().relative_to(root).as_posix()
        old = {r.get("discrepancy_id", ""): r for r in csv.DictReader(io.StringIO(_git(["show", f"{ref}:{rel}"], root)))}
    except (ProvenanceError, ValueError):
        old = {}
    now = read_accepted(inp.baseline_path)
    for did, row in sorted(now.items()):
        before = old.get(did)
        if before is None or any(before.get(c, "") != row.get(c, "") for c in ("reason", FINGERPRINT)):
            what = "accepted" if before is None else "reason changed" if before.get("reason", "") != \
                row.get("reason", "") else "renewed"
            out.append(Problem(Code.ACCEPTED_CHANGED, f"{did} {what} since {ref}: {row.get('reason', '')!r}",
                               str(inp.baseline_path), None, "", {"discrepancy_id": did}))
    for did in sorted(set(old) - set(now) - {""}):
        out.append(Problem(Code.ACCEPTANCE_REMOVED, f"{did}: its acceptance ({old[did].get('reason', '')!r}) was "
                           f"removed since {ref}", str(inp.baseline_path), None, "", {"discrepancy_id": did}))
    for row in deleted:
        what = f"{row.get('attribute', '')} {row.get('value', '')} in {row.get('source_id', '')}"
        kept = f" ({row.get('status')}, a person's decision" + (f", note {row['note']!r})" if row.get("note") else ")") \
            if row.get("status") in HUMAN_STATUSES or row.get("note") else ""
        out.append(Problem(Code.CLAIM_DELETED, f"{row['claim_id']} ({what}: {row.get('quote', '')[:80]!r}) was deleted "
                           f"from {inp.claims_path.name} since {ref}{kept}", str(inp.claims_path), None, "",
                           {"source_id": row.get("source_id", "")}))
    rel_sources = inp.sources_dir.resolve().relative_to(root).as_posix()
    try:
        text = _git(["show", f"{ref}:{rel_sources}/{MANIFEST}"], root)
        old_hashes = {r.get("source_id", ""): r.get("sha256", "") for r in csv.DictReader(io.StringIO(text))}
    except ProvenanceError:
        old_hashes = {}
    for s in inp.sources:
        before = old_hashes.get(s.source_id)
        if before and s.sha256 and before != s.sha256:
            out.append(Problem(Code.SOURCE_CHANGED, f"{s.source_id}: {s.file} and its sha256 both changed since {ref} "
                               f"({before[:12]}… -> {s.sha256[:12]}…): review the new text",
                               str(inp.sources_dir / MANIFEST), s.row, "", {"source_id": s.source_id}))
    return out


def touches(p: Problem, claims: set[str], sources: set[str], source_of: dict[str, str]) -> bool:
    """Whether a problem concerns a claim or source that changed."""
    by = p.code.scoped_by
    if p.claim_id and (p.claim_id in claims or source_of.get(p.claim_id) in sources):
        return True
    if by == "claims":
        return any(i in claims or source_of.get(i) in sources for i in p.fix.get("claim_ids", []))
    if by == "source":
        return p.fix.get("source_id") in sources
    return by == "always"  # stale-missing: scoped to changed sources already
