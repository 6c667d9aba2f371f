"""The sources: `sources/sources.csv` (the manifest), the text files, their hashes and languages."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from .errors import ProvenanceError
from .io import atomic_copy, atomic_write_text
from .safe import control_character, printable
from .extraction.rules import available_languages, detect_language

MANIFEST = "sources.csv"
COLUMNS = ["source_id", "file", "title", "author", "outlet", "url", "language", "published", "retrieved", "sha256"]
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
PUBLISHED = re.compile(r"\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?")


class SourceWarning(UserWarning):
    """Something about a source worth telling, not worth stopping for."""


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
    seen: tuple[int, int] | None = field(default=None, compare=False, repr=False)  # (size, mtime_ns) when listed

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
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProvenanceError(f"file not found: {path}", file=where, row=row) from None
    except OSError as e:
        raise ProvenanceError(f"cannot read {path}: {e.strerror}", file=where, row=row) from None
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
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as e:
        raise ProvenanceError(f"malformed CSV: {e}", file=str(path), row=reader.line_num) from None
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
        language = detect_language(text, where=str(path))
        warnings.warn(f"{path}: not in {MANIFEST}; read as source {sid!r}, language {language} (detected)",
                      SourceWarning, stacklevel=2)
        out.append(Source(sid, path.name, path, language, sha256=sha256_file(path)))
    return out


def _listed_sources(sources_dir: Path, manifest: Path, seen: dict[str, int], read: bool) -> list[Source]:
    """The manifest's rows as sources, each checked (`seen`: source id -> its row)."""
    where = str(manifest)
    languages = available_languages()
    header, rows = read_csv_rows(manifest)
    missing = [c for c in ("source_id", "file") if c not in header]
    if missing:
        raise ProvenanceError(f"missing column(s) {', '.join(missing)}", file=where, row=1)
    out = []
    files_seen: dict[str, int] = {}
    extra_columns = [c for c in header if c not in COLUMNS]
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
        language = r.get("language", "").strip().lower()
        published = r.get("published", "").strip()
        if published and not is_iso_date(published):
            raise ProvenanceError(f"published {published!r} is not an ISO 8601 date", file=where, row=n)
        text = read_text(path, where, n) if read else None
        if not language:
            language = detect_language(text or read_text(path, where, n), where=f"{where}:{n}")
        elif language not in languages:
            raise ProvenanceError(f"language {language!r} has no rules (known: {', '.join(languages)})",
                                  file=where, row=n)
        out.append(Source(sid, r.get("file", "").strip(), path, language, r.get("title", ""), r.get("author", ""),
                          r.get("outlet", ""), r.get("url", ""), published, r.get("retrieved", ""),
                          r.get("sha256", "").strip(), n, {c: r[c] for c in extra_columns}, manifest,
                          (found.st_size, found.st_mtime_ns)))
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


@dataclass(frozen=True)
class NewSource:
    """A file read and checked to become a source, nothing written yet: its text (a web page's or a
    PDF's as derived, see html.py), its id, language and metadata."""
    file: Path
    page: object | None         # html.Page when the file is a web page or a PDF (archived as it is)
    text: str
    source_id: str
    language: str
    meta: dict[str, str]        # title, author, outlet, url, published, retrieved


def read_new_source(file: Path, *, source_id: str | None = None, title: str = "", author: str = "",
                    outlet: str = "", url: str = "", published: str = "", retrieved: str = "",
                    language: str = "") -> NewSource:
    """A file read and checked as a new source; writes nothing (a file refused leaves no trace)."""
    from .html import is_archived_kind, read_archived
    file = Path(file)
    raw = file.read_bytes() if file.is_file() else b""
    page = read_archived(raw, str(file)) if raw and is_archived_kind(file.name, raw[:1024]) else None
    if page:
        said = page.meta
        title, author, outlet, url = title or said["title"], author or said["author"], outlet or said["outlet"], \
            url or said["url"]
        published = published or (said["published"] if is_iso_date(said["published"]) else "")
    text = page.text if page else read_text(file)
    sid = source_id or re.sub(r"[^a-z0-9._-]+", "-", file.stem.lower()).strip("-._")
    if not SOURCE_ID.fullmatch(sid or ""):
        raise ProvenanceError(f"source_id {sid!r} is not a slug ([a-z0-9][a-z0-9._-]*)", file=str(file))
    if published and not is_iso_date(published):
        raise ProvenanceError(f"published {published!r} is not an ISO 8601 date", file=str(file))
    language = (language or detect_language(text, where=str(file))).lower()
    if language not in available_languages():
        raise ProvenanceError(f"language {language!r} has no rules (known: {', '.join(available_languages())})",
                              file=str(file))
    return NewSource(file, page, text, sid, language, {"title": title, "author": author, "outlet": outlet, "url": url,
                                                       "published": published, "retrieved": retrieved})


def register_source(sources_dir: Path, new: NewSource, extra: dict | None = None) -> Source:
    """Copy a new source into sources/ under its id and register it in the manifest (sha256
    filled); a web page's or a PDF's own bytes are archived in sources/raw/."""
    sources_dir = Path(sources_dir)
    sid, file, page = new.source_id, new.file, new.page
    existing = load_sources(sources_dir, read=False) if (sources_dir / MANIFEST).exists() else []
    existing = [s for s in existing if s.row is not None]
    if any(s.source_id == sid for s in existing):
        raise ProvenanceError(f"source_id {sid!r} is already registered", file=str(sources_dir / MANIFEST))
    suffix = ".txt" if page else file.suffix.lower() if file.suffix.lower() in TEXT_SUFFIXES else ".txt"
    target = sources_dir / f"{sid}{suffix}"
    if target.exists() and target.resolve() != file.resolve():
        raise ProvenanceError(f"{target} already exists", file=str(target))
    sources_dir.mkdir(parents=True, exist_ok=True)
    extra = dict(extra or {})
    if page:
        extra.update(_archive(sources_dir, sid, file))
        if page.meta.get("pages"):
            extra["pages"] = page.meta["pages"]
        atomic_write_text(target, new.text)
    elif target.resolve() != file.resolve():
        atomic_copy(file, target)
    m = new.meta
    source = Source(sid, target.name, target, new.language, m["title"], m["author"], m["outlet"], m["url"],
                    m["published"], m["retrieved"], sha256_file(target), None, extra)
    from .manifest import update_manifest
    update_manifest(sources_dir, added=[source])
    return source


def add_source(sources_dir: Path, file: Path, *, extra: dict | None = None, **meta: str) -> Source:
    """Copy a text into sources/ under its id and register it in the manifest (sha256 filled).
    A web page is archived in sources/raw/ and its main text becomes the source (see html.py).
    `meta`: source_id, title, author, outlet, url, published, retrieved, language."""
    return register_source(sources_dir, read_new_source(file, **meta), extra)


def _archive(sources_dir: Path, sid: str, file: Path) -> dict[str, str]:
    """The page's original bytes in sources/raw/, and the manifest columns that pin them."""
    from .html import RAW_FOLDER
    raw = sources_dir / RAW_FOLDER / f"{sid}{file.suffix.lower() or '.html'}"
    raw.parent.mkdir(parents=True, exist_ok=True)
    atomic_copy(file, raw)
    return {"raw_file": raw.relative_to(sources_dir).as_posix(), "raw_sha256": sha256_file(raw)}
