"""The pipeline's commands: `run`, `extract`, `compare`, `check`, and what they print."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..plumbing import ProvenanceError, printable, project_lock

from .common import (Outputs, baseline_option, claims_option, force_option,
                     handles_errors, lang_option, main, reports_option, sources_option, working)


@main.command()
@sources_option
@click.option("--out", "claims_path", type=click.Path(path_type=Path), default=Path("claims.csv"), show_default=True,
              help="The claims table to write (merged with the one there).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for extraction (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Extract every source again, even unchanged ones.")
@handles_errors
def extract(sources_dir: Path, claims_path: Path, jobs: int | None, no_cache: bool) -> None:
    """Extract claims from every source into claims.csv, keeping people's decisions.

    \b
    Example:
      provenance extract --sources sources --out claims.csv
    """
    from ..pipeline import extract as run_extract
    with project_lock(claims_path), Outputs(claims_path) as out:
        result = run_extract(sources_dir, claims_path, jobs, not no_cache, progress=sys.stderr.isatty())
        _extracted(result, out)


def _extracted(result, out: Outputs) -> None:
    out.wrote(result.path)
    click.echo(f"wrote {printable(result.path)}: {result.rows} claims from {len(result.sources)} sources "
               f"({result.extracted} read, {len(result.sources) - result.extracted} unchanged; "
               f"{result.kept_human} with a person's decision kept)")


@main.command()
@claims_option
@sources_option
@reports_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for a large comparison (default: all cores).")
@lang_option
@handles_errors
def compare(claims_path: Path, sources_dir: Path, reports_dir: Path, jobs: int | None, lang: str | None) -> None:
    """Compare the claims and write reports/: discrepancies.json, .md, .csv and index.html.

    \b
    Example:
      provenance compare --claims claims.csv --out reports
      provenance compare --lang fr
    """
    from ..pipeline import compare as run_compare
    with project_lock(claims_path, reports_dir), Outputs(reports_dir) as out, working("comparing the claims"):
        result = run_compare(claims_path, sources_dir, reports_dir, jobs=jobs, lang=lang)
        out.wrote(reports_dir)
    _compared(result, reports_dir)


@main.command()
@sources_option
@claims_option
@reports_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for extraction and a large comparison (default: all cores).")
@click.option("--no-cache", is_flag=True, help="Extract every source again, even unchanged ones.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the work runs: this machine's processes, or Dask (pip install 'provenance[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="A dask.distributed scheduler (tcp://host:8786); "
              "default with --engine dask: a local cluster.")
@lang_option
@click.option("--verbose", "-v", is_flag=True, help="Say whether the run was quick or full, and why.")
@handles_errors
def run(sources_dir: Path, claims_path: Path, reports_dir: Path, jobs: int | None, no_cache: bool, engine: str,
        scheduler: str | None, lang: str | None, verbose: bool) -> None:
    """The main job: sources/ -> claims.csv -> reports/, then a short summary.

    \b
    Example:
      provenance run
      provenance run --sources my-articles --claims my-claims.csv --out my-reports
      provenance run --engine dask --scheduler tcp://10.0.0.5:8786
      provenance run --lang fr
      provenance run -v       # quick or full, and why
    """
    from contextlib import nullcontext
    from ..pipeline import compare as run_compare, extract as run_extract
    if scheduler and engine != "dask":
        raise ProvenanceError("--scheduler goes with --engine dask")
    if engine == "dask":
        from ..workers import dask_workers
        elsewhere = dask_workers(scheduler, jobs)
    else:
        elsewhere = nullcontext(None)
    with project_lock(claims_path, reports_dir), Outputs(claims_path, reports_dir) as out, elsewhere as workers:
        result = run_extract(sources_dir, claims_path, jobs, not no_cache, progress=sys.stderr.isatty(),
                             workers=workers)
        if verbose:
            click.echo(result.plan)
        _extracted(result, out)
        with working("comparing the claims"):
            compared = run_compare(claims_path, sources_dir, reports_dir, workers=workers, jobs=jobs, lang=lang)
        out.wrote(reports_dir)
    _compared(compared, reports_dir)


@main.command()
@claims_option
@sources_option
@baseline_option
@click.option("--since", metavar="REF", help="Check only the claims and sources added or changed since this git ref.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "junit"]), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), help="Write the report to this file instead of stdout "
              "(a new file, or one check wrote before).")
@force_option
@click.option("--fix", is_flag=True, help="Write drifted quotes' new offsets (and the sources' new hashes).")
@click.option("--no-cache", is_flag=True, help="Extract every source afresh (always so in CI: CI=true).")
@handles_errors
def check(claims_path: Path, sources_dir: Path, baseline_path: Path, since: str | None, fmt: str,
          output: Path | None, force: bool, fix: bool, no_cache: bool) -> None:
    """Check claims.csv and sources/ like code: exit 0 clean, 1 problems, 2 bad input.

    Checks the table's schema, every quote against its source and the sources against their
    hashes, that claims.csv is up to date with extraction, and that every contradiction has
    been accepted by a person (reports/accepted.csv).

    A person's value (a manual row, or a confirmed row edited since extraction) must be stated
    by its quote, as the tool reads figures ("2 500", "dix-sept", the year of "7 octobre 1992");
    where the quote states it in words the tool cannot read, put [value in words] in the row's
    note (unstated-value names the row, its value and what the quote states).

    \b
    Examples:
      provenance check
      provenance check --since origin/main --format github
      provenance check --format junit --output check.xml
      provenance check --fix
    """
    from ..check import FORMATS, apply_fixes, run_checks
    from ..check import written_by_check
    from ..plumbing import atomic_write_text
    from .outputs import guard_output
    if output is not None and str(output) == "-":  # standard output
        output = None
    if output:
        guard_output(output, claims_path, sources_dir, baseline_path, written_by_check, force)
    with working("checking the claims against their sources"):
        result = run_checks(claims_path, sources_dir, baseline_path, since, not no_cache)
    if fix:
        with project_lock(claims_path, sources_dir):
            for line in apply_fixes(result):
                click.echo(printable(line), err=True)
        result = run_checks(claims_path, sources_dir, baseline_path, since, not no_cache)
    text = FORMATS[fmt](result)
    if output:
        atomic_write_text(output, text)
        click.echo(f"wrote {printable(output)}", err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(result.exit_code)


def _compared(result, reports_dir: Path) -> None:
    for path in result.paths:
        click.echo(f"wrote {printable(path)}")
    _summary(result, Path(reports_dir))


SHOWN = 10  # open findings listed in the terminal; the rest are in the reports


def _summary(result, reports_dir: Path) -> None:
    """What a person does next: the counts, the open findings (most severe first, a line each,
    with the id to `show` or `accept` it), the accepted ones counted, and where to review them.
    No column is cut but `what` and `values`, so the id always shows whole."""
    from rich.console import Console
    from ..compare import claims_counted
    console = Console(soft_wrap=False, highlight=False, markup=False)  # paths and names are text, never markup
    comparison = result.comparison
    kinds: dict[str, int] = {}
    for d in comparison.discrepancies:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    by_kind = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in sorted(kinds.items())) or "no discrepancy"
    console.print(f"{comparison.sources} sources; "
                  f"{claims_counted(result.in_file, comparison.claims, result.rejected, 'en')}.")
    console.print(f"Found: {by_kind}, {len(comparison.corroborations)} corroborations.")
    stands, unreadable = _standings(comparison, reports_dir / "accepted.csv")
    open_ = [d for d in comparison.discrepancies if not (d.id in stands and not stands[d.id].stale)]
    if open_:
        console.print(_open_table(open_[:SHOWN], console.width))
        if len(open_) > SHOWN:
            console.print(f"… and {len(open_) - SHOWN} more open findings in {printable(reports_dir / 'index.html')}")
    # whole in a log or a pipe (CI greps it); fitted to a terminal
    console.print(_gate_line(comparison, stands, unreadable), soft_wrap=not console.is_terminal)
    others = sum(d.kind != "contradiction" and d.id in stands and not stands[d.id].stale
                 for d in comparison.discrepancies)
    if others:
        console.print(f"Other findings accepted as they stand: {others}.")
    if open_:
        console.print(f"Next: review them in {printable(reports_dir / 'index.html')} or with `provenance serve`;")
        console.print("`provenance show ID` shows one, `provenance accept ID --reason …` accepts it.")


def _standings(comparison, baseline_path: Path):
    """The acceptances as they stand now, and why the baseline could not be read ('' when it could)."""
    from ..review import read_accepted, standings
    try:
        return standings(read_accepted(baseline_path), comparison.discrepancies), ""
    except ProvenanceError as e:
        return {}, printable(e)


def _gate_line(comparison, stands: dict, unreadable: str) -> str:
    """What `check` will say of the contradictions: how many are open, accepted as they stand, or
    changed since they were accepted."""
    if unreadable:
        return f"Contradictions: the accepted baseline cannot be read ({unreadable})"
    ids = [d.id for d in comparison.discrepancies if d.kind == "contradiction"]
    changed = [i for i in ids if i in stands and stands[i].stale]
    held = sum(i in stands and not stands[i].stale for i in ids)
    line = f"Contradictions: {len(ids) - held - len(changed)} open, {held} accepted as they stand"
    if changed:
        line += f", {len(changed)} changed since accepted ({', '.join(changed[:5])}: provenance check names what is new)"
    return line


def _open_table(found: list, width: int):
    """The open findings, a line each: id (whole), kind, what it is about, the values."""
    from rich.table import Table
    from rich.text import Text
    from ..compare import about, figure
    table = Table(title="Open findings, most severe first", show_lines=False, box=None, pad_edge=False)
    id_width = max(len(d.id) for d in found)
    kind_width = max(len(_kind(d)) for d in found)
    for col, least in (("id", id_width), ("kind", kind_width), ("what", 4), ("values", 6)):
        table.add_column(col, no_wrap=True, overflow="ellipsis", min_width=least)  # the id never cut
    room = max(20, width - id_width - kind_width - 6)   # the column gaps
    what_width = min(max(12, room * 2 // 5), 48)
    for d in found:
        what = about(d.attribute, d.subject, d.qualifiers, "en")
        values = " vs ".join(f"{figure(v.to_json(), 'en')} ({_named(v.sources)})" for v in d.values[:6])
        values += f" vs {len(d.values) - 6} more" if len(d.values) > 6 else ""
        table.add_row(d.id, _kind(d), Text(_cut(printable(what), what_width)),
                      Text(_cut(printable(values), max(8, room - what_width))))
    return table


def _kind(d) -> str:
    """'contradiction', or 'self-contradiction' within one source: short, for the terminal."""
    from ..compare import kind_word
    return ("self-" if d.internal else "") + kind_word(d.kind, False, "en")


def _named(sources) -> str:
    return ", ".join(sources[:2]) + (f" +{len(sources) - 2}" if len(sources) > 2 else "")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
