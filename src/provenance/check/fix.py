"""`provenance check --fix`: write drifted quotes' new offsets into claims.csv, and the new
sha256 of sources whose every quote is still anchored."""
from __future__ import annotations

from ..claims import write_claims
from ..sources import update_manifest
from .codes import CheckResult, Code
from .inputs import CheckInput


def apply_fixes(result: CheckResult) -> list[str]:
    """What --fix can mend, written; one line per file changed, saying what."""
    inp: CheckInput = result.input
    done = []
    drifted = {p.claim_id: p.fix for p in result.problems if p.code is Code.DRIFTED}
    if drifted:
        table = inp.table.copy()
        for i, cid in enumerate(table["claim_id"]):
            if cid in drifted:
                table.at[i, "start"] = str(drifted[cid]["start"])
                table.at[i, "end"] = str(drifted[cid]["end"])
        write_claims(table, inp.claims_path)
        done.append(f"re-anchored {len(drifted)} quote(s) in {inp.claims_path}")
    source_of = inp.source_of()
    orphaned_sources = {source_of.get(p.claim_id) for p in result.problems if p.code is Code.ORPHANED}
    rehash = {p.fix["source_id"]: p.fix["sha256"] for p in result.problems
              if p.code in (Code.SHA256_MISMATCH, Code.MISSING_SHA256) and p.fix.get("source_id") not in orphaned_sources}
    if rehash:
        update_manifest(inp.sources_dir, changed={sid: {"sha256": sha} for sid, sha in rehash.items()})
        done.append(f"recorded the new sha256 of {', '.join(sorted(rehash))} (every quote anchored)")
    return done
