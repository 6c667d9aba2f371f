"""One interface for where work runs (workers/): this process, a process pool, forked processes
and Dask give the same results in the same order; forked workers inherit what they share
instead of having it pickled; the cycle collector is handled in one place."""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time

import pytest

from provenance.workers import Local, Workers, can_fork, local, many_objects

ITEMS = list(range(23))


def square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def scaled(shared, n: int) -> tuple[int, int]:
    factor, _unpicklable = shared
    return n * factor, os.getpid()


def _results(pairs) -> list:
    return [(item, value) for item, (value, _) in pairs]


@pytest.mark.parametrize("workers", [Local(1), Local(2, parallel_min=2), Local(3)], ids=["serial", "pool", "pool3"])
def test_every_local_map_gives_the_same_results_in_order(workers: Workers):
    assert _results(workers.map(square, ITEMS)) == [(n, n * n) for n in ITEMS]
    assert [value for value, _ in workers.map_shared(scaled, ITEMS, (3, lambda: None))] == [n * 3 for n in ITEMS]


def test_one_process_works_here_and_several_share_the_work():
    here = os.getpid()
    assert {pid for _, (_, pid) in Local(1).map(square, ITEMS)} == {here}
    assert {pid for _, pid in Local(1).map_shared(scaled, ITEMS, (2, None))} == {here}
    if can_fork(2):
        pool = {pid for _, (_, pid) in Local(2, parallel_min=2).map(square, ITEMS)}
        forked = [pid for _, pid in Local(2).map_shared(scaled, ITEMS, (2, lambda: None))]  # a lambda: never pickled
        assert here not in pool and forked[0] == here and set(forked[1:]) - {here}
        three = {pid for _, pid in Local(3).map_shared(scaled, ITEMS, (2, None))}
        assert len(three) <= 3  # this process and at most two workers, however many items


def summed(shared, _) -> tuple[int, int]:
    return sum(shared[0]), os.getpid()


def failing(shared, _):
    raise ValueError(f"no {shared[0][0]}")


@pytest.fixture
def alone(monkeypatch):
    """As if no other thread ran (an earlier test's server may have left one)."""
    monkeypatch.setattr(local, "only_thread", lambda: True)


def test_work_beside_is_done_here_or_in_a_forked_process_and_gives_the_same(alone):
    here = os.getpid()
    inherited = ([5, 6], lambda: None)  # a lambda: inherited, never pickled
    with Local(1).beside(summed, inherited) as result:
        assert result() == (11, here)
    if can_fork(2):
        with Local(2).beside(summed, inherited) as result:
            worked, where = result()
        assert worked == 11 and where != here
        with pytest.raises(ValueError, match="no 5"), Local(2).beside(failing, inherited) as result:
            result()


def dies_when_forked(shared, _) -> str:
    parent, = shared
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return "worked out here"


def finishes_late(shared, _) -> None:
    time.sleep(30)
    shared[0].write_text("finished")


@pytest.mark.skipif(not can_fork(2), reason="work is forked only where fork is")
def test_work_beside_whose_process_dies_is_done_here_and_work_not_waited_for_is_ended(tmp_path, alone):
    with Local(2).beside(dies_when_forked, (os.getpid(),)) as result:
        assert result() == "worked out here"
    with pytest.raises(RuntimeError, match="the parent's own error"):
        with Local(2).beside(finishes_late, (tmp_path / "late",)):
            raise RuntimeError("the parent's own error")
    assert not (tmp_path / "late").exists() and multiprocessing.active_children() == []


def test_work_beside_is_done_here_while_another_thread_runs():
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()
    try:
        with Local(2).beside(summed, ([1, 2], None)) as result:
            assert result() == (3, os.getpid())
    finally:
        waiting.set()
        other.join()


def test_the_collector_is_paused_and_given_back():
    assert gc.isenabled()
    with many_objects():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with many_objects():
            pass
        assert not gc.isenabled()  # as it was found
    finally:
        gc.enable()
    Local(2, parallel_min=2).map_shared(scaled, ITEMS[:4], (1, None))
    assert gc.get_freeze_count() == 0  # frozen for a fork, unfrozen after


@pytest.mark.slow
def test_dask_gives_what_local_gives():
    pytest.importorskip("dask.distributed")  # an optional extra: `.[dask]`
    from provenance.workers import dask_workers
    with dask_workers(jobs=2) as workers:
        assert _results(workers.map(square, ITEMS)) == _results(Local(1).map(square, ITEMS))
        assert [v for v, _ in workers.map_shared(scaled, ITEMS, (5, None))] == [n * 5 for n in ITEMS]
        assert list(workers.map(square, [])) == [] and workers.map_shared(scaled, [], (1, None)) == []
