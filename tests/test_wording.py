"""The findings' words: structured reasons worded per language by phrases/<lang>.toml."""
from __future__ import annotations

import json
import string
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from provenance.extraction.attributes import registry
from provenance.cli import main
from provenance.compare import compare
from provenance.compare.wording import LANGUAGES, label, phrases, render, render_all, scope
from provenance.claims.record import rows_from_claims
from provenance.extraction.engine import extract_claims

PHRASES = Path(__file__).parent.parent / "src" / "provenance" / "compare" / "phrases"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_language_words_every_phrase_with_the_same_fields(lang):
    en, other = phrases("en"), phrases(lang)
    assert set(other) == set(en)
    for section in en:
        missing = set(en[section]) - set(other[section])
        assert not missing, f"{lang}.toml [{section}] lacks {sorted(missing)}"
        for name, text in en[section].items():
            assert _fields(other[section][name]) == _fields(text), f"{lang}.toml [{section}] {name}"


def test_the_language_list_is_the_phrases_files_and_the_cli_choice():
    assert sorted(LANGUAGES) == sorted(p.stem for p in PHRASES.glob("*.toml"))
    run = next(p for p in main.commands["run"].params if p.name == "lang")
    assert sorted(run.type.choices) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_claim_family_has_a_label_in_every_language(lang):
    for attribute in registry().attributes:
        assert attribute in phrases(lang)["attribute"], f"{lang}: no label for {attribute}"
    for quals in ({}, {"country": "armenia"}, {"group": "police"}, {"force": "rapid_reaction"}):
        for attribute in registry().attributes:
            text = label({"attribute": attribute, "subject": "CSTO mission in Kazakhstan", "qualifiers": quals}, lang)
            assert "CSTO mission in Kazakhstan" in text and "{" not in text


def _finding(texts: dict[str, str], lang="en"):
    rows = [r for sid, text in texts.items() for r in rows_from_claims(extract_claims(sid, text, "en", "2022-01-07"))]
    found = compare(pd.DataFrame(rows), {sid: {"published": "2022-01-07"} for sid in texts}).discrepancies
    return [d.to_json(lang) for d in found]


TOLLS = {"a": "Kazakhstan unrest: 18 police officers were killed on 6 January.",
         "b": "Kazakhstan unrest: 17 police officers were killed on 6 January.",
         "c": "Kazakhstan unrest: at least 13 police officers were killed on 6 January."}


def test_a_contradiction_reads_in_english_and_in_french():
    en = _finding(TOLLS)[0]
    assert en["explanation"].startswith(
        "Sources disagree on how many security forces were killed in “Kazakhstan unrest 2022”: 17 (b) vs 18 (a); "
        "these cannot all be true.")
    assert en["explanation"].endswith(" At least 13 (c) is compatible with 17 and 18.")
    fr = _finding(TOLLS, "fr")[0]
    assert fr["explanation"].startswith(
        "Les sources divergent sur le nombre de tués (forces de sécurité, « Kazakhstan unrest 2022 ») : 17 (b) contre 18 (a) ;"
        " ces valeurs ne peuvent pas être toutes vraies.")
    assert fr["explanation"].endswith(" Au moins 13 (c) est compatible avec 17 et 18.")
    assert fr["id"] == en["id"] and fr["values"] == en["values"]


def test_the_structured_reasons_are_in_the_json_and_word_it_again():
    d = _finding(TOLLS)[0]
    reasons = json.loads(json.dumps(d["reasons"]))  # as a reader of discrepancies.json has them
    assert reasons["explanation"][0][0] == "say.contradiction"
    assert render_all(reasons["explanation"], "en") == d["explanation"]
    assert render_all(reasons["explanation"], "fr") == _finding(TOLLS, "fr")[0]["explanation"]


def test_a_country_contingent_names_the_country_and_the_mission():
    text = label({"attribute": "troops_deployed", "subject": "CSTO mission in Kazakhstan",
                  "qualifiers": {"country": "armenia"}}, "en")
    assert text == "how many troops Armenia has in “CSTO mission in Kazakhstan”"
    assert label({"attribute": "troops_deployed", "subject": "CSTO mission in Kazakhstan",
                  "qualifiers": {"country": "armenia"}}, "fr") == \
        "l'effectif de « CSTO mission in Kazakhstan » (contingent : Arménie)"


def test_a_part_reads_as_its_kind_of_part_never_as_a_raw_code():
    assert scope({"place": "almaty"}, "en") == "for Almaty alone"
    assert scope({"moment": "earlier"}, "en") == "in an earlier count"
    assert scope({"moment": "earlier"}, "fr") == "dans un bilan antérieur"
    assert scope({"side": "ecowas"}, "en") == "for one side (ecowas)"
    part = render(("say.part", {"what": {"attribute": "killed", "subject": "S", "qualifiers": {}},
                                "parts": {"items": [{"figure": {"value": "3700", "bound": "exact"},
                                                     "sources": ["a"], "more": 0}]},
                                "scope": {"moment": "earlier"},
                                "wholes": {"items": [{"figure": {"value": "19", "bound": "approx"},
                                                      "sources": ["b", "c", "d"], "more": 2}]}}), "en")
    assert part == ("Sources disagree on how many people were killed in “S”: 3700 (a) in an earlier count is more "
                    "than about 19 (b, c, d and 2 more sources) for the whole; a part cannot exceed the whole.")
    assert "for earlier alone" not in part and "_" not in part


@pytest.mark.parametrize("bound,en,fr", [("approx", "about 2600", "environ 2600"),
                                         ("more_than", "more than 2600", "plus de 2600"),
                                         ("at_least", "at least 2600", "au moins 2600"),
                                         ("exact", "2600", "2600")])
def test_bounds_read_as_words(bound, en, fr):
    from provenance.compare.wording import figure
    assert figure({"value": "2600", "bound": bound}, "en") == en
    assert figure({"value": "2600", "bound": bound}, "fr") == fr


def test_reports_keep_their_language_across_runs(tmp_path):
    project = Path(__file__).parent.parent
    work = tmp_path / "p"
    (work / "sources").mkdir(parents=True)
    for f in (project / "sources").iterdir():
        (work / "sources" / f.name).write_bytes(f.read_bytes())
    runner = CliRunner()
    import os
    here = os.getcwd()
    os.chdir(work)
    try:
        assert runner.invoke(main, ["run", "--lang", "fr"]).exit_code == 0
        first = json.loads(Path("reports/discrepancies.json").read_text("utf-8"))
        assert first["language"] == "fr" and "Les sources" in first["discrepancies"][0]["explanation"]
        assert runner.invoke(main, ["compare"]).exit_code == 0  # no --lang: the reports stay French
        again = json.loads(Path("reports/discrepancies.json").read_text("utf-8"))
        assert again["language"] == "fr" and again["discrepancies"][0]["explanation"] == \
            first["discrepancies"][0]["explanation"]
        assert "Les sources" in Path("reports/discrepancies.md").read_text("utf-8")
        assert runner.invoke(main, ["compare", "--lang", "en"]).exit_code == 0
        assert json.loads(Path("reports/discrepancies.json").read_text("utf-8"))["language"] == "en"
        refused = runner.invoke(main, ["compare", "--lang", "ru"])
        assert refused.exit_code == 2 and "ru" in refused.output
    finally:
        os.chdir(here)
