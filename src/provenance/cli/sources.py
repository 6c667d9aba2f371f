"""`provenance sources add` and `remove`: files, folders, web pages, PDFs and URLs in; a source out."""
from __future__ import annotations

from pathlib import Path

import click

from .common import claims_option, handles_errors, main, sources_option
from ..plumbing import ProvenanceError, printable, project_lock


@main.group()
def sources() -> None:
    """List or register sources.

    \b
    Example:
      provenance sources list
    """


@sources.command("list")
@sources_option
@handles_errors
def sources_list(sources_dir: Path) -> None:
    """Show the sources, their language, date and outlet.

    \b
    Example:
      provenance sources list --sources sources
    """
    from ..extraction import is_read
    from ..sources import load_sources
    rows = [("id", "lang", "published", "outlet or title")]
    for s in load_sources(sources_dir, read=False):
        notes = ([] if s.row is not None else ["not in sources.csv"]) + ([] if is_read(s.language) else ["skipped: no rules"])
        rows.append((s.source_id, s.language, s.published or "-",
                     (s.outlet or s.title or s.file) + (f"  ({'; '.join(notes)})" if notes else "")))
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[3])
    click.echo(f"{len(rows) - 1} sources")


SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
PROGRESS_FROM = 20      # a progress bar when adding this many sources at once, on a terminal


@sources.command("add")
@click.argument("items", nargs=-1, required=True, metavar="FILE|FOLDER|URL...")
@sources_option
@click.option("--id", "source_id", help="Source id (a slug); default: from the file name. One source only.")
@click.option("--title", default="")
@click.option("--author", default="")
@click.option("--outlet", default="")
@click.option("--url", default="")
@click.option("--published", default="", help="ISO 8601: 2022, 2022-01 or 2022-01-07.")
@click.option("--retrieved", default="")
@click.option("--language", default="", help="Rules to read it with (fr, en); default: detected.")
@handles_errors
def sources_add(items: tuple[str, ...], sources_dir: Path, **meta) -> None:
    """Copy files into sources/ and register them in sources.csv with their sha256; a web page
    (a saved .html, or a URL fetched once) or a PDF is archived and its text becomes the source.
    A folder adds its .txt, .md, .html and .pdf files.

    \b
    Examples:
      provenance sources add article.txt --outlet "AFP" --published 2022-01-07 --language fr
      provenance sources add page.html report.pdf
      provenance sources add ~/Downloads/kazakhstan/
      provenance sources add https://www.france24.com/fr/asie-pacifique/20220107-otsc
    """
    todo = [entry for item in items for entry in _expand(item)]
    if meta.get("source_id") and len(todo) > 1:
        raise click.UsageError("--id names one source; give one file or URL with it")
    done, languages = 0, {}
    with _progress(len(todo)) as advance:
        for entry in todo:
            try:
                source = _add_one(entry, sources_dir, dict(meta))
            except (ProvenanceError, OSError):  # a full disk too: say what was added before it
                if done:
                    click.echo(f"({done} of {len(todo)} added before this error; each one complete)", err=True)
                raise
            done += 1
            advance()
            languages[source.language] = languages.get(source.language, 0) + 1
            if len(todo) < PROGRESS_FROM:  # many: the bar, then the total, not a line each
                click.echo(printable(f"added {source.source_id} ({source.language}) as {source.path}; "
                                     f"sha256 {source.sha256[:12]}…"))
    if len(todo) > 1:
        by_language = ", ".join(f"{n:,} {lang}" for lang, n in sorted(languages.items()))
        click.echo(f"added {done:,} sources ({by_language}) to {printable(sources_dir)}")


def _expand(item: str) -> list[str]:
    """A folder's source files (sorted), or the item itself."""
    from ..sources import is_url
    path = Path(item)
    if not is_url(item) and path.is_dir():
        found = sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
        if not found:
            raise ProvenanceError(f"no {', '.join(SOURCE_SUFFIXES)} files in this folder", file=item)
        return found
    return [item]


def _progress(total: int):
    """A context giving `advance()`: a rich progress bar on a terminal for many sources."""
    from contextlib import contextmanager
    import sys

    @contextmanager
    def bar():
        if total < PROGRESS_FROM or not sys.stderr.isatty():
            yield lambda: None
            return
        from rich.progress import Progress
        with Progress(transient=True) as progress:
            task = progress.add_task("adding sources", total=total)
            yield lambda: progress.advance(task)
    return bar()


def _add_one(item: str, sources_dir: Path, meta: dict):
    from ..sources import fetch_url as fetch, is_url
    from ..sources import read_new_source, register_source
    fetched = None
    if is_url(item):
        fetched = fetch(item)
        meta["url"] = meta.get("url") or fetched.final_url
        meta["retrieved"] = meta.get("retrieved") or _iso_day(fetched.date)
        meta["source_id"] = meta.get("source_id") or _slug_of(fetched.final_url)
    try:
        new = read_new_source(fetched.path if fetched else Path(item), **meta,  # a file refused leaves no trace
                              where=item if fetched else "")
        with project_lock(sources_dir):
            return register_source(sources_dir, new)
    finally:
        if fetched:
            fetched.path.unlink(missing_ok=True)


@sources.command("remove")
@click.argument("source_id")
@sources_option
@claims_option
@click.option("--dry-run", is_flag=True, help="Say what would be removed, and remove nothing.")
@handles_errors
def sources_remove(source_id: str, sources_dir: Path, claims_path: Path, dry_run: bool) -> None:
    """Remove a source: its text, its manifest row and its extracted claims. Claims a person
    reviewed stay in claims.csv, orphaned, until a person deletes them.

    \b
    Example:
      provenance sources remove blog-wikipedia --dry-run
      provenance sources remove blog-wikipedia
    """
    from ..review import remove_source
    with project_lock(sources_dir, claims_path):
        removal = remove_source(sources_dir, claims_path, source_id, dry_run=dry_run)
    files = ", ".join(str(p) for p in removal.files)
    said = (f"{'would remove' if dry_run else 'removed'} {source_id} ({files}, its row of sources.csv): "
            f"{removal.dropped} extracted claims {'would be ' if dry_run else ''}dropped")
    if removal.kept:
        said += f"; {removal.kept} claims a person reviewed kept in {claims_path}, orphaned (provenance check names them)"
    click.echo(printable(said + ("; nothing was removed (--dry-run)" if dry_run else "")))


def _iso_day(http_date: str) -> str:
    """'Sun, 29 Nov 2026 06:00:00 GMT' -> '2026-11-29' ('' when unreadable)."""
    from email.utils import parsedate_to_datetime
    try:
        return parsedate_to_datetime(http_date).date().isoformat() if http_date else ""
    except (TypeError, ValueError):
        return ""


def _slug_of(url: str) -> str:
    """A source id from a URL's host and last path part: 'www.france24.com/fr/…/otsc' -> 'france24-com-otsc'."""
    import re
    from urllib.parse import urlparse
    parts = urlparse(url)
    host = re.sub(r"^www\.", "", parts.hostname or "page")
    last = [p for p in parts.path.split("/") if p][-1:] or [""]
    return re.sub(r"[^a-z0-9]+", "-", f"{host}-{last[0].rsplit('.', 1)[0]}".lower()).strip("-")[:60] or "page"
