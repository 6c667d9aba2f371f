"""Reading one source: the walk that puts the parts together, and nothing else.

Per sentence: an infobox line (layouts), a table row (layouts, each cell read like a sentence),
or prose: find the figures, read the noun after each (whose count is it?), let every claim rule
score how close its cue stands (matching), keep the best, and turn it into claims (emit: the
subject and the scope qualifiers from the gazetteer, one claim per country where the wording is
distributive, paired or anaphoric). A list of members after a cue is a count (layouts).
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import regex as re  # its long alternations of phrases run several times faster than re's

from .attributes import registry
from ..claims import Claim, Qualifiers
from .document import Document
from .emit import dedupe, emit
from .layouts import cells, contributor_tables, infobox, member_list, table_cells
from .matching import Match, SentenceCues, match_rule
from .number_reader import Figure
from .frames import COPULA, noun_before
from .resolve import Cell, Mention, Noun, noun_after, period_cue
from .rules import ahead, rules_files
from .sections import Section, member_date_line
from .text import Sentence, composed

COORDINATION_LIMIT = 4   # figures sharing one cue: "17 policiers, 26 manifestants et 3 civils"
COUNTRIES = "members"  # the noun class of countries and states: never people, whatever the frame before says
INCLUSION_REACH = 30     # "…, including 16 police officers": the inclusion word this close before


@dataclass(frozen=True)
class Prose:
    """A sentence's figures with their nouns and segments (up to the next figure or clause end)."""
    sent: Sentence
    figs: list[Figure]
    mentions: list[Mention]

    @classmethod
    def read(cls, doc: Document, sent: Sentence, figs: list[Figure], cell: Cell | None) -> "Prose":
        clause_ends = [sent.start + i for i, ch in enumerate(doc.view[sent.start:sent.end]) if ch == ";"]
        mentions = []
        for i, fig in enumerate(figs):
            # "1,000 (1,200) troops": both figures count the noun after the bracket
            first = i - 1 if i and _alternative(doc.view, figs[i - 1], fig) else i
            last = first + 1 if first + 1 < len(figs) and _alternative(doc.view, figs[first], figs[first + 1]) \
                else first
            after = _ALTERNATIVE_CLOSE.match(doc.view, figs[last].end, ahead(figs[last].end)).end() if last > first else fig.end
            end = figs[last + 1].start if last + 1 < len(figs) else sent.end
            end = min([end] + [c for c in clause_ends if c >= after][:1])
            noun = counted(doc, sent, fig, noun_after(doc, fig if after == fig.end else replace(fig, end=after), end),
                           mentions)
            mentions.append(Mention(fig, sent, noun, (after, max(after, end)), cell))
        return cls(sent, figs, mentions)

    def shared_segment(self, doc: Document, i: int) -> tuple[int, int]:
        """The figure's segment, stretched over the figures coordinated with it: "17 policiers et
        26 manifestants ont été tués" shares the cue after the last one."""
        a, b = self.mentions[i].segment
        k = i
        while k + 1 < len(self.figs) and k - i < COORDINATION_LIMIT:
            between = doc.view[slice(*self.mentions[k].segment)]
            if not doc.lang.grammar.coordinated.search(between) or any(ch in between for ch in ".;:!?"):
                break
            k += 1
            b = self.mentions[k].segment[1]
        return a, b


def counted(doc: Document, sent: Sentence, fig: Figure, noun: Noun, before: list[Mention]) -> Noun:
    """What the figure counts: the noun after it, else the figure's before it that it is a part
    of ("a force of 35,000 troops, of which 30,000"), widened by the noun before it through links
    and copulas when the one after says nothing a frame decides ("une force de 30 000 hommes")."""
    if noun.none and before and doc.lang.inclusion \
            and doc.lang.inclusion.search(doc.view, max(before[-1].noun.end, fig.start - INCLUSION_REACH), fig.start):
        return replace(before[-1].noun, end=fig.end, inherited=True)
    if noun.none and before and _from_country(doc, before[-1], fig):
        return replace(before[-1].noun, end=fig.end, inherited=True)
    if noun.classes & doc.lang.frame_classes or fig.kind != "count" or fig.year_like:
        return noun
    if "troops" in noun.classes and _of_a_force(doc, noun.end, sent.end):
        return Noun(noun.classes | {"soldiers"}, noun.end, noun.group)  # "9 000 membres de la Mission …"
    framed, start = noun_before(doc.view, doc.lang.code, doc.lang.frames, fig.start, sent.start)
    if COPULA in framed:  # "ils étaient de 4 500 hommes", "the force numbered 7,600 men": the count is of them
        framed = frozenset({"soldiers"}) if "troops" in noun.classes and COUNTRIES not in noun.classes else frozenset()
    if not framed or COUNTRIES in noun.classes and "member_states" not in framed:
        return noun  # "8,000 soldiers from a total of 41 countries": countries, not soldiers
    return Noun(noun.classes | framed, max(noun.end, fig.end), noun.group, start=start)


_LIST_COMMA = re.compile(r"\s*,\s*")


def _from_country(doc: Document, earlier: Mention, fig: Figure) -> bool:
    """"2,500 troops, 32 from Senegal": a bare figure right after the count before it, from a
    country, is that count's part (its noun is the one before)."""
    if earlier.noun.none or earlier.fig.kind != "count" \
            or not _LIST_COMMA.fullmatch(doc.view, max(earlier.noun.end, earlier.fig.end), fig.start):
        return False
    joined = doc.lang.grammar.from_country.match(doc.view, fig.end, ahead(fig.end))
    named = doc.in_span("country", joined.end(), joined.end() + OF_REACH + 40) if joined else []
    return bool(named) and named[0].start == joined.end()


OF_REACH = 12  # "membres de la", "members of the": what stands between a noun and its force


def _of_a_force(doc: Document, start: int, end: int) -> bool:
    """The noun is followed by the name of a force or mission it belongs to ("membres de la Mission
    de paix de l'Union africaine", "members of the Kosovo Force"): its people are the force's."""
    frames = doc.lang.frames
    orgs = doc.in_span("org", start, min(end, start + OF_REACH + 80))
    if frames is None or not orgs or orgs[0].start - start > OF_REACH \
            or not doc.lang.grammar.attached.fullmatch(doc.view, start, orgs[0].start):
        return False
    name = doc.view[orgs[0].start:orgs[0].end]
    return any(cls == "soldiers" and pattern.search(name) for cls, pattern in frames.anywhere)


_ALTERNATIVE_OPEN = re.compile(r"\s*\(\s*$")
_ALTERNATIVE_CLOSE = re.compile(r"\s*\)")


def _alternative(view: str, fig: Figure, after: Figure) -> bool:
    """`after` is a bracketed alternative to `fig`: "1,000 (1,200) troops"."""
    return fig.kind == after.kind == "count" and bool(_ALTERNATIVE_OPEN.match(view[fig.end:after.start])) \
        and bool(_ALTERNATIVE_CLOSE.match(view, after.end, ahead(after.end)))


def read_sentence(doc: Document, cues: SentenceCues, sent: Sentence, figs: list[Figure],
                  prev: list[Sentence], cell: Cell | None = None) -> list[Claim]:
    """The claims of the figures of one sentence (or one table cell)."""
    prose = Prose.read(doc, sent, figs, cell)
    periods: set[int] = set()
    matched: dict[int, Match] = {}
    out: list[Claim] = []
    joined = doc.lang.period_rule
    partitive = doc.lang.partitive
    by_mention: list[tuple[int, Claim]] = []
    for i, m in enumerate(prose.mentions):
        fig = m.fig
        # "17 of the 20", "nine of them", "two of the dead": a part of another figure; "nine of the
        # attackers" counts a group
        if partitive and fig.kind == "count" and not m.noun.group and partitive.match(doc.view, fig.end, ahead(fig.end)):
            continue
        cue = period_cue(doc, sent, fig, figs[i - 1] if i else None, i - 1 in periods) if joined else None
        if cue:
            periods.add(i)
            out += emit(doc, Match(joined, 0, cue[0], cue[1], "period"), m, "")
            continue
        best = _included(doc, prose, matched, i) or _best_rule(doc, cues, prose, i, prev)
        if best is None:
            continue
        matched[i] = best
        claims = emit(doc, best, m, _group(doc, prose, matched, i))
        out += claims
        by_mention.extend((i, c) for c in claims)
    listed = _listed(doc, prose)
    return with_sides(doc, out, [(prose.mentions[i], c) for i, c in by_mention if i in listed])


def with_sides(doc: Document, out: list[Claim], by_mention: list[tuple[Mention, Claim]]) -> list[Claim]:
    """"3 Gambian soldiers, 1 ECOWAS soldier and 10 civilians wounded": figures of one sentence
    with one scope and different values are the group's parts on different sides, never the whole
    nor each other's rival: each gets its side, the country or organisation its own noun phrase
    names ('gambia', 'ECOWAS'), else its noun phrase ('special_forces'); a bare noun ('160 troops')
    stays the whole its siblings are parts of."""
    keyed = [((c.attribute, c.subject, str(c.qualifiers)), m, c) for m, c in by_mention]
    scopes: dict[tuple, set[str]] = {}
    bare: set[tuple] = set()  # scopes one of whose figures has a bare noun ('160 troops'): the whole
    for key, m, c in keyed:
        scopes.setdefault(key, set()).add(c.value or c.value_low)
        if len(doc.view[m.fig.end:max(m.noun.end, m.fig.end)].split()) <= 1:
            bare.add(key)
    shared = {k for k, values in scopes.items() if len(values) > 1}
    if not shared:
        return out
    sided = {}
    for key, m, c in keyed:
        if key in shared and registry().get(c.attribute).sums:
            side = _side(doc, m, c.qualifiers, key in bare)
            if side:
                sided[id(c)] = c._replace(qualifiers=Qualifiers.of(dict(c.qualifiers, side=side)))
    return [sided.get(id(c), c) for c in out]


_SLUG = re.compile(r"\W+")
SIDE_WORDS = 4  # a side named by its noun phrase: its first words


def _listed(doc: Document, prose: Prose) -> set[int]:
    """The figures that are items of a list: coordinated with the figure before or after them ("3
    Gambian soldiers, 1 ECOWAS soldier and 10 civilians"), not set against it ("environ 3 000
    hommes, mais le ministère … n'évoquait que 2 500"), in a sentence that gives no rival readings
    ("or", "according to")."""
    rival = doc.lang.rival
    if len(prose.figs) < 2 or rival and rival.search(doc.view, prose.sent.start, prose.sent.end):
        return set()
    coordinated = doc.lang.grammar.coordinated
    joined = [bool(coordinated.search(doc.view[max(prose.mentions[a].noun.end, prose.figs[a].end):prose.figs[a + 1].start]))
              for a in range(len(prose.figs) - 1)]
    return {i for i in range(len(prose.figs)) if i and joined[i - 1] or i < len(joined) and joined[i]}


def _side(doc: Document, m: Mention, scope: Qualifiers, bare_whole: bool) -> str:
    """The country or organisation named between a figure and the end of its noun, unless the
    scope already has it; else, beside a sibling whose noun is bare ("Austria – 160 troops, 50
    special forces"), the noun phrase itself; else none: "7,000 French troops, 4,000 French
    soldiers" stay rivals."""
    end = max(m.noun.end, m.fig.end)
    named = sorted(doc.in_span("country", m.fig.end, end) + doc.in_span("org", m.fig.end, end), key=lambda e: e.start)
    own = [e.id for e in named if e.id and e.id not in scope.values()]
    if own:
        return _SLUG.sub("_", own[0].lower()).strip("_")
    words = doc.view[m.fig.end:end].split()[:SIDE_WORDS]
    return _SLUG.sub("_", " ".join(words).lower()).strip("_") if bare_whole and len(words) > 1 else ""


def _best_rule(doc: Document, cues: SentenceCues, prose: Prose, i: int, prev: list[Sentence]) -> Match | None:
    best = None
    after = prose.shared_segment(doc, i)
    for rule in doc.lang.rules_by_kind.get(prose.mentions[i].fig.kind, ()):
        found = match_rule(cues, rule, prose.mentions[i], after, prev)
        if found and (best is None or found.distance < best.distance):
            best = found
    return best


def _included(doc: Document, prose: Prose, matched: dict[int, Match], i: int) -> Match | None:
    """"164 people were killed, including 16 police officers": a part of the figure before."""
    earlier = matched.get(i - 1)
    m = prose.mentions[i]
    if earlier is None or not doc.lang.inclusion or "group" not in earlier.rule.qualifiers:
        return None
    bare = m.noun.none or m.noun.inherited  # "dont deux retrouvés décapités": no group of its own
    placed = bare and bool(doc.places_at(m.fig.end, m.segment[1]))
    if bare and not placed:
        return None
    before = prose.figs[i - 1]
    if not doc.lang.inclusion.search(doc.view[max(before.end, m.fig.start - INCLUSION_REACH):m.fig.start]):
        return None
    return Match(earlier.rule, earlier.distance, earlier.cue_start, earlier.cue_end, "included")


def _group(doc: Document, prose: Prose, matched: dict[int, Match], i: int) -> str:
    """The figure's group; "13 agents … ont été tués et 353 blessés": the second counts the same
    (a bare toll noun, "and 748 injured", names no group of its own)."""
    m = prose.mentions[i]
    previous = matched.get(i - 1)
    bare = m.noun.none or (not m.noun.group and m.noun.classes <= doc.lang.frame_classes)
    grammar = doc.lang.grammar
    if bare and previous is not None and previous.how != "included" \
            and (grammar.and_before.search(doc.view[prose.figs[i - 1].end:m.fig.start])
                 or m.noun.none and grammar.and_verb_before.search(doc.view[prose.mentions[i - 1].noun.end:m.fig.start])):
        if prose.mentions[i - 1].noun.group:
            return prose.mentions[i - 1].noun.group
    return m.noun.group or (_group_among(doc, m, prose.shared_segment(doc, i)[1]) if bare else "")


def _group_among(doc: Document, m: Mention, end: int) -> str:
    """"neuf morts et 38 blessés parmi les soldats français": the group the tolls are among."""
    among = doc.lang.grammar.among
    found = among.search(doc.view, max(m.noun.end, m.fig.end), end)
    if found is None:
        return ""
    noun = doc.lang.nouns.after(doc.view, found.end(), end)
    return doc.lang.group_lookup.get(noun.group_alias, "") if noun and noun.group_alias else ""


def _figures_by_sentence(doc: Document) -> list[list[Figure]]:
    """Each sentence's figures (those whose numeral starts inside it), in one pass."""
    out, fi, figures = [], 0, doc.figures
    for sent in doc.sentences:
        while fi < len(figures) and figures[fi].core_start < sent.start:
            fi += 1
        j = fi
        while j < len(figures) and figures[j].core_start < sent.end:
            j += 1
        out.append(figures[fi:j])
    return out


def read_document(doc: Document) -> list[Claim]:
    """Every claim of a document, in text order."""
    cues = SentenceCues(doc)
    header: list[tuple[int, int]] | None = None  # the cells of the current table's header row
    figures = _figures_by_sentence(doc)
    out, tabled = contributor_tables(doc, figures)
    section = Section()
    for si, (sent, figs) in enumerate(zip(doc.sentences, figures)):
        if si in tabled:
            continue
        section, sectioned = section.read(doc, sent, figs)  # "Strength" / "Australie :" / "7 200 soldats"
        if sectioned is not None:
            out += sectioned
            continue
        listed = member_date_line(doc, sent, figs)  # "- Namibie - 31 mars 1990" under the members
        if listed:
            out += listed
            continue
        boxed = infobox(doc, sent, figs)
        if boxed:
            # "Casualties2: 6 protesters killed, 400 wounded": figures that carry their own words
            # are read as prose; the label decides only when they say nothing themselves
            worded = read_sentence(doc, cues, sent, figs, []) if len(figs) > 1 else []
            agree = any((c.attribute, c.value) == (boxed[0].attribute, boxed[0].value) for c in worded)
            out += worded if len(worded) > 1 or agree else boxed
            continue
        if sent.is_table_row:
            if header is None:
                header = cells(doc.view, sent)  # the first row of a table is its header
            else:
                for cell_sent, cell_figs, cell in table_cells(doc, sent, figs, header):
                    out += read_sentence(doc, cues, cell_sent, cell_figs, [], cell)
            continue
        header = None  # a line of prose ends the table
        found = read_sentence(doc, cues, sent, figs, doc.sentences[max(0, si - 2):si]) if figs else []
        out += found
        if not any(c.attribute in doc.lang.list_counted for c in found):
            out += member_list(doc, sent, figs)
    return dedupe(out)


def extract_claims(source_id: str, text: str, language: str, published: str = "") -> list[Claim]:
    """Every claim the rules find in one source text, in text order. A text in decomposed
    Unicode (NFD: 'e' + U+0301) is read composed; its quotes and offsets are the original's."""
    if unicodedata.is_normalized("NFC", text):
        return read_document(Document(source_id, text, language, published))
    nfc, origin = composed(text)
    claims = read_document(Document(source_id, nfc, language, published))
    return [c._replace(start=origin[c.start], end=origin[c.end], quote=text[origin[c.start]:origin[c.end]])
            for c in claims]


@lru_cache(maxsize=None)
def rules_version() -> str:
    """A fingerprint of every rules file (the code that reads them is in the extraction cache's
    key too: see pipeline.cache_key)."""
    h = hashlib.sha256()
    for name, entry in sorted(rules_files().items()):
        h.update(name.encode() + b"\0" + entry.read_bytes())
    return h.hexdigest()[:16]
