"""The comparison: which claims are about the same thing, and do their values agree?

Claims meet when they share attribute, subject (spelling variants aligned with rapidfuzz) and
the qualifiers that change what a figure is about. Each value becomes an interval from its
`bound` (intervals.py); two intervals that cannot both hold are a `contradiction`, two that
overlap but differ a `variance`, two equal ones a corroboration. On top of that, the reasoning a
careful reader does (engine.py): a figure restricted to a place, a group or one country is a
part of the unrestricted one and may not exceed it; a stated age is checked against the founding
year; re-joining after leaving is not a contradiction; a later casualty toll may be an update;
republished text is one voice (voices.py). Findings are built once (findings.py), ranked by
severity (severity.py) and explained by structured reasons (explain.py, reasons.py) that
wording.py words per language from phrases/<lang>.toml.

    intervals.py  Interval, interval(), relation(): pure
    grouping.py   Point (a claim as compared), GroupKey, subjects, partitions
    voices.py     independent voices
    pairs.py      every pair of a group's values related at once (numpy), and their components
    sweep.py      components of groups with very many values
    findings.py   Discrepancy, Value, Corroboration: frozen
    severity.py   0–1, and whether a toll grew
    explain.py    what a finding says, as (phrase, fields) reasons
    reasons.py    why the values likely differ, which value has the most independent sources
    wording.py    the reasons worded per language, from phrases/en.toml and phrases/fr.toml
    engine.py     compare(), the partition steps and finish()
"""
from .engine import Comparison, Engine, Partial, compare, compare_on, compare_partition, finish
from .explain import display
from .findings import CORROBORATION_QUOTES, Corroboration, Discrepancy, Value
from .grouping import GroupKey, Point, canonical_subjects, name_unnamed, partition_keys
from .intervals import Interval, interval, relation
from .wording import DEFAULT_LANGUAGE, LANGUAGES, about, claims_counted, figure, kind_word, label, phrase, phrases, plain, plain_pieces, severity_word

__all__ = ["CORROBORATION_QUOTES", "DEFAULT_LANGUAGE", "LANGUAGES", "Comparison", "Corroboration", "Discrepancy", "Engine",
           "GroupKey", "Interval", "Partial", "Point", "Value", "about", "canonical_subjects", "claims_counted", "compare", "compare_on", "compare_partition",
           "display", "figure", "finish", "interval", "kind_word", "label", "name_unnamed", "partition_keys", "phrase", "phrases", "plain", "plain_pieces",
           "relation", "severity_word"]
