"""The reports: discrepancies.json (the contract), .md, .csv and a self-contained index.html.

    writers.py   `report_data`, the Markdown, CSV and HTML renderers, `write_reports`
    audit.py     the Audit section of the page and the Markdown: `audit.audit_overview`'s record shown
    jsonfile.py  discrepancies.json, one finding per line, kept byte for byte when unchanged
    templates/   the HTML page (Jinja2) and its one script (sortable.js, filter.js)
"""
from .writers import PageView, context_of, generated_at, write_reports

__all__ = ["PageView", "context_of", "generated_at", "write_reports"]
