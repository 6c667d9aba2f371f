"""What every package leans on, and nothing of the domain.

    errors.py   ProvenanceError (message, file, row) and BusyError
    env.py      PROVENANCE_* and SOURCE_DATE_EPOCH settings, validated
    safe.py     text made safe for terminals, spreadsheets and JSON inside pages
    csvtext.py  CSV as written and read everywhere (RFC 4180, `\\n` line ends, a `\\r` quoted)
    atomic.py   atomic writes of a file or a folder, owned folders, the project lock
"""
from .atomic import (LOCK_NAME, MARKER, atomic_copy, atomic_write_folder, atomic_write_pieces, atomic_write_text,
                     link_below, project_lock, refuse_links)
from .csvtext import csv_lines, csv_text, dict_rows, malformed, text_lines
from .env import count, epoch, folders, one_line, seconds
from .errors import BusyError, ProvenanceError
from .safe import control_character, json_for_html, printable, spreadsheet_csv, spreadsheet_safe

__all__ = ["LOCK_NAME", "MARKER", "BusyError", "ProvenanceError", "atomic_copy", "atomic_write_folder",
           "atomic_write_pieces", "atomic_write_text", "control_character", "count", "csv_lines", "csv_text",
           "dict_rows", "epoch", "folders", "json_for_html", "link_below", "malformed", "one_line", "printable",
           "project_lock", "refuse_links", "seconds", "spreadsheet_csv", "spreadsheet_safe", "text_lines"]
