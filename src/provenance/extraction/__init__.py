"""Claim extraction: one source's text in, `Claim`s out, each tied to its quote and offsets. What
a language says is data (rules/<lang>.toml, read and validated here); the code interprets it.

    engine.py        one source's walk: `extract_claims`, `read_document`, `rules_version`
    document.py      the text, its view, sentences, entities and figures
    text.py          the offset-keeping view, sentences, quotes, NFD composition
    rules.py         rules files read and compiled; language detection
    schema.py        the typed schema of the rules files
    attributes.py    the claim families (rules/attributes.toml): `registry`
    language.py      everything compiled for one language: `language_of`, `find_figures`
    number_reader.py figures, number words, bounds, dates;  numerals.py, ranges.py, patterns.py, figure.py
    gazetteer.py     known names across languages;  orgshape.py, namescreen.py: names found by their shape
    screen.py, sentindex.py, lemmas.py, nouns.py, frames.py: cheap look-ups a sentence is read with
    resolve.py, owners.py, moments.py, plus_one.py: whose figure, about whom, and when
    matching.py      does a claim rule fit a figure;  emit.py: from a match to `Claim`s
    layouts.py, sections.py: infoboxes, tables and lists of members
"""
from .attributes import DATED, UNCLEAR, registry
from .engine import extract_claims, rules_version
from .gazetteer import load_gazetteer
from .language import find_figures
from .rules import (LANGUAGE_CODE, available_languages, detect_language, is_read, normal_language, read_language,
                    unread_language)

__all__ = ["DATED", "LANGUAGE_CODE", "UNCLEAR", "available_languages", "detect_language", "extract_claims", "find_figures",
           "is_read", "load_gazetteer", "normal_language", "read_language", "registry", "rules_version", "unread_language"]
