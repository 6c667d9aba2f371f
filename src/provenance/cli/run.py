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
    _summary(result.comparison)
    click.echo(_gate_line(result.comparison, Path(reports_dir) / "accepted.csv"))


def _gate_line(comparison, baseline_path: Path) -> str:
    """What `check` will say of the contradictions: how many are open, accepted as they stand, or
    changed since they were accepted."""
    from ..review import read_accepted, standings
    try:
        stands = standings(read_accepted(baseline_path), comparison.discrepancies)
    except ProvenanceError as e:
        return f"Contradictions: the accepted baseline cannot be read ({printable(e)})"
    ids = [d.id for d in comparison.discrepancies if d.kind == "contradiction"]
    changed = [i for i in ids if i in stands and stands[i].stale]
    held = sum(i in stands and not stands[i].stale for i in ids)
    line = f"Contradictions: {len(ids) - held - len(changed)} open, {held} accepted as they stand"
    if changed:
        line += f", {len(changed)} changed since accepted ({', '.join(changed[:5])}: provenance check names what is new)"
    return line


def _summary(comparison) -> None:
    """Sources, claims, discrepancies by kind, and the top five by severity, as a rich table."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    console = Console(soft_wrap=False, highlight=False)
    kinds: dict[str, int] = {}
    for d in comparison.discrepancies:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    by_kind = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"
    console.print(f"{comparison.sources} sources, {comparison.claims} claims; discrepancies: {by_kind}; "
                  f"{len(comparison.corroborations)} corroborations")
    if not comparison.discrepancies:
        return
    # one line a finding, however many values and sources it has (the rest is in reports/)
    room = max(40, console.width - 35)     # what the severity and kind columns and the borders leave
    what_width = min(40, room * 2 // 5)
    values_width = room - what_width
    table = Table(title="Top 5 by severity", show_lines=False)
    for col in ("severity", "kind", "what", "values"):
        table.add_column(col, no_wrap=True)
    for d in comparison.discrepancies[:5]:
        values = " vs ".join(f"{v.value if v.bound != 'range' else v.low + '-' + v.high} "
                             f"({', '.join(v.sources[:3])}{f' +{len(v.sources) - 3}' if len(v.sources) > 3 else ''})"
                             for v in d.values[:6]) + (f" vs {len(d.values) - 6} more" if len(d.values) > 6 else "")
        what = f"{d.subject}: {d.attribute}" + (f" [{d.qualifiers}]" if d.qualifiers else "")
        table.add_row(f"{d.severity:.2f}", d.kind + (" (internal)" if d.internal else ""),
                      Text(_cut(printable(what), what_width)), Text(_cut(printable(values), values_width)))
    console.print(table)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


# The review commands (show, accept, export, serve) and `sources add` / `remove` live in cli_review.py
# and cli_sources.py; importing them registers them.
from . import review as cli_review, sources as cli_sources# noqa: E402,F401
