"""A re-run in time proportional to the change: a few edited files in a large corpus are read
again, and the other sources are kept without being looked at as sources at all.

A run that could vouch for its corpus ends by sealing it in the cache: the manifest it read (the
key of its snapshot), the rules, and the stamp it saw of each listed file (size, modification and
status-change times, inode; the size alone of a file modified just before: cache.kept_stamp). While
the seal stands, claims.csv (as last written) holds the current extraction of every listed file
that still has the stamp sealed. The next run lstat's each listed file and looks only at those
whose stamp changed (or was not sealed): their sources are taken from the manifest's snapshot,
their fingerprints and rows from the cache, and they are extracted again where their bytes
changed. The others' rows are copied as they stand (see splice).

The seal stands while:
- sources.csv is byte for byte the manifest sealed, with the same rules files and folder;
- the cache's tables are as the sealing run left them: a trigger drops the seal whenever one
  changes (`check` storing an extraction, another version of provenance);
- claims.csv is the file the cache saw written, and no event or pin files claims anew (the
  caller checks these, as for any run);
- every listed file is still a plain file, and no unlisted text file has appeared.
Anything else is planned in full, with the errors and warnings of a full plan. A corpus is not
sealed while a file's bytes differ from the sha256 its manifest row pins (the run warns of it),
so that every run plans it in full, and warns again, until they agree.
"""
from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from ..extraction import is_read
from .cache import ExtractionCache, kept_stamps
from .snapshot import rows_at, source_of, stats
from ..sources import Source, Stamp, load_sources

SEAL_VERSION = 3  # 2: stamps (size, mtime, ctime, inode), the size alone of a racy file; 3: unread sources
STAMP = ("sizes", "mtimes", "ctimes", "inodes")  # the seal's lists of each file's stamp, one a field


@dataclass(frozen=True)
class Quick:
    """A re-run planned from the seal: the corpus, its changed sources, and the kept ones."""
    sources: "SealedSources"
    changed: list[Source]
    kept: frozenset[str]
    every: set[str]
    order: list[str]
    seal: str            # the seal to keep after this run
    unread: list         # [source id, language, manifest row] of each source no rules read: warned of


def plan(cache: ExtractionCache, sources_dir: Path, key: dict | None) -> Quick | str:
    """The re-run the seal vouches for, else why not (then plan in full); `key`: the manifest's
    manifest_key() as read now."""
    seal = _read_seal(cache.meta("seal"))
    if seal is None:
        return "no sealed run to start from"
    if seal["rules"] != cache.rules:
        return "the rules or the code changed since the last run"
    if key is None or seal["key"] != key:
        return "sources.csv changed since the last run"
    since = time.time_ns()
    now = stats(sources_dir, seal["files"])
    if now is None:
        return "a source file is gone since the last run"
    before = list(zip(*(seal[field] for field in STAMP)))
    moved = [i for i, stamp in enumerate(now) if stamp != before[i]]
    rows = rows_at(cache.meta("manifest"), key, moved) if moved else []
    if rows is None:
        return "a changed file's manifest row could not be read as sealed"
    sources = SealedSources(sources_dir, len(now))
    changed = [source_of(sources_dir, row, now[i]) for row, i in zip(rows, moved)]
    sids = seal["sids"]
    every = set(sids)
    return Quick(sources, changed, frozenset(every.difference(s.source_id for s in changed)), every,
                 sorted(sids), _sealed(key, cache.rules, sids, seal["files"], now, since, seal["unread"]),
                 seal["unread"])


def _read_seal(text: str | None) -> dict | None:
    """A seal as this version keeps it, or None."""
    try:
        seal = json.loads(text or "null")
    except ValueError:
        return None
    fields = ("sids", "files", *STAMP)
    if not isinstance(seal, dict) or seal.get("version") != SEAL_VERSION or "rules" not in seal or "key" not in seal \
            or not all(isinstance(seal.get(f), list) for f in fields) or len({len(seal[f]) for f in fields}) != 1 \
            or not isinstance(seal.get("unread"), list) or not all(isinstance(u, list) and len(u) == 3
                                                                   for u in seal["unread"]):
        return None
    return seal


def seal_of(cache: ExtractionCache, key: dict | None, sources: list[Source], since: int) -> str | None:
    """The seal of a corpus planned in full, whose manifest's manifest_key() is `key` and whose
    files were stat'ed after `since` (the caller seals no corpus that events or pins file anew):
    None when no snapshot of its manifest could be taken. The sources no rules read are named in
    it, so that a quick re-run warns of them as a full one does."""
    if key is None or not cache.meta_size("manifest") or any(s.seen is None for s in sources):
        return None
    unread = [[s.source_id, s.language, s.row] for s in sources if not is_read(s.language)]
    return _sealed(key, cache.rules, [s.source_id for s in sources], [s.file for s in sources],
                   [s.seen for s in sources], since, unread)


def _sealed(key: dict, rules: str, sids: list[str], files: list[str], seen: list[Stamp], since: int,
            unread: list) -> str:
    """The seal; a file modified shortly before `since` has its size alone in it (looked at next time)."""
    kept = kept_stamps(seen, since)
    lists = {field: list(map(itemgetter(i), kept)) for i, field in enumerate(STAMP)}  # (zip(*kept): 3x as long)
    return json.dumps({"version": SEAL_VERSION, "key": key, "rules": rules, "sids": sids, "files": files, **lists,
                       "unread": unread}, ensure_ascii=False)


class SealedSources(Sequence):
    """The corpus' sources, loaded from the (unchanged) manifest only when one is asked for: a
    quick re-run needs their number."""

    def __init__(self, sources_dir: Path, count: int):
        self.sources_dir, self.count = sources_dir, count
        self.loaded: list[Source] = []

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i):
        if not self.loaded:
            self.loaded.extend(load_sources(self.sources_dir, read=False))
        return self.loaded[i]
