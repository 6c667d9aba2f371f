"""Writing files so that a reader only ever sees the old or the new complete version."""
from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`."""
    atomic_write_pieces(path, [text.encode("utf-8")])


def atomic_write_pieces(path: Path, pieces: list[bytes]) -> None:
    """atomic_write_text for bytes given in pieces (a large file is not joined in memory first)."""
    from .errors import ProvenanceError
    path = Path(path)
    if path.is_dir():
        raise ProvenanceError("is a folder, not a file to write", file=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, lambda out: out.writelines(pieces))


def atomic_copy(source: Path, target: Path) -> None:
    """Copy a file in the same way (a link planted at a guessable name is never written through)."""
    def copy(out) -> None:
        with open(source, "rb") as src:
            shutil.copyfileobj(src, out)
    _replace(Path(target), copy)


def _replace(path: Path, write) -> None:
    """`write` into a temporary file of unpredictable name beside `path`, flushed to disk,
    then renamed over `path`; on any failure the temporary file is removed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange)
    return result == 0


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def link_below(path: Path, root: Path) -> Path | None:
    """The first symbolic link among the folders below `root` down to `path`, and `path` itself;
    None when there is none. ValueError when `path` does not lie inside `root` (compared as
    written, `..` folded)."""
    path, root = Path(os.path.normpath(path)), Path(os.path.normpath(root))
    parts = path.relative_to(root).parts
    return next((p for p in (root.joinpath(*parts[:i]) for i in range(1, len(parts) + 1)) if p.is_symlink()), None)


def refuse_links(path: Path, root: Path) -> None:
    """Refuse to write or delete `path` through a symbolic link: `path`, a folder from `root` down
    to it, or `root` itself (and, for a relative `root`, the folders it is in) being one; or
    `path` lying outside `root`. A link committed to a project can lead anywhere."""
    from .errors import ProvenanceError
    root = Path(os.path.normpath(root))
    try:
        below = link_below(path, root)
    except ValueError:
        raise ProvenanceError(f"lies outside {root}: provenance writes and deletes only inside it",
                              file=str(path)) from None
    above = [root] if root.is_absolute() else [Path(*root.parts[:i]) for i in range(1, len(root.parts) + 1)]
    link = next((p for p in above if p.is_symlink()), None) or below
    if link is not None:
        raise ProvenanceError(f"is a link (to {os.readlink(link)}): provenance writes and deletes no file through a "
                              f"link, which may lead out of the project; make it a folder or file of its own",
                              file=str(link))


MARKER = ".provenance-files"  # in a folder the tool writes: the names of the files it owns


def _link_or_copy(src: str, dst: str) -> None:
    """A file carried into the new set: a hard link where possible (no bytes copied)."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def owned_folder(folder: Path, names: list[str], companions: tuple[str, ...] = ()) -> None:
    """Refuse to write a set of files (`names`) into a folder provenance does not own.

    A folder is the tool's when it is new, empty, holds only `companions` (files the tool
    keeps but does not write there), or has the list of the files the tool wrote (MARKER);
    even then, a file to replace that the list does not name is someone else's. A file with a
    report's name (a site's index.html) makes no folder the tool's.
    """
    from .errors import ProvenanceError
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ProvenanceError("is not a folder (or is a link): choose a folder for the reports", file=str(folder))
    if not folder.exists():
        return
    listed = _listed_files(folder)
    if listed is None:
        others = sorted(e.name for e in folder.iterdir() if e.name not in (LOCK_NAME, *companions))
        if others:
            raise ProvenanceError(f"holds files provenance did not write ({', '.join(others[:5])}) and no "
                                  f"{MARKER}; choose an empty or new folder for the reports", file=str(folder))
        return
    taken = [name for name in names if name not in listed and os.path.lexists(folder / name)]
    if taken:
        raise ProvenanceError(f"holds {', '.join(taken)}, which provenance did not write ({MARKER} does not "
                              f"list it); move it away or choose another folder", file=str(folder))


def _listed_files(folder: Path) -> set[str] | None:
    """The names MARKER lists in a folder; None when there is no such list (or it is a link)."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    return set(marker.read_text(encoding="utf-8", errors="replace").splitlines())


LOCK_NAME = ".provenance.lock"


def atomic_write_folder(folder: Path, files: dict[str, str | bytes], companions: tuple[str, ...] = ()) -> None:
    """Replace the given files of a folder as one set: a reader sees all old or all new.

    The new files are written, with every other file of the folder (dotfiles and files of
    others too, hard-linked where possible), into a staging folder beside it, which is then
    swapped with the folder in one step (renameat2). Where the system cannot swap folders, each
    file is still replaced atomically, one after another. A staging folder left by a killed
    run is removed on the next write. The folder keeps a list of the files the tool owns.
    """
    folder = Path(folder)
    owned_folder(folder, list(files), companions)
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    for leftover in parent.glob(f".{folder.name}.staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    files = {**files, MARKER: "".join(f"{name}\n" for name in sorted(files))}
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.staging-", dir=parent))
    try:
        os.chmod(staging, (folder.stat().st_mode & 0o7777) if folder.is_dir() else 0o777 & ~_umask())
        if folder.is_dir():
            for item in folder.iterdir():
                if item.name in files or item.name == LOCK_NAME:
                    continue
                if item.is_dir() and not item.is_symlink():
                    shutil.copytree(item, staging / item.name, symlinks=True, copy_function=_link_or_copy)
                else:
                    _link_or_copy(str(item), str(staging / item.name))
        for name, text in files.items():
            with open(staging / name, "wb") as f:  # mode from the umask
                f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
        _swap(staging, folder, list(files))
    except BaseException:
        if staging.exists() and staging != folder:
            shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, folder: Path, names: list[str]) -> None:
    _fsync_dir(staging)
    parent = folder.parent
    if not folder.exists():
        os.rename(staging, folder)
        _fsync_dir(parent)
        return
    if _exchange(staging, folder):
        _fsync_dir(parent)
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old set
        return
    for name in names:
        os.replace(staging / name, folder / name)
    shutil.rmtree(staging, ignore_errors=True)


class Lock:
    """An exclusive lock on a working folder, so two runs never interleave their writes.

    The lock is the kernel's (fcntl.flock on a lock file): it is released when the process
    ends, however it ends. A second run waits up to `timeout` seconds, then fails clearly.
    """

    def __init__(self, path: Path, timeout: float = 30.0):
        from filelock import FileLock
        self.path = Path(path)
        self.timeout = timeout
        self._lock = FileLock(str(self.path))

    def __enter__(self) -> "Lock":
        from filelock import Timeout
        from .errors import BusyError, ProvenanceError
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            raise ProvenanceError("the lock file is a link or a folder; remove it (provenance makes its own)",
                                  file=str(self.path))
        try:
            self._lock.acquire(timeout=self.timeout)
        except Timeout:
            raise BusyError(f"another provenance command has been writing here for more than {self.timeout:g} s; "
                                  f"wait for it to finish (or set PROVENANCE_LOCK_TIMEOUT to wait longer)",
                                  file=str(self.path)) from None
        return self

    def __exit__(self, *exc) -> None:
        if self._lock.is_locked:
            self._lock.release()


class Locks:
    """Several folders' locks, taken in the order given and released in reverse."""

    def __init__(self, paths: list[Path], timeout: float = 30.0):
        self.locks = [Lock(p, timeout) for p in paths]

    def __enter__(self) -> "Locks":
        taken = []
        try:
            for lock in self.locks:
                lock.__enter__()
                taken.append(lock)
        except BaseException:
            for lock in reversed(taken):
                lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for lock in reversed(self.locks):
            lock.__exit__(*exc)


def project_lock(*anchors: Path, timeout: float | None = None) -> Locks:
    """The locks of the folders holding the files a command writes (claims.csv, sources/,
    reports/): one per folder, taken in a fixed order so that two writers never deadlock.
    The wait is $PROVENANCE_LOCK_TIMEOUT seconds (30) unless `timeout` is given."""
    from .env import seconds
    if timeout is None:
        timeout = seconds("PROVENANCE_LOCK_TIMEOUT", 30.0, zero_ok=True)
    return Locks(sorted({Path(a).resolve().parent / LOCK_NAME for a in anchors}), timeout)
