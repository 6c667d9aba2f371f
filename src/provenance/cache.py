"""The extraction cache beside claims.csv: a source whose bytes and rules are unchanged is not
read again. One SQLite file (`.<claims file name>.cache.sqlite`), a row per source."""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from .sources import Source, sha256_file

SCHEMA = """
create table if not exists extraction (
    source_id text primary key,
    sha256 text not null,
    size integer not null,
    mtime_ns integer not null,
    language text not null,
    published text not null,
    rules text not null,
    rows text not null
)
"""


def cache_path(claims_path: Path) -> Path:
    claims_path = Path(claims_path)
    return claims_path.with_name(f".{claims_path.name}.cache.sqlite")


class ExtractionCache:
    def __init__(self, claims_path: Path, rules: str):
        self.path = cache_path(claims_path)
        self.rules = rules
        self.db = None
        try:
            self.db = sqlite3.connect(self.path)
            self.db.execute(SCHEMA)
        except sqlite3.DatabaseError:  # a broken cache is only a slower run: start a new one
            if self.db is not None:
                self.db.close()
            self.path.unlink(missing_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute(SCHEMA)
        self.known = {r[0]: r[1:] for r in self.db.execute(
            "select source_id, sha256, size, mtime_ns, language, published, rules from extraction")}
        self.pending: list[tuple] = []

    def lookup(self, source: Source) -> list[dict] | None:
        """The rows extracted earlier from this very text under these rules, or None."""
        known = self.known.get(source.source_id)
        if not known:
            return None
        sha, size, mtime_ns, language, published, rules = known
        if (language, published, rules) != (source.language, source.published, self.rules):
            return None
        try:
            stat = os.stat(source.path)
        except OSError:
            return None
        same_file = stat.st_size == size and stat.st_mtime_ns == mtime_ns
        if same_file and (not source.sha256 or source.sha256 == sha):
            pass
        elif stat.st_size != size or sha256_file(source.path) != sha:
            return None
        row = self.db.execute("select rows from extraction where source_id = ?", (source.source_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def store(self, source: Source, rows: list[dict], sha256: str | None = None) -> None:
        stat = os.stat(source.path)
        sha = sha256 or sha256_file(source.path)
        self.pending.append((source.source_id, sha, stat.st_size, stat.st_mtime_ns, source.language,
                             source.published, self.rules, json.dumps(rows, ensure_ascii=False, separators=(",", ":"))))

    def commit(self, keep: set[str]) -> None:
        """Write what was stored; forget sources no longer in the corpus."""
        with self.db:
            self.db.executemany("insert or replace into extraction values (?, ?, ?, ?, ?, ?, ?, ?)", self.pending)
            gone = [(sid,) for sid in self.known if sid not in keep]
            self.db.executemany("delete from extraction where source_id = ?", gone)
        self.pending.clear()

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
