"""Auditing sources: each source's and each outlet's record across the findings, with the
findings every figure rests on (`provenance audit`).

    profiles.py `source_profiles`, `outlet_profiles`: best supported, alone, disagrees and agrees
                with, revisions of an outlet's own figure
"""
from .profiles import Profile, outlet_of, outlet_profiles, source_profiles

__all__ = ["Profile", "outlet_of", "outlet_profiles", "source_profiles"]
