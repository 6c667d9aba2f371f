"""Work on this machine: in this process, on a process pool, or on forked processes that
inherit what they read."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from .collector import frozen
from .forked import can_fork, die_with_parent, forked_beside, map_forked

PARALLEL_MIN = 8        # fewer items than this are worked on in this process
PROGRESS_MIN = 200      # a progress bar from this many items on


def only_thread() -> bool:
    """Whether no other thread runs in this process (where a fork is safe)."""
    return threading.active_count() == 1


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Local:
    """`jobs` processes of this machine (1: this process alone). `map` pickles each item to a
    pool's worker; `map_shared` forks workers that inherit `shared` (a million claims are not
    pickled), where the system can fork, and works here otherwise."""
    jobs: int = 1
    progress: bool = False           # a progress bar on the terminal, for many items
    parallel_min: int = PARALLEL_MIN  # fewer items than this stay in this process

    def map(self, fn: Callable, items: list) -> Iterator[tuple]:
        """(item, fn(item)) for each item, in order; `fn` is a module-level function."""
        parallel = self.jobs > 1 and len(items) >= self.parallel_min
        if not parallel:
            yield from self._shown(((item, fn(item)) for item in items), len(items))
            return
        from concurrent.futures import ProcessPoolExecutor
        with frozen():
            pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=die_with_parent)
            try:
                chunk = max(1, min(64, len(items) // (self.jobs * 8)))
                yield from self._shown(zip(items, pool.map(fn, items, chunksize=chunk)), len(items))
            finally:
                pool.shutdown(cancel_futures=True)

    def map_shared(self, fn: Callable, items: list, shared) -> list:
        """[fn(shared, item) for item in items]: the first here, the others on at most jobs - 1
        forked workers."""
        if len(items) > 1 and can_fork(self.jobs):
            return map_forked(fn, items, shared, min(self.jobs, len(items)) - 1)
        return [fn(shared, item) for item in items]

    @contextmanager
    def beside(self, fn: Callable, shared) -> Iterator[Callable]:
        """fn(shared, None) worked on beside what this process does next, in a forked process that
        inherits `shared`, where there are two jobs or more, the system can fork and no other
        thread runs (a fork copies none, and a lock one holds would stay held in the child: the
        app's server works here); yields what waits for its result (here, what works it out)."""
        if can_fork(self.jobs) and only_thread():
            with forked_beside(fn, shared) as result:
                yield result
            return
        yield lambda: fn(shared, None)

    def _shown(self, pairs, total: int):
        if not (self.progress and total >= PROGRESS_MIN):
            yield from pairs
            return
        from rich.progress import Progress
        with Progress(transient=True) as bar:
            task = bar.add_task("extracting", total=total)
            for pair in pairs:
                bar.advance(task)
                yield pair
