"""Whose is a date said next to a force or an operation? "La Force collective de réaction rapide
de l'OTSC a été créée en 2009" dates the force, "the operation was launched on June 12" the
operation, not the organisation named with them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .document import Document

if TYPE_CHECKING:
    from .resolve import Mention


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
    """The operation or mission a sentence names, nearest the figure (before it first): its
    name's organisation, else the operation the document tells of; None when none is named."""
    found = doc.in_span("operation", m.sent.start, m.sent.end)
    if not found:
        return None
    before = [e for e in found if e.end <= m.fig.start]
    chosen = before[-1] if before else found[0]
    return chosen.id or _named(doc, m)


def _named(doc: Document, m: Mention) -> str:
    """The operation the document tells of ('CSTO mission in Kazakhstan'); with no country to
    name it by, its organisation's mission ('EU mission'), never the organisation itself, whose
    own founding is another date."""
    name = doc.subject_name("operation", m.sent)
    return f"{name} mission" if name == doc.main_org else name
