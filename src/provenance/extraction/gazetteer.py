"""The gazetteer (rules/gazetteer.toml): organisations, treaties, countries, places, groups, forces.

Exact aliases are matched with one regex per kind; a capitalised word that matches no alias
is compared with rapidfuzz to the country and place aliases, so spelling variants
(Kirghizstan / Kirghizistan) resolve without listing every one.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from ..errors import ProvenanceError
from .rules import phrase_pattern

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


def _norm(alias: str, lower: bool) -> str:
    alias = re.sub(r"'\s+", "'", re.sub(r"\s+", " ", alias.replace("’", "'")))
    return alias.lower() if lower else alias


def _is_acronym(alias: str) -> bool:
    return alias.isupper() and len(alias) <= 6


class Gazetteer:
    def __init__(self, data: dict):
        self.data = data
        self.subjects: dict = data.get("subjects", {})
        self.names: dict[tuple[str, str], str] = {}
        self.place_country: dict[str, str] = {}
        self._regexes: dict[str, list[tuple[re.Pattern, dict[str, str], bool]]] = {}
        self._fuzzy_choices: dict[str, tuple[str, str]] = {}
        for kind in KINDS:
            alias_to_id: dict[str, str] = {}
            for entry in data.get(kind, []):
                entity_id = entry["id"]
                self.names[(kind, entity_id)] = entry.get("name", entity_id)
                if kind == "place" and entry.get("country"):
                    self.place_country[entity_id] = entry["country"]
                for alias in entry.get("aliases", []):
                    alias_to_id[alias] = entity_id
                    if kind in FUZZY_KINDS and len(alias) >= 5 and alias[:1].isupper():
                        self._fuzzy_choices[alias] = (kind, entity_id)
            self._regexes[kind] = self._compile(alias_to_id)
        self.force_alternation = "(?:" + "|".join(
            phrase_pattern(a) for a in sorted(
                (a for e in data.get("force", []) for a in e.get("aliases", [])), key=len, reverse=True)
        ) + ")" if data.get("force") else ""

    @staticmethod
    def _compile(alias_to_id: dict[str, str]) -> list[tuple[re.Pattern, dict[str, str], bool]]:
        out = []
        for case_sensitive in (True, False):
            aliases = [a for a in alias_to_id if _is_acronym(a) == case_sensitive]
            if not aliases:
                continue
            aliases.sort(key=len, reverse=True)
            flags = 0 if case_sensitive else re.IGNORECASE
            pattern = re.compile("|".join(f"({phrase_pattern(a)})" for a in aliases), flags)
            lookup = {_norm(a, not case_sensitive): alias_to_id[a] for a in aliases}
            out.append((pattern, lookup, not case_sensitive))
        return out

    def name(self, kind: str, entity_id: str) -> str:
        return self.names.get((kind, entity_id), entity_id)

    def find(self, view: str) -> dict[str, list[Entity]]:
        """Every mention of every kind, in text order; inner matches of a longer name dropped."""
        found: dict[str, list[Entity]] = {k: [] for k in KINDS}
        taken: list[tuple[int, int]] = []
        for kind in KINDS:
            for pattern, lookup, lower in self._regexes[kind]:
                for m in pattern.finditer(view):
                    entity_id = lookup.get(_norm(m.group(), lower))
                    if entity_id is None:
                        continue
                    found[kind].append(Entity(kind, entity_id, m.start(), m.end()))
        # a treaty inside an organisation's name, a country inside a force's name ... is not a mention
        spans = [(e.start, e.end) for k in ("org", "treaty", "force") for e in found[k]]
        for kind in ("treaty", "country", "group", "place"):
            found[kind] = [e for e in found[kind]
                           if not any(s <= e.start and e.end <= t and (t - s) > (e.end - e.start) for s, t in spans)]
        covered = [(e.start, e.end) for k in KINDS for e in found[k]]
        for m in _CAPITALISED.finditer(view):
            if any(s <= m.start() < t for s, t in covered):
                continue
            hit = _fuzzy(self, m.group())
            if hit:
                found[hit[0]].append(Entity(hit[0], hit[1], m.start(), m.end()))
        for kind in KINDS:
            found[kind].sort(key=lambda e: e.start)
        return found


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
    raw = resources.files("provenance.rules").joinpath("gazetteer.toml").read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ProvenanceError(f"invalid TOML: {e}", file="rules/gazetteer.toml") from None
    return Gazetteer(data)
