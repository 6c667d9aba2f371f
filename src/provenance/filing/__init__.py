"""A person's tables beside claims.csv, and the claims filed under them.

    events.py    events.csv: tolls filed under a person's events and pins; the table derived and written
    subjects.py  subjects.csv: a person's renames and merges of organisations, treaties and operations
"""
from .events import derive, events_path, file_under_events, mentions, read_events, subject_kinds, write_events
from .subjects import derive_subjects, file_under_subjects, read_subjects, subjects_path, write_subjects

__all__ = ["derive", "derive_subjects", "events_path", "file_under_events", "file_under_subjects", "mentions",
           "read_events", "read_subjects", "subject_kinds", "subjects_path", "write_events", "write_subjects"]
