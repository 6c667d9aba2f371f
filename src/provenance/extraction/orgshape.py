"""Organisations, forces and missions no list names, found by the shape of their names.

Three shapes, read from a language's [names] rules:
- an acronym the text defines: "Kosovo Force (KFOR)", "Communauté économique des États de
  l'Afrique centrale (CEEAC)"; its letters must spell the name before it (Schwartz & Hearst's
  test), and later bare mentions of the acronym are the same entity;
- a capitalised noun phrase headed by an organisation word: "Pacific Islands Forum", "League of
  Arab States", "Communauté de développement d'Afrique australe", "Ligue arabe"; a verb ends it
  ("La Communauté caribéenne compte …": the lemmatiser says "compte" is "compter");
- the subject of a founding predicate that opens its sentence: "Mercosur was established in 1991".

The gazetteer's names win: a shape that overlaps one of its organisations, treaties or forces is
not a mention, except a defined acronym's name, which is its own entity ("African Union Mission in
Somalia (AMISOM)"). An entity's id is its defined acronym, else its name as written without its
article; a name the gazetteer knows keeps the gazetteer's id.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex as re
import simplemma

from .gazetteer import Entity
from .lemmas import lemma
from .namescreen import Screen, screen as _screen
from .rules import read_language
from .text import Sentence

_TOKEN = re.compile(r"(?P<elided>(?<![^\W\d_])[^\W\d_]{1,2}['’])(?=[^\W\d_])"
                    r"|(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)|(?P<other>\d+|\S)")
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z]{1,9})\s*\)")
_POSSESSIVE = ("'s", "’s")
ACRONYM_EXTRA_WORDS = 5   # a defined acronym's name has at most its letters plus this many words
FOUNDING_NAME_WORDS = 4   # "Mercosur was established": the longest name a founding predicate is read after


class Token(NamedTuple):  # a tuple: a text has many, and a frozen dataclass is slow to build
    text: str
    start: int
    end: int
    word: bool          # letters (not a digit or a punctuation mark)
    joined: bool        # only spaces (no line break) separate it from the token before

    @property
    def capitalised(self) -> bool:
        return self.word and self.text[:1].isupper()

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")


@dataclass(frozen=True)
class NameRules:
    """A language's [names] section, with the function words (its stopwords and [grammar] words)
    a name never starts with and that end its lower-case words."""
    code: str
    heads: frozenset
    treaty_heads: frozenset   # the heads that make the name a treaty's ("Accord de paix d'Arusha")
    links: frozenset          # "of", "de": join a head to its complement
    joins: frozenset          # "and", "et": join two parts of a complement
    articles: frozenset
    function_words: frozenset
    adjectives_after: bool    # lower-case words may follow the head ("Ligue arabe")
    infinitive_endings: tuple
    present_to_infinitive: tuple
    passive: tuple            # auxiliaries of a passive, as tuples of lower-case words
    founding: frozenset       # lemmas of the founding verbs
    screen: Screen            # what a sentence holding a shape must hold (most hold none: no tokens)

    @property
    def passive_first(self) -> frozenset:
        """The first words of the passive auxiliaries (most capitalised words are followed by none)."""
        return _first_words(self.passive)

    def is_head(self, token: Token) -> bool:
        return token.capitalised and token.low in self.heads

    def is_function(self, token: Token) -> bool:
        return token.low in self.function_words

    def is_verb(self, word: str) -> bool:
        """A lower-case word that is a verb ("fondé" -> "fonder", "réunit" -> "réunir"; "compte" +
        "r" is the infinitive "compter", where the dictionary reads the noun); not an adjective."""
        low = word.lower()
        base = lemma(low, self.code)
        if base != low and base.endswith(self.infinitive_endings) and not _inflects(low, base):
            return True
        return any(_is_infinitive(low + ending, self.code) for ending in self.present_to_infinitive)


@lru_cache(maxsize=None)
def _first_words(phrases: tuple) -> frozenset:
    return frozenset(p[0] for p in phrases if p)


def _inflects(word: str, base: str) -> bool:
    """Whether word is base with a plural or feminine ending ("membres" of "membre")."""
    return word.startswith(base) and word[len(base):] in ("s", "e", "es", "x")


@lru_cache(maxsize=100_000)
def _is_infinitive(word: str, code: str) -> bool:
    return simplemma.is_known(word, lang=code) and lemma(word, code) == word


@lru_cache(maxsize=100_000)
def _known(word: str, code: str) -> bool:
    """Whether the language's dictionary knows a word in lower case ("government", not "Mercosur")."""
    try:
        return simplemma.is_known(word.lower(), lang=code)
    except ValueError:
        return False


@lru_cache(maxsize=None)
def name_rules(code: str) -> NameRules | None:
    """The [names] rules of a language, or None when its rules file has none."""
    data = read_language(code)
    names = data.get("names")
    if not names:
        return None
    lower = lambda words: frozenset(w.lower().replace("’", "'") for w in words)  # noqa: E731
    grammar = data.get("grammar", {})
    articles = lower(grammar.get("articles", []))
    links, joins = lower(names.get("links", [])), lower(names.get("joins", []))
    grammar_words = lower(w for words in grammar.values() for w in words)  # "en", "au", "with" …
    return NameRules(
        code=code, heads=lower(names.get("heads", [])), treaty_heads=lower(names.get("treaty_heads", [])), links=links, joins=joins, articles=articles,
        function_words=lower(data.get("language", {}).get("stopwords", [])) | grammar_words | links | joins,
        adjectives_after=names.get("adjectives_after", False),
        infinitive_endings=tuple(names.get("infinitive_endings", [])),
        present_to_infinitive=tuple(names.get("present_to_infinitive", [])),
        passive=tuple(tuple(p.lower().split()) for p in names.get("passive", [])),
        founding=lower(names.get("founding", [])), screen=_screen(names))


def tokenize(view: str, start: int, end: int) -> list[Token]:
    """The words and marks of view[start:end]; an elided article ("l'", "d'") is a word of its own."""
    out: list[Token] = []
    previous_end = -1
    lines = view.find("\n", start, end) >= 0  # most sentences are one line: no look for a break per token
    for m in _TOKEN.finditer(view, start, end):
        text, a, b, kind = m.group(), m.start(), m.end(), m.lastgroup
        joined = previous_end >= 0 and (not lines or view.find("\n", previous_end, a) < 0)
        if kind == "word" and text.endswith(_POSSESSIVE):  # "Russia's": the name ends before the 's
            out.append(Token(text[:-2], a, b - 2, True, joined))
            out.append(Token(text[-2:], b - 2, b, False, True))
        else:
            out.append(Token(text, a, b, kind != "other", joined))
        previous_end = b
    return out


@dataclass(frozen=True)
class Shaped:
    """An organisation's name found by its shape: its span and the id it goes by."""
    start: int
    end: int
    id: str
    defined: bool = False   # a defined acronym's name, or the acronym itself
    kind: str = "org"       # "treaty" for a name headed by a treaty word


def find(view: str, sents: list[Sentence], rules: NameRules, known: dict[str, list[Entity]]) -> list[Shaped]:
    """Every organisation the shapes name in the text, in text order, none overlapping another or
    a gazetteer organisation (but a defined acronym's name, which wins over what it holds)."""
    taken = _Taken(view, [e for kind in ("org", "treaty", "force") for e in known.get(kind, [])])
    parts = _Taken(view, [e for kind in ("treaty", "force") for e in known.get(kind, [])])
    countries = _Taken(view, [e for kind in ("country", "place", "group") for e in known.get(kind, [])])
    by_sentence = [tokenize(view, s.start, s.end) if may else [] for s, may in zip(sents, rules.screen.sentences(view, sents))]
    defined = [d for tokens in by_sentence for d in _definitions(view, tokens, rules, taken, parts, countries)]
    ids = {_key(view[d.start:d.end]): d.id for d in defined}
    found: list[Shaped] = list(defined)
    for d in defined:
        found += _bare_acronyms(view, d, taken)
    for tokens in filter(None, by_sentence):  # most sentences hold no shape: no tokens
        for start, end in _headed_names(tokens, rules, taken, countries) + _founded_names(tokens, rules, taken, countries):
            name = _without_article(view, start, end, rules)
            found.append(Shaped(start, end, ids.get(_key(name), name), kind=_kind(tokens, start, end, rules)))
    return _first_of_overlaps(found)


def _kind(tokens: list[Token], start: int, end: int, rules: NameRules) -> str:
    """A treaty's name when its last head is a treaty word ("Treaty of Lagos"), else an organisation's."""
    heads = [t for t in tokens if start <= t.start < end and rules.is_head(t)]
    return "treaty" if heads and heads[-1].low in rules.treaty_heads else "org"  # "Baghdad Treaty Organization": an org


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


class _Taken:
    """Which characters the gazetteer's mentions cover, and each mention's id by its start."""

    def __init__(self, view: str, entities: list[Entity]):
        self.covered = bytearray(len(view))
        self.id_at: dict[tuple[int, int], str] = {}
        for e in entities:
            self.covered[e.start:e.end] = b"\x01" * (e.end - e.start)
            self.id_at[(e.start, e.end)] = e.id

    def any(self, start: int, end: int) -> bool:
        return any(self.covered[start:end])


def _definitions(view: str, tokens: list[Token], rules: NameRules, taken: _Taken, parts: _Taken,
                 countries: _Taken) -> list[Shaped]:
    """The names a "(ACRONYM)" right after them defines: "Kosovo Force (KFOR)"; none that holds a
    gazetteer force or treaty ("Collective Rapid Reaction Force (CRRF)" stays the gazetteer's force)."""
    out = []
    for i, token in enumerate(tokens):
        if token.text != "(" or i + 2 >= len(tokens) or tokens[i + 2].text != ")":
            continue
        acronym = tokens[i + 1]
        if not _ACRONYM.fullmatch(view, token.start, tokens[i + 2].end) or countries.any(acronym.start, acronym.end):
            continue
        start = _long_form_start(tokens, i, acronym.text, rules)
        if start is None:
            continue
        name_tokens = tokens[start:i]
        if not any(rules.is_head(t) for t in name_tokens) or parts.any(name_tokens[0].start, name_tokens[-1].end):
            continue
        if (name_tokens[0].start, name_tokens[-1].end) in taken.id_at:
            continue  # the gazetteer's own name, and its mention already
        known_id = taken.id_at.get((acronym.start, acronym.end))
        out.append(Shaped(name_tokens[0].start, name_tokens[-1].end, known_id or acronym.text, True))
    return out


def _long_form_start(tokens: list[Token], paren: int, acronym: str, rules: NameRules) -> int | None:
    """The first token of the name an acronym spells, its letters read backwards through the words
    before the bracket (each letter in order, the first one opening a word; Schwartz & Hearst,
    2003); the name opens with a capitalised word, the one before a lower-case start if need be."""
    first = paren
    while first > 0 and tokens[first - 1].word and tokens[first].joined \
            and paren - first < len(acronym) + ACRONYM_EXTRA_WORDS:
        first -= 1
    words = tokens[first:paren]
    letters = [c.lower() for c in acronym if c.isalnum()]
    w, pos = len(words) - 1, None
    for k in range(len(letters) - 1, -1, -1):
        found = False
        while w >= 0 and not found:
            text = words[w].low
            end = len(text) if pos is None else pos
            at = text.rfind(letters[k], 0, end)
            if k == 0:
                at = 0 if text[:1] == letters[k] and (pos is None or pos > 0) else -1
            if at >= 0:
                found, pos = True, at
            else:
                w, pos = w - 1, None
        if not found:
            return None
    start = first + w
    while start < paren and rules.is_function(tokens[start]):
        start += 1
    back = start - 1  # "Organisation of Eastern Caribbean States (OECS)": the O read in "of" is the name's first word's
    while back > first and rules.is_function(tokens[back]):
        back -= 1
    if start < paren and tokens[start].low[:1] != letters[0] and back >= first and back < start - 1 \
            and tokens[back].capitalised and tokens[back].low[:1] == letters[0]:
        start = back
    if start < paren and not tokens[start].capitalised and start > first and tokens[start - 1].capitalised \
            and not rules.is_function(tokens[start - 1]):
        start -= 1  # "Mission multidimensionnelle … (MINUSMA)": the head the letters skipped
    return start if start < paren and tokens[start].capitalised else None


def _bare_acronyms(view: str, definition: Shaped, taken: _Taken) -> list[Shaped]:
    """Every other mention of a defined acronym, before or after its definition."""
    acronym = definition.id
    if not acronym.isalnum() or acronym in taken.id_at.values():
        return []
    pattern = re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")
    return [Shaped(m.start(), m.end(), acronym, True) for m in pattern.finditer(view)
            if not taken.any(m.start(), m.end())]


def _headed_names(tokens: list[Token], rules: NameRules, taken: _Taken, countries: _Taken) -> list[tuple[int, int]]:
    """Capitalised noun phrases headed by an organisation word ("Pacific Islands Forum", "Ligue
    arabe"), the head and at least one other word; none that touches a gazetteer name."""
    out = []
    for i, token in enumerate(tokens):
        if not rules.is_head(token) or taken.any(token.start, token.end):
            continue
        first = i
        while first > 0 and tokens[first].joined and tokens[first - 1].capitalised \
                and not rules.is_function(tokens[first - 1]) and not rules.is_head(tokens[first - 1]):
            first -= 1
        if first > 0 and tokens[first].joined and taken.any(tokens[first - 1].start, tokens[first - 1].end):
            continue  # "the CSTO Collective Security Council": a body of an organisation the gazetteer names
        last = _complement_end(tokens, i, rules, taken, countries)
        if last > first and not taken.any(tokens[first].start, tokens[last].end):
            out.append((tokens[first].start, tokens[last].end))
    return out


def _complement_end(tokens: list[Token], head: int, rules: NameRules, taken: _Taken, countries: _Taken) -> int:
    """The last token of a name after its head: "of Arab States", "de développement d'Afrique
    australe", lower-case adjectives where the language puts them after the noun; it stops before
    a verb, a mark, another organisation word and a gazetteer name."""
    last, i, linked = head, head + 1, False
    while i < len(tokens) and tokens[i].joined and tokens[i].word:
        t = tokens[i]
        if t.low in rules.links or (linked and t.low in rules.joins):
            j = i + 1
            while j < len(tokens) and tokens[j].joined and tokens[j].low in rules.articles:
                j += 1
            after_join = t.low in rules.joins
            if j >= len(tokens) or not _complement_word(tokens[j], rules, taken, after_join) \
                    or after_join and countries.any(tokens[j].start, tokens[j].end):  # "… States and Iran"
                break
            last, i, linked = j, j + 1, True
        elif _continues(t, rules, taken, linked):
            last, i = i, i + 1
        else:
            break
    return last


def _complement_word(t: Token, rules: NameRules, taken: _Taken, after_join: bool) -> bool:
    """A word a link may lead to: a capitalised word ("of Arab States"), or where adjectives follow
    their noun, a lower-case noun ("de développement"); never another organisation's name."""
    if not t.joined or not t.word or rules.is_function(t) or taken.any(t.start, t.end) or rules.is_head(t):
        return False
    return t.capitalised or (rules.adjectives_after and (after_join or not t.capitalised))


def _continues(t: Token, rules: NameRules, taken: _Taken, linked: bool) -> bool:
    """A word after the head or its complement that still belongs to the name: a lower-case one
    the language's dictionary knows and that is no verb ("Ligue arabe", not "Mission to")."""
    if rules.is_function(t) or taken.any(t.start, t.end) or rules.is_head(t):
        return False
    if t.capitalised:
        return linked  # "League of Arab States"; "Arab League Secretary" is another noun
    return rules.adjectives_after and _known(t.text, rules.code) and not rules.is_verb(t.text)


def _founded_names(tokens: list[Token], rules: NameRules, taken: _Taken, countries: _Taken) -> list[tuple[int, int]]:
    """The capitalised name a founding predicate follows, at its clause's start or after an
    article: "Mercosur was established in 1991", "De son côté, la CEMAC a été créée en 1994".
    The name needs a word the dictionary does not know in lower case ("The Government was
    formed" is no name), and is no country."""
    out = []
    for at in range(len(tokens)):
        if not (tokens[at].capitalised and _founding_predicate(tokens, at + 1, rules)):
            continue
        first = at
        while first > 0 and at - first + 1 < FOUNDING_NAME_WORDS and tokens[first].joined \
                and tokens[first - 1].capitalised and not rules.is_function(tokens[first - 1]):
            first -= 1
        opener = tokens[first - 1] if first > 0 else None
        if rules.is_function(tokens[first]) or opener is not None and opener.word and opener.low not in rules.articles:
            continue
        start, end = tokens[first].start, tokens[at].end
        if taken.any(start, end) or countries.any(start, end) \
                or all(_known(t.text, rules.code) for t in tokens[first:at + 1]):
            continue
        out.append((start, end))
    return out


def _founding_predicate(tokens: list[Token], at: int, rules: NameRules) -> bool:
    """Whether tokens[at:] open with a passive auxiliary and a founding verb ("was founded")."""
    if at >= len(tokens) or tokens[at].low not in rules.passive_first:
        return False
    for auxiliary in rules.passive:
        n = len(auxiliary)
        words = tokens[at:at + n + 1]
        if len(words) == n + 1 and tuple(t.low for t in words[:n]) == auxiliary \
                and lemma(words[n].text, rules.code) in rules.founding:
            return True
    return False


def _without_article(view: str, start: int, end: int, rules: NameRules) -> str:
    """The name as written, without an article it opens with."""
    tokens = tokenize(view, start, end)
    while len(tokens) > 1 and tokens[0].low in rules.articles:
        tokens = tokens[1:]
    return " ".join(view[tokens[0].start:end].split())


def _first_of_overlaps(found: list[Shaped]) -> list[Shaped]:
    """The shapes in text order, a defined acronym's name first, then the longest; none that
    overlaps one kept before it."""
    kept: list[Shaped] = []
    covered: set[int] = set()
    for s in sorted(found, key=lambda s: (not s.defined, -(s.end - s.start), s.start)):
        if not any(i in covered for i in range(s.start, s.end)):
            kept.append(s)
            covered.update(range(s.start, s.end))
    return sorted(kept, key=lambda s: s.start)
