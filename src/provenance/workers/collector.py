"""Python's cycle collector, handled in one place for all the workers: paused while many small
objects are made and kept, frozen before processes fork."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def many_objects():
    """The collector paused while millions of small objects are made and kept (a claim, its
    point, its quote): each automatic pass would walk every object alive, so a million claims
    cost five times their work. They hold no cycles to collect; the collector resumes after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@contextmanager
def frozen():
    """The objects alive now moved out of the collector's reach while workers are forked: a
    worker's collector then leaves the parent's objects (and the memory pages they sit on) alone."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
