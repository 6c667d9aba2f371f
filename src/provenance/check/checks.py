"""The checks, each a small generator of Problems:

- schema: the contract's columns and types, allowed bounds and statuses, known sources,
  unique ids, value_low <= value_high (a malformed table is bad input: exit 2);
- provenance: each source's sha256 against the manifest; `text[start:end] == quote`, and where
  not, the quote re-anchored: `drifted` (found elsewhere, fixable) or `orphaned` (gone); no link
  where archived pages are kept (`sources/raw`, what `sources add` writes through);
- staleness: what extraction over the current sources would add or drop;
- contradictions: contradictions not in the accepted baseline (reports/accepted.csv).
"""
from __future__ import annotations

import os
import re
from operator import itemgetter
from pathlib import Path
from typing import Iterator

from rapidfuzz import fuzz

from ..review import read_accepted, standings, successors
from ..extraction import is_read, unread_language
from ..claims import EXTRACTED_FIELDS, HUMAN_STATUSES, id_problems, is_offset, row_problems, suspects
from ..sources import MANIFEST, sha256_file
from .codes import Code, Problem
from .inputs import CheckInput

FUZZY_ANCHOR = 90  # how alike a passage must be to say where a changed quote went
ANCHOR_REACH = 2000


def check_schema(inp: CheckInput) -> Iterator[Problem]:
    """The contract's columns, types and vocabularies, row by row (see provenance.claims.validate)."""
    file = str(inp.claims_path)
    known = {s.source_id for s in inp.sources}
    manifest = str(inp.sources_dir / MANIFEST)
    by_row: dict[int, list[Problem]] = {}
    for i, cid, code, message in id_problems(inp.records, inp.lines):
        by_row.setdefault(i, []).append(Problem(Code.of(code), message, file, inp.lines[i], cid))
    suspect = set(suspects(inp.table))  # a row the column screen does not name has no row problem
    for i, row in enumerate(inp.records):
        line, cid = inp.lines[i], row["claim_id"].strip()
        yield from by_row.get(i, [])
        if row["source_id"] not in known and (row["status"] in HUMAN_STATUSES or row["note"].strip()):
            yield Problem(Code.ORPHANED, f"source {row['source_id']!r} is gone from {manifest} (removed?); this "
                          f"claim a person reviewed is kept: restore the source or delete the row", file, line, cid)
        elif row["source_id"] not in known:
            yield Problem(Code.UNKNOWN_SOURCE, f"source_id {row['source_id']!r} is not in {manifest}", file, line, cid)
        if i in suspect:
            for code, message in row_problems(row):
                yield Problem(Code.of(code), message, file, line, cid)


def check_hashes(inp: CheckInput) -> Iterator[Problem]:
    """Each source's bytes against the sha256 the manifest pins."""
    manifest = str(inp.sources_dir / MANIFEST)
    for s in inp.sources:
        if not is_read(s.language):
            yield Problem(Code.UNREAD_LANGUAGE, unread_language(s.language, s.source_id), manifest, s.row, "",
                          {"source_id": s.source_id})
        if s.row is None:
            yield Problem(Code.UNLISTED_SOURCE, f"{s.file} is not in {MANIFEST}: add it with 'provenance sources add'",
                          manifest)
            continue
        actual = sha256_file(s.path)
        if not s.sha256:
            yield Problem(Code.MISSING_SHA256, f"{s.source_id}: no sha256 in the manifest (actual {actual})",
                          manifest, s.row, "", {"source_id": s.source_id, "sha256": actual})
        elif s.sha256.lower() != actual:
            yield Problem(Code.SHA256_MISMATCH, f"{s.source_id}: {s.file} changed since it was registered "
                          f"(manifest {s.sha256[:12]}…, file {actual[:12]}…)", manifest, s.row, "",
                          {"source_id": s.source_id, "sha256": actual})
        if (s.extra.get("raw_file") or "").strip():
            yield from _check_raw(inp, s, manifest)


def check_links(inp: CheckInput) -> Iterator[Problem]:
    """A link where pages are archived (sources/raw, a folder in it, an archived file), or an
    archived file outside the sources folder: a pull request can commit a link that leads out of
    the project, and `sources add` would write through it."""
    from ..sources import RAW_FOLDER
    from ..plumbing import link_below
    manifest = str(inp.sources_dir / MANIFEST)
    raw_folder = inp.sources_dir / RAW_FOLDER
    reported: set[Path] = set()  # a link is named once, not once per page archived through it
    if raw_folder.is_symlink():
        reported.add(raw_folder)
        yield Problem(Code.LINKED_FILE, f"a link (to {os.readlink(raw_folder)}): archived pages must lie in the "
                      f"project; make {RAW_FOLDER}/ a folder of its own", str(raw_folder))
    for s in inp.sources:
        raw = (s.extra.get("raw_file") or "").strip()
        if not raw:
            continue
        try:
            link = link_below(inp.sources_dir / raw, inp.sources_dir)
        except ValueError:
            yield Problem(Code.LINKED_FILE, f"{s.source_id}: raw_file {raw!r} lies outside the sources folder",
                          manifest, s.row)
            continue
        if link is not None and link not in reported:
            reported.add(link)
            yield Problem(Code.LINKED_FILE, f"{s.source_id}: {link} is a link (to {os.readlink(link)}): archived "
                          f"pages must lie in the project; make it a file of its own", manifest, s.row)


def _check_raw(inp: CheckInput, s, manifest: str) -> Iterator[Problem]:
    """A web page's archived bytes against their sha256, and its text still derived from them."""
    from ..sources import read_archived
    from ..plumbing import ProvenanceError
    from ..plumbing import link_below
    raw = inp.sources_dir / s.extra["raw_file"].strip()
    try:
        if link_below(raw, inp.sources_dir) is not None:
            return  # check_links names it; its target, outside the project, is not read
    except ValueError:
        return      # outside the sources folder: check_links names it
    if not raw.is_file():
        yield Problem(Code.SHA256_MISMATCH, f"{s.source_id}: its archived page {raw.name} is missing", manifest, s.row)
        return
    actual = sha256_file(raw)
    if (s.extra.get("raw_sha256") or "").strip().lower() != actual:
        yield Problem(Code.SHA256_MISMATCH, f"{s.source_id}: its archived page {raw.name} changed since it was "
                      f"registered (file {actual[:12]}…)", manifest, s.row)
        return
    try:
        derived = read_archived(raw.read_bytes(), str(raw)).text
    except ProvenanceError as e:
        derived = f"({e.message})"
    if derived != inp.texts.get(s.source_id):
        yield Problem(Code.SHA256_MISMATCH, f"{s.source_id}: {s.file} is no longer the text of its archived page "
                      f"{raw.name} (re-add the page, or remove raw_file to keep the text as edited)", manifest, s.row)


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
    for lo, hi in ((max(0, old_start - ANCHOR_REACH), old_start + len(quote) + ANCHOR_REACH), (0, len(text))):
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
        if text is None or not (is_offset(s) and is_offset(e)) or not row["quote"]:
            continue
        start, end, quote = int(s), int(e), row["quote"]
        if text[start:end] == quote:
            continue
        line, cid = inp.lines[i], row["claim_id"]
        how, new_start, new_end, score = reanchor(text, quote, start)
        if how == "exact":
            yield Problem(Code.DRIFTED, f"quote found at {new_start}:{new_end}, not {start}:{end} "
                          f"(fix: provenance check --fix)", file, line, cid, {"start": new_start, "end": new_end})
        elif how == "fuzzy":
            now = " ".join(text[new_start:new_end].split())
            yield Problem(Code.ORPHANED, f"quote no longer in {row['source_id']}; the closest passage "
                          f"({score:.0f}% alike, at {new_start}:{new_end}) now reads {now[:120]!r}", file, line, cid)
        else:
            yield Problem(Code.ORPHANED, f"quote no longer in {row['source_id']}: {quote[:80]!r}", file, line, cid)


# what extraction decides of a row: its claim, and the moment its sentence gives it (as_of decides
# whether figures contradict or follow each other, so an edited as_of is as stale as an edited value)
COMPARED_FIELDS = EXTRACTED_FIELDS + ("as_of",)
_EXTRACTED = itemgetter(*COMPARED_FIELDS)


def _claim_differs(record: dict, now: dict) -> bool:
    """Whether a row's extracted fields differ, as text, from a fresh extraction's."""
    try:
        if _EXTRACTED(record) == _EXTRACTED(now):  # the same values are the same text: one C-level look
            return False
    except KeyError:
        pass
    return any(str(record.get(c, "") or "") != str(now.get(c, "") or "") for c in COMPARED_FIELDS)


def _claimed(row: dict) -> str:
    as_of = f" as of {row['as_of']}" if row.get("as_of") else ""
    return f"{row['attribute']} {row['qualifiers'] or '-'} {row['value']} ({row['bound']}){as_of}"


def check_staleness(inp: CheckInput, scope: set[str] | None = None, jobs: int | None = None,
                    use_cache: bool = True) -> Iterator[Problem]:
    """Extracted rows against a fresh extraction of the sources: claims it would add, rows it no
    longer finds, and rows whose claim (value, bound, scope …) is not what their quote says."""
    from ..pipeline import extract_rows
    file = str(inp.claims_path)
    present = set(inp.table["claim_id"])
    sources = [s for s in inp.sources if scope is None or s.source_id in scope]
    by_source, _ = extract_rows(sources, inp.claims_path, jobs, use_cache=use_cache)
    fresh: dict[str, dict] = {row["claim_id"]: row for rows in by_source.values() for row in rows}
    for cid, row in sorted(fresh.items()):
        if cid not in present:
            yield Problem(Code.STALE_MISSING, f"extraction finds a claim not in {inp.claims_path.name}: "
                          f"{_claimed(row)} in {row['source_id']} ({row['quote'][:60]!r}); run 'provenance extract'",
                          file, None, cid)
    for i, record in enumerate(inp.records):
        if record["status"] != "extracted" or (scope is not None and record["source_id"] not in scope):
            continue
        cid, line = record["claim_id"], inp.lines[i]
        now = fresh.get(cid)
        if now is None:
            noted = " (it has a note: confirm or reject it)" if record["note"].strip() else ""
            yield Problem(Code.STALE_EXTRA, f"extraction no longer finds this claim{noted}; run 'provenance extract'",
                          file, line, cid)
        elif _claim_differs(record, now):
            yield Problem(Code.STALE_CHANGED, f"the row claims {_claimed(record)} but its quote reads "
                          f"{_claimed(now)}; a person's correction is a person's row: run 'provenance extract'",
                          file, line, cid)


def check_contradictions(inp: CheckInput, comparison=None) -> Iterator[Problem]:
    """A contradiction nobody has accepted, or that changed since it was accepted, fails the build;
    an accepted value that left, or a side of a contradiction a person rejected, is a notice."""
    from ..compare import compare
    accepted = read_accepted(inp.baseline_path)
    meta = {s.source_id: s.meta() for s in inp.sources}
    comparison = comparison or compare(inp.table, meta, inp.texts)
    line_of = {r["claim_id"]: inp.lines[i] for i, r in enumerate(inp.records)}
    quote_of = {r["claim_id"]: r["quote"] for r in inp.records}
    follows = successors(accepted, comparison.discrepancies)
    stands = standings(accepted, comparison.discrepancies, quote_of)
    moved = {stand.row["discrepancy_id"]: did for did, stand in stands.items() if stand.row["discrepancy_id"] != did}
    current = set()
    for d in comparison.discrepancies:
        current.add(d.id)
        if d.kind != "contradiction":
            continue
        claim_ids = d.claim_ids
        lines = sorted(line_of[c] for c in claim_ids if c in line_of)
        where = (str(inp.claims_path), lines[-1] if lines else None, claim_ids[-1] if claim_ids else "")
        if d.id in stands:
            yield from _acceptance_problems(d, stands[d.id], where, line_of)
            continue
        old = follows.get(d.id)
        if d.id in moved:
            then = (f"Its acceptance ({accepted[d.id]['reason']!r}) covers {moved[d.id]} now, which holds the values "
                    f"accepted; record it there (provenance accept {moved[d.id]} --carry {d.id}), then review this "
                    f"one: provenance accept {d.id} --reason \"…\"")
        elif old:
            then = (f"It follows {old}, accepted with the reason {accepted[old]['reason']!r}, whose values changed; "
                    f"if that still holds: provenance accept {d.id} --carry {old}")
        else:
            then = f"Review it, then: provenance accept {d.id} --reason \"…\""
        yield Problem(Code.UNACCEPTED_CONTRADICTION, f"{d.id}: {d.explanation} {then}", *where,
                      {"discrepancy_id": d.id, "claim_ids": claim_ids})
    followed = {old: new for new, old in follows.items()}
    rejected = list(check_rejected_sides(inp, meta, current, line_of))
    held_by_rejection = {p.fix["discrepancy_id"] for p in rejected}
    for did in sorted(set(accepted) - current):
        if did in followed:
            continue  # the contradiction above says what to do with it
        if did in held_by_rejection:
            continue  # gone while a claim of it is rejected: the notice says so, and the acceptance waits
        yield Problem(Code.ACCEPTED_UNUSED, f"{did} is accepted but no longer found; remove it from "
                      f"{inp.baseline_path.name} (provenance accept --revoke {did})", str(inp.baseline_path))
    yield from rejected


def _acceptance_problems(d, stand, where: tuple, line_of: dict[str, int]) -> Iterator[Problem]:
    """An accepted contradiction that changed since: an error naming what nobody accepted, at the
    row of the first claim nobody accepted; what left since, or an acceptance that moved to this
    id with the values it accepted: a notice."""
    reason = stand.row.get("reason", "")
    accepted_as = stand.row.get("discrepancy_id", d.id)
    if accepted_as != d.id:
        yield Problem(Code.ACCEPTED_VALUE_LEFT, f"{d.id} holds the values accepted as {accepted_as} ({reason!r}), "
                      f"which a new figure moved here; record it under this id: provenance accept {d.id} --carry "
                      f"{accepted_as}", where[0], None, "", {"discrepancy_id": d.id, "claim_ids": list(d.claim_ids)})
    if stand.stale:
        new_ids = [c for side in stand.new for c in side.claim_ids] or list(d.claim_ids)
        if new_ids[0] in line_of:
            where = (where[0], line_of[new_ids[0]], new_ids[0])
        yield Problem(Code.ACCEPTED_STALE, f"{d.id} changed since it was accepted ({reason!r}): {stand.describe()}. "
                      f"Review it; if the reason still holds: provenance accept {d.id} --renew (or --reason \"…\")", *where,
                      {"discrepancy_id": d.id, "claim_ids": new_ids + [c for c in d.claim_ids if c not in new_ids]})
    elif stand.left:
        yield Problem(Code.ACCEPTED_VALUE_LEFT, f"{d.id} (accepted: {reason!r}): {stand.describe()}", where[0], None,
                      "", {"discrepancy_id": d.id, "claim_ids": [c for side in stand.left for c in side.claim_ids]})


def check_rejected_sides(inp: CheckInput, meta: dict, current: set[str], line_of: dict[str, int]) -> Iterator[Problem]:
    """A contradiction that is gone only because a person rejected one of its sides (its id is not
    among the `current` findings): a notice naming the rejected claim and the values it disagreed
    with, so a reviewer sees it."""
    from ..compare import compare
    table = inp.table
    rejected = table["status"] == "rejected"
    if not rejected.any():
        return
    groups = set(zip(table.loc[rejected, "subject"], table.loc[rejected, "attribute"]))
    around = table[[key in groups for key in zip(table["subject"], table["attribute"])]].copy()
    around.loc[around["status"] == "rejected", "status"] = "confirmed"
    rejected_ids = set(table.loc[rejected, "claim_id"])
    for d in compare(around, meta, inp.texts).discrepancies:
        if d.kind != "contradiction" or d.id in current:
            continue
        for v in d.values:
            mine = [c for c in v.claim_ids if c in rejected_ids]
            if not mine:
                continue
            others = " vs ".join(o.value for o in d.values if o is not v)
            scope = f" ({d.qualifiers})" if d.qualifiers else ""
            also = f" (and {', '.join(mine[1:])})" if mine[1:] else ""
            yield Problem(Code.REJECTED_SIDE, f"rejected by a person{also}: its value {v.value} would make "
                          f"{d.subject}: {d.attribute}{scope} {v.value} vs {others} a contradiction ({d.id}); "
                          f"a reviewer should see why it was rejected", str(inp.claims_path), line_of.get(mine[0]),
                          mine[0], {"claim_ids": mine, "discrepancy_id": d.id})
