"""What a well-formed claims.csv row is: the contract's vocabularies, values, offsets. One set
of rules, used by every command: `run`, `extract`, `compare` and `accept` stop on the first
problem (exit 2, the physical line named); `check` lists them all. What was written before the
problem is for the command to say (cli.Outputs): `run` reads claims.csv again after writing it."""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Iterator

from .record import BOUNDS, OFFSET_DIGITS, STATUSES, VALUE_DIGITS, Bound, is_offset
from .table import ClaimTable
from ..plumbing import ProvenanceError

_NUMBER = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
QUALIFIERS = re.compile(r"([a-z_]+=[^;=\s]+)(;[a-z_]+=[^;=\s]+)*")
_ORDERABLE = f"{_NUMBER.pattern}|{_DATE.pattern}"  # a value: a number or an ISO date
# The longest text a float64 holds faithfully: 15 digits, and a sign or a point. The column screen
# compares values and offsets as floats only up to it; a longer one is a suspect, checked exactly.
_FLOAT_FAITHFUL = 16
_SHOWN = 40  # a value longer than this is shown cut in a message
# The bounds one end of a range may have ("de 100 000 à environ 160 000": exact, then approx)
END_BOUNDS = tuple(b.value for b in Bound if b not in (Bound.RANGE, Bound.VAGUE))


def orderable(value: str) -> tuple[str, Decimal | str] | None:
    """A value as something to order: ('n', exact number) or ('d', ISO date); None if neither."""
    if _NUMBER.fullmatch(value):
        return ("n", Decimal(value))
    if _DATE.fullmatch(value):
        return ("d", value)
    return None


def _shown(text: str) -> str:
    """A cell as a message quotes it: whole, or its start and its length when it is long."""
    return repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN // 2]!r}… ({len(text)} characters)"


def _vocabulary(row: dict) -> Iterator[tuple[str, str]]:
    if not row["attribute"].strip():
        yield "missing-attribute", "empty attribute"
    if row["bound"] not in BOUNDS:
        yield "bad-bound", f"bound {row['bound']!r} is not one of {', '.join(BOUNDS)}"
    for end in ("bound_low", "bound_high"):
        if row.get(end, "") not in ("", *END_BOUNDS):
            yield "bad-bound", f"{end} {row[end]!r} is not one of {', '.join(END_BOUNDS)} (or empty)"
    if row["status"] not in STATUSES:
        yield "bad-status", f"status {row['status']!r} is not one of {', '.join(STATUSES)}"
    if row["qualifiers"] and not QUALIFIERS.fullmatch(row["qualifiers"]):
        yield "bad-qualifiers", f"qualifiers {row['qualifiers']!r} are not key=value pairs separated by ;"


def _values(row: dict) -> Iterator[tuple[str, str]]:
    values = {}
    for col in ("value", "value_low", "value_high"):
        v = row[col].strip()
        if v and orderable(v) is None:
            yield "bad-value", f"{col} {_shown(v)} is neither a number nor an ISO date"
        elif len(v) > VALUE_DIGITS and sum(map(str.isdigit, v)) > VALUE_DIGITS:
            yield "bad-value", f"{col} {_shown(v)} has more than {VALUE_DIGITS} digits"
            v = ""
        values[col] = orderable(v) if v else None
    as_of = str(row.get("as_of", "") or "").strip()
    if as_of and not _DATE.fullmatch(as_of):
        yield "bad-value", f"as_of {as_of!r} is not an ISO date (2022, 2022-01 or 2022-01-15)"
    lo, hi = values["value_low"], values["value_high"]
    if lo and hi and lo[0] == hi[0] and lo[1] > hi[1]:
        yield "low-above-high", f"value_low {row['value_low']} is above value_high {row['value_high']}"


def _offsets(row: dict) -> Iterator[tuple[str, str]]:
    start, end = row["start"].strip(), row["end"].strip()
    for col, v in (("start", start), ("end", end)):
        if v and not is_offset(v):
            too_long = v.isascii() and v.isdigit()
            yield "bad-offset", (f"{col} {_shown(v)} has more than {OFFSET_DIGITS} digits: no text is that long"
                                 if too_long else f"{col} {_shown(v)} is not a non-negative integer")
    if is_offset(start) and is_offset(end) and int(start) > int(end):
        yield "bad-offset", f"start {row['start']} is after end {row['end']}"
    if (start == "") != (end == ""):
        yield "bad-offset", "start and end must both be set or both be empty"


def _quote_and_confidence(row: dict) -> Iterator[tuple[str, str]]:
    # a person's own row (manual, or added by hand and then confirmed) may have no quote
    if row["status"] != "manual" and row.get("method", "").strip() != "manual" and not row["quote"]:
        yield "missing-quote", "an extracted claim needs its quote"
    conf = row["confidence"].strip()
    if conf:
        try:
            c = float(conf)
            if not (0 <= c <= 1) or math.isnan(c):
                raise ValueError
        except ValueError:
            yield "bad-confidence", f"confidence {conf!r} is not a number between 0 and 1"


def row_problems(row: dict) -> Iterator[tuple[str, str]]:
    """(code, message) for each way a row breaks the contract, in the order of its columns."""
    for check in (_vocabulary(row), _values(row), _offsets(row), _quote_and_confidence(row)):
        yield from check


def id_problems(records: list[dict], lines: list[int]) -> Iterator[tuple[int, str, str, str]]:
    """(row index, claim id, code, message) for empty and repeated claim ids."""
    seen: dict[str, int] = {}
    for i, row in enumerate(records):
        cid = row["claim_id"].strip()
        if not cid:
            yield i, cid, "missing-claim-id", "empty claim_id"
        elif cid in seen:
            yield i, cid, "duplicate-claim-id", f"claim_id {cid!r} already on line {seen[cid]}"
        else:
            seen[cid] = lines[i]


def suspects(frame, arrow=None) -> list[int]:
    """The rows that may break a rule, found a column at a time (pyarrow's compute functions): each
    rule of row_problems as a test on whole columns, loose where it must be (a padded value is a
    suspect), so that a row not named here has no problem and a million well-formed rows cost no
    Python loop over them."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def col(name: str) -> pa.Array:
        if arrow is not None and name in arrow.column_names:  # the file's own strings, as read
            return arrow.column(name).combine_chunks()
        return pa.array(frame[name].astype(str).to_numpy(dtype=object), type=pa.string())

    def empty(a: pa.Array) -> pa.Array:
        return pc.equal(a, "")

    def full(a: pa.Array, pattern: str) -> pa.Array:
        return pc.match_substring_regex(a, f"^(?:{pattern})$")

    def short(a: pa.Array) -> pa.Array:  # short enough to be compared as a float (see _FLOAT_FAITHFUL)
        return pc.less_equal(pc.utf8_length(a), _FLOAT_FAITHFUL)

    def number(a: pa.Array) -> pa.Array:  # the number a well-formed value is, null for anything else
        return pc.cast(pc.if_else(pc.and_(full(a, _NUMBER.pattern), short(a)), a, None), pa.float64())

    c = {name: col(name) for name in ("attribute", "bound", "status", "qualifiers", "value", "value_low",
                                       "value_high", "start", "end", "quote", "confidence", "method")}
    tests = [pc.invert(empty(pc.utf8_trim_whitespace(c["attribute"]))),
             pc.is_in(c["bound"], pa.array(BOUNDS)), pc.is_in(c["status"], pa.array(STATUSES)),
             pc.or_(empty(c["qualifiers"]), full(c["qualifiers"], QUALIFIERS.pattern))]
    tests += [pc.or_(empty(c[name]), pc.and_(full(c[name], _ORDERABLE), short(c[name])))
              for name in ("value", "value_low", "value_high")]
    if "as_of" in frame:
        as_of = col("as_of")
        tests.append(pc.or_(empty(as_of), full(as_of, _DATE.pattern)))
    for end in ("bound_low", "bound_high"):
        if end in frame:
            tests.append(pc.is_in(col(end), pa.array(("", *END_BOUNDS))))
    low, high = number(c["value_low"]), number(c["value_high"])
    dates = pc.and_(pc.and_(full(c["value_low"], _DATE.pattern), full(c["value_high"], _DATE.pattern)),
                    pc.and_(pc.is_null(low), pc.is_null(high)))
    tests += [pc.invert(pc.fill_null(pc.greater(low, high), False)),
              pc.invert(pc.and_(dates, pc.greater(c["value_low"], c["value_high"])))]
    digits = pc.and_(pc.and_(full(c["start"], "[0-9]+"), short(c["start"])),
                     pc.and_(full(c["end"], "[0-9]+"), short(c["end"])))
    start = pc.cast(pc.if_else(digits, c["start"], None), pa.float64())
    end = pc.cast(pc.if_else(digits, c["end"], None), pa.float64())
    tests.append(pc.or_(pc.and_(empty(c["start"]), empty(c["end"])), pc.fill_null(pc.less_equal(start, end), False)))
    persons = pc.or_(pc.equal(c["status"], "manual"), pc.equal(pc.utf8_trim_whitespace(c["method"]), "manual"))
    tests.append(pc.or_(persons, pc.invert(empty(c["quote"]))))
    confidence = pc.cast(pc.if_else(full(c["confidence"], r"[0-9]+(?:\.[0-9]+)?"), c["confidence"], None),
                         pa.float64())
    tests.append(pc.or_(empty(c["confidence"]), pc.fill_null(pc.less_equal(confidence, 1), False)))
    ok = tests[0]
    for test in tests[1:]:
        ok = pc.and_(ok, pc.fill_null(test, False))
    return np.flatnonzero(~pc.fill_null(ok, False).to_numpy(zero_copy_only=False)).tolist()


def _ids_in_doubt(frame, arrow) -> bool:
    """Whether a claim id is empty or repeated (after trimming spaces)."""
    if arrow is not None:
        import pyarrow.compute as pc
        ids = pc.utf8_trim_whitespace(arrow.column("claim_id"))
        return pc.any(pc.equal(ids, "")).as_py() or pc.count_distinct(ids).as_py() != len(ids)
    ids = frame["claim_id"].astype(str).str.strip()
    return bool(ids.eq("").any() or ids.duplicated().any())


def validated(claims: ClaimTable, file: str) -> ClaimTable:
    """The file as read, or a ProvenanceError naming the line of its first problem."""
    frame = claims.frame
    arrow = claims.arrow if claims.arrow is not None and claims.arrow.num_rows == len(frame) else None
    problems = []
    if _ids_in_doubt(frame, arrow):
        problems += [(i, code, message) for i, _, code, message in id_problems(claims.rows, claims.lines)]
    columns = list(frame.columns)
    for i in suspects(frame, arrow):
        row = dict(zip(columns, frame.iloc[i].tolist()))
        problems += [(i, code, message) for code, message in row_problems(row)]
    if problems:
        i, code, message = min(problems, key=lambda p: p[0])
        raise ProvenanceError(f"[{code}] {message} (fix the row, or see 'provenance check')", file=file,
                              row=claims.lines[i])
    return claims
