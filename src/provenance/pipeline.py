"""The main job's steps as functions: sources -> claims.csv (-> reports/, see compare)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .claims import merge, read_claims, rows_from_claims, write_claims
from .extraction.engine import extract_claims
from .sources import Source, load_sources, read_text


@dataclass
class ExtractResult:
    path: Path
    sources: list[Source]
    rows: int
    extracted: int
    kept_human: int
    by_attribute: Counter = field(default_factory=Counter)


def extract_source(source: Source) -> list[dict]:
    text = read_text(source.path, str(source.path))
    return rows_from_claims(extract_claims(source.source_id, text, source.language, source.published))


def extract(sources_dir: Path, claims_path: Path) -> ExtractResult:
    """Extract every source and merge into claims.csv, keeping every decision a person made.

    Every input is read and checked before anything is written; the write is atomic.
    """
    sources = load_sources(Path(sources_dir))
    existing = read_claims(Path(claims_path))
    fresh: list[dict] = []
    for source in sources:
        fresh.extend(extract_source(source))
    order = sorted(s.source_id for s in sources)
    table = merge(existing, fresh, order)
    write_claims(table, Path(claims_path))
    human = int(table["status"].isin(["confirmed", "rejected", "manual"]).sum())
    return ExtractResult(Path(claims_path), sources, len(table), len(fresh), human,
                         Counter(table["attribute"]))


@dataclass
class CompareResult:
    comparison: object
    paths: list[Path]


def load_corpus(sources_dir: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Sources' metadata and texts, for the comparison and the reports."""
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        return {}, {}
    sources = load_sources(sources_dir)
    return ({s.source_id: s.meta() for s in sources},
            {s.source_id: read_text(s.path, str(s.path)) for s in sources})


def compare(claims_path: Path, sources_dir: Path, reports_dir: Path) -> CompareResult:
    """Compare the claims in claims.csv and write reports/ (json, md, csv, html)."""
    from .compare import compare as run_compare
    from .report import write_reports
    table = read_claims(Path(claims_path), missing_ok=False)
    meta, texts = load_corpus(sources_dir)
    for sid in sorted(set(table["source_id"]) - set(meta)):
        meta[sid] = {"source_id": sid}
    comparison = run_compare(table, meta, texts)
    paths = write_reports(comparison, meta, texts, Path(reports_dir))
    return CompareResult(comparison, paths)
