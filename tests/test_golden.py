"""The whole job on a fixed corpus, against the files it produced before a restructure.

The corpus (`tests/data/golden/sources/`) is the five seeds, the twelve real dev articles of
`../shared/eval/dev` (Wikipedia and its mirrors: CC BY-SA; kremlin.ru: CC BY 4.0; the manifest's
`url` is the attribution) and the ten articles written for the tests. `claims.csv` and every
report (without `generated_at`) must be byte-for-byte what `tests/data/golden/expected/` holds.

A change that is meant to change the output rewrites the fixtures on purpose:

    python tests/test_golden.py --update
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main

GOLDEN = Path(__file__).parent / "data" / "golden"
EXPECTED = GOLDEN / "expected"
COMPARED = ("claims.csv", "discrepancies.json", "discrepancies.md", "discrepancies.csv")


def normalized(name: str, text: str) -> str:
    """A produced file without what changes from run to run (the time it was generated)."""
    if name.endswith(".json"):
        data = json.loads(text)
        data.pop("generated_at", None)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return re.sub(r"(?m)^.*generated(?:_at| at| on)?\b.*\d{4}-\d\d-\d\dT[\d:]+.*$", "<generated>", text)


def run_job(workdir: Path) -> dict[str, str]:
    """`provenance run` over a copy of the golden corpus; the compared files by name."""
    shutil.copytree(GOLDEN / "sources", workdir / "sources")
    claims, reports = workdir / "claims.csv", workdir / "reports"
    result = CliRunner().invoke(main, ["run", "--sources", str(workdir / "sources"), "--claims", str(claims),
                                       "--out", str(reports), "--no-cache", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    produced = {"claims.csv": claims.read_text(encoding="utf-8")}
    for name in COMPARED[1:]:
        produced[name] = (reports / name).read_text(encoding="utf-8")
    return {name: normalized(name, text) for name, text in produced.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", COMPARED)
def test_output_is_what_it_was(tmp_path_factory, name):
    produced = _produced(tmp_path_factory)
    expected = (EXPECTED / name).read_text(encoding="utf-8")
    assert produced[name] == expected, f"{name} differs from tests/data/golden/expected/{name}"


_CACHE: dict[str, dict[str, str]] = {}


def _produced(tmp_path_factory) -> dict[str, str]:
    if "run" not in _CACHE:
        _CACHE["run"] = run_job(tmp_path_factory.mktemp("golden"))
    return _CACHE["run"]


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_golden.py --update")
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        files = run_job(Path(tmp))
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (EXPECTED / name).write_text(text, encoding="utf-8")
        print(f"wrote {EXPECTED / name}")
