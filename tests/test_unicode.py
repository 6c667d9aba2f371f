"""Figures as Unicode writes them: thin spaces, invisible characters inside numbers, superscripts,
decomposed accents. The quote is always the source's own text at its offsets."""
from __future__ import annotations

import unicodedata

import pytest

from provenance.extraction.engine import extract_claims
from provenance.extraction.language import find_figures

SENTENCE = "Plus de 2{sep}500 parachutistes russes ont été déployés au Kazakhstan par l'OTSC."


@pytest.mark.parametrize("sep", [" ", "\u00a0", "\u202f", "\u2009"])
def test_digit_groups_split_by_any_space(sep):
    assert [f.value for f in find_figures(SENTENCE.format(sep=sep), "fr")] == ["2500"]


@pytest.mark.parametrize("inside", ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d", "\u0301"])
def test_an_invisible_character_inside_a_number_is_dropped(inside):
    text = f"Au moins 1{inside}7 policiers ont été tués."
    figures = find_figures(text, "fr")
    assert [f.value for f in figures] == ["17"]
    claims = extract_claims("a", text, "fr", "2022-01")
    assert [(c.attribute, c.value) for c in claims] == [("killed", "17")]
    assert all(text[c.start:c.end] == c.quote and f"1{inside}7" in c.quote for c in claims)


@pytest.mark.parametrize("text", ["2⁵⁰⁰ soldats", "10³ soldats"])
def test_superscripts_are_never_digits_of_a_figure(text):
    assert find_figures(text, "fr") == []


def test_a_footnote_mark_after_a_word_is_no_figure():
    assert [f.value for f in find_figures("Au moins 17 policiers ont été tués², selon le ministère.", "fr")] == ["17"]


def test_decomposed_french_reads_like_composed():
    text = ("L'Organisation du traité de sécurité collective (OTSC) a été fondée en 2002. "
            "Au moins 17 policiers ont été tués à Almaty, selon le ministère.")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    composed = {(c.attribute, str(c.qualifiers), c.value) for c in extract_claims("a", text, "fr", "2022-01")}
    decomposed = extract_claims("a", nfd, "fr", "2022-01")
    assert {(c.attribute, str(c.qualifiers), c.value) for c in decomposed} == composed and composed
    assert all(nfd[c.start:c.end] == c.quote for c in decomposed)
