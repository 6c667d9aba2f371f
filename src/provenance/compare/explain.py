"""The reports' prose, rendered from a finding's parts in one place: what the disagreement is
about, each side's figures and sources, and why it matters."""
from __future__ import annotations

from ..attributes import registry
from .grouping import Cluster, Point
from .intervals import number

PAIRWISE_LIMIT = 300  # above this many values, values are not merged into sides
SHOWN = 3
_BOUND_WORDS = {"exact": "", "approx": "about ", "more_than": "more than ", "at_least": "at least ",
                "less_than": "less than ", "at_most": "at most ", "vague": "some "}


def display(c: Point) -> str:
    """A value as a reader says it: 'about 2600', '100-200', '100-999 (vague)'."""
    if c.bound == "range":
        return f"{c.low}-{c.high}"
    if c.bound == "vague":
        return f"{c.low}-{c.high} (vague)"
    return f"{_BOUND_WORDS.get(c.bound, '')}{c.value}"


def label(c: Point) -> str:
    """What the claims are about: 'how many police were killed (Kazakhstan unrest 2022)'."""
    return registry().get(c.attribute).describe(c.subject, c.qualifiers)


def some(clusters: list[Cluster], shown: int = SHOWN) -> str:
    """'18 (blog-wikipedia)', or '18, 19, 21 and 4 more figures (a, b, …)' for many."""
    def one(cl):
        sources = cl.sources
        return f"{display(cl[0])} ({', '.join(sources[:3])}" + (", …)" if len(sources) > 3 else ")")
    if len(clusters) <= shown:
        return " and ".join(one(cl) for cl in clusters)
    return ", ".join(one(cl) for cl in clusters[:shown]) + f" and {len(clusters) - shown} more figures"


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


MAX_SOURCES_NAMED = 5  # a value stated by more sources names these and counts the rest


def sources_text(claims: Cluster) -> str:
    """'a, b, c' or, for many, 'a, b, c, d, e and 895 more sources'."""
    sources = claims.sources
    if len(sources) <= MAX_SOURCES_NAMED:
        return ", ".join(sources)
    return ", ".join(sources[:MAX_SOURCES_NAMED]) + f" and {len(sources) - MAX_SOURCES_NAMED} more sources"


def side_text(side: list[Cluster]) -> str:
    """'2002 (france24-afp; blog-wikipedia: 2002-10-07)': one side of a disagreement."""
    head = side[0]
    text = f"{display(head[0])} ({sources_text(head)}"
    for other in side[1:]:
        text += f"; {sources_text(other)}: {display(other[0])}"
    return text + ")"


def scope_text(quals: dict) -> str:
    return ", ".join(v.replace("_", " ").replace("-", " ").title() if k in ("place", "country") else v.replace("_", " ")
                     for k, v in sorted(quals.items()) if v)


def claimant_notes(clusters: list[Cluster]) -> list[str]:
    """'17 according to official figures': who gives each figure, where someone is named."""
    said = []
    for claims in clusters:
        who = claims.claimants
        if who:
            said.append(f"{display(claims[0])} according to {' and '.join(who)} figures")
    return said


MAX_SIDES_NAMED = 8  # a finding with more values names its best-supported ones and counts the rest


def sides_text(all_sides: list[list[Cluster]]) -> str:
    """'2002 (a, b) vs 1992 (c)' or, for many values, the best-supported ones in their order and
    'vs 312 other values (from 40 sources)': an explanation stays a sentence, whatever the corpus."""
    if len(all_sides) <= MAX_SIDES_NAMED:
        return " vs ".join(side_text(side) for side in all_sides)
    support = [len({s for cl in side for s in cl.sources}) for side in all_sides]
    kept = sorted(sorted(range(len(all_sides)), key=lambda i: -support[i])[:MAX_SIDES_NAMED])
    named = set(kept)
    rest = [side for i, side in enumerate(all_sides) if i not in named]
    others = len({s for side in rest for cl in side for s in cl.sources})
    return (" vs ".join(side_text(all_sides[i]) for i in kept)
            + f" vs {len(rest)} other values (from {others} sources)")


def explain(kind: str, clusters: list[Cluster], internal: bool, update: bool, notes: list[str]) -> str:
    sides_ = sides_text(sides(clusters))
    what = label(clusters[0][0])
    if kind == "contradiction":
        text = f"Sources disagree on {what}: {sides_}; these cannot all be true."
    elif any(cl[0].bound == "vague" for cl in clusters):  # a cluster's claims share one bound
        text = f"Sources give different figures for {what}: {sides_}; one is only a vague order of magnitude."
    else:
        text = f"Sources give different figures for {what}: {sides_}; their bounds overlap, so they may agree."
    if internal:
        text += (f" All from {clusters[0][0].source_id}: the source contradicts itself." if kind == "contradiction"
                 else f" All from {clusters[0][0].source_id}.")
    if update:
        text += " The later source reports more: possibly an update rather than a conflict."
    if notes:
        shown = list(notes[:MAX_SIDES_NAMED]) + ([f"{len(notes) - MAX_SIDES_NAMED} more"] if len(notes) > MAX_SIDES_NAMED else [])
        text += " " + "; ".join(shown) + "."
    return text


def part_note(part_text: str, scope: str, whole_text: str) -> str:
    return f"{part_text} ({scope}) is a part of {whole_text} and cannot exceed it"


def explain_part(wholes: list[Cluster], parts: list[Cluster], scope: str, internal: bool) -> str:
    """A part (one place, group, country) larger than the whole."""
    text = (f"Sources disagree on {label(wholes[0][0])}: {some(parts)} for {scope} alone is more than "
            f"{some(wholes)} for the whole; a part cannot exceed the whole.")
    if internal:
        text += f" All from {parts[0][0].source_id}: the source contradicts itself."
    return text


def implied_foundings(values) -> list[str]:
    """'30 years in 2022 means founded in 1992', for each stated age with a dated source."""
    implied = []
    for v in values:
        published = next((q["published"] for q in v.quotes if q.get("published")), "")
        if published[:4].isdigit() and number(v.value) is not None:
            implied.append(f"{v.value} years in {published[:4]} means founded in "
                           f"{int(published[:4]) - int(number(v.value))}")
    return implied


def explain_age(explanation: str, related: list[str], implied: list[str]) -> str:
    """An age discrepancy's prose, with what it follows from."""
    if related:
        return explanation + f" This follows from the founding-date discrepancy ({', '.join(related)})."
    if implied:
        return explanation + " " + "; ".join(implied) + "."
    return explanation
