"""A re-run in time proportional to the change: a few edited files in a large corpus are read
again, and the other sources are kept without being looked at as sources at all.

A run that could vouch for its corpus ends by sealing it in the cache: the manifest it read (the
key of its snapshot), the rules, and the size and modification time it saw of each listed file.
While the seal stands, claims.csv (as last written) holds the current extraction of every listed
file that still has the size and time sealed. The next run lstat's each listed file and looks
only at those whose size or time changed: their sources are taken from the manifest's snapshot,
their fingerprints and rows from the cache, and they are extracted again where their bytes
changed. The others' rows are copied as they stand (see splice).

The seal stands while:
- sources.csv is byte for byte the manifest sealed, with the same rules files and folder;
- the cache's tables are as the sealing run left them: a trigger drops the seal whenever one
  changes (`check` storing an extraction, another version of provenance);
- claims.csv is the file the cache saw written, and no event or pin files claims anew (the
  caller checks these, as for any run);
- every listed file is still a plain file, and no unlisted text file has appeared.
Anything else is planned in full, with the errors and warnings of a full plan.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import ExtractionCache
from .snapshot import rows_at, source_of, stats
from .sources import Source, load_sources

SEAL_VERSION = 1


@dataclass(frozen=True)
class Quick:
    """A re-run planned from the seal: the corpus, its changed sources, and the kept ones."""
    sources: "SealedSources"
    changed: list[Source]
    kept: frozenset[str]
    every: set[str]
    order: list[str]
    seal: str            # the seal to keep after this run


def plan(cache: ExtractionCache, sources_dir: Path, key: dict | None) -> Quick | None:
    """The re-run the seal vouches for, or None (then plan in full); `key`: the manifest's
    manifest_key() as read now."""
    seal = _read_seal(cache.meta("seal"))
    if seal is None or seal["rules"] != cache.rules:
        return None
    if key is None or seal["key"] != key:
        return None
    now = stats(sources_dir, seal["files"])
    if now is None:
        return None
    before = list(zip(seal["sizes"], seal["mtimes"]))
    moved = [i for i, pair in enumerate(now) if pair != before[i]]
    rows = rows_at(cache.meta("manifest"), key, moved) if moved else []
    if rows is None:
        return None
    sources = SealedSources(sources_dir, len(now))
    changed = [source_of(sources_dir, row, now[i]) for row, i in zip(rows, moved)]
    sids = seal["sids"]
    every = set(sids)
    return Quick(sources, changed, frozenset(every.difference(s.source_id for s in changed)), every,
                 sorted(sids), _sealed(key, cache.rules, sids, seal["files"], now))


def _read_seal(text: str | None) -> dict | None:
    """A seal as this version keeps it, or None."""
    try:
        seal = json.loads(text or "null")
    except ValueError:
        return None
    fields = ("sids", "files", "sizes", "mtimes")
    if not isinstance(seal, dict) or seal.get("version") != SEAL_VERSION or "rules" not in seal or "key" not in seal \
            or not all(isinstance(seal.get(f), list) for f in fields) or len({len(seal[f]) for f in fields}) != 1:
        return None
    return seal


def seal_of(cache: ExtractionCache, key: dict | None, sources: list[Source]) -> str | None:
    """The seal of a corpus planned in full, whose manifest's manifest_key() is `key` (the caller
    seals no corpus that events or pins file anew): None when no snapshot of its manifest could
    be taken."""
    if key is None or not cache.meta_size("manifest") or any(s.seen is None for s in sources):
        return None
    return _sealed(key, cache.rules, [s.source_id for s in sources], [s.file for s in sources],
                   [s.seen for s in sources])


def _sealed(key: dict, rules: str, sids: list[str], files: list[str], seen: list[tuple[int, int]]) -> str:
    sizes, mtimes = zip(*seen) if seen else ((), ())
    return json.dumps({"version": SEAL_VERSION, "key": key, "rules": rules, "sids": sids, "files": files,
                       "sizes": sizes, "mtimes": mtimes}, ensure_ascii=False)


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
