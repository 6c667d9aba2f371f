"""Work shared among processes.

    forked.py  forked processes that inherit the data instead of pickling it; `die_with_parent`
"""
from .forked import can_fork, die_with_parent, map_forked

__all__ = ["can_fork", "die_with_parent", "map_forked"]
