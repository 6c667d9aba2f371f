"""The sources: `sources/sources.csv` (the manifest), the text files, their hashes and languages."""
from __future__ import annotations

import csv
import hashlib
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from ..claims import SOURCE_ID
from ..plumbing import ProvenanceError, control_character, malformed, printable, text_lines
from ..extraction import LANGUAGE_CODE, available_languages, detect_language, is_read, normal_language, unread_language

MANIFEST = "sources.csv"
COLUMNS = ["source_id", "file", "title", "author", "outlet", "url", "language", "published", "retrieved", "sha256"]
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
PUBLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?")


class SourceWarning(UserWarning):
    """Something about a source worth telling, not worth stopping for."""


class UnreadLanguage(SourceWarning):
    """A source in a language no rules file reads: skipped (said on every run; `check` lists it)."""


# A file's stamp, (size, mtime_ns, ctime_ns, inode): nobody sets ctime back as `touch -d` sets
# back mtime, and a file written anew has another inode (see cache.kept_stamp for the Nones).
Stamp = tuple[int, int | None, int | None, int | None]
stamp_of = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")  # a plain tuple, 100k a re-run


@dataclass
class Source:
    source_id: str
    file: str
    path: Path
    language: str
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    retrieved: str = ""
    sha256: str = ""
    row: int | None = None           # line in the manifest; None for an unlisted file
    extra: dict = field(default_factory=dict)
    manifest_path: Path | None = None  # the manifest that lists it (for error messages)
    seen: Stamp | None = field(default=None, compare=False, repr=False)  # its file's stamp when listed

    def meta(self) -> dict:
        return {"source_id": self.source_id, "file": self.file, "title": self.title, "author": self.author,
                "outlet": self.outlet, "url": self.url, "language": self.language, "published": self.published,
                "retrieved": self.retrieved, "sha256": self.sha256,
                **({"pages": self.extra["pages"]} if (self.extra.get("pages") or "").strip() else {})}


@lru_cache(maxsize=8192)  # a corpus repeats its dates; strptime is 30 µs a call
def is_iso_date(text: str) -> bool:
    """2022, 2022-01, 2022-01-07 or a full timestamp, and a real date (not 2022-13-45)."""
    if not PUBLISHED.fullmatch(text):
        return False
    try:
        if len(text) > 10:
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        else:
            datetime.strptime(text, {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(text)])
    except ValueError:
        return False
    return True


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_text(path: Path, where: str | None = None, row: int | None = None) -> str:
    """A source's text as the offsets count it: UTF-8, a leading BOM dropped, line ends kept."""
    where = where or str(path)
    return _text_of(_read_bytes(path, where, row)[0], path, where, row)


def read_source(path: Path, where: str | None = None, row: int | None = None) -> tuple[str, str, Stamp]:
    """read_text, the sha256 of the very bytes read, and the file's stamp before they were read
    (an edit after that shows as another stamp): what the extraction cache keeps of a source."""
    where = where or str(path)
    data, found = _read_bytes(path, where, row)
    return _text_of(data, path, where, row), hashlib.sha256(data).hexdigest(), stamp_of(found)


def _read_bytes(path: Path, where: str, row: int | None) -> tuple[bytes, os.stat_result]:
    """A file's bytes, and what fstat said of it just before they were read."""
    try:
        with open(path, "rb") as f:
            found = os.fstat(f.fileno())
            return f.read(), found
    except FileNotFoundError:
        raise ProvenanceError(f"file not found: {path}", file=where, row=row) from None
    except OSError as e:
        raise ProvenanceError(f"cannot read {path}: {e.strerror}", file=where, row=row) from None


def _text_of(data: bytes, path: Path, where: str, row: int | None) -> str:
    """A source file's bytes as its text, or the error that says why they are not one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        text = _legacy_text(data)
        if text is None:
            raise ProvenanceError(f"{path.name} is not UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r}) "
                                  f"nor Windows-1252 text", file=where, row=row) from None
        warnings.warn(f"{path}: not UTF-8; read as Windows-1252 (offsets count the decoded characters)",
                      SourceWarning, stacklevel=2)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ProvenanceError(f"{path.name} is empty", file=where, row=row)
    bad = control_character(text)
    if bad:
        raise ProvenanceError(f"{printable(path.name)} holds a control character ({bad[1]} at offset {bad[0]}): "
                              f"not a text a quote can be shown from", file=where, row=row)
    return text


def _legacy_text(data: bytes) -> str | None:
    """Windows-1252 text, or None when the bytes do not look like text in it (binary, UTF-16)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    if "\x00" in text or controls > len(text) / 1000:
        return None
    return text


def read_csv_rows(path: Path) -> tuple[list[str], list[dict]]:
    """A CSV file's header and rows (dicts of str); the one way CSVs are read outside pandas."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProvenanceError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise ProvenanceError("is a folder, not a CSV file", file=str(path)) from None
    except OSError as e:
        raise ProvenanceError(f"cannot be read: {e.strerror}", file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ProvenanceError(f"not UTF-8 (byte {e.start})", file=str(path)) from None
    reader = csv.reader(text_lines(text), strict=True)
    try:
        rows = list(reader)
    except csv.Error as e:
        raise ProvenanceError(f"malformed CSV: {malformed(e)}", file=str(path), row=reader.line_num) from None
    if not rows:
        return [], []
    header = [h.strip() for h in rows[0]]
    width = len(header)
    out = []
    for n, values in enumerate(rows[1:], start=2):
        if not "".join(values).strip():
            continue
        if len(values) != width:
            if len(values) > width:
                raise ProvenanceError(f"{len(values)} fields, the header has {width}", file=str(path), row=n)
            values = values + [""] * (width - len(values))
        row = dict(zip(header, values))
        row["__row__"] = n
        out.append(row)
    return header, out


_CONTROL = re.compile(r"[\x00-\x1f]")


PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._ -]*")


def child_path(base: Path, name: str) -> Path:
    """base / name for a plain file name, without parsing the name again as pathlib's `/` does
    (pathlib's own directory walk makes its children so; 10 µs a path, a second per 100k)."""
    make = getattr(base, "_make_child_relpath", None)
    return make(name) if make is not None else base / name


def _safe_relative(name: str, base: Path, where: str, row: int) -> tuple[Path, os.stat_result]:
    """The path of a manifest's `file`, checked to lie inside the sources folder and to be a
    file, and what stat says of that file."""
    if not name:
        raise ProvenanceError("empty 'file'", file=where, row=row)
    plain = PLAIN_NAME.fullmatch(name)
    joined = os.fspath(base) + os.sep + name if plain else os.path.join(base, name)  # pathlib keeps its text
    if not plain:  # a plain file name needs none of these checks
        if _CONTROL.search(name):
            raise ProvenanceError(f"file {name!r} holds a control character", file=where, row=row)
        if os.path.isabs(name) or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
            raise ProvenanceError(f"file {name!r} is an absolute path: sources must lie inside the sources folder",
                                  file=where, row=row)
        if ".." in re.split(r"[\\/]", name):
            raise ProvenanceError(f"file {name!r} points outside the sources folder", file=where, row=row)
    try:
        found = os.lstat(joined)
    except OSError:
        found = None
    if (found and stat.S_ISLNK(found.st_mode)) or "/" in name or "\\" in name:  # a link or a sub-folder may lead anywhere
        if not Path(joined).resolve().is_relative_to(Path(base).resolve()):
            raise ProvenanceError(f"file {name!r} points outside the sources folder", file=where, row=row)
        found = os.stat(joined) if os.path.exists(joined) else None
    if found is None or not stat.S_ISREG(found.st_mode):
        raise ProvenanceError(f"file {name!r} not found in {base}", file=where, row=row)
    return (child_path(base, name) if plain else Path(joined)), found


def load_sources(sources_dir: Path, read: bool = True) -> list[Source]:
    """Every source: the manifest's rows, then unlisted text files (with a warning).

    Raises ProvenanceError, naming the manifest row, for a missing or unreadable file, a
    duplicate or malformed source_id, an unknown language or an empty file.
    """
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise ProvenanceError("sources folder not found", file=str(sources_dir))
    manifest = sources_dir / MANIFEST
    seen: dict[str, int] = {}
    out = _listed_sources(sources_dir, manifest, seen, read) if manifest.exists() else []
    listed_files = {s.path.name for s in out}
    for entry in sorted(os.listdir(sources_dir)):
        if not entry.lower().endswith(TEXT_SUFFIXES) or entry in listed_files:
            continue
        path = sources_dir / entry
        if not path.is_file():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(sources_dir.resolve()):
            raise ProvenanceError(f"{entry} is a link to a file outside the sources folder: copy the file in, "
                                  f"or remove the link", file=str(path))
        sid = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._") or "source"
        if sid in seen:
            raise ProvenanceError(f"unlisted file {path.name} would take source_id {sid!r}, which the manifest already uses",
                                  file=str(path))
        seen[sid] = 0
        text = read_text(path)
        language = detect_language(text)
        unlisted = f"{path}: not in {MANIFEST}; taken as source {sid!r}"
        if is_read(language):
            warnings.warn(f"{unlisted}, language {language} (detected)", SourceWarning, stacklevel=2)
        else:
            warnings.warn(unread_language(language, unlisted), UnreadLanguage, stacklevel=2)
        out.append(Source(sid, path.name, path, language, sha256=sha256_file(path)))
    return out


def _listed_sources(sources_dir: Path, manifest: Path, seen: dict[str, int], read: bool) -> list[Source]:
    """The manifest's rows as sources, each checked (`seen`: source id -> its row)."""
    where = str(manifest)
    header, rows = read_csv_rows(manifest)
    missing = [c for c in ("source_id", "file") if c not in header]
    if missing:
        raise ProvenanceError(f"missing column(s) {', '.join(missing)}", file=where, row=1)
    out = []
    files_seen: dict[str, int] = {}
    extra_columns = [c for c in header if c not in COLUMNS]
    read_languages = set(available_languages())  # listed once: not a rules folder read per row
    for r in rows:
        n = r.pop("__row__")
        sid = r.get("source_id", "").strip()
        if not SOURCE_ID.fullmatch(sid):
            raise ProvenanceError(f"source_id {sid!r} is not a slug ([a-z0-9][a-z0-9._-]*)", file=where, row=n)
        if sid in seen:
            raise ProvenanceError(f"duplicate source_id {sid!r} (first on row {seen[sid]})", file=where, row=n)
        seen[sid] = n
        path, found = _safe_relative(r.get("file", "").strip(), sources_dir, where, n)
        name = path.name
        if name in files_seen:
            raise ProvenanceError(f"file {r.get('file')!r} is listed already on row {files_seen[name]}",
                                  file=where, row=n)
        files_seen[name] = n
        language = normal_language(r.get("language", ""))
        published = r.get("published", "").strip()
        if published and not is_iso_date(published):
            raise ProvenanceError(f"published {published!r} is not an ISO 8601 date", file=where, row=n)
        text = read_text(path, where, n) if read else None
        if not language:
            language = detect_language(text or read_text(path, where, n))
        elif not LANGUAGE_CODE.fullmatch(language):
            raise ProvenanceError(f"language {language!r} is not a language code (ISO 639-1, as en or fr)",
                                  file=where, row=n)
        if language not in read_languages:
            warnings.warn(unread_language(language, f"{where}:{n} ({sid})"), UnreadLanguage, stacklevel=3)
        out.append(Source(sid, r.get("file", "").strip(), path, language, r.get("title", ""), r.get("author", ""),
                          r.get("outlet", ""), r.get("url", ""), published, r.get("retrieved", ""),
                          r.get("sha256", "").strip(), n, {c: r[c] for c in extra_columns}, manifest,
                          stamp_of(found)))
    return out


class LazyTexts:
    """Source texts by id, read when first asked for and kept in a small LRU: the comparison
    and the reports need a few passages, not every text of a large corpus in memory."""

    def __init__(self, paths: dict[str, Path], keep: int = 256, strict: bool = False,
                 where: dict[str, tuple[str, int | None]] | None = None):
        self.paths = dict(paths)
        self.keep = keep
        self.strict = strict          # raise the file's error (bad input) instead of answering None
        self.where = where or {}      # source id -> (manifest, row), for error messages
        self._cache: dict[str, str] = {}

    @classmethod
    def of(cls, sources: list["Source"], strict: bool = False) -> "LazyTexts":
        return cls({s.source_id: s.path for s in sources}, strict=strict,
                   where={s.source_id: (str(s.manifest_path or s.path), s.row) for s in sources})

    def get(self, source_id: str, default=None):
        if source_id in self._cache:
            text = self._cache.pop(source_id)
        elif source_id in self.paths:
            try:
                text = read_text(self.paths[source_id], *self.where.get(source_id, (None, None)))
            except ProvenanceError:
                if self.strict:
                    raise
                return default
        else:
            return default
        self._cache[source_id] = text
        if len(self._cache) > self.keep:
            self._cache.pop(next(iter(self._cache)))
        return text

    def __contains__(self, source_id: str) -> bool:
        return source_id in self.paths

    def __getstate__(self):
        return {**self.__dict__, "_cache": {}}


def load_corpus(sources_dir: Path, table: pd.DataFrame | None = None):
    """Sources' metadata and (lazily read) texts, for the comparison and the reports; a source the
    claims `table` names but sources/ lacks gets metadata of its id alone."""
    sources_dir = Path(sources_dir)
    sources = load_sources(sources_dir, read=False) if sources_dir.is_dir() else []
    meta = {s.source_id: s.meta() for s in sources}
    if table is not None:
        for sid in sorted(set(table["source_id"]) - set(meta)):
            meta[sid] = {"source_id": sid}
    return meta, LazyTexts.of(sources) if sources else LazyTexts({})
