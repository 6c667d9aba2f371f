"""`provenance export`: claims and findings in the formats other tools read.

    formats.py  ClaimReview, Web Annotation, CSV, JSON; `written_by_export`
    sqlite.py   one database for datasette, with full-text search on quotes
    filter.py   which claims an export keeps
"""
from .filter import Filter
from .formats import TEXT_FORMATS, written_by_export
from .sqlite import write_sqlite

__all__ = ["TEXT_FORMATS", "Filter", "write_sqlite", "written_by_export"]
