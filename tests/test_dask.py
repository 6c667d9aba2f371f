"""The Dask engine gives the same output as the local one, file for file."""
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main

from conftest import SEEDS

pytest.importorskip("dask.distributed")

ARTICLES = Path(__file__).parent / "data" / "articles"


def project(root: Path) -> Path:
    shutil.copytree(SEEDS, root / "sources")
    for name in ("en-wire", "fr-bilan", "en-encyclopedia"):
        shutil.copy(ARTICLES / f"{name}.txt", root / "sources" / f"{name}.txt")  # unlisted: picked up too
    return root


def run(root: Path, *extra: str):
    result = CliRunner().invoke(main, ["run", "--sources", str(root / "sources"), "--claims", str(root / "claims.csv"),
                                       "--out", str(root / "reports"), "--jobs", "2", *extra])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow
def test_dask_equals_local(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    local, distributed = project(tmp_path / "local"), project(tmp_path / "dask")
    run(local)
    run(distributed, "--engine", "dask")
    assert (local / "claims.csv").read_bytes() == (distributed / "claims.csv").read_bytes()
    for name in ("discrepancies.json", "discrepancies.md", "discrepancies.csv", "index.html"):
        assert (local / "reports" / name).read_bytes() == (distributed / "reports" / name).read_bytes(), name


@pytest.mark.slow
def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    root = project(tmp_path)
    result = CliRunner().invoke(main, ["run", "--sources", str(root / "sources"), "--claims", str(root / "claims.csv"),
                                       "--out", str(root / "reports"), "--engine", "dask",
                                       "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "Dask scheduler" in result.output
