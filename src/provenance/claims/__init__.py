"""The claims table: claims.csv, one row per claim tied to its quote and offsets.

    record.py    one claim: COLUMNS, the `Claim` tuple, Qualifiers, Bound, Status, claim_id, row_digest
    table.py     the file: `ClaimTable` (the one table readers share, with its accessors), read (strict,
                 or Arrow where it agrees), write, merge a person's rows, order
    validate.py  what a well-formed row is; `validated` stops at the first bad line
    arrowcsv.py  the Arrow fast path, taken only where it provably reads what the strict reader reads
    schema.py    claims.schema.json, made from the rules validate.py enforces
"""
from .record import (BOUNDS, COLUMNS, DIGEST, EXTRACTED_FIELDS, HUMAN_STATUSES, SOURCE_ID, VALUE_DIGITS, Bound, Claim,
                     Qualifiers, Status, claim_id, is_offset, offset, row_digest, rows_from_claims)
from .table import (ClaimTable, merge, read_claims_bytes, read_claims_file, records, sort_claims, text_rows,
                    write_claims, written_columns)
from .validate import id_problems, row_problems, suspects, validated

__all__ = ["BOUNDS", "COLUMNS", "DIGEST", "EXTRACTED_FIELDS", "HUMAN_STATUSES", "SOURCE_ID", "VALUE_DIGITS", "Bound",
           "Claim", "ClaimTable", "Qualifiers", "Status", "claim_id", "id_problems", "is_offset", "merge", "offset",
           "read_claims_bytes", "read_claims_file", "records", "row_digest", "row_problems", "rows_from_claims",
           "sort_claims", "suspects", "text_rows", "validated", "write_claims", "written_columns"]
