"""Events as records: `events.csv` beside claims.csv, one row per event the sources report
(a toll's subject: "Kazakhstan unrest 2022", "Peru crash 2024").

The tool writes the events it reads; a person renames one (`name`), merges two (the other's name
in `aliases`, separated by `|`), or pins a source to an event (the `event` column of
sources.csv). Their rows (status other than `extracted`) survive every run, and extraction
files each toll under the event they say: claims are compared within one event only.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..claims import Qualifiers, row_digest
from ..plumbing import ProvenanceError, atomic_write_text, csv_text, dict_rows
from ..sources import read_csv_rows

EVENTS = "events.csv"
COLUMNS = ["event_id", "name", "kind", "country", "place", "start", "end", "aliases", "status"]
STATUSES = ("extracted", "confirmed", "manual")


@lru_cache(maxsize=None)
def subject_kinds() -> dict[str, str]:
    """Each attribute's subject kind (event, org, treaty, operation…) in the rules files' claims,
    its first rule's where it has several ("founded": an organisation's, then an operation's start)
    (read from the files, not compiled: a run that reads no article needs no pattern)."""
    from ..extraction import available_languages, read_language
    kinds: dict[str, str] = {}
    for code in available_languages():
        for spec in read_language(code).get("claim", []):
            if spec.get("subject"):
                kinds.setdefault(spec["attribute"], spec["subject"])
    return kinds


@lru_cache(maxsize=None)
def event_attributes() -> frozenset[str]:
    """The attributes whose subject is an event (tolls), in any language's rules."""
    return frozenset(attribute for attribute, kind in subject_kinds().items() if kind == "event")


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "event"


def events_path(claims_path: Path) -> Path:
    return Path(claims_path).parent / EVENTS


def read_events(path: Path) -> list[dict]:
    """events.csv's rows; a row without a name, or with an unknown status, is bad input."""
    return [row for _, row in read_named_rows(path, "an event")]


def read_named_rows(path: Path, noun: str, columns: list[str] | None = None) -> list[tuple[int, dict]]:
    """(line, row) of a table a person edits (events.csv, subjects.csv), status made canonical; a
    row without a name, an unknown status, or a column not in `columns` (when given) is bad input."""
    if not Path(path).exists():
        return []
    header, rows = read_csv_rows(Path(path))
    unknown = [c for c in header if columns is not None and c not in columns]
    if unknown:
        raise ProvenanceError(f"unknown column(s) {', '.join(map(repr, unknown))}; the columns are "
                              f"{', '.join(columns)}", file=str(path), row=1)
    out = []
    for r in rows:
        n = r.pop("__row__")
        if not (r.get("name") or "").strip():
            raise ProvenanceError(f"{noun} needs a name", file=str(path), row=n)
        status = (r.get("status") or "extracted").strip().lower()
        if status not in STATUSES:
            raise ProvenanceError(f"status {status!r} is not one of {', '.join(STATUSES)}", file=str(path), row=n)
        r["status"] = status
        out.append((n, r))
    return out


def names(events: list[dict]) -> dict[str, str]:
    """Every name and alias of an event (and its id) -> the event's name."""
    out = {}
    for e in events:
        name = e["name"].strip()
        for alias in [e.get("event_id", ""), name] + (e.get("aliases") or "").split("|"):
            if alias.strip():
                out.setdefault(alias.strip(), name)
    return out


def file_under_events(rows: list[dict], events: list[dict], pinned: dict[str, str]) -> list[dict]:
    """Rows whose subject is an event, renamed as events.csv (a person's merges and names) and
    sources.csv's `event` column (source id -> event) say; their digest follows their subject,
    so the tool's row stays the tool's."""
    to_name = names([e for e in events if e["status"] != "extracted"])
    tolls = event_attributes()
    out = []
    for row in rows:
        if row["attribute"] in tolls:
            wanted = pinned.get(row["source_id"]) or row["subject"]
            wanted = to_name.get(wanted, wanted)
            if wanted != row["subject"]:
                row = dict(row, subject=wanted)
                row["digest"] = row_digest(row)
        out.append(row)
    return out


def _parts(name: str, kinds: set[str]) -> tuple[str, str, str]:
    """(country, kind, year) of a name the gazetteer's template made ('Peru crash 2024')."""
    words = name.split()
    year = words.pop() if words and re.fullmatch(r"\d{4}", words[-1]) else ""
    kind = words.pop() if words and words[-1] in kinds else ""
    return " ".join(words), kind, year


@lru_cache(maxsize=None)
def event_kinds() -> frozenset[str]:
    """The kinds of event any language's rules name ('crash', 'unrest'), read from the rules files."""
    from ..extraction import available_languages, read_language
    return frozenset(kind for code in available_languages() for kind, words in read_language(code).get("events", {}).items()
                     if words) | {"unrest"}


def mentions(rows: Iterable[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """(kind, subject, place) of each (attribute, subject, qualifiers) whose attribute's subject
    kind the rules name and whose subject is not empty; the place is a toll's only (events.csv's)."""
    kinds, tolls, places = subject_kinds(), event_attributes(), {}
    out = set()
    for attribute, subject, qualifiers in rows:
        kind = kinds.get(attribute)
        if kind and subject:
            if attribute in tolls and qualifiers not in places:
                places[qualifiers] = Qualifiers.parse(qualifiers).get("place", "")
            out.add((kind, subject, places[qualifiers] if attribute in tolls else ""))
    return out


def derive(tolls: Iterable[tuple[str, str]], existing: list[dict]) -> list[dict]:
    """events.csv anew: a person's rows as they are, then every other event the claims' tolls
    ((subject, place) pairs, see mentions) name."""
    kinds = event_kinds()
    kept = [e for e in existing if e["status"] != "extracted"]
    known = set(names(kept))
    places: dict[str, set] = {}
    for subject, place in tolls:
        if subject not in known:
            places.setdefault(subject, set()).add(place)
    derived = []
    for name in sorted(places):
        country, kind, year = _parts(name, kinds)
        # a place only when every toll of the event is given for it
        place = next(iter(places[name])) if len(places[name]) == 1 else ""
        derived.append({"event_id": slug(name), "name": name, "kind": kind, "country": country, "place": place,
                        "start": year, "end": "", "aliases": "", "status": "extracted"})
    return kept + derived


def write_events(path: Path, events: list[dict]) -> None:
    write_table(path, COLUMNS, events)


def write_table(path: Path, columns: list[str], rows: list[dict]) -> None:
    """A table of rows written atomically, its columns then any other a row has; unchanged text
    is not written again (its time stays: see incremental.plan.tables_in_force)."""
    extra = [c for r in rows for c in r if c not in columns and c is not None]
    text = csv_text(dict_rows(columns + sorted(set(extra)), rows))
    if not Path(path).exists() or Path(path).read_text(encoding="utf-8") != text:
        atomic_write_text(Path(path), text)
