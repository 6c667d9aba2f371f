"""A person's review: decisions on claims and the accepted baseline of findings.

    decisions.py  decide, correct, add a claim, remove a source (claims.csv written by a person)
    accepted.py   reports/accepted.csv: accept, revoke, carry, and whether an acceptance still stands
    stated.py     whether a person's value stands in its quote (the number reader run on the quote)
"""
from .accepted import (FINGERPRINT, Standing, accept, read_accepted, reviewer_and_where, revoke, standings,
                       successors)
from .decisions import EDITABLE, add_claim, correct, decide, remove_source
from .stated import IN_WORDS, advice, persons_value, unstated

__all__ = ["EDITABLE", "FINGERPRINT", "IN_WORDS", "Standing", "accept", "add_claim", "advice", "correct", "decide",
           "persons_value", "read_accepted", "remove_source", "reviewer_and_where", "revoke", "standings", "successors", "unstated"]
