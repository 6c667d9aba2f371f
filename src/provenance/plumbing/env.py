"""Settings read from environment variables: a value that is not one is bad input naming the
variable (`nan`, `inf` and negative numbers included), never a traceback nor a silent default."""
from __future__ import annotations

import math
import os
import re
from pathlib import Path

from .errors import ProvenanceError

_WHOLE = re.compile(r"[0-9]+")
LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z: the last moment a date is written for


def seconds(name: str, default: float, zero_ok: bool = False) -> float:
    """A finite number of seconds from $name (positive, or also 0 when `zero_ok`); `default` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        least = "0 or more" if zero_ok else "more than 0"
        raise ProvenanceError(f"{name}={raw!r} is not a number of seconds (a finite number, {least})")
    return value


def count(name: str, default: int) -> int:
    """A whole number above 0 from $name, in ASCII digits; `default` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not _WHOLE.fullmatch(raw) or len(raw) > 18 or int(raw) == 0:
        raise ProvenanceError(f"{name}={raw!r} is not a whole number above 0")
    return int(raw)


def epoch(name: str) -> int | None:
    """Whole seconds since 1970 from $name, in ASCII digits, up to the year 9999; None when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    if not _WHOLE.fullmatch(raw) or len(raw) > 12 or int(raw) > LAST_SECOND:
        raise ProvenanceError(f"{name}={raw!r} is not a time in whole seconds since 1970 (0 to {LAST_SECOND})")
    return int(raw)


def one_line(name: str) -> str:
    """A line of text from $name (a name to record), without control characters; '' when unset."""
    from .safe import printable
    raw = os.environ.get(name, "").strip()
    if printable(raw) != raw:
        raise ProvenanceError(f"{name}={printable(raw)!r} holds a control character or a line end; "
                              f"give one line of text")
    return raw


def folders(name: str) -> list[Path]:
    """The folders $name lists (separated by os.pathsep); one that is not a folder is bad input."""
    found = [Path(entry) for entry in os.environ.get(name, "").split(os.pathsep) if entry.strip()]
    for folder in found:
        if not folder.is_dir():
            raise ProvenanceError(f"{name} lists {str(folder)!r}, which is not a folder")
    return found
