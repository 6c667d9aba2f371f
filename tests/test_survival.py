"""A property: whatever a person and the tool do, in any order (edits of claims.csv, re-runs,
`check --fix`, `accept`, changed sources, runs killed midway), every confirmed, rejected or
manual row, every corrected value and every note survives, and every file is complete."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from provenance.cli import main

from conftest import SEEDS, csv_rows, write_csv_rows

EXAMPLES = max(8, int(os.environ.get("PROVENANCE_FUZZ_EXAMPLES", "150")) // 10)
SRC = str(Path(__file__).resolve().parents[1] / "src")
SOURCES = ["france24-afp", "blog-wikipedia", "rbth-litovkine"]

OPS = st.lists(st.one_of(
    st.tuples(st.just("decide"), st.integers(0, 200), st.sampled_from(["confirmed", "rejected", " Confirmed"])),
    st.tuples(st.just("note"), st.integers(0, 200), st.sampled_from(["vérifié", "à revoir, voir AFP", "x\ny"])),
    st.tuples(st.just("correct"), st.integers(0, 200), st.integers(1, 9999)),
    st.tuples(st.just("manual"), st.sampled_from(SOURCES), st.integers(1, 9999)),
    st.tuples(st.just("extract")),
    st.tuples(st.just("run")),
    st.tuples(st.just("fix")),
    st.tuples(st.just("accept")),
    st.tuples(st.just("change"), st.sampled_from(SOURCES), st.sampled_from(["append", "prepend"])),
    st.tuples(st.just("kill"), st.floats(0.0, 1.0)),
), min_size=1, max_size=7)


def _rows(project: Path) -> list[dict]:
    return csv_rows(project / "claims.csv")


def _write(project: Path, rows: list[dict]) -> None:
    write_csv_rows(project / "claims.csv", rows)


class Person:
    """What a person did, as the test remembers it: claim id -> the fields that must stay."""

    def __init__(self, project: Path):
        self.project = project
        self.kept: dict[str, dict] = {}

    def edit(self, op: tuple) -> None:
        rows = _rows(self.project)
        if op[0] == "manual":
            cid = f"{op[1]}.killed.manual{op[2]}"
            if any(r["claim_id"] == cid for r in rows):
                return
            row = dict.fromkeys(rows[0], "")
            row.update(claim_id=cid, source_id=op[1], subject="Kazakhstan unrest 2022", attribute="killed",
                       value=str(op[2]), bound="exact", method="manual", status="manual", note="from a phone call")
            rows.append(row)
            self.kept[cid] = {"status": "manual", "value": str(op[2]), "note": "from a phone call"}
        else:
            row = rows[op[1] % len(rows)]
            cid = row["claim_id"]
            if op[0] == "decide":
                row["status"] = op[2]
                self.kept.setdefault(cid, {})["status"] = op[2].strip().lower()
            elif op[0] == "note":
                row["note"] = op[2]
                self.kept.setdefault(cid, {})["note"] = op[2]
            elif row["value"] and row["bound"] == "exact" and not row["value"].count("-"):
                row["value"] = row["value_low"] = row["value_high"] = str(op[2])
                self.kept.setdefault(cid, {})["value"] = str(op[2])
        _write(self.project, rows)

    def check(self) -> None:
        rows = {r["claim_id"]: r for r in _rows(self.project)}  # a complete, parseable file
        for cid, fields in self.kept.items():
            assert cid in rows, f"{cid} lost"
            for key, value in fields.items():
                got = rows[cid][key].strip().lower() if key == "status" else rows[cid][key]
                if key == "status" and value == "extracted":
                    continue
                assert got == value or (key == "status" and "value" in fields and got == "manual"), (cid, key, got)
        reports = self.project / "reports"
        if (reports / "discrepancies.json").exists():
            json.loads((reports / "discrepancies.json").read_text(encoding="utf-8"))


def _cli(project: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)


def _kill(project: Path, fraction: float) -> None:
    env = dict(os.environ, PYTHONPATH=SRC)
    proc = subprocess.Popen([sys.executable, "-m", "provenance", "run", "--no-cache"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.2 + fraction * 1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _change(project: Path, source_id: str, where: str) -> None:
    path = project / "sources" / f"{source_id}.txt"
    text = path.read_text(encoding="utf-8")
    added = "Selon un nouveau bilan, au moins 30 policiers ont été tués."
    path.write_text(f"{added}\n{text}" if where == "prepend" else f"{text}\n{added}\n", encoding="utf-8")


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=OPS)
def test_decisions_and_files_survive_anything(ops):
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copytree(SEEDS, project / "sources")
        assert _cli(project, "run").exit_code == 0
        person = Person(project)
        for op in ops:
            if op[0] in ("decide", "note", "correct", "manual"):
                person.edit(op)
            elif op[0] in ("extract", "run"):
                result = _cli(project, op[0])
                assert result.exit_code == 0, result.output
            elif op[0] == "fix":
                assert _cli(project, "check", "--fix").exit_code in (0, 1)
            elif op[0] == "accept":
                data = json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
                ids = [d["id"] for d in data["discrepancies"] if d["kind"] == "contradiction"]
                if ids:
                    _cli(project, "accept", random.Random(len(ops)).choice(ids), "--reason", "reviewed", "--replace")
            elif op[0] == "change":
                _change(project, op[1], op[2])
            elif op[0] == "kill":
                _kill(project, op[1])
            person.check()
        assert _cli(project, "run").exit_code == 0
        person.check()
