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
