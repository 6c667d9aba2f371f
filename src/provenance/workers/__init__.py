"""Where work runs. Every step that shares work out (extraction, comparison, report rendering)
takes a `Workers` and calls one of its two maps; each backend gives the same results in the
same order, so the output never depends on where it ran (tests/test_dask.py,
tests/test_compare.py, tests/test_reports.py). The cycle collector is handled here too.

    local.py      `Local`: this process (jobs=1), a process pool (`map`), or forked processes that
                  inherit what they read (`map_shared`, and `beside`: one piece of work beside this
                  process's own)
    on_dask.py    `Dask`: the same maps as Dask tasks; `dask_workers`, a local cluster or a scheduler
    forked.py     forking workers that inherit the data (`map_forked`, `forked_beside`); `die_with_parent`
    collector.py  `many_objects` (the collector paused), `frozen` (frozen before a fork)
"""
from __future__ import annotations

from typing import Callable, Iterable, Protocol

from .collector import frozen, many_objects
from .forked import can_fork, die_with_parent, forked_beside, map_forked
from .local import PARALLEL_MIN, Local, default_jobs
from .on_dask import Dask, dask_workers


class Workers(Protocol):
    """What a step asks of its workers."""

    def map(self, fn: Callable, items: list) -> Iterable[tuple]:
        """(item, fn(item)) for each item, in order; `fn` is a module-level function."""

    def map_shared(self, fn: Callable, items: list, shared) -> list:
        """[fn(shared, item) for item in items], `shared` given to every worker once."""


__all__ = ["PARALLEL_MIN", "Dask", "Local", "Workers", "can_fork", "dask_workers", "default_jobs", "die_with_parent",
           "forked_beside", "frozen", "many_objects", "map_forked"]
