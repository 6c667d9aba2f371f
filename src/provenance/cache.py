"""The extraction cache beside claims.csv: a source whose bytes and rules are unchanged is not
read again. One SQLite file (`.<claims file name>.cache.sqlite`), a row per source."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .sources import Source, sha256_file

if TYPE_CHECKING:
    from .splice import Layout

SCHEMA = """
create table if not exists meta (key text primary key, value text not null);
create table if not exists written (source_id text primary key, sha256 text not null, rules text not null);
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


def trusted(claims_path: Path) -> tuple[bool, str]:
    """Whether the cache beside claims.csv may be used, and why not: never in CI (CI=true), where a
    committed cache could stand in for an extraction, and never when git tracks the file."""
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        return False, ""
    path = cache_path(claims_path)
    if not path.exists():
        return True, ""
    try:
        tracked = subprocess.run(["git", "ls-files", "--error-unmatch", path.name], cwd=path.parent,
                                 capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        tracked = False
    if tracked:
        return False, f"{path} is tracked by git: ignored (it is a local cache; remove it from the repository)"
    return True, ""


def cache_path(claims_path: Path) -> Path:
    claims_path = Path(claims_path)
    return claims_path.with_name(f".{claims_path.name}.cache.sqlite")


@dataclass(frozen=True)
class Plan:
    """What a run needs, from one look at the cache: rows it holds, sources to extract, and the
    sources whose rows in claims.csv stand as they are (claims.csv unchanged since written)."""
    cached: dict[str, list[dict]]
    todo: list[Source]
    kept: frozenset[str] = frozenset()


class ExtractionCache:
    def __init__(self, claims_path: Path, rules: str):
        self.path = cache_path(claims_path)
        self.rules = rules
        self.db = None
        try:
            self.db = sqlite3.connect(self.path)
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError:  # a broken cache is only a slower run: start a new one
            if self.db is not None:
                self.db.close()
            self.path.unlink(missing_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.executescript(SCHEMA)
        self.known = {r[0]: r[1:] for r in self.db.execute(
            "select source_id, sha256, size, mtime_ns, language, published, rules from extraction")}
        self.pending: list[tuple] = []
        self.in_claims = {r[0]: (r[1], r[2]) for r in self.db.execute("select source_id, sha256, rules from written")}

    def fresh(self, source: Source) -> bool:
        """Whether the cached extraction of this source is for these very bytes and rules."""
        known = self.known.get(source.source_id)
        if not known:
            return False
        sha, size, mtime_ns, language, published, rules = known
        if (language, published, rules) != (source.language, source.published, self.rules):
            return False
        if source.seen is not None:  # stat'ed as the manifest was read, a moment ago
            now_size, now_mtime_ns = source.seen
        else:
            try:
                stat = os.stat(source.path)
            except OSError:
                return False
            now_size, now_mtime_ns = stat.st_size, stat.st_mtime_ns
        if now_size == size and now_mtime_ns == mtime_ns and (not source.sha256 or source.sha256 == sha):
            return True
        return now_size == size and sha256_file(source.path) == sha

    def rows(self, source_ids: list[str]) -> dict[str, list[dict]]:
        """The cached rows of many sources at once (a few: looked up; many: one pass over the table)."""
        wanted = set(source_ids)
        if len(wanted) <= 500:
            found = (r for sid in wanted for r in self.db.execute(
                "select source_id, rows from extraction where source_id = ?", (sid,)))
        else:
            found = self.db.execute("select source_id, rows from extraction")
        return {sid: json.loads(rows) for sid, rows in found if sid in wanted}

    def plan(self, sources: list[Source], claims_path: Path | None = None) -> Plan:
        """Which sources come from the cache, which are read again, which stay as they are in
        claims.csv (when `claims_path` is given and nobody edited it since it was written)."""
        fresh = [s for s in sources if self.fresh(s)]
        kept = frozenset(s.source_id for s in fresh if self.in_claims_file(s)) \
            if claims_path is not None and self.claims_unchanged(claims_path) else frozenset()
        cached = self.rows([s.source_id for s in fresh if s.source_id not in kept])
        return Plan(cached, [s for s in sources if s.source_id not in kept and s.source_id not in cached], kept)

    def claims_unchanged(self, claims_path: Path) -> bool:
        """Whether claims.csv is the very file this cache saw written (nobody edited it since)."""
        row = self.db.execute("select value from meta where key = 'claims'").fetchone()
        try:
            stat = os.stat(claims_path)
        except OSError:
            return False
        return bool(row) and row[0] == f"{stat.st_size}:{stat.st_mtime_ns}"

    def in_claims_file(self, source: Source) -> bool:
        """Whether claims.csv, as last written, holds this source's current extraction (a
        source cached by `check` but not yet extracted into claims.csv does not count)."""
        known = self.known.get(source.source_id)
        return bool(known) and self.in_claims.get(source.source_id) == (known[0], known[5])

    def claims_written(self, claims_path: Path, source_ids: set[str], layout: "Layout | None" = None,
                       changed: set[str] | None = None) -> None:
        """Remember claims.csv as written now, its layout (see splice), and whose extractions it
        holds: every source's, or only the `changed` ones' anew (the others' stand)."""
        stat = os.stat(claims_path)
        mine = [(sid, self.known[sid][0], self.known[sid][5]) for sid in (changed if changed is not None else source_ids)
                if sid in self.known]
        with self.db:
            self.db.execute("insert or replace into meta values ('claims', ?)", (f"{stat.st_size}:{stat.st_mtime_ns}",))
            self.db.execute("insert or replace into meta values ('layout', ?)",
                            (layout.dumps() if layout else "",))
            if changed is None:
                self.db.execute("delete from written")
            else:
                self.db.executemany("delete from written where source_id = ?",
                                    [(sid,) for sid in self.in_claims if sid not in source_ids or sid in changed])
            self.db.executemany("insert or replace into written values (?, ?, ?)", mine)

    def layout(self, claims_path: Path) -> "Layout | None":
        """claims.csv's layout as this cache wrote it, while nobody has edited the file since."""
        from .splice import Layout
        row = self.db.execute("select value from meta where key = 'layout'").fetchone()
        if not row or not row[0] or not self.claims_unchanged(claims_path):
            return None
        try:
            return Layout.loads(row[0])
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):  # another version's: read the file
            return None

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
        for row in self.pending:
            self.known[row[0]] = (row[1], row[2], row[3], row[4], row[5], row[6])
        for (sid,) in gone:
            self.known.pop(sid, None)
        self.pending.clear()

    def sources(self, sources_dir: Path) -> list[Source]:
        """The corpus' sources, as load_sources(read=False) finds them, through the snapshot of
        the manifest kept here (see snapshot.py); a new snapshot is kept at once."""
        from .snapshot import sources_through
        row = self.db.execute("select value from meta where key = 'manifest'").fetchone()
        kept = row[0] if row else None
        found, snapshot = sources_through(sources_dir, kept)
        if snapshot != kept:
            with self.db:
                self.db.execute("insert or replace into meta values ('manifest', ?)", (snapshot or "",))
        return found

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
