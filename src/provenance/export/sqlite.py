"""`provenance export --format sqlite`: the project as one SQLite database for `datasette`:
sources, events, claims (with full-text search on quotes), findings and their values, and each
source's profile (`provenance audit`: its trust, whose text it repeats, and the findings where
it is best supported or stands alone), joined by foreign keys. Written to a temporary file beside the target, then renamed over it."""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from ..audit import source_profiles
from ..claims import COLUMNS
from ..filing import events_path, read_events
from .filter import Filter
from ..project import State

SCHEMA = """
create table sources (source_id text primary key, title text, outlet text, url text, language text,
                      published text, author text);
create table events (event_id text primary key, name text unique, kind text, country text, place text,
                     start text, "end" text, aliases text, status text);
create table claims ({claims});
create table findings (finding_id text primary key, kind text, subject text, attribute text, qualifiers text,
                       severity real, internal integer, explanation text, likely_reason text, best_supported text,
                       accepted_reason text);
create table finding_values (finding_id text references findings(finding_id), value text, low text, high text,
                             bound text, claim_id text references claims(claim_id));
create table source_profiles (source_id text primary key references sources(source_id), outlet text,
                              claims integer, findings integer, best_supported integer, alone integer,
                              alone_share real, disagrees_most_with text, agrees_most_with text, revisions integer,
                              trust real, trust_low real, trust_high real, few_findings integer,
                              copy_of text references sources(source_id), copied_by integer);
create table source_findings (source_id text references sources(source_id),
                              finding_id text references findings(finding_id), role text);
create table copies (source_id text references sources(source_id), repeats text references sources(source_id),
                     original text references sources(source_id), passage text, claims integer);
create virtual table claims_fts using fts5(claim_id unindexed, quote, note, content="claims", content_rowid="rowid");
"""


def _claims_columns() -> str:
    columns = ['claim_id text primary key', 'source_id text references sources(source_id)']
    columns += [f'"{c}" {"integer" if c in ("start", "end") else "real" if c == "confidence" else "text"}'
                for c in COLUMNS if c not in ("claim_id", "source_id")]
    return ", ".join(columns)


def _fill(db: sqlite3.Connection, state: State, claims_path: Path, f: Filter) -> None:
    db.executemany("insert into sources values (?, ?, ?, ?, ?, ?, ?)",
                   [(sid, m.get("title", ""), m.get("outlet", ""), m.get("url", ""), m.get("language", ""),
                     m.get("published", ""), m.get("author", "")) for sid, m in sorted(state.meta.items())])
    db.executemany("insert into events values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [tuple(e.get(c, "") for c in ("event_id", "name", "kind", "country", "place", "start", "end",
                                                  "aliases", "status"))
                    for e in read_events(events_path(claims_path))])
    rows = [r for r in state.claims.values() if f.keeps(r)]
    marks = ", ".join("?" * len(COLUMNS))
    db.executemany(f"insert into claims ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in COLUMNS)}) "
                   f"values ({marks})",
                   [tuple(int(r[c]) if c in ("start", "end") and str(r[c]).isdigit() else r.get(c, "")
                          for c in COLUMNS) for r in rows])
    db.execute("insert into claims_fts (rowid, claim_id, quote, note) select rowid, claim_id, quote, note from claims")
    kept = {r["claim_id"] for r in rows}
    written = set()
    for d in state.comparison.discrepancies:
        if not kept & set(d.claim_ids):
            continue
        written.add(d.id)
        accepted = state.acceptance(d.id)["reason"] if state.stands(d.id) else ""
        db.execute("insert into findings values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (d.id, d.kind, d.subject, d.attribute, d.qualifiers, d.severity, int(d.internal), d.explanation,
                    d.reason, d.support, accepted))
        db.executemany("insert into finding_values values (?, ?, ?, ?, ?, ?)",
                       [(d.id, v.value, v.low, v.high, v.bound, c) for v in d.values for c in v.claim_ids if c in kept])
    _fill_audit(db, state, written)


PROFILE_COLUMNS = ("name", "outlet", "claims", "findings", "best_supported", "alone", "alone_share",
                   "disagrees_most_with", "agrees_most_with", "revisions", "trust", "trust_low", "trust_high",
                   "few_findings", "copy_of", "copied_by")


def _fill_audit(db: sqlite3.Connection, state: State, written: set[str]) -> None:
    """Each source's profile; the findings it is in, best supported in, or alone in (of those
    written); the copy groups, each copy with the passage it repeats."""
    audited = source_profiles(state.comparison, state.meta)
    profiles = {sid: p for sid, p in sorted(audited.items()) if sid in state.meta}
    db.executemany(f"insert into source_profiles values ({', '.join('?' * len(PROFILE_COLUMNS))})",
                   [tuple(_cell(p.row()[c]) for c in PROFILE_COLUMNS) for p in profiles.values()])
    db.executemany("insert into source_findings values (?, ?, ?)",
                   [(sid, fid, role) for sid, p in profiles.items()
                    for role, ids in (("in", p.findings), ("best_supported", p.best), ("alone", p.alone))
                    for fid in ids if fid in written])
    db.executemany("insert into copies values (?, ?, ?, ?, ?)",
                   [(c["source"], c["repeats"], g.original, c["passage"], c["claims"])
                    for g in audited.groups for c in g.passages])


def _cell(value):
    return None if value == "" else int(value) if isinstance(value, bool) else value


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("select name from sqlite_master where type in ('table', 'view')")}


def is_export_database(path: Path) -> bool:
    """A SQLite file holding exactly the tables write_sqlite makes (an earlier export)."""
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        found = _tables(db)
    except sqlite3.Error:
        return False
    finally:
        db.close()
    made = sqlite3.connect(":memory:")
    try:
        made.executescript(SCHEMA.format(claims=_claims_columns()))
        audit = {"source_profiles", "source_findings", "copies"}
        return found in (_tables(made), _tables(made) - audit,  # an export from before the audit
                         _tables(made) - audit | {"source_profiles"})
    finally:
        made.close()


def write_sqlite(state: State, claims_path: Path, out: Path, f: Filter) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(SCHEMA.format(claims=_claims_columns()))
            with db:
                _fill(db, state, claims_path, f)
        finally:
            db.close()
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
