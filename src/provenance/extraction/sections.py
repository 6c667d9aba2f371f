"""Sections of an infobox flattened into lines: a label line ("Strength", "Force", "Effectifs")
then one line per side, the side named on its own line ("Australie :" / "7 200 soldats") or at
the start of the figure's line ("South Ossetia 18,000 including reservists"). The label says what
the figures count, the side whose they are: a troop count by country.

And the lines of a list or table of an organisation's members, each a country and the date it
joined ("- Namibie - 31 mars 1990", "1  Algérie 16 août 1962 Alger …").
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from ..claims import Claim
from .document import Document
from .emit import Reading, make_claim, police_side
from .layouts import infobox_label
from .number_reader import Figure
from .resolve import noun_after
from .text import Sentence

SECTION_ATTRIBUTES = ("troops_deployed",)  # the sections whose lines are counts by country
MEMBER_CONTEXT = 1500  # how far back the members a list's lines are of must be named
LIST_MARK = re.compile(r"[\s\d.)•*·|–—-]*")
DATE_GAP = re.compile(r"[\s:|–—(-]*")
LEAD_REACH = 16   # "Georgia (country) 37,000", "Russia Est. at least 15,000": what may stand between
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Section:
    """Where a walk over a document's lines stands: the section's attribute and the side named last."""
    attribute: str = ""
    side: str = ""

    def read(self, doc: Document, sent: Sentence, figs: list[Figure]) -> tuple["Section", list[Claim] | None]:
        """The section after a line, and the line's claims (None: not a line of a section, read it
        as any other)."""
        if not sent.is_line:
            return Section(), None
        text = doc.view[sent.start:sent.end].strip()
        if not figs:
            label = doc.lang.infobox.get(infobox_label(text.rstrip(":").strip()))
            if label:
                return Section(label), None
            if self.attribute and _only_countries(doc, sent):
                return Section(self.attribute, doc.in_span("country", sent.start, sent.end)[0].id), []
            return (Section() if text else self), None  # another heading ("Casualties and losses") ends it
        if self.attribute not in SECTION_ATTRIBUTES:
            return self, None
        fig = next((f for f in figs if f.kind == "count" and not f.year_like), None)
        side = (_leading_country(doc, sent, fig) or self.side) if fig else ""
        rule = doc.lang.rule_by_attribute.get(self.attribute)
        if not side or rule is None:
            return self, None
        noun = noun_after(doc, fig, sent.end)
        if not noun.none and not noun.classes & set(rule.nouns):
            return self, None
        subject_id = doc.subject_name(rule.subject, sent)
        scope = police_side({"country": side}, noun.classes, rule.attribute)
        return self, [make_claim(doc, rule, subject_id, Reading.of(rule.attribute, fig), scope,
                                 (sent.start, sent.end), f"{doc.lang.code}.{rule.attribute}.section", fig)]


def _only_countries(doc: Document, sent: Sentence) -> bool:
    """A line that names a country and nothing else ("Australie :", "Russia Russia")."""
    named = doc.in_span("country", sent.start, sent.end)
    if not named or len({e.id for e in named}) != 1:
        return False
    covered = bytearray(sent.end - sent.start)
    for e in named:
        covered[e.start - sent.start:e.end - sent.start] = b"\x01" * (e.end - e.start)
    return not any(_LETTERS.match(ch) and not covered[i] for i, ch in enumerate(doc.view[sent.start:sent.end]))


def _leading_country(doc: Document, sent: Sentence, fig: Figure) -> str:
    """The country a line opens with, right before its figure ("South Ossetia 18,000")."""
    named = doc.in_span("country", sent.start, fig.start)
    if not named or not LIST_MARK.fullmatch(doc.view, sent.start, named[0].start):  # "  • Comores 500"
        return ""
    if len({e.id for e in named}) != 1:
        return ""
    between = doc.view[named[-1].end:fig.start]
    return named[0].id if len(between) <= LEAD_REACH and not _DIGIT.search(between) else ""


def member_date_line(doc: Document, sent: Sentence, figs: list[Figure]) -> list[Claim]:
    """"- Namibie - 31 mars 1990": a line that opens with a country and the full date after it, in a
    list of an organisation's members (its members named just before): that country joined then."""
    rule = doc.lang.rule_by_attribute.get("member_joined")
    members = doc.lang.noun_words.get("members")
    if not sent.is_line or sent.is_table_row or rule is None or members is None or not doc.main_org:
        return []
    dates = [f for f in figs if f.kind == "date" and len(f.value) >= 7]
    named = doc.in_span("country", sent.start, sent.end)
    if not dates or not named or len({e.id for e in named}) != 1:
        return []
    first, date = named[0], dates[0]
    if not LIST_MARK.fullmatch(doc.view, sent.start, first.start) or first.end > date.start \
            or not DATE_GAP.fullmatch(doc.view, first.end, date.start):
        return []
    lo = max(0, sent.start - MEMBER_CONTEXT)
    names = [(e.start, e.end) for e in doc.in_span("org", lo, sent.start)]
    if not any(not any(a <= m.start() < b for a, b in names) for m in members.finditer(doc.view, lo, sent.start)):
        return []  # no members named before ("Nations" in an organisation's name is none)
    return [make_claim(doc, rule, doc.main_org, Reading.of(rule.attribute, date), {"country": first.id},
                       (first.start, date.end), f"{doc.lang.code}.member_joined.list", date)]
