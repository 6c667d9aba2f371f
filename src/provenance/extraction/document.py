"""One source being read: its text, the offset-preserving view, sentences, named entities and
figures, and what the whole document is about (its main organisation, country and year).

Built once per source and never changed afterwards: every later step only asks it questions.
"""
from __future__ import annotations

import bisect
import itertools
from collections import Counter
from functools import cached_property

import regex as re  # its long alternations of phrases run several times faster than re's

from .gazetteer import Entity
from .language import Language, language_of
from .number_reader import Figure
from .orgshape import Shaped, find as find_shaped, name_rules
from .screen import plain
from .sentindex import Hits, SentenceIndex
from .text import Sentence, clean_view, sentences

LOCAL_REACH = 700     # how far back "au Kazakhstan" still says where a sentence's events happen
LOCATIVE_LOOKBACK = 12
TITLE_MAX = 150       # a first line this short, with no final full stop, is a title
SITUATION = "unrest"  # the event kind of a text that names no incident: a situation, made of incidents
LEAD = 1000           # the title and lead: what a text says it is about
LINEAGE_REACH = 40    # 'the successor to' names its organisation within this many characters
LINEAGE_PHRASE = 40   # the longest such phrase


class Document:
    """One source being read: its text, view, sentences, entities and figures."""

    def __init__(self, source_id: str, text: str, language: str, published: str = ""):
        self.source_id = source_id
        self.text = text
        self.lang: Language = language_of(language)
        self.gaz = self.lang.gazetteer
        self.view = clean_view(text, self.lang.note_marks)
        self.sentences = sentences(self.view)
        self.entities = self._entities()
        self._starts = {kind: [e.start for e in found] for kind, found in self.entities.items()}
        self._ends = {kind: ends for kind, ends in ((k, [e.end for e in found]) for k, found in self.entities.items())
                      if all(a <= b for a, b in zip(ends, ends[1:]))}
        self.figures: list[Figure] = self.lang.numbers.find(self.view, [(s.start, s.end) for s in self.sentences])
        self.published = published
        self._sentence_starts = [s.start for s in self.sentences]
        self.published_year = int(published[:4]) if published[:4].isdigit() else None
        self._dated = [f for f in self.figures if f.kind == "date" and len(f.value) >= 7 or f.kind == "day" and f.low]
        self._dated_at = [f.start for f in self._dated]
        self.main_org = self._main_org()
        self.lineage_orgs = self._lineage("org") - {self.main_org}
        self.major_orgs = self._major("org") | self.lineage_orgs
        self.main_country = self._main("country")
        self._kinds: dict[tuple[int, int], list] = {}  # span -> the event kinds that may be named in it
        self.main_event = self._main_event()
        self.year = self._event_year()
        self._years = [f for f in self.figures if f.kind in ("year", "date")]  # in order of core_start
        self._years_at = [f.core_start for f in self._years]
        dated = [f for f in self._years if f.bound != "range"]
        self._year_at = ([f.core_start for f in dated], [f.value[:4] for f in dated])
        self._indexes: dict[tuple[int, int], SentenceIndex] = {}  # built on first use, per sentence
        self._hits: dict[tuple, Hits] = {}

    def matches(self, pattern: re.Pattern, sent: Sentence) -> Hits:
        """A pattern's matches in a sentence, found once (many figures ask)."""
        key = (id(pattern), sent.start, sent.end)
        found = self._hits.get(key)
        if found is None:
            matches = list(pattern.finditer(self.view, sent.start, sent.end))
            found = self._hits[key] = Hits(matches, [m.start() for m in matches], [m.end() for m in matches])
        return found

    def index(self, sent: Sentence) -> SentenceIndex:
        key = (sent.start, sent.end)
        found = self._indexes.get(key)
        if found is None:
            found = self._indexes[key] = SentenceIndex.build(self.view, sent, self.lang.grammar.clause_gap)
        return found

    def sentence_at(self, position: int) -> Sentence | None:
        """The sentence holding a position of the view (a binary search)."""
        i = bisect.bisect_right(self._sentence_starts, position) - 1
        return self.sentences[i] if i >= 0 and position < self.sentences[i].end else None

    def dates_in(self, start: int, end: int) -> list[Figure]:
        """The days and full dates named in [start, end) ('le 21 juillet', 'January 15, 2022')."""
        i, j = bisect.bisect_left(self._dated_at, start), bisect.bisect_left(self._dated_at, end)
        return self._dated[i:j]

    def dated_in(self, start: int, end: int) -> list[Figure]:
        """The years and dates (ranges included) that begin in [start, end), in text order (a binary search)."""
        i, j = bisect.bisect_left(self._years_at, start), bisect.bisect_left(self._years_at, end)
        return [f for f in self._years[i:j] if start <= f.start < end]

    def year_before(self, position: int, floor: int) -> str:
        """The last year named in [floor, position), or '' (a binary search)."""
        starts, years = self._year_at
        i = bisect.bisect_left(starts, position) - 1
        return years[i] if i >= 0 and starts[i] >= floor else ""

    def _event_year(self) -> str:
        """The year of the events told: a year the title names ('July 2009 Ürümqi riots'), else
        an incident's first day or month in the lead, else the publication year, else the most
        frequent year named."""
        title = self._title()
        named = [f for f in self.figures if title and f.kind in ("year", "date") and f.core_start < title.end]
        if named:
            return named[0].value[:4]
        # an incident's (a crash, a blast; not a situation's, whose lead may recall an older
        # massacre): the day or month its lead gives, so that an encyclopedia revised years
        # later still names it by its own year
        if self.main_event != SITUATION:
            start = self.lead_dates[:1]
            if start:
                return start[0][:4]
        if self.published_year:
            return str(self.published_year)
        years = Counter(f.value[:4] for f in self.figures if f.kind in ("year", "date"))
        return years.most_common(1)[0][0] if years else ""

    @cached_property
    def lead_dates(self) -> list[str]:
        """The days and months the lead dates (with their year), up to the source's own year."""
        latest = int(self.published_year) if self.published_year else 10_000
        lead = itertools.takewhile(lambda f: f.core_start < LEAD, self.figures)  # in text order
        return [f.value for f in lead if f.kind == "date" and len(f.value) >= 7
                and f.value[:4].isdigit() and int(f.value[:4]) <= latest]

    @cached_property
    def event_start(self) -> str:
        """The first day or month the lead gives in the events' year ('2016-12': "The crisis
        began in December 2016"); '' when it gives none."""
        return next((v for v in self.lead_dates if v[:4] == self.year), "")

    def _title(self) -> Sentence | None:
        """The first line when it is a title: short, with no final full stop."""
        first = self.sentences[0] if self.sentences else None
        return first if first and first.is_line and first.end - first.start <= TITLE_MAX \
            and not self.view[first.start:first.end].rstrip().endswith(".") else None

    def _entities(self) -> dict[str, list[Entity]]:
        """The gazetteer's mentions and the organisations named by their shape (orgshape.py), plus
        the words that stand for an organisation ("l'alliance")."""
        entities = self.gaz.find(self.view)
        rules = name_rules(self.lang.code)
        if rules is not None:
            entities = _with_shaped(entities, find_shaped(self.view, self.sentences, rules, entities))
        if self.lang.org_anaphora:
            named = bytearray(len(self.view))
            for e in entities["org"]:
                named[e.start:e.end] = b"\x01" * (e.end - e.start)
            entities["org_anaphor"] = [Entity("org_anaphor", "", m.start(), m.end())
                                       for m in self.lang.org_anaphora.finditer(self.view) if not named[m.start()]]
        if self.lang.operation_words:
            entities["operation"] = _operations(entities["org"], self.lang.operation_words.finditer(self.view))
        return entities

    def is_locative(self, e: Entity, floor: int = 0) -> bool:
        """Whether a mention follows "au", "in the" …: where things happen, not who acts."""
        return bool(self.lang.grammar.locative.search(self.view, max(floor, e.start - LOCATIVE_LOOKBACK), e.start))

    def _main_org(self) -> str:
        """The gazetteer's main organisation; when the gazetteer names none in the text, the one
        the title names by its shape, else the most mentioned of the shapes.

        A gazetteer name in the text wins over a title's shape ("African-led International Support
        Mission to Mali" over ECOWAS would split one story's subject in two, by language: the
        French title names it otherwise); see docs/decisions/open-world-organisations.md."""
        shaped = self.entities.get("org_shape", [])
        spans = {(e.start, e.end) for e in shaped}
        listed = [e for e in self.entities.get("org", []) if (e.start, e.end) not in spans]
        if listed:
            return self._main("org", listed)
        title = self._title()
        in_title = [e for e in shaped if title and e.start < title.end]
        return in_title[0].id if in_title else self._main("org", shaped)

    def _main(self, kind: str, mentions: list[Entity] | None = None) -> str:
        """The most mentioned entity of a kind (of `mentions`, when given); the title line counts
        five times, the lead twice."""
        first = self.sentences[0] if self.sentences else None
        counts: Counter = Counter()
        for e in self.entities.get(kind, []) if mentions is None else mentions:
            weight = 5 if first and e.start < first.end else 2 if e.start < 1000 else 1
            if kind == "country" and self.is_locative(e):
                weight *= 2  # where things happen ("in Kazakhstan", "au Kazakhstan") more than who acts
            counts[e.id] += weight
        if kind == "country":
            for e in self.entities.get("place", []):
                country = self.gaz.place_country.get(e.id)
                if country:
                    counts[country] += 2
        return counts.most_common(1)[0][0] if counts else ""

    def _major(self, kind: str, share: float = 1 / 3) -> set[str]:
        """What the document is about: entities mentioned at least a third as often as the main one.

        Claims about an organisation met only in passing ("membre du GUAM depuis 1997" in an
        article about the CSTO) are context, not the story; they are not extracted.
        """
        counts = Counter(e.id for e in self.entities.get(kind, []))
        if not counts:
            return set()
        top = max(counts.values())
        return {k for k, n in counts.items() if n >= top * share} | {self.main_org}

    def _lineage(self, kind: str) -> set[str]:
        """Entities the text names as the main one's predecessor or successor ("the successor
        to the Shanghai Five", "succédant au « groupe de Shanghai »"): part of its story."""
        pattern = self.lang.lineage
        if pattern is None:
            return set()
        out: set[str] = set()
        for e in self.entities.get(kind, []):  # a look just before each other mention, not a scan of the text
            if e.id and e.id != self.main_org and e.id not in out:
                lo = max(0, e.start - LINEAGE_REACH - LINEAGE_PHRASE)
                if any(m.end() >= e.start - LINEAGE_REACH for m in pattern.finditer(self.view, lo, e.start)):
                    out.add(e.id)
        return out

    def in_span(self, kind: str, start: int, end: int) -> list[Entity]:
        """The mentions of a kind that lie within [start, end) (binary searches, not a scan)."""
        found = self.entities.get(kind, [])
        starts = self._starts.get(kind, [])
        i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        ends = self._ends.get(kind)
        if ends is not None:  # mentions of a kind do not overlap: their ends are in order too
            return found[i:bisect.bisect_right(ends, end, i, j)]
        return [e for e in found[i:j] if e.end <= end]

    def places_at(self, start: int, end: int, reach: int = 25) -> list[Entity]:
        """Places named right after a figure ("dont 103 à Almaty"): within its first few words."""
        return self.in_span("place", start, min(end, start + reach))

    def local_country(self, sent: Sentence) -> str:
        """Where the sentence's events happen: a place in it, else a country after a locative
        preposition in it or in the sentences just before ("to Kazakhstan", "au Kazakhstan")."""
        for e in self.in_span("place", sent.start, sent.end):
            if self.gaz.place_country.get(e.id):
                return self.gaz.place_country[e.id]
        start = max(0, sent.start - LOCAL_REACH)
        candidates = [e for e in self.in_span("country", start, sent.end) if self.is_locative(e)]
        candidates += [e for e in self.in_span("place", start, sent.start) if self.gaz.place_country.get(e.id)]
        inside = [e for e in candidates if e.start >= sent.start]
        pick = inside[0] if inside else (max(candidates, key=lambda e: e.start) if candidates else None)
        if pick is None:
            return ""
        return self.gaz.place_country.get(pick.id, pick.id) if pick.kind == "place" else pick.id

    def event_kind(self, sent: Sentence | None, at: int | None = None) -> str:
        """The kind of event a toll at `at` belongs to: the event word of its sentence nearest
        before it ('following the Shaoguan incident … a brawl … the deaths of two'), else the
        sentence's first, else the document's, else 'unrest'. Only in a situation (unrest) are the
        incidents a sentence names events of their own: a text about an incident (a crash, a blast)
        counts every toll as the incident's, fire, explosion or derailment alike."""
        if sent is None or self.main_event != SITUATION:
            return self.main_event  # a disaster's tolls are its own, whatever aspect a sentence names
        found = sorted((m.start(), kind) for kind, pattern in self.event_kinds_in(sent.start, sent.end)
                       for m in self.matches(pattern, sent).matches)
        before = [kind for start, kind in found if at is not None and start < at]
        return before[-1] if before else found[0][1] if found else self.main_event

    def _main_event(self) -> str:
        """The kind of event the title and lead name most (the title counts five times)."""
        counts: Counter = Counter()
        first = self.sentences[0] if self.sentences else None
        end = min(len(self.view), LEAD)
        for kind, pattern in self.event_kinds_in(0, end):
            for m in pattern.finditer(self.view, 0, end):
                counts[kind] += 5 if first and m.start() < first.end else 1
        return counts.most_common(1)[0][0] if counts else SITUATION

    def event_kinds_in(self, start: int, end: int) -> list[tuple[str, re.Pattern]]:
        """The event kinds that may be named in view[start:end]: those one of whose phrases'
        first words it holds (see screen.py), or every kind where it has letters outside SAFE;
        worked out once a span (each figure of a sentence asks)."""
        found = self._kinds.get((start, end))
        if found is None:
            text = self.view[start:end]
            lowered = text.lower() if plain(text) else None
            found = self._kinds[(start, end)] = [
                pair for pair, words in zip(self.lang.event_kinds, self.lang.event_words)
                if lowered is None or words is None or any(w in lowered for w in words)]
        return found

    def subject_name(self, kind: str, sent: Sentence | None = None, year: str = "", at: int | None = None) -> str:
        """An event's or operation's name, from its country (the sentence's place, else the
        document's) and its year (`year`, else the document's)."""
        templates = self.gaz.subjects
        country = (self.local_country(sent) if sent is not None else "") or self.main_country
        country_name = self.gaz.name("country", country) if country else ""
        if kind == "event":
            if not country_name:  # never "events of " with nothing after
                return templates.get("event_no_country", "{event} {year}").format(
                    year=year or self.year or "(place and date not stated)", event=self.event_kind(sent, at)).strip()
            return templates.get("event", "{country_name} {event} {year}").format(
                country_name=country_name, year=year or self.year, event=self.event_kind(sent, at)).strip()
        if kind == "operation":
            if self.main_org and not country_name:  # never "Operation Artemis mission in " with nothing after
                return self.main_org
            if self.main_org:
                return templates.get("operation", "{org} mission in {country_name}").format(
                    org=self.main_org, country_name=country_name).strip()
            if not country_name:  # never "deployment in " with nothing after
                return "deployment (place not stated)"
            return templates.get("operation_no_org", "deployment in {country_name}").format(
                country_name=country_name).strip()
        return ""


def _with_shaped(entities: dict[str, list[Entity]], shaped: list[Shaped]) -> dict[str, list[Entity]]:
    """The gazetteer's mentions with the shaped organisations among the organisations (also kept
    apart, as "org_shape"); what a shaped name holds is no mention of its own ("American" in
    "Organization of American States"), nor a gazetteer organisation inside a defined acronym's
    name ("African Union" in "African Union Mission in Somalia (AMISOM)")."""
    if not shaped:
        return dict(entities, org_shape=[])
    spans = sorted((s.start, s.end) for s in shaped)
    defined = sorted((s.start, s.end) for s in shaped if s.defined)
    mine = [Entity("org", s.id, s.start, s.end) for s in shaped if s.kind == "org"]
    treaties = [Entity("treaty", s.id, s.start, s.end) for s in shaped if s.kind == "treaty"]
    out = {kind: [e for e in found if not _within(e, spans)] for kind, found in entities.items() if kind != "org"}
    out["org"] = sorted([e for e in entities.get("org", []) if not _within(e, defined)] + mine, key=lambda e: e.start)
    out["treaty"] = sorted(out.get("treaty", []) + treaties, key=lambda e: e.start)
    out["org_shape"] = mine
    return out


def _within(e: Entity, spans: list[tuple[int, int]]) -> bool:
    """Whether a mention lies inside one of the (sorted) spans and is shorter than it."""
    i = bisect.bisect_right(spans, (e.start, float("inf")))
    return any(s <= e.start and e.end <= t and t - s > e.end - e.start for s, t in spans[max(0, i - 8):i])


def _operations(orgs: list[Entity], words) -> list[Entity]:
    """The mentions of an operation or mission: a bare word ('the operation', 'la mission'; id
    '') or the name of an organisation that holds one ('EU Monitoring Mission'; the name's id)."""
    starts = [e.start for e in orgs]
    found: list[Entity] = []
    for w in words:
        i = bisect.bisect_right(starts, w.start()) - 1
        holder = orgs[i] if i >= 0 and orgs[i].end >= w.end() else None
        e = Entity("operation", holder.id, holder.start, holder.end) if holder \
            else Entity("operation", "", w.start(), w.end())
        if not found or found[-1].start != e.start:
            found.append(e)
    return found
