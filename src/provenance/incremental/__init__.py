"""What a re-run may skip: the extraction cache, the manifest as last seen, and claims.csv kept
as one block of bytes per source. When a run is trusted is told in docs/ARCHITECTURE.md §3.

    cache.py        the extraction cache (SQLite beside claims.csv): stamps, fingerprints, `Plan`
    cache_owner.py  whose cache it is: git's answer, else this user's mark
    code_key.py     the modules the cached rows come from, found by scanning imports
    snapshot.py     the manifest as last checked; which files moved
    rerun.py        the seal of a run and the quick plan that starts from it
    plan.py         `plan_run`: quick or full, decided in one place, and why (`RunPlan.reason`)
    splice.py       claims.csv as one block per source; unchanged blocks copied as bytes
"""
from .cache import ExtractionCache, Plan, cache_path, kept_stamp, trusted
from .code_key import code_digest
from .plan import RunPlan, pins, plan_run
from .snapshot import manifest_key
from .splice import Layout, Spliced, blocks_of, header as claims_header, rewrite, write_blocks

__all__ = ["ExtractionCache", "Layout", "Plan", "Spliced", "blocks_of", "cache_path", "claims_header", "code_digest",
           "kept_stamp", "manifest_key", "pins", "plan_run", "rewrite", "RunPlan", "trusted", "write_blocks"]
