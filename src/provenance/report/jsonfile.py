"""discrepancies.json: written a finding per line by json's C encoder, kept byte for byte when
nothing but its time of generation would change, and the language its prose is in."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..compare import DEFAULT_LANGUAGE, LANGUAGES
from ..plumbing import json_for_html


def render_json(data: dict) -> str:
    """The report as JSON, one finding (or corroboration, or source) per line: read by diff and
    grep, and written by json's C encoder (an indented dump is its pure-Python one, 10× slower);
    < > & escaped (json_for_html)."""
    return "".join(_json_parts(data))


def json_bytes(data: dict, head: tuple[int, bytes] | None = None) -> bytes:
    """render_json's text as UTF-8, encoded a part at a time (a report of a million claims is a
    string of 250 million characters, twice that in memory where one of them is not Latin-1).
    `head`: json_head() of data's first keys, written before the others were known."""
    done, written = head or (0, b"")
    rest = dict(list(data.items())[done:]) if done else data
    return written + b"".join(part.encode("utf-8") for part in _json_parts(rest, first=done))


def json_head(data: dict) -> tuple[int, bytes]:
    """How many keys data has so far, and json_bytes' text of them, for it to go on from once
    the others are added."""
    return len(data), b"".join(part.encode("utf-8") for part in _json_parts(data, closed=False))


def _json_parts(data: dict, first: int = 0, closed: bool = True):
    """The text of data's keys as the `first`-th key on; then the closing brace, if `closed`."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one a json.dumps call

    def dump(value) -> str:
        return json_for_html(encode(value))
    for n, (key, value) in enumerate(data.items(), first):
        yield f'{"{" if not n else ","}\n  {dump(key)}: '
        if isinstance(value, list) and value:
            yield "["
            for k, item in enumerate(value):
                yield ",\n    " if k else "\n    "
                yield dump(item)
            yield "\n  ]"
        elif isinstance(value, dict) and value:
            yield "{"
            for k, (name, item) in enumerate(value.items()):
                yield ",\n    " if k else "\n    "
                yield f"{dump(name)}: {dump(item)}"
            yield "\n  }"
        else:
            yield dump(value)
    if closed:
        yield "\n}\n" if data or first else "{\n}\n"


GENERATED_AT = re.compile(rb'^  "generated_at": ("[^"\n]*"),?$', re.MULTILINE)
LANGUAGE = re.compile(rb'"language"\s*:\s*"([a-z]{2,3})"')


def reports_language(out_dir: Path) -> str:
    """The language the reports in out_dir are written in (so that a re-run or an acceptance
    keeps it), else the default."""
    try:
        with open(Path(out_dir) / "discrepancies.json", "rb") as f:
            head = f.read(4096)
    except OSError:
        return DEFAULT_LANGUAGE
    found = LANGUAGE.search(head)
    return found.group(1).decode("ascii") if found and found.group(1).decode("ascii") in LANGUAGES \
        else DEFAULT_LANGUAGE


def rendered_json(out_dir: Path, data: dict, head: tuple[int, bytes] | None = None) -> bytes:
    """discrepancies.json (`head`: its first keys' text, json_head); when the one there says just
    what this would, its time of generation is kept, and so the file byte for byte (compared as
    bytes, not parsed again nor copied)."""
    new = json_bytes(data, head)
    path = out_dir / "discrepancies.json"
    try:
        old = path.read_bytes() if path.stat().st_size == len(new) else b""
    except OSError:
        old = b""
    said = GENERATED_AT.search(old, 0, 4096)
    value = json.dumps(data["generated_at"]).encode("utf-8")
    at = new.find(b'"generated_at": ' + value, 0, 4096)  # the first field: its first mention is the field
    start, end = said.span(1) if said else (-1, -1)
    if at >= 0 and (start, end) == (at + len(b'"generated_at": '), at + len(b'"generated_at": ') + len(value)):
        if memoryview(old)[:start] == memoryview(new)[:start] and memoryview(old)[end:] == memoryview(new)[end:]:
            data["generated_at"] = json.loads(old[start:end])
            return old
    return new
