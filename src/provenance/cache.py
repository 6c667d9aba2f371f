"""The extraction cache beside claims.csv: a source whose bytes and rules are unchanged is not
read again. One SQLite file (`.<claims file name>.cache.sqlite`), a row per source.

It also keeps what a quick re-run needs (see rerun.py): the manifest's snapshot, claims.csv's
layout, and the seal of the last run, which a trigger drops as soon as any of the tables that
hold the sources' fingerprints, extractions and written state changes, whoever changes it.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .sources import Source, sha256_file

if TYPE_CHECKING:
    from .splice import Layout

SCHEMA = """
drop table if exists extraction;
create table if not exists meta (key text primary key, value text not null);
create table if not exists written (source_id text primary key, sha256 text not null, rules text not null);
create table if not exists fingerprint (
    source_id text primary key,
    sha256 text not null,
    size integer not null,
    mtime_ns integer not null,
    language text not null,
    published text not null,
    rules text not null
);
create table if not exists extracted (source_id text primary key, rows text not null);
"""
SCHEMA += "".join(f"create trigger if not exists {table}_{event} after {event} on {table} "
                  f"begin delete from meta where key = 'seal'; end;\n"
                  for table in ("fingerprint", "extracted", "written") for event in ("insert", "update", "delete"))
FEW = 500  # fingerprints or rows of up to this many sources are looked up one by one, more in one pass
# Each source's fingerprint apart from its rows: a re-run reads every fingerprint (15 MB at 100k
# sources) and the rows of a few. One table, `extraction`, used to hold both, and reading the
# fingerprints read the whole file; it is dropped (its rules are another version's anyway).


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
        self.pending: list[tuple] = []

    @cached_property
    def known(self) -> dict[str, tuple]:
        """Each source's fingerprint (sha256, size, mtime_ns, language, published, rules), all
        read the first time they are asked for (a quick re-run asks for a few: `fingerprints`)."""
        return {r[0]: r[1:] for r in self.db.execute(
            "select source_id, sha256, size, mtime_ns, language, published, rules from fingerprint")}

    @cached_property
    def in_claims(self) -> dict[str, tuple[str, str]]:
        """The (sha256, rules) of each source's extraction that claims.csv holds, as last written."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("select source_id, sha256, rules from written")}

    def fingerprints(self, source_ids: list[str]) -> dict[str, tuple]:
        """The fingerprints of these sources (a few: looked up; many: all of them, read once)."""
        if "known" in self.__dict__ or len(source_ids) > FEW:  # (cached_property keeps it there)
            return self.known
        query = "select sha256, size, mtime_ns, language, published, rules from fingerprint where source_id = ?"
        return {sid: row for sid in source_ids if (row := self.db.execute(query, (sid,)).fetchone())}

    def fresh(self, source: Source, known: dict[str, tuple] | None = None) -> bool:
        """Whether the cached extraction of this source is for these very bytes and rules."""
        known = (self.known if known is None else known).get(source.source_id)
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
        if len(wanted) <= FEW:
            found = (r for sid in wanted for r in self.db.execute(
                "select source_id, rows from extracted where source_id = ?", (sid,)))
        else:
            found = self.db.execute("select source_id, rows from extracted")
        return {sid: json.loads(rows) for sid, rows in found if sid in wanted}

    def plan(self, sources: list[Source], claims_path: Path | None = None) -> Plan:
        """Which sources come from the cache, which are read again, which stay as they are in
        claims.csv (when `claims_path` is given and nobody edited it since it was written)."""
        known = self.fingerprints([s.source_id for s in sources])
        fresh = [s for s in sources if self.fresh(s, known)]
        kept = self._in_claims_file(fresh, known) if claims_path is not None and self.claims_unchanged(claims_path) \
            else frozenset()
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

    def _in_claims_file(self, sources: list[Source], known: dict[str, tuple]) -> frozenset[str]:
        """Those of these (cached) sources whose current extraction claims.csv, as last written,
        holds (a source cached by `check` but not yet extracted into claims.csv does not count)."""
        written = self.in_claims.get
        return frozenset(sid for s in sources if (w := written(sid := s.source_id)) is not None
                         and w[0] == (k := known[sid])[0] and w[1] == k[5])

    def claims_written(self, claims_path: Path, source_ids: set[str], layout: "Layout | None" = None,
                       changed: set[str] | None = None, sealed: bool = False) -> None:
        """Remember claims.csv as written now, its layout (see splice), and whose extractions it
        holds: every source's, or only the `changed` ones' anew (the others' stand). `sealed`:
        the corpus is the one the seal vouched for, so no source whose rows it holds has left."""
        stat = os.stat(claims_path)
        anew = list(changed if changed is not None else source_ids)
        known = self.fingerprints(anew)
        mine = [(sid, known[sid][0], known[sid][5]) for sid in anew if sid in known]
        with self.db:
            self.db.execute("insert or replace into meta values ('claims', ?)", (f"{stat.st_size}:{stat.st_mtime_ns}",))
            self.db.execute("insert or replace into meta values ('layout', ?)",
                            (layout.dumps() if layout else b"",))
            if changed is None:
                dropped = list(self.in_claims) if "in_claims" in self.__dict__ else []
                self.db.execute("delete from written")
            else:
                dropped = changed if sealed else [sid for sid in self.in_claims if sid not in source_ids or sid in changed]
                self.db.executemany("delete from written where source_id = ?", [(sid,) for sid in dropped])
            self.db.executemany("insert or replace into written values (?, ?, ?)", mine)
        if "in_claims" in self.__dict__:  # else read afresh when asked for
            for sid in dropped:
                self.in_claims.pop(sid, None)
            self.in_claims.update((sid, (sha, rules)) for sid, sha, rules in mine)

    def layout(self, claims_path: Path) -> "Layout | None":
        """claims.csv's layout as this cache wrote it, while nobody has edited the file since."""
        from .splice import Layout
        row = self.db.execute("select value from meta where key = 'layout'").fetchone()
        if not row or not row[0] or not self.claims_unchanged(claims_path):
            return None
        try:
            return Layout.loads(row[0])
        except (ValueError, TypeError, EOFError):  # another version's: read the file
            return None

    def store(self, source: Source, rows: list[dict], sha256: str | None = None) -> None:
        stat = os.stat(source.path)
        sha = sha256 or sha256_file(source.path)
        self.pending.append((source.source_id, sha, stat.st_size, stat.st_mtime_ns, source.language,
                             source.published, self.rules, json.dumps(rows, ensure_ascii=False, separators=(",", ":"))))

    def commit(self, keep: set[str] | None) -> None:
        """Write what was stored; forget sources no longer in the corpus (`keep`; None: the
        corpus the seal vouched for, which none has left)."""
        with self.db:
            self.db.executemany("insert or replace into fingerprint values (?, ?, ?, ?, ?, ?, ?)",
                                [row[:7] for row in self.pending])
            self.db.executemany("insert or replace into extracted values (?, ?)", [(row[0], row[7]) for row in self.pending])
            gone = [] if keep is None else [(sid,) for sid in self.known if sid not in keep]
            self.db.executemany("delete from fingerprint where source_id = ?", gone)
            self.db.executemany("delete from extracted where source_id = ?", gone)
        if "known" in self.__dict__:  # else read afresh when asked for
            for row in self.pending:
                self.known[row[0]] = (row[1], row[2], row[3], row[4], row[5], row[6])
            for (sid,) in gone:
                self.known.pop(sid, None)
        self.pending.clear()

    def meta(self, key: str) -> str | bytes | None:
        row = self.db.execute("select value from meta where key = ?", (key,)).fetchone()
        return row[0] if row else None

    def meta_size(self, key: str) -> int:
        row = self.db.execute("select length(value) from meta where key = ?", (key,)).fetchone()
        return row[0] if row else 0

    def keep_meta(self, key: str, value: str | None) -> None:
        with self.db:
            if value is None:
                self.db.execute("delete from meta where key = ?", (key,))
            else:
                self.db.execute("insert or replace into meta values (?, ?)", (key, value))

    def sources(self, sources_dir: Path, key: dict | None = None) -> list[Source]:
        """The corpus' sources, as load_sources(read=False) finds them, through the snapshot of
        the manifest kept here (see snapshot.py; `key`: its manifest_key); a new snapshot is kept
        at once."""
        from .snapshot import sources_through
        row = self.db.execute("select value from meta where key = 'manifest'").fetchone()
        kept = row[0] if row else None
        found, snapshot = sources_through(sources_dir, kept, key)
        if snapshot != kept:
            with self.db:
                self.db.execute("insert or replace into meta values ('manifest', ?)", (snapshot or b"",))
        return found

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
