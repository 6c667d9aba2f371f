"""The main job's steps as functions: sources -> claims.csv (-> reports/, see compare)."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .claims import merge, read_claims, rows_from_claims, write_claims
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
                 use_cache: bool = True, progress: bool = False, mapper=None) -> tuple[dict[str, list[dict]], int]:
    """Rows per source: from the cache where the source and the rules are unchanged, else
    extracted, on `jobs` processes. Returns (rows by source id, how many were extracted)."""
    from .cache import ExtractionCache
    from .extraction.engine import rules_version
    cache = ExtractionCache(claims_path, rules_version()) if (use_cache and claims_path) else None
    rows: dict[str, list[dict]] = {}
    todo: list[Source] = []
    try:
        for source in sources:
            hit = cache.lookup(source) if cache else None
            if hit is None:
                todo.append(source)
            else:
                rows[source.source_id] = hit
        jobs = jobs or default_jobs()
        pairs = mapper(_extract_with_hash, todo) if mapper else _map(_extract_with_hash, todo, jobs, progress)
        for source, (found, sha) in pairs:
            rows[source.source_id] = found
            if cache:
                cache.store(source, found, sha)
        if cache:
            cache.commit({s.source_id for s in sources})
    finally:
        if cache:
            cache.close()
    return rows, len(todo)


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
    unchanged since the last run (same bytes, same rules) come from the cache beside claims.csv.
    """
    sources = load_sources(Path(sources_dir), read=False)
    by_source, extracted = extract_rows(sources, Path(claims_path), jobs, use_cache, progress, mapper)
    existing = read_claims(Path(claims_path))
    fresh = [row for s in sources for row in by_source[s.source_id]]
    order = sorted(s.source_id for s in sources)
    table = merge(existing, fresh, order)
    write_claims(table, Path(claims_path))
    human = int(table["status"].isin(["confirmed", "rejected", "manual"]).sum())
    return ExtractResult(Path(claims_path), sources, len(table), extracted, human, Counter(table["attribute"]))


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
