"""`provenance audit`: which source keeps disagreeing, with whom, whose figures the independent
majority supports, which sources repeat another's text, and a trust estimate with its interval."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..plumbing import printable
from .common import baseline_option, claims_option, handles_errors, main, sources_option

COLUMNS = ("name", "outlet", "sources", "claims", "findings", "best_supported", "alone", "alone_share",
           "disagrees_most_with", "agrees_most_with", "revisions", "copy_of", "copied_by",
           "trust", "trust_low", "trust_high", "few_findings")


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
    independent sources give (best supported), how often no other voice gives it (alone), whom
    it disagrees and agrees with most, where a later article of its outlet changed its own
    figure, whose text it repeats (copies are one voice), and a trust estimate with its 90%
    interval. Ranked by how often a source stands alone; it ranks, it does not decide.

    \b
    Examples:
      provenance audit
      provenance audit --by outlet --format csv > outlets.csv
      provenance audit --source rt-zas --format json
    """
    from ..audit import audit_overview
    from ..project import read_state
    state = read_state(claims_path, sources_dir, baseline_path)
    overview = audit_overview(state.comparison, state.meta)
    rows = overview["outlets" if by == "outlet" else "sources"]
    picked = [r for r in rows if (not outlet or r["outlet"] == outlet)
              and (not source or source in r["evidence"]["sources"])]
    if (outlet or source) and not picked:
        from ..plumbing import ProvenanceError
        what = f"no source {source!r}" if source else f"no outlet {outlet!r}"
        raise ProvenanceError(f"{what} in the manifest (`provenance sources list` lists them)",
                              str(Path(sources_dir) / "sources.csv"))
    if fmt == "json":
        click.echo(json.dumps(picked, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        from ..plumbing import spreadsheet_csv
        click.echo(spreadsheet_csv([list(COLUMNS)] + [[str(r[c]) for c in COLUMNS] for r in picked]), nl=False)
    else:
        names = {s for r in picked for s in r["evidence"]["sources"]}
        _table(picked, by)
        _alone(overview["alone"], names)
        _copies(overview["copies"], names)
        click.echo(f"\n{overview['method']}")
        click.echo("Each figure rests on findings: `provenance audit --format json` lists them, "
                   "`provenance show ID` shows one.")


def _trust(row: dict) -> str:
    said = f"{row['trust']:.2f} ({row['trust_low']:.2f}-{row['trust_high']:.2f})"
    return said + ("*" if row["few_findings"] else "")


def _table(picked: list[dict], by: str) -> None:
    """The profiles, the counts always whole: long names and lists fold within their share of the width."""
    from rich.console import Console
    from rich.table import Table
    console = Console(highlight=False, markup=False)
    table = Table(title=f"Audit by {by}: who stands alone most often first", box=None, pad_edge=False)
    table.add_column(by, overflow="fold", max_width=max(12, console.width // 4))
    for head in ("findings", "best supported", "alone", "revisions"):  # a heading wraps; a count never does
        table.add_column(head, justify="right", min_width=5)
    table.add_column("trust (90%)", no_wrap=True, min_width=17)
    table.add_column("disagrees most with", overflow="fold", min_width=10)
    for row in picked:
        name = printable(row["name"]) + (f" (copy of {printable(row['copy_of'])})" if row.get("copy_of") else "")
        table.add_row(name, str(row["findings"]), str(row["best_supported"]), str(row["alone"]), str(row["revisions"]),
                      _trust(row), printable(row["disagrees_most_with"]) or "-")
    console.print(table)
    if any(row["few_findings"] for row in picked):
        click.echo("* few findings: a wide interval")


def _alone(alone: list[dict], names: set[str]) -> None:
    """Who stands alone on each contradiction (the findings of the sources shown)."""
    shown = [a for a in alone if any(set(v["sources"]) & names for v in a["alone"])]
    if not shown:
        return
    click.echo("\nAlone on a contradiction:")
    for a in shown:
        lone = "; ".join(f"{', '.join(map(printable, v['sources']))} says {printable(v['said'])}" for v in a["alone"])
        click.echo(f"  {a['finding']}  {printable(a['about'])}: {lone}")


def _copies(groups: list[dict], names: set[str]) -> None:
    """Sources that repeat one text: one voice, the earliest the original."""
    shown = [g for g in groups if names & {g["original"], *g["copies"]}]
    if not shown:
        return
    click.echo("\nCopies, each group one voice (the earliest published first):")
    for g in shown:
        click.echo(f"  {printable(g['original'])} <- {', '.join(map(printable, g['copies']))}")
        for p in g["passages"][:3]:
            click.echo(f"    {printable(p['source'])} repeats {printable(p['repeats'])}: "
                       f"“{printable(' '.join(p['passage'].split()))}”")
