"""The accepted baseline (`reports/accepted.csv`): contradictions a person has reviewed and
accepted, each with a reason and what was accepted: the finding's values, each with the sources
and claim ids that stated it (the `accepted_values` column, readable by a person:
`1992 <- rbth (rbth.founded.be12), lemonde (lemonde.founded.5e0f) | 2500 more_than [2500..] <- …`).

An acceptance covers what it records, nothing more. A value nobody accepted, a source newly
stating an accepted value, or a changed bound (a value of another bound) makes the finding
"changed since accepted" (`Standing.stale`): `provenance check` fails on it until a person renews
the acceptance. A value or source that left (a source removed, a claim rejected) is shown, and
does not fail the gate. `provenance check` fails only on contradictions not accepted as they stand."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote as _escape, unquote

from ..plumbing import ProvenanceError, atomic_write_text, csv_text, dict_rows
from ..claims import read_claims_file, validated
from ..sources import LazyTexts, load_sources, read_csv_rows

FINGERPRINT = "accepted_values"
ACCEPTED_COLUMNS = ["discrepancy_id", "reason", "accepted_at", "summary", "accepted_by", "subject", "attribute",
                    "qualifiers", "carried_from", FINGERPRINT]

ValueKey = tuple[str, str, str, str]            # (value, low, high, bound)
Fingerprint = dict[ValueKey, dict[str, tuple[str, ...]]]   # value -> source id -> claim ids
_ENTRY = re.compile(r"(?P<value>\S+)(?: (?P<bound>[a-z_]+))?(?: \[(?P<low>\S*)\.\.(?P<high>\S*)\])? <- (?P<sources>.+)")
_SOURCE = re.compile(r"(?P<source>[^\s,()]+) \((?P<ids>[^()]*)\)")


def _key_label(key: ValueKey) -> str:
    """'1992', '2500 more_than [2500..]', '17000 range [17000..22000]': a value as a person reads it."""
    value, low, high, bound = key
    label = value if bound == "exact" else f"{value} {bound}"
    return label if (low, high) == (value, value) else f"{label} [{low}..{high}]"


def fingerprint_of(discrepancy) -> Fingerprint:
    """What accepting a finding accepts: each value (bound and interval included) with the
    sources that state it and their claim ids."""
    claims_of = {}
    for v in discrepancy.values:
        by_source: dict[str, list[str]] = {}
        for cid, source in zip(v.claim_ids, v.claim_sources):
            by_source.setdefault(source, []).append(cid)
        claims_of[(v.value, v.low, v.high, v.bound)] = {s: tuple(ids) for s, ids in by_source.items()}
    return claims_of


def format_fingerprint(fp: Fingerprint) -> str:
    """The `accepted_values` cell: values in order, ' | ' between them."""
    entries = []
    for key in sorted(fp):
        sources = ", ".join(f"{source or '?'} ({' '.join(_escape(c, safe='') for c in ids)})"
                            for source, ids in sorted(fp[key].items()))
        entries.append(f"{_key_label(key)} <- {sources}")
    return " | ".join(entries)


def parse_fingerprint(cell: str, file: str = "", row: int | None = None) -> Fingerprint:
    """An `accepted_values` cell read back; anything else is bad input naming the row."""
    fp: Fingerprint = {}
    for entry in filter(None, (e.strip() for e in cell.split(" | "))):
        m = _ENTRY.fullmatch(entry)
        sources = _SOURCE.findall(m["sources"]) if m else []
        if not m or ", ".join(f"{s} ({ids})" for s, ids in sources) != m["sources"]:
            raise ProvenanceError(f"accepted_values: cannot read {entry[:80]!r} (expected 'VALUE [BOUND] [[LOW..HIGH]] "
                                  f"<- SOURCE (CLAIM_ID …), …')", file=file, row=row)
        value, bound = m["value"], m["bound"] or "exact"
        low, high = (m["low"], m["high"]) if m["low"] is not None else (value, value)
        fp[(value, low, high, bound)] = {("" if s == "?" else s): tuple(unquote(c) for c in ids.split())
                                         for s, ids in sources}
    return fp


@dataclass(frozen=True)
class Side:
    """A value of a finding with one of its sources: what an acceptance covers, or does not."""
    value: str          # as a person reads it ('2500 more_than [2500..]')
    source: str
    claim_ids: tuple[str, ...]
    quote: str = ""

    def describe(self) -> str:
        said = f": {self.quote!r}" if self.quote else ""
        return f"{self.value} from {self.source or '?'} ({', '.join(self.claim_ids)}){said}"


@dataclass(frozen=True)
class Standing:
    """An acceptance held against its finding as it stands now."""
    row: dict
    new: tuple[Side, ...] = ()      # values, or sources of a value, nobody accepted: the gate fails
    left: tuple[Side, ...] = ()     # accepted, no longer there: shown, the gate passes
    unrecorded: bool = False        # accepted before acceptances recorded their values

    @property
    def stale(self) -> bool:
        return bool(self.new) or self.unrecorded

    def describe(self) -> str:
        """The difference in a sentence or two, for check, the reports and the app."""
        parts = []
        if self.unrecorded:
            parts.append("Accepted before acceptances recorded their values: what was accepted is not known")
        if self.new:
            parts.append("Not accepted: " + "; ".join(s.describe() for s in self.new))
        if self.left:
            parts.append("No longer there: " + "; ".join(s.describe() for s in self.left))
        return ". ".join(parts)

    def to_json(self) -> dict:
        side = lambda s: {"value": s.value, "source": s.source, "claim_ids": list(s.claim_ids), "quote": s.quote}
        return {"stale": self.stale, "unrecorded": self.unrecorded, "new": [side(s) for s in self.new],
                "left": [side(s) for s in self.left], "difference": self.describe()}


def standing(row: dict, discrepancy, quote_of: dict[str, str] | None = None,
             then: Fingerprint | None = None) -> Standing:
    """How an accepted row covers the finding now: what is new since, and what left (`then`: the
    row's accepted values, when they were read already)."""
    cell = (row.get(FINGERPRINT) or "").strip()
    if not cell:
        return Standing(row, unrecorded=True)
    then = parse_fingerprint(cell) if then is None else then
    now = fingerprint_of(discrepancy)
    quotes = {q["claim_id"]: q["quote"] for v in discrepancy.values for q in v.quotes}
    if quote_of:
        quotes.update((c, quote_of[c]) for v in discrepancy.values for c in v.claim_ids if c in quote_of)
    new = [Side(_key_label(key), source, ids, quotes.get(ids[0], ""))
           for key, by_source in sorted(now.items()) for source, ids in sorted(by_source.items())
           if source not in then.get(key, {})]
    left = [Side(_key_label(key), source, ids)
            for key, by_source in sorted(then.items()) for source, ids in sorted(by_source.items())
            if source not in now.get(key, {})]
    return Standing(row, tuple(new), tuple(left))


def standings(accepted: dict[str, dict], discrepancies, quote_of: dict[str, str] | None = None) -> dict[str, Standing]:
    """Finding id -> the standing of the acceptance that covers it. An acceptance covers the
    finding of its id, unless that one changed and another finding of the same scope holds just
    what was accepted: a new figure can split one scope's values into two findings, and the
    accepted pair then goes on under another id (the one with the most claims keeps the id)."""
    by_scope: dict[tuple, list] = {}
    for d in discrepancies:
        by_scope.setdefault((d.subject, d.attribute, d.qualifiers), []).append(d)
    out: dict[str, Standing] = {}
    for did, row in accepted.items():
        same_scope = by_scope.get(_what(row), [])
        own = next((d for d in same_scope if d.id == did), None)
        if own is None:
            continue
        then = parse_fingerprint(row.get(FINGERPRINT) or "")
        stand = standing(row, own, quote_of, then)
        if stand.stale and not stand.unrecorded:
            moved = [(d, standing(row, d, quote_of, then)) for d in same_scope if d.id != did and d.id not in accepted]
            moved = [(d, s) for d, s in moved if not s.stale]
            if moved:
                own, stand = moved[0]
        out.setdefault(own.id, stand)
    return out


def _read(path: Path) -> tuple[list[str], list[dict]]:
    """The baseline's header and rows, each checked: an id and a reason on every row."""
    if not Path(path).exists():
        return list(ACCEPTED_COLUMNS), []
    header, rows = read_csv_rows(Path(path))
    if rows and ("discrepancy_id" not in header or "reason" not in header):
        raise ProvenanceError("needs the columns discrepancy_id and reason", file=str(path), row=1)
    for r in rows:
        if not r["discrepancy_id"].strip():
            raise ProvenanceError("empty discrepancy_id", file=str(path), row=r["__row__"])
        if not r["reason"].strip():
            raise ProvenanceError(f"{r['discrepancy_id']}: an accepted discrepancy needs a reason", file=str(path),
                                  row=r["__row__"])
        parse_fingerprint(r.get(FINGERPRINT) or "", str(path), r["__row__"])
    return header or list(ACCEPTED_COLUMNS), rows


def read_accepted(path: Path) -> dict[str, dict]:
    """discrepancy id -> its (first) row; a row without an id or a reason is bad input."""
    out: dict[str, dict] = {}
    for r in _read(path)[1]:
        out.setdefault(r["discrepancy_id"].strip(), {k: v for k, v in r.items() if k != "__row__"})
    return out


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    """Every row and column as it was (a reviewer's own columns too), in the order read."""
    columns = header + [c for c in ACCEPTED_COLUMNS if c not in header]
    atomic_write_text(Path(path), csv_text(dict_rows(columns, rows)))


def reviewer() -> str:
    """Who is reviewing: $PROVENANCE_REVIEWER, else git's user.name, else the login name."""
    return reviewer_and_where()[0]


def reviewer_and_where() -> tuple[str, str]:
    """Who is reviewing, and where that name was found (said to the person, who may change it)."""
    import getpass
    import subprocess
    from ..plumbing import one_line
    named = one_line("PROVENANCE_REVIEWER")
    if named:
        return named, "$PROVENANCE_REVIEWER"
    try:
        found = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip(), "git config user.name"
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser(), "the login name"
    except (KeyError, OSError):
        return "", "nowhere: no name was found"


def revoke(discrepancy_id: str, baseline_path: Path) -> dict:
    """Take an acceptance back: its row leaves the baseline, and `check` fails on it again."""
    header, rows = _read(baseline_path)
    mine = [r for r in rows if r["discrepancy_id"].strip() == discrepancy_id]
    if not mine:
        raise ProvenanceError(f"{discrepancy_id} is not accepted (see provenance accept --list)",
                              file=str(baseline_path))
    _write(baseline_path, header, [r for r in rows if r["discrepancy_id"].strip() != discrepancy_id])
    return {k: v for k, v in mine[0].items() if k != "__row__"}


def _what(row: dict) -> tuple[str, str, str]:
    """(subject, attribute, qualifiers) an accepted row is about; older rows name it only in
    their summary ('CSTO: founded  1992 vs 2002')."""
    if row.get("attribute"):
        return row.get("subject", ""), row["attribute"], row.get("qualifiers", "")
    subject, _, rest = row.get("summary", "").partition(": ")
    words = rest.split()
    qualifiers = words[1] if len(words) > 1 and "=" in words[1] else ""
    return subject, words[0] if words else "", qualifiers


def successors(accepted: dict[str, dict], discrepancies) -> dict[str, str]:
    """New contradiction id -> the accepted id it follows: same subject, attribute and scope,
    the old id no longer found because the values changed (a source added a figure)."""
    current = {d.id for d in discrepancies}
    gone = {_what(row): did for did, row in accepted.items() if did not in current}
    return {d.id: gone[(d.subject, d.attribute, d.qualifiers)] for d in discrepancies
            if d.kind == "contradiction" and d.id not in accepted and (d.subject, d.attribute, d.qualifiers) in gone}


def accept(discrepancy_id: str, reason: str, claims_path: Path, sources_dir: Path, baseline_path: Path,
           replace: bool = False, comparison=None, carry: str | None = None, renew: bool = False) -> dict:
    """Add a reviewed contradiction to the accepted baseline, with the person's reason and the
    values it accepts. An id accepted already keeps its reason unless `replace` is given, or
    unless it changed since it was accepted: accepting it again renews it. `carry`: the id of an earlier
    acceptance of the same disagreement whose values changed; its reason moves to this id.
    `comparison`, when given, is the current comparison of the claims (else it is computed)."""
    from ..compare import compare
    header, rows = _read(baseline_path)
    if carry:
        earlier = [r for r in rows if r["discrepancy_id"].strip() == carry]
        if not earlier:
            raise ProvenanceError(f"{carry} is not accepted; nothing to carry (see provenance accept --list)",
                                  file=str(baseline_path))
        reason = reason or earlier[0]["reason"]
    if not (reason or "").strip():
        raise ProvenanceError("a reason is required (--reason \"…\")")
    mine = [r for r in rows if r["discrepancy_id"].strip() == discrepancy_id]
    if comparison is None:
        sources = load_sources(Path(sources_dir), read=False)
        texts = LazyTexts.of(sources, strict=True)  # an unreadable source is bad input, named with its row
        claims = validated(read_claims_file(Path(claims_path), missing_ok=False), str(claims_path))
        comparison = compare(claims.frame, {s.source_id: s.meta() for s in sources}, texts)
    found = {d.id: d for d in comparison.discrepancies}
    if discrepancy_id not in found:
        raise ProvenanceError(f"no discrepancy {discrepancy_id!r} in the current claims (see reports/discrepancies.json)")
    d = found[discrepancy_id]
    unchanged = bool(mine) and not standing(mine[0], d).stale
    if renew and unchanged:
        raise ProvenanceError(f"{discrepancy_id} has not changed since it was accepted: nothing to renew",
                              file=str(baseline_path), row=mine[0]["__row__"])
    if unchanged and not replace:
        raise ProvenanceError(f"{discrepancy_id} is accepted already ({mine[0].get('accepted_at', '')}: "
                              f"{mine[0]['reason']!r}); --replace gives it a new reason", file=str(baseline_path),
                              row=mine[0]["__row__"])
    entry = {"discrepancy_id": discrepancy_id, "reason": reason.strip(),
             "accepted_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
             "summary": f"{d.subject}: " + " ".join(filter(None, (d.attribute, d.qualifiers)))
                        + " " + " vs ".join(v.value for v in d.values),
             "accepted_by": reviewer(), "subject": d.subject, "attribute": d.attribute, "qualifiers": d.qualifiers,
             "carried_from": carry or (mine[0].get("carried_from", "") if mine else ""),
             FINGERPRINT: format_fingerprint(fingerprint_of(d))}
    if carry and carry != discrepancy_id:
        if (d.subject, d.attribute, d.qualifiers) != _what(earlier[0]):
            raise ProvenanceError(f"{carry} was about {': '.join(_what(earlier[0])[:2])}, not {d.subject}: {d.attribute}; "
                                  f"its reason cannot be carried to {discrepancy_id}")
        rows = [r for r in rows if r["discrepancy_id"].strip() != carry]
    for r in mine:
        r.update(entry)
    _write(baseline_path, header, rows if mine else rows + [entry])
    return entry
