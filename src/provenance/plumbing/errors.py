"""The project's own error type: every bad input becomes one of these, with a location."""
from __future__ import annotations


class ProvenanceError(Exception):
    """Bad input: names the file, the row (1-based CSV line, header = 1) and what is wrong."""

    def __init__(self, message: str, file: str | None = None, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row

    def __reduce__(self):  # keep the file and row when raised in a worker process
        return (type(self), (self.message, self.file, self.row))

    def noted(self, note: str) -> "ProvenanceError":
        """The same error (same type, file and row) with a note in brackets after its message."""
        return type(self)(f"{self.message} ({note})", file=self.file, row=self.row)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.row}: " if self.row is not None else f"{self.file}: "
        return f"{where}{self.message}"


class BusyError(ProvenanceError):
    """Another provenance command holds the project's lock past the wait allowed."""
