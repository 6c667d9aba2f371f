#!/usr/bin/env python3
"""Make a benchmark corpus: realistic articles built from real paragraphs, figures varied.

    python benchmarks/make_corpus.py --docs 10000 --out /tmp/corpus [--seed 1] [--english 0.4]

The paragraphs come from the repository's seed sources (French) and the test articles in
tests/data/articles (French and English). Each article takes a title and a handful of
paragraphs of one language; about a third of its figures are varied (counts by -20 %..+25 %,
years by a few, now and then), so claims agree most of the time and conflict at a realistic
rate. The output is a sources/ folder with sources.csv (sha256 filled), deterministic for a
seed.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+)(?![\w])")


def paragraphs(lang: str) -> list[str]:
    files = []
    if lang == "fr":
        files += sorted((ROOT / "sources").glob("*.txt"))
        files += sorted((ROOT / "tests" / "data" / "articles").glob("fr-*.txt"))
    else:
        files += sorted((ROOT / "tests" / "data" / "articles").glob("en-*.txt"))
    out = []
    for f in files:
        for p in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")):
            p = p.strip()
            if 80 <= len(p) <= 4000:
                out.append(p)
    return out


def vary(text: str, rng: random.Random, rate: float) -> str:
    """Change about `rate` of the figures: counts by -20 %..+25 %, years by a few."""
    def change(m: re.Match) -> str:
        raw = m.group(1)
        if rng.random() > rate:
            return raw
        digits = re.sub(r"\D", "", raw)
        value = int(digits)
        if len(digits) == 4 and 1900 <= value <= 2030 and raw.isdigit():
            return str(value + rng.choice([-10, -1, 1, 2, 10]))
        new = max(1, round(value * rng.uniform(0.8, 1.25)))
        if len(digits) > 3:  # keep the way the figure was grouped
            sep = next((c for c in raw if not c.isdigit()), "")
            return f"{new:,}".replace(",", sep)
        return str(new)
    return NUMBER.sub(change, text)


def make(docs: int, out: Path, seed: int = 1, english: float = 0.4, rate: float = 0.3) -> Path:
    rng = random.Random(seed)
    pools = {"fr": paragraphs("fr"), "en": paragraphs("en")}
    folder = out / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(docs):
        lang = "en" if rng.random() < english else "fr"
        pool = pools[lang]
        k = rng.randint(3, 8)
        body = [vary(p, rng, rate) for p in rng.sample(pool, min(k, len(pool)))]
        text = "\n\n".join(body) + "\n"
        sid = f"doc-{i:06d}"
        path = folder / f"{sid}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        day = rng.randint(6, 28)
        rows.append([sid, path.name, body[0].splitlines()[0][:120], "", f"outlet-{rng.randint(1, 200)}", "", lang,
                     f"2022-01-{day:02d}", "", hashlib.sha256(data).hexdigest()])
    with open(folder / "sources.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["source_id", "file", "title", "author", "outlet", "url", "language", "published",
                         "retrieved", "sha256"])
        writer.writerows(rows)
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True, help="folder to create sources/ in")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--english", type=float, default=0.4, help="share of English articles")
    ap.add_argument("--vary", type=float, default=0.3, help="share of figures changed")
    a = ap.parse_args(argv)
    folder = make(a.docs, a.out, a.seed, a.english, a.vary)
    size = sum(p.stat().st_size for p in folder.glob("*.txt"))
    print(f"wrote {a.docs} articles ({size / 1e6:.1f} MB) to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
