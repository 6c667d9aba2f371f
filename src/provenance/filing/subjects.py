"""Subjects as records: `subjects.csv` beside claims.csv, one row per subject a claim names that
is not an event (an organisation, a treaty, an operation, a force), named as the sources write
it ("Ligue arabe", "Arab League", "League of Arab States"), with the sources that name it.

The tool writes the subjects it reads; a person renames one (`name`) or merges several (the
others' names in `aliases`, separated by `|`) and marks the row `confirmed`. Their rows (status
other than `extracted`) survive every run, even once no claim names them, and extraction files
each claim under the name they say (as events.csv does for tolls: see events.py), so claims
of one subject written two ways are compared as one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..claims import row_digest
from ..plumbing import ProvenanceError
from .events import event_attributes, read_named_rows, slug, write_table

SUBJECTS = "subjects.csv"
COLUMNS = ["subject_id", "name", "kind", "aliases", "sources", "status"]


def subjects_path(claims_path: Path) -> Path:
    return Path(claims_path).parent / SUBJECTS


def read_subjects(path: Path) -> list[dict]:
    """subjects.csv's rows. Bad input: an unknown column, a row without a name or with an unknown
    status, a name, alias or id two of a person's rows claim, a loop of renames."""
    numbered = read_named_rows(path, "a subject", COLUMNS)
    Filing.of(numbered, str(path))
    return [row for _, row in numbered]


def _aliases(row: dict) -> list[str]:
    return [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]


@dataclass(frozen=True)
class Filing:
    """Where a person's rows file a subject: its aliases under their row's name (following a
    renamed name to its end: A's alias B is C's name, so B's claims go to C's name), and a
    spelling whose slug is a row's `subject_id` under that row's name (a rename that kept the id)."""
    to_name: dict[str, str]
    by_id: dict[str, str]
    names: frozenset[str]

    @classmethod
    def of(cls, numbered: list[tuple[int, dict]], where: str = SUBJECTS) -> "Filing":
        kept = [(n, row) for n, row in numbered if row["status"] != "extracted"]
        step: dict[str, tuple[str, int]] = {}
        ids: dict[str, tuple[str, int]] = {}
        for n, row in kept:
            name, ident = row["name"].strip(), (row.get("subject_id") or "").strip()
            if ident in ids:
                raise ProvenanceError(f"subject_id {ident!r} is also line {ids[ident][1]}'s", file=where, row=n)
            if ident:
                ids[ident] = (name, n)
            for alias in _aliases(row):
                if alias in step and step[alias][0] != name:
                    raise ProvenanceError(f"alias {alias!r} is claimed by two rows: line {step[alias][1]} files it "
                                          f"under {step[alias][0]!r}, this one under {name!r}", file=where, row=n)
                if alias != name:
                    step[alias] = (name, n)
        to_name = {alias: _end(alias, step, where) for alias in step}
        return cls(to_name, {ident: to_name.get(name, name) for ident, (name, _) in ids.items()},
                   frozenset(row["name"].strip() for _, row in kept))

    def name(self, subject: str) -> str:
        """The name a claim of this subject is filed under (the subject itself when no row says)."""
        if subject in self.to_name:
            return self.to_name[subject]
        if subject in self.names or not self.by_id:
            return subject
        return self.by_id.get(slug(subject), subject)


def _end(alias: str, step: dict[str, tuple[str, int]], where: str) -> str:
    """The name `alias` ends up under; a loop (A under B, B under A) is bad input."""
    seen, name = [alias], step[alias][0]
    while name in step:
        if name in seen:
            raise ProvenanceError(f"the renames loop: {' -> '.join(seen + [name])}", file=where,
                                  row=step[name][1])
        seen.append(name)
        name = step[name][0]
    return name


def file_under_subjects(rows: list[dict], subjects: list[dict]) -> list[dict]:
    """Rows whose subject a person renamed or merged (subjects.csv), under its confirmed name;
    their digest follows their subject, so the tool's row stays the tool's (and its claim id,
    which no subject enters, stays the same)."""
    filing = Filing.of(list(enumerate(subjects)))
    if not filing.to_name and not filing.by_id:
        return rows
    tolls = event_attributes()
    out = []
    for row in rows:
        wanted = filing.name(row["subject"]) if row["attribute"] not in tolls and row["subject"] else row["subject"]
        if wanted != row["subject"]:
            row = dict(row, subject=wanted)
            row["digest"] = row_digest(row)
        out.append(row)
    return out


def derive_subjects(named: Iterable[tuple[str, str, str]], existing: list[dict]) -> list[dict]:
    """subjects.csv anew from the (source id, kind, subject) claims.csv's rows name: a person's rows
    as they are (their `sources` counted again, "" once no claim names them), then every other
    subject, with the sources naming it."""
    kept = [dict(s) for s in existing if s["status"] != "extracted"]
    filing = Filing.of(list(enumerate(kept)))
    sources: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}
    for source_id, kind, subject in named:
        sources.setdefault(filing.name(subject), set()).add(source_id)
        kinds.setdefault(subject, set()).add(kind)
    for row in kept:
        row["sources"] = ";".join(sorted(sources.get(row["name"].strip(), ())))
    derived = [{"subject_id": slug(name), "name": name, "kind": ";".join(sorted(kinds[name])), "aliases": "",
                "sources": ";".join(sorted(sources[name])), "status": "extracted"}
               for name in sorted(sources) if name not in filing.names]
    return kept + derived


def write_subjects(path: Path, subjects: list[dict]) -> None:
    write_table(path, COLUMNS, subjects)

