"""The main job: sources -> claims.csv -> reports/, quick where the incremental package allows.

    job.py          `extract` (plan, read, file, merge, write), `extract_rows` (for check), `compare`
    dask_engine.py  the same job on Dask: `engine` gives the mapper and the comparer
"""
from .dask_engine import engine as on_dask
from .job import compare, extract, extract_rows

__all__ = ["compare", "extract", "extract_rows", "on_dask"]
