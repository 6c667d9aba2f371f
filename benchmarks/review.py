#!/usr/bin/env python3
"""The review at scale: on a corpus from make_corpus.py, how big the report page is, how long
the terminal summary is, and how fast `provenance serve` answers its pages.

    python benchmarks/review.py --docs 2000 [--work /tmp/review-bench]

Targets (issue 10): index.html under 2 MB, the summary under 40 lines, the findings page under
1 s once the project is read. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _serve(work: Path):
    """The review app on a free port of 127.0.0.1, in this process; returns (server, base URL)."""
    import uvicorn
    from provenance.project.state import Project
    from provenance.serve import create_app
    project = Project(work / "claims.csv", work / "sources", work / "reports", work / "reports" / "accepted.csv")
    started = time.perf_counter()
    project.state()
    print(f"reading the project for serve: {time.perf_counter() - started:.2f} s")
    server = uvicorn.Server(uvicorn.Config(create_app(project), host="127.0.0.1", port=0, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"


def _timed(url: str, times: int = 5) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(times):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as answer:
            size = len(answer.read())
        best = min(best, time.perf_counter() - started)
    return best, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/review-bench"))
    args = ap.parse_args()
    work = args.work / str(args.docs)
    if not (work / "sources").exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "--docs", str(args.docs),
                        "--out", str(work)], check=True, stdout=subprocess.DEVNULL)
    env = {**os.environ, "COLUMNS": "100"}
    started = time.perf_counter()
    run = subprocess.run(["provenance", "run"], cwd=work, env=env, capture_output=True, text=True, check=True)
    print(f"provenance run on {args.docs} articles: {time.perf_counter() - started:.1f} s")
    summary = run.stdout.splitlines()
    print(f"terminal summary: {len(summary)} lines (target < 40), widest {max(map(len, summary))} characters")
    for name in ("index.html", "discrepancies.json", "discrepancies.md", "discrepancies.csv"):
        print(f"reports/{name}: {(work / 'reports' / name).stat().st_size / 1e6:.2f} MB"
              + (" (target < 2 MB)" if name == "index.html" else ""))
    server, base = _serve(work)
    source = sorted((work / "sources").glob("*.txt"))[0].stem
    for label, path in (("findings page", "/"), ("findings, filtered", "/?kind=variance&q=members"),
                        ("findings, page 3", "/?page=3"), ("a source", f"/sources/{source}")):
        seconds, size = _timed(base + path)
        print(f"serve {label}: {seconds * 1000:.0f} ms, {size / 1e3:.0f} kB" + (" (target < 1 s)" if path == "/" else ""))
    server.should_exit = True


if __name__ == "__main__":
    main()
