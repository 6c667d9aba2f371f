"""The registry of claim families (rules/attributes.toml), read once.

The comparison, the reports and the check ask it what an attribute is (a date? a sum of parts?
a toll that grows?) and how to name it; none of them spells an attribute's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..plumbing import ProvenanceError
from .rules import read_toml, rules_file_name
from .schema import ATTRIBUTES, WORDS, Table, validate

DATED = ("date", "year")
# the group of a figure the text counts as a part ("…, dont 96 personnes employées par l'ONU")
# without saying of whom: compared as a part of the whole only, never as the whole nor with others
UNCLEAR = "unclear"


@dataclass(frozen=True)
class Attribute:
    name: str
    label: str
    value: str                  # count | date | year | duration
    label_country: str = ""
    unit: str = ""
    sums: bool = True
    evolves: bool = False
    series: bool = False        # rises and falls (troops): a dated figure is its moment's, compared with that moment only
    repeats_with: str = ""
    period: str = ""            # start | end
    family: str = ""
    age_of: str = ""
    from_list: bool = False

    @property
    def dated(self) -> bool:
        return self.value in DATED

    def describe(self, subject: str, qualifiers: dict[str, str]) -> str:
        """What a disagreement on this attribute is about: 'how many police were killed (…)'."""
        country = qualifiers.get("country", "")
        scope = country or qualifiers.get("group", "").replace("_", " ") or \
            qualifiers.get("force", "").replace("_", " ") or "people"
        named = country.replace("-", " ").replace("_", " ").title() if country else scope
        template = self.label_country if country and self.label_country else self.label
        force = qualifiers.get("force", "force").replace("_", " ")
        return template.format(s=subject, scope=scope, Scope=named, force=force)


@dataclass(frozen=True)
class Registry:
    attributes: dict[str, Attribute]
    part_qualifiers: tuple[str, ...]
    kind_qualifiers: tuple[str, ...]
    moment_qualifiers: tuple[str, ...] = ()   # parts of different moments: never compared with each other

    def get(self, name: str) -> Attribute:
        """The attribute's entry; an attribute the registry does not know is a count."""
        found = self.attributes.get(name)
        return found if found is not None else Attribute(name, name + " of {s}", "count")

    def family(self, name: str) -> str:
        return self.get(name).family or name

    def with_flag(self, flag: str) -> list[Attribute]:
        return [a for a in self.attributes.values() if getattr(a, flag)]


_FILE_SCHEMA = Table({"qualifiers": Table({"part": WORDS, "kind": WORDS, "moment": WORDS}, required=("part", "kind")),
                      "attribute": ATTRIBUTES}, required=("qualifiers", "attribute"))


@lru_cache(maxsize=None)
def registry() -> Registry:
    data = read_toml("attributes.toml")
    validate(data, _FILE_SCHEMA, rules_file_name("attributes.toml"))
    attributes = {name: Attribute(name=name, **spec) for name, spec in data["attribute"].items()}
    for a in attributes.values():
        for other in (a.repeats_with, a.family, a.age_of):
            if other and other not in attributes:
                raise ProvenanceError(f"attribute.{a.name}: names an unknown attribute {other!r}",
                                      file=rules_file_name("attributes.toml"))
    q = data["qualifiers"]
    return Registry(attributes, tuple(q["part"]), tuple(q["kind"]), tuple(q.get("moment", ())))

