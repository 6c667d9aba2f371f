"""Figures as news writes them: (language, text, expected (value, low, high, bound, kind)) tables."""
import pytest

from provenance.extraction.language import find_figures

CASES = [
    ("fr", "2500 parachutistes", ("2500", "2500", "2500", "exact", "count")),
    ("fr", "2 600 militaires", ("2600", "2600", "2600", "exact", "count")),
    ("fr", "2\u00a0600 militaires", ("2600", "2600", "2600", "exact", "count")),
    ("fr", "2\u202f600 militaires", ("2600", "2600", "2600", "exact", "count")),
    ("fr", "2.600 militaires", ("2600", "2600", "2600", "exact", "count")),
    ("fr", "2,5 millions de dollars", ("2500000", "2500000", "2500000", "exact", "measure")),
    ("en", "2,600 troops", ("2600", "2600", "2600", "exact", "count")),
    ("en", "2.5 million dollars", ("2500000", "2500000", "2500000", "exact", "measure")),
    ("fr", "(17-22 000 personnes)", ("17000", "17000", "22000", "range", "count")),
    ("fr", "entre 100 et 200 personnes", ("100", "100", "200", "range", "count")),
    ("en", "between 100 and 200 people", ("100", "100", "200", "range", "count")),
    ("fr", "un millier et demi de militaires", ("1500", "1500", "1500", "exact", "count")),
    ("fr", "environ un millier et demi de militaires", ("1500", "1500", "1500", "approx", "count")),
    ("fr", "plus de mille personnes", ("1000", "1000", "", "more_than", "count")),
    ("fr", "six pays", ("6", "6", "6", "exact", "count")),
    ("fr", "dix-sept policiers", ("17", "17", "17", "exact", "count")),
    ("fr", "deux semaines", ("2", "2", "2", "exact", "count")),
    ("en", "about 2,030 troops", ("2030", "2030", "2030", "approx", "count")),
    ("en", "some 2,500 soldiers", ("2500", "2500", "2500", "approx", "count")),
    ("en", "more than 2,500 troops", ("2500", "2500", "", "more_than", "count")),
    ("en", "at least 13 officers", ("13", "13", "", "at_least", "count")),
    ("en", "nearly 8,000 people", ("8000", "8000", "8000", "approx", "count")),
    ("en", "up to 3,000 troops", ("3000", "", "3000", "at_most", "count")),
    ("en", "seventeen police officers", ("17", "17", "17", "exact", "count")),
    ("fr", "au moins 13 agents", ("13", "13", "", "at_least", "count")),
    ("fr", "près de 8 000 personnes", ("8000", "8000", "8000", "approx", "count")),
    ("fr", "quelque 2 500 soldats", ("2500", "2500", "2500", "approx", "count")),
    ("fr", "des centaines de casques bleus", ("100", "100", "999", "vague", "count")),
    ("en", "hundreds of peacekeepers", ("100", "100", "999", "vague", "count")),
    ("fr", "le 7 octobre 2002", ("2002-10-07", "2002-10-07", "2002-10-07", "exact", "date")),
    ("fr", "le 1er janvier 2022", ("2022-01-01", "2022-01-01", "2022-01-01", "exact", "date")),
    ("fr", "en mai 2007", ("2007-05", "2007-05", "2007-05", "exact", "date")),
    ("fr", "à l'été 2021", ("2021", "2021", "2021", "exact", "year")),
    ("en", "on January 7, 2022", ("2022-01-07", "2022-01-07", "2022-01-07", "exact", "date")),
    ("en", "on 7 January 2022", ("2022-01-07", "2022-01-07", "2022-01-07", "exact", "date")),
    ("en", "in the summer of 2021", ("2021", "2021", "2021", "exact", "year")),
    ("en", "in 1992", ("1992", "1992", "1992", "exact", "year")),
    ("fr", "de 1992 à 1999", ("1992", "1992", "1999", "range", "year")),
    ("fr", "(1992-1999)", ("1992", "1992", "1999", "range", "year")),
]


@pytest.mark.parametrize("lang,text,expected", CASES, ids=[c[1] for c in CASES])
def test_first_figure(lang, text, expected):
    figures = find_figures(text, lang)
    assert figures, f"no figure in {text!r}"
    f = figures[0]
    assert (f.value, f.low, f.high, f.bound, f.kind) == expected


NOT_FIGURES = [
    ("fr", "Fraternité incassable-2021"),      # a name, not a date
    ("fr", "véhicules BTR-82A"),
    ("fr", "une alliance"),                    # an article, not the number one
    ("en", "a rapid force"),
]


@pytest.mark.parametrize("lang,text", NOT_FIGURES)
def test_not_a_figure(lang, text):
    assert find_figures(text, lang) == []


def test_offsets_point_at_the_figure():
    text = "Selon Tokaïev, 17 policiers ont été tués et plus de mille personnes blessées."
    for f in find_figures(text, "fr"):
        assert text[f.start:f.end].strip() == text[f.start:f.end]
    spans = [text[f.start:f.end] for f in find_figures(text, "fr")]
    assert spans == ["17", "plus de mille"]
