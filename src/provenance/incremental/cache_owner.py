"""Whose is an extraction cache: git's word that it is not committed, else the mark this
user's runs put in it, so that a cache made by somebody else never stands in for an extraction
(see cache.trusted and docs/decisions/extraction-cache-trust.md)."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path


def tracked_by_git(path: Path) -> bool | None:
    """Whether git tracks this file; None when git cannot say (not installed, not a repository,
    a repository it refuses to read)."""
    try:
        listed = subprocess.run(["git", "--literal-pathspecs", "ls-files", "-z", "--", path.name], cwd=path.parent,
                                capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return bool(listed.stdout) if listed.returncode == 0 else None


def owner_mark(path: Path) -> str | None:
    """The mark this user's runs put in a cache: an HMAC, under a key kept in the user's own
    cache folder, of the file's inode, so that neither a cache made by somebody else nor a copy
    of one of the user's own (unpacked from an archive, say) bears it. None: no key to be had."""
    key = _user_key()
    try:
        inode = os.stat(path).st_ino
    except OSError:
        return None
    return hmac.new(key, f"provenance cache {inode}".encode(), hashlib.sha256).hexdigest() if key else None


def may_stand_in(path: Path, version: int) -> bool:
    """Whether a cache git cannot vouch for may be used: it bears this user's mark, or it would
    serve no rows anyway (not SQLite, or tables of another `version`: it is started afresh)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            if db.execute("pragma user_version").fetchone()[0] != version:
                return True
            row = db.execute("select value from meta where key = 'owner'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return True
    mark = owner_mark(path)
    return bool(row) and mark is not None and hmac.compare_digest(str(row[0]), mark)


def user_folder() -> Path:
    """The user's cache folder for provenance (XDG_CACHE_HOME, or the platform's)."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return base / "provenance"


def _user_key() -> bytes | None:
    """This user's key (made at first use, readable by the user alone); None when it can be
    neither read nor made."""
    key = user_folder() / "cache-key"
    try:
        return key.read_bytes() or None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        key.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, made = tempfile.mkstemp(dir=key.parent, prefix=".cache-key.")  # mode 0600
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
        try:
            os.link(made, key)  # the first of two runs making it wins; the other reads it
        except FileExistsError:
            pass
        except OSError:  # no hard links here (FAT, some shares)
            os.replace(made, key)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(made)
        return key.read_bytes() or None
    except OSError:
        return None
