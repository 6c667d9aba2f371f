"""Ranges in every form, each end with its own bound: (language, sentence, expected) tables.

The sentences are from real pages (Wikipedia articles on wars, massacres and famines and the
pages that quote them), except the few marked as the issue's own wording.
"""
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from provenance.claims.record import DIGEST, row_digest, rows_from_claims
from provenance.cli import main
from provenance.compare import compare
from provenance.extraction.engine import extract_claims
from provenance.extraction.language import find_figures

from conftest import SEEDS, csv_rows, write_csv_rows


def the_range(lang, text):
    """The first range figure of a text: (its words, value_low, value_high, bound_low, bound_high)."""
    (f, *_) = [f for f in find_figures(text, lang) if f.bound == "range"]
    return text[f.start:f.end], f.low, f.high, f.bound_low, f.bound_high


RANGES = [
    # a bound word before the low end
    ("en", "A declassified National Security Agency cable filed on the same day estimated 180–500 deaths up to "
           "the morning of June 4.", ("estimated 180–500", "180", "500", "approx", "exact")),
    ("fr", "Au cours des neuf mois de guerre, près de 300 000 à 3 000 000 de personnes ont été brutalement tuées "
           "par la force militaire du Pakistan occidental.",
     ("près de 300 000 à 3 000 000", "300000", "3000000", "approx", "exact")),
    ("fr", "plus de 800 000 en Allemagne et à peu près autant en Roumanie, et près de 450 à 500 000 pour l'Italie",
     ("près de 450 à 500 000", "450000", "500000", "approx", "exact")),
    ("en", "The Kazakhstan unrest left between some 500 and 700 people dead.",  # the wording
     ("between some 500 and 700", "500", "700", "approx", "exact")),
    ("en", "Estimates run from about 200 to 300 dead.",  # the wording
     ("from about 200 to 300", "200", "300", "approx", "exact")),
    ("en", "between at least 50 and 80 people were killed",  # the wording
     ("between at least 50 and 80", "50", "80", "at_least", "exact")),
    # a bound word before the high end
    ("fr", "La guerre aurait fait de 100 000 à environ 160 000 morts.",  # the wording
     ("de 100 000 à environ 160 000", "100000", "160000", "exact", "approx")),
    ("en", "Estimates range from 100,000 to more than 160,000 dead.",
     ("from 100,000 to more than 160,000", "100000", "", "exact", "more_than")),
    ("en", "A Western diplomat put the number at 300 to 1,000 or more.",
     ("300 to 1,000 or more", "300", "", "exact", "more_than")),
    # a scale word on the high end only, or on both
    ("en", "Taiping Rebellion | 20–30 million [8] [9] | 1850–1864 | Qing Dynasty vs. Taiping Heavenly Kingdom",
     ("20–30 million", "20000000", "30000000", "exact", "exact")),
    ("en", "the Great Leap Famine, with a demographic loss estimated at the 26-30 million range",
     ("26-30 million", "26000000", "30000000", "exact", "exact")),
    ("en", "Plausible estimates for the number of innocent people killed during the revolt range from 0.3 to "
           "1.6 million.", ("from 0.3 to 1.6 million", "300000", "1600000", "exact", "exact")),
    ("fr", "La fourchette se positionne de 8,5 à 10 millions de morts, parmi les militaires.",
     ("de 8,5 à 10 millions", "8500000", "10000000", "exact", "exact")),
    ("fr", "On parle de 800 000 à 1 million de morts.", ("de 800 000 à 1 million", "800000", "1000000", "exact", "exact")),
    ("en", "Historians put the death toll from starvation and disease at between 30 million and 45 million.",
     ("between 30 million and 45 million", "30000000", "45000000", "exact", "exact")),
    # number words
    ("en", "Peking University leaflets circulated on campus suggested a death toll of between two to three thousand.",
     ("two to three thousand", "2000", "3000", "exact", "exact")),
    ("fr", "entre deux et trois mille personnes auraient péri", ("entre deux et trois mille", "2000", "3000", "exact", "exact")),
    # plain ranges keep reading as they did, now with their ends' bounds
    ("en", "Subsequent estimates of casualties vary from 7,000 to 40,000 people killed, including about 1,000 soldiers.",
     ("from 7,000 to 40,000", "7000", "40000", "exact", "exact")),
    ("fr", "Selon Benjamin Stora, le déficit se situe entre 350 000 et 400 000 morts, soit 3 % de la population.",
     ("entre 350 000 et 400 000", "350000", "400000", "exact", "exact")),
    ("fr", "-88 Vêpres asiatiques 80 000 à 150 000 Bithynie", ("80 000 à 150 000", "80000", "150000", "exact", "exact")),
    ("en", "Bong-youn Choy, Korea: a History (1971): 3,000 - 5,000", ("3,000 - 5,000", "3000", "5000", "exact", "exact")),
]


@pytest.mark.parametrize("lang,text,expected", RANGES, ids=[r[1][:60] for r in RANGES])
def test_a_range_reads_each_end_with_its_own_bound(lang, text, expected):
    assert the_range(lang, text) == expected


NOT_COUNTS = [
    # years and membership periods join bare, as they always did: no bound on a year
    ("en", "Taiping Rebellion | 20–30 million [8] [9] | 1850–1864 | Qing Dynasty",
     "1850–1864", ("year", "1850", "1864")),
    ("fr", "L'Ouzbékistan a été membre de l'OTSC de 1999 à 2005.",
     "de 1999 à 2005", ("year", "1999", "2005")),
    ("en", "Dutch Colonies (1900-14) and Korea (1907-1912)", "1907-1912",
     ("year", "1907", "1912")),
    # measures: a distance, a share
    ("en", "The convoy stopped 20 to 30 km from the border.", "20 to 30",
     ("measure", "20", "30")),
    ("fr", "Soit une proportion entre 9 et 29 % selon les auteurs.", "entre 9 et 29",
     ("measure", "9", "29")),
    # people's ages, never a count of people
    ("en", "Conscription applies to men at ages 18 to 25.", "18 to 25",
     ("measure", "18", "25")),
    ("en", "All men aged 18 to 60 were barred from leaving the country.", "18 to 60",
     ("measure", "18", "60")),
    ("fr", "Les hommes âgés de 18 à 60 ans ne peuvent plus quitter le pays.", "de 18 à 60",
     ("measure", "18", "60")),
]


@pytest.mark.parametrize("lang,text,words,expected", NOT_COUNTS, ids=[r[2] for r in NOT_COUNTS])
def test_a_range_of_years_or_of_a_measure_is_no_count(lang, text, words, expected):
    (f,) = [f for f in find_figures(text, lang) if text[f.start:f.end] == words]
    assert (f.kind, f.low, f.high) == expected
    assert (f.bound, f.bound_low, f.bound_high) == ("range", "exact", "exact")


@pytest.mark.parametrize("lang,text", [
    ("en", "Young men aged 18 to 25 were killed in the clashes in Almaty."),
    ("en", "Protesters at ages 18 to 25 were killed by police in Almaty."),
])
def test_an_age_range_is_no_toll(lang, text):
    assert [c for c in extract_claims("s", text, lang, "2022-01") if c.attribute == "killed"] == []


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "La guerre aurait fait de 100 000 à environ 160 000 morts.", ("100000", "160000", "exact", "approx")),
    ("fr", "Au cours des neuf mois de guerre d'indépendance du Bangladesh, près de 300 000 à 3 000 000 de personnes "
           "ont été brutalement tuées.", ("300000", "3000000", "approx", "exact")),
    ("en", "The Kazakhstan unrest left between some 500 and 700 people dead.", ("500", "700", "approx", "exact")),
])
def test_a_toll_carries_its_ends_bounds_into_claims_csv(lang, text, expected):
    (toll,) = [c for c in extract_claims("s", text, lang, "2022-01") if c.attribute == "killed" and c.bound == "range"]
    (row,) = [r for r in rows_from_claims([toll])]
    assert (row["value_low"], row["value_high"], row["bound_low"], row["bound_high"]) == expected


@pytest.mark.parametrize("other,kind", [("150 000", "variance"), ("200 000", "contradiction")])
def test_a_range_with_a_bounded_end_compares_as_its_interval(other, kind):
    """'de 100 000 à environ 160 000' is [100 000, 160 000]: 150 000 lies in it, 200 000 does not."""
    texts = {"a": "La guerre civile au Tadjikistan aurait fait de 100 000 à environ 160 000 morts.",
             "b": f"La guerre civile au Tadjikistan aurait fait {other} morts."}
    found = [c for sid, t in texts.items() for c in extract_claims(sid, t, "fr", "2022-01")]
    assert sorted((c.source_id, c.value_low, c.value_high, c.bound) for c in found if c.attribute == "killed") == \
        sorted([("a", "100000", "160000", "range"), ("b", other.replace(" ", ""), other.replace(" ", ""), "exact")])
    result = compare(pd.DataFrame(rows_from_claims(found)), {s: {} for s in texts})
    assert [d.kind for d in result.discrepancies if d.attribute == "killed"] == [kind]


def test_a_claims_table_written_before_the_ends_bounds_reads_and_keeps_its_rows_the_tools(tmp_path, monkeypatch):
    """Upgrading: claims.csv without bound_low/bound_high (and so with the fingerprints written
    before them) is read, and no extracted row turns into a person's row."""
    shutil.copytree(SEEDS, tmp_path / "sources")
    (tmp_path / "sources" / "range.txt").write_text(
        "Les troubles au Kazakhstan auraient fait de 100 à environ 160 morts.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    rows = csv_rows(tmp_path / "claims.csv")
    assert ("approx",) in {(r["bound_high"],) for r in rows if r["bound"] == "range"}
    older = [{k: v for k, v in r.items() if k not in ("bound_low", "bound_high")} for r in rows]
    write_csv_rows(tmp_path / "claims.csv", [{**r, DIGEST: row_digest(r)} for r in older])
    assert CliRunner().invoke(main, ["run", "--no-cache"]).exit_code == 0
    assert {r["status"] for r in csv_rows(tmp_path / "claims.csv")} == {"extracted"}


@pytest.mark.parametrize("column,value", [("bound_low", "about"), ("bound_high", "range"), ("bound_high", "vague")])
def test_a_bad_end_bound_is_a_clear_error(tmp_path, column, value):
    """An end's bound is one of the bounds a figure's words give (exact, approx, more_than …)."""
    row = {"claim_id": "s.killed.1", "source_id": "s", "subject": "x", "attribute": "killed", "qualifiers": "",
           "value": "100", "value_low": "100", "value_high": "160", "bound": "range", "unit": "persons",
           "quote": "", "start": "", "end": "", "method": "manual", "confidence": "", "status": "manual",
           "note": "", "as_of": "", "bound_low": "exact", "bound_high": "exact"}
    write_csv_rows(tmp_path / "claims.csv", [{**row, column: value}])
    result = CliRunner().invoke(main, ["compare", "--claims", str(tmp_path / "claims.csv"),
                                       "--out", str(tmp_path / "reports")])
    assert result.exit_code == 2
    assert f"claims.csv:2: [bad-bound] {column} {value!r} is not one of exact, approx" in result.output
    assert not (tmp_path / "reports").exists()
