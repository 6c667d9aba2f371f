"""The findings' words: what a finding says is kept as structured reasons, `Say`s (a phrase's name
and its fields: values, sources, a scope), and worded in the report's language by the phrases of
phrases/<lang>.toml. No sentence is written in code; a language is a phrases file.

    render(("say.contradiction", {"what": ..., "sides": ...}), "fr")
    -> "Les sources divergent sur la date de fondation de « CSTO » : 1992 (a) contre 2002 (b) ; …"
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..extraction import registry
from ..plumbing import ProvenanceError

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
MAX_NOTES = 8

Say = tuple[str, dict]  # ("section.name", fields)


@lru_cache(maxsize=None)
def phrases(lang: str) -> dict[str, dict[str, str]]:
    """One language's phrases, by section and name."""
    if lang not in LANGUAGES:
        raise ProvenanceError(f"the reports cannot be written in {lang!r}: phrases exist for {', '.join(LANGUAGES)}")
    text = (resources.files(__package__) / "phrases" / f"{lang}.toml").read_text("utf-8")
    return tomllib.loads(text)


def phrase(lang: str, which: str, **fields) -> str:
    """The phrase 'section.name' in `lang`, its fields filled in as given."""
    section, _, key = which.partition(".")
    return phrases(lang)[section][key].format(**fields)


def render(say: Say, lang: str = DEFAULT_LANGUAGE) -> str:
    """A structured reason as a sentence of `lang`."""
    name, fields = say
    return phrase(lang, name, **{k: _field(k, v, lang) for k, v in fields.items()})


def render_all(says, lang: str = DEFAULT_LANGUAGE) -> str:
    return " ".join(render(s, lang) for s in says)


# -- the fields ------------------------------------------------------------------------------------
def figure(v: dict, lang: str) -> str:
    """A value as a reader says it: 'about 2600', '100-200', '100-999 (vague)'."""
    bound = v.get("bound") or "exact"
    if bound not in phrases(lang)["bound"]:
        bound = "exact"
    return phrase(lang, "bound." + bound, value=v.get("value", ""), low=v.get("low", ""), high=v.get("high", ""))


def _joined(items: list[str], lang: str) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return phrases(lang)["word"]["list"].join(items[:-1]) + f" {phrase(lang, 'word.and')} {items[-1]}"


def _sources(m: dict, lang: str) -> str:
    named = phrases(lang)["word"]["list"].join(m["sources"])
    return named + (f" {phrase(lang, 'word.and')} {phrase(lang, 'word.more_sources', n=m['more'])}" if m.get("more") else "")


def _mention(m: dict, lang: str) -> str:
    """'18 (blog-wikipedia, tass)': a value and who states it."""
    return f"{figure(m['figure'], lang)} ({_sources(m, lang)})"


def _side(side: list[dict], lang: str) -> str:
    """'2002 (france24; blog-wikipedia: 2002-10-07)': one value at one or more precisions."""
    head, rest = side[0], side[1:]
    inner = _sources(head, lang) + "".join(f"; {_sources(m, lang)}: {figure(m['figure'], lang)}" for m in rest)
    return f"{figure(head['figure'], lang)} ({inner})"


def _sides(f: dict, lang: str) -> str:
    text = phrase(lang, "word.against").join(_side(s, lang) for s in f["sides"])
    if f.get("rest"):
        text += phrase(lang, "word.against") + phrase(lang, "word.other_values", n=f["rest"], sources=f["rest_sources"])
    return text


def _mentions(f: dict, lang: str) -> str:
    """'18 (a) and 21 (b)', or '18 (a), 19 (b), 21 (c) and 4 more figures'."""
    items = [_mention(m, lang) if "sources" in m else figure(m["figure"], lang) for m in f["items"]]
    if f.get("more"):
        return phrases(lang)["word"]["list"].join(items) + f" {phrase(lang, 'word.and')} " + \
            phrase(lang, "word.more_figures", n=f["more"])
    return _joined(items, lang)


def country_name(country: str, lang: str) -> str:
    """A country's name in `lang`: the gazetteer's name (English) or its first alias (French,
    by the gazetteer's convention); a country it does not know, from its id."""
    from ..extraction import load_gazetteer
    return load_gazetteer().country_name(country, lang) or country.replace("-", " ").replace("_", " ").title()


def _group(group: str, lang: str) -> str:
    return phrases(lang)["group"].get(group) or group.replace("_", " ")


def _scope_value(key: str, value: str, lang: str) -> str:
    if key == "country":
        return country_name(value, lang)
    if key == "group":
        return _group(value, lang)
    if key == "place":
        return value.replace("_", " ").replace("-", " ").title()
    return value.replace("_", " ")


def scope(quals: dict, lang: str) -> str:
    """'for Armenia alone', 'in Almaty alone': the part a figure is restricted to."""
    words = phrases(lang)["scope"]
    said = [words.get(f"{k}_{v}", words.get(k, "({name})")).format(name=_scope_value(k, v, lang))
            for k, v in sorted(quals.items()) if v and k != "claimant"]
    return phrase(lang, "scope.joined").join(said)


def label(what: dict, lang: str) -> str:
    """What a finding is about: 'how many police were killed in “Kazakhstan unrest 2022”'."""
    attribute, quals = what["attribute"], what.get("qualifiers", {})
    labels = phrases(lang)["attribute"]
    country = quals.get("country", "")
    # a country's suspension, expulsion or return ("when Fiji's membership of … was suspended")
    template = labels.get(f"{attribute}_{quals['act']}") if quals.get("act") and country else None
    template = template or (labels.get(f"{attribute}_country") if country else None) or labels.get(attribute)
    if template is None:  # a claim family no phrases file words yet: the registry's own label
        return registry().get(attribute).describe(phrase(lang, "word.name", name=what["subject"]), quals)
    who = (_group(quals["group"], lang) if quals.get("group") else
           quals.get("force", "").replace("_", " ") or labels["people"])
    return template.format(s=phrase(lang, "word.name", name=what["subject"]), scope=who,
                           Scope=country_name(country, lang) if country else who,
                           force=quals.get("force", "").replace("_", " "), attribute=attribute.replace("_", " "))


def _notes(notes: list, lang: str) -> str:
    shown = [render(n, lang) for n in notes[:MAX_NOTES]]
    if len(notes) > MAX_NOTES:
        shown.append(phrase(lang, "word.more_notes", n=len(notes) - MAX_NOTES))
    text = "; ".join(shown)
    return text[:1].upper() + text[1:]  # they open a sentence


_FIELDS = {
    "what": label,
    "sides": _sides,
    "values": _mentions, "parts": _mentions, "wholes": _mentions, "others": _mentions,
    "value": figure,
    "scope": scope,
    "claimants": lambda v, lang: _joined([phrases(lang)["claimant"].get(c) or c.replace("_", " ") for c in v], lang),
    "ids": lambda v, lang: ", ".join(v),
    "sources": lambda v, lang: ", ".join(v),
    "notes": _notes,
}


def _field(name: str, value, lang: str) -> str:
    fn = _FIELDS.get(name)
    return fn(value, lang) if fn is not None else str(value)


@dataclass(frozen=True)
class Words:
    """What a finding says, structured: its explanation (sentence by sentence), its notes, the
    likely reason its values differ and the best-supported value."""
    explanation: tuple[Say, ...] = ()
    notes: tuple[Say, ...] = ()
    reason: Say | None = None
    support: Say | None = None

    def rendered(self, lang: str = DEFAULT_LANGUAGE) -> dict:
        """explanation, notes, likely_reason and best_supported as sentences of `lang`."""
        return {"explanation": render_all(self.explanation, lang),
                "notes": [render(n, lang) for n in self.notes],
                "likely_reason": render(self.reason, lang) if self.reason else "",
                "best_supported": render(self.support, lang) if self.support else ""}

    def to_json(self) -> dict:
        """The structured form, for whoever words it another way: [name, fields] pairs."""
        return {"explanation": [list(s) for s in self.explanation], "notes": [list(s) for s in self.notes],
                "likely_reason": list(self.reason) if self.reason else None,
                "best_supported": list(self.support) if self.support else None}


# -- words for people, where a page or a terminal shows a finding ----------------------------------
SEVERITY_WORDS = ((0.7, "high"), (0.4, "medium"), (0.0, "low"))
_LABELLED = ("group", "force", "country", "act", "claimant")  # qualifiers a label already words  # a severity from this up is that word
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")


def about(attribute: str, subject: str, qualifiers: str, lang: str) -> str:
    """What a finding (or a claim) is about, as a reader says it: 'the size of the rapid reaction
    force of “CSTO”', not 'CSTO: force_size'."""
    from ..claims import Qualifiers
    quals = dict(Qualifiers.parse(qualifiers))
    said = label({"attribute": attribute, "subject": subject, "qualifiers": quals}, lang)
    # what the label leaves unsaid still tells two findings apart ("in Almaty alone", "official")
    rest = {k: v for k, v in quals.items() if k not in _LABELLED}
    more = scope(rest, lang)
    claimant = phrases(lang)["claimant"].get(quals.get("claimant", ""), quals.get("claimant", "").replace("_", " "))
    return said + (f" {more}" if more else "") + (f" ({claimant})" if claimant else "")


def kind_word(kind: str, internal: bool, lang: str) -> str:
    words = phrases(lang)["kind"]
    return words.get(kind, kind) + (f" ({words['internal']})" if internal else "")


def severity_word(severity: float, lang: str) -> str:
    """'high', 'medium' or 'low' (in `lang`): a ranking, not a measure."""
    return phrases(lang)["severity"][next(word for floor, word in SEVERITY_WORDS if severity >= floor)]


def plain(quote: str) -> str:
    """A quote as a reader sees it: a web page's link markup ('[7 octobre 2002](#)') shown as its
    words, a footnote's ('[1](#cite_note-1)') not at all. For display only: claims.csv keeps the
    verbatim text its offsets point at."""
    return plain_pieces([quote])[0]


def plain_pieces(pieces: list[str]) -> list[str]:
    """`plain` over text cut in pieces (a quote and its context): a link that spans two pieces
    loses its markup in both, each piece keeping its own words."""
    joined = "".join(pieces)
    drop = []  # (start, end) spans of markup to leave out
    for m in _MARKDOWN_LINK.finditer(joined):
        words = m.group(1)
        if not words.strip() or words.strip().isdigit():  # a footnote's number: nothing to read
            drop.append((m.start(), m.end()))
        else:
            drop += [(m.start(), m.start() + 1), (m.start(1) + len(words), m.end())]
    out, at = [], 0
    for piece in pieces:
        end = at + len(piece)
        kept = [c for i, c in enumerate(piece, at) if not any(a <= i < b for a, b in drop)] if drop else piece
        out.append("".join(kept))
        at = end
    return out


def claims_counted(total: int, compared: int, rejected: int, lang: str) -> str:
    """The one count of claims every place shows, with what it leaves out: '73 claims in
    claims.csv: 70 compared, 2 rejected by a person, 1 without a figure to compare'."""
    parts = [phrase(lang, "report.claims_counted", total=f"{total:,}", compared=f"{compared:,}")]
    if rejected:
        parts.append(phrase(lang, "report.claims_rejected", n=f"{rejected:,}"))
    if total - compared - rejected > 0:
        parts.append(phrase(lang, "report.claims_without_figure", n=f"{total - compared - rejected:,}"))
    return ", ".join(parts)
