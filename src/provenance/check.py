"""`provenance check`: the CI gate. Each check is a small function yielding Problems.

- schema: the contract's columns and types, allowed bounds and statuses, known sources,
  unique ids, value_low <= value_high (a malformed table is bad input: exit 2);
- provenance: each source's sha256 against the manifest; `text[start:end] == quote`, and where
  not, the quote re-anchored: `drifted` (found elsewhere, fixable) or `orphaned` (gone);
- staleness: what extraction over the current sources would add or drop;
- contradictions: contradictions not in the accepted baseline (reports/accepted.csv).
"""
from __future__ import annotations

import csv
import io
import math
import re
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pandas as pd
from rapidfuzz import fuzz

from .claims import BOUNDS, COLUMNS, STATUSES, HUMAN_STATUSES, read_claims, write_claims
from .errors import ProvenanceError
from .io import atomic_write_text
from .sources import MANIFEST, LazyTexts, Source, load_sources, sha256_file, write_manifest

ERROR, WARNING, BAD_INPUT = "error", "warning", "bad-input"
ACCEPTED_COLUMNS = ["discrepancy_id", "reason", "accepted_at", "summary"]
FUZZY_ANCHOR = 90  # how alike a passage must be to say where a changed quote went


@dataclass
class Problem:
    code: str
    message: str
    file: str
    row: int | None = None          # 1-based line in the file (the CSV header is line 1)
    claim_id: str = ""
    severity: str = ERROR
    fix: dict = field(default_factory=dict)  # for drifted quotes: the new start/end


@dataclass
class CheckInput:
    claims_path: Path
    sources_dir: Path
    baseline_path: Path
    table: pd.DataFrame
    lines: dict[int, int]           # table index -> line in claims.csv
    sources: list[Source]
    texts: LazyTexts
    records: list[dict] = field(default_factory=list)  # the table's rows as dicts, built once


# -- reading ---------------------------------------------------------------------------------------
def record_lines(path: Path) -> list[int]:
    """The line on which each CSV record starts (records may span lines: quoted newlines)."""
    if not path.exists():
        return []
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, line = [], 1
    try:
        for _ in reader:
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:
        pass
    return starts[1:]  # without the header


def records(table: pd.DataFrame) -> list[dict]:
    """Rows as dicts, column-wise (pandas' to_dict('records') is ten times slower)."""
    columns = list(table.columns)
    return [dict(zip(columns, values)) for values in zip(*(table[c].tolist() for c in columns))]


def load_input(claims_path: Path, sources_dir: Path, baseline_path: Path) -> CheckInput:
    claims_path, sources_dir = Path(claims_path), Path(sources_dir)
    sources = load_sources(sources_dir, read=False)
    texts = LazyTexts.of(sources, strict=True)  # an unreadable source is bad input, named with its row
    table = read_claims(claims_path, missing_ok=False)
    starts = record_lines(claims_path)
    lines = {i: (starts[i] if i < len(starts) else i + 2) for i in range(len(table))}
    return CheckInput(claims_path, sources_dir, Path(baseline_path), table, lines, sources, texts, records(table))


# -- the checks --------------------------------------------------------------------------------------
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_QUALIFIERS = re.compile(r"([a-z_]+=[^;=\s]+)(;[a-z_]+=[^;=\s]+)*")


def _orderable(value: str) -> tuple[str, float | str] | None:
    if _NUMBER.fullmatch(value):
        return ("n", float(value))
    if _DATE.fullmatch(value):
        return ("d", value)
    return None


def check_schema(inp: CheckInput) -> Iterator[Problem]:
    """The contract's columns, types and vocabularies, row by row."""
    file = str(inp.claims_path)
    known = {s.source_id for s in inp.sources}
    seen: dict[str, int] = {}
    for i, row in enumerate(inp.records):
        line = inp.lines[i]
        cid = row["claim_id"].strip()

        def bad(code: str, message: str) -> Problem:
            return Problem(code, message, file, line, cid, BAD_INPUT)

        if not cid:
            yield bad("missing-claim-id", "empty claim_id")
        elif cid in seen:
            yield bad("duplicate-claim-id", f"claim_id {cid!r} already on line {seen[cid]}")
        else:
            seen[cid] = line
        if row["source_id"] not in known:
            yield bad("unknown-source", f"source_id {row['source_id']!r} is not in {inp.sources_dir / MANIFEST}")
        if not row["attribute"].strip():
            yield bad("missing-attribute", "empty attribute")
        if row["bound"] not in BOUNDS:
            yield bad("bad-bound", f"bound {row['bound']!r} is not one of {', '.join(BOUNDS)}")
        if row["status"] not in STATUSES:
            yield bad("bad-status", f"status {row['status']!r} is not one of {', '.join(STATUSES)}")
        if row["qualifiers"] and not _QUALIFIERS.fullmatch(row["qualifiers"]):
            yield bad("bad-qualifiers", f"qualifiers {row['qualifiers']!r} are not key=value pairs separated by ;")
        values = {}
        for col in ("value", "value_low", "value_high"):
            v = row[col].strip()
            if v and _orderable(v) is None:
                yield bad("bad-value", f"{col} {v!r} is neither a number nor an ISO date")
            values[col] = _orderable(v) if v else None
        lo, hi = values["value_low"], values["value_high"]
        if lo and hi and lo[0] == hi[0] and lo[1] > hi[1]:
            yield bad("low-above-high", f"value_low {row['value_low']} is above value_high {row['value_high']}")
        for col in ("start", "end"):
            v = row[col].strip()
            if v and not v.isdigit():
                yield bad("bad-offset", f"{col} {v!r} is not a non-negative integer")
        if row["start"].strip().isdigit() and row["end"].strip().isdigit() and int(row["start"]) > int(row["end"]):
            yield bad("bad-offset", f"start {row['start']} is after end {row['end']}")
        if (row["start"].strip() == "") != (row["end"].strip() == ""):
            yield bad("bad-offset", "start and end must both be set or both be empty")
        if row["status"] != "manual" and not row["quote"]:
            yield bad("missing-quote", "an extracted claim needs its quote")
        conf = row["confidence"].strip()
        if conf:
            try:
                c = float(conf)
                if not (0 <= c <= 1) or math.isnan(c):
                    raise ValueError
            except ValueError:
                yield bad("bad-confidence", f"confidence {conf!r} is not a number between 0 and 1")


def check_hashes(inp: CheckInput) -> Iterator[Problem]:
    """Each source's bytes against the sha256 the manifest pins."""
    manifest = str(inp.sources_dir / MANIFEST)
    for s in inp.sources:
        if s.row is None:
            yield Problem("unlisted-source", f"{s.file} is not in {MANIFEST}: add it with 'provenance sources add'",
                          manifest, None, "", WARNING)
            continue
        actual = sha256_file(s.path)
        if not s.sha256:
            yield Problem("missing-sha256", f"{s.source_id}: no sha256 in the manifest (actual {actual})",
                          manifest, s.row, "", ERROR, {"source_id": s.source_id, "sha256": actual})
        elif s.sha256.lower() != actual:
            yield Problem("sha256-mismatch", f"{s.source_id}: {s.file} changed since it was registered "
                          f"(manifest {s.sha256[:12]}…, file {actual[:12]}…)", manifest, s.row, "", ERROR,
                          {"source_id": s.source_id, "sha256": actual})


def reanchor(text: str, quote: str, old_start: int) -> tuple[str, int, int, float]:
    """Where a quote stands now: ('exact'|'fuzzy'|'gone', start, end, score).

    An exact occurrence nearest the old place wins; without one, rapidfuzz aligns the quote
    with the text around the old place, then anywhere, so a changed quote is reported with the
    passage it became, never silently re-anchored.
    """
    hits = [m.start() for m in re.finditer(re.escape(quote), text)] if quote else []
    if hits:
        start = min(hits, key=lambda h: abs(h - old_start))
        return "exact", start, start + len(quote), 100.0
    if not quote:
        return "gone", 0, 0, 0.0
    for lo, hi in ((max(0, old_start - 2000), old_start + len(quote) + 2000), (0, len(text))):
        window = text[lo:hi]
        if not window:
            continue
        alignment = fuzz.partial_ratio_alignment(quote, window, score_cutoff=FUZZY_ANCHOR)
        if alignment is not None:
            return "fuzzy", lo + alignment.dest_start, lo + alignment.dest_end, alignment.score
    return "gone", 0, 0, 0.0


def check_quotes(inp: CheckInput) -> Iterator[Problem]:
    """text[start:end] == quote for every row with offsets; re-anchor the ones that moved."""
    file = str(inp.claims_path)
    for i, row in enumerate(inp.records):
        text = inp.texts.get(row["source_id"])
        s, e = row["start"].strip(), row["end"].strip()
        if text is None or not (s.isdigit() and e.isdigit()) or not row["quote"]:
            continue
        start, end, quote = int(s), int(e), row["quote"]
        if text[start:end] == quote:
            continue
        line, cid = inp.lines[i], row["claim_id"]
        how, new_start, new_end, score = reanchor(text, quote, start)
        if how == "exact":
            yield Problem("drifted", f"quote found at {new_start}:{new_end}, not {start}:{end} "
                          f"(fix: provenance check --fix)", file, line, cid, ERROR, {"start": new_start, "end": new_end})
        elif how == "fuzzy":
            now = " ".join(text[new_start:new_end].split())
            yield Problem("orphaned", f"quote no longer in {row['source_id']}; the closest passage "
                          f"({score:.0f}% alike, at {new_start}:{new_end}) now reads {now[:120]!r}", file, line, cid)
        else:
            yield Problem("orphaned", f"quote no longer in {row['source_id']}: {quote[:80]!r}", file, line, cid)


def check_staleness(inp: CheckInput, scope: set[str] | None = None, jobs: int | None = None) -> Iterator[Problem]:
    """Claims extraction would add or drop today: someone forgot 'provenance extract'."""
    from .pipeline import extract_rows
    file = str(inp.claims_path)
    table = inp.table
    present = set(table["claim_id"])
    extracted_rows = {r["claim_id"]: i for i, r in enumerate(inp.records) if r["status"] == "extracted"}
    sources = [s for s in inp.sources if scope is None or s.source_id in scope]
    by_source, _ = extract_rows(sources, inp.claims_path, jobs, use_cache=True)
    fresh: dict[str, dict] = {row["claim_id"]: row for rows in by_source.values() for row in rows}
    for cid, row in sorted(fresh.items()):
        if cid not in present:
            yield Problem("stale-missing", f"extraction finds a claim not in {inp.claims_path.name}: {row['attribute']} "
                          f"{row['qualifiers']} {row['value']} in {row['source_id']} ({row['quote'][:60]!r}); "
                          f"run 'provenance extract'", file, None, cid)
    for cid, i in sorted(extracted_rows.items(), key=lambda kv: kv[1]):
        source_id = inp.records[i]["source_id"]
        if scope is not None and source_id not in scope:
            continue
        if cid not in fresh and not inp.records[i]["note"].strip():
            yield Problem("stale-extra", f"extraction no longer finds this claim; run 'provenance extract'",
                          file, inp.lines[i], cid)


def read_accepted(path: Path) -> dict[str, dict]:
    if not Path(path).exists():
        return {}
    from .sources import read_csv_rows
    header, rows = read_csv_rows(Path(path))
    if rows and ("discrepancy_id" not in header or "reason" not in header):
        raise ProvenanceError("needs the columns discrepancy_id and reason", file=str(path), row=1)
    out = {}
    for r in rows:
        n = r.pop("__row__")
        if not r["discrepancy_id"].strip():
            raise ProvenanceError("empty discrepancy_id", file=str(path), row=n)
        if not r["reason"].strip():
            raise ProvenanceError(f"{r['discrepancy_id']}: an accepted discrepancy needs a reason", file=str(path), row=n)
        out[r["discrepancy_id"].strip()] = r
    return out


def check_contradictions(inp: CheckInput, comparison=None) -> Iterator[Problem]:
    """A contradiction nobody has accepted fails the build."""
    from .compare import compare
    accepted = read_accepted(inp.baseline_path)
    meta = {s.source_id: s.meta() for s in inp.sources}
    comparison = comparison or compare(inp.table, meta, inp.texts)
    line_of = {r["claim_id"]: inp.lines[i] for i, r in enumerate(inp.records)}
    current = set()
    for d in comparison.discrepancies:
        current.add(d.id)
        if d.kind != "contradiction" or d.id in accepted:
            continue
        claim_ids = d.claim_ids
        lines = sorted(line_of[c] for c in claim_ids if c in line_of)
        yield Problem("unaccepted-contradiction",
                      f"{d.id}: {d.explanation} Review it, then: provenance accept {d.id} --reason \"…\"",
                      str(inp.claims_path), lines[-1] if lines else None, claim_ids[-1] if claim_ids else "",
                      ERROR, {"discrepancy_id": d.id, "claim_ids": claim_ids})
    for did in sorted(set(accepted) - current):
        yield Problem("accepted-unused", f"{did} is accepted but no longer found; remove it from {inp.baseline_path.name}",
                      str(inp.baseline_path), None, "", WARNING)


# -- only what changed ------------------------------------------------------------------------------
def _git(args: list[str], cwd: Path) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ProvenanceError(f"git failed: {e}") from None
    if out.returncode != 0:
        raise ProvenanceError(f"git {' '.join(args)}: {out.stderr.strip() or 'failed'}")
    return out.stdout


def changed_since(ref: str, inp: CheckInput) -> tuple[set[str], set[str]]:
    """(claim ids added or changed, source ids added or changed) since a git ref."""
    root = Path(_git(["rev-parse", "--show-toplevel"], inp.claims_path.resolve().parent).strip())
    _git(["rev-parse", "--verify", f"{ref}^{{commit}}"], root)
    rel_claims = inp.claims_path.resolve().relative_to(root).as_posix()
    rel_sources = inp.sources_dir.resolve().relative_to(root).as_posix()
    try:
        old_text = _git(["show", f"{ref}:{rel_claims}"], root)
        old = pd.read_csv(io.StringIO(old_text), dtype=str, keep_default_na=False) if old_text.strip() else None
    except (ProvenanceError, pd.errors.ParserError, ValueError):
        old = None
    old_rows = {} if old is None else {r.get("claim_id", ""): r for r in records(old)}
    claims = set()
    for r in inp.records:
        before = old_rows.get(r["claim_id"])
        if before is None or any(str(before.get(c, "")) != str(r.get(c, "")) for c in COLUMNS):
            claims.add(r["claim_id"])
    names = _git(["diff", "--name-only", ref, "--", rel_sources], root).split()
    names += _git(["ls-files", "--others", "--exclude-standard", "--", rel_sources], root).split()
    changed_files = {Path(n).name for n in names}
    sources = {s.source_id for s in inp.sources if Path(s.file).name in changed_files}
    if MANIFEST in changed_files:
        old_manifest = {}
        try:
            text = _git(["show", f"{ref}:{rel_sources}/{MANIFEST}"], root)
            old_manifest = {r["source_id"]: r for r in csv.DictReader(io.StringIO(text))}
        except ProvenanceError:
            pass
        for s in inp.sources:
            before = old_manifest.get(s.source_id)
            if before is None or before.get("sha256", "") != s.sha256 or before.get("file", "") != s.file:
                sources.add(s.source_id)
    return claims, sources


# -- running it ----------------------------------------------------------------------------------------
@dataclass
class CheckResult:
    problems: list[Problem]
    checked_claims: int
    checked_sources: int

    @property
    def exit_code(self) -> int:
        if any(p.severity == BAD_INPUT for p in self.problems):
            return 2
        return 1 if any(p.severity == ERROR for p in self.problems) else 0


def run_checks(claims_path: Path, sources_dir: Path, baseline_path: Path, since: str | None = None) -> CheckResult:
    inp = load_input(claims_path, sources_dir, baseline_path)
    claim_scope, source_scope = changed_since(since, inp) if since else (None, None)
    problems = list(check_schema(inp))
    if not problems:  # a malformed table: the other checks would only repeat it
        problems += check_hashes(inp)
        problems += check_quotes(inp)
        problems += check_staleness(inp, source_scope)
        problems += check_contradictions(inp)
    if since:
        source_of = dict(zip(inp.table["claim_id"], inp.table["source_id"]))
        problems = [p for p in problems if _touches(p, claim_scope, source_scope, source_of, inp)]
    return CheckResult(problems, len(inp.table), len(inp.sources))


def _touches(p: Problem, claims: set, sources: set, source_of: dict, inp: CheckInput) -> bool:
    if p.claim_id and (p.claim_id in claims or source_of.get(p.claim_id) in sources):
        return True
    if p.code == "unaccepted-contradiction":
        return any(i in claims or source_of.get(i) in sources for i in p.fix.get("claim_ids", []))
    if p.code in ("sha256-mismatch", "missing-sha256"):
        return p.fix.get("source_id") in sources
    if p.code == "stale-missing":
        return True  # scoped to changed sources already
    return False


def apply_fixes(result: CheckResult, claims_path: Path, sources_dir: Path) -> list[str]:
    """Write drifted offsets into claims.csv and the new hashes of re-anchored sources."""
    done = []
    drifted = {p.claim_id: p.fix for p in result.problems if p.code == "drifted"}
    if drifted:
        table = read_claims(claims_path, missing_ok=False)
        for i, cid in enumerate(table["claim_id"]):
            if cid in drifted:
                table.at[i, "start"] = str(drifted[cid]["start"])
                table.at[i, "end"] = str(drifted[cid]["end"])
        write_claims(table, claims_path)
        done.append(f"re-anchored {len(drifted)} quote(s) in {claims_path}")
    orphaned_sources = set()
    table = read_claims(claims_path, missing_ok=False)
    source_of = dict(zip(table["claim_id"], table["source_id"]))
    for p in result.problems:
        if p.code == "orphaned":
            orphaned_sources.add(source_of.get(p.claim_id))
    rehash = {p.fix["source_id"]: p.fix["sha256"] for p in result.problems
              if p.code in ("sha256-mismatch", "missing-sha256") and p.fix.get("source_id") not in orphaned_sources}
    if rehash:
        sources = [s for s in load_sources(sources_dir, read=False) if s.row is not None]
        for s in sources:
            if s.source_id in rehash:
                s.sha256 = rehash[s.source_id]
        write_manifest(sources_dir, sources)
        done.append(f"recorded the new sha256 of {', '.join(sorted(rehash))} (every quote anchored)")
    return done


def accept(discrepancy_id: str, reason: str, claims_path: Path, sources_dir: Path, baseline_path: Path) -> dict:
    """Add a reviewed contradiction to the accepted baseline, with the person's reason."""
    from .compare import compare
    if not reason.strip():
        raise ProvenanceError("a reason is required (--reason \"…\")")
    inp = load_input(claims_path, sources_dir, baseline_path)
    comparison = compare(inp.table, {s.source_id: s.meta() for s in inp.sources}, inp.texts)
    found = {d.id: d for d in comparison.discrepancies}
    if discrepancy_id not in found:
        raise ProvenanceError(f"no discrepancy {discrepancy_id!r} in the current claims (see reports/discrepancies.json)")
    accepted = read_accepted(baseline_path)
    d = found[discrepancy_id]
    accepted[discrepancy_id] = {"discrepancy_id": discrepancy_id, "reason": reason.strip(),
                                "accepted_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "summary": f"{d.subject}: {d.attribute} {d.qualifiers} "
                                           + " vs ".join(v.value for v in d.values)}
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=ACCEPTED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for did in sorted(accepted):
        writer.writerow({c: accepted[did].get(c, "") for c in ACCEPTED_COLUMNS})
    atomic_write_text(Path(baseline_path), buf.getvalue())
    return accepted[discrepancy_id]


# -- output formats --------------------------------------------------------------------------------------
def format_text(result: CheckResult) -> str:
    lines = []
    for p in result.problems:
        where = f"{p.file}:{p.row}" if p.row else p.file
        cid = f" {p.claim_id}" if p.claim_id else ""
        lines.append(f"{where}: {p.severity} [{p.code}]{cid}: {p.message}")
    errors = sum(p.severity in (ERROR, BAD_INPUT) for p in result.problems)
    warnings = sum(p.severity == WARNING for p in result.problems)
    lines.append(f"checked {result.checked_claims} claims from {result.checked_sources} sources: "
                 f"{errors} problem(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def format_json(result: CheckResult) -> str:
    import json
    return json.dumps({"problems": [asdict(p) for p in result.problems],
                       "claims": result.checked_claims, "sources": result.checked_sources,
                       "exit_code": result.exit_code}, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(result: CheckResult) -> str:
    """GitHub workflow commands: one annotation per problem, at its file and line."""
    out = []
    for p in result.problems:
        level = "warning" if p.severity == WARNING else "error"
        props = [f"file={_gh_escape(p.file, True)}"]
        if p.row:
            props.append(f"line={p.row}")
        props.append(f"title={_gh_escape(p.code, True)}")
        message = (f"{p.claim_id}: " if p.claim_id else "") + p.message
        out.append(f"::{level} {','.join(props)}::{_gh_escape(message)}")
    out.append(format_text(CheckResult([], result.checked_claims, result.checked_sources)).strip().replace(
        "0 problem(s), 0 warning(s)", f"{sum(p.severity != WARNING for p in result.problems)} problem(s)"))
    return "\n".join(out) + "\n"


def format_junit(result: CheckResult) -> str:
    """JUnit XML: one test case per check, a failure per problem."""
    from xml.sax.saxutils import escape, quoteattr
    groups = {"schema": [], "provenance": [], "staleness": [], "contradictions": []}
    family = {"drifted": "provenance", "orphaned": "provenance", "sha256-mismatch": "provenance",
              "missing-sha256": "provenance", "unlisted-source": "provenance", "stale-missing": "staleness",
              "stale-extra": "staleness", "unaccepted-contradiction": "contradictions",
              "accepted-unused": "contradictions"}
    for p in result.problems:
        groups[family.get(p.code, "schema")].append(p)
    failures = sum(1 for ps in groups.values() if any(p.severity != WARNING for p in ps))
    xml = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="provenance check" tests="{len(groups)}" failures="{failures}">',
           f'  <testsuite name="provenance check" tests="{len(groups)}" failures="{failures}" errors="0">']
    for name, ps in groups.items():
        xml.append(f'    <testcase classname="provenance.check" name="{name}">')
        real = [p for p in ps if p.severity != WARNING]
        if real:
            body = "\n".join(f"{p.file}:{p.row or ''} [{p.code}] {p.claim_id} {p.message}" for p in real)
            xml.append(f'      <failure message={quoteattr(f"{len(real)} problem(s)")} type="{name}">{escape(body)}</failure>')
        warns = [p for p in ps if p.severity == WARNING]
        if warns:
            xml.append("      <system-out>" + escape("\n".join(f"[{p.code}] {p.message}" for p in warns)) + "</system-out>")
        xml.append("    </testcase>")
    xml += ["  </testsuite>", "</testsuites>"]
    return "\n".join(xml) + "\n"


FORMATS = {"text": format_text, "json": format_json, "github": format_github, "junit": format_junit}
