"""The figures the security re-trial found wrong (issue 25), fr and en: values exact at any
length, absurd digit runs refused and never `inf`, every Unicode space and format character
inside a numeral, apostrophes and middle dots between thousands, decimals before a number word.
A value is exact from the reader to claims.csv, through its validation and the comparison; the
quote is always the source's own text."""
from __future__ import annotations

import unicodedata

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.compare import compare, interval
from provenance.extraction.engine import extract_claims
from provenance.extraction.language import find_figures
from provenance.extraction.numerals import FIGURE_DIGITS

from conftest import csv_rows, write_csv_rows, write_source_dir

# Sentences that make a claim, the figure in {}
KILLED = {"fr": "Au moins {} policiers ont été tués.", "en": "At least {} police officers were killed."}
DEPLOYED = {"fr": "Au moins {} soldats russes ont été déployés au Kazakhstan par l'OTSC.",
            "en": "At least {} Russian troops were deployed to Kazakhstan by the CSTO."}


def values(text: str, lang: str) -> list[str]:
    return [f.value for f in find_figures(text, lang)]


# -- exact values ------------------------------------------------------------------------------
EXACT = [
    ("fr", "12345678901234567890", "12345678901234567890"),
    ("en", "12345678901234567891", "12345678901234567891"),
    ("fr", "12 345 678 901 234 567 893", "12345678901234567893"),
    ("en", "12,345,678,901,234,567,893", "12345678901234567893"),
    ("en", "9007199254740993", "9007199254740993"),         # 2**53 + 1: the first a float cannot hold
    ("fr", "9" * FIGURE_DIGITS, "9" * FIGURE_DIGITS),
    ("fr", "12345678901234567,5 millions de", "12345678901234567500000"),
    ("en", "12345678901234567.5 million", "12345678901234567500000"),
    ("fr", "1,5 milliard de", "1500000000"),
]


@pytest.mark.parametrize("lang,figure,value", EXACT, ids=[c[1][:30] for c in EXACT])
def test_a_figure_is_read_exactly(lang, figure, value):
    text = KILLED[lang].format(figure)
    figures = find_figures(text, lang)
    assert [(f.value, f.low) for f in figures] == [(value, value)]
    claims = extract_claims("a", text, lang, "2022-01")
    assert [c.value for c in claims] == [value] and all(text[c.start:c.end] == c.quote for c in claims)


LONG = [
    ("fr", "9" * 309),
    ("en", "9" * 309),
    ("fr", "1" * 5000),
    ("en", "1" * 5000),
    ("fr", "9" * (FIGURE_DIGITS + 1)),
    ("en", "1" + ",000" * 14),
    ("fr", "9" * 39 + " milliards de"),                        # 48 digits once multiplied
    ("en", "9" * 39 + " billion"),
]


@pytest.mark.parametrize("lang,figure", LONG, ids=[f"{c[0]}-{len(c[1])}" for c in LONG])
def test_an_absurdly_long_figure_is_no_figure(lang, figure):
    text = KILLED[lang].format(figure)
    assert values(text, lang) == []
    assert extract_claims("a", text, lang, "2022-01") == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_huge_figure_never_wedges_the_next_runs(tmp_path, monkeypatch, lang):
    """It wrote `inf` into claims.csv, and every later command refused the file."""
    text = DEPLOYED[lang].format("9" * 309) + " " + DEPLOYED[lang].format("2 500" if lang == "fr" else "2,500")
    write_source_dir(tmp_path, {"a": text}, language=lang)
    monkeypatch.chdir(tmp_path)
    for command in (["run"], ["run"], ["compare"], ["extract"]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, (command, result.output)
    assert [(r["value"], r["value_low"]) for r in csv_rows(tmp_path / "claims.csv")] == [("2500", "2500")]


# -- claims.csv: offsets and values it cannot hold -------------------------------------------------
@pytest.fixture
def project(tmp_path, monkeypatch):
    write_source_dir(tmp_path, {"a": DEPLOYED["fr"].format("2 500"), "b": DEPLOYED["fr"].format("3 000")})
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    return tmp_path


def edited(project, **cells) -> None:
    """claims.csv with the first row's cells changed, as a person's editor writes it."""
    rows = csv_rows(project / "claims.csv")
    rows[0].update(cells)
    write_csv_rows(project / "claims.csv", rows)


COMMANDS = [["check"], ["extract"], ["compare"], ["run"], ["show", "a"]]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("column,offset", [("start", "1" * 5000), ("end", "9" * 4301), ("end", "9" * 19)],
                         ids=["start-5000", "end-4301", "end-19"])
def test_an_offset_longer_than_any_text_is_bad_input(project, command, column, offset):
    edited(project, **{column: offset})
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    problem = next(line for line in result.output.splitlines() if "bad-offset" in line)
    assert "claims.csv:2" in problem and len(problem) < 300  # a long offset is shown cut


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS[:4], ids=lambda c: c[0])
@pytest.mark.parametrize("cells", [
    {"value": "9" * 101},
    {"value": "9" * 5000, "value_low": "9" * 5000},
    {"value_low": "100000000000000000001", "value_high": "100000000000000000000", "bound": "range"},
    {"value_high": "1." + "0" * 400, "value_low": "1." + "0" * 399 + "1", "bound": "range"},
], ids=["101-digits", "5000-digits", "low-above-high-by-one", "long-fraction"])
def test_a_value_claims_csv_cannot_hold_or_order_is_bad_input(project, command, cells):
    edited(project, **cells)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    problem = next(line for line in result.output.splitlines() if "bad-value" in line or "low-above-high" in line)
    assert "claims.csv:2" in problem and len(problem) < 300  # a long value is shown cut


def _rows(*values: str):
    import pandas as pd
    return pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="killed", qualifiers="",
                              value=v, value_low=v, value_high=v, bound="exact", unit="persons", quote=f"q{i}",
                              start="", end="", method="", confidence="", status="extracted", note="")
                         for i, (s, v) in enumerate(zip("ab", values))])


@pytest.mark.parametrize("a,b,kind", [
    ("100000000000000000001", "100000000000000000000", "contradiction"),
    ("9007199254740993", "9007199254740992", "contradiction"),
    ("9" * 100, "9" * 99 + "8", "contradiction"),
    ("12345678901234567890", "12345678901234567890", None),
])
def test_values_beyond_a_floats_precision_compare_exactly(a, b, kind):
    found = compare(_rows(a, b), {"a": {"published": "2022-01"}, "b": {"published": "2022-01"}}).discrepancies
    assert [d.kind for d in found] == ([kind] if kind else [])


@pytest.mark.parametrize("value", ["9" * 101, "9" * 400, "1" * 5000, "1e400", "inf", "nan"])
def test_a_value_too_large_for_the_comparison_is_none_never_infinite(value):
    assert interval(value, value, value, "exact") is None


# -- Unicode inside a numeral ------------------------------------------------------------------------
SPACES = [c for c in map(chr, range(0x3001)) if unicodedata.category(c) == "Zs"]
FORMAT = ["\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2061",
          "\u2066", "\u2069", "\u202a", "\u202c", "\u180e", "\u0600"]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("space", SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_every_unicode_space_groups_digits(lang, space):
    figure = f"1{space}200"
    text = KILLED[lang].format(figure)
    assert values(text, lang) == ["1200"]
    claims = extract_claims("a", text, lang, "2022-01")
    assert [c.value for c in claims] == ["1200"]
    assert all(text[c.start:c.end] == c.quote and figure in c.quote for c in claims)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("mark", FORMAT, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["1{}200", "1{} 200", "1 {}200", "12{}00"])
def test_a_format_character_inside_a_numeral_is_dropped(lang, mark, where):
    figure = where.format(mark)
    text = KILLED[lang].format(figure)
    assert values(text, lang) == ["1200"]
    claims = extract_claims("a", text, lang, "2022-01")
    assert [c.value for c in claims] == ["1200"]
    assert all(text[c.start:c.end] == c.quote and figure in c.quote for c in claims)


SEPARATORS = [
    ("en", "2'500", ["2500"]),
    ("en", "2\u2019500", ["2500"]),
    ("fr", "2'500", ["2500"]),
    ("fr", "2\u2019500", ["2500"]),
    ("en", "1'000'000", ["1000000"]),
    ("fr", "1\u00b7200", ["1200"]),
    ("en", "1\u00b7200", ["1200"]),
    ("fr", "1\u02d9200", ["1200"]),
    ("en", "1\u02d9200", ["1200"]),
    ("en", "2'50", ["2", "50"]),        # not three digits after it: no thousands
    ("fr", "1\u00b720", ["1", "20"]),
    ("en", "1\u00b72000", ["1", "2000"]),
]


@pytest.mark.parametrize("lang,figure,expected", SEPARATORS, ids=[f"{c[0]}-{c[1]}" for c in SEPARATORS])
def test_apostrophes_and_middle_dots_group_thousands(lang, figure, expected):
    text = KILLED[lang].format(figure)
    assert values(text, lang) == expected
    if len(expected) == 1:
        claims = extract_claims("a", text, lang, "2022-01")
        assert [c.value for c in claims] == expected and all(figure in c.quote for c in claims)


# -- a decimal before a number word ----------------------------------------------------------------
MULTIPLIED = [
    ("fr", "2,5 milliers de soldats", "2500", "2,5 milliers"),
    ("fr", "2,5 mille soldats", "2500", "2,5 mille"),
    ("fr", "1,2 million de soldats", "1200000", "1,2 million"),
    ("fr", "1,5 milliard de dollars", "1500000000", "1,5 milliard"),
    ("fr", "12 345,5 milliers de soldats", "12345500", "12 345,5 milliers"),
    ("fr", "3 milliers de soldats", "3000", "3 milliers"),
    ("en", "2.5 million troops", "2500000", "2.5 million"),
    ("en", "2.5 thousand troops", "2500", "2.5 thousand"),
    ("en", "1.2 billion people", "1200000000", "1.2 billion"),
    ("en", "12,345.5 thousand troops", "12345500", "12,345.5 thousand"),
]


@pytest.mark.parametrize("lang,text,value,figure", MULTIPLIED, ids=[c[1] for c in MULTIPLIED])
def test_a_decimal_before_a_number_word_multiplies_it(lang, text, value, figure):
    figures = find_figures(text, lang)
    assert [(f.value, text[f.core_start:f.core_end]) for f in figures] == [(value, figure)]


@pytest.mark.parametrize("lang,figure", [("fr", "2,5 milliers de"), ("fr", "2,5 mille"), ("en", "2.5 thousand")])
def test_the_quote_of_a_multiplied_decimal_covers_the_whole_figure(lang, figure):
    text = DEPLOYED[lang].format(figure)
    claims = extract_claims("a", text, lang, "2022-01")
    assert [c.value for c in claims] == ["2500"]
    assert all(text[c.start:c.end] == c.quote and figure.rsplit(" de", 1)[0] in c.quote for c in claims)
