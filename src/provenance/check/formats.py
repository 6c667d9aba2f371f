"""The check's report for people (text) and machines (json, GitHub annotations, JUnit XML)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from ..plumbing import json_for_html, printable
from .codes import BAD_INPUT, ERROR, FAMILIES, NOTICE, WARNING, CheckResult


def format_text(result: CheckResult) -> str:
    lines = []
    for p in result.problems:
        where = f"{printable(p.file)}:{p.row}" if p.row else printable(p.file)
        cid = f" {printable(p.claim_id)}" if p.claim_id else ""
        lines.append(f"{where}: {p.severity} [{p.code}]{cid}: {printable(p.message)}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _summary(result: CheckResult) -> str:
    errors = sum(p.severity in (ERROR, BAD_INPUT) for p in result.problems)
    warnings = sum(p.severity == WARNING for p in result.problems)
    notices = sum(p.severity == NOTICE for p in result.problems)
    return (f"checked {result.checked_claims} claims from {result.checked_sources} sources: "
            f"{errors} problem(s), {warnings} warning(s)" + (f", {notices} notice(s)" if notices else ""))


def format_json(result: CheckResult) -> str:
    return json_for_html(json.dumps({"problems": [p.to_json() for p in result.problems],
                                     "claims": result.checked_claims, "sources": result.checked_sources,
                                     "exit_code": result.exit_code}, ensure_ascii=False, indent=2)) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(result: CheckResult) -> str:
    """GitHub workflow commands: one annotation per problem, at its file and line."""
    out = []
    for p in result.problems:
        level = p.severity if p.severity in (WARNING, NOTICE) else "error"
        props = [f"file={_gh_escape(printable(p.file), True)}"]
        if p.row:
            props.append(f"line={p.row}")
        props.append(f"title={_gh_escape(str(p.code), True)}")
        message = (f"{p.claim_id}: " if p.claim_id else "") + p.message
        out.append(f"::{level} {','.join(props)}::{_gh_escape(printable(message))}")
    out.append(_summary(CheckResult([], result.checked_claims, result.checked_sources)).replace(
        "0 problem(s), 0 warning(s)", f"{sum(p.severity in (ERROR, BAD_INPUT) for p in result.problems)} problem(s)"))
    return "\n".join(out) + "\n"


def format_junit(result: CheckResult) -> str:
    """JUnit XML: one test case per check family, a failure per problem."""
    groups = {name: [p for p in result.problems if p.code.family == name] for name in FAMILIES}
    failures = sum(1 for ps in groups.values() if any(p.severity in (ERROR, BAD_INPUT) for p in ps))
    xml = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="provenance check" tests="{len(groups)}" failures="{failures}">',
           f'  <testsuite name="provenance check" tests="{len(groups)}" failures="{failures}" errors="0">']
    for name, ps in groups.items():
        xml.append(f'    <testcase classname="provenance.check" name="{name}">')
        real = [p for p in ps if p.severity in (ERROR, BAD_INPUT)]
        if real:
            body = "\n".join(printable(f"{p.file}:{p.row or ''} [{p.code}] {p.claim_id} {p.message}") for p in real)
            xml.append(f'      <failure message={quoteattr(f"{len(real)} problem(s)")} type="{name}">{escape(body)}</failure>')
        warns = [p for p in ps if p.severity in (WARNING, NOTICE)]
        if warns:
            xml.append("      <system-out>" + escape("\n".join(printable(f"[{p.code}] {p.message}") for p in warns))
                       + "</system-out>")
        xml.append("    </testcase>")
    xml += ["  </testsuite>", "</testsuites>"]
    return "\n".join(xml) + "\n"


FORMATS = {"text": format_text, "json": format_json, "github": format_github, "junit": format_junit}

SUMMARY = re.compile(r"checked \d+ claims from \d+ sources: \d+ problem\(s\)")


def written_by_check(path: Path) -> bool:
    """Whether a file has the shape of one `check --output` writes, in any format (an earlier
    report, which a new one may replace): JUnit's suite, the JSON report's keys, or the text
    and GitHub formats' last line, the summary."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if text.startswith("<?xml") and '<testsuites name="provenance check"' in text[:200]:
        return True
    try:
        return set(json.loads(text)) == {"problems", "claims", "sources", "exit_code"}
    except (ValueError, TypeError):
        return bool(SUMMARY.match(text.rstrip("\n").rsplit("\n", 1)[-1]))
