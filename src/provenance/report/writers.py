"""Writers for reports/: each takes the comparison and writes one file atomically."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..audit import audit_overview
from ..compare import (CORROBORATION_QUOTES, DEFAULT_LANGUAGE, Comparison, about, claims_counted, figure, kind_word,
                       phrase, phrases, plain, plain_pieces, severity_word)
from .audit import AUDIT_ROWS, PASSAGES_SHOWN, AuditView, audit_markdown
from .jsonfile import json_bytes, json_head, render_json, rendered_json, reports_language  # noqa: F401 (render_json, json_bytes: the API)
from ..plumbing import atomic_write_folder
from ..sources import page_of
from ..plumbing import json_for_html, spreadsheet_csv, spreadsheet_safe  # noqa: F401 (spreadsheet_safe: the API)


def context_of(text: str | None, start: int | None, quote: str, width: int = 220) -> tuple[str, str, str]:
    """The quote in its surrounding sentence: (before, quote, after), cut at sentence edges."""
    if start is None or not _anchored(text, start, quote):
        return "", quote, ""
    end = start + len(quote)
    left = text[max(0, start - width):start]
    cut = max(left.rfind(". "), left.rfind("\n"))
    left = left[cut + 1:] if cut >= 0 else left
    right = text[end:end + width]
    stops = [i for i in (right.find(". "), right.find("\n")) if i >= 0]
    right = right[:min(stops) + 1] if stops else right
    return left.lstrip(), quote, right.rstrip()


def _anchored(text: str | None, start: int | None, quote: str) -> bool:
    """Whether the quote still stands at its offset in the source (a person's row without
    offsets counts as anchored when its quote is anywhere in the text)."""
    if text is None:
        return False
    if start is None:
        return not quote or quote in text
    return text[start:start + len(quote)] == quote


def generated_at() -> str:
    """Now, in UTC; SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes it."""
    from ..plumbing import epoch
    fixed = epoch("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(fixed, timezone.utc) if fixed is not None else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# Quotes a report prints: each quote carries its context, so a finding of a thousand sources would
# weigh a thousand passages. Every value keeps its sources and claim ids; the quotes are shared out.
QUOTES_PER_FINDING = 200
QUOTES_PER_CORROBORATION = CORROBORATION_QUOTES  # all a corroboration keeps


def share_quotes(values: list[dict], budget: int) -> None:
    """Cut the values' quotes to `budget` in all, one per value in turn (the first values first),
    so that each value keeps a quote as long as there are fewer values than the budget."""
    kept = [0] * len(values)
    for turn in range(max((len(v["quotes"]) for v in values), default=0)):
        for i, v in enumerate(values):
            if budget and turn < len(v["quotes"]):
                kept[i] += 1
                budget -= 1
        if not budget:
            break
    for v, n in zip(values, kept):
        v["quotes"] = v["quotes"][:n]


def report_data(comparison: Comparison, sources: dict[str, dict], texts: dict[str, str],
                accepted: dict[str, dict] | None = None, rejected: int = 0, lang: str = DEFAULT_LANGUAGE,
                in_file: int | None = None, audit: bool = True) -> dict:
    """Everything the four reports show, their prose in `lang`; `in_file`: the rows of claims.csv
    (compared, rejected, or without a figure to compare). The audit, last, unless not `audit`
    (write_reports works it out beside the rest: `audit_of`)."""
    from ..review import standings
    discrepancies = [d.to_json(lang) for d in comparison.discrepancies]
    stands = standings(accepted or {}, comparison.discrepancies)
    for d in discrepancies:
        stand = stands.get(d["id"])
        row = stand.row if stand else None
        d["accepted"] = {"reason": row.get("reason", ""), "accepted_at": row.get("accepted_at", ""),
                         "accepted_by": row.get("accepted_by", "")} if row else None
        if stand and (stand.stale or stand.left):
            d["accepted"]["since"] = stand.to_json()   # what changed since it was accepted
    for d in discrepancies:
        share_quotes(d["values"], QUOTES_PER_FINDING)
    corroborations = [c.to_json(quotes=QUOTES_PER_CORROBORATION) for c in comparison.corroborations]
    quotes = [q for d in discrepancies for v in d["values"] for q in v["quotes"]]
    for q in sorted(quotes, key=lambda q: q["source_id"]):  # source by source: each text read once
        text = texts.get(q["source_id"])
        q["context"] = list(context_of(text, q.get("start"), q["quote"]))
        q["orphaned"] = not _anchored(text, q.get("start"), q["quote"])
        page = page_of(sources.get(q["source_id"], {}).get("pages", ""), q.get("start"))
        if page:
            q["page"] = page
    data = {
        "generated_at": generated_at(),
        "language": lang,
        "claims": comparison.claims,
        "rejected_claims": rejected,
        "claims_in_file": comparison.claims + rejected if in_file is None else in_file,
        "sources": comparison.sources,
        "discrepancies": discrepancies,
        "corroborations": corroborations,
        "per_source": comparison.per_source,
        "source_meta": {sid: {k: meta.get(k, "") for k in ("title", "outlet", "url", "author", "published", "language")}
                        for sid, meta in sources.items()},
    }
    if audit:
        data["audit"] = audit_of((comparison, sources, lang), None)
    return data


def audit_of(shared: tuple, _=None) -> dict:
    """The reports' audit of (comparison, sources, lang): its first `AUDIT_ROWS` rows of each kind."""
    comparison, sources, lang = shared
    return audit_overview(comparison, sources, lang, most=AUDIT_ROWS, passages=PASSAGES_SHOWN)


# What _md_cell changes: a space other than ' ' or two in a row, a character Markdown reads, a link's start
_MD_SPECIAL = re.compile(r"[^\S ]|  |[\\|<>\[\]`*_]|(?i:https?|ftp|www)")


def _md_cell(text) -> str:
    """Markdown table cell: no pipes, no line breaks, no HTML or links that render."""
    text = "" if text is None else str(text)
    if not _MD_SPECIAL.search(text):  # most cells: one scan, not four
        return text
    text = re.sub(r"\s+", " ", text)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\[\]`*_])", r"\\\1", text)
    # a bare URL or www. name would become a link: a zero-width space breaks the pattern, not the text
    return re.sub(r"(?i)\b(https?|ftp)(?=://)|\b(www)(?=\.)", lambda m: m.group() + "\u200b", text)


def _md_finding(i: int, d: dict, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """A finding in words (what it is about, its kind and severity), then its values and quotes."""
    what = about(d["attribute"], d["subject"], d["qualifiers"], lang)
    level = phrase(lang, "report.severity", level=severity_word(d["severity"], lang))
    lines = [f"### {i}. {_md_cell(what[:1].upper() + what[1:])}", "",
             f"**{_md_cell(kind_word(d['kind'], d['internal'], lang))}**, {level} · `{d['id']}`", "",
             _md_cell(d["explanation"]), ""]
    if d.get("likely_reason"):
        best = f" {phrase(lang, 'report.best_supported')}: {_md_cell(d['best_supported'])}." \
            if d.get("best_supported") else ""
        lines += [f"{phrase(lang, 'report.likely_reason')}: {_md_cell(d['likely_reason'])}.{best}", ""]
    if d.get("accepted"):
        a = d["accepted"]
        who = f" by {_md_cell(a['accepted_by'])}" if a.get("accepted_by") else ""
        lines += [f"Accepted {_md_cell(a.get('accepted_at', ''))}{who}: {_md_cell(a['reason'])}", ""]
        if a.get("since"):
            what = "**Changed since accepted**" if a["since"]["stale"] else "Since accepted"
            lines += [f"{what}: {_md_cell(a['since']['difference'])}.", ""]
    lines += ["| value | source | quote | review |", "|---|---|---|---|"]
    for v in d["values"]:
        for q in v["quotes"]:
            review = " ".join(x for x in (q.get("status", "") if q.get("status") != "extracted" else "",
                                         q.get("note", "")) if x)
            lines.append(f"| {_md_cell(figure(v, lang))} | {_md_cell(q['source_id'])} "
                         f"| {_md_cell(plain(q['quote']))} | {_md_cell(review)} |")
    return lines + [""]


def render_markdown(data: dict) -> str:
    lang = data.get("language", DEFAULT_LANGUAGE)
    counted = claims_counted(data.get("claims_in_file", data["claims"]), data["claims"], data.get("rejected_claims", 0),
                             lang)
    lines = ["# Discrepancies", "",
             f"{len(data['discrepancies'])} discrepancies and {len(data['corroborations'])} corroborations "
             f"from {data['sources']} sources (generated {data['generated_at']}). {counted}.", ""]
    counts = {}
    for d in data["discrepancies"]:
        counts[d["kind"]] = counts.get(d["kind"], 0) + 1
    if counts:
        lines += ["| kind | count |", "|---|---|"] + [f"| {k} | {n} |" for k, n in sorted(counts.items())] + [""]
    open_ = [d for d in data["discrepancies"] if not accepted_as_it_stands(d)]
    accepted = [d for d in data["discrepancies"] if accepted_as_it_stands(d)]
    lines += ["## To review", ""] + ([] if open_ else ["None left.", ""])
    for i, d in enumerate(open_, 1):
        lines += _md_finding(i, d, data.get("language", DEFAULT_LANGUAGE))
    if accepted:
        lines += ["## Accepted by a reviewer", ""]
        for i, d in enumerate(accepted, len(open_) + 1):
            lines += _md_finding(i, d, data.get("language", DEFAULT_LANGUAGE))
    if data["corroborations"]:
        lines += ["## Corroborations", "", "| subject | attribute | qualifiers | value | sources | independent |",
                  "|---|---|---|---|---|---|"]
        for c in data["corroborations"]:
            lines.append(f"| {_md_cell(c['subject'])} | {_md_cell(c['attribute'])} | {_md_cell(c['qualifiers'])} "
                         f"| {_md_cell(c['value'])} | {_md_cell(', '.join(c['sources']))} | {c['independent_sources']} |")
        lines.append("")
    lines += ["## Sources", "", "| source | claims | discrepancies | contradictions |", "|---|---|---|---|"]
    for sid, n in sorted(data["per_source"].items()):
        lines.append(f"| {_md_cell(sid)} | {n['claims']} | {n['discrepancies']} | {n['contradictions']} |")
    lines += audit_markdown(data.get("audit"), open_ + accepted, _md_cell, lang)
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["discrepancy_id", "kind", "severity", "internal", "subject", "attribute", "qualifiers", "value",
               "value_low", "value_high", "bound", "source_id", "claim_id", "quote", "explanation", "status", "note",
               "accepted", "likely_reason"]


def accepted_as_it_stands(d: dict) -> bool:
    """Whether a finding (as report data) is accepted and has not changed since."""
    return bool(d.get("accepted")) and not (d["accepted"].get("since") or {}).get("stale")


def _acceptance_cell(d: dict) -> str:
    a = d.get("accepted") or {}
    if a and not accepted_as_it_stands(d):
        return f"(changed since accepted: {a['since']['difference']}) {a['reason']}"
    return a.get("reason", "")


def render_csv(data: dict) -> str:
    return spreadsheet_csv([CSV_COLUMNS, *_csv_rows(data)])


def _csv_rows(data: dict):
    for d in data["discrepancies"]:
        said = (d["explanation"], d.get("likely_reason", ""))  # once per finding: on its first row
        for v in d["values"]:
            for q in v["quotes"]:
                explanation, likely = said
                row = [d["id"], d["kind"], f"{d['severity']:.2f}", str(d["internal"]).lower(), d["subject"],
                       d["attribute"], d["qualifiers"], v["value"], v["low"], v["high"], v["bound"], q["source_id"],
                       q["claim_id"], q["quote"], explanation, q.get("status", ""), q.get("note", ""),
                       _acceptance_cell(d), likely]
                yield row
                said = ("", "")


VALUES_SHOWN = 4       # values of one finding shown in full on the page; the rest listed, folded
VALUES_LISTED = 60     # values of one finding on the page at all; the rest counted
QUOTES_SHOWN = 2       # quotes shown per value on the page (all are in discrepancies.json)
SOURCES_SHOWN = 200    # rows of the sources table, most disagreeing first; the rest listed by id
CORROBORATIONS_SHOWN = 400


class PageView:
    """What the page needs beyond the report's data: findings split by review, the menus of
    the filters, and sources numbered so that each card names its sources in a few bytes."""
    values_shown, quotes_shown, sources_shown = VALUES_SHOWN, QUOTES_SHOWN, SOURCES_SHOWN
    values_listed = VALUES_LISTED
    corroborations_shown = CORROBORATIONS_SHOWN

    def __init__(self, data: dict):
        from markupsafe import Markup
        found = data["discrepancies"]
        self.open = [d for d in found if not accepted_as_it_stands(d)]
        self.accepted = [d for d in found if accepted_as_it_stands(d)]
        self.kinds = sorted({d["kind"] for d in found})
        self.attributes = sorted({d["attribute"] for d in found})
        self.subjects = sorted({d["subject"] for d in found})
        self.per_subject = {s: {"discrepancies": 0, "contradictions": 0, "accepted": 0} for s in self.subjects}
        for d in found:
            n = self.per_subject[d["subject"]]
            n["discrepancies"] += 1
            n["contradictions"] += d["kind"] == "contradiction"
            n["accepted"] += accepted_as_it_stands(d)
        self.source_ids = sorted(data["per_source"])
        self.number = {sid: i for i, sid in enumerate(self.source_ids)}
        self.source_ids_json = Markup(json_for_html(json.dumps(self.source_ids)))
        lang = self.lang = data.get("language", DEFAULT_LANGUAGE)
        self.claims_counted = claims_counted(data.get("claims_in_file", data["claims"]), data["claims"],
                                             data.get("rejected_claims", 0), lang)
        per = data["per_source"]
        self.sources_ranked = sorted(per, key=lambda sid: (-per[sid]["contradictions"], -per[sid]["discrepancies"], sid))
        self.audit = AuditView(data["audit"], found) if data.get("audit") else None

    stands = staticmethod(accepted_as_it_stands)
    plain = staticmethod(plain)
    plain_pieces = staticmethod(plain_pieces)

    def about(self, d: dict) -> str:
        """What a finding or a corroboration is about, in the report's language."""
        return about(d["attribute"], d["subject"], d["qualifiers"], self.lang)

    def said(self, v: dict) -> str:
        """A value as a reader says it: 'about 2600', '17000-22000'."""
        return figure(v, self.lang)

    def kind(self, d: dict) -> str:
        return kind_word(d["kind"], d.get("internal", False), self.lang)

    def severity(self, d: dict) -> str:
        return phrase(self.lang, "report.severity", level=severity_word(d["severity"], self.lang))

    def value_sources(self, v: dict) -> str:
        """The numbers of a value's sources (the per-source view shows a source's own value)."""
        return " ".join(str(self.number[s]) for s in v["sources"] if s in self.number)

    @staticmethod
    def timeline(d: dict) -> list[tuple[str, str, list[str]]]:
        """An update's values in the order of their sources' dates: (date, value, sources)."""
        points = []
        for v in d["values"]:
            dates = sorted(q.get("published", "") for q in v["quotes"] if q.get("published"))
            shown = v["value"] if v["bound"] not in ("range", "vague") else f"{v['low']}–{v['high']}"
            points.append((dates[0] if dates else "", shown, v["sources"]))
        return sorted(points, key=lambda p: (p[0] == "", p[0]))

    def folded_sources(self, per_source: dict[str, dict]) -> str:
        """The sources beyond the table, by id with their counts (built here: a template loop
        over 100,000 sources takes seconds)."""
        from markupsafe import Markup, escape
        out = []
        for sid in self.sources_ranked[self.sources_shown:]:
            n, name = per_source[sid], escape(sid)
            shown = f'<a href="#source={name}">{name}</a>' if n["discrepancies"] else str(name)
            out.append(f"{shown} ({n['claims']}/{n['discrepancies']})")
        return Markup(", ".join(out))

    def source_numbers(self, d: dict) -> str:
        return " ".join(str(n) for n in sorted({self.number[s] for v in d["values"] for s in v["sources"]
                                                 if s in self.number}))


def render_html(data: dict) -> str:
    import base64
    import hashlib
    from markupsafe import Markup
    env = Environment(loader=PackageLoader("provenance", "report/templates"), trim_blocks=True, lstrip_blocks=True,
                      autoescape=select_autoescape(default=True, default_for_string=True))
    # one script, allowed by its hash: the sortable tables' and the filters'
    script = "\n".join(env.loader.get_source(env, name)[0] for name in ("sortable.js", "filter.js"))
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return env.get_template("index.html.j2").render(data=data, view=PageView(data), script=Markup(script),
                                                    script_hash=f"sha256-{digest}")


def _accepted(out_dir: Path) -> dict[str, dict]:
    """The contradictions accepted in the folder's baseline (reports/accepted.csv), if readable."""
    from ..review import read_accepted
    from ..plumbing import ProvenanceError
    try:
        return read_accepted(out_dir / "accepted.csv")
    except ProvenanceError:
        return {}


def write_reports(comparison: Comparison, sources: dict[str, dict], texts: dict[str, str], out_dir: Path,
                  rejected: int = 0, lang: str | None = None, in_file: int | None = None) -> list[Path]:
    """Write the four reports, their prose in `lang` (by default the language they are already
    written in, else English); returns their paths. Reports whose content did not change keep
    their time of generation, so a re-run leaves them byte for byte as they were."""
    out_dir = Path(out_dir)
    lang = lang or reports_language(out_dir)
    phrases(lang)  # an unknown language stops here, before anything is written
    # the audit is worked out beside the rest of the data and its JSON (a large report's, forked)
    with _workers(sum(len(v.claim_ids) for d in comparison.discrepancies for v in d.values)
                  + len(comparison.corroborations)).beside(audit_of, (comparison, sources, lang)) as audit:
        data = report_data(comparison, sources, texts, _accepted(out_dir), rejected, lang, in_file, audit=False)
        head = json_head(data)
        data["audit"] = audit()
    rendered = rendered_json(out_dir, data, head)  # first: it may take the earlier time of generation
    del head  # most of the JSON again: not kept while the others are rendered
    others = _render(data, {"discrepancies.csv": render_csv, "discrepancies.md": render_markdown,
                            "index.html": render_html})
    files = {"discrepancies.json": rendered, **{name: others[name] for name in
                                                ("discrepancies.md", "discrepancies.csv", "index.html")}}
    # a folder holding only the accepted baseline (committed while the reports are not) is ours
    atomic_write_folder(out_dir, files, companions=("accepted.csv",))
    return [out_dir / name for name in files]


PARALLEL_QUOTES = 20_000  # a report quoting fewer claims than this is rendered in one process


def _render(data: dict, renderers: dict) -> dict[str, str]:
    """Each file rendered from the data; a large report's files in forked processes at once
    (the first one here), each process on its own core."""
    quotes = sum(len(v["quotes"]) for d in data["discrepancies"] for v in d["values"]) + len(data["corroborations"])
    return dict(zip(renderers, _workers(quotes).map_shared(_render_one, list(renderers.values()), data)))


def _workers(quotes: int):
    """One process for a report quoting fewer than `PARALLEL_QUOTES` claims, else every core."""
    import os
    from ..workers import Local
    return Local((os.cpu_count() or 1) if quotes >= PARALLEL_QUOTES else 1)


def _render_one(data: dict, render) -> str:
    return render(data)
