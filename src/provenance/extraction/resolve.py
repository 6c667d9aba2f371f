"""Who and what a figure is about: a `Mention` (the figure, its noun, its sentence and segment,
the table cell it stands in) and small resolvers that answer from it, each a function of a few
lines: the subject, the countries, the claimant, the aside that holds the figure.

The country resolvers are tried in the order the language's rules name ([resolve] country,
default `language.COUNTRY_ORDER`); each answers a list of country ids, or None to pass.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

import regex as re  # its long alternations of phrases run several times faster than re's

from .attributes import registry
from .document import Document, Hits
from .language import find_figures
from .moments import SINCE_REACH
from .frames import agent
from .owners import force_of, operation_named, operation_of, organisation
from .number_reader import Figure
from .rules import ClaimRule
from .text import Sentence

NOUN_REACH = 80          # how far after a figure its noun may end
DISTRIBUTIVE_REACH = 60  # "… chacun" this close after the figure
CONTRIBUTOR_REACH = 40   # "Russia contributed about 1,500": the country this close before
ANAPHORA_REACH = 2000    # "ces trois pays" looks this far back
CLAUSE_PENALTY = 100     # a clause between a cue and its figure counts as this many characters

_OPEN_BRACKET = re.compile(r"\s*\(\s*")
_SLASH_OR_COMMA = re.compile(r"\s*[/,]\s*")


@dataclass(frozen=True)
class Noun:
    """The noun right after a figure: whose count it is."""
    classes: frozenset = frozenset()  # of the rules' noun classes, "group" and "persons"; empty: no noun
    end: int = 0                      # end of the noun phrase in the view
    group: str = ""                   # the group id when the noun names a group
    inherited: bool = False           # the noun of the figure this one is a part of ("of which 30,000")
    start: int = -1                   # where a noun read before the figure starts ("a force of 35,000")

    @property
    def none(self) -> bool:
        return not self.classes


@dataclass(frozen=True)
class Cell:
    """A table cell: the organisation its column names and the country its row names."""
    org: str
    country: str


@dataclass(frozen=True)
class Mention:
    fig: Figure
    sent: Sentence
    noun: Noun = field(default_factory=Noun)
    segment: tuple[int, int] = (0, 0)  # from the figure's end to the next figure or the clause's end
    cell: Cell | None = None


def unique(ids) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return out


def noun_after(doc: Document, fig: Figure, segment_end: int) -> Noun:
    """The noun phrase right after a figure, by class ("2 500 parachutistes" is troops)."""
    found = doc.lang.nouns.after(doc.view, fig.end, min(segment_end, fig.end + NOUN_REACH))
    if found is None:
        return Noun(frozenset(), fig.end)
    classes, group = set(found.classes), ""
    if found.group_alias:
        group = doc.lang.group_lookup.get(found.group_alias, "")
        if not group:
            classes.add("persons")
    return Noun(frozenset(classes), found.end, group)


# -- the subject ------------------------------------------------------------------------------------
def subject(doc: Document, rule: ClaimRule, m: Mention) -> str | None:
    """What the claim is about; None when the rule requires a subject and none is named."""
    if m.cell and rule.subject == "org":
        return m.cell.org
    if "operation" in rule.require:
        return operation_named(doc, m)
    if rule.subject == "event":
        return doc.subject_name("event", m.sent, own_year(doc, m), m.fig.start)
    if rule.subject == "operation":
        return doc.subject_name("operation", m.sent)
    required = "subject" in rule.require
    if registry().get(rule.attribute).dated:
        force = force_of(doc, m) or (operation_of(doc, m) if rule.attribute in doc.lang.operation_attributes else "")
        if force:
            return force
    if rule.subject == "treaty":
        treaties = {e.id for e in doc.in_span("treaty", m.sent.start, m.sent.end)}
        if len(treaties) != 1:  # none, or two ("signataires du TSC signèrent une Charte"): which was signed?
            return None if required else ""
        return treaties.pop()
    return organisation(doc, m, required)


EVENT_YEAR_REACH = 60  # "another 1,000 displaced during a clash in 2022": the toll's event, then its year


def own_year(doc: Document, m: Mention) -> str:
    """The year of another event a toll's own sentence names: its own clause's event and year
    after it ('another 1,000 displaced during a clash in 2022'), else a year before it ('In 2010,
    riots in Osh killed 893'); '' when the sentence names none but the document's."""
    year = _event_year_after(doc, m) or doc.year_before(m.fig.start, m.sent.start)
    return year if year and year != doc.year else ""


def _event_year_after(doc: Document, m: Mention) -> str:
    """A year closing the toll's own clause after an event word ('… displaced during a clash in
    2022'): the toll is that event's, not the one the sentence or the document opened with."""
    end = min(m.sent.end, m.fig.end + EVENT_YEAR_REACH)
    years = [f for f in doc.dated_in(m.fig.end, end) if f.bound != "range"][:1]
    if not years or doc.index(m.sent).has_clause(m.fig.end, years[0].start):
        return ""
    if doc.lang.since and doc.lang.since.search(doc.view, max(m.fig.end, years[0].start - SINCE_REACH), years[0].start):
        return ""  # "the worst violence since 1949": where a comparison starts, not the toll's event
    between = (m.fig.end, years[0].start)
    named = any(pattern.search(doc.view, *between) for _, pattern in doc.event_kinds_in(*between))
    return years[0].value[:4] if named else ""


# -- countries --------------------------------------------------------------------------------------
Resolver = Callable[[Document, ClaimRule, Mention, list], "list[str] | None"]


def countries(doc: Document, rule: ClaimRule, m: Mention) -> list[str]:
    """The countries a figure is for, by the first resolver that answers."""
    named = doc.in_span("country", m.sent.start, m.sent.end)
    for name in doc.lang.country_order:
        found = COUNTRY_RESOLVERS[name](doc, rule, m, named)
        if found is not None:
            return found
    return []


def _table_cell(doc, rule, m, named):
    return [m.cell.country] if m.cell else None


_LINE_LEAD = re.compile(r"[\s\d.)•*·|–—-]*")
_LEAD_GAP = re.compile(r"\s*[–—-]\s")  # a dash: "Lebanon: UN force reaches 10,500" is a headline


def _line_lead(doc, rule, m, named):
    """"- Austria – 160 troops, 50 special forces": a list line that opens with a country and a
    dash is that country's, every figure on it (a contributor's own line)."""
    if rule.subject != "operation" or not m.sent.is_line or not named or named[0].end > m.fig.start:
        return None
    first = named[0]
    if not _LINE_LEAD.fullmatch(doc.view, m.sent.start, first.start) or not _LEAD_GAP.match(doc.view, first.end):
        return None
    return [first.id] if len({e.id for e in named}) == 1 else None


def _distributive(doc, rule, m, named):
    """"entre 100 et 200 personnes chacun", "Belarus, Armenia and Tajikistan each sent": each one."""
    fig, pattern = m.fig, doc.lang.distributive
    before = [e for e in named if e.end <= fig.start]
    if not (pattern and before):
        return None
    if pattern.search(doc.view[fig.end:min(m.segment[1], fig.end + DISTRIBUTIVE_REACH)]) \
            or pattern.search(doc.view[before[-1].end:fig.start]):
        ids = unique(e.id for e in before)
        return ids if len(ids) >= 2 else None
    return None


def _bracketed_date(doc, rule, m, named):
    """"l'Azerbaïdjan (24 septembre 1993)": a country and its date in brackets."""
    for e in named:
        if e.end <= m.fig.core_start and _OPEN_BRACKET.fullmatch(doc.view, e.end, m.fig.core_start):
            return [e.id]
    return None


def _contributors(doc, rule, m, named):
    """Whose troops: country words in or right after the noun phrase ("2,500 Russian paratroopers",
    "parachutistes de Russie, de Biélorussie"), else the country just before ("Russia sent 1,500")."""
    if rule.subject != "operation":
        return None
    view, fig = doc.view, m.fig
    ids = [e.id for e in doc.in_span("country", fig.end, m.noun.end)]
    if not ids and 0 <= m.noun.start < fig.start:  # "Le contingent marocain, fort de 732 hommes": the noun before
        ids = [e.id for e in doc.in_span("country", m.noun.start, fig.start) if not doc.is_locative(e, m.noun.start)]
    position = m.noun.end
    for e in doc.in_span("country", m.noun.end, m.segment[1]):
        if not doc.lang.grammar.nationality_glue.fullmatch(view[position:e.start]):
            break
        ids.append(e.id)
        position = e.end
    ids = unique(ids)
    if ids:
        return ids if len(ids) == 1 else []
    before = [e for e in named if e.end <= fig.start and (fig.start - e.end <= CONTRIBUTOR_REACH or _opens(doc, m, e))
              and not doc.is_locative(e, floor=m.sent.start)
              and not doc.lang.grammar.clause_break.search(view[e.end:fig.start])]
    if before:
        return [before[-1].id]
    # "30,000 were provided by Syria": a country the clause names after the figure (frames.agent)
    found = agent(view, doc.lang.code, doc.lang.frames, rule, named, max(fig.end, m.noun.end), CONTRIBUTOR_REACH)
    return [found] if found else []


def _opens(doc: Document, m: Mention, e) -> bool:
    """The country is the subject its sentence opens with ("The Government of Pakistan has decided
    to deploy a brigade-size contingent of over 4,000 troops"), however far from the figure."""
    return len(doc.view[m.sent.start:e.start].split()) <= SUBJECT_WORDS


def _anaphora(doc, rule, m, named):
    """"ces trois pays": the last countries named."""
    sent = m.sent
    for pattern in doc.lang.country_anaphora:
        found = pattern.search(doc.view, sent.start, sent.end)
        n = _number_word(found.group(1), doc.lang.code) if found else None
        if n:
            earlier = [e.id for e in doc.in_span("country", max(0, sent.start - ANAPHORA_REACH), sent.start)][::-1]
            picked = unique(earlier)[:n]
            if len(picked) == n:
                return picked[::-1]
    return None


def _none_named(doc, rule, m, named):
    return [] if not named else None


def _membership_range(doc, rule, m, named):
    """"membre du GUAM de 1999 à 2005" after a country: that country's period."""
    if not (registry().get(rule.attribute).period and m.fig.bound == "range"):
        return None
    before = [e for e in named if e.end <= m.fig.start]
    return [before[-1].id] if before else None


def _aside(doc, rule, m, named):
    """"l'Ouzbékistan (qui a réintégré l'Organisation en 2006)": the country the aside is about."""
    span = aside(doc, m.sent, m.fig)
    if not span:
        return None
    inside = [e for e in named if span[0] <= e.start < span[1] and e.end <= m.fig.start]
    before = [e for e in named if e.end <= span[0]]
    return [(inside or before)[-1].id] if (inside or before) else None


def _coordinated(doc, rule, m, named):
    """"Azerbaijan, Georgia and Uzbekistan refused to renew": the coordinated subjects."""
    if not registry().get(rule.attribute).repeats_with or not named:
        return None
    runs: list[list] = []
    for e in named:
        if runs and doc.lang.list_glue.match(doc.view[runs[-1][-1].end:e.start]):
            runs[-1].append(e)
        else:
            runs.append([e])
    fig = m.fig
    pool = [r for r in runs if r[-1].end <= fig.start] or runs  # the subject usually comes first
    run = min(pool, key=lambda r: min(abs(r[0].start - fig.start), abs(r[-1].end - fig.start)))
    return unique(e.id for e in run) if len(run) > 1 else None


def _nearest(doc, rule, m, named):
    if not named:
        return []
    before = [e for e in named if e.end <= m.fig.start]
    return [before[-1].id] if before else [named[0].id]


COUNTRY_RESOLVERS: dict[str, Resolver] = {
    "table_cell": _table_cell, "line_lead": _line_lead, "distributive": _distributive, "bracketed_date": _bracketed_date,
    "contributors": _contributors, "anaphora": _anaphora, "none_named": _none_named,
    "membership_range": _membership_range, "aside": _aside, "coordinated": _coordinated, "nearest": _nearest,
}


def _number_word(word: str, code: str) -> int | None:
    if word.isdigit():
        return int(word)
    figs = find_figures(word, code)
    if figs and figs[0].number and figs[0].kind == "count":
        return int(figs[0].number)
    return None


# -- the figure's surroundings ------------------------------------------------------------------------
def aside(doc: Document, sent: Sentence, fig: Figure) -> tuple[int, int] | None:
    """The bracketed aside holding the figure, unless the brackets hold nothing but it."""
    index = doc.index(sent)
    open_at = index.open_before(fig.core_start)
    if open_at is None:
        return None
    close = index.close_from(fig.core_end, sent.end)
    if not (index.has_word(open_at + 1, fig.core_start) or index.has_word(fig.core_end, close)):
        return None  # "(24 septembre 1993)", "(1992-1999/2006-2012)": a date attached to what precedes
    return (open_at, close)


def cue_distance(doc: Document, fig: Figure, start: int, end: int, sent: Sentence | None = None) -> float:
    """Characters between a cue and the figure, plus a clause's worth when a clause lies between."""
    a, b = (end, fig.start) if end <= fig.start else (fig.end, start)
    gap = max(0, b - a)
    if sent is not None:
        clause = doc.index(sent).has_clause(a, b)
    else:
        clause = bool(doc.lang.grammar.clause_gap.search(doc.view[a:b]))
    return gap + (CLAUSE_PENALTY if clause else 0)


def nearest(found: "Hits", fig: Figure, lo: int = 0, hi: int | None = None) -> list:
    """Of a sentence's cue matches (those from `lo` to `hi`), the nearest ending before the figure
    and the nearest after it: no other is closer, nor has fewer clauses between (text order)."""
    hi = len(found.matches) if hi is None else hi
    k = bisect.bisect_right(found.ends, fig.start, lo, hi)
    return ([found.matches[k - 1]] if k > lo else []) + ([found.matches[k]] if k < hi else [])


def claimant(doc: Document, sent: Sentence, fig: Figure) -> str:
    """Who gives the figure: the official / unofficial cue nearest to it in its sentence."""
    hits = []
    for name, pattern in (("unofficial", doc.lang.unofficial), ("official", doc.lang.official)):
        if pattern:
            hits += [(cue_distance(doc, fig, h.start(), h.end(), sent), name)
                     for h in nearest(doc.matches(pattern, sent), fig)]
    return min(hits)[1] if hits else ""


SUBJECT_WORDS = 4     # "The Government of Pakistan": the words before a country that opens its sentence
def period_cue(doc: Document, sent: Sentence, fig: Figure, previous: Figure | None,
               previous_was_period: bool) -> tuple[int, int] | None:
    """The cue of a range of years that is a period of membership ('(membre de 1992 à 1999',
    'Ouzbékistan (1992-1999'), or the figure itself when no word says so; None: not a period."""
    if fig.kind != "year" or fig.bound != "range":
        return None
    view = doc.view
    pattern = doc.lang.period_before
    found = pattern.search(view, max(sent.start, fig.start - 40), fig.start) if pattern else None
    if found and found.end() >= fig.start - 3:
        return (found.start(), found.end())
    if previous is not None and previous_was_period and _SLASH_OR_COMMA.fullmatch(view, previous.end, fig.start):
        return (fig.start, fig.end)
    if any(e.end <= fig.start and _OPEN_BRACKET.fullmatch(view, e.end, fig.start)
           for e in doc.in_span("country", sent.start, fig.start)):
        return (fig.start, fig.end)
    return None
