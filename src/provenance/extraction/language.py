"""Everything compiled for one language, in one place, once: its claim rules, number reader,
noun classes, function words (grammar), anaphora, membership and claimant cues, infobox labels.

`language_of(code)` reads rules/<code>.toml through its schema, fills the gazetteer's forces
into the rules and builds the regexes the extraction matches. No word of any language is
written in the code: a new language is a new rules file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re  # its long alternations of phrases run several times faster than re's

from .attributes import registry
from ..plumbing import ProvenanceError
from .frames import Frames
from .gazetteer import Gazetteer, load_gazetteer
from .nouns import NounLexicon
from .figure import Figure
from .number_reader import NumberReader
from .plus_one import PlusOne
from .screen import first_words
from .rules import ClaimRule, UnknownPredicate, alternation, compile_rule, glued, phrase_pattern, phrases_regex, read_language, rules_file_name

# The order in which the strategies that name a claim's countries are tried (resolve.py);
# a rules file may give its own in [resolve] country.
COUNTRY_ORDER = ("table_cell", "line_lead", "distributive", "bracketed_date", "contributors", "anaphora", "none_named",
                 "membership_range", "aside", "coordinated", "nearest")


# The values a figure of each kind can be (matching.fits_value says which exactly): a count is a
# count or a duration, a bare year may be a count too ("1992 soldiers"), a day is no rule's value.
VALUES_OF_KIND = {"count": ("count", "duration"), "year": ("count", "year", "date"), "date": ("date",)}


# The kinds of membership a count may be of, in the order they are tried (see [membership]).
MEMBERSHIP_KINDS = ("former", "observer", "founding", "associate")


def norm(text: str) -> str:
    """A label or alias as looked up: one space, ’ as ', lower case."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _joined(phrases: list[str]) -> str:
    """Phrases as one alternation body, in the order given ('' for none)."""
    return "|".join(phrase_pattern(p) for p in phrases)


def _optional(pattern: str, template: str = "{}") -> re.Pattern | None:
    return re.compile(template.format(pattern), re.IGNORECASE) if pattern else None


@dataclass(frozen=True)
class Grammar:
    """Patterns built from a language's function words ([grammar] in its rules file)."""
    noun_lead: str            # "de", "of" before a noun ("2 500 de ses soldats")
    noun_filler_stop: str     # words that end the adjectives between a figure and its noun
    locative: re.Pattern      # "au ", "in the ": where things happen, right before a country
    nationality_glue: re.Pattern  # what may stand between a figure's noun and its countries
    clause_break: re.Pattern  # a new clause between a country and a figure
    clause_gap: re.Pattern    # a clause between a cue and a figure
    coordinated: re.Pattern   # "17 policiers et": a figure coordinated with the next
    and_before: re.Pattern    # "… et 353 blessés": the next figure counts the same group
    and_verb_before: re.Pattern  # "killing nine French soldiers and wounding 31": so does this one
    among: re.Pattern         # "parmi les ", "among the ": the group of the tolls before it comes next
    attached: re.Pattern      # "de l'", "of the", "'s": what joins a thing to the organisation it belongs to
    from_country: re.Pattern  # " from ", " du ": what joins a figure to the country it comes from

    @classmethod
    def build(cls, words: dict) -> "Grammar":
        def alt(*keys: str) -> str:
            return alternation(w for k in keys for w in words.get(k, []))
        of = "|".join(re.escape(w.rstrip("'")) for w in words.get("noun_lead", [])) or "(?!x)x"
        locative = (rf"(?:{alt('locative')}\s+(?:{glued(words.get('locative_articles', []))})?"
                    rf"|{alt('locative_bare')}\s+)$")
        # "1,000 troops with vehicles from Saudi Arabia": one companion noun may come between
        # ("avec des véhicules d'Arabie saoudite": the companion noun may take an article)
        companion = rf"(?:\s+{alt('companion')}\s+(?:{alt('articles', 'nationality_of')}\s+)?[^\W\d][\w'’-]*)?"
        glue = rf"{companion}[\s,]*(?:{alt('and', 'also_and')}\s+)?(?:{alt('nationality_of', 'articles')}\s*['’]?\s*)*"
        return cls(
            noun_lead=rf"(?:(?:{of})\s*['’]?\s*)?",
            noun_filler_stop=alt("and", "or", "of"),
            locative=re.compile(locative, re.IGNORECASE),
            nationality_glue=re.compile(glue, re.IGNORECASE),
            clause_break=re.compile(rf"[;:,]|\s{alt('and', 'but')}\s", re.IGNORECASE),
            clause_gap=re.compile(rf",|;|\s{alt('and', 'but', 'then')}\s", re.IGNORECASE),
            coordinated=re.compile(rf"(?:,|\s{alt('and', 'or')})\s*$", re.IGNORECASE),
            and_before=re.compile(rf"(?<!,)\s{alt('and')}\s*$", re.IGNORECASE),
            and_verb_before=re.compile(rf"(?<!,)\s{alt('and')}\s+[^\W\d]+\s*$", re.IGNORECASE),
            among=re.compile(rf"\s*(?:{alt('among')})\s+(?:{glued(words.get('articles', []))})?\s*", re.IGNORECASE),
            from_country=re.compile(rf"\s+(?:{alt('nationality_of')})\s*['’]?\s*(?:{glued(words.get('articles', []))})?\s*",
                                    re.IGNORECASE),
            attached=re.compile(rf"\s*['’]s\s*|\s+(?:{alt('of')}|{of})\s*['’]?\s*(?:{glued(words.get('articles', []))})?\s*",
                                re.IGNORECASE),
        )


@dataclass(frozen=True)
class Language:
    code: str
    gazetteer: Gazetteer
    claims: tuple[ClaimRule, ...]
    rule_by_attribute: dict
    operation_attributes: frozenset  # what an operation has, by its rules: a date of it is not its organisation's
    rules_by_kind: dict         # a figure's kind -> the rules whose value it can be, in the rules' order
    period_rule: ClaimRule | None   # the rule a membership period's start is read with
    list_counted: frozenset         # attributes a list of countries counts (member_count)
    contributor_rule: ClaimRule | None  # the rule a table of troop contributors is read with
    numbers: NumberReader
    grammar: Grammar
    nouns: NounLexicon          # the noun classes read right after a figure (nouns.py)
    noun_words: dict            # noun class -> regex of its nouns anywhere (a table's header)
    frames: Frames | None       # the noun before a figure, through links and copulas (frames.py)
    frame_classes: frozenset    # the noun classes some rule's frame_nouns names
    predicate_lemmas: frozenset  # every lemma some rule's predicates name
    current_words: frozenset    # "now", "aujourd'hui": a count after them is today's, not the founders'
    at_founding: re.Pattern | None  # "initially with", "avec": what leads a founding to its count
    group_lookup: dict          # normalised group alias -> group id
    org_anaphora: re.Pattern | None
    operation_words: re.Pattern | None  # 'the operation', 'la mission': what a mission's dates are said of
    rival: re.Pattern | None    # 'or', 'according to', 'selon': figures so joined are rival readings, not a list's parts
    operation_objects: frozenset  # 'on', 'into', 'sur': an operation after them is what the sentence is about, not its subject
    grammar_articles: frozenset  # 'the', 'la', "l'": what a subject's words do not count
    org_pronoun: re.Pattern | None
    lineage: re.Pattern | None  # 'the successor to', 'succédant au': the organisation named next is in the story
    country_anaphora: tuple     # "ces {n} pays" patterns, the number captured
    continuation: re.Pattern | None
    distributive: re.Pattern | None
    partitive: re.Pattern | None
    inclusion: re.Pattern | None
    plus_one: PlusOne | None    # "autour de la Russie": the country named counts too
    unofficial: re.Pattern | None
    earlier: re.Pattern | None          # a figure superseded or first of several: 'the previous toll'
    moments: tuple                      # (moment, pattern): earlier, peak, later, planned, in the order tried
    event_kinds: tuple                  # (kind, pattern): the words that name a kind of event ('bus crash')
    acts: tuple                         # (act, lemmas): a membership act other than joining or leaving
    event_words: tuple                  # each kind's phrases' first words (screen.py), or None
    since: re.Pattern | None            # 'since', 'depuis': a date that starts a count, not its moment
    created: frozenset                  # lemmas of creating a force: the count it is created with is its first
    created_leads: frozenset            # "of", "with": the word that leads a created force to its count
    created_objects: frozenset          # "a", "une": the article a creating verb's object opens with
    official: re.Pattern | None
    period_before: re.Pattern | None
    list_cues: re.Pattern | None
    list_glue: re.Pattern
    former: re.Pattern | None
    membership_kinds: tuple      # (kind, regex): "anciens membres" is former, "membres fondateurs" founding …
    partial_list: re.Pattern | None
    observer: re.Pattern | None
    infobox: dict               # normalised label -> attribute
    infobox_skip: re.Pattern | None
    infobox_line: re.Pattern | None  # a known label, then its value with no separator or a space
    country_order: tuple[str, ...]
    note_marks: re.Pattern | None  # "[note 3]", "[citation needed]": marks that are not text


def _nouns(data: dict, gaz: Gazetteer) -> NounLexicon:
    """The noun classes read right after a figure (the gazetteer's groups among them)."""
    group_aliases = [a for e in gaz.data.get("group", []) for a in e.get("aliases", [])]
    words = data.get("grammar", {})
    return NounLexicon({"group": group_aliases, **data.get("nouns", {})}, words.get("noun_lead", []),
                       [w for key in ("and", "or", "of") for w in words.get(key, [])])


def _plus_one(phrases: list[str], articles: list[str], gaz: Gazetteer) -> PlusOne | None:
    aliases = [a for e in gaz.data.get("country", []) for a in e.get("aliases", [])]
    return PlusOne(phrases, articles, aliases) if phrases and aliases else None


def warmed(code: str) -> Language:
    """language_of(code), its patterns compiled on first use compiled now (a timing's warm-up)."""
    lang = language_of(code)
    if lang.plus_one is not None:
        lang.plus_one.whole  # noqa: B018 (compiled when read)
    return lang


def _infobox(code: str, section: dict) -> tuple[dict, re.Pattern | None]:
    known = registry().attributes
    labels = {}
    for attribute, words in section.items():
        if attribute == "skip_labels":
            continue
        if attribute not in known:
            raise ProvenanceError(f"unknown attribute 'infobox.{attribute}' (see rules/attributes.toml)",
                                  file=rules_file_name(f"{code}.toml"))
        labels.update({norm(label): attribute for label in words})
    skip = section.get("skip_labels", [])
    return labels, _optional(_joined(skip), r"\s*\(\s*(?:{})\s*\)")


def _infobox_line(labels: dict) -> re.Pattern | None:
    """'Injuries1,721', 'Création 17 janvier 2013': a short line, a known label, then a value that
    starts with a digit (pages flattened from HTML lose the separator)."""
    if not labels:
        return None
    alternation = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^\s*({alternation})\s*(\d[^\n]{{0,40}}?)\s*$", re.IGNORECASE)


def _claim_rules(code: str, data: dict, gaz: Gazetteer) -> tuple[ClaimRule, ...]:
    known = registry().attributes
    placeholders = {"force": gaz.force_alternation or "(?!x)x", "org": gaz.org_alternation or "(?!x)x"}
    rules = []
    for i, spec in enumerate(data.get("claim", [])):
        if spec["attribute"] not in known:
            raise ProvenanceError(f"claim[{i + 1}]: unknown attribute {spec['attribute']!r} "
                                  f"(see rules/attributes.toml)", file=rules_file_name(f"{code}.toml"))
        try:
            rules.append(compile_rule(spec, placeholders, data.get("predicates", {})))
        except UnknownPredicate as e:
            raise ProvenanceError(f"claim[{i + 1}]: {e.args[0]}", file=rules_file_name(f"{code}.toml")) from None
    return tuple(rules)


@lru_cache(maxsize=None)
def language_of(code: str) -> Language:
    """The compiled rules of one language (read, validated and compiled once per process)."""
    data = read_language(code)
    gaz = load_gazetteer()
    words = data.get("grammar", {})
    grammar = Grammar.build(words)
    ana, member, claimant = data.get("anaphora", {}), data.get("membership", {}), data.get("claimant", {})
    claims = _claim_rules(code, data, gaz)
    by_attribute: dict = {}
    for r in claims:  # an attribute's first rule: layouts (infobox labels, member lists) use it
        by_attribute.setdefault(r.attribute, r)
    infobox, infobox_skip = _infobox(code, data.get("infobox", {}))

    return Language(
        code=code, gazetteer=gaz, claims=claims, rule_by_attribute=by_attribute,
        operation_attributes=frozenset(r.attribute for r in claims if "operation" in r.require),
        rules_by_kind={kind: tuple(r for r in claims if r.value in values) for kind, values in VALUES_OF_KIND.items()},
        period_rule=next((by_attribute[a.name] for a in registry().with_flag("period")
                          if a.period == "start" and a.name in by_attribute), None),
        list_counted=frozenset(a.name for a in registry().with_flag("from_list") if a.name in by_attribute),
        contributor_rule=next((r for r in claims if r.subject == "operation" and "troops" in r.nouns), None),
        numbers=NumberReader(code, data), grammar=grammar, nouns=_nouns(data, gaz),
        noun_words={cls: phrases_regex(words) for cls, words in data.get("nouns", {}).items() if words},
        frames=Frames.build(data), frame_classes=frozenset(c for r in claims for c in r.frame_nouns),
        predicate_lemmas=frozenset().union(*(r.lemmas | r.lemmas_sentence for r in claims)),
        current_words=frozenset(w.lower() for w in member.get("current", [])),
        at_founding=_optional(_joined(member.get("at_founding", [])), r"(?:{})\s*$"),
        group_lookup={norm(a): e["id"] for e in gaz.data.get("group", []) for a in e.get("aliases", [])},
        org_anaphora=phrases_regex(ana.get("org", [])),
        **_operation_words(ana, words),
        org_pronoun=_optional(_joined(ana.get("org_pronouns", [])), r"(?:^|[,;:])\s*(?:{})\b"),
        lineage=phrases_regex(ana.get("lineage", [])),
        country_anaphora=tuple(re.compile(phrase_pattern(p.replace("{n}", "NUMBER")).replace("NUMBER", r"(\w+)"),
                                          re.IGNORECASE) for p in ana.get("countries", [])),
        continuation=_optional(_joined(ana.get("continuation", [])), r"\s*(?:{})"),
        distributive=phrases_regex(ana.get("distributive", [])),
        partitive=_optional(_joined(ana.get("partitive", [])), r"\s*(?:{})\s"),
        inclusion=_optional(_joined(ana.get("inclusion", [])), r"(?:{})\s*$"),
        plus_one=_plus_one(ana.get("plus_one", []), words.get("articles", []), gaz),
        unofficial=phrases_regex(claimant.get("unofficial", [])),
        official=phrases_regex(claimant.get("official", [])),
        **_moment_words(data.get("moment", {}), words),
        acts=tuple((act, frozenset(words)) for act, words in data.get("acts", {}).items() if words),
        event_kinds=tuple((kind, phrases_regex(words)) for kind, words in data.get("events", {}).items() if words),
        event_words=tuple(first_words(words) for words in data.get("events", {}).values() if words),
        period_before=_optional(_joined(member.get("period_before", [])), r"(?:{})\s*(?:\(|,)?\s*$"),
        list_cues=phrases_regex(member.get("list_cues", [])),
        list_glue=re.compile(rf"^(?:[\s,;]|\([^()]*\)|(?:{_joined(member.get('list_glue', []))}))*$", re.IGNORECASE),
        former=phrases_regex(member.get("former", [])),
        membership_kinds=tuple((kind, phrases_regex(member[kind])) for kind in MEMBERSHIP_KINDS if member.get(kind)),
        partial_list=phrases_regex(member.get("partial", [])),
        observer=phrases_regex(member.get("observer", [])),
        infobox=infobox, infobox_skip=infobox_skip, infobox_line=_infobox_line(infobox),
        country_order=tuple(data.get("resolve", {}).get("country", COUNTRY_ORDER)),
        note_marks=_note_marks(data.get("markup", {})),
    )


def _moment_words(moment: dict, words: dict) -> dict:
    """What places a figure at a moment: earlier, peak, later, planned; a date's start; creation."""
    return dict(
        earlier=phrases_regex(moment.get("earlier", [])),
        moments=tuple((when, pattern) for when in ("earlier", "peak", "later", "planned", "added")
                      if (pattern := phrases_regex(moment.get(when, []))) is not None),
        created=frozenset(moment.get("created", [])),
        created_leads=frozenset(w.lower() for key in ("of", "companion") for w in words.get(key, [])),
        created_objects=frozenset(w.lower().rstrip("'’") for w in moment.get("created_objects", [])),
        since=_optional(_joined(moment.get("since", [])), r"(?:{})\s*(?:\S+\s*)?$"))


def _operation_words(ana: dict, words: dict) -> dict:
    """What says an operation is a sentence's subject, and which figures are rival readings."""
    articles = words.get("articles", [])
    return dict(operation_words=phrases_regex(ana.get("operation", [])),
                rival=phrases_regex(words.get("or", []) + words.get("rival", [])),
                operation_objects=frozenset(w.lower() for w in ana.get("operation_objects", [])),
                grammar_articles=frozenset(w.lower().strip("'’") for w in articles) | frozenset(w.lower() for w in articles))


def _note_marks(markup: dict) -> re.Pattern | None:
    """'[note 3]', '[lower-alpha 1]', '[citation needed]': the language's worded note marks."""
    numbered, whole, widgets = markup.get("numbered_notes", []), markup.get("notes", []), markup.get("widgets", [])
    parts = [rf"(?:{_joined(numbered)})\s?\d{{1,3}}"] if numbered else []
    parts += [_joined(whole)] if whole else []
    marks = [r"\[(?:" + "|".join(parts) + r")\]"] if parts else []
    marks += [rf"(?:{_joined(widgets)})\s*\(\d{{1,3}}\)"] if widgets else []  # "show all (3)"
    return re.compile("|".join(marks), re.IGNORECASE) if marks else None


def find_figures(view: str, language: str, spans: list[tuple[int, int]] | None = None) -> list[Figure]:
    """All figures of a text in one language (see NumberReader)."""
    return language_of(language).numbers.find(view, spans)
