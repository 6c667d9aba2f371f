"""The reports: discrepancies.json (the contract), .md, .csv and a self-contained index.html."""
from .writers import write_reports, context_of

__all__ = ["write_reports", "context_of"]
