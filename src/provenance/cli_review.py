"""The review commands: show a claim or a finding, export for other tools, serve the review app."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import baseline_option, claims_option, force_option, handles_errors, main, reports_option, sources_option
from .safe import printable


@main.command()
@click.argument("ident", metavar="CLAIM_ID|FINDING_ID")
@claims_option
@sources_option
@baseline_option
@handles_errors
def show(ident: str, claims_path: Path, sources_dir: Path, baseline_path: Path) -> None:
    """Show a claim in its source (quote in context, the findings it is in), or a finding with its evidence.

    \b
    Examples:
      provenance show france24-afp.founded.0b3c1d2e4f
      provenance show d-79ed480648
    """
    from .project import read_state
    from .show import show as render
    text = render(read_state(claims_path, sources_dir, baseline_path), ident)
    click.echo("\n".join(printable(line) for line in text.splitlines()))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["claimreview", "webannotation", "sqlite", "csv", "json"]),
              required=True, help="claimreview (schema.org JSON-LD), webannotation (W3C), sqlite, csv or json.")
@click.option("--out", "out", type=click.Path(path_type=Path), help="The file to write (default: stdout; "
              "sqlite: claims.db): a new file, or one export wrote before.")
@force_option
@click.option("--event", default="", help="Only the claims of this event or subject.")
@click.option("--attribute", default="", help="Only claims of this attribute (killed, founded …).")
@click.option("--source", default="", help="Only the claims of this source id.")
@click.option("--status", default="", help="Only claims with this status (extracted, confirmed, rejected, manual).")
@claims_option
@sources_option
@baseline_option
@handles_errors
def export(fmt: str, out: Path | None, force: bool, event: str, attribute: str, source: str, status: str,
           claims_path: Path, sources_dir: Path, baseline_path: Path) -> None:
    """Export claims and findings for other tools: fact-checkers' ClaimReview, annotators' Web
    Annotations, a SQLite database for datasette, or the claims as CSV or JSON.

    \b
    Examples:
      provenance export --format claimreview --out claimreview.json
      provenance export --format webannotation --source france24-afp
      provenance export --format sqlite --out claims.db && datasette claims.db
      provenance export --format csv --event "Kazakhstan unrest 2022" --attribute killed
    """
    from .export import TEXT_FORMATS, Filter, written_by_export
    from .io import atomic_write_text
    from .outputs import guard_output
    from .project import read_state
    from .report.writers import generated_at
    if out is not None and str(out) == "-":  # standard output, as `-` means to most commands
        if fmt == "sqlite":
            raise click.UsageError("a SQLite database is a file: give --out FILE, not -")
        out = None
    if fmt == "sqlite":
        out = out or Path("claims.db")
    if out:
        guard_output(out, claims_path, sources_dir, baseline_path, written_by_export, force)
    state = read_state(claims_path, sources_dir, baseline_path)
    chosen = Filter(subject=event, attribute=attribute, source_id=source, status=status)
    if fmt == "sqlite":
        from .export_sqlite import write_sqlite
        click.echo(f"wrote {printable(write_sqlite(state, claims_path, out, chosen))}")
        return
    text = TEXT_FORMATS[fmt](state, chosen, generated_at())
    if out:
        atomic_write_text(out, text)
        click.echo(f"wrote {printable(out)}", err=True)
    elif sys.stdout.isatty():  # to a terminal, an ESC sequence in a note would be run, not shown
        click.echo(_for_terminal(text), nl=False)
    else:  # to a pipe, the data as it is: color=True, or click strips the ESC [ … sequences from it
        click.echo(text, nl=False, color=True)


def _for_terminal(text: str) -> str:
    """The text line by line, each line's control characters shown escaped (safe.printable)."""
    return "\n".join(printable(line) for line in text.split("\n"))


@main.command()
@claims_option
@sources_option
@reports_option
@baseline_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (this machine only by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--allow-remote", is_flag=True, help="Serve on an address other machines reach (--host 0.0.0.0): "
              "whoever reaches it can read and write.")
@handles_errors
def serve(claims_path: Path, sources_dir: Path, reports_dir: Path, baseline_path: Path, host: str, port: int,
          allow_remote: bool) -> None:
    """Review in the browser: findings ranked and filtered, claims in their sources, decisions written to claims.csv.

    A corrected or added value its quote does not state is refused, unless the reviewer ticks
    "the quote states it in words the tool cannot read": the note then starts with [value in words].

    \b
    Example:
      provenance serve            # then open http://127.0.0.1:8765/
    """
    from .project import Project
    from .serve import run_server
    run_server(Project(claims_path, sources_dir, reports_dir, baseline_path), host, port, allow_remote)
