"""Reading a language's rules file (rules/<lang>.toml), checked against its schema, and turning
its phrases into regexes.

A phrase is plain text: spaces match any white space, ' matches ’ too, word boundaries are
implied; a phrase starting with `re:` is a regular expression.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import regex as re  # its long alternations of phrases run several times faster than re's

from ..plumbing import ProvenanceError, folders
from .schema import CLAIM_RULE, LANGUAGE, validate

RULES_PACKAGE = "provenance.rules"
NOT_LANGUAGES = frozenset({"gazetteer.toml", "attributes.toml"})
NEVER = "(?!x)x"  # a regex that matches nothing: an empty word list
LETTER = r"[^\W\d_]"  # a letter: no digit, no underscore
WORD = re.compile(LETTER + "+")


# How far past a position a pattern anchored there may look. The regex module scans from pos to
# endpos before matching, so match(view, pos) with no end costs the rest of the text: a long
# document made every figure's look-ahead quadratic. Phrases, scales and brackets are far shorter.
AHEAD = 600


def ahead(pos: int) -> int:
    """The end to give a match anchored at pos (a slice end past the text is the text's end)."""
    return pos + AHEAD


def phrase_pattern(phrase: str, placeholders: dict[str, str] | None = None) -> str:
    """A phrase as a regex body: spaces match any white space, ' matches ’; `re:` is raw."""
    if phrase.startswith("re:"):
        body = phrase[3:]
        for key, value in (placeholders or {}).items():
            body = body.replace("{" + key + "}", value)
        return body
    out = []
    for part in re.split(r"(\s+|')", phrase):
        if not part:
            continue
        if part.isspace():
            out.append(r"\s+")
        elif part == "'":
            out.append("['’]\\s*")
        else:
            out.append(re.escape(part))
    lead = r"(?<!\w)" if phrase[:1].isalnum() else ""
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return lead + "".join(out) + tail


def alternation(phrases: Iterable[str], placeholders: dict[str, str] | None = None) -> str:
    """`(?:a|b|c)` of phrases, longest first; a pattern matching nothing for an empty list."""
    items = sorted(set(phrases), key=len, reverse=True)
    if not items:
        return f"(?:{NEVER})"
    return "(?:" + "|".join(phrase_pattern(p, placeholders) for p in items) + ")"


def glued(words: Iterable[str]) -> str:
    """`(?:l['’]\\s*|the\\s+)`: words with what follows them (an elided word glues to the next)."""
    items = sorted(set(words), key=len, reverse=True)
    if not items:
        return f"(?:{NEVER})"
    return "(?:" + "|".join(phrase_pattern(w) + ("" if w.endswith("'") else r"\s+") for w in items) + ")"


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


def _anchored(pattern: re.Pattern | None, template: str) -> re.Pattern | None:
    return re.compile(template.format(pattern.pattern), re.IGNORECASE) if pattern else None


@dataclass(frozen=True)
class ClaimRule:
    """One attribute's rule in one language, phrases compiled (see the comments in rules/fr.toml)."""
    attribute: str
    subject: str
    value: str
    nouns: tuple = ()
    cue_before: tuple = ()
    cue_adjacent: tuple = ()  # before the figure, nothing between
    cue_after: tuple = ()
    cue_sentence: tuple = ()
    veto_sentence: tuple = ()
    veto_before: tuple = ()
    veto_after: tuple = ()
    require: tuple = ()
    qualifiers: tuple = ()
    window: int = 40
    max_value: float | None = None
    carry: bool = False
    prior: bool = False
    confidence: float = 0.8
    unit: str = ""
    frame_nouns: tuple = ()           # noun classes that say on their own what the figure counts
    predicates: tuple = ()            # lemma classes cueing the figure from its clause
    predicates_sentence: tuple = ()   # lemma classes cueing it from anywhere in its sentence
    # compiled
    lemmas: frozenset = frozenset()           # the lemmas of `predicates`
    lemmas_sentence: frozenset = frozenset()  # the lemmas of `predicates_sentence`
    re_before: re.Pattern | None = None
    re_adjacent: re.Pattern | None = None
    re_after: re.Pattern | None = None
    re_sentence: re.Pattern | None = None
    re_veto_sentence: re.Pattern | None = None
    re_veto_before_end: re.Pattern | None = None   # a veto phrase ending where the figure starts
    re_veto_after_start: re.Pattern | None = None  # a veto phrase right after the figure's noun
    # the first words of the phrases: a sentence without any of them cannot match (None: no such test)
    fw_before: frozenset | None = None
    fw_after: frozenset | None = None
    fw_sentence: frozenset | None = None
    fw_veto_sentence: frozenset | None = None


_SPEC_FIELDS = frozenset(CLAIM_RULE.fields)


def compile_rule(spec: dict, placeholders: dict[str, str], predicates: dict[str, list] | None = None) -> ClaimRule:
    """A [[claim]] table of a rules file as a compiled, frozen rule (`predicates`: the language's
    lemma classes, which the rule names)."""
    given = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.items() if k in _SPEC_FIELDS}
    lemma_sets = {key: _lemmas(given.get(key, ()), predicates or {}, spec["attribute"], key)
                  for key in ("predicates", "predicates_sentence")}
    words = {k: given.get(k, ()) for k in ("cue_before", "cue_adjacent", "cue_after", "cue_sentence",
                                           "veto_sentence", "veto_before", "veto_after")}
    return ClaimRule(
        **given,
        re_before=phrases_regex(words["cue_before"], placeholders),
        re_adjacent=_anchored(phrases_regex(words["cue_adjacent"]), "(?:{})\\s*$"),
        re_after=phrases_regex(words["cue_after"], placeholders),
        re_sentence=phrases_regex(words["cue_sentence"], placeholders),
        re_veto_sentence=phrases_regex(words["veto_sentence"], placeholders),
        re_veto_before_end=_anchored(phrases_regex(words["veto_before"], placeholders), "(?:{})\\s*$"),
        re_veto_after_start=_anchored(phrases_regex(words["veto_after"], placeholders), "\\s*(?:{})"),
        fw_before=first_words(words["cue_before"]), fw_after=first_words(words["cue_after"]),
        fw_sentence=first_words(words["cue_sentence"]), fw_veto_sentence=first_words(words["veto_sentence"]),
        lemmas=lemma_sets["predicates"], lemmas_sentence=lemma_sets["predicates_sentence"],
    )


class UnknownPredicate(KeyError):
    """A claim rule names a lemma class its language's [predicates] does not define."""


def _lemmas(classes: tuple, predicates: dict[str, list], attribute: str, key: str) -> frozenset:
    missing = [c for c in classes if c not in predicates]
    if missing:
        raise UnknownPredicate(f"claim {attribute!r}: {key} names {', '.join(map(repr, missing))}, "
                               f"not a class of [predicates] (known: {', '.join(sorted(predicates)) or 'none'})")
    return frozenset(w.lower() for c in classes for w in predicates[c])


def rules_files() -> dict[str, object]:
    """Every rules file by name: the package's, then those of the folders named in
    $PROVENANCE_RULES_PATH (a new language without touching the package; a later one wins)."""
    files = {p.name: p for p in resources.files(RULES_PACKAGE).iterdir() if p.name.endswith(".toml")}
    for folder in folders("PROVENANCE_RULES_PATH"):  # a folder misspelt is bad input, not a language gone
        for path in sorted(folder.glob("*.toml")):
            files[path.name] = path
    return files


def rules_file_name(name: str) -> str:
    """How errors name a rules file: rules/<name> for the package's, the path for a user's."""
    path = rules_files().get(name)
    return str(path) if isinstance(path, Path) else f"rules/{name}"


def read_toml(name: str) -> dict:
    """A rules file's data (no schema check: see read_language)."""
    path = rules_files().get(name)
    if path is None:
        raise ProvenanceError("no rules file for this language", file=f"rules/{name}")
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ProvenanceError(f"invalid TOML: {e}", file=rules_file_name(name)) from None


@lru_cache(maxsize=None)
def read_language(code: str) -> dict:
    """A language's rules, read once and checked against the schema (an unknown key is an error)."""
    data = read_toml(f"{code}.toml")
    validate(data, LANGUAGE, rules_file_name(f"{code}.toml"))
    return data


def available_languages() -> list[str]:
    return sorted(name[:-5] for name in rules_files() if name not in NOT_LANGUAGES)


@lru_cache(maxsize=None)
def _stopwords() -> dict[str, frozenset]:
    """Each language's stopwords, read once from its rules file."""
    return {code: frozenset(read_language(code).get("language", {}).get("stopwords", []))
            for code in available_languages()}


class LanguageWarning(UserWarning):
    """A source in a language no rules file reads."""


SURE = 0.9  # py3langid's probability from which its answer is taken without a second opinion


def identify_language(text: str) -> tuple[str, float]:
    """The text's language (ISO 639-1) by py3langid's model of 97 languages, and how sure it is
    (its normalised probability); ('', 0) where it cannot say."""
    try:
        import py3langid
    except ImportError:  # an install without it: the stopword vote alone
        return "", 0.0
    sample = text[:5000]
    if not sample.strip():
        return "", 0.0
    ranked = py3langid.rank(sample)
    best = ranked[0][1]
    return ranked[0][0], 1.0 / sum(math.exp(score - best) for _, score in ranked)


def detect_language(text: str, default: str = "en") -> str:
    """The text's language (ISO 639-1), whether or not a rules file reads it: py3langid's answer
    where it is sure; else (a short text: "Le bilan: 225 morts" reads as Croatian to it) the read
    language whose stopwords the text uses, if any does; else py3langid's guess. A Spanish article
    is 'es', never 'fr'; is_read() says whether rules read it."""
    found, sure = identify_language(text)
    if sure >= SURE:
        return found
    voted = _stopword_vote(text, "")
    return voted or found or default


def normal_language(code: str) -> str:
    """A manifest's language as a code: 'FR', ' fr ' and 'fr-FR' are 'fr'."""
    return code.strip().lower().replace("_", "-").split("-")[0]


def is_read(language: str) -> bool:
    """Whether a rules file reads this language."""
    return language in available_languages()


def unread_language(language: str, where: str) -> str:
    """What to say of a source written in a language no rules file reads: it is skipped."""
    return (f"{where}: written in {language!r}, which no rules file reads (rules: {', '.join(available_languages())}): "
            f"skipped, no claims are read from it (add rules/{language}.toml, see docs/guide.md)")


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}", re.ASCII)  # ISO 639-1 or 639-3


def _stopword_vote(text: str, default: str) -> str:
    """The language whose stopwords are most frequent in the text (rules files list them)."""
    words = WORD.findall(text[:20000].lower())
    best, best_score = default, 0
    for code, stop in _stopwords().items():
        score = sum(1 for w in words if w in stop)
        if score > best_score:
            best, best_score = code, score
    return best
