"""What a check run reads, once: claims.csv (parsed once: the table, its rows as dicts, the line
each record starts on), the sources and their lazily read texts, where the baseline lives."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..claims import ClaimTable, read_claims_file
from ..sources import LazyTexts, Source, UnreadLanguage, load_sources


@dataclass(frozen=True)
class CheckInput:
    claims_path: Path
    sources_dir: Path
    baseline_path: Path
    claims: ClaimTable              # claims.csv as read, with its accessors
    sources: list[Source]
    texts: LazyTexts

    @property
    def table(self) -> pd.DataFrame:
        return self.claims.frame

    @property
    def lines(self) -> list[int]:
        """The line in claims.csv of each row of the table."""
        return self.claims.lines

    @property
    def records(self) -> list[dict]:
        return self.claims.rows

    def source_of(self) -> dict[str, str]:
        return self.claims.source_of


def load_input(claims_path: Path, sources_dir: Path, baseline_path: Path) -> CheckInput:
    claims_path, sources_dir = Path(claims_path), Path(sources_dir)
    with warnings.catch_warnings():  # `check` lists these itself (unread-language)
        warnings.simplefilter("ignore", UnreadLanguage)
        sources = load_sources(sources_dir, read=False)
    texts = LazyTexts.of(sources, strict=True)  # an unreadable source is bad input, named with its row
    claims = read_claims_file(claims_path, missing_ok=False)
    return CheckInput(claims_path, sources_dir, Path(baseline_path), claims, sources, texts)
