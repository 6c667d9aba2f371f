"""Auditing sources: each source's and each outlet's record across the findings, with the
findings every figure rests on (`provenance audit`, the reports' Audit section, the app's audit
page, SQLite's `source_profiles`).

    profiles.py `source_profiles`, `outlet_profiles`: best supported, alone, disagrees and agrees
                with, revisions of an outlet's own figure, copies, trust
    arrays.py   the findings as arrays, and the pair counts of who agrees and disagrees with whom
    copies.py   `copy_groups`: sources that repeat one text, one voice, the earliest the original
    trust.py    the trust estimate and its interval (an iterative method, documented there)
    overview.py `audit_overview`: the whole audit as one record, for every place that shows it
"""
from .copies import CopyGroup, copy_groups
from .overview import COLUMNS, METHOD, audit_overview, lone_sources
from .arrays import PAIRS
from .profiles import Profile, outlet_of, outlet_profiles, source_profiles
from .trust import FEW_FINDINGS, Trust, wilson

__all__ = ["COLUMNS", "FEW_FINDINGS", "METHOD", "PAIRS", "CopyGroup", "Profile", "Trust", "audit_overview",
           "copy_groups", "lone_sources", "outlet_of", "outlet_profiles", "source_profiles", "wilson"]
