"""The one place a run is planned: quick or full, and why (`provenance run -v` prints the reason).

docs/ARCHITECTURE.md §3 lists every condition; `plan_run` checks them in that order.
"""
from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..filing import events_path, read_events, read_subjects, subjects_path
from ..extraction import unread_language
from ..sources import MANIFEST, Source, UnreadLanguage, load_sources
from .cache import ExtractionCache, Plan
from .rerun import plan as quick_plan, seal_of
from .snapshot import manifest_key


@dataclass(frozen=True)
class RunPlan:
    """A run planned: quick or full and why, its sources, those looked at one by one (all, or a
    quick re-run's changed ones), the cache's plan for those, and what a run needs of the corpus."""
    sources: Sequence[Source]
    looked_at: list[Source]
    plan: Plan
    order: list[str]
    every: set[str]
    events: list[dict]
    subjects: list[dict]
    pinned: dict[str, str]
    quick: bool
    seal: str | None  # the corpus sealed, to keep once claims.csv is written
    reason: str       # "quick: 3 of 100,000 sources changed …", "full: claims.csv edited since the last run"


def plan_run(cache: ExtractionCache | None, sources_dir: Path, claims_path: Path) -> RunPlan:
    """The run's plan, decided here and only here: quick (from the seal of the last run) where
    every condition holds, else full, with the first condition that failed as its reason. The
    conditions, in order: a trusted cache, claims.csv as the cache last wrote it, no table of a
    person's that files claims anew, then the seal's own (rerun.plan). A full plan then takes each
    source from the cache where its fingerprint holds (ExtractionCache.plan), and keeps its rows as
    bytes only where no pin or table files claims anew."""
    events, subjects = read_events(events_path(claims_path)), read_subjects(subjects_path(claims_path))
    in_force = tables_in_force(claims_path, events + subjects)
    key = manifest_key(sources_dir) if cache is not None else None
    since = time.time_ns()  # before any file is stat'ed (see cache.kept_stamp)
    quick = "no extraction cache (CI, --no-cache, or one this user may not trust)" if cache is None else \
        "no claims.csv yet" if not claims_path.exists() else \
        "claims.csv edited since the last run" if not cache.claims_unchanged(claims_path) else \
        "events.csv or subjects.csv file claims anew" if in_force else quick_plan(cache, sources_dir, key)
    if not isinstance(quick, str):
        for sid, language, row in quick.unread:  # as the manifest's reader says it on a full run
            warnings.warn(unread_language(language, f"{sources_dir / MANIFEST}:{row} ({sid})"), UnreadLanguage,
                          stacklevel=2)
        some = cache.plan(quick.changed)
        return RunPlan(quick.sources, quick.changed, Plan(some.cached, some.todo, quick.kept, some.digests),
                    quick.order, quick.every, events, subjects, {}, True, quick.seal,
                    f"quick: {len(quick.changed):,} of {len(quick.every):,} sources looked at again "
                    f"(changed since the last run, or modified too recently for their stamps to vouch for them)")
    sources = cache.sources(sources_dir, key) if cache else load_sources(sources_dir, read=False)
    pinned = pins(sources)
    filed = in_force or bool(pinned)
    plan = cache.plan(sources, None if filed else claims_path) if cache else Plan({}, list(sources))
    seal = seal_of(cache, key, sources, since) if cache and not filed else None
    return RunPlan(sources, sources, plan, sorted(s.source_id for s in sources), {s.source_id for s in sources},
                events, subjects, pinned, False, seal, f"full: {quick}")


def pins(sources: list[Source]) -> dict[str, str]:
    """Sources a person filed under an event (the optional `event` column of sources.csv)."""
    return {s.source_id: s.extra["event"].strip() for s in sources if (s.extra.get("event") or "").strip()}


def tables_in_force(claims_path: Path, records: list[dict]) -> bool:
    """Whether a person's rows of events.csv or subjects.csv rename subjects, or either file changed
    after claims.csv: then (as when a source is pinned to an event) no source's rows are kept as
    they stand (they are filed again from the cache)."""
    newer = claims_path.exists() and any(
        path.exists() and path.stat().st_mtime_ns > claims_path.stat().st_mtime_ns
        for path in (events_path(claims_path), subjects_path(claims_path)))
    return any(r["status"] != "extracted" for r in records) or newer
