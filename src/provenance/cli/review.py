"""The review commands: show a claim or a finding, accept a contradiction, export for other tools, serve the
review app."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import Outputs, baseline_option, claims_option, force_option, handles_errors, main, reports_option, sources_option
from ..plumbing import printable, project_lock


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
      provenance show france24-afp.founded.c21960abc9
      provenance show d-79ed480648
    """
    from ..project import read_state
    from ..project import show_text as render
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
@click.option("--review-url", default="reports/index.html", show_default=True,
              help="ClaimReview: the page the reviews are published on; each review's url is it + '#' + its id.")
@click.option("--author", default="provenance", show_default=True,
              help="ClaimReview: who reviewed (the fact-checking organisation).")
@click.option("--publisher", default="", help="ClaimReview: who publishes the reviews (default: not said).")
@claims_option
@sources_option
@baseline_option
@handles_errors
def export(fmt: str, out: Path | None, force: bool, event: str, attribute: str, source: str, status: str,
           review_url: str, author: str, publisher: str, claims_path: Path, sources_dir: Path,
           baseline_path: Path) -> None:
    """Export claims and findings for other tools: fact-checkers' ClaimReview, annotators' Web
    Annotations, a SQLite database for datasette, or the claims as CSV or JSON.

    \b
    Examples:
      provenance export --format claimreview --out claimreview.json \
          --review-url https://factcheck.example.org/csto --author "Example Fact Check"
      provenance export --format webannotation --source france24-afp
      provenance export --format sqlite --out claims.db && datasette claims.db
      provenance export --format csv --event "Kazakhstan unrest 2022" --attribute killed
    """
    from ..export import TEXT_FORMATS, Filter, written_by_export
    from ..plumbing import atomic_write_text
    from .outputs import guard_output
    from ..project import read_state
    from ..report import generated_at
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
        from ..export import write_sqlite
        click.echo(f"wrote {printable(write_sqlite(state, claims_path, out, chosen))}")
        return
    said = {"review_url": review_url, "author": author, "publisher": publisher} if fmt == "claimreview" else {}
    if said and not review_url.startswith(("https://", "http://")):
        click.echo(printable(f"Warning: each review's url is {review_url}#ID, not an absolute address: search engines "
                             f"read a ClaimReview only with the address of the page that publishes it "
                             f"(--review-url https://…)"), err=True)
    text = TEXT_FORMATS[fmt](state, chosen, generated_at(), **said)
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
    from ..project import Project
    from ..serve import run_server
    run_server(Project(claims_path, sources_dir, reports_dir, baseline_path), host, port, allow_remote)


@main.command()
@click.argument("discrepancy_id", required=False)
@click.option("--reason", help="Why this contradiction is known and acceptable.")
@click.option("--replace", is_flag=True, help="Give a contradiction accepted already a new reason.")
@click.option("--list", "list_", is_flag=True, help="List the accepted contradictions, with who accepted them, when and why.")
@click.option("--revoke", metavar="ID", help="Take an acceptance back: check fails on that contradiction again.")
@click.option("--carry", metavar="OLD_ID", help="Move the reason of an earlier acceptance whose values changed "
              "(check names it) to DISCREPANCY_ID.")
@click.option("--renew", is_flag=True, help="Accept a contradiction that changed since it was accepted, as it "
              "stands now, keeping its reason (after reviewing what check names as new).")
@claims_option
@sources_option
@baseline_option
@handles_errors
def accept(discrepancy_id: str | None, reason: str | None, replace: bool, list_: bool, revoke: str | None,
           carry: str | None, renew: bool, claims_path: Path, sources_dir: Path, baseline_path: Path) -> None:
    """Accept a reviewed contradiction so that `check` no longer fails on it.

    An acceptance covers the values, sources and claims the contradiction has when it is
    accepted (reports/accepted.csv, column accepted_values). A new value, a new source for a
    value or a changed bound makes it "changed since accepted": check fails until it is accepted
    again (--reason, or --renew to keep the reason).

    \b
    Examples:
      provenance accept d-79ed480648 --reason "1992 is the treaty, 2002 the charter: both reported"
      provenance accept d-79ed480648 --renew      # changed since accepted; the reason still holds
      provenance accept --list
      provenance accept --revoke d-79ed480648
      provenance accept d-79ed480648 --carry d-f00ff67424   # an id no longer found
    """
    from ..review import accept as run_accept, read_accepted, reviewer_and_where, revoke as run_revoke
    if sum(map(bool, (discrepancy_id, list_, revoke))) != 1:
        raise click.UsageError("give one of: a DISCREPANCY_ID with --reason, --list, or --revoke ID")
    if list_:
        for did, row in read_accepted(baseline_path).items():
            click.echo(printable(f"{did}  {row.get('accepted_at', '') or '-':20} {row.get('accepted_by', '') or '-':16} "
                                 f"{row['reason']}  ({row.get('summary', '').strip()})"))
        return
    with project_lock(claims_path, baseline_path), Outputs(baseline_path, baseline_path.parent) as out:
        if revoke:
            row = run_revoke(revoke, baseline_path)
            out.wrote(baseline_path)
            click.echo(printable(f"revoked {revoke} (accepted {row.get('accepted_at', '')}: {row['reason']!r}) "
                                 f"in {baseline_path}"))
            _rewrite_reports(out, claims_path, sources_dir, baseline_path)
            return
        if renew:
            earlier = read_accepted(baseline_path).get(discrepancy_id)
            if earlier is None:
                raise click.UsageError(f"{discrepancy_id} is not accepted: nothing to renew (give --reason)")
            reason = reason or earlier["reason"]
        if not reason and not carry:
            raise click.UsageError("accepting needs --reason \"why this contradiction is acceptable\" (or --carry OLD_ID, "
                                   "or --renew)")
        row = run_accept(discrepancy_id, reason or "", claims_path, sources_dir, baseline_path, replace, carry=carry,
                         renew=renew)
        out.wrote(baseline_path)
        click.echo(printable(f"accepted {row['discrepancy_id']} ({row['summary'].strip()}) in {baseline_path}"))
        name, where = reviewer_and_where()
        click.echo(printable(f"recorded as accepted by {name or '(nobody)'}: the name from {where} "
                             f"(set PROVENANCE_REVIEWER to record another)"))
        _rewrite_reports(out, claims_path, sources_dir, baseline_path)


def _rewrite_reports(out: Outputs, claims_path: Path, sources_dir: Path, baseline_path: Path) -> None:
    """The reports beside the baseline, rewritten with the acceptance as it now is (when the tool
    wrote them there: a folder of the tool's reports lists them in .provenance-files)."""
    from ..plumbing import MARKER
    from ..project import Project
    reports = baseline_path.parent
    if not (reports / MARKER).is_file():
        return
    for path in Project(claims_path, sources_dir, reports, baseline_path).write_reports():
        out.wrote(path)
        click.echo(f"wrote {printable(path)}")


@main.command("review")
@click.argument("claim_id")
@click.option("--status", type=click.Choice(["confirmed", "rejected", "extracted"]),
              help="Your decision (extracted: back to not reviewed).")
@click.option("--note", default=None, help="Why, or what you checked.")
@click.option("--value", default=None, help="The correct value (a number, a year or an ISO date).")
@click.option("--low", "value_low", default=None, help="A range's low end (with --high, and --bound range).")
@click.option("--high", "value_high", default=None, help="A range's high end.")
@click.option("--bound", type=click.Choice(["exact", "approx", "more_than", "at_least", "less_than", "at_most",
                                            "range", "vague"]), help="How the quote bounds the value.")
@click.option("--in-words", is_flag=True, help="The quote states the value in words the tool cannot read.")
@claims_option
@sources_option
@handles_errors
def review(claim_id: str, status: str | None, note: str | None, value: str | None, value_low: str | None,
           value_high: str | None, bound: str | None, in_words: bool, claims_path: Path, sources_dir: Path) -> None:
    """Review a claim from the terminal, as the review app does: decide, note, or correct its value.
    A value its quote does not state is refused (the source's number reader reads the quote),
    unless --in-words says the quote states it in words.

    \b
    Examples:
      provenance review rbth-litovkine.killed.d42637fa9c --status confirmed --note "matches TASS"
      provenance review rt-zas.troops_deployed.5b1c0e2d41 --value 2500 --bound more_than
      provenance review rbth-litovkine.force_size.0e5c7f7a1b --low 17000 --high 22000 --bound range
    """
    from ..review import correct, decide
    from ..sources import load_sources
    changes = {k: v for k, v in (("value", value), ("value_low", value_low), ("value_high", value_high),
                                  ("bound", bound)) if v is not None}
    if not (changes or status or note is not None):
        raise click.UsageError("say what to do: --status, --note, or a correction (--value, --low/--high, --bound)")
    if changes and status:
        raise click.UsageError("a correction makes the claim a person's own (manual): decide on it (--status) "
                               "in a second call, if at all")
    if in_words and not changes:
        raise click.UsageError("--in-words vouches for a corrected value: give it with --value or --low/--high")
    with project_lock(claims_path):
        if note is not None:  # first: a correction then keeps it, after its in-words marker
            decide(claims_path, claim_id, None, note)
        if changes:
            languages = {s.source_id: s.language for s in load_sources(sources_dir, read=False)}
            row = correct(claims_path, claim_id, changes, languages, in_words=in_words)
            click.echo(printable(f"corrected {claim_id}: {row['value']} ({row['bound']}; {row['value_low']}–"
                                 f"{row['value_high']}); it is now a person's claim (manual), kept by re-runs"
                                 + (f"; note: {row['note']}" if row["note"] else "")))
        else:
            row = decide(claims_path, claim_id, status, None)
            click.echo(printable(f"{claim_id}: {row['status']}" + (f", note: {row['note']}" if row["note"] else "")))
