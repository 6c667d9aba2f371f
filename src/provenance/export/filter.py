"""Which claims an export keeps."""
from __future__ import annotations


class Filter(dict):
    """Claims columns -> the value wanted there ({'attribute': 'killed'}); empty values match all."""

    def keeps(self, row: dict) -> bool:
        return all(row.get(column) == wanted for column, wanted in self.items() if wanted)
