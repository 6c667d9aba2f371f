"""The main job on Dask: extraction and comparison as tasks, on a local cluster or on the
`dask.distributed` scheduler at an address (many machines).

The work is cut where it does not change the result: extraction per source, comparison per
partition (canonical subject and attribute family: claims of two partitions never meet),
then the partitions are joined on the client exactly as the local engine joins its one
partition. The output is the same file for file (tests/test_dask.py).

Workers read the sources by path: on several machines, the project folder must be on storage
they all see.
"""
from __future__ import annotations

from contextlib import contextmanager

from ..plumbing import ProvenanceError


@contextmanager
def client(scheduler: str | None = None, workers: int | None = None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ProvenanceError("the dask engine needs Dask: pip install 'provenance[dask]'") from None
    if scheduler:
        try:
            c = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as e:
            raise ProvenanceError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        try:
            yield c
        finally:
            c.close()
        return
    from .job import default_jobs
    with LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def mapper(c):
    """(item, fn(item)) for each item, computed as Dask tasks; a worker's error is raised here."""
    def run(fn, items):
        items = list(items)
        if not items:
            return []
        futures = c.map(fn, items, pure=False)
        return zip(items, c.gather(futures))
    return run


def comparer(c):
    """compare() on Dask: one task per partition, joined by compare.finish()."""
    def run(table, sources, texts):
        from ..compare import canonical_subjects, compare_partition, finish, partition_keys
        from ..compare import name_unnamed
        table = name_unnamed(table, sources)
        canon = canonical_subjects(table)
        keys = partition_keys(table, canon)
        parts = [table[keys == key] for key in sorted(keys.unique())]
        if not parts:
            return finish([], sources)
        shared = c.scatter([sources, texts, canon], broadcast=True)
        futures = [c.submit(compare_partition, part, *shared, pure=False) for part in parts]
        return finish(c.gather(futures), sources)
    return run


@contextmanager
def engine(scheduler: str | None = None, jobs: int | None = None):
    """(mapper, comparer) for pipeline.extract and pipeline.compare, on Dask while the block runs:
    the caller says what each step wrote before the next one starts."""
    with client(scheduler, jobs) as c:
        yield mapper(c), comparer(c)
