"""`provenance check`: the CI gate. Each check is a small function yielding Problems.

    codes.py    Code (family, severity, fixable, how --since scopes it), Problem, CheckResult
    inputs.py   what a run reads, once: claims.csv, its line numbers, the sources
    checks.py   schema, hashes, links, quotes, staleness, contradictions
    stated.py   a person's value must stand in its quote (unless its note says it is in words)
    scope.py    --since: what changed since a git ref
    fix.py      --fix: drifted offsets, new hashes
    formats.py  text, json, github, junit

The accepted baseline (reports/accepted.csv) lives in provenance.review.accepted.
"""
from __future__ import annotations

from pathlib import Path

from .checks import check_contradictions, check_hashes, check_links, check_quotes, check_schema, check_staleness, reanchor
from .codes import BAD_INPUT, ERROR, NOTICE, WARNING, CheckResult, Code, Problem
from .fix import apply_fixes
from .formats import FORMATS, written_by_check
from .inputs import CheckInput, load_input
from .scope import changed_baseline, changed_since, touches
from .stated import check_stated

__all__ = ["BAD_INPUT", "ERROR", "FORMATS", "NOTICE", "WARNING", "CheckInput", "CheckResult", "Code", "Problem",
           "apply_fixes", "changed_since", "check_contradictions", "check_hashes", "check_links", "check_quotes",
           "check_schema", "check_staleness", "check_stated", "load_input", "reanchor", "run_checks",
           "written_by_check"]


def run_checks(claims_path: Path, sources_dir: Path, baseline_path: Path, since: str | None = None,
               use_cache: bool = True) -> CheckResult:
    """Every check over the claims and sources, each whatever the others found. With `since`,
    only the problems of what changed since that git ref, but every schema problem, and notices
    of changes to the accepted baseline and of sources re-registered under a new hash."""
    inp = load_input(claims_path, sources_dir, baseline_path)
    claim_scope, source_scope, deleted = changed_since(since, inp) if since else (None, None, [])
    source_of = inp.source_of()
    # what extraction is compared with: the changed sources, and the sources of changed claims
    stale_scope = None if since is None else source_scope | {source_of.get(c) for c in claim_scope}
    problems = list(check_schema(inp))
    problems += check_hashes(inp)
    problems += check_links(inp)
    problems += check_quotes(inp)
    problems += check_stated(inp)
    problems += check_staleness(inp, stale_scope, use_cache=use_cache)
    problems += check_contradictions(inp)
    if since:
        baseline = changed_baseline(since, inp, deleted)
        # a contradiction whose acceptance changed or was removed is looked at whatever its claims did
        reviewed = {p.fix.get("discrepancy_id") for p in baseline} - {None}
        problems = [p for p in problems if p.code.family == "schema" or p.fix.get("discrepancy_id") in reviewed
                    or touches(p, claim_scope, source_scope, source_of)]
        problems += baseline
    return CheckResult(problems, len(inp.table), len(inp.sources), inp)
