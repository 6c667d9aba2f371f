"""`provenance audit`: which source keeps disagreeing, with whom, and whose figures the
independent majority supports."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..plumbing import printable
from .common import baseline_option, claims_option, handles_errors, main, sources_option

COLUMNS = ("name", "outlet", "sources", "claims", "findings", "best_supported", "alone", "alone_share",
           "disagrees_most_with", "agrees_most_with", "revisions")


@main.command()
@click.option("--by", type=click.Choice(["source", "outlet"]), default="source", show_default=True,
              help="A profile for each source, or for each outlet (its sources together).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--outlet", default="", help="Only this outlet's profiles.")
@click.option("--source", default="", help="Only this source's profile.")
@claims_option
@sources_option
@baseline_option
@handles_errors
def audit(by: str, fmt: str, outlet: str, source: str, claims_path: Path, sources_dir: Path,
          baseline_path: Path) -> None:
    """Audit the sources: for each, the findings it is in, how often its value is the one most
    independent sources give (best supported), how often no other source gives it (alone), whom
    it disagrees and agrees with most, and where a later article of its outlet changed its own
    figure. Ranked by how often a source stands alone; it ranks, it does not decide.

    \b
    Examples:
      provenance audit
      provenance audit --by outlet --format csv > outlets.csv
      provenance audit --source rt-zas --format json
    """
    from ..audit import outlet_profiles, source_profiles
    from ..project import read_state
    state = read_state(claims_path, sources_dir, baseline_path)
    profiles = source_profiles(state.comparison, state.meta)
    chosen = outlet_profiles(profiles) if by == "outlet" else profiles
    picked = [p for p in chosen.values() if (not outlet or p.outlet == outlet) and (not source or source in p.sources)]
    picked.sort(key=lambda p: (-len(p.alone), -len(p.findings), p.name))
    if fmt == "json":
        click.echo(json.dumps([{**p.row(), "evidence": p.evidence()} for p in picked], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        from ..plumbing import spreadsheet_csv
        click.echo(spreadsheet_csv([list(COLUMNS)] + [[str(p.row()[c]) for c in COLUMNS] for p in picked]), nl=False)
    else:
        _table(picked, by)


def _table(picked: list, by: str) -> None:
    from rich.console import Console
    from rich.table import Table
    table = Table(title=f"Audit by {by}: who stands alone most often first", box=None, pad_edge=False)
    for col, head in (("name", by), ("findings", "findings"), ("best_supported", "best supported"),
                      ("alone", "alone"), ("disagrees_most_with", "disagrees most with"),
                      ("revisions", "revisions")):
        table.add_column(head, overflow="ellipsis", no_wrap=col != "disagrees_most_with")
    for p in picked:
        row = p.row()
        table.add_row(printable(row["name"]), str(row["findings"]), str(row["best_supported"]), str(row["alone"]),
                      printable(row["disagrees_most_with"]) or "-", str(row["revisions"]))
    Console(highlight=False, markup=False).print(table)
    click.echo("Each figure rests on findings: `provenance audit --format json` lists them, "
               "`provenance show ID` shows one.")
