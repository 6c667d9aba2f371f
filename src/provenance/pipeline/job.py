"""The main job's steps as functions: sources -> claims.csv (-> reports/, see compare).

Extraction walks down once: ask the cache what it holds, extract what is missing, merge with
the rows people touched, write claims.csv, then tell the cache what was written.
"""
from __future__ import annotations

import hashlib
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

import pandas as pd

from ..incremental import (ExtractionCache, Layout, Plan, Spliced, blocks_of, claims_header as csv_header, code_digest,
                           kept_stamp, pins, plan_run, rewrite, trusted, write_blocks)
from ..claims import merge, read_claims_file, rows_from_claims, sort_claims, validated, written_columns
from ..filing import (derive, derive_subjects, events_path, file_under_events, file_under_subjects, read_events,
                      read_subjects, subjects_path, write_events, write_subjects)
from ..extraction import extract_claims, is_read, rules_version
from ..workers import PARALLEL_MIN, Local, Workers, default_jobs, many_objects
from ..sources import Source, SourceWarning, Stamp, load_corpus, read_source

SMALL_RUN = 200         # fewer sources than this are shared out a language to a worker (see _by_language)


@dataclass(frozen=True)
class ExtractResult:
    path: Path
    sources: Sequence[Source]
    rows: int
    extracted: int
    kept_human: int
    plan: str = ""  # quick or full, and why (run -v)


def extract_source(source: Source) -> tuple[list[dict], str, Stamp]:
    """The claims.csv rows of one source (read, checked and extracted), the sha256 of the bytes
    read and the file's stamp before: the cache keeps the rows under these (and under cache_key,
    which covers what this calls)."""
    text, sha, stamp = read_source(source.path, str(source.manifest_path or source.path), source.row)
    if not is_read(source.language):  # no rules read it: skipped, as the manifest's reader warned
        return [], sha, stamp
    return rows_from_claims(extract_claims(source.source_id, text, source.language, source.published)), sha, stamp


def _extract_with_hash(source: Source) -> tuple[list[dict], str, Stamp, float]:
    """A source's rows, the sha256 of the bytes read, the stamp to keep of them and the seconds taken."""
    start, since = time.perf_counter(), time.time_ns()
    rows, sha, stamp = extract_source(source)
    return rows, sha, kept_stamp(stamp, since), time.perf_counter() - start


def cache_key() -> str:
    """What the cache's rows are made by, besides a source's bytes, language and date: the rules
    files and the code extract_source reaches (see code_key). A cached row is used only under it."""
    return hashlib.sha256(f"{rules_version()}\0{_code_of_rows()}".encode()).hexdigest()[:16]


@lru_cache(maxsize=None)
def _code_of_rows() -> str:
    return code_digest(extract_source)


def source_budget() -> float:
    """Seconds one source may take before a warning names it ($PROVENANCE_SOURCE_BUDGET, 20; 0
    names every source)."""
    from ..plumbing import seconds
    return seconds("PROVENANCE_SOURCE_BUDGET", 20.0, zero_ok=True)



def open_cache(claims_path: Path) -> ExtractionCache | None:
    """The extraction cache beside claims.csv, or None where it is not to be trusted (CI, or a
    cache file committed to git: a warning says so)."""
    ok, why = trusted(Path(claims_path))
    if why:
        warnings.warn(why, SourceWarning, stacklevel=2)
    return ExtractionCache(claims_path, cache_key()) if ok else None


def _read(todo: list[Source], cache: ExtractionCache | None, jobs: int | None, progress: bool,
          workers: Workers | None) -> tuple[dict[str, list[dict]], dict[str, str]]:
    """Extract these sources (on `jobs` processes of this machine, or on `workers`), storing each in the
    cache: their rows, and the sha256 of the bytes each was read from."""
    jobs = jobs or default_jobs()
    budget = source_budget()  # read first: a bad value stops the run before any work
    if workers:
        pairs = workers.map(_extract_with_hash, todo)
    elif jobs > 1 and PARALLEL_MIN <= len(todo) < SMALL_RUN:
        pairs = _by_language(todo, jobs)
    else:
        pairs = Local(jobs, progress).map(_extract_with_hash, todo)
    out, digests = {}, {}
    for source, (found, sha, stamp, seconds) in pairs:
        if seconds > budget:
            warnings.warn(f"{source.path}: extraction took {seconds:.1f} s, over the {budget:g} s budget "
                          f"(PROVENANCE_SOURCE_BUDGET); is it one very long line, or very many figures?",
                          SourceWarning, stacklevel=2)
        out[source.source_id], digests[source.source_id] = found, sha
        if cache:
            cache.store(source, found, sha, stamp)
    return out, digests


def _by_language(todo: list[Source], jobs: int):
    """(source, extraction) for a few sources on `jobs` processes, each given whole languages
    where it can: a worker compiles the rules of each language it reads (0.2-0.3 s, as long as
    extracting 40 articles), so a re-run after a few changed articles in two languages would
    otherwise compile both in every worker."""
    by_language: dict[str, list[Source]] = {}
    for source in todo:
        by_language.setdefault(source.language, []).append(source)
    batches = []
    for group in by_language.values():
        size = -(-len(group) // max(1, round(jobs * len(group) / len(todo))))
        batches += [group[i:i + size] for i in range(0, len(group), size)]
    batches.sort(key=len, reverse=True)
    for batch, found in Local(jobs, parallel_min=2).map(_extract_batch, batches):
        yield from zip(batch, found)


def _extract_batch(batch: list[Source]) -> list[tuple[list[dict], str, Stamp, float]]:
    return [_extract_with_hash(source) for source in batch]



def extract_rows(sources: list[Source], claims_path: Path | None, jobs: int | None = None,
                 use_cache: bool = True) -> tuple[dict[str, list[dict]], int]:
    """Rows per source, from the cache where the source and the rules are unchanged, else
    extracted (what `check` compares claims.csv with). Returns (rows by source id, how many read)."""
    cache = open_cache(claims_path) if use_cache and claims_path is not None else None
    try:
        plan = cache.plan(sources) if cache else Plan({}, list(sources))
        rows = dict(plan.cached)
        rows.update(_read(plan.todo, cache, jobs, False, None)[0])
        if claims_path is not None:
            events, pinned = read_events(events_path(claims_path)), pins(sources)
            subjects = read_subjects(subjects_path(claims_path))
            rows = {sid: file_under_subjects(file_under_events(found, events, pinned), subjects)
                    for sid, found in rows.items()}
        if cache:
            cache.commit({s.source_id for s in sources})
    finally:
        if cache:
            cache.close()
    return rows, len(plan.todo)


def extract(sources_dir: Path, claims_path: Path, jobs: int | None = None, use_cache: bool = True,
            progress: bool = False, workers: Workers | None = None) -> ExtractResult:
    """Extract every source and merge into claims.csv, keeping every decision a person made.

    Every input is read and checked before anything is written; the write is atomic. Sources
    unchanged since the last run (same bytes, same rules) come from the cache beside claims.csv;
    when claims.csv itself is unchanged since that run, their rows are kept as they stand and
    only the other sources' rows are merged again (after a few changed files in a sealed corpus,
    without looking at the others as sources: see rerun.py).
    """
    claims_path = Path(claims_path)
    with many_objects():  # a source per manifest row, the cache's entries, claims.csv's rows: no cycles
        cache = open_cache(claims_path) if use_cache else None
        try:
            run = plan_run(cache, Path(sources_dir), claims_path)
            plan = run.plan
            rows = dict(plan.cached)
            read, digests = _read(plan.todo, cache, jobs, progress, workers)
            rows.update(read)
            altered = _altered(run.looked_at, {**plan.digests, **digests})
            rows = {sid: file_under_subjects(file_under_events(found, run.events, run.pinned), run.subjects)
                    for sid, found in rows.items()}
            fresh = [row for s in run.looked_at if s.source_id not in plan.kept for row in rows[s.source_id]]
            write = partial(_write_tables, claims_path, run.events, run.subjects)
            layout = cache.layout(claims_path) if cache and plan.kept else None
            done = rewrite(claims_path, layout, plan.kept, fresh, run.order, write) if layout else None
            spliced = done is not None
            if not spliced:
                done = _rewrite_whole(claims_path, fresh, plan.kept, run.order, write)
            if cache:
                cache.commit(None if run.quick else run.every)
                cache.claims_written(claims_path, run.every, done.layout, run.every - plan.kept if spliced else None,
                                     sealed=run.quick)
                cache.keep_meta("seal", None if altered else run.seal)
        finally:
            if cache:
                cache.close()
    return ExtractResult(claims_path, run.sources, done.rows, len(plan.todo), done.human, run.reason)


def _altered(sources: list[Source], digests: dict[str, str]) -> list[Source]:
    """The sources whose bytes (as read, or as the cache knows them) are not those the sha256 of
    their manifest row pins, each named in a warning: `check` fails on them until the new text
    is reviewed and its hash recorded (`check --fix`)."""
    altered = [s for s in sources if s.row is not None and s.sha256
               and s.sha256.lower() != digests.get(s.source_id, s.sha256.lower())]
    for s in altered:
        warnings.warn(f"{s.path} is not the file {s.manifest_path}:{s.row} pins (sha256 {digests[s.source_id][:12]}…, "
                      f"pinned {s.sha256[:12]}…): its claims are read from it as it is now; `provenance check` "
                      f"fails until `provenance check --fix` records its hash (once the text is reviewed)",
                      SourceWarning, stacklevel=3)
    return altered



def _write_tables(claims_path: Path, events: list[dict], subjects: list[dict],
                  named: set[tuple[str, str, str, str]]) -> None:
    """events.csv and subjects.csv anew from the (source id, kind, subject, place) claims.csv's
    rows name (see events.mentions)."""
    # before claims.csv: a person's later edit of them is what makes them newer than claims.csv
    write_subjects(subjects_path(claims_path), derive_subjects(
        ((sid, kind, subject) for sid, kind, subject, _ in named if kind != "event"), subjects))
    write_events(events_path(claims_path), derive({(subject, place) for _, kind, subject, place in named
                                                   if kind == "event"}, events))


def _rewrite_whole(claims_path: Path, fresh: list[dict], kept: frozenset[str], order: list[str],
                   write_tables) -> Spliced:
    """claims.csv read, checked, merged with the fresh rows and written whole."""
    existing = validated(read_claims_file(claims_path), str(claims_path)).frame
    table = _merged(existing, fresh, kept, order)
    columns = written_columns(table)
    blocks = blocks_of(table, columns)
    write_tables({(b.source_id, *named) for b in blocks for named in b.named})
    head = csv_header(columns)
    write_blocks(claims_path, head, [b.data for b in blocks])
    return Spliced(Layout.of(head, blocks), len(table), sum(b.human for b in blocks))



def _merged(existing: pd.DataFrame, fresh: list[dict], kept: frozenset[str], order: list[str]) -> pd.DataFrame:
    """claims.csv anew: the rows of `kept` sources as they stand, the others merged afresh."""
    if not kept:
        return merge(existing, fresh, order)
    inside = ~existing["source_id"].isin(kept)
    table = merge(existing[inside].reset_index(drop=True), fresh, order)
    return sort_claims(pd.concat([existing[~inside], table], ignore_index=True), order)


@dataclass(frozen=True)
class CompareResult:
    comparison: object
    paths: list[Path]
    in_file: int = 0     # claims.csv's rows: compared, rejected by a person, or without a figure
    rejected: int = 0



def compare(claims_path: Path, sources_dir: Path, reports_dir: Path, workers: Workers | None = None,
            jobs: int | None = None, lang: str | None = None) -> CompareResult:
    """Compare the claims in claims.csv (on `jobs` processes when there are many) and write
    reports/ (json, md, csv, html), their prose in `lang` (default: as they are written)."""
    from ..compare import compare as run_compare, compare_on
    from ..report import write_reports
    with many_objects():
        claims = validated(read_claims_file(Path(claims_path), missing_ok=False), str(claims_path))
        meta, texts = load_corpus(sources_dir, claims.frame)
        comparison = (compare_on(workers, claims.frame, meta, texts) if workers
                      else run_compare(claims.frame, meta, texts, jobs=jobs))
        paths = write_reports(comparison, meta, texts, Path(reports_dir), rejected=claims.rejected, lang=lang,
                              in_file=len(claims))
    return CompareResult(comparison, paths, len(claims), claims.rejected)
