"""The main job's steps as functions: sources -> claims.csv (-> reports/, see compare)."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .claims import merge, read_claims, rows_from_claims, sort_claims, write_claims
from .extraction.engine import extract_claims
from .sources import Source, load_sources, read_text, sha256_file


@dataclass
class ExtractResult:
    path: Path
    sources: list[Source]
    rows: int
    extracted: int
    kept_human: int
    by_attribute: Counter = field(default_factory=Counter)


def extract_source(source: Source) -> list[dict]:
    """The claims.csv rows of one source (read, checked and extracted)."""
    text = read_text(source.path, str(source.manifest_path or source.path), source.row)
    return rows_from_claims(extract_claims(source.source_id, text, source.language, source.published))


def _extract_with_hash(source: Source) -> tuple[list[dict], str]:
    return extract_source(source), sha256_file(source.path)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def extract_rows(sources: list[Source], claims_path: Path | None, jobs: int | None = None,
                 use_cache: bool = True, progress: bool = False, mapper=None,
                 cache=None) -> tuple[dict[str, list[dict]], int]:
    """Rows per source: from the cache where the source and the rules are unchanged, else
    extracted, on `jobs` processes. Returns (rows by source id, how many were extracted)."""
    own = cache is None and use_cache and claims_path is not None
    if own:
        cache = open_cache(claims_path)
    try:
        todo = [s for s in sources if not (cache and cache.fresh(s))]
        pending = {s.source_id for s in todo}
        rows = cache.rows([s.source_id for s in sources if s.source_id not in pending]) if cache else {}
        todo += [s for s in sources if s.source_id not in pending and s.source_id not in rows]
        found = _extract_many(todo, cache, jobs, progress, mapper)
        rows.update(found)
        if cache:
            cache.commit({s.source_id for s in sources})
    finally:
        if own and cache:
            cache.close()
    return rows, len(todo)


def open_cache(claims_path: Path):
    from .cache import ExtractionCache
    from .extraction.engine import rules_version
    return ExtractionCache(claims_path, rules_version())


def _extract_many(todo: list[Source], cache, jobs: int | None, progress: bool, mapper) -> dict[str, list[dict]]:
    jobs = jobs or default_jobs()
    pairs = mapper(_extract_with_hash, todo) if mapper else _map(_extract_with_hash, todo, jobs, progress)
    out = {}
    for source, (found, sha) in pairs:
        out[source.source_id] = found
        if cache:
            cache.store(source, found, sha)
    return out


def _map(fn, items: list, jobs: int, progress: bool):
    """(item, fn(item)) for each item, on `jobs` processes when there is enough work."""
    if jobs <= 1 or len(items) < 8:
        results = ((item, fn(item)) for item in items)
    else:
        from concurrent.futures import ProcessPoolExecutor
        pool = ProcessPoolExecutor(max_workers=jobs)
        chunk = max(1, min(64, len(items) // (jobs * 8)))
        results = zip(items, pool.map(fn, items, chunksize=chunk))
    if progress and len(items) >= 200:
        from rich.progress import Progress
        with Progress(transient=True) as bar:
            task = bar.add_task("extracting", total=len(items))
            for pair in results:
                bar.advance(task)
                yield pair
    else:
        yield from results
    if jobs > 1 and len(items) >= 8:
        pool.shutdown()


def extract(sources_dir: Path, claims_path: Path, jobs: int | None = None, use_cache: bool = True,
            progress: bool = False, mapper=None) -> ExtractResult:
    """Extract every source and merge into claims.csv, keeping every decision a person made.

    Every input is read and checked before anything is written; the write is atomic. Sources
    unchanged since the last run (same bytes, same rules) come from the cache beside claims.csv;
    when claims.csv itself is unchanged since that run, their rows are kept as they stand and
    only the changed sources' rows are merged again.
    """
    claims_path = Path(claims_path)
    sources = load_sources(Path(sources_dir), read=False)
    order = sorted(s.source_id for s in sources)
    cache = open_cache(claims_path) if use_cache else None
    try:
        if cache and cache.claims_unchanged(claims_path):
            changed = [s for s in sources if not (cache.fresh(s) and cache.in_claims_file(s))]
            fresh_rows = _extract_many(changed, cache, jobs, progress, mapper)
            existing = read_claims(claims_path)
            scope = {s.source_id for s in changed} | (set(existing["source_id"]) - set(order))
            fresh = [row for s in changed for row in fresh_rows[s.source_id]]
            inside = existing["source_id"].isin(scope)
            table = merge(existing[inside].reset_index(drop=True), fresh, order)
            table = sort_claims(pd.concat([existing[~inside], table], ignore_index=True), order)
            extracted = len(changed)
        else:
            by_source, extracted = extract_rows(sources, claims_path, jobs, use_cache, progress, mapper, cache=cache)
            fresh = [row for s in sources for row in by_source[s.source_id]]
            existing = read_claims(claims_path)
            table = merge(existing, fresh, order)
        write_claims(table, claims_path)
        if cache:
            cache.commit({s.source_id for s in sources})
            cache.claims_written(claims_path, {s.source_id for s in sources})
    finally:
        if cache:
            cache.close()
    human = int(table["status"].isin(["confirmed", "rejected", "manual"]).sum())
    return ExtractResult(claims_path, sources, len(table), extracted, human, Counter(table["attribute"]))


@dataclass
class CompareResult:
    comparison: object
    paths: list[Path]


def load_corpus(sources_dir: Path):
    """Sources' metadata and (lazily read) texts, for the comparison and the reports."""
    from .sources import LazyTexts
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        return {}, LazyTexts({})
    sources = load_sources(sources_dir, read=False)
    return {s.source_id: s.meta() for s in sources}, LazyTexts.of(sources)


def compare(claims_path: Path, sources_dir: Path, reports_dir: Path, comparer=None) -> CompareResult:
    """Compare the claims in claims.csv and write reports/ (json, md, csv, html)."""
    from .compare import compare as run_compare
    from .report import write_reports
    table = read_claims(Path(claims_path), missing_ok=False)
    meta, texts = load_corpus(sources_dir)
    for sid in sorted(set(table["source_id"]) - set(meta)):
        meta[sid] = {"source_id": sid}
    comparison = (comparer or run_compare)(table, meta, texts)
    paths = write_reports(comparison, meta, texts, Path(reports_dir))
    return CompareResult(comparison, paths)
