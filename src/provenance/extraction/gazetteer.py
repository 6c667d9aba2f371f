"""The gazetteer (rules/gazetteer.toml): organisations, treaties, countries, places, groups, forces.

Exact aliases are matched with one regex per kind; a capitalised word that matches no alias
is compared with rapidfuzz to the country and place aliases, so spelling variants
(Kirghizstan / Kirghizistan) resolve without listing every one.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re  # its long alternations of phrases run several times faster than re's

from rapidfuzz import fuzz, process

from .rules import phrase_pattern, read_toml, rules_file_name
from .schema import GAZETTEER, validate

KINDS = ("org", "treaty", "force", "place", "country", "group")
FUZZY_KINDS = ("country", "place")
FUZZY_CUTOFF = 88
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-Þ][\w’'-]{4,}")


@dataclass(frozen=True)
class Entity:
    kind: str
    id: str
    start: int
    end: int


def _is_acronym(alias: str) -> bool:
    return alias.isupper() and len(alias) <= 6


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("’", "'"))


class Gazetteer:
    """Aliases indexed by their first word: finding names costs one pass over the words."""

    def __init__(self, data: dict):
        self.data = data
        self.subjects: dict = data.get("subjects", {})
        self.names: dict[tuple[str, str], str] = {}
        self.first_alias: dict[str, str] = {}  # country -> its first alias (by convention, its French name)
        self.place_country: dict[str, str] = {}
        # kind -> first word (lower-case) -> [(alias words, case-sensitive, id)], longest first
        self._index: dict[str, dict[str, list[tuple[list[str], bool, str]]]] = {}
        self._fuzzy_choices: dict[str, tuple[str, str]] = {}
        for kind in KINDS:
            index: dict[str, list[tuple[list[str], bool, str]]] = {}
            for entry in data.get(kind, []):
                entity_id = entry["id"]
                self.names[(kind, entity_id)] = entry.get("name", entity_id)
                if kind == "country" and entry.get("aliases"):
                    self.first_alias[entity_id] = entry["aliases"][0]
                if kind == "place" and entry.get("country"):
                    self.place_country[entity_id] = entry["country"]
                for alias in entry.get("aliases", []):
                    words = _tokens(alias)
                    if not words:
                        continue
                    exact = _is_acronym(alias)
                    index.setdefault(words[0].lower(), []).append((words if exact else [w.lower() for w in words],
                                                                    exact, entity_id))
                    if kind in FUZZY_KINDS and len(alias) >= 5 and alias[:1].isupper():
                        self._fuzzy_choices[alias] = (kind, entity_id)
            for candidates in index.values():
                candidates.sort(key=lambda c: -len(c[0]))
            self._index[kind] = index
        self._first_words = frozenset(w for index in self._index.values() for w in index)  # of any kind
        self.force_alternation = _aliases(data, "force")
        self.org_alternation = _aliases(data, "org")

    def name(self, kind: str, entity_id: str) -> str:
        return self.names.get((kind, entity_id), entity_id)

    def country_name(self, country: str, lang: str) -> str | None:
        """A country's name in a report's language: its `name` in English, else its first alias
        (the gazetteer's convention: the French name first); None for a country it does not know."""
        if ("country", country) not in self.names:
            return None
        if lang == "en":
            return self.names[("country", country)]
        return self.first_alias.get(country, self.names[("country", country)])

    def find(self, view: str) -> dict[str, list[Entity]]:
        """Every mention of every kind, in text order; inner matches of a longer name dropped."""
        straight = view.replace("’", "'")
        matches = list(_TOKEN.finditer(straight))
        spans = [(m.start(), m.end()) for m in matches]
        words = [m.group() for m in matches]
        lowered = straight.lower()
        lowered = [lowered[a:b] for a, b in spans]
        found: dict[str, list[Entity]] = {k: [] for k in KINDS}
        starts = [i for i, w in enumerate(lowered) if w in self._first_words]  # one set look-up a word
        for kind in KINDS:
            index = self._index[kind]
            candidates = [i for i in starts if lowered[i] in index]
            next_free = 0
            for i in candidates:
                if i < next_free:
                    continue
                hit = None
                for alias, exact, entity_id in index.get(lowered[i], ()):
                    n = len(alias)
                    got = words[i:i + n] if exact else lowered[i:i + n]
                    if got == alias:
                        hit = (n, entity_id)
                        break
                if hit:
                    n, entity_id = hit
                    found[kind].append(Entity(kind, entity_id, spans[i][0], spans[i + n - 1][1]))
                    next_free = i + n
        # a treaty inside an organisation's name, a country inside a force's name ... is not a mention
        outer = sorted((e.start, e.end) for k in ("org", "treaty", "force") for e in found[k])
        for kind in ("treaty", "country", "group", "place"):
            found[kind] = [e for e in found[kind] if not _inside(e, outer)]
        covered = bytearray(len(view))
        for k in KINDS:
            for e in found[k]:
                covered[e.start:e.end] = b"\x01" * (e.end - e.start)
        for m in _CAPITALISED.finditer(view):
            if covered[m.start()]:
                continue
            hit = _fuzzy(self, m.group())
            if hit:
                found[hit[0]].append(Entity(hit[0], hit[1], m.start(), m.end()))
        for kind in KINDS:
            found[kind].sort(key=lambda e: e.start)
        return found


def _inside(e: Entity, outer: list[tuple[int, int]]) -> bool:
    """Whether e lies strictly inside one of the (sorted) outer spans."""
    import bisect
    i = bisect.bisect_right(outer, (e.start, float("inf")))
    for s, t in outer[max(0, i - 8):i]:
        if s <= e.start and e.end <= t and (t - s) > (e.end - e.start):
            return True
    return False


@lru_cache(maxsize=20000)
def _fuzzy_cached(gaz_id: int, word: str) -> tuple[str, str] | None:
    gaz = _GAZETTEERS[gaz_id]
    match = process.extractOne(word, list(gaz._fuzzy_choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return gaz._fuzzy_choices[match[0]] if match else None


_GAZETTEERS: dict[int, Gazetteer] = {}


def _fuzzy(gaz: Gazetteer, word: str) -> tuple[str, str] | None:
    _GAZETTEERS[id(gaz)] = gaz
    return _fuzzy_cached(id(gaz), word)


@lru_cache(maxsize=None)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read once and checked against its schema."""
    data = read_toml("gazetteer.toml")
    validate(data, GAZETTEER, rules_file_name("gazetteer.toml"))
    return Gazetteer(data)


def _aliases(data: dict, kind: str) -> str:
    """One alternation of every alias of a kind's entities, longest first ('' when none)."""
    aliases = sorted((a for e in data.get(kind, []) for a in e.get("aliases", [])), key=len, reverse=True)
    return "(?:" + "|".join(phrase_pattern(a) for a in aliases) + ")" if aliases else ""
