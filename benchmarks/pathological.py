#!/usr/bin/env python3
"""Extraction time on pathological inputs, by size: figures, never assertions.

    python benchmarks/pathological.py [--scale 1]

Three shapes that once made extraction quadratic: '(1992 ' repeated (brackets never closed),
one very long line of prose (one sentence, many cues), and one sentence holding many figures.
Time should grow in proportion to size: the last column is seconds per 100 KB.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from provenance.extraction.engine import extract_claims# noqa: E402

PROSE = "Au moins 17 policiers ont été tués à Almaty selon le ministère et l'OTSC a envoyé 2 500 parachutistes "


def shapes(n: int) -> dict[str, str]:
    return {
        "'(1992 ' x n": "(1992 " * n,
        "one long line": PROSE * max(1, n // 10),
        "n figures, one sentence": "L'OTSC a envoyé " + ", ".join(f"{i % 900 + 100} soldats" for i in range(n)) + ".",
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="multiplies the sizes (1: 5k to 80k repeats)")
    args = ap.parse_args()
    print("| input | repeats | KB | seconds | s per 100 KB |\n|---|---|---|---|---|")
    for n in (int(5000 * args.scale), int(20000 * args.scale), int(80000 * args.scale)):
        for name, text in shapes(n).items():
            start = time.perf_counter()
            extract_claims("bench", text, "fr", "2022-01")
            seconds = time.perf_counter() - start
            kb = len(text.encode("utf-8")) / 1000
            print(f"| {name} | {n:,} | {kb:,.0f} | {seconds:.2f} | {seconds / kb * 100:.2f} |", flush=True)


if __name__ == "__main__":
    main()
