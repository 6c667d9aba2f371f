"""The typed schema of the rules files: an unknown section or key, or a value of the wrong type,
is an error naming the file and the key (exit 2), never a silent no-op.

A schema is plain data: `Table` (known keys, each with its type), `Map` (any key, one value
type: noun classes, months), `ListOf` (an array, or an array of tables) and the scalar types.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..plumbing import ProvenanceError

Words = list  # an array of strings: the most common value in a rules file


@dataclass(frozen=True)
class ListOf:
    item: object


@dataclass(frozen=True)
class Map:
    value: object


@dataclass(frozen=True)
class Table:
    fields: dict
    required: tuple = ()


WORDS = ListOf(str)
NUMBER = (int, float)

CLAIM_RULE = Table({
    "attribute": str, "subject": str, "value": str, "nouns": WORDS, "cue_before": WORDS, "cue_adjacent": WORDS,
    "cue_after": WORDS, "cue_sentence": WORDS, "veto_sentence": WORDS, "veto_before": WORDS, "veto_after": WORDS,
    "require": WORDS, "qualifiers": WORDS, "window": int, "max_value": NUMBER, "carry": bool, "prior": bool,
    "confidence": NUMBER, "unit": str,
    # quantity frames and predicates (issue 26): noun classes that decide the claim on their own,
    # lemma classes of [predicates] near the figure or anywhere in its sentence
    "frame_nouns": WORDS, "predicates": WORDS, "predicates_sentence": WORDS,
}, required=("attribute", "subject", "value"))

LANGUAGE = Table({
    "language": Table({"code": str, "stopwords": WORDS}, required=("code",)),
    "numbers": Table({
        "number_words": WORDS, "thousands_separators": WORDS, "decimal_separator": str, "article_words": WORDS,
        "noun_numbers": Map(NUMBER), "approx_noun_numbers": WORDS, "scales": Map(NUMBER), "half": WORDS,
        "vague": ListOf(Table({"phrase": str, "low": int, "high": int}, required=("phrase", "low", "high"))),
        "range": WORDS, "measures_before": WORDS, "measures_after": WORDS,
    }),
    "bounds": Table({key: WORDS for key in ("more_than", "at_least", "approx", "less_than", "at_most",
                                             "after_more_than", "after_at_least", "after_approx")}),
    "dates": Table({"day_first": bool, "ordinal_day": WORDS, "seasons": WORDS, "season_article": WORDS,
                    "season_of": WORDS, "months": Map(int)}),
    "grammar": Table({key: WORDS for key in ("and", "or", "but", "then", "also_and", "of", "noun_lead", "articles",
                                             "locative", "locative_bare", "locative_articles", "nationality_of",
                                             "companion", "among", "rival")}),
    "anaphora": Table({key: WORDS for key in ("org", "operation", "operation_objects", "org_pronouns", "lineage", "countries", "continuation", "distributive",
                                               "partitive", "inclusion", "plus_one")}),
    "membership": Table({key: WORDS for key in ("period_before", "list_cues", "list_glue", "partial", "former",
                                                 "observer", "founding", "associate", "current",
                                                 "at_founding")}),
    "claimant": Table({"official": WORDS, "unofficial": WORDS}),
    "moment": Table({"earlier": WORDS, "later": WORDS, "peak": WORDS, "planned": WORDS, "added": WORDS, "since": WORDS, "created": WORDS, "created_objects": WORDS}),
    "nouns": Map(WORDS),
    "frames": Table({"links": WORDS, "copulas": WORDS, "agents": WORDS, "nouns": Map(WORDS)}),
    "predicates": Map(WORDS),
    "events": Map(WORDS),
    "acts": Table({"suspension": WORDS, "expulsion": WORDS, "readmission": WORDS}),
    "resolve": Table({"country": WORDS}),
    "markup": Table({"numbered_notes": WORDS, "notes": WORDS, "widgets": WORDS}),
    "claim": ListOf(CLAIM_RULE),
    "infobox": Map(WORDS),
    "names": Table({"heads": WORDS, "treaty_heads": WORDS, "links": WORDS, "joins": WORDS, "adjectives_after": bool,
                    "infinitive_endings": WORDS, "present_to_infinitive": WORDS, "passive": WORDS, "founding": WORDS}),
}, required=("language",))

_ENTRY = {"id": str, "aliases": WORDS, "name": str, "country": str, "iso": str}  # iso: ISO 3166-1 alpha-2
GAZETTEER = Table({
    "subjects": Table({"event": str, "event_no_country": str, "operation": str, "operation_no_org": str}),
    **{kind: ListOf(Table(_ENTRY, required=("id",))) for kind in ("org", "treaty", "force", "place", "country", "group")},
})

ATTRIBUTES = Map(Table({
    "label": str, "label_country": str, "unit": str, "value": str, "sums": bool, "evolves": bool, "series": bool,
    "repeats_with": str, "period": str, "family": str, "age_of": str, "from_list": bool,
}, required=("label", "value")))


def validate(data: object, schema: object, file: str, path: str = "") -> None:
    """Raise a ProvenanceError naming the file and the key where data does not fit schema."""
    where = path or "(top level)"
    if isinstance(schema, Table):
        if not isinstance(data, dict):
            raise ProvenanceError(f"{where}: expected a table", file=file)
        for key, value in data.items():
            if key not in schema.fields:
                known = ", ".join(sorted(schema.fields))
                raise ProvenanceError(f"unknown key {_join(path, key)!r} (known here: {known})", file=file)
            validate(value, schema.fields[key], file, _join(path, key))
        for key in schema.required:
            if key not in data:
                raise ProvenanceError(f"{where}: missing key {key!r}", file=file)
    elif isinstance(schema, Map):
        if not isinstance(data, dict):
            raise ProvenanceError(f"{where}: expected a table", file=file)
        for key, value in data.items():
            validate(value, schema.value, file, _join(path, key))
    elif isinstance(schema, ListOf):
        if not isinstance(data, list):
            raise ProvenanceError(f"{where}: expected an array", file=file)
        for i, item in enumerate(data):
            validate(item, schema.item, file, f"{path}[{i + 1}]")
    elif not isinstance(data, schema) or (schema in (int, NUMBER) and isinstance(data, bool)):
        raise ProvenanceError(f"{where}: {data!r} is not of the expected type", file=file)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
