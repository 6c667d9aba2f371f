"""When a figure holds: the moment a word near it places it at ('earlier', 'later', 'peak',
'planned'), the date its sentence gives it, the year its sentence opens with. A figure with a
moment is compared with figures of the same moment only: a series (troops, members) is a
timeline, not a contradiction.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Document
from .lemmas import tokens
from .number_reader import Figure
from .text import Sentence

if TYPE_CHECKING:
    from .resolve import Mention

MOMENT_REACH = 90   # characters before a figure a word may mark it as earlier
SERIES_MOMENT_REACH = 40  # ... and as later, at the peak or planned, in its own clause


def moment(doc: Document, m: "Mention", series: bool = False) -> str:
    """'earlier' when a word near the figure says it was superseded or came first ('the previous
    toll was 164'); for a count that rises and falls (`series`: troops, not tolls), 'later', 'peak',
    'planned' or 'added' (reinforcements, before the figure or in its noun phrase) when its own
    clause (or an opening 'At its peak,') says so, 'earlier' for the strength a force is created
    with; else ''."""
    lo, hi = max(m.sent.start, m.fig.start - MOMENT_REACH), max(m.segment[1], m.fig.end)
    index, opening = doc.index(m.sent), m.sent.start
    for when, pattern in doc.lang.moments:
        if when == "earlier":
            if pattern.search(doc.view, lo, hi):
                return when
        elif series:  # a series' moment only in the figure's own clause, close by: not "Senegal, which still leads …"
            noun_end = max(m.noun.end, m.fig.end)
            for found in pattern.finditer(doc.view, max(lo, m.fig.start - SERIES_MOMENT_REACH), hi):
                if found.end() <= m.fig.start and (not index.has_clause(found.end(), m.fig.start)
                                                   or len(doc.view[opening:found.start()].split()) <= 1) \
                        or found.start() >= m.fig.end and not index.has_clause(noun_end, found.start()) \
                        and (when != "added" or found.start() <= noun_end + 1):  # "500 extra troops", not "… after
                    return when                                                # an additional 2,000 arrived"
    return "earlier" if series and created_with(doc, m) else ""


CREATED_REACH = 60  # "décide de créer une force militaire conjointe de 10 000": the verb this close before


def created_with(doc: Document, m: "Mention") -> bool:
    """The count a force is created with ("décide de créer une force … de 10 000 soldats",
    "established the force with 6,411 troops"): a creating verb in the figure's own clause, its
    object right after it, leading to the figure by "of" or "with"; its first strength, not a count of today's ("la force créée par l'ONU
    compte 10 000", "The CSTO, created in 2002, sent 2,500")."""
    if not doc.lang.created:
        return False
    words = tokens(doc.view, max(m.sent.start, m.fig.start - CREATED_REACH), m.fig.start, doc.lang.code)
    at = max((i for i, t in enumerate(words) if t.lemma in doc.lang.created), default=None)
    if at is None or at + 1 >= len(words) or doc.index(m.sent).has_clause(words[at].end, m.fig.start):
        return False
    said = [doc.view[t.start:t.end].lower() for t in words]
    # its object next ("créer une force", "established the force"), not "créée par l'ONU", and
    # nothing of today's between ("… dispose aujourd'hui de 12 000")
    return said[at + 1].rstrip("'’") in doc.lang.created_objects and said[-1] in doc.lang.created_leads \
        and not doc.lang.current_words.intersection(said[at + 1:])


def as_of(doc: Document, sent: Sentence, fig: Figure, before_only: bool = False) -> str:
    """The date a toll's own sentence gives it ('au 21 juillet, 164 morts', 'as of January 15,
    2022'): the date nearest before the figure, else after it; a day without a year takes the
    events' year (_day_of). A date after
    'since' / 'depuis' is where a count starts, not its moment; '' when none. `before_only`: a
    date after the figure is a note on it ("2 250 soldats … arrivé au Mali en février 2013"), not
    its moment, nor is a month (troop counts: only a day sets a figure apart)."""
    found = doc.dates_in(sent.start, sent.end)
    before = [d for d in found if d.end <= fig.start]
    candidates = before[-1:] + ([] if before_only else [d for d in found if d.start >= fig.end][:1])
    for d in candidates:
        if doc.lang.since and doc.lang.since.search(doc.view, max(sent.start, d.start - SINCE_REACH), d.start):
            continue
        if before_only and (d.kind == "date" and len(d.value) < 10 or not opens_sentence(doc, sent, d)):
            return ""  # a month, or a date in an aside ("The mission, created on 19 January 2017, has …")
        if d.kind == "date":
            return d.value
        if before_only:
            return d.low  # a day with no year names its moment without guessing the year: '01-31'
        return _day_of(doc, d)
    return ""


def _day_of(doc: Document, d: Figure) -> str:
    """A day without a year ('On 15 January'): of the year of the events told (the year the
    title or lead gives, an encyclopedia's page revised years later included; the next one for a
    day before the events began, "The crisis began in December 2016. On 19 January, …"), else
    the source's year (the year before, when the day is after the source's date); '' when
    neither is known."""
    told = int(doc.year) if doc.year.isdigit() else None
    year = told if told is not None and (doc.published_year is None or told < doc.published_year) \
        else doc.published_year
    if year is None:
        return ""
    start = doc.event_start
    if year == told and start and d.low < start[5:] and (doc.published_year is None or year < doc.published_year):
        year += 1
    elif year == doc.published_year and len(doc.published) >= 10 and d.low > doc.published[5:10]:
        year -= 1
    return f"{year}-{d.low}"


SINCE_REACH = 12   # 'depuis le ', 'since '
OPENING_WORDS = 4  # "On 15 May 2008,", "En 1984,": the words before a date or year that opens its sentence


def opens_sentence(doc: Document, sent: Sentence, d: Figure) -> bool:
    """The date opens its sentence, an adverbial before a comma ("On 15 May 2008, 2,732 soldiers …")."""
    lead = doc.view[sent.start:d.start]  # "In January 2022, the CSTO deployed 2,030": a month dates nothing
    return "," not in lead and len(lead.split()) <= OPENING_WORDS and doc.view[d.end:d.end + 2].lstrip().startswith(",")


def opening_year(doc: Document, m: Mention) -> str:
    """The year a troop count's sentence opens with ("En 1992, le Bouclier … 5 000 soldats"), when
    it is not the document's own: a moment of the force's history ('' otherwise; "The CSTO,
    founded in 2002, sent 2,000" is not dated by its founding)."""
    first = doc.dated_in(m.sent.start, m.fig.start)[:1]
    if not first or first[0].kind != "year":
        return ""  # a month ("In January 2017, …") is the deployment's, not a moment of the force's history
    if not opens_sentence(doc, m.sent, first[0]):
        return ""  # an opening "En 1992, …" only, not "The CSTO, founded in 1992, sent …"
    year = first[0].value[:4]
    return year if year != doc.year else ""
