"""The project read as one, for the commands that look rather than run: claims, sources, the
comparison and the acceptances together.

    state.py  `State`/`read_state`, and `Project` (the state kept fresh for `serve`)
    show.py   `provenance show`: a claim in its source, or a finding with its quotes
"""
from .show import show as show_text
from .state import Project, State, read_state

__all__ = ["Project", "State", "read_state", "show_text"]
