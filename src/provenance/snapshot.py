"""The manifest as last checked: a re-run whose sources.csv is byte for byte the one checked
before takes its rows as they were checked then, and looks at each listed file again (one lstat:
still a regular file; its size and modification time tell the cache what changed).

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
from pathlib import Path

from .extraction.rules import available_languages
from .sources import MANIFEST, PLAIN_NAME, TEXT_SUFFIXES, Source, child_path, load_sources, read_csv_rows

_FIELDS = ("source_id", "file", "language", "title", "author", "outlet", "url", "published", "retrieved",
           "sha256", "row", "extra")


def sources_through(sources_dir: Path, snapshot: str | None) -> tuple[list[Source], str | None]:
    """load_sources(sources_dir, read=False), through `snapshot` (what an earlier call returned);
    and the snapshot to keep (None: none can be taken, e.g. no manifest)."""
    sources_dir = Path(sources_dir)
    manifest = sources_dir / MANIFEST
    try:
        digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    except OSError:
        return load_sources(sources_dir, read=False), None
    key = {"digest": digest, "folder": os.fspath(sources_dir), "languages": available_languages()}
    if snapshot:
        again = _again(sources_dir, manifest, key, snapshot)
        if again is not None:
            return again, snapshot
    sources = load_sources(sources_dir, read=False)
    return sources, _taken(manifest, key, sources)


def _taken(manifest: Path, key: dict, sources: list[Source]) -> str | None:
    """The snapshot of a manifest just checked; None when a language was guessed from a text (the
    text may change while the manifest does not)."""
    _, rows = read_csv_rows(manifest)
    if any(not (r.get("language") or "").strip() for r in rows) or any(s.row is None for s in sources):
        return None
    return json.dumps({**key, "rows": [[getattr(s, f) for f in _FIELDS] for s in sources]}, ensure_ascii=False)


def _again(sources_dir: Path, manifest: Path, key: dict, snapshot: str) -> list[Source] | None:
    """The snapshot's sources, each file looked at again; None when it cannot vouch for them."""
    try:
        data = json.loads(snapshot)
    except ValueError:
        return None
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in key.items()):
        return None
    base = os.fspath(sources_dir)
    out, listed = [], set()
    for sid, file, language, title, author, outlet, url, published, retrieved, sha, row, extra in data["rows"]:
        if not PLAIN_NAME.fullmatch(file):
            return None  # a path with folders is checked in full, every time
        try:
            found = os.lstat(base + os.sep + file)
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode):
            return None
        out.append(Source(sid, file, child_path(sources_dir, file), language, title, author, outlet, url, published,
                          retrieved, sha, row, extra, manifest, (found.st_size, found.st_mtime_ns)))
        listed.add(file)
    if any(entry.lower().endswith(TEXT_SUFFIXES) and entry not in listed for entry in os.listdir(sources_dir)):
        return None  # an unlisted text file: load_sources reads it, with a warning
    return out
