"""Encyclopedic layouts, each a small pass over one line: infobox lines ('Création<TAB>7 octobre
2002', 'Deaths: 42', '| Founded | 1992 |'), tables whose rows are countries and whose columns
name organisations, and lists of members ('Elle regroupe l'Arménie, la Biélorussie …').
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Iterator

import regex as re  # its long alternations of phrases run several times faster than re's


from .attributes import registry
from ..claims import Claim
from .document import Document
from .emit import Reading, make_claim
from .language import norm
from .number_reader import Figure
from .resolve import Cell, Mention, noun_after, subject, unique
from .rules import LETTER, ahead
from .text import Sentence

_INFOBOX_LINE = re.compile(r"^\s*\|?\s*([^\t:|]{2,40}?)\s*(?:\t+|\s*:\s+|\s*\|\s*)(.+?)\s*\|?\s*$")
_LABEL_DECORATION = re.compile(r"^[-•*\s]+|\d+$")
_LETTER = re.compile(LETTER)
LIST_COUNT_REACH = 60  # a figure this close after a list cue states the count itself
PARTIAL_REACH = 15     # "also includes": these characters around the cue
MIN_LISTED = 3


def _count(start: int, end: int, n: int) -> Figure:
    """A count that no numeral states: the number of countries listed between start and end."""
    return Figure(start, end, start, end, "count", str(n), str(n), str(n), "exact", Decimal(n))


def infobox(doc: Document, sent: Sentence, figs: list[Figure]) -> list[Claim]:
    """The claim of an infobox line whose label the rules know; [] for any other line."""
    if not sent.is_line:
        return []
    line = doc.view[sent.start:sent.end]
    found = _INFOBOX_LINE.match(line)
    attribute = doc.lang.infobox.get(infobox_label(found.group(1))) if found else None
    if attribute is None and doc.lang.infobox_line:
        found = doc.lang.infobox_line.match(line)
        attribute = doc.lang.infobox.get(infobox_label(found.group(1))) if found else None
    rule = doc.lang.rule_by_attribute.get(attribute) if attribute else None
    if rule is None:
        return []
    value_start = sent.start + found.start(2)
    cell = [f for f in figs if f.core_start >= value_start] or _reread(doc, value_start, sent.end)
    subject_id = doc.subject_name(rule.subject, sent) if rule.subject in ("event", "operation") else doc.main_org
    if not subject_id:
        return []  # an infobox of what? no organisation is named in the source
    method = f"{doc.lang.code}.{attribute}.infobox"
    span = (sent.start, sent.end)
    if registry().get(attribute).from_list and not cell:
        listed = unique(e.id for e in doc.in_span("country", value_start, sent.end))
        if len(listed) >= 2:
            fig = _count(value_start, sent.end, len(listed))
            return [make_claim(doc, rule, subject_id, Reading.of(attribute, fig), {}, span, method, fig)]
    # "15 May 1992 (treaty) 7 October 2002 (organization)": the figure the label does not set aside
    skip = doc.lang.infobox_skip
    usable = [f for f in cell if not (skip and skip.match(doc.view, f.end, ahead(f.end)))]
    if not usable:
        return []
    fig = usable[0]
    if rule.value in ("date", "year") and fig.kind not in ("year", "date"):
        return []
    noun = noun_after(doc, fig, sent.end)
    if rule.nouns and not noun.none and not noun.classes & set(rule.nouns):
        return []  # "Strength2: Thousands of protesters": the label's count, but of something else
    if rule.subject == "org":  # "Création | (succède au groupe de Shanghai fondé le 26 avril 1996)"
        named = [e for e in doc.in_span("org", value_start, fig.start) if e.id]
        subject_id = named[-1].id if named else subject_id
    if rule.value == "count" and fig.kind in ("date", "day", "measure"):  # "Pertes : 2 millions d'euros"
        return []
    return [make_claim(doc, rule, subject_id, Reading.of(attribute, fig), {}, span, method, fig)]


def infobox_label(text: str) -> str:
    """An infobox label as the rules name it: '- Strength1' (a list item, a side's number) is 'strength'."""
    return norm(_LABEL_DECORATION.sub("", text))


def _reread(doc: Document, start: int, end: int) -> list[Figure]:
    """The figures of a value glued to its label ('Arrested1,500+'), read on their own."""
    return [replace(f, start=f.start + start, end=f.end + start, core_start=f.core_start + start,
                    core_end=f.core_end + start, range_parts=())
            for f in doc.lang.numbers.find(doc.view[start:end]) if f.bound != "range"]


def cells(view: str, sent: Sentence) -> list[tuple[int, int]]:
    """The tab-separated cells of a table row, as spans (blank cells kept, so columns line up)."""
    line_end = view.find("\n", sent.line_start)
    line_end = len(view) if line_end < 0 else line_end
    out, start = [], sent.line_start
    for i, ch in enumerate(view[sent.line_start:line_end], start=sent.line_start):
        if ch == "\t":
            out.append((start, i))
            start = i + 1
    out.append((start, line_end))
    return out


def table_cells(doc: Document, sent: Sentence, figs: list[Figure],
                header: list[tuple[int, int]]) -> Iterator[tuple[Sentence, list[Figure], Cell]]:
    """The cells of a table row to read like sentences, each with the organisation its column
    names and the country its row names. A column that names no organisation, or a treaty
    first (ratification dates), is not read; nor is a row that names no single country."""
    row = cells(doc.view, sent)
    countries = doc.in_span("country", *row[0]) if row else []
    if len(countries) != 1:
        return
    for i, (a, b) in enumerate(row[1:], start=1):
        if i >= len(header):
            break
        named = sorted(doc.in_span("org", *header[i]) + doc.in_span("treaty", *header[i]), key=lambda e: e.start)
        if not named or named[0].kind != "org":
            continue
        cell_figs = [f for f in figs if a <= f.core_start < b]
        if cell_figs:
            yield Sentence(a, b, sent.line_start, False, False), cell_figs, Cell(named[0].id, countries[0].id)


def member_list(doc: Document, sent: Sentence, figs: list[Figure]) -> list[Claim]:
    """'Elle regroupe l'Arménie, la Biélorussie … et le Tadjikistan': a count from the list."""
    lang = doc.lang
    if not lang.list_cues or not lang.list_counted or len(doc.in_span("country", sent.start, sent.end)) < MIN_LISTED:
        return []
    rule = lang.rule_by_attribute[sorted(lang.list_counted)[0]]
    out = []
    for cue in lang.list_cues.finditer(doc.view, sent.start, sent.end):
        if any(f.start >= cue.end() and f.start - cue.end() < LIST_COUNT_REACH for f in figs):
            continue  # a figure states the count: the rule on figures reads it
        around = doc.view[max(sent.start, cue.start() - PARTIAL_REACH):cue.end() + PARTIAL_REACH]
        if lang.partial_list and lang.partial_list.search(around):
            continue  # "also includes": some of the members, not all
        ids, position = _listed(doc, cue.end(), sent.end)
        if len(ids) < MIN_LISTED:
            continue
        fig = _count(cue.start(), position, len(ids))
        subject_id = subject(doc, rule, Mention(fig, sent))
        if subject_id is not None:
            out.append(make_claim(doc, rule, subject_id, Reading.of(rule.attribute, fig), {},
                                  (cue.start(), position), f"{lang.code}.{rule.attribute}.list", fig))
    return out


def _listed(doc: Document, start: int, end: int) -> tuple[list[str], int]:
    """The countries listed from start on, joined only by list glue; and where the list ends."""
    position = start
    listed = []
    for e in doc.in_span("country", start, end):
        if not doc.lang.list_glue.match(doc.view[position:e.start]):
            break
        listed.append(e.id)
        position = e.end
    return unique(listed), position


HEADER_REACH = 3      # lines above a contributors table where its header may stand
MIN_PAIRS = 2


def _only_names(doc: Document, sent: Sentence, kind: str) -> list:
    """The mentions of a line that holds nothing but them (a table's row label)."""
    found = doc.in_span(kind, sent.start, sent.end)
    if not found or not sent.is_line:
        return []
    rest = doc.view[sent.start:sent.end]
    for e in found:
        rest = rest.replace(doc.view[e.start:e.end], " ")
    return [] if _LETTER.search(rest) else found


def _count_alone(doc: Document, sent: Sentence, figs: list[Figure]) -> Figure | None:
    """A line that opens with a count standing alone ('300', '1,800[7]', '120 - Engineer Company')."""
    if not sent.is_line or not figs or figs[0].kind != "count" or figs[0].year_like or figs[0].start != sent.start:
        return None
    after = doc.view[figs[0].end:sent.end].strip()
    return figs[0] if not after or after[0] in "-–(" else None


def contributor_tables(doc: Document, figures: list[list[Figure]]) -> tuple[list[Claim], set[int]]:
    """'Benin' on one line, '300' on the next, under a header naming troops ('Country Personnel'):
    each country's contribution; a row naming the organisation or mission is the total. Returns
    the claims and the sentences read."""
    rule = doc.lang.contributor_rule
    troops = doc.lang.noun_words.get("troops")
    if rule is None or troops is None:
        return [], set()
    claims, used = [], set()
    sents = doc.sentences
    i = 0
    while i + 1 < len(sents):
        pairs = []
        j = i
        while j + 1 < len(sents):
            label = _only_names(doc, sents[j], "country") or _only_names(doc, sents[j], "org")
            count = _count_alone(doc, sents[j + 1], figures[j + 1]) if label else None
            if not label and not _count_alone(doc, sents[j], figures[j]) and j > i:
                break
            if label and count:
                pairs.append((j, label, count))
                j += 2
            elif label and pairs:  # 'Burundi' / 'unknown', 'Gambia' / '1 platoon': a row without a count
                next_is_label = _only_names(doc, sents[j + 1], "country") or _only_names(doc, sents[j + 1], "org")
                j += 1 if next_is_label else 2
            elif label and not figures[j + 1]:
                j += 2
            else:
                break
        if len(pairs) >= MIN_PAIRS and i and troops.search(doc.view, sents[max(0, i - HEADER_REACH)].start,
                                                          sents[i].start):
            claims += [_contribution(doc, rule, sents, k, label, fig) for k, label, fig in pairs]
            used |= {k for k, _, _ in pairs} | {k + 1 for k, _, _ in pairs}
            i = j
        else:
            i += 1
    return claims, used


def _contribution(doc: Document, rule, sents: list[Sentence], k: int, label: list, fig: Figure) -> Claim:
    quals = {"country": label[0].id} if label[0].kind == "country" else {}
    subject_id = doc.subject_name("operation", sents[k])
    return make_claim(doc, rule, subject_id, Reading.of(rule.attribute, fig), quals, (sents[k].start, fig.end),
                      f"{doc.lang.code}.{rule.attribute}.table", fig)
