"""Settings read from environment variables: a value that is not one is bad input naming the
variable (`nan`, `inf` and negative numbers included), never a traceback nor a silent default."""
from __future__ import annotations

import math
import os
import re

from .errors import ProvenanceError

_WHOLE = re.compile(r"[0-9]+")


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
