"""Whose is a claim about an organisation? The organisation the sentence names (or stands for:
"elle", "the League"), else the document's; and a date said next to a force or an operation is
theirs: "La Force collective de réaction rapide de l'OTSC a été créée en 2009" dates the force,
"the operation was launched on June 12" the operation, not the organisation named with them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex as re

from .document import Document

if TYPE_CHECKING:
    from .resolve import Mention

ELLIPTIC_WORDS = 3  # a sentence that opens with its cue and names no organisation: "Fondé le 9 juillet 2002"
SUBJECT_WORDS = 3   # "The EU Monitoring Mission": the words before an operation that opens its sentence


def force_of(doc: Document, m: Mention) -> str:
    """'La Force collective de réaction rapide de l'OTSC a été créée en 2009', "the CSTO's rapid
    reaction force was set up in 2009": a date said of an organisation's force is the force's
    ('CSTO rapid reaction force'), not the organisation's; '' when no force is named so."""
    forces = doc.in_span("force", m.sent.start, m.fig.start)
    if not forces:
        return ""
    force, view, attached = forces[-1], doc.view, doc.lang.grammar.attached
    for org in doc.in_span("org", m.sent.start, m.fig.start):
        after = org.start >= force.end and attached.fullmatch(view, force.end, org.start)
        before = org.end <= force.start and attached.fullmatch(view, org.end, force.start)
        if org.id and (after or before):
            return f"{org.id} {force.id.replace('_', ' ')} force"
    return ""


def operation_of(doc: Document, m: Mention) -> str:
    """'The operation was launched on June 12': a date said of an operation or a mission (the
    nearest of the sentence's names before the figure, else the first after it) is the
    operation's, not its organisation's; '' when an organisation is nearer."""
    sent, fig = m.sent, m.fig
    named = sorted(doc.in_span("org", sent.start, sent.end) + doc.in_span("org_anaphor", sent.start, sent.end)
                   + doc.in_span("operation", sent.start, sent.end), key=lambda e: (e.start, e.kind != "operation"))
    before = [e for e in named if e.end <= fig.start]
    nearest_one = before[-1] if before else next((e for e in named if e.start >= fig.end), None)
    if nearest_one is None or nearest_one.kind != "operation" or nearest_one.id:
        return ""
    return _named(doc, m)


def operation_named(doc: Document, m: Mention) -> str | None:
    """The operation or mission a sentence opens with as its subject ("The operation was launched
    on June 12", "La mission de surveillance de l'UE a démarré le 1er octobre 2008"), not as a
    possessor: its name's organisation, else the operation the document tells of;
    None when the sentence is about something else ("The mission's commander, General Smith,
    began his career in 1990", "The EU launched an inquiry into the mission in March 2019")."""
    found = doc.in_span("operation", m.sent.start, m.sent.end)
    view = doc.view
    subjects = [e for e in found if e.end <= m.fig.start and _opens(doc, m.sent.start, e.start)
                and not view.startswith(("'s", "’s"), e.end)]  # not "The mission's commander … began his career"
    # "In June 2003, the European Union began Operation Artemis": a date that opens the sentence, the name after it
    named_after = [e for e in found if e.start >= m.fig.end and view[e.start].isupper()
                   and len(view[m.sent.start:m.fig.start].split()) <= SUBJECT_WORDS]
    if not subjects and not named_after:
        return None  # the operation must be what the sentence is about: not "Talks on a training mission started"
    chosen = subjects[-1] if subjects else named_after[0]
    return chosen.id or _named(doc, m)


def _opens(doc: Document, start: int, at: int) -> bool:
    """An operation word or name the sentence opens with, as its subject: at most SUBJECT_WORDS
    words before it, none of them a word that makes it an object ("on", "sur")."""
    words = [w.lower().strip(",.;:'’") for w in doc.view[start:at].split()]
    articles = doc.lang.grammar_articles
    return sum(1 for w in words if w not in articles) <= SUBJECT_WORDS \
        and not any(w in doc.lang.operation_objects for w in words)


def _named(doc: Document, m: Mention) -> str:
    """The operation the document tells of ('CSTO mission in Kazakhstan'); with no country to
    name it by, its organisation's mission ('EU mission'), never the organisation itself, whose
    own founding is another date."""
    name = doc.subject_name("operation", m.sent)
    return f"{name} mission" if name == doc.main_org else name


def organisation(doc: Document, m: Mention, required: bool) -> str | None:
    sent, fig = m.sent, m.fig
    orgs = sorted(doc.in_span("org", sent.start, sent.end) + doc.in_span("org_anaphor", sent.start, sent.end),
                  key=lambda e: e.start)
    fallback = doc.main_org or (None if required else "")
    before = [e for e in orgs if e.end <= fig.start]
    pronoun = doc.lang.org_pronoun  # "Elle compte six membres", "…, elle est instituée en 2001"
    if before and before[-1].id in doc.lineage_orgs and doc.main_org and pronoun \
            and pronoun.search(doc.view[before[-1].end:fig.start]):
        return doc.main_org  # "Succédant au « groupe de Shanghai », elle est instituée en 2001"
    if before:  # the organisation named before the figure: "membre du GUAM de 1999 à 2005"
        return before[-1].id or fallback
    if any(e.id in ("", doc.main_org) for e in orgs):
        return fallback
    if orgs and required:  # "Fondée en 2002, ... l'OTAN": named after the figure
        return orgs[0].id
    if pronoun and doc.main_org and pronoun.search(doc.view[sent.start:fig.start]):
        return doc.main_org
    if not orgs and doc.main_org and len(doc.view[sent.start:fig.start].split()) <= ELLIPTIC_WORDS:
        return doc.main_org  # "Fondé le 9 juillet 2002.", "Founded in 1949.": the text's organisation
    if not orgs and doc.main_org and _head_of_main(doc, sent.start, fig.start):
        return doc.main_org  # "Currently, the League has 22 members": a word of its name stands for it
    if not orgs and doc.main_org and 0 <= m.noun.start < fig.start \
            and len(doc.view[sent.start:m.noun.start].split()) <= ELLIPTIC_WORDS:
        return doc.main_org  # "Le total des membres est passé à 15": the sentence opens with what it counts
    return None if required else (doc.main_org or "")


_CAPITALISED = re.compile(r"(?<![\w.])[A-ZÀ-Ö][^\W\d_]{3,}")


def _head_of_main(doc: Document, start: int, end: int) -> bool:
    """Whether a capitalised word of the main organisation's name ("League" of "Arab League",
    "Ligue" of "Ligue arabe") stands in view[start:end], not opening it."""
    words = {w for w in doc.main_org.split() if len(w) >= 4 and w[:1].isupper()}
    return bool(words) and any(m.group() in words and m.start() > start
                               for m in _CAPITALISED.finditer(doc.view, start, end))
