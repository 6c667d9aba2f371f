"""A new source: a file (a text, a saved web page, a PDF) read and checked first, writing nothing,
then registered: copied into sources/ under its id, a page's own bytes archived in sources/raw/,
its manifest row written with its sha256 (what `provenance sources add` does)."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..plumbing import ProvenanceError, atomic_copy, atomic_write_text, refuse_links
from ..extraction import LANGUAGE_CODE, detect_language, is_read, normal_language, unread_language
from .manifest import MANIFEST, SOURCE_ID, SourceWarning, UnreadLanguage, TEXT_SUFFIXES, Source, is_iso_date, load_sources, read_text, sha256_file


@dataclass(frozen=True)
class NewSource:
    """A file read and checked to become a source, nothing written yet: its text (a web page's or a
    PDF's as derived, see webpage.py), its id, language and metadata."""
    file: Path
    page: object | None         # html.Page when the file is a web page or a PDF (archived as it is)
    text: str
    source_id: str
    language: str
    meta: dict[str, str]        # title, author, outlet, url, published, retrieved


def read_new_source(file: Path, *, source_id: str | None = None, title: str = "", author: str = "",
                    outlet: str = "", url: str = "", published: str = "", retrieved: str = "",
                    language: str = "", where: str = "") -> NewSource:
    """A file read and checked as a new source; writes nothing (a file refused leaves no trace).
    `where` names it in messages (the URL a fetched page came from; default: the file)."""
    from .webpage import is_archived_kind, read_archived
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
    language = normal_language(language) or detect_language(text)
    if not LANGUAGE_CODE.fullmatch(language):
        raise ProvenanceError(f"language {language!r} is not a language code (ISO 639-1, as en or fr)",
                              file=where or str(file))
    if not is_read(language):
        warnings.warn(unread_language(language, where or str(file)), SourceWarning, stacklevel=2)
    return NewSource(file, page, text, sid, language, {"title": title, "author": author, "outlet": outlet, "url": url,
                                                       "published": published, "retrieved": retrieved})


def register_source(sources_dir: Path, new: NewSource, extra: dict | None = None) -> Source:
    """Copy a new source into sources/ under its id and register it in the manifest (sha256
    filled); a web page's or a PDF's own bytes are archived in sources/raw/."""
    sources_dir = Path(sources_dir)
    sid, file, page = new.source_id, new.file, new.page
    with warnings.catch_warnings():  # the sources there already: said by the run that reads them
        warnings.simplefilter("ignore", UnreadLanguage)
        existing = load_sources(sources_dir, read=False) if (sources_dir / MANIFEST).exists() else []
    existing = [s for s in existing if s.row is not None]
    if any(s.source_id == sid for s in existing):
        raise ProvenanceError(f"source_id {sid!r} is already registered: give this source another with --id NEW_ID "
                              f"(or `provenance sources remove {sid}` first to replace it)", file=str(sources_dir / MANIFEST))
    suffix = ".txt" if page else file.suffix.lower() if file.suffix.lower() in TEXT_SUFFIXES else ".txt"
    target = sources_dir / f"{sid}{suffix}"
    raw_target = _raw_path(sources_dir, sid, file) if page else None
    for written in filter(None, (target, raw_target, sources_dir / MANIFEST)):
        refuse_links(written, sources_dir)
    if target.exists() and target.resolve() != file.resolve():
        raise ProvenanceError(f"{target} already exists", file=str(target))
    sources_dir.mkdir(parents=True, exist_ok=True)
    extra = dict(extra or {})
    if page:
        extra.update(_archive(sources_dir, raw_target, file))
        if page.meta.get("pages"):
            extra["pages"] = page.meta["pages"]
        atomic_write_text(target, new.text)
    elif target.resolve() != file.resolve():
        atomic_copy(file, target)
    m = new.meta
    source = Source(sid, target.name, target, new.language, m["title"], m["author"], m["outlet"], m["url"],
                    m["published"], m["retrieved"], sha256_file(target), None, extra)
    from .update import update_manifest
    update_manifest(sources_dir, added=[source])
    return source


def _raw_path(sources_dir: Path, sid: str, file: Path) -> Path:
    """Where a page's original bytes are archived: sources/raw/<id><its suffix>."""
    from .webpage import RAW_FOLDER
    return sources_dir / RAW_FOLDER / f"{sid}{file.suffix.lower() or '.html'}"


def _archive(sources_dir: Path, raw: Path, file: Path) -> dict[str, str]:
    """The page's original bytes in sources/raw/, and the manifest columns that pin them."""
    raw.parent.mkdir(parents=True, exist_ok=True)
    atomic_copy(file, raw)
    return {"raw_file": raw.relative_to(sources_dir).as_posix(), "raw_sha256": sha256_file(raw)}
