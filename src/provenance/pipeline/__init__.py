"""The main job: sources -> claims.csv -> reports/, quick where the incremental package allows,
on this machine or on Dask (the workers package).

    job.py  `extract` (plan, read, file, merge, write), `extract_rows` (for check), `compare`
"""
from .job import compare, extract, extract_rows

__all__ = ["compare", "extract", "extract_rows"]
