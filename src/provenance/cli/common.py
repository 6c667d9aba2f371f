"""What every command shares: the click group `main`, its options, `handles_errors` (the only place
an error becomes a message and an exit code) and `Outputs` (what a command wrote)."""
from __future__ import annotations

import os
import sys
import warnings
from functools import wraps
from pathlib import Path

import click

from ..plumbing import ProvenanceError, printable

EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2


class _Warnings:
    """Shows a command's warnings on stderr, each once: a source the manifest's reader warns of
    is read by extraction and again by the comparison, and a person needs to read it once."""

    def __init__(self):
        self.shown: set[str] = set()

    def __call__(self, message, category, filename, lineno, file=None, line=None):
        text = printable(message)
        if text not in self.shown:
            self.shown.add(text)
            click.echo(f"Warning: {text}", err=True)



# Options several commands share, declared once.
SOURCES_HELP = "Folder of source texts with sources.csv."
sources_option = click.option("--sources", "sources_dir", type=click.Path(path_type=Path), default=Path("sources"),
                              show_default=True, help=SOURCES_HELP)
claims_option = click.option("--claims", "claims_path", type=click.Path(path_type=Path), default=Path("claims.csv"),
                             show_default=True, help="The claims table.")
baseline_option = click.option("--baseline", "baseline_path", type=click.Path(path_type=Path),
                               default=Path("reports/accepted.csv"), show_default=True,
                               help="Contradictions a person has reviewed and accepted, with a reason.")
force_option = click.option("--force", is_flag=True, help="Replace an existing file that this command did not write "
                            "(never the project's own: claims.csv, events.csv, sources/, the baseline, the cache).")
lang_option = click.option("--lang", type=click.Choice(["en", "fr"]), default=None,
                           help="The language of the reports' prose (explanations, reasons, notes); "
                                "default: the language reports/ is already written in, else en.")
reports_option = click.option("--out", "reports_dir", type=click.Path(path_type=Path), default=Path("reports"),
                              show_default=True, help="The reports folder to write.")


def working(what: str):
    """A spinner on stderr while a long step runs, when stderr is a terminal (never in logs)."""
    from contextlib import nullcontext
    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console
    return Console(stderr=True).status(f"{what}…")


def handles_errors(fn):
    """Turn the library's ProvenanceError into 'Error: <file>:<row>: <what>' and exit code 2."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        warnings.showwarning = _Warnings()
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:  # the reader of the output went away (`| head`): what was written stands
            _silence_stdout()
            sys.exit(EXIT_BROKEN_PIPE)
        except ProvenanceError as e:
            click.echo(f"Error: {printable(e)}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as e:  # a full disk, a file size limit, a read-only folder: nothing half-written
            where = f"{e.filename}: " if e.filename else ""
            click.echo(f"Error: {printable(where)}{printable(e.strerror or e)} (nothing was replaced)", err=True)
            sys.exit(EXIT_BAD_INPUT)
    return wrapper


EXIT_BROKEN_PIPE = 141  # as a shell reports a command that SIGPIPE ended


def _silence_stdout() -> None:
    """Standard output to /dev/null: the last flush at exit must not fail on the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's runner): nothing to flush


class Outputs:
    """The files a command writes, in order, and those written so far: an error escaping
    `with Outputs(...)` says which were written before it and which were not, so that the
    "wrote …" lines above it and the error agree with what is on disk."""

    def __init__(self, *planned: Path):
        self.planned = [Path(p) for p in planned]
        self.written: list[Path] = []

    def wrote(self, path: Path) -> None:
        self.written.append(Path(path))

    def note(self) -> str:
        """'claims.csv written; reports not written', or 'claims.csv not written' before any write."""
        left = [p for p in self.planned if p not in self.written]
        parts = [f"{_names(self.written)} written"] if self.written else []
        return "; ".join(parts + ([f"{_names(left)} not written"] if left else []))

    def __enter__(self) -> "Outputs":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if isinstance(error, BrokenPipeError):
            return  # not about the files: the reader of standard output went away
        if isinstance(error, OSError) and not isinstance(error, ProvenanceError):
            raise ProvenanceError(str(error.strerror or error), file=error.filename).noted(self.note()) from None
        if isinstance(error, ProvenanceError):
            raise error.noted(self.note()) from None


def _names(paths: list[Path]) -> str:
    return ", ".join(printable(p) for p in paths)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="provenance")
def main() -> None:
    """Track claims to their sources and show where sources disagree.

    \b
    Example:
      provenance run          # sources/ -> claims.csv -> reports/
    """
