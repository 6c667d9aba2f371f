"""The `unstated-value` check: a person's value must stand in its quote (see review.stated, which
says whether it does)."""
from __future__ import annotations

from typing import Iterator

from ..review import advice, persons_value, unstated
from .codes import Code, Problem
from .inputs import CheckInput


def check_stated(inp: CheckInput) -> Iterator[Problem]:
    """A person's value (see persons_value) that its quote does not state."""
    file = str(inp.claims_path)
    language = {s.source_id: s.language for s in inp.sources}
    for i, row in enumerate(inp.records):
        if row["source_id"] not in language or not persons_value(row):
            continue
        why = unstated(row, language[row["source_id"]])
        if why:
            yield Problem(Code.UNSTATED_VALUE, f"{why} ({advice()})", file, inp.lines[i], row["claim_id"])
