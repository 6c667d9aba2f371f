"""Work on Dask: a local cluster, or the `dask.distributed` scheduler at an address (many
machines). Workers read the sources by path: on several machines, the project folder must be on
storage they all see."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from ..plumbing import ProvenanceError
from .local import default_jobs


@dataclass(frozen=True)
class Dask:
    """The same two maps as `Local`, as Dask tasks; a worker's error is raised here."""
    client: object

    def map(self, fn: Callable, items: list) -> Iterator[tuple]:
        """(item, fn(item)) for each item, in order."""
        items = list(items)
        if not items:
            return iter(())
        return zip(items, self.client.gather(self.client.map(fn, items, pure=False)))

    def map_shared(self, fn: Callable, items: list, shared) -> list:
        """[fn(shared, item) for item in items], `shared` sent once to every worker."""
        if not items:
            return []
        [everywhere] = self.client.scatter([shared], broadcast=True)
        return self.client.gather([self.client.submit(fn, everywhere, item, pure=False) for item in items])


@contextmanager
def dask_workers(scheduler: str | None = None, jobs: int | None = None):
    """`Dask` workers while the block runs: the scheduler's at `scheduler`, else a local cluster
    of `jobs` processes (default: every core)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ProvenanceError("the dask engine needs Dask: pip install 'provenance[dask]'") from None
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as e:
            raise ProvenanceError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
        try:
            yield Dask(client)
        finally:
            client.close()
        return
    with LocalCluster(n_workers=jobs or default_jobs(), threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield Dask(client)
