"""The extraction cache beside claims.csv: a source whose bytes and rules are unchanged is not
read again. One SQLite file (`.<claims file name>.cache.sqlite`), a row per source.

It also keeps what a quick re-run needs (see rerun.py): the manifest's snapshot, claims.csv's
layout, and the seal of the last run, which a trigger drops as soon as any of the tables that
hold the sources' fingerprints, extractions and written state changes, whoever changes it.

A source's fingerprint is the sha256 of the bytes its rows were read from and the file's stamp
(size, modification and status-change times, inode) taken before they were read: while the
file shows that stamp, its bytes are taken to be those. Of a stamp taken within RACY_NS of a
modification only the size is kept (git's racy entries): an edit in the same tick of the file
system's clock would leave the stamp as it was, so the file is hashed again the next time.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .cache_owner import may_stand_in, owner_mark, tracked_by_git
from ..sources import Source, Stamp, sha256_file, stamp_of

if TYPE_CHECKING:
    from .splice import Layout

VERSION = 2  # SQLite's user_version; 2: stamps with status-change time and inode (a racy one: its size alone)
SCHEMA = """
drop table if exists extraction;
create table if not exists meta (key text primary key, value text not null);
create table if not exists written (source_id text primary key, sha256 text not null, rules text not null);
create table if not exists fingerprint (
    source_id text primary key,
    sha256 text not null,
    size integer,
    mtime_ns integer,
    ctime_ns integer,
    inode integer,
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
RACY_NS = 2 * 10**9  # a file modified this soon before its stamp was taken is looked at again (FAT: 2 s ticks)
FINGERPRINT = "sha256, size, mtime_ns, ctime_ns, inode, language, published, rules"
SHA, RULES = 0, 7    # where a fingerprint holds the digest and the rules


def kept_stamps(stamps: list[Stamp], since: int) -> list[Stamp]:
    """The stamps to keep of files stat'ed after `since` (time.time_ns()): a file's size alone when
    it was modified (or its status changed) too shortly before for its stamp to vouch for its bytes."""
    limit = since - RACY_NS
    return [s if s[1] < limit and s[2] < limit else (s[0], None, None, None) for s in stamps]


def kept_stamp(stamp: Stamp, since: int) -> Stamp:
    return kept_stamps([stamp], since)[0]


def trusted(claims_path: Path) -> tuple[bool, str]:
    """Whether the cache beside claims.csv may be used, and why not: never in CI (CI=true), where a
    committed cache could stand in for an extraction; never when git tracks the file; and where
    git cannot say (no git, no repository, one of "dubious ownership"), only a cache that bears
    this user's mark (see owner_mark), so that one made by anybody else never stands in."""
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        return False, ""
    path = cache_path(claims_path)
    if not path.exists():
        return True, ""
    tracked = tracked_by_git(path)
    if tracked:
        return False, f"{path} is tracked by git: ignored (it is a local cache; remove it from the repository)"
    if tracked is None and not may_stand_in(path, VERSION):
        return False, (f"{path} is ignored: git cannot say whether it is tracked, and it bears no mark of this "
                       f"user's runs (remove it, and the next run builds one of its own)")
    return True, ""


def _claims_stamp(stamp: Stamp) -> str:
    return ":".join(map(str, stamp))


def cache_path(claims_path: Path) -> Path:
    claims_path = Path(claims_path)
    return claims_path.with_name(f".{claims_path.name}.cache.sqlite")


def _opened(path: Path) -> sqlite3.Connection:
    """The cache file, its tables as this version keeps them (another version's are dropped)."""
    db = sqlite3.connect(path)
    try:
        if db.execute("pragma user_version").fetchone()[0] != VERSION:
            db.executescript("".join(f"drop table if exists {table};\n"
                                     for table in ("meta", "written", "fingerprint", "extracted")))
            db.execute(f"pragma user_version = {VERSION}")
        db.executescript(SCHEMA)
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


@dataclass(frozen=True)
class Plan:
    """What a run needs, from one look at the cache: rows it holds, sources to extract, the
    sources whose rows in claims.csv stand as they are (claims.csv unchanged since written), and
    the sha256 of the bytes the cache's rows (or claims.csv's) of each of the others were read from."""
    cached: dict[str, list[dict]]
    todo: list[Source]
    kept: frozenset[str] = frozenset()
    digests: dict[str, str] = field(default_factory=dict)


class ExtractionCache:
    def __init__(self, claims_path: Path, rules: str):
        self.path = cache_path(claims_path)
        self.rules = rules
        try:
            self.db = _opened(self.path)
        except sqlite3.DatabaseError:  # a broken cache is only a slower run: start a new one
            self.path.unlink(missing_ok=True)
            self.db = _opened(self.path)
        mark = owner_mark(self.path)
        if mark is not None and self.meta("owner") != mark:
            self.keep_meta("owner", mark)
        self.pending: list[tuple] = []
        self.restamped: list[tuple] = []

    @cached_property
    def known(self) -> dict[str, tuple]:
        """Each source's fingerprint (sha256, size, mtime_ns, ctime_ns, inode, language, published,
        rules), all read the first time they are asked for (a quick re-run asks for a few: `fingerprints`)."""
        return {r[0]: r[1:] for r in self.db.execute(f"select source_id, {FINGERPRINT} from fingerprint")}

    @cached_property
    def in_claims(self) -> dict[str, tuple[str, str]]:
        """The (sha256, rules) of each source's extraction that claims.csv holds, as last written."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("select source_id, sha256, rules from written")}

    def fingerprints(self, source_ids: list[str]) -> dict[str, tuple]:
        """The fingerprints of these sources (a few: looked up; many: all of them, read once)."""
        if "known" in self.__dict__ or len(source_ids) > FEW:  # (cached_property keeps it there)
            return self.known
        query = f"select {FINGERPRINT} from fingerprint where source_id = ?"
        return {sid: row for sid in source_ids if (row := self.db.execute(query, (sid,)).fetchone())}

    def fresh(self, source: Source, known: dict[str, tuple] | None = None) -> bool:
        """Whether the cached extraction of this source is for these very bytes and rules: the
        file shows the stamp kept with them, or else (or when the manifest pins other bytes) its
        bytes are hashed; a stamp so confirmed is kept in its turn (see commit)."""
        known = (self.known if known is None else known).get(source.source_id)
        if not known:
            return False
        sha, size, mtime_ns, ctime_ns, inode, language, published, rules = known
        if (language, published, rules) != (source.language, source.published, self.rules):
            return False
        try:
            now = source.seen or stamp_of(os.stat(source.path))  # (seen: stat'ed as the manifest was read)
        except OSError:
            return False
        if now == (size, mtime_ns, ctime_ns, inode) and (not source.sha256 or source.sha256.lower() == sha):
            return True
        if now[0] != size:
            return False
        since = time.time_ns()
        try:
            now = stamp_of(os.stat(source.path))  # before the bytes are hashed
            same = sha256_file(source.path) == sha
        except OSError:
            return False
        if same and (stamp := kept_stamp(now, since)) != known[1:5]:
            self.restamped.append((*stamp, source.source_id, sha))
        return same

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
        digests = {sid: known[sid][SHA] for s in fresh if (sid := s.source_id) in kept or sid in cached}
        return Plan(cached, [s for s in sources if s.source_id not in kept and s.source_id not in cached], kept,
                    digests)

    def claims_unchanged(self, claims_path: Path) -> bool:
        """Whether claims.csv is the very file this cache saw written (nobody edited it since)."""
        row = self.db.execute("select value from meta where key = 'claims'").fetchone()
        try:
            stamp = stamp_of(os.stat(claims_path))
        except OSError:
            return False
        return bool(row) and row[0] == _claims_stamp(stamp)

    def _in_claims_file(self, sources: list[Source], known: dict[str, tuple]) -> frozenset[str]:
        """Those of these (cached) sources whose current extraction claims.csv, as last written,
        holds (a source cached by `check` but not yet extracted into claims.csv does not count)."""
        written = self.in_claims.get
        return frozenset(sid for s in sources if (w := written(sid := s.source_id)) is not None
                         and w[0] == (k := known[sid])[SHA] and w[1] == k[RULES])

    def claims_written(self, claims_path: Path, source_ids: set[str], layout: "Layout | None" = None,
                       changed: set[str] | None = None, sealed: bool = False) -> None:
        """Remember claims.csv as written now, its layout (see splice), and whose extractions it
        holds: every source's, or only the `changed` ones' anew (the others' stand). `sealed`:
        the corpus is the one the seal vouched for, so no source whose rows it holds has left."""
        stamp = stamp_of(os.stat(claims_path))
        anew = list(changed if changed is not None else source_ids)
        known = self.fingerprints(anew)
        mine = [(sid, known[sid][SHA], known[sid][RULES]) for sid in anew if sid in known]
        with self.db:
            self.db.execute("insert or replace into meta values ('claims', ?)", (_claims_stamp(stamp),))
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

    def store(self, source: Source, rows: list[dict], sha256: str, stamp: Stamp) -> None:
        """Keep a source's rows, read from bytes of this digest, its file showing this stamp
        (see kept_stamp) before they were read."""
        self.pending.append((source.source_id, sha256, *stamp, source.language, source.published,
                             self.rules, json.dumps(rows, ensure_ascii=False, separators=(",", ":"))))

    def commit(self, keep: set[str] | None) -> None:
        """Write what was stored; forget sources no longer in the corpus (`keep`; None: the
        corpus the seal vouched for, which none has left)."""
        with self.db:
            self.db.executemany("insert or replace into fingerprint values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [row[:9] for row in self.pending])
            self.db.executemany("insert or replace into extracted values (?, ?)", [(row[0], row[9]) for row in self.pending])
            self.db.executemany("update fingerprint set size = ?, mtime_ns = ?, ctime_ns = ?, inode = ? "
                                "where source_id = ? and sha256 = ?", self.restamped)
            gone = [] if keep is None else [(sid,) for sid in self.known if sid not in keep]
            self.db.executemany("delete from fingerprint where source_id = ?", gone)
            self.db.executemany("delete from extracted where source_id = ?", gone)
        if "known" in self.__dict__:  # else read afresh when asked for
            for *stamp, sid, sha in self.restamped:
                if self.known.get(sid, (None,))[SHA] == sha:
                    self.known[sid] = (sha, *stamp, *self.known[sid][5:])
            for row in self.pending:
                self.known[row[0]] = row[1:9]
            for (sid,) in gone:
                self.known.pop(sid, None)
        self.pending.clear()
        self.restamped.clear()

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
