"""Every problem `provenance check` can report: a `Code` with its family (the JUnit test case it
fails), its severity, whether `--fix` can mend it, and how `--since` decides whether it touches
what changed. A `Problem` is one occurrence, with its place."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

ERROR, WARNING, NOTICE, BAD_INPUT = "error", "warning", "notice", "bad-input"
FAMILIES = ("schema", "provenance", "staleness", "contradictions")


class Code(Enum):
    """(slug, family, severity, fixable, scoped by: claim | source | claims | always)."""
    MISSING_CLAIM_ID = ("missing-claim-id", "schema", BAD_INPUT, False, "claim")
    DUPLICATE_CLAIM_ID = ("duplicate-claim-id", "schema", BAD_INPUT, False, "claim")
    UNKNOWN_SOURCE = ("unknown-source", "schema", BAD_INPUT, False, "claim")
    MISSING_ATTRIBUTE = ("missing-attribute", "schema", BAD_INPUT, False, "claim")
    BAD_BOUND = ("bad-bound", "schema", BAD_INPUT, False, "claim")
    BAD_STATUS = ("bad-status", "schema", BAD_INPUT, False, "claim")
    BAD_QUALIFIERS = ("bad-qualifiers", "schema", BAD_INPUT, False, "claim")
    BAD_VALUE = ("bad-value", "schema", BAD_INPUT, False, "claim")
    LOW_ABOVE_HIGH = ("low-above-high", "schema", BAD_INPUT, False, "claim")
    BAD_OFFSET = ("bad-offset", "schema", BAD_INPUT, False, "claim")
    MISSING_QUOTE = ("missing-quote", "schema", BAD_INPUT, False, "claim")
    BAD_CONFIDENCE = ("bad-confidence", "schema", BAD_INPUT, False, "claim")
    UNLISTED_SOURCE = ("unlisted-source", "provenance", WARNING, False, "claim")
    MISSING_SHA256 = ("missing-sha256", "provenance", ERROR, True, "source")
    SHA256_MISMATCH = ("sha256-mismatch", "provenance", ERROR, True, "source")
    UNREAD_LANGUAGE = ("unread-language", "provenance", WARNING, False, "source")
    LINKED_FILE = ("linked-file", "provenance", ERROR, False, "always")
    DRIFTED = ("drifted", "provenance", ERROR, True, "claim")
    ORPHANED = ("orphaned", "provenance", ERROR, False, "claim")
    STALE_MISSING = ("stale-missing", "staleness", ERROR, False, "always")
    STALE_EXTRA = ("stale-extra", "staleness", ERROR, False, "claim")
    STALE_CHANGED = ("stale-changed", "staleness", ERROR, False, "claim")
    SOURCE_CHANGED = ("source-changed", "provenance", NOTICE, False, "always")
    CLAIM_DELETED = ("claim-deleted", "provenance", NOTICE, False, "always")
    ACCEPTED_STALE = ("changed-since-accepted", "contradictions", ERROR, False, "claims")
    ACCEPTED_VALUE_LEFT = ("accepted-value-left", "contradictions", NOTICE, False, "claims")
    ACCEPTANCE_REMOVED = ("acceptance-removed", "contradictions", NOTICE, False, "always")
    REJECTED_SIDE = ("rejected-side", "contradictions", NOTICE, False, "claims")
    ACCEPTED_CHANGED = ("accepted-changed", "contradictions", NOTICE, False, "always")
    UNACCEPTED_CONTRADICTION = ("unaccepted-contradiction", "contradictions", ERROR, False, "claims")
    ACCEPTED_UNUSED = ("accepted-unused", "contradictions", WARNING, False, "claim")
    UNSTATED_VALUE = ("unstated-value", "provenance", ERROR, False, "claim")

    def __init__(self, slug: str, family: str, severity: str, fixable: bool, scoped_by: str):
        self.slug, self.family, self.severity, self.fixable, self.scoped_by = slug, family, severity, fixable, scoped_by

    def __str__(self) -> str:
        return self.slug

    @classmethod
    def of(cls, slug: str) -> "Code":
        return next(code for code in cls if code.slug == slug)


@dataclass
class Problem:
    code: Code
    message: str
    file: str
    row: int | None = None          # 1-based line in the file (the CSV header is line 1)
    claim_id: str = ""
    fix: dict = field(default_factory=dict)  # what --fix writes, or what --since scopes by

    @property
    def severity(self) -> str:
        return self.code.severity

    def to_json(self) -> dict:
        return {"code": self.code.slug, "message": self.message, "file": self.file, "row": self.row,
                "claim_id": self.claim_id, "severity": self.severity, "fix": self.fix}


@dataclass
class CheckResult:
    problems: list[Problem]
    checked_claims: int
    checked_sources: int
    input: object = None  # the CheckInput the problems were found in (what --fix rewrites)

    @property
    def exit_code(self) -> int:
        if any(p.severity == BAD_INPUT for p in self.problems):
            return 2
        return 1 if any(p.severity == ERROR for p in self.problems) else 0
