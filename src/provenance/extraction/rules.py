"""Loading the language rules (rules/<lang>.toml) and turning their phrases into regexes."""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..errors import ProvenanceError

RULES_PACKAGE = "provenance.rules"


def phrase_pattern(phrase: str, placeholders: dict[str, str] | None = None) -> str:
    """A phrase as a regex body: spaces match any white space, ' matches ’; `re:` is raw."""
    if phrase.startswith("re:"):
        body = phrase[3:]
        for key, value in (placeholders or {}).items():
            body = body.replace("{" + key + "}", value)
        return body
    parts = re.split(r"(\s+|')", phrase)
    out = []
    for part in parts:
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part == "'":
            out.append("['’]\\s*")
        else:
            out.append(re.escape(part))
    body = "".join(out)
    lead = r"(?<!\w)" if phrase[:1].isalnum() else ""
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return lead + body + tail


WORD = re.compile(r"[^\W\d_]+")


def words_of(text: str) -> set[str]:
    """The lower-case words of a text, as first_words() counts them."""
    return set(WORD.findall(text.lower()))


def first_words(phrases: Iterable[str]) -> frozenset | None:
    """The first word of every phrase, or None when one phrase does not start with a word."""
    out = set()
    for phrase in phrases:
        m = WORD.match(phrase.lower().lstrip())
        if phrase.startswith("re:") or not m:
            return None
        out.add(m.group())
    return frozenset(out)


def phrases_regex(phrases: Iterable[str], placeholders: dict[str, str] | None = None,
                  flags: int = re.IGNORECASE) -> re.Pattern | None:
    """One alternation of phrases, longest first (so 'ont été tués' wins over 'tués')."""
    items = sorted(set(phrases), key=len, reverse=True)
    if not items:
        return None
    return re.compile("|".join(f"(?:{phrase_pattern(p, placeholders)})" for p in items), flags)


@dataclass
class ClaimRule:
    """One attribute's rule in one language (see the comments in rules/fr.toml)."""
    attribute: str
    subject: str
    value: str
    nouns: list[str] = field(default_factory=list)
    cue_before: list[str] = field(default_factory=list)
    cue_adjacent: list[str] = field(default_factory=list)  # before the figure, nothing between
    cue_after: list[str] = field(default_factory=list)
    cue_sentence: list[str] = field(default_factory=list)
    veto_sentence: list[str] = field(default_factory=list)
    veto_before: list[str] = field(default_factory=list)
    veto_after: list[str] = field(default_factory=list)
    require: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    window: int = 40
    max_value: float | None = None
    carry: bool = False
    prior: bool = False
    confidence: float = 0.8
    unit: str = ""
    # compiled
    re_before: re.Pattern | None = None
    re_adjacent: re.Pattern | None = None
    re_after: re.Pattern | None = None
    re_sentence: re.Pattern | None = None
    re_veto_sentence: re.Pattern | None = None
    re_veto_before: re.Pattern | None = None
    re_veto_after: re.Pattern | None = None
    # the first words of the phrases: a sentence without any of them cannot match (None: no such test)
    fw_before: frozenset | None = None
    fw_after: frozenset | None = None
    fw_sentence: frozenset | None = None
    fw_veto_sentence: frozenset | None = None
    re_veto_before_end: re.Pattern | None = None   # a veto phrase ending where the figure starts
    re_veto_after_start: re.Pattern | None = None  # a veto phrase right after the figure's noun


@dataclass
class LanguageRules:
    code: str
    data: dict
    claims: list[ClaimRule]
    version: str

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def words(self, section: str, key: str) -> list[str]:
        return list(self.data.get(section, {}).get(key, []))


def _read_toml(name: str) -> tuple[dict, bytes]:
    try:
        raw = resources.files(RULES_PACKAGE).joinpath(name).read_bytes()
    except FileNotFoundError:
        raise ProvenanceError(f"no rules file for this language", file=f"rules/{name}") from None
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except tomllib.TOMLDecodeError as e:
        raise ProvenanceError(f"invalid TOML: {e}", file=f"rules/{name}") from None


def available_languages() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(RULES_PACKAGE).iterdir()
                  if p.name.endswith(".toml") and p.name != "gazetteer.toml")


@lru_cache(maxsize=None)
def load_rules(code: str, force_alternation: str = "") -> LanguageRules:
    """The rules of one language, phrases compiled; `force_alternation` fills {force}."""
    data, raw = _read_toml(f"{code}.toml")
    placeholders = {"force": force_alternation or "(?!x)x"}
    claims = []
    known = set(ClaimRule.__dataclass_fields__)
    for i, spec in enumerate(data.get("claim", [])):
        unknown = set(spec) - known
        if unknown or "attribute" not in spec:
            raise ProvenanceError(f"claim rule {i + 1}: unknown or missing keys {sorted(unknown) or ['attribute']}",
                                  file=f"rules/{code}.toml")
        rule = ClaimRule(**spec)
        rule.re_before = phrases_regex(rule.cue_before, placeholders)
        if rule.cue_adjacent:
            rule.re_adjacent = re.compile(f"(?:{phrases_regex(rule.cue_adjacent).pattern})\\s*$", re.IGNORECASE)
        rule.re_after = phrases_regex(rule.cue_after, placeholders)
        rule.re_sentence = phrases_regex(rule.cue_sentence, placeholders)
        rule.re_veto_sentence = phrases_regex(rule.veto_sentence, placeholders)
        rule.re_veto_before = phrases_regex(rule.veto_before, placeholders)
        rule.re_veto_after = phrases_regex(rule.veto_after, placeholders)
        rule.fw_before, rule.fw_after = first_words(rule.cue_before), first_words(rule.cue_after)
        rule.fw_sentence, rule.fw_veto_sentence = first_words(rule.cue_sentence), first_words(rule.veto_sentence)
        if rule.re_veto_before:
            rule.re_veto_before_end = re.compile(f"(?:{rule.re_veto_before.pattern})\\s*$", re.IGNORECASE)
        if rule.re_veto_after:
            rule.re_veto_after_start = re.compile(f"\\s*(?:{rule.re_veto_after.pattern})", re.IGNORECASE)
        claims.append(rule)
    version = hashlib.sha256(raw).hexdigest()[:12]
    return LanguageRules(code=code, data=data, claims=claims, version=version)


@lru_cache(maxsize=None)
def _stopwords() -> dict[str, frozenset]:
    """Each language's stopwords, read once from its rules file."""
    return {code: frozenset(_read_toml(f"{code}.toml")[0].get("language", {}).get("stopwords", []))
            for code in available_languages()}


def detect_language(text: str, default: str = "en") -> str:
    """The language whose stopwords are most frequent in the text (rules files list them)."""
    words = WORD.findall(text[:20000].lower())
    best, best_score = default, 0
    for code, stop in _stopwords().items():
        score = sum(1 for w in words if w in stop)
        if score > best_score:
            best, best_score = code, score
    return best
