"""A file a person names for a command's output (`export --out`, `check --output`): never one of
the project's own files, and an existing file only when it is what the same command wrote
before (its shape says so) or the person says --force."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..plumbing import ProvenanceError


def own_files(claims_path: Path, baseline_path: Path) -> dict[Path, str]:
    """The project's files (beside the sources folder) no output may replace, even with --force:
    what each one is."""
    from ..incremental import cache_path
    from ..filing import events_path
    from ..plumbing import LOCK_NAME
    from ..filing import subjects_path
    cache = cache_path(claims_path)
    return {Path(claims_path): "the claims table", events_path(claims_path): "the events table",
            subjects_path(claims_path): "the subjects table",
            Path(baseline_path): "the accepted baseline", Path(claims_path).parent / LOCK_NAME: "the project's lock",
            **{cache.with_name(cache.name + end): "the extraction cache" for end in ("", "-wal", "-shm", "-journal")}}


def _own(out: Path, claims_path: Path, sources_dir: Path, baseline_path: Path) -> str | None:
    """What the project file at `out` is; None when `out` is none of them."""
    target = out.resolve()
    if target.is_relative_to(Path(sources_dir).resolve()):
        return "in the sources folder"
    return next((what for path, what in own_files(claims_path, baseline_path).items()
                 if path.resolve() == target), None)


def guard_output(out: Path, claims_path: Path, sources_dir: Path, baseline_path: Path,
                 written_before: Callable[[Path], bool], force: bool) -> None:
    """Refuse to write `out` when it is one of the project's files, or an existing file that
    `written_before` does not recognise as the command's own output and --force was not given."""
    out = Path(out)
    if out.exists() and not out.is_file():   # a pipe, a device (/dev/stdout), a folder: replaced by a rename
        raise ProvenanceError("is not a regular file (a pipe, a device or a folder), which writing the output "
                              "would replace: leave out the option (or give -) to write to standard output",
                              file=str(out))
    what = _own(out, claims_path, sources_dir, baseline_path)
    if what:
        raise ProvenanceError(f"is {what}: provenance writes no output over the project's own files; "
                              f"choose another file", file=str(out))
    if out.is_file() and not force and not written_before(out):
        raise ProvenanceError("exists, and is not a file this command wrote: choose another file, or add --force "
                              "to replace it", file=str(out))
