"""What a finding says, as structured reasons (wording.Say): what the disagreement is about, each
side's figures and sources, why it matters. wording.py words them in the report's language; no
sentence is written here."""
from __future__ import annotations

from .grouping import Cluster, Point
from .intervals import number
from .wording import Say, figure as _figure

PAIRWISE_LIMIT = 300  # above this many values, values are not merged into sides
SHOWN = 3
NAMED_IN_LIST = 3
MAX_SOURCES_NAMED = 5  # a value stated by more sources names these and counts the rest
MAX_SIDES_NAMED = 8  # a finding with more values names its best-supported ones and counts the rest


def figure_of(c: Point) -> dict:
    return {"value": c.value, "low": c.low, "high": c.high, "bound": c.bound}


def display(c: Point) -> str:
    """A value as a reader says it (in English): 'about 2600', '100-200', '100-999 (vague)'."""
    return _figure(figure_of(c), "en")


def what_of(c: Point) -> dict:
    """What a finding is about, for its label: attribute, subject and scope."""
    return {"attribute": c.attribute, "subject": c.subject,
            "qualifiers": {k: v for k, v in dict(c.qualifiers).items() if v}}


def mention(cl: Cluster, named: int = MAX_SOURCES_NAMED) -> dict:
    """A value and who states it: its first `named` sources and how many more."""
    sources = cl.sources
    return {"figure": figure_of(cl[0]), "sources": list(sources[:named]), "more": max(0, len(sources) - named)}


def some(clusters: list[Cluster], shown: int = SHOWN) -> dict:
    """A list of values with their sources: the first `shown`, and how many more."""
    return {"items": [mention(cl, NAMED_IN_LIST) for cl in clusters[:shown]],
            "more": max(0, len(clusters) - shown)}


def figures(clusters: list[Cluster]) -> dict:
    """A list of values without their sources."""
    return {"items": [{"figure": figure_of(cl[0])} for cl in clusters]}


def sides(clusters: list[Cluster]) -> list[list[Cluster]]:
    """Values that are one claim at two precisions (2002, 2002-10-07) stand on one side."""
    if not clusters or not clusters[0][0].is_date or len(clusters) > PAIRWISE_LIMIT:
        return [[cl] for cl in clusters]
    out: list[list[Cluster]] = []
    for cl in clusters:
        c = cl[0]
        for side in out:
            h = side[0][0]
            if c.bound == h.bound == "exact" and (h.interval.contains(c.interval) or c.interval.contains(h.interval)):
                side.append(cl)
                break
        else:
            out.append([cl])
    return out


def sides_field(all_sides: list[list[Cluster]]) -> dict:
    """The values side by side or, for many values, the best-supported ones in their order and
    how many others (from how many sources): an explanation stays a sentence, whatever the corpus."""
    if len(all_sides) <= MAX_SIDES_NAMED:
        return {"sides": [[mention(cl) for cl in side] for side in all_sides]}
    support = [len({s for cl in side for s in cl.sources}) for side in all_sides]
    kept = sorted(sorted(range(len(all_sides)), key=lambda i: -support[i])[:MAX_SIDES_NAMED])
    named = set(kept)
    rest = [side for i, side in enumerate(all_sides) if i not in named]
    return {"sides": [[mention(cl) for cl in all_sides[i]] for i in kept], "rest": len(rest),
            "rest_sources": len({s for side in rest for cl in side for s in cl.sources})}


def claimant_notes(clusters: list[Cluster]) -> list[Say]:
    """'17 according to official figures': who gives each figure, where someone is named."""
    return [("note.claimant", {"value": figure_of(cl[0]), "claimants": list(cl.claimants)})
            for cl in clusters if cl.claimants]


def _internal(kind: str, clusters: list[Cluster]) -> Say:
    name = "say.internal_contradiction" if kind == "contradiction" else "say.internal"
    return name, {"source": clusters[0][0].source_id}


def explain(kind: str, clusters: list[Cluster], internal: bool, update: bool, notes: list[Say],
            apart_in_scale: bool = False) -> list[Say]:
    fields = {"what": what_of(clusters[0][0]), "sides": sides_field(sides(clusters))}
    if apart_in_scale:  # to check: they likely count different things
        says: list[Say] = [("say.scale", fields)]
    elif kind == "contradiction":
        says = [("say.contradiction", fields)]
    elif any(cl[0].bound == "vague" for cl in clusters):  # a cluster's claims share one bound
        says = [("say.vague", fields)]
    else:
        says = [("say.variance", fields)]
    if internal:
        says.append(_internal(kind, clusters))
    if update:
        says.append(("say.update", {}))
    if notes:
        says.append(("say.notes", {"notes": list(notes)}))
    return says


def part_note(parts: list[Cluster], scope: dict, wholes: list[Cluster]) -> Say:
    return "note.part", {"parts": some(parts), "scope": scope, "wholes": some(wholes)}


def explain_part(wholes: list[Cluster], parts: list[Cluster], scope: dict, internal: bool,
                 unclear: bool = False) -> list[Say]:
    """A part (one place, group, country) larger than the whole; or, `unclear`, a part of a
    group the text does not name: to check, not a contradiction."""
    says: list[Say] = [("say.part_unclear" if unclear else "say.part", {"what": what_of(wholes[0][0]), "parts": some(parts), "scope": scope,
                                     "wholes": some(wholes)})]
    if internal:
        says.append(_internal("contradiction", parts))
    return says


def implied_foundings(values) -> list[Say]:
    """'30 years in 2022 means founded in 1992', for each stated age with a dated source."""
    implied = []
    for v in values:
        published = next((q["published"] for q in v.quotes if q.get("published")), "")
        if published[:4].isdigit() and number(v.value) is not None:
            implied.append(("note.implied", {"age": v.value, "year": published[:4],
                                             "founded": int(published[:4]) - int(number(v.value))}))
    return implied


def explain_age(says: tuple[Say, ...], related: list[str], implied: list[Say]) -> tuple[Say, ...]:
    """An age discrepancy's reasons, with what it follows from."""
    if related:
        return says + (("say.age_follows", {"ids": list(related)}),)
    if implied:
        return says + (("say.notes", {"notes": implied}),)
    return says
