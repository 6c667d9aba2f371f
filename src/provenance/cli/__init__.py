"""The command line: the click group `main` and its commands. The library raises
`ProvenanceError`; only `common.handles_errors` turns it into a message and an exit code.

- `common.py`: the group `main`, the shared options, `handles_errors`, `Outputs`;
- `run.py`: `run`, `extract`, `compare`, `check`, and the summary they print;
- `sources.py`: `sources list`, `sources add`, `sources remove`;
- `review.py`: `show`, `accept`, `export`, `serve`, `review`;
- `audit.py`: `audit`, the sources' records across the findings;
- `outputs.py`: where `export --out` and `check --output` may write.
"""
from . import audit, review, run, sources  # noqa: F401 (each module adds its commands to `main`)
from .common import main

__all__ = ["main"]
