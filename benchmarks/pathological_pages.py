#!/usr/bin/env python3
"""Reading a saved web page (trafilatura, then our paragraphs), by size: figures, never assertions.

    python benchmarks/pathological_pages.py [--sizes 1 2 4 8]

A page of one article of many short paragraphs, the shape whose reading grows faster than the
page. Sizes in MB; PROVENANCE_PAGE_MAX_BYTES is raised for the run so that every size is read.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from provenance.sources.webpage import read_page# noqa: E402

PARAGRAPH = "<p>Au moins 17 policiers ont été tués à Almaty selon le ministère et l'OTSC a envoyé 2 500 parachutistes.</p>\n"


def page(megabytes: float) -> bytes:
    n = int(megabytes * 1e6 / len(PARAGRAPH.encode("utf-8")))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>T</title></head><body><article>"
            + PARAGRAPH * n + "</article></body></html>").encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8])
    args = ap.parse_args()
    os.environ["PROVENANCE_PAGE_MAX_BYTES"] = str(10**12)
    read_page(page(0.01), "warm-up")  # trafilatura's import, once
    print("| MB | seconds | s per MB |\n|---|---|---|")
    for mb in args.sizes:
        raw = page(mb)
        start = time.perf_counter()
        read_page(raw, "bench")
        seconds = time.perf_counter() - start
        print(f"| {len(raw) / 1e6:.1f} | {seconds:.2f} | {seconds / (len(raw) / 1e6):.2f} |", flush=True)


if __name__ == "__main__":
    main()
