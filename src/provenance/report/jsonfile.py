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


def json_bytes(data: dict) -> bytes:
    """render_json's text as UTF-8, encoded a part at a time (a report of a million claims is a
    string of 250 million characters, twice that in memory where one of them is not Latin-1)."""
    return b"".join(part.encode("utf-8") for part in _json_parts(data))


def _json_parts(data: dict):
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one a json.dumps call

    def dump(value) -> str:
        return json_for_html(encode(value))
    for n, (key, value) in enumerate(data.items()):
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
    yield "\n}\n" if data else "{\n}\n"


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


def rendered_json(out_dir: Path, data: dict) -> bytes:
    """discrepancies.json; when the one there says just what this would, its time of generation
    is kept, and so the file byte for byte (compared as bytes, not parsed again nor copied)."""
    new = json_bytes(data)
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
