"""Score extraction on the real articles of tests/data/real (public CC BY-SA pages, not written by
us; their URLs and licences are in sources/manifest.csv) against their gold claims.

    python tests/realset.py [--show]     prints the scores (and, with --show, every miss)

A gold claim is found when a claim of the same source has its attribute, its key qualifiers
(country, group, force, membership: what the figure is about) and its value (a date at the
gold's precision; a range by both ends). Precision counts the claims found that some gold row
of their source backs.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from provenance.extraction.engine import extract_claims

REAL = Path(__file__).parent / "data" / "real"
KEY_QUALIFIERS = ("country", "group", "force", "membership")


def key(qualifiers: str) -> tuple:
    pairs = dict(p.split("=", 1) for p in qualifiers.split(";") if "=" in p)
    return tuple((k, pairs[k].replace("-", "_")) for k in KEY_QUALIFIERS if k in pairs)


def same_value(gold: str, got: str) -> bool:
    if len(gold) >= 4 and gold[:4].isdigit() and "-" in gold or "-" in got[4:]:
        return got.startswith(gold)
    try:
        return float(gold) == float(got)
    except ValueError:
        return gold == got


@dataclass
class Score:
    core: tuple[int, int]
    all: tuple[int, int]
    precision: tuple[int, int]
    misses: list[str]
    unexpected: list[str]


def _matches(gold: dict, claim) -> bool:
    if claim.attribute != gold["attribute"] or key(str(claim.qualifiers)) != key(gold["qualifiers"]):
        return False
    if gold["bound"] == "range":
        return claim.bound == "range" and same_value(gold["value_low"], claim.value_low) \
            and same_value(gold["value_high"], claim.value_high)
    return same_value(gold["value_low"], claim.value or claim.value_low)


def score(folder: Path = REAL) -> Score:
    """The scores of a set of real articles (sources/ with manifest.csv, gold/claims.csv)."""
    manifest = list(csv.DictReader(open(folder / "sources" / "manifest.csv", encoding="utf-8")))
    gold = list(csv.DictReader(open(folder / "gold" / "claims.csv", encoding="utf-8")))
    claims = {}
    for row in manifest:
        text = (folder / "sources" / row["filename"]).read_text(encoding="utf-8")
        claims[row["source_id"]] = extract_claims(row["source_id"], text, row["language"], row["published"])
    found = [g for g in gold if any(_matches(g, c) for c in claims[g["source_id"]])]
    backed = [(sid, c) for sid, cs in claims.items() for c in cs
              if any(_matches(g, c) for g in gold if g["source_id"] == sid)]
    core = [g for g in gold if g["level"] == "core"]
    misses = [f"[{g['level']}] {g['source_id']} {g['attribute']} {g['qualifiers']} {g['value_low']}: "
              f"{g['quote'][:70]!r}" for g in gold if g not in found]
    unexpected = [f"{sid} {c.attribute} {c.qualifiers} {c.value or c.value_low + '-' + c.value_high}: {c.quote[:70]!r}"
                  for sid, cs in claims.items() for c in cs if (sid, c) not in backed]
    total = sum(len(cs) for cs in claims.values())
    return Score((sum(g in found for g in core), len(core)), (len(found), len(gold)), (len(backed), total),
                 misses, unexpected)


if __name__ == "__main__":
    s = score(Path(sys.argv[sys.argv.index("--set") + 1]) if "--set" in sys.argv else REAL)
    if "--show" in sys.argv:
        print("\n".join(["missed " + m for m in s.misses] + ["unexpected " + u for u in s.unexpected]))
    print(f"core recall {s.core[0]}/{s.core[1]}  all-level recall {s.all[0]}/{s.all[1]}  "
          f"precision {s.precision[0]}/{s.precision[1]}")
