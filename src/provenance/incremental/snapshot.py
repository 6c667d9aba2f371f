"""The manifest as last checked: a re-run whose sources.csv is byte for byte the one checked
before takes its rows as they were checked then, and looks at each listed file again (one lstat:
still a regular file; its stamp tells the cache what changed).

A 100k-row manifest is parsed and checked row by row in about a second and a half; taken from
its snapshot, in a third of that. Anything the snapshot cannot vouch for (another manifest, a
language guessed from a text, an unlisted file, a listed file gone or no longer a plain file,
other rules files) is loaded and checked in full by `load_sources`, with its errors and warnings.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from itertools import accumulate
from pathlib import Path

from ..extraction import available_languages
from ..sources import MANIFEST, PLAIN_NAME, TEXT_SUFFIXES, Source, Stamp, child_path, load_sources, read_csv_rows, \
    stamp_of

SNAPSHOT_VERSION = 3  # 2: only plain file names are taken; 3: UTF-8, each row's offset kept
_BY_FOLDER = os.lstat in os.supports_dir_fd  # not on Windows
_FIELDS = ("source_id", "file", "language", "title", "author", "outlet", "url", "published", "retrieved",
           "sha256", "row", "extra")


def manifest_key(sources_dir: Path) -> dict | None:
    """What a snapshot is a snapshot of: the manifest's digest, the folder, the languages with
    rules (None when there is no manifest to read)."""
    try:
        digest = hashlib.sha256((Path(sources_dir) / MANIFEST).read_bytes()).hexdigest()
    except OSError:
        return None
    return {"version": SNAPSHOT_VERSION, "digest": digest, "folder": os.fspath(sources_dir),
            "languages": available_languages()}


def sources_through(sources_dir: Path, snapshot: bytes | None, key: dict | None = None) -> tuple[list[Source], bytes | None]:
    """load_sources(sources_dir, read=False), through `snapshot` (what an earlier call returned);
    and the snapshot to keep (None: none can be taken, e.g. no manifest). `key`: manifest_key()
    when the caller has read it already."""
    sources_dir = Path(sources_dir)
    key = key or manifest_key(sources_dir)
    if key is None:
        return load_sources(sources_dir, read=False), None
    if snapshot:
        again = _again(sources_dir, key, snapshot)
        if again is not None:
            return again, snapshot
    sources = load_sources(sources_dir, read=False)
    return sources, _taken(sources_dir / MANIFEST, key, sources)


def _taken(manifest: Path, key: dict, sources: list[Source]) -> bytes | None:
    """The snapshot of a manifest just checked; None when a language was guessed from a text (the
    text may change while the manifest does not) or a file is named with folders."""
    _, rows = read_csv_rows(manifest)
    if any(not (r.get("language") or "").strip() for r in rows) or any(s.row is None for s in sources):
        return None
    if not all(PLAIN_NAME.fullmatch(s.file) for s in sources):
        return None  # a path with folders is checked in full, every time
    rows = [json.dumps([getattr(s, f) for f in _FIELDS], ensure_ascii=False).encode("utf-8") for s in sources]
    head = _opening(key)
    offsets = list(accumulate((len(r) + 1 for r in rows), initial=len(head)))  # and where the rows end, + 1
    return head + b",".join(rows) + b'], "offsets": ' + json.dumps(offsets).encode("ascii") + b"}"


def _opening(key: dict) -> bytes:
    """A snapshot (UTF-8 JSON) opens with its key, then its rows, and ends with where each row
    starts (a byte offset), so a few of 100k rows are read without decoding the others."""
    return json.dumps(key, ensure_ascii=False)[:-1].encode("utf-8") + b', "rows": ['


def rows_of(snapshot: bytes | None, key: dict) -> list | None:
    """The rows of a snapshot of the manifest `key` names (None: not that manifest's)."""
    if not isinstance(snapshot, bytes) or not snapshot.startswith(_opening(key)):
        return None
    try:
        return json.loads(snapshot)["rows"]
    except (ValueError, KeyError, TypeError):
        return None


def rows_at(snapshot: bytes | None, key: dict, indices: list[int]) -> list | None:
    """Rows `indices` of a snapshot of the manifest `key` names, each decoded alone."""
    if not isinstance(snapshot, bytes) or not snapshot.startswith(_opening(key)):
        return None
    try:
        offsets = json.loads(snapshot[snapshot.rindex(b'"offsets": ') + 11:-1])
        return [json.loads(snapshot[offsets[i]:offsets[i + 1] - 1]) for i in indices]
    except (ValueError, IndexError, TypeError):
        return None


def source_of(sources_dir: Path, row: list, seen: Stamp) -> Source:
    """A snapshot row as its source, its file seen with this stamp."""
    sid, file, language, title, author, outlet, url, published, retrieved, sha, n, extra = row
    return Source(sid, file, child_path(sources_dir, file), language, title, author, outlet, url, published,
                  retrieved, sha, n, extra, sources_dir / MANIFEST, seen)


def _again(sources_dir: Path, key: dict, snapshot: bytes) -> list[Source] | None:
    """The snapshot's sources, each file looked at again; None when it cannot vouch for them."""
    rows = rows_of(snapshot, key)
    seen = stats(sources_dir, [row[1] for row in rows]) if rows is not None else None
    if seen is None:
        return None
    return [source_of(sources_dir, row, pair) for row, pair in zip(rows, seen)]


def stats(sources_dir: Path, files: list[str]) -> list[Stamp] | None:
    """Each listed file's stamp, from one lstat; None when one is gone or no longer a plain
    file, or a text file in the folder is not listed (load_sources tells of each)."""
    if any(entry.lower().endswith(TEXT_SUFFIXES) for entry in set(os.listdir(sources_dir)) - set(files)):
        return None
    folder = os.open(sources_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) if _BY_FOLDER else None
    base = os.fspath(sources_dir) + os.sep
    out = []
    try:
        for file in files:
            try:  # looked up in the open folder: one name, not the whole path again
                found = os.lstat(file, dir_fd=folder) if folder is not None else os.lstat(base + file)
            except OSError:
                return None
            if not stat.S_ISREG(found.st_mode):
                return None
            out.append(stamp_of(found))
    finally:
        if folder is not None:
            os.close(folder)
    return out
