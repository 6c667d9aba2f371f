"""Work shared out among forked processes that inherit what they read (a million claims are not
pickled to each worker): the parent takes the first item, workers the others; or one piece of
work done beside the parent's own (`forked_beside`)."""
from __future__ import annotations

import multiprocessing as mp
from contextlib import contextmanager
import os
import sys

from .collector import frozen

_INHERITED: object = None  # what the forked workers read, set for the time of one map_forked


def can_fork(jobs: int) -> bool:
    """Whether `jobs` processes can share work by forking (not where only spawn exists)."""
    return jobs >= 2 and "fork" in mp.get_all_start_methods()


def map_forked(fn, items: list, shared, processes: int | None = None) -> list:
    """[fn(shared, item) for item in items], the first item in this process and the others in
    `processes` forked workers (default: one an item) that inherit `shared`; `fn` is a
    module-level function (workers are sent its name). The cycle collector is frozen first:
    workers then leave the inherited objects alone."""
    from concurrent.futures import ProcessPoolExecutor
    global _INHERITED
    _INHERITED = shared
    try:
        with frozen(), ProcessPoolExecutor(processes or len(items) - 1, mp_context=mp.get_context("fork"),
                                           initializer=die_with_parent) as pool:
            others = pool.map(_with_inherited, [fn] * (len(items) - 1), items[1:])
            return [fn(shared, items[0]), *others]
    finally:
        _INHERITED = None


@contextmanager
def forked_beside(fn, shared):
    """fn(shared, None) worked on in one forked process, which inherits `shared` (nothing is
    pickled to it), while this one goes on; yields what waits for its result. Its error is
    raised here; if it dies without a word (killed, out of memory), the work is done here. One
    not waited for is ended: this process never waits on work nobody asked for."""
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    with frozen():  # the child's collector leaves the inherited objects alone
        child = context.Process(target=_beside, args=(fn, shared, send), daemon=True)
        child.start()
    send.close()
    try:
        yield lambda: _outcome(receive, fn, shared)
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _beside(fn, shared, send) -> None:
    """In the forked child: fn's result, or its error, sent to the parent."""
    die_with_parent()
    try:
        outcome = (True, fn(shared, None))
    except Exception as e:  # the parent raises it
        outcome = (False, e)
    try:
        send.send(outcome)
    except Exception as e:  # a result or an error that does not pickle
        send.send((False, RuntimeError(f"{fn.__name__}: its result could not be sent back: {e}")))


def _outcome(receive, fn, shared):
    """What the child sent: its result, or its error raised; the work done here if it sent nothing."""
    try:
        done, value = receive.recv()
    except EOFError:
        return fn(shared, None)
    if not done:
        raise value
    return value


def _with_inherited(fn, item):
    return fn(_INHERITED, item)


def die_with_parent() -> None:
    """In a worker: the kernel ends it when its parent dies, even by SIGKILL (Linux)."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the call
        os._exit(1)
