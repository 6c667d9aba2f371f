#!/usr/bin/env python3
"""Benchmarks: figures, never assertions. Writes benchmarks/RESULTS.md.

    python benchmarks/run.py                       # 1k, 10k, 100k articles; 100k and 1M claims
    python benchmarks/run.py --sizes 1000 --claims 100000 --out /tmp/RESULTS.md   # a quick look

Each measurement runs in a subprocess of its own, so its peak memory (max RSS, workers
included) is its own. For every corpus size: extraction throughput and peak memory on all
cores; the floor (reading the files and one compiled regex scan for numbers) and a re-run
after 100 changed articles (the cache). On a sample of the largest corpus: the alternative a
user would reach for (dateparser.search_dates plus text2num's alpha2digit), timed on the same
articles as our extraction. Then the comparison of 100k and 1M claims, the engine alone and
`provenance compare` whole (claims.csv read and checked, compared, every report written, the
report files' sizes); a cProfile of extraction on 500 articles; and `check` on the largest
corpus and on a 1M-row claims.csv (schema and quote checks).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


# -- measurements, each run in its own process ---------------------------------------------------------
def peak_mb() -> float:
    """The peak resident memory of this process (since reset_peak(), when it was reset) or of its
    largest child, whichever is larger."""
    own = _high_water_kib() if _PEAK_RESET else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


_PEAK_RESET = False  # set once the process's peak was reset to what it holds now


def _high_water_kib() -> int | None:
    """This process's peak resident memory since it started or was last reset (Linux), in KiB."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return None


def reset_peak() -> bool:
    """Count the peak from now on (Linux: /proc/self/clear_refs), so that a measurement's peak is
    its own and its input's, not that of building the input."""
    global _PEAK_RESET
    import gc
    gc.collect()
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    _PEAK_RESET = _high_water_kib() is not None
    return _PEAK_RESET


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt"))


FLOOR_NUMBER = r"\d+(?:[ \u00a0\u202f.,]\d{3})*"  # the floor: one compiled scan for numbers


def measure_floor(folder: Path) -> dict:
    number = re.compile(FLOOR_NUMBER)
    start = time.perf_counter()
    size = found = 0
    for path in corpus_files(folder):
        text = path.read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        found += sum(1 for _ in number.finditer(text))
    return {"seconds": time.perf_counter() - start, "bytes": size, "numbers": found}


def measure_extract(folder: Path, claims: Path, jobs: int, cache: bool) -> dict:
    from provenance.pipeline.job import extract
    start = time.perf_counter()
    result = extract(folder, claims, jobs=jobs, use_cache=cache)
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in corpus_files(folder))
    return {"seconds": seconds, "bytes": size, "docs": len(result.sources), "claims": result.rows,
            "extracted": result.extracted, "peak_mb": peak_mb()}


SAMPLE_ROUNDS = 3  # each side timed this many times, in turns, and its fastest kept: the VM's slow spells
                   # (10-40 % from minute to minute) then fall on both sides alike


def measure_sample(folder: Path, sample: int) -> dict:
    """Ours against dateparser.search_dates + text2num on the same articles, one core, and both
    against the floor's regex scan of the same texts (in memory)."""
    from provenance.extraction.engine import extract_claims
    from provenance.sources.manifest import load_sources, read_text
    sources = load_sources(folder, read=False)
    rng = random.Random(0)
    picked = rng.sample(sources, min(sample + 3, len(sources)))
    texts = [(s, read_text(s.path)) for s in picked]
    warm, texts = texts[:3], texts[3:]  # both sides load their rules on first use: not timed
    from provenance.extraction.language import warmed
    for language in {s.language for s, _ in texts}:
        warmed(language)
    number = re.compile(FLOOR_NUMBER)

    def ours():
        for s, text in texts:
            extract_claims(s.source_id, text, s.language, s.published)

    def floor():
        for _, text in texts:
            sum(1 for _ in number.finditer(text))

    sides = {"ours": ours, "floor": floor}
    try:
        from dateparser.search import search_dates
        from text_to_num import alpha2digit

        def alternative():
            for s, text in texts:
                search_dates(text, languages=[s.language])
                alpha2digit(text, s.language)
        sides["alternative"] = alternative
    except ImportError as e:
        why = str(e)
    for s, text in warm:
        extract_claims(s.source_id, text, s.language, s.published)
        if "alternative" in sides:
            search_dates(text, languages=[s.language])
            alpha2digit(text, s.language)
    best = {name: float("inf") for name in sides}
    for _ in range(SAMPLE_ROUNDS):
        for name, run in sides.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    out = {**best, "docs": len(texts), "rounds": SAMPLE_ROUNDS}
    if "alternative" not in sides:
        out.update(alternative=None, why=why)
    return out


def measure_compare(claims_csv: Path, n: int) -> dict:
    import pandas as pd
    from provenance.claims.table import read_claims_file
    from provenance.compare import compare
    base = read_claims_file(claims_csv).frame
    copies = n // len(base) + 1
    frames = []
    for r in range(copies):  # the corpus' claims, again and again, as if from more outlets
        df = base.copy()
        df["source_id"] = df["source_id"] + f"-r{r}"
        df["claim_id"] = df["claim_id"] + f"-r{r}"
        frames.append(df)
    table = pd.concat(frames, ignore_index=True).iloc[:n].copy()
    # each copy of a source an article of one outlet, as a wire's many articles are
    sources = {s: {"published": "2022-01", "outlet": s.rsplit("-r", 1)[0]} for s in table["source_id"].unique()}
    building = peak_mb()
    del base, frames, df
    held = reset_peak()  # the peak of comparing a table held in memory, not of making it from copies
    start = time.perf_counter()
    result = compare(table, sources)
    seconds = time.perf_counter() - start
    from provenance.audit import audit_overview
    start = time.perf_counter()
    audit_overview(result, sources)  # the audit every report now carries
    return {"seconds": seconds, "claims": len(table), "discrepancies": len(result.discrepancies),
            "corroborations": len(result.corroborations), "peak_mb": peak_mb(), "building_peak_mb": building,
            "peak_reset": held, "audit_seconds": time.perf_counter() - start}


def replicate(claims_csv: Path, sources: Path, n: int, out: Path) -> None:
    """A corpus of n claims: the corpus' claims again and again, as if from more outlets, each copy
    of a source a hard link to its text under a name of its own, listed in its own manifest."""
    import csv
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    with open(claims_csv, encoding="utf-8", newline="") as f:
        claims = list(csv.DictReader(f))
    with open(sources / "sources.csv", encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    copies = n // len(claims) + 1
    with open(out / "sources" / "sources.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(listed[0]))
        w.writeheader()
        for c in range(copies):
            for row in listed:
                name = row["file"].replace(".txt", f"-r{c}.txt")
                if not (out / "sources" / name).exists():
                    os.link(sources / row["file"], out / "sources" / name)
                w.writerow({**row, "source_id": f"{row['source_id']}-r{c}", "file": name})
    with open(out / "claims.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(claims[0]), lineterminator="\n")
        w.writeheader()
        for k in range(n):
            row, c = claims[k % len(claims)], k // len(claims)
            w.writerow({**row, "source_id": f"{row['source_id']}-r{c}", "claim_id": f"{row['claim_id']}-r{c}"})


def repeat_articles(folder: Path, n: int, out: Path) -> None:
    """n articles: the folder's (listed in its manifest.csv), copied over and over under new ids."""
    import csv
    import shutil
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as f:
        listed = list(csv.DictReader(f))
    listed = [{("file" if k == "filename" else k): v for k, v in row.items()} for row in listed]  # the eval's name
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "sources.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(listed[0]))
        w.writeheader()
        for k in range(n):
            row = listed[k % len(listed)]
            name = row["file"].replace(".txt", f"-{k}.txt")
            shutil.copyfile(folder / row["file"], out / name)
            w.writerow({**row, "source_id": f"{row['source_id']}-{k}", "file": name})


def measure_end_to_end(work: Path) -> dict:
    """What `provenance compare` does, whole: read and check claims.csv, compare, write every report."""
    from provenance.pipeline.job import compare
    reports = work / "reports"
    start = time.perf_counter()
    result = compare(work / "claims.csv", work / "sources", reports)
    sizes = {p.name: p.stat().st_size for p in result.paths}
    return {"seconds": time.perf_counter() - start, "peak_mb": peak_mb(), "sizes": sizes,
            "discrepancies": len(result.comparison.discrepancies),
            "corroborations": len(result.comparison.corroborations)}


def measure_profile(folder: Path, n: int) -> dict:
    """cProfile of our extraction of n articles in one process: the top functions by own and by
    cumulative time."""
    import cProfile
    import io
    import pstats
    from provenance.extraction.engine import extract_claims
    from provenance.extraction.language import warmed
    from provenance.sources.manifest import load_sources, read_text
    texts = [(s, read_text(s.path)) for s in load_sources(folder, read=False)[:n]]
    for language in {s.language for s, _ in texts}:  # each language's rules compiled first: not profiled
        warmed(language)
    profile = cProfile.Profile()
    profile.enable()
    for s, text in texts:
        extract_claims(s.source_id, text, s.language, s.published)
    profile.disable()
    tops = {}
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(14)
        rows = [line for line in out.getvalue().splitlines() if re.match(r"\s*\d", line)]
        tops[order] = [re.sub(r"\S*/src/provenance/", "", line.strip()) for line in rows]
    return {"docs": len(texts), **tops}


def measure_check(folder: Path, claims_csv: Path, rows: int | None) -> dict:
    """`check` on the corpus (all checks), or on a claims.csv of `rows` rows (schema and quotes)."""
    from provenance.check import check_quotes, check_schema, load_input, run_checks
    if rows is None:
        start = time.perf_counter()
        result = run_checks(claims_csv, folder, claims_csv.parent / "accepted.csv")
        return {"seconds": time.perf_counter() - start, "rows": result.checked_claims, "problems": len(result.problems),
                "peak_mb": peak_mb()}
    import pandas as pd
    from provenance.claims.table import read_claims_file, write_claims
    base = read_claims_file(claims_csv).frame
    frames = []
    for r in range(rows // len(base) + 1):
        df = base.copy()
        df["claim_id"] = df["claim_id"] + f"-r{r}"
        frames.append(df)
    big = claims_csv.with_name("claims-1m.csv")
    write_claims(pd.concat(frames, ignore_index=True).iloc[:rows], big)
    start = time.perf_counter()
    inp = load_input(big, folder, big.parent / "accepted.csv")
    problems = list(check_schema(inp)) + list(check_quotes(inp))
    return {"seconds": time.perf_counter() - start, "rows": len(inp.table), "problems": len(problems), "peak_mb": peak_mb()}


def child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", *args], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"measurement {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- the run ------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, in articles")
    ap.add_argument("--claims", default="100000,1000000", help="claim counts for the comparison (engine, and whole)")
    ap.add_argument("--check-rows", type=int, default=1_000_000)
    ap.add_argument("--dev-repeat", type=int, default=10_000, help="articles made of ../shared/eval/dev, repeated (0: none)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--sample", type=int, default=100, help="articles timed against the alternative")
    ap.add_argument("--work", type=Path, default=Path("/tmp/provenance-bench"))
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    ap.add_argument("--measure", nargs="*", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.measure:
        what, *rest = a.measure
        if what == "floor":
            result = measure_floor(Path(rest[0]))
        elif what == "extract":
            result = measure_extract(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3] == "cache")
        elif what == "sample":
            result = measure_sample(Path(rest[0]), int(rest[1]))
        elif what == "compare":
            result = measure_compare(Path(rest[0]), int(rest[1]))
        elif what == "end-to-end":
            result = measure_end_to_end(Path(rest[0]))
        elif what == "profile":
            result = measure_profile(Path(rest[0]), int(rest[1]))
        else:
            result = measure_check(Path(rest[0]), Path(rest[1]), int(rest[2]) if rest[2] != "all" else None)
        print(json.dumps(result))
        return 0

    import make_corpus
    sizes = [int(x) for x in a.sizes.split(",") if x]
    counts = [int(x) for x in a.claims.split(",") if x]
    lines = ["# Benchmark results", "",
             f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
             f"{platform.system()}; extraction on {a.jobs} processes. Generated by `python benchmarks/run.py` "
             f"on {time.strftime('%Y-%m-%d')}. Figures, not assertions: they vary from run to run.", "",
             "## Extraction", "",
             "| articles | MB | seconds | MB/s | articles/s | claims | peak MB | floor s | × floor | re-run, 100 changed |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    largest = None
    for n in sizes:
        work = a.work / f"corpus-{n}"
        folder = work / "sources"
        if not (folder / "sources.csv").exists():
            make_corpus.make(n, work, seed=1)
        claims = work / "claims.csv"
        for leftover in (claims, claims.with_name(f".{claims.name}.cache.sqlite")):
            leftover.unlink(missing_ok=True)
        floor = child(["floor", str(folder)])
        ex = child(["extract", str(folder), str(claims), str(a.jobs), "cache"])
        rng = random.Random(n)
        for path in rng.sample(corpus_files(folder), min(100, n)):  # 100 articles change
            path.write_text(path.read_text(encoding="utf-8") + "\nAu moins 12 policiers ont été tués.\n", encoding="utf-8")
        again = child(["extract", str(folder), str(claims), str(a.jobs), "cache"])
        mb = ex["bytes"] / 1e6
        lines.append(f"| {n:,} | {mb:.1f} | {ex['seconds']:.1f} | {mb / ex['seconds']:.2f} | {n / ex['seconds']:.0f} "
                     f"| {ex['claims']:,} | {ex['peak_mb']:.0f} | {floor['seconds']:.2f} | "
                     f"{ex['seconds'] / floor['seconds']:.0f}× | {again['seconds']:.1f} s ({again['extracted']} read) |")
        print(lines[-1], flush=True)
        largest = (folder, claims)
    dev = ROOT.parent / "shared" / "eval" / "dev" / "sources"
    if a.dev_repeat and (dev / "manifest.csv").exists():  # real articles on other subjects, over and over
        work = a.work / f"dev-{a.dev_repeat}"
        if not (work / "sources" / "sources.csv").exists():
            repeat_articles(dev, a.dev_repeat, work / "sources")
        floor = child(["floor", str(work / "sources")])
        ex = child(["extract", str(work / "sources"), str(work / "claims.csv"), str(a.jobs), "nocache"])
        mb = ex["bytes"] / 1e6
        lines.append(f"| dev articles ×{a.dev_repeat // 12:,} ({ex['docs']:,}) | {mb:.1f} | {ex['seconds']:.1f} | "
                     f"{mb / ex['seconds']:.2f} | {ex['docs'] / ex['seconds']:.0f} | {ex['claims']:,} | {ex['peak_mb']:.0f} | "
                     f"{floor['seconds']:.2f} | {ex['seconds'] / floor['seconds']:.0f}× | |")
        print(lines[-1], flush=True)
    folder, claims = largest
    sample = child(["sample", str(folder), str(a.sample)])
    lines += ["", "## Against the alternative", ""]
    if sample.get("alternative") is None:
        lines.append(f"dateparser / text2num not installed ({sample.get('why')}); `pip install -e '.[bench]'`.")
    else:
        ratio = sample["alternative"] / sample["ours"]
        lines.append(f"On {sample['docs']} articles of the largest corpus, one core, the fastest of {sample['rounds']} "
                     f"turns each: our full extraction {sample['ours']:.2f} s; `dateparser.search_dates` + "
                     f"`text2num.alpha2digit` (which only find dates and numbers, no claims) "
                     f"{sample['alternative']:.2f} s: ours is **{ratio:.1f}× faster**. The floor's regex scan of the "
                     f"same texts in memory, timed in the same turns: {sample['floor'] * 1000:.1f} ms (ours "
                     f"{sample['ours'] / sample['floor']:.0f}× it, dateparser + text2num "
                     f"{sample['alternative'] / sample['floor']:.0f}×).")
    print(lines[-1], flush=True)
    lines += ["", "## Comparison", "",
              "The engine alone (`compare()`) on a table held in memory. Peak MB: while comparing, the table "
              "included (the peak of building the table from copies of the corpus' claims is given apart).", "",
              "The audit (`audit_overview()`: every source's and outlet's profile, copy groups, trust) on "
              "the same comparison, each copy of a source taken as an article of its outlet; its share of "
              "the engine's time beside it.", "",
              "| claims | seconds | peak MB | peak MB building the table | discrepancies | corroborations | audit s |",
              "|---|---|---|---|---|---|---|"]
    for n in counts:
        cmp_ = child(["compare", str(claims), str(n)])
        peak = f"{cmp_['peak_mb']:.0f}" if cmp_["peak_reset"] else f"{cmp_['peak_mb']:.0f} (not reset: includes building)"
        lines.append(f"| {n:,} | {cmp_['seconds']:.1f} | {peak} | {cmp_['building_peak_mb']:.0f} | "
                     f"{cmp_['discrepancies']:,} | {cmp_['corroborations']:,} | "
                     f"{cmp_['audit_seconds']:.1f} ({cmp_['audit_seconds'] / cmp_['seconds']:.0%}) |")
        print(lines[-1], flush=True)
    lines += ["", "## The whole comparison: `provenance compare` (claims.csv read and checked, compared, every report written)", "",
              "| claims | seconds | peak MB | discrepancies | corroborations | report files (MB) |", "|---|---|---|---|---|---|"]
    for n in counts:
        e2e_dir = a.work / f"end-to-end-{n}"
        if not (e2e_dir / "claims.csv").exists():
            replicate(claims, folder, n, e2e_dir)
        e2e = child(["end-to-end", str(e2e_dir)])
        files = ", ".join(f"{name} {size / 1e6:.1f}" for name, size in sorted(e2e["sizes"].items()))
        lines.append(f"| {n:,} | {e2e['seconds']:.1f} | {e2e['peak_mb']:.0f} | {e2e['discrepancies']:,} | "
                     f"{e2e['corroborations']:,} | {files} |")
        print(lines[-1], flush=True)
    prof = child(["profile", str(folder), "500"])
    lines += ["", f"## Where extraction time goes (cProfile, {prof['docs']} articles, one process)", ""]
    for order, title in (("tottime", "by own time"), ("cumulative", "by cumulative time")):
        lines += [f"Top functions {title} (ncalls, tottime, percall, cumtime, percall, function):", "", "```"]
        lines += prof[order] + ["```", ""]
    lines += ["", "## check", "", "| claims.csv rows | checks | seconds | peak MB |", "|---|---|---|---|"]
    full = child(["check", str(folder), str(claims), "all"])
    lines.append(f"| {full['rows']:,} | all (schema, hashes, quotes, staleness with the cache, contradictions) | "
                 f"{full['seconds']:.1f} | {full['peak_mb']:.0f} |")
    print(lines[-1], flush=True)
    big = child(["check", str(folder), str(claims), str(a.check_rows)])
    lines.append(f"| {big['rows']:,} | schema and quotes | {big['seconds']:.1f} | {big['peak_mb']:.0f} |")
    print(lines[-1], flush=True)
    a.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
