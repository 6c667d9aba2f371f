"""One claim as a record: claims.csv's columns, the `Claim` tuple the extractor makes, its
qualifiers, bounds and statuses, its stable id and the digest that tells a person's edit."""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from enum import Enum
from typing import Iterable, Iterator, Mapping, NamedTuple



COLUMNS = ["claim_id", "source_id", "subject", "attribute", "qualifiers", "value", "value_low", "value_high",
           "bound", "unit", "quote", "start", "end", "method", "confidence", "status", "note", "as_of",
           "bound_low", "bound_high"]
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")  # a source's id: a slug (sources.csv, claims.csv)
# Columns a claims.csv written before them may lack (read as empty).
OPTIONAL_COLUMNS = ("as_of", "bound_low", "bound_high")
# The most digits a value may have: far more than any count, and few enough that every value is
# an exact int and a finite float (the comparison's tolerances are floats; a float ends at 1e308).
VALUE_DIGITS = 100
OFFSET_DIGITS = 18  # the most digits an offset may have: no text is 10^18 characters long


class Bound(str, Enum):
    """The interval a figure's wording allows ("more than 2 500" is MORE_THAN)."""
    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    RANGE = "range"
    VAGUE = "vague"

    def ends(self, value: str) -> tuple[str, str]:
        """(value_low, value_high) of one value with this bound: 'more than 2500' is (2500, '')."""
        if self in (Bound.MORE_THAN, Bound.AT_LEAST):
            return value, ""
        if self in (Bound.LESS_THAN, Bound.AT_MOST):
            return "", value
        return value, value


class Status(str, Enum):
    """Who stands behind a row: the extractor, or a person's decision."""
    EXTRACTED = "extracted"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    MANUAL = "manual"

    @property
    def human(self) -> bool:
        return self is not Status.EXTRACTED


# A fingerprint of what an extracted row claims, as the tool wrote it: a row whose claim (value,
# bound, scope …) no longer matches it was corrected by a person, and is a person's row from
# then on. Quotes and offsets are not part of it: extraction re-anchors them.
DIGEST = "digest"
EXTRACTED_FIELDS = ("subject", "attribute", "qualifiers", "value", "value_low", "value_high", "bound", "unit")

BOUNDS = tuple(b.value for b in Bound)
STATUSES = tuple(s.value for s in Status)
HUMAN_STATUSES = tuple(s.value for s in Status if s.human)


class Qualifiers(Mapping[str, str]):
    """A claim's scope (`country=armenia;group=security_forces`): parsed and written here only.

    Immutable; keys are sorted and empty values dropped, so equal scopes have equal text.
    """
    __slots__ = ("items_", "_map")

    def __init__(self, items: tuple[tuple[str, str], ...] = ()):
        object.__setattr__(self, "items_", tuple(items))
        object.__setattr__(self, "_map", dict(items))

    def __setattr__(self, name, value):
        raise AttributeError("Qualifiers are immutable")

    @classmethod
    def of(cls, values: Mapping[str, str]) -> "Qualifiers":
        return cls(tuple(sorted((k, v) for k, v in values.items() if v)))

    @classmethod
    def parse(cls, text: str) -> "Qualifiers":
        out = {}
        for part in (text or "").split(";"):
            if "=" in part:
                key, value = part.split("=", 1)
                if value.strip():
                    out[key.strip()] = value.strip()
        return cls.of(out)

    def __getitem__(self, key: str) -> str:
        return self._map[key]

    def get(self, key: str, default=None):
        return self._map.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self.items_)

    def __eq__(self, other) -> bool:
        return isinstance(other, Qualifiers) and self.items_ == other.items_

    def __hash__(self) -> int:
        return hash(self.items_)

    def __repr__(self) -> str:
        return f"Qualifiers({str(self)!r})"

    def __str__(self) -> str:
        return ";".join(f"{k}={v}" for k, v in self.items_)


class Claim(NamedTuple):
    """One claim mention, from the extractor to the report: a claims.csv row, typed and immutable.

    `start`/`end` are None for a person's row without offsets; `confidence` keeps the text it
    was written with.
    """
    source_id: str
    subject: str
    attribute: str
    qualifiers: Qualifiers
    value: str
    value_low: str
    value_high: str
    bound: str
    unit: str
    quote: str
    start: int | None
    end: int | None
    method: str = ""
    confidence: str = ""
    status: str = Status.EXTRACTED.value
    note: str = ""
    claim_id: str = ""
    as_of: str = ""         # the date the text gives for the figure ("au 21 juillet"); '' = the source's date
    bound_low: str = ""     # a range's ends, each with its own bound ("between some 500 and 700": approx,
    bound_high: str = ""    # exact); '' on any other claim

    def with_id(self, occurrence: int) -> "Claim":
        return self._replace(claim_id=claim_id(self.source_id, self.attribute, str(self.qualifiers), self.quote,
                                               occurrence))

    def to_row(self) -> dict[str, str]:
        row = {c: getattr(self, c) for c in COLUMNS}
        row.update(qualifiers=str(self.qualifiers), start=_offset_text(self.start), end=_offset_text(self.end))
        return row


def is_offset(text: str) -> bool:
    """A non-negative integer in ASCII digits (str.isdigit() also takes '²⁵¹'), at most OFFSET_DIGITS of them."""
    return len(text) <= OFFSET_DIGITS and text.isascii() and text.isdigit()


def offset(text: str) -> int | None:
    """An offset as claims.csv writes it, as a number; None for a row without one."""
    text = str(text).strip()
    return int(text) if is_offset(text) else None


def row_digest(row: Mapping[str, str]) -> str:
    """The fingerprint of a row's extracted fields (see DIGEST)."""
    key = "\x1f".join(str(row.get(c, "")) for c in EXTRACTED_FIELDS)
    if row.get("as_of"):  # rows written before as_of keep their fingerprint
        key += "\x1f" + str(row["as_of"])
    if row.get("bound_low") or row.get("bound_high"):  # and rows written before the ends' bounds too
        key += "\x1f" + str(row.get("bound_low", "")) + "\x1f" + str(row.get("bound_high", ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _offset_text(offset: int | None) -> str:
    return "" if offset is None else str(offset)


def claim_id(source_id: str, attribute: str, qualifiers: str, quote: str, occurrence: int = 0) -> str:
    """The same mention gets the same id on every run: a hash of what it is and where it is said.

    `occurrence` tells apart identical mentions (a paragraph repeated in one source).
    """
    key = "\x1f".join([source_id, attribute, qualifiers, " ".join(quote.split()), str(occurrence)])
    return f"{source_id}.{attribute}.{hashlib.sha256(key.encode('utf-8')).hexdigest()[:10]}"


def rows_from_claims(claims: Iterable[Claim]) -> list[dict]:
    """claims.csv rows for extracted claims, ids made stable and unique."""
    rows = []
    seen: Counter = Counter()
    for c in claims:
        key = (c.source_id, c.attribute, str(c.qualifiers), " ".join(c.quote.split()))
        row = c.with_id(seen[key]).to_row()
        row[DIGEST] = row_digest(row)
        rows.append(row)
        seen[key] += 1
    return rows
