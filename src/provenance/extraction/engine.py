"""Applies the language rules to one source: figures first, then the rules in a window around each.

The walk, per sentence: find the figures; read the noun after each (whose count is it?);
score every claim rule by how close its cue stands; keep the best; resolve the subject and
the scope qualifiers from the gazetteer; expand to several countries where the wording is
distributive ("chacun"), paired ("l'Azerbaïdjan (24 septembre 1993)") or anaphoric ("ces trois
pays"). Encyclopedic layouts (infobox lines, lists of members) have their own small passes.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Entity, Gazetteer, load_gazetteer
from .numbers import Figure, find_figures, fmt
from .rules import ClaimRule, LanguageRules, load_rules, phrase_pattern, phrases_regex, words_of
from .text import Sentence, clean_view, sentences, trim_quote

INF = float("inf")
SENTENCE_CUE_DISTANCE = 500  # a cue anywhere in the sentence counts, after any cue next to the figure
CARRIED_CUE_DISTANCE = 800


@dataclass
class Claim:
    """One claim mention, before it becomes a claims.csv row."""
    source_id: str
    subject: str
    attribute: str
    qualifiers: dict[str, str]
    value: str
    value_low: str
    value_high: str
    bound: str
    unit: str
    start: int
    end: int
    quote: str
    method: str
    confidence: float

    def qualifier_text(self) -> str:
        return ";".join(f"{k}={v}" for k, v in sorted(self.qualifiers.items()) if v)


@dataclass
class _Noun:
    classes: frozenset  # of "group", "persons", "troops", "members", "occasions", "years"; empty: no noun
    end: int            # end of the noun phrase in the view
    group: str = ""     # the group id when the noun names a group
    text: str = ""

    @property
    def none(self) -> bool:
        return not self.classes


@dataclass
class _Match:
    rule: ClaimRule
    distance: float
    cue_start: int
    cue_end: int
    how: str


class LanguageKit:
    """Everything compiled for one language: rules, noun regexes, anaphora."""

    def __init__(self, code: str):
        self.gaz: Gazetteer = load_gazetteer()
        self.rules: LanguageRules = load_rules(code, self.gaz.force_alternation)
        self.code = code
        nouns = self.rules.section("nouns")
        group_aliases = [a for e in self.gaz.data.get("group", []) for a in e.get("aliases", [])]
        lead = r"^\s*-?\s*(?:(?:de|d|of)\s*['’]?\s*)?[«\"“]?\s*"
        filler = r"(?:(?!(?:et|and|ou|or|de|des|du|of)\b)[^\W\d][\w'’-]*\s+){0,2}?"
        self.noun_res: dict[str, re.Pattern] = {}
        for cls, words in [("group", group_aliases)] + [(k, v) for k, v in nouns.items()]:
            alternation = "|".join(phrase_pattern(w) for w in sorted(set(words), key=len, reverse=True))
            if alternation:
                self.noun_res[cls] = re.compile(lead + filler + f"({alternation})" + r"[»\"”]?", re.IGNORECASE)
        self.group_lookup = {}
        for e in self.gaz.data.get("group", []):
            for a in e.get("aliases", []):
                self.group_lookup[_norm(a)] = e["id"]
        ana = self.rules.section("anaphora")
        self.org_anaphora = phrases_regex(ana.get("org", []))
        self.org_pronoun = re.compile(r"\s*(?:" + "|".join(phrase_pattern(p) for p in ana.get("org_pronouns", [])) + r")\b",
                                      re.IGNORECASE) if ana.get("org_pronouns") else None
        self.country_anaphora = [re.compile(phrase_pattern(p.replace("{n}", "NUMBER")).replace("NUMBER", r"(\w+)"), re.IGNORECASE)
                                 for p in ana.get("countries", [])]
        self.continuation = re.compile(r"\s*(?:" + "|".join(phrase_pattern(p) for p in ana.get("continuation", [])) + r")",
                                       re.IGNORECASE) if ana.get("continuation") else None
        self.distributive = phrases_regex(ana.get("distributive", []))
        partitive = ana.get("partitive", [])
        self.partitive = re.compile(r"\s*(?:" + "|".join(phrase_pattern(p) for p in partitive) + r")\s", re.IGNORECASE) if partitive else None
        self.plus_one = ana.get("plus_one", [])
        inclusion = ana.get("inclusion", [])
        self.inclusion = re.compile(r"(?:" + "|".join(phrase_pattern(p) for p in inclusion) + r")\s*$", re.IGNORECASE) if inclusion else None
        claimant = self.rules.section("claimant")
        self.unofficial = phrases_regex(claimant.get("unofficial", []))
        self.official = phrases_regex(claimant.get("official", []))
        member = self.rules.section("membership")
        self.period_before = re.compile(r"(?:" + "|".join(phrase_pattern(p) for p in member.get("period_before", [])) + r")\s*(?:\(|,)?\s*$",
                                        re.IGNORECASE) if member.get("period_before") else None
        self.list_cues = phrases_regex(member.get("list_cues", []))
        glue = "|".join(phrase_pattern(g) for g in member.get("list_glue", []))
        self.list_glue = re.compile(rf"^(?:[\s,;]|\([^()]*\)|(?:{glue}))*$", re.IGNORECASE)
        self.former = phrases_regex(member.get("former", []))
        self.partial_list = phrases_regex(member.get("partial", []))
        self.observer = phrases_regex(member.get("observer", []))
        infobox = self.rules.section("infobox")
        self.infobox = {_norm(label): attribute for attribute, labels in infobox.items()
                        if isinstance(labels, list) and attribute != "skip_labels" for label in labels}
        skip = infobox.get("skip_labels", [])
        self.infobox_skip = re.compile(r"\s*\(\s*(?:" + "|".join(phrase_pattern(w) for w in skip) + r")\s*\)",
                                       re.IGNORECASE) if skip else None
        self.rule_by_attribute = {r.attribute: r for r in self.rules.claims}

    def plus_one_regex(self, country_alternation: str) -> re.Pattern | None:
        if not self.plus_one or not country_alternation:
            return None
        article = r"(?:(?:la|le|les|l|the)\s*['’]?\s*)?"
        parts = [phrase_pattern(p.replace("{country}", "COUNTRY")).replace("COUNTRY", article + country_alternation)
                 for p in self.plus_one]
        return re.compile(r"(?:" + "|".join(parts) + r")\s*$", re.IGNORECASE)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


@lru_cache(maxsize=None)
def language_kit(code: str) -> LanguageKit:
    return LanguageKit(code)


@lru_cache(maxsize=None)
def _country_alternation() -> str:
    gaz = load_gazetteer()
    aliases = [a for e in gaz.data.get("country", []) for a in e.get("aliases", [])]
    return "(?:" + "|".join(phrase_pattern(a) for a in sorted(aliases, key=len, reverse=True)) + ")"


@lru_cache(maxsize=None)
def rules_version() -> str:
    """A fingerprint of everything that decides what extraction finds: the rules files and
    the extraction code. A cached extraction is reused only under the same fingerprint."""
    import hashlib
    from importlib import resources
    h = hashlib.sha256()
    rules = resources.files("provenance.rules")
    for entry in sorted(rules.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    here = resources.files("provenance.extraction")
    for name in ("engine.py", "numbers.py", "gazetteer.py", "text.py", "rules.py"):
        h.update(here.joinpath(name).read_bytes())
    return h.hexdigest()[:16]





class Document:
    """One source being read: its text, view, sentences, entities and figures."""

    def __init__(self, source_id: str, text: str, language: str, published: str = ""):
        self.source_id = source_id
        self.text = text
        self.kit = language_kit(language)
        self.gaz = self.kit.gaz
        self.view = clean_view(text)
        self.sentences = sentences(self.view)
        self.entities = self.gaz.find(self.view)
        if self.kit.org_anaphora:
            named = bytearray(len(self.view))
            for e in self.entities["org"]:
                named[e.start:e.end] = b"\x01" * (e.end - e.start)
            self.entities["org_anaphor"] = [Entity("org_anaphor", "", m.start(), m.end())
                                            for m in self.kit.org_anaphora.finditer(self.view) if not named[m.start()]]
        self._starts = {kind: [e.start for e in found] for kind, found in self.entities.items()}
        self.figures = find_figures(self.view, language, [(s.start, s.end) for s in self.sentences])
        self.published_year = int(published[:4]) if published[:4].isdigit() else None
        self.main_org = self._main("org")
        self.major_orgs = self._major("org")
        self.main_country = self._main("country")
        years = Counter(f.value[:4] for f in self.figures if f.kind in ("year", "date"))
        self.year = str(self.published_year or (years.most_common(1)[0][0] if years else ""))
        self.plus_one_re = self.kit.plus_one_regex(_country_alternation())

    def _main(self, kind: str) -> str:
        """The most mentioned entity of a kind; the title line counts five times, the lead twice."""
        first = self.sentences[0] if self.sentences else None
        counts: Counter = Counter()
        for e in self.entities.get(kind, []):
            weight = 5 if first and e.start < first.end else 2 if e.start < 1000 else 1
            if kind == "country" and _LOCATIVE.search(self.view, max(0, e.start - 12), e.start):
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

    def in_span(self, kind: str, start: int, end: int) -> list[Entity]:
        """The mentions of a kind that lie within [start, end) (a binary search, not a scan)."""
        found = self.entities.get(kind, [])
        starts = self._starts.get(kind, [])
        i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return [e for e in found[i:j] if e.end <= end]

    def local_country(self, sent: Sentence, reach: int = 700) -> str:
        """Where the sentence's events happen: a place in it, else a country after a locative
        preposition in it or in the sentences just before ("to Kazakhstan", "au Kazakhstan")."""
        for e in self.in_span("place", sent.start, sent.end):
            if self.gaz.place_country.get(e.id):
                return self.gaz.place_country[e.id]
        start = max(0, sent.start - reach)
        candidates = [e for e in self.in_span("country", start, sent.end)
                      if _LOCATIVE.search(self.view, max(0, e.start - 12), e.start)]
        candidates += [e for e in self.in_span("place", start, sent.start) if self.gaz.place_country.get(e.id)]
        inside = [e for e in candidates if e.start >= sent.start]
        pick = inside[0] if inside else (max(candidates, key=lambda e: e.start) if candidates else None)
        if pick is None:
            return ""
        return self.gaz.place_country.get(pick.id, pick.id) if pick.kind == "place" else pick.id

    def subject_name(self, kind: str, sent: Sentence | None = None) -> str:
        """An event's or operation's name, from its country (the sentence's place, else the document's)."""
        templates = self.gaz.subjects
        country = (self.local_country(sent) if sent is not None else "") or self.main_country
        country_name = self.gaz.name("country", country) if country else ""
        if kind == "event":
            if not country_name:
                return templates.get("event_no_country", "events of {year}").format(year=self.year)
            return templates.get("event", "{country_name} events {year}").format(country_name=country_name, year=self.year).strip()
        if kind == "operation":
            if self.main_org:
                return templates.get("operation", "{org} mission in {country_name}").format(org=self.main_org, country_name=country_name).strip()
            return templates.get("operation_no_org", "deployment in {country_name}").format(country_name=country_name).strip()
        return ""


class Extractor:
    def __init__(self, doc: Document):
        self.doc = doc
        self.kit = doc.kit
        self.view = doc.view
        self.claims: list[Claim] = []
        self.force: tuple[str, str] | None = None  # (organisation, country) a table cell is about
        self.period_cue: tuple[int, int] | None = None
        self._hits: dict[tuple, list] = {}
        self._words: dict[tuple, set] = {}

    # -- nouns and cues --------------------------------------------------------------------------
    def noun_after(self, fig: Figure, segment_end: int) -> _Noun:
        tail = self.view[fig.end:min(segment_end, fig.end + 80)]
        hits = []
        for cls, pattern in self.kit.noun_res.items():
            m = pattern.match(tail)
            if m:
                hits.append((m.start(1), cls, m))
        if not hits:
            return _Noun(frozenset(), fig.end)
        first = min(h[0] for h in hits)
        hits = [h for h in hits if h[0] == first]
        classes = {cls for _, cls, _ in hits}
        longest = max(hits, key=lambda h: h[2].end())[2]
        noun = _Noun(frozenset(classes), fig.end + longest.end(), text=longest.group(1))
        for _, cls, m in hits:
            if cls == "group":
                noun.group = self.kit.group_lookup.get(_norm(m.group(1)), "")
                if not noun.group:
                    noun.classes = noun.classes | {"persons"}
        return noun

    def match_rule(self, rule: ClaimRule, fig: Figure, noun: _Noun, sent: Sentence, after_text: tuple[int, int],
                   prev_sentences: list[Sentence]) -> _Match | None:
        view = self.view
        # value kind
        if rule.value == "count":
            if fig.kind in ("date", "day") or (fig.year_like and (noun.none or "years" in noun.classes)):
                return None
        elif rule.value == "year":
            if fig.kind != "year" or fig.bound == "range":
                return None
        elif rule.value == "date":
            if fig.kind not in ("year", "date"):
                return None
            if fig.kind == "year" and not fig.year_like and fig.bound != "range" and not re.search(r"\D", view[fig.core_start:fig.core_end]):
                return None
        elif rule.value == "duration":
            if fig.kind != "count" or "years" not in noun.classes:
                return None
        if rule.max_value is not None and (fig.number or 0) > rule.max_value:
            return None
        if rule.nouns and rule.value != "duration":
            allowed = set(rule.nouns)
            if noun.none and "none" not in allowed:
                return None
            if not noun.none and not (noun.classes & allowed):
                return None
        sentence_text = (sent.start, sent.end)
        words = self.words(sent)
        if rule.re_veto_sentence and _may(rule.fw_veto_sentence, words) and self._sentence_hit(rule.re_veto_sentence, sent):
            return None
        before_start = max(sent.start, fig.start - rule.window)
        if rule.re_veto_before_end and rule.re_veto_before_end.search(view, before_start, fig.start):
            return None
        if rule.re_veto_after_start and rule.re_veto_after_start.match(view, noun.end):
            return None
        best: _Match | None = None
        if rule.re_before and _may(rule.fw_before, words):
            window = view[before_start:fig.start]
            last = None
            for m in rule.re_before.finditer(window):
                last = m
            if last:
                d = len(window) - last.end()
                best = _Match(rule, d, before_start + last.start(), before_start + last.end(), "before")
        if rule.re_adjacent and best is None:
            m = rule.re_adjacent.search(view, max(sent.start, fig.start - 12), fig.start)
            if m:
                best = _Match(rule, fig.start - m.end(), m.start(), m.end(), "before")
        if rule.re_after and _may(rule.fw_after, words):
            a, b = after_text
            m = rule.re_after.search(view[a:b]) if a < b else None
            if m:
                d = a + m.start() - fig.end
                if best is None or d < best.distance:
                    best = _Match(rule, d, a + m.start(), a + m.end(), "after")
        if best is None and rule.re_sentence:
            hits = self._sentence_hits(rule.re_sentence, sent) if _may(rule.fw_sentence, words) else []
            aside = self.aside(sent, fig)
            if aside:  # a cue outside a bracketed aside does not reach the figures inside it
                hits = [h for h in hits if aside[0] <= h.start() < aside[1]]
            if hits:
                m = min(hits, key=lambda h: self.cue_distance(fig, h.start(), h.end()))
                best = _Match(rule, SENTENCE_CUE_DISTANCE + self.cue_distance(fig, m.start(), m.end()), m.start(), m.end(), "sentence")
            elif rule.carry and self.kit.continuation and self.kit.continuation.match(view, sent.start, sent.end):
                for prev in prev_sentences[-2:]:
                    if rule.re_sentence.search(view, prev.start, prev.end):
                        best = _Match(rule, CARRIED_CUE_DISTANCE, fig.start, fig.end, "carried")
                        break
        if best is not None and "subject" in rule.require and self.subject(rule, sent, fig) is None:
            return None  # it could not be emitted: another rule may take the figure
        return best

    def _sentence_hits(self, pattern: re.Pattern, sent: Sentence) -> list:
        """A pattern's matches in a sentence, computed once per sentence (many figures ask)."""
        key = (id(pattern), sent.start, sent.end)
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = list(pattern.finditer(self.view, sent.start, sent.end))
        return hits

    def words(self, sent: Sentence) -> set[str]:
        key = (sent.start, sent.end)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = words_of(self.view[sent.start:sent.end])
        return found

    def _sentence_hit(self, pattern: re.Pattern, sent: Sentence) -> bool:
        return bool(self._sentence_hits(pattern, sent))

    def cue_distance(self, fig: Figure, start: int, end: int) -> float:
        """Characters between a cue and the figure, plus a clause's worth when a clause lies between."""
        between = self.view[end:fig.start] if end <= fig.start else self.view[fig.end:start]
        gap = len(between)
        if re.search(r",|;|\s(?:et|and|mais|but|puis|then)\s", between):
            gap += 100
        return gap

    def aside(self, sent: Sentence, fig: Figure) -> tuple[int, int] | None:
        """The bracketed aside holding the figure, unless the brackets hold nothing but it."""
        view = self.view
        depth, open_at = 0, None
        for i in range(fig.core_start - 1, sent.start - 1, -1):
            ch = view[i]
            if ch == ")":
                depth += 1
            elif ch == "(":
                if depth == 0:
                    open_at = i
                    break
                depth -= 1
        if open_at is None:
            return None
        close = view.find(")", fig.core_end, sent.end)
        close = sent.end if close < 0 else close
        inside = view[open_at + 1:fig.core_start] + view[fig.core_end:close]
        if not re.search(r"[^\W\d_]{3,}", inside):
            return None  # "(24 septembre 1993)", "(1992-1999/2006-2012)": a date attached to what precedes
        return (open_at, close)

    def period(self, sent: Sentence, fig: Figure, previous: Figure | None, previous_was_period: bool) -> bool:
        """A range of years that is a period of membership: '(membre de 1992 à 1999', 'Ouzbékistan (1992-1999'."""
        if fig.kind != "year" or fig.bound != "range":
            return False
        view = self.view
        head_start = max(sent.start, fig.start - 40)
        m = self.kit.period_before.search(view, head_start, fig.start) if self.kit.period_before else None
        if m and m.end() >= fig.start - 3:
            self.period_cue = (m.start(), m.end())
            return True
        if previous is not None and previous_was_period and re.fullmatch(r"\s*[/,]\s*", view[previous.end:fig.start]):
            return True
        return any(e.end <= fig.start and re.fullmatch(r"\s*\(\s*", view[e.end:fig.start])
                   for e in self.doc.in_span("country", sent.start, fig.start))

    # -- the prose pass ----------------------------------------------------------------------------
    def run(self) -> list[Claim]:
        doc = self.doc
        figures = doc.figures
        fi = 0
        header: list[tuple[int, int]] | None = None  # the cells of the current table's header row
        for si, sent in enumerate(doc.sentences):
            while fi < len(figures) and figures[fi].core_start < sent.start:
                fi += 1
            figs = []
            j = fi
            while j < len(figures) and figures[j].core_start < sent.end:
                figs.append(figures[j])
                j += 1
            if self.infobox(sent, figs):
                continue
            if sent.is_table_row:
                header = self.table_row(sent, figs, header)
                continue
            header = None  # a line of prose ends the table
            claims_before = len(self.claims)
            if figs:
                self.sentence(sent, figs, doc.sentences[max(0, si - 2):si])
            if not any(c.attribute == "member_count" for c in self.claims[claims_before:]):
                self.member_list(sent, figs)
        return self.dedupe()

    def sentence(self, sent: Sentence, figs: list[Figure], prev: list[Sentence]) -> None:
        view = self.view
        clause_ends = [m.start() for m in re.finditer(r";", view[sent.start:sent.end])]
        nouns: list[_Noun] = []
        segments: list[tuple[int, int]] = []
        for i, fig in enumerate(figs):
            end = figs[i + 1].start if i + 1 < len(figs) else sent.end
            for c in clause_ends:
                if sent.start + c >= fig.end:
                    end = min(end, sent.start + c)
                    break
            segments.append((fig.end, max(fig.end, end)))
            nouns.append(self.noun_after(fig, end))
        periods: set[int] = set()
        matched: dict[int, _Match] = {}
        for i, fig in enumerate(figs):
            noun = nouns[i]
            a, b = segments[i]
            # coordination: "17 policiers et 26 manifestants ont été tués" shares the cue
            k = i
            while k + 1 < len(figs) and re.search(r"(?:,|\s(?:et|and|ou|or))\s*$", view[segments[k][0]:segments[k][1]]) \
                    and not re.search(r"[.;:!?]", view[segments[k][0]:segments[k][1]]) and k - i < 4:
                k += 1
                b = segments[k][1]
            if self.kit.partitive and self.kit.partitive.match(view, fig.end) and fig.kind == "count":
                continue
            joined_rule = self.kit.rule_by_attribute.get("member_joined")
            if joined_rule and self.period(sent, fig, figs[i - 1] if i else None, i - 1 in periods):
                periods.add(i)
                cue = self.period_cue or (fig.start, fig.end)
                self.period_cue = None
                self.emit(_Match(joined_rule, 0, cue[0], cue[1], "period"), fig, noun, sent, segments[i], "", i, figs)
                continue
            best: _Match | None = None
            placed = noun.none and bool(doc_places_at(self.doc, fig.end, segments[i][1]))
            if i - 1 in matched and self.kit.inclusion and (not noun.none or placed) \
                    and "group" in matched[i - 1].rule.qualifiers \
                    and self.kit.inclusion.search(view[max(figs[i - 1].end, fig.start - 30):fig.start]):
                # "164 people were killed, including 16 police officers": a part of the figure before
                earlier = matched[i - 1]
                best = _Match(earlier.rule, earlier.distance, earlier.cue_start, earlier.cue_end, "included")
            else:
                for rule in self.kit.rules.claims:
                    m = self.match_rule(rule, fig, noun, sent, (a, b), prev)
                    if m and (best is None or m.distance < best.distance):
                        best = m
            if best is None:
                continue
            matched[i] = best
            group = noun.group
            # "13 agents ... ont été tués et 353 blessés": the second figure counts the same group
            if noun.none and i - 1 in matched and matched[i - 1].how != "included" \
                    and re.search(r"(?<!,)\s(?:et|and)\s*$", view[figs[i - 1].end:fig.start]):
                group = nouns[i - 1].group
            self.emit(best, fig, noun, sent, segments[i], group, i, figs)

    def emit(self, match: _Match, fig: Figure, noun: _Noun, sent: Sentence, segment: tuple[int, int],
             group: str, index: int, figs: list[Figure]) -> None:
        rule = match.rule
        doc = self.doc
        view = self.view
        subject = self.subject(rule, sent, fig)
        if subject is None or (rule.subject == "org" and subject and subject not in doc.major_orgs):
            return
        if rule.prior and doc.published_year and (fig.number or 0) >= doc.published_year:
            return
        quals: dict[str, str] = {}
        if "group" in rule.qualifiers and group:
            quals["group"] = group
        if "place" in rule.qualifiers:
            places = doc.in_span("place", segment[0], segment[1])
            if places:
                quals["place"] = places[0].id
        if "claimant" in rule.qualifiers:
            claimant = self.claimant(sent, fig)
            if claimant:
                quals["claimant"] = claimant
        if "force" in rule.qualifiers:
            forces = doc.in_span("force", sent.start, fig.start)
            if not forces:
                return
            quals["force"] = forces[-1].id
        if "membership" in rule.qualifiers:
            phrase = view[fig.start:noun.end + 20]
            if self.kit.former and self.kit.former.search(phrase):
                quals["membership"] = "former"
            elif self.kit.observer and self.kit.observer.search(phrase):
                quals["membership"] = "observer"
        value_fig = fig
        if rule.attribute == "member_count" and doc.plus_one_re and doc.plus_one_re.search(view[max(sent.start, fig.start - 60):fig.start]):
            n = (fig.number or 0) + 1
            value_fig = Figure(fig.start, fig.end, fig.core_start, fig.core_end, fig.kind, fmt(n), fmt(n), fmt(n) if fig.high else "",
                               fig.bound, n)
        countries: list[str] = [""]
        if "country" in rule.qualifiers:
            countries = self.countries_for(rule, fig, noun, sent, segment)
            if not countries:
                if "country" in rule.require:
                    return
                countries = [""]
        span_start, span_end = fig.start, noun.end
        if match.how == "period":
            span_end = max(span_end, fig.end + (1 if self.view[fig.end:fig.end + 1] == ")" else 0))
        if match.how != "carried" and max(span_end, match.cue_end) - min(span_start, match.cue_start) <= 250:
            span_start, span_end = min(span_start, match.cue_start), max(span_end, match.cue_end)
        if match.how == "carried" and fig.start - sent.start <= 150:
            span_start = sent.start
        method = f"{self.kit.code}.{rule.attribute}.{match.how}"
        periods = self.period_split(rule, value_fig)
        for country in countries:
            q = dict(quals)
            a, b = span_start, span_end
            if country:
                q["country"] = country
                mentions = [e for e in doc.in_span("country", sent.start, sent.end) if e.id == country]
                if mentions:
                    near = min(mentions, key=lambda e: abs(e.start - fig.start))
                    if max(b, near.end) - min(a, near.start) <= 250:
                        a, b = min(a, near.start), max(b, near.end)
            for attribute, value, low, high, bound in periods:
                self.add(subject, attribute, q, value, low, high, bound, rule, a, b, method, value_fig)

    def claimant(self, sent: Sentence, fig: Figure) -> str:
        """Who gives the figure: the official / unofficial cue nearest to it in its sentence."""
        hits = []
        for name, pattern in (("unofficial", self.kit.unofficial), ("official", self.kit.official)):
            if pattern:
                hits += [(self.cue_distance(fig, m.start(), m.end()), name) for m in pattern.finditer(self.view, sent.start, sent.end)]
        return min(hits)[1] if hits else ""

    def period_split(self, rule: ClaimRule, fig: Figure) -> list[tuple[str, str, str, str, str]]:
        """Membership over a range of years: joined at its start, left at its end; an absence
        ("auto-suspendu (1998-2006)") the other way round."""
        if rule.attribute in ("member_joined", "member_left") and fig.bound == "range":
            a, b = fig.range_parts
            first, then = ("member_joined", "member_left") if rule.attribute == "member_joined" else ("member_left", "member_joined")
            return [(first, a.value, a.value, a.value, "exact"), (then, b.value, b.value, b.value, "exact")]
        return [(rule.attribute, fig.value, fig.low, fig.high, fig.bound)]

    def table_row(self, sent: Sentence, figs: list[Figure], header: list[tuple[int, int]] | None):
        """A row of a table whose rows are countries and whose columns name organisations.

        The first row of a table is its header. A cell is read like a sentence, about the
        organisation its column names and the country its row names; a column that names no
        organisation, or a treaty first (ratification dates), is not read.
        """
        cells = _cells(self.view, sent)
        if header is None:
            return cells
        doc = self.doc
        countries = doc.in_span("country", *cells[0]) if cells else []
        if len(countries) != 1:
            return header
        for i, (a, b) in enumerate(cells[1:], start=1):
            if i >= len(header):
                break
            named = sorted(doc.in_span("org", *header[i]) + doc.in_span("treaty", *header[i]), key=lambda e: e.start)
            if not named or named[0].kind != "org":
                continue
            cell_figs = [f for f in figs if a <= f.core_start < b]
            if not cell_figs:
                continue
            self.force = (named[0].id, countries[0].id)
            try:
                self.sentence(Sentence(a, b, sent.line_start, False, False), cell_figs, [])
            finally:
                self.force = None
        return header

    def add(self, subject: str, attribute: str, quals: dict, value: str, low: str, high: str, bound: str,
            rule: ClaimRule, start: int, end: int, method: str, fig: Figure) -> None:
        start, end = trim_quote(self.doc.text, start, end)
        unit = rule.unit or ("date" if fig.kind == "date" else "year" if rule.value in ("date", "year") else "persons")
        if rule.value in ("date", "year"):
            unit = "date" if len(value) > 4 else "year"
        self.claims.append(Claim(self.doc.source_id, subject, attribute, quals, value, low, high, bound, unit,
                                 start, end, self.doc.text[start:end], method, rule.confidence))

    # -- subjects and countries ------------------------------------------------------------------
    def subject(self, rule: ClaimRule, sent: Sentence, fig: Figure) -> str | None:
        doc = self.doc
        required = "subject" in rule.require
        if self.force and rule.subject == "org":
            return self.force[0]
        if rule.subject in ("event", "operation"):
            return doc.subject_name(rule.subject, sent)
        if rule.subject == "treaty":
            treaties = doc.in_span("treaty", sent.start, sent.end)
            if not treaties:
                return None if required else ""
            return min(treaties, key=lambda e: abs(e.start - fig.start)).id
        # an organisation
        orgs = sorted(doc.in_span("org", sent.start, sent.end) + doc.in_span("org_anaphor", sent.start, sent.end),
                      key=lambda e: e.start)
        before = [e for e in orgs if e.end <= fig.start]
        if before:  # the organisation named before the figure: "membre du GUAM de 1999 à 2005"
            return before[-1].id or doc.main_org or (None if required else "")
        if any(e.id in ("", doc.main_org) for e in orgs):
            return doc.main_org or (None if required else "")
        if orgs and required:  # "Fondée en 2002, ... l'OTAN": named after the figure
            return orgs[0].id
        if self.kit.org_pronoun and self.kit.org_pronoun.match(self.view, sent.start) and doc.main_org:
            return doc.main_org
        if required:
            return None
        return doc.main_org or ""

    def countries_for(self, rule: ClaimRule, fig: Figure, noun: _Noun, sent: Sentence, segment: tuple[int, int]) -> list[str]:
        doc = self.doc
        view = self.view
        if self.force:
            return [self.force[1]]
        in_sentence = doc.in_span("country", sent.start, sent.end)
        # "entre 100 et 200 personnes chacun": each of the countries named before
        # "... chacun", or "Belarus, Armenia and Tajikistan each sent ...": each of the countries named before
        named_before = [e for e in in_sentence if e.end <= fig.start]
        if self.kit.distributive and named_before and (
                self.kit.distributive.search(view[fig.end:min(segment[1], fig.end + 60)])
                or self.kit.distributive.search(view[named_before[-1].end:fig.start])):
            before = _unique(e.id for e in named_before)
            if len(before) >= 2:
                return before
        # "l'Azerbaïdjan (24 septembre 1993)": a country and its date in brackets
        for e in in_sentence:
            if e.end <= fig.core_start and re.fullmatch(r"\s*\(\s*", view[e.end:fig.core_start]):
                return [e.id]
        if rule.subject == "operation":
            # whose troops: country words inside the noun phrase or right after it
            # ("2,500 Russian paratroopers", "100 soldats arméniens", "parachutistes de Russie, de Biélorussie")
            ids = [e.id for e in doc.in_span("country", fig.end, noun.end)]
            position = noun.end
            for e in doc.in_span("country", noun.end, segment[1]):
                if not _NATIONALITY_GLUE.fullmatch(view[position:e.start]):
                    break
                ids.append(e.id)
                position = e.end
            ids = _unique(ids)
            if len(ids) == 1:
                return ids
            if ids:
                return []
            # "Russia contributed about 1,500", "le contingent russe comptait environ 1 500 hommes"
            before = [e for e in in_sentence if e.end <= fig.start and fig.start - e.end <= 40
                      and not _LOCATIVE.search(view, max(sent.start, e.start - 12), e.start)
                      and not re.search(r"[;:,]|\s(?:et|and|but|mais)\s", view[e.end:fig.start])]
            return [before[-1].id] if before else []
        # "ces trois pays": the last countries named
        for pattern in self.kit.country_anaphora:
            m = pattern.search(view, sent.start, sent.end)
            if m:
                n = _number_word(m.group(1), self.kit.code)
                if n:
                    earlier = [e.id for e in doc.in_span("country", max(0, sent.start - 2000), sent.start)][::-1]
                    picked = _unique(earlier)[:n]
                    if len(picked) == n:
                        return picked[::-1]
        if not in_sentence:
            return []
        if rule.attribute in ("member_joined", "member_left") and fig.bound == "range":
            before = [e for e in in_sentence if e.end <= fig.start]
            if before:
                return [before[-1].id]
        aside = self.aside(sent, fig)
        if aside:  # "l'Ouzbékistan (qui a réintégré l'Organisation en 2006)": the country the aside is about
            inside = [e for e in in_sentence if aside[0] <= e.start < aside[1] and e.end <= fig.start]
            before = [e for e in in_sentence if e.end <= aside[0]]
            if inside or before:
                return [(inside or before)[-1].id]
        if rule.attribute in ("member_joined", "member_left"):
            # "Azerbaijan, Georgia and Uzbekistan refused to renew": the coordinated subjects
            runs: list[list[Entity]] = []
            for e in in_sentence:
                if runs and self.kit.list_glue.match(view[runs[-1][-1].end:e.start]):
                    runs[-1].append(e)
                else:
                    runs.append([e])
            before_runs = [r for r in runs if r[-1].end <= fig.start]  # the subject usually comes first
            pool = before_runs or runs
            run = min(pool, key=lambda r: min(abs(r[0].start - fig.start), abs(r[-1].end - fig.start)))
            if len(run) > 1:
                return _unique(e.id for e in run)
        before = [e for e in in_sentence if e.end <= fig.start]
        return [before[-1].id] if before else [in_sentence[0].id]

    # -- encyclopedic layouts ------------------------------------------------------------------------
    def infobox(self, sent: Sentence, figs: list[Figure]) -> None:
        """'Création<TAB>7 octobre 2002', 'Deaths: 42', '| Founded | 1992 |'."""
        if not sent.is_line:
            return
        line = self.view[sent.start:sent.end]
        m = re.match(r"^\s*\|?\s*([^\t:|]{2,40}?)\s*(?:\t+|\s*:\s+|\s*\|\s*)(.+?)\s*\|?\s*$", line)
        if not m:
            return
        attribute = self.kit.infobox.get(_norm(m.group(1)))
        if not attribute:
            return
        rule = self.kit.rule_by_attribute.get(attribute)
        if rule is None:
            return
        value_start = sent.start + m.start(2)
        cell = [f for f in figs if f.core_start >= value_start]
        subject = self.doc.subject_name(rule.subject, sent) if rule.subject in ("event", "operation") else self.doc.main_org
        if not subject:
            return  # an infobox of what? no organisation is named in the source
        method = f"{self.kit.code}.{attribute}.infobox"
        if attribute == "member_count":
            countries = _unique(e.id for e in self.doc.in_span("country", value_start, sent.end))
            if len(countries) >= 2 and not cell:
                n = str(len(countries))
                fake = Figure(value_start, sent.end, value_start, sent.end, "count", n, n, n, "exact", float(len(countries)))
                self.add(subject, attribute, {}, n, n, n, "exact", rule, sent.start, sent.end, method, fake)
                return True
        if not cell:
            return
        # "15 May 1992 (treaty) 7 October 2002 (organization)": the figure the label does not set aside
        usable = [f for f in cell if not (self.kit.infobox_skip and self.kit.infobox_skip.match(self.view, f.end))]
        if not usable:
            return
        fig = usable[0]
        if rule.value in ("date", "year") and fig.kind not in ("year", "date"):
            return
        if rule.value == "count" and fig.kind in ("date", "day"):
            return
        self.add(subject, attribute, {}, fig.value, fig.low, fig.high, fig.bound, rule, sent.start, sent.end, method, fig)
        return True

    def member_list(self, sent: Sentence, figs: list[Figure]) -> None:
        """'Elle regroupe l'Arménie, la Biélorussie ... et le Tadjikistan': a count from the list."""
        if not self.kit.list_cues or len(self.doc.in_span("country", sent.start, sent.end)) < 3:
            return
        rule = self.kit.rule_by_attribute.get("member_count")
        if rule is None:
            return
        view = self.view
        for cue in self.kit.list_cues.finditer(view, sent.start, sent.end):
            if any(f.start >= cue.end() and f.start - cue.end() < 60 for f in figs):
                continue  # a figure states the count: the rule on figures reads it
            around = view[max(sent.start, cue.start() - 15):cue.end() + 15]
            if self.kit.partial_list and self.kit.partial_list.search(around):
                continue  # "also includes": some of the members, not all
            countries = [e for e in self.doc.in_span("country", cue.end(), sent.end)]
            listed: list[Entity] = []
            position = cue.end()
            for e in countries:
                if not self.kit.list_glue.match(view[position:e.start]):
                    break
                listed.append(e)
                position = e.end
            ids = _unique(e.id for e in listed)
            if len(ids) < 3:
                continue
            fake = Figure(cue.start(), position, cue.start(), position, "count", str(len(ids)), str(len(ids)), str(len(ids)),
                          "exact", float(len(ids)))
            subject = self.subject(rule, sent, fake)
            if subject is None:
                continue
            n = str(len(ids))
            self.add(subject, "member_count", {}, n, n, n, "exact", rule, cue.start(), position,
                     f"{self.kit.code}.member_count.list", fake)

    def dedupe(self) -> list[Claim]:
        seen = set()
        out = []
        for c in sorted(self.claims, key=lambda c: (c.start, c.end, c.attribute, c.qualifier_text(), c.value)):
            key = (c.start, c.end, c.attribute, c.qualifier_text(), c.value)
            if key in seen:
                continue
            seen.add(key)
            out.append(c)
        return out


def _cells(view: str, sent: Sentence) -> list[tuple[int, int]]:
    """The tab-separated cells of a table row, as spans (blank cells kept, so columns line up)."""
    line_end = view.find("\n", sent.line_start)
    line_end = len(view) if line_end < 0 else line_end
    cells, start = [], sent.line_start
    for i, ch in enumerate(view[sent.line_start:line_end], start=sent.line_start):
        if ch == "\t":
            cells.append((start, i))
            start = i + 1
    cells.append((start, line_end))
    return cells


_LOCATIVE = re.compile(r"(?:\b(?:in|into|to|across|throughout|inside|au|aux|en|dans|vers)\s+(?:the\s+|le\s+|la\s+|l['’]\s*)?|\bà\s+)$",
                       re.IGNORECASE)

_NATIONALITY_GLUE = re.compile(r"[\s,]*(?:(?:et|and|ainsi que)\s+)?(?:(?:de|du|des|d|from|of|the|la|le|les|l)\b\s*['’]?\s*)*")


def doc_places_at(doc: "Document", start: int, end: int) -> list:
    """Places named right after a figure ("dont 103 à Almaty"): within its first few words."""
    return [e for e in doc.in_span("place", start, min(end, start + 25))]


def _may(first: frozenset | None, words: set[str]) -> bool:
    """Whether a phrase list can match a text with these words (always, without a word list)."""
    return first is None or not first.isdisjoint(words)


def _unique(ids) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i and i not in out:
            out.append(i)
    return out


def _number_word(word: str, code: str) -> int | None:
    if word.isdigit():
        return int(word)
    figs = find_figures(word, code)
    if figs and figs[0].number and figs[0].kind == "count":
        return int(figs[0].number)
    return None


def extract_claims(source_id: str, text: str, language: str, published: str = "") -> list[Claim]:
    """Every claim the rules find in one source text, in text order."""
    doc = Document(source_id, text, language, published)
    return Extractor(doc).run()
