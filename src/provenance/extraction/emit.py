"""From a matched figure to claims: its scope qualifiers (group, place, claimant, force,
membership, countries), the quote's span, membership periods split into joining and leaving,
and the `Claim` records themselves, quote and offsets taken from the original text.
"""
from __future__ import annotations

from dataclasses import dataclass

from .attributes import UNCLEAR, registry
from ..claims import Claim, Qualifiers
from .document import Document
from .lemmas import tokens
from .matching import POLICE_CLASS, Match
from .number_reader import Figure
from .numerals import EXACT, fmt
from .moments import as_of, moment, opening_year
from .resolve import Mention, claimant, countries, subject
from .rules import ClaimRule
from .text import trim_quote

MAX_QUOTE_SPAN = 250   # a cue or country farther than this from the figure stays out of the quote
CARRIED_QUOTE_REACH = 150
PLUS_ONE_REACH = 60
MEMBERSHIP_REACH = 30  # "Six pays ont le statut d'observateur", up to the next figure


@dataclass(frozen=True)
class Reading:
    """What a figure says for one attribute: its value and the interval its wording allows."""
    attribute: str
    value: str
    low: str
    high: str
    bound: str
    bound_low: str = ""   # a range's ends' own bounds
    bound_high: str = ""

    @classmethod
    def of(cls, attribute: str, fig: Figure) -> "Reading":
        return cls(attribute, fig.value, fig.low, fig.high, fig.bound, fig.bound_low, fig.bound_high)


def make_claim(doc: Document, rule: ClaimRule, subject_id: str, reading: Reading, qualifiers: dict,
               span: tuple[int, int], method: str, fig: Figure) -> Claim:
    """A claim quoting text[start:end] (trimmed), its unit from the rule or the value's kind."""
    start, end = trim_quote(doc.text, *span)
    unit = rule.unit or registry().get(rule.attribute).unit or \
        ("date" if fig.kind == "date" else "year" if rule.value in ("date", "year") else "persons")
    if rule.value in ("date", "year"):
        unit = "date" if len(reading.value) > 4 else "year"
    dated = ""
    if registry().get(rule.attribute).evolves:
        sent = doc.sentence_at(fig.start)
        dated = as_of(doc, sent, fig) if sent is not None else ""
    return Claim(doc.source_id, subject_id, reading.attribute, Qualifiers.of(qualifiers), reading.value, reading.low,
                 reading.high, reading.bound, unit, doc.text[start:end], start, end, method,
                 f"{rule.confidence:.2f}", as_of=dated, bound_low=reading.bound_low, bound_high=reading.bound_high)


def period_readings(rule: ClaimRule, fig: Figure) -> list[Reading]:
    """Membership over a range of years: joined at its start, left at its end; an absence
    ("auto-suspendu (1998-2006)") the other way round."""
    attribute = registry().get(rule.attribute)
    if attribute.repeats_with and fig.bound == "range":
        a, b = fig.range_parts
        first, then = rule.attribute, attribute.repeats_with
        return [Reading(first, a.value, a.value, a.value, "exact"), Reading(then, b.value, b.value, b.value, "exact")]
    return [Reading.of(rule.attribute, fig)]


AT_FOUNDING_REACH = 30  # "initially with" this close before the count


def scope(doc: Document, rule: ClaimRule, m: Mention, group: str) -> dict[str, str] | None:
    """The scope qualifiers the rule reads; None when a required one (a force) is missing."""
    fig, sent, view = m.fig, m.sent, doc.view
    quals: dict[str, str] = {}
    if "group" in rule.qualifiers and group:
        quals["group"] = group
    if "place" in rule.qualifiers:
        places = doc.in_span("place", m.segment[0], m.segment[1]) or fronted_place(doc, m)
        if places:
            quals["place"] = places[0].id
    if "claimant" in rule.qualifiers:
        who = claimant(doc, sent, fig)
        if who:
            quals["claimant"] = who
    if "moment" in rule.qualifiers:
        attribute = registry().get(rule.attribute)
        when = moment(doc, m, series=not attribute.evolves) or \
            (as_of(doc, sent, fig, before_only=True) or opening_year(doc, m) if attribute.series else "")
        if when:
            quals["moment"] = when  # 'earlier', 'later', 'peak', or the date a series' figure is given for
    if "force" in rule.qualifiers:
        forces = doc.in_span("force", sent.start, fig.start)
        if not forces:
            return None
        quals["force"] = forces[-1].id
    if "membership" in rule.qualifiers:
        phrase = view[fig.start:max(m.noun.end, min(m.noun.end + MEMBERSHIP_REACH, m.segment[1]))]
        kind = next((kind for kind, pattern in doc.lang.membership_kinds if pattern.search(phrase)), "") \
            or _founding_count(doc, m)
        if kind:
            quals["membership"] = kind
    return quals


def _founding_count(doc: Document, m: Mention) -> str:
    """"The League was formed in Cairo in 1945, initially with seven members", "fondée au Caire en
    mars 1945 avec six membres": a count the founding's words lead to ([membership] at_founding,
    right before it) in a sentence that tells the founding is of the founders; not a count of
    today's ("Créée en 2002, l'OTSC regroupe six pays", "it now has 22")."""
    founded = doc.lang.rule_by_attribute.get("founded")
    lead = doc.lang.at_founding
    if founded is None or not founded.lemmas or lead is None \
            or not lead.search(doc.view, max(m.sent.start, m.fig.start - AT_FOUNDING_REACH), m.fig.start):
        return ""
    words = tokens(doc.view, m.sent.start, m.fig.start, doc.lang.code)
    at = max((i for i, t in enumerate(words) if t.lemma in founded.lemmas), default=None)
    if at is None:
        return ""
    current = doc.lang.current_words
    return "" if any(doc.view[t.start:t.end].lower() in current for t in words[at + 1:]) else "founding"


def fronted_place(doc: Document, m: Mention) -> list:
    """'In Almaty, 18 police officers were killed', 'À Almaty, 103 morts': a place the sentence
    opens with, after a locative, sets the scope of the figures that follow it."""
    opening = doc.view[m.sent.start:min(m.fig.start, m.sent.start + FRONTED_REACH)]
    places = [e for e in doc.in_span("place", m.sent.start, m.sent.start + len(opening))
              if doc.is_locative(e, floor=m.sent.start)]
    if not places:
        return []
    head = doc.view[m.sent.start:places[0].start]
    return places[:1] if len(head.split()) <= 2 and "," in doc.view[places[0].end:m.fig.start] else []


FRONTED_REACH = 40


def counted_figure(doc: Document, rule: ClaimRule, m: Mention) -> Figure:
    """"autour de la Russie, cinq républiques": the country named counts too."""
    fig = m.fig
    if not (registry().get(rule.attribute).from_list and doc.lang.plus_one
            and doc.lang.plus_one.found(doc.view[max(m.sent.start, fig.start - PLUS_ONE_REACH):fig.start])):
        return fig
    n = EXACT.add(fig.number or 0, 1)
    return Figure(fig.start, fig.end, fig.core_start, fig.core_end, fig.kind, fmt(n), fmt(n),
                  fmt(n) if fig.high else "", fig.bound, n)


def quote_span(doc: Document, match: Match, m: Mention) -> tuple[int, int]:
    """The figure and its noun, with the cue when it stands close enough."""
    fig, sent = m.fig, m.sent
    start, end = fig.start, m.noun.end
    if match.how == "period":
        end = max(end, fig.end + (1 if doc.view[fig.end:fig.end + 1] == ")" else 0))
    if match.how != "carried" and max(end, match.cue_end) - min(start, match.cue_start) <= MAX_QUOTE_SPAN:
        start, end = min(start, match.cue_start), max(end, match.cue_end)
    if match.how == "carried" and fig.start - sent.start <= CARRIED_QUOTE_REACH:
        start = sent.start
    return start, end


def with_country(doc: Document, m: Mention, span: tuple[int, int], country: str) -> tuple[int, int]:
    """The quote widened to the country's nearest mention in the sentence, when close enough."""
    mentions = [e for e in doc.in_span("country", m.sent.start, m.sent.end) if e.id == country]
    if not mentions:
        return span
    near = min(mentions, key=lambda e: abs(e.start - m.fig.start))
    a, b = span
    if max(b, near.end) - min(a, near.start) <= MAX_QUOTE_SPAN:
        return min(a, near.start), max(b, near.end)
    return span


def _of_major_org(doc: Document, subject_id: str) -> bool:
    """The subject is an organisation the document is about, or a part of one ('CSTO rapid
    reaction force')."""
    return subject_id in doc.major_orgs or any(subject_id.startswith(org + " ") for org in doc.major_orgs if org)


def emit(doc: Document, match: Match, m: Mention, group: str) -> list[Claim]:
    """The claims of a matched figure: one per country it is for, one per end of a period."""
    rule = match.rule
    subject_id = subject(doc, rule, m)
    if subject_id is None or (rule.subject == "org" and subject_id and not _of_major_org(doc, subject_id)):
        return []
    if rule.prior and doc.published_year and (m.fig.number or 0) >= doc.published_year:
        return []
    quals = scope(doc, rule, m, group)
    if quals is None:
        return []
    fig = counted_figure(doc, rule, m)
    for_countries: list[str] = [""]
    if "country" in rule.qualifiers:
        for_countries = countries(doc, rule, m)
        if not for_countries:
            if "country" in rule.require:
                return []
            for_countries = [""]
    span = quote_span(doc, match, m)
    method = f"{doc.lang.code}.{rule.attribute}.{match.how}"
    readings = period_readings(rule, fig)
    quals = police_side(quals, m.noun.classes, rule.attribute)
    if match.how == "included" and "group" in rule.qualifiers and for_countries == [""] \
            and not any(quals.get(k) for k in ("group", "place", "side")):
        quals = dict(quals, group=UNCLEAR)  # "dont 96 personnes employées par l'ONU": a part, whose group is unknown
    acts = membership_acts(doc, match, readings)
    out = []
    for country in for_countries:
        q = dict(quals, country=country) if country else quals
        where = with_country(doc, m, span, country) if country else span
        out += [make_claim(doc, rule, subject_id, reading, dict(q, act=act) if act else q, where, method, fig)
                for reading, act in zip(readings, acts)]
    return out


def police_side(quals: dict, classes: frozenset, attribute: str) -> dict:
    """"110 soldiers and 80 police officers left", an infobox's "1 700 policiers": police sent with
    troops are a force of their own, a part on its side (side=police)."""
    if POLICE_CLASS in classes and registry().get(attribute).series and not quals.get("side"):
        return dict(quals, side=POLICE_CLASS)
    return quals


LEAVING_ACTS = ("suspension", "expulsion")
RETURN = "readmission"


def membership_acts(doc: Document, match: Match, readings: list[Reading]) -> list[str]:
    """The act of each membership reading ('suspension', 'expulsion', 'readmission'; '' for a
    plain joining or leaving), from the words that matched the date ("suspended its membership in
    1999", "réintègre l'OPEP en janvier 2016"); the end of an absence ("auto-suspendu
    (1998-2006)", "suspended from 2009 to 2014") is a readmission."""
    if not doc.lang.acts or not registry().get(match.rule.attribute).repeats_with:
        return [""] * len(readings)
    lemmas = {t.lemma for t in tokens(doc.view, match.cue_start, match.cue_end, doc.lang.code)}
    act = next((act for act, words in doc.lang.acts if lemmas & words), "")
    out = []
    for reading in readings:
        leaving = registry().get(reading.attribute).period == "end"
        out.append(act if (act in LEAVING_ACTS) == leaving else RETURN if out and out[-1] in LEAVING_ACTS else "")
    return out


def dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per span, attribute, scope and value, in text order."""
    seen = set()
    out = []
    for c in sorted(claims, key=lambda c: (c.start, c.end, c.attribute, str(c.qualifiers), c.value)):
        key = (c.start, c.end, c.attribute, str(c.qualifiers), c.value)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
