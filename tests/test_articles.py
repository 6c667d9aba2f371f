"""Articles written for the tests (not the seeds): French and English, this event and others.

Each is read on its own, then all together, to see that figures in two languages meet.
"""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.extraction.engine import extract_claims

DATA = Path(__file__).parent / "data" / "articles"

EXPECTED = {
    ("en-wire", "en"): [
        ("troops_deployed", "", "2000", "more_than"), ("killed", "claimant=official", "164", "exact"),
        ("killed", "claimant=official;group=security_forces", "16", "exact"), ("detained", "", "9900", "exact"),
        ("founded", "", "2002", "exact"), ("prior_request", "country=kyrgyzstan", "2010", "exact"),
        ("prior_request", "country=armenia", "2021", "exact"), ("troops_deployed", "country=russia", "1500", "approx"),
        ("member_count", "", "6", "exact"),
    ],
    ("en-encyclopedia", "en"): [
        ("founded", "", "2002-10-07", "exact"), ("member_count", "", "6", "exact"),
        ("treaty_signed", "", "1992-05-15", "exact"), ("member_left", "country=georgia", "1999", "exact"),
        ("member_joined", "act=readmission;country=uzbekistan", "2006", "exact"), ("force_size", "force=rapid_reaction", "20000", "approx"),
        ("force_size", "force=peacekeeping", "3600", "exact"), ("troops_deployed", "", "2030", "exact"),
        ("killed", "", "227", "exact"), ("injured", "", "4353", "exact"), ("detained", "", "10000", "at_least"),
    ],
    ("fr-bilan", "fr"): [
        ("killed", "", "225", "exact"), ("killed", "group=security_forces", "19", "exact"),
        ("detained", "", "10000", "approx"), ("founded", "", "2002", "exact"), ("age_years", "", "20", "exact"),
        ("troops_deployed", "", "2000", "approx"), ("troops_deployed", "country=russia", "1500", "approx"),
        ("member_count", "", "6", "exact"), ("prior_request", "country=kyrgyzstan", "2010", "exact"),
    ],
    ("fr-correspondant", "fr"): [
        ("troops_deployed", "country=russia", "3000", "approx"), ("killed", "group=security_forces", "18", "exact"),
        ("detained", "", "3000", "more_than"), ("age_years", "", "30", "exact"),
    ],
    ("en-other-event", "en"): [
        ("injured", "claimant=official", "45", "at_least"), ("detained", "", "12", "exact"),
        # "Earlier protests in May left nine people dead": figures of an earlier moment
        ("killed", "moment=earlier", "9", "exact"), ("injured", "moment=earlier", "300", "more_than"),
    ],
    ("en-iran", "en"): [
        ("killed", "", "448", "at_least"), ("killed", "group=civilians", "60", "exact"),
        ("detained", "", "18000", "more_than"), ("killed", "claimant=official;group=security_forces", "40", "more_than"),
        ("founded", "", "1949", "exact"), ("member_count", "", "30", "exact"),
    ],
    ("fr-bilan-officiel", "fr"): [
        ("killed", "claimant=official", "164", "exact"), ("killed", "claimant=official;place=almaty", "103", "exact"),
        ("detained", "", "8000", "more_than"), ("troops_deployed", "country=russia", "3000", "approx"),
        ("member_count", "", "6", "exact"), ("founded", "", "2002", "exact"),
        ("killed", "claimant=unofficial", "500", "more_than"),
    ],
    ("en-reuters-style", "en"): [
        ("killed", "group=security_forces", "18", "exact"), ("injured", "group=security_forces", "748", "exact"),
        ("killed", "", "26", "exact"), ("detained", "", "3811", "exact"), ("founded", "", "1992", "exact"),
        ("troops_deployed", "", "2500", "approx"), ("age_years", "", "30", "exact"),
        ("prior_request", "country=kyrgyzstan", "2010", "exact"), ("troops_deployed", "country=belarus", "100", "range"),
    ],
    ("en-explainer", "en"): [
        ("member_count", "", "6", "exact"), ("founded", "", "2002", "exact"),
        ("member_left", "country=azerbaijan", "1999", "exact"), ("member_left", "country=georgia", "1999", "exact"),
        ("member_left", "country=uzbekistan", "2012", "exact"), ("member_joined", "country=armenia", "1992", "exact"),
        ("killed", "", "225", "at_least"), ("troops_deployed", "", "2030", "approx"),
    ],
    ("fr-other-event", "fr"): [
        ("founded", "", "1975", "exact"), ("member_count", "", "15", "exact"),
        ("killed", "group=soldiers", "17", "at_least"), ("troops_deployed", "country=nigeria", "1000", "approx"),
    ],
}


@pytest.mark.parametrize("name,lang", list(EXPECTED))
def test_article_claims(name, lang):
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    got = {(c.attribute, str(c.qualifiers), c.value, c.bound) for c in extract_claims(name, text, lang, "2022-01")}
    missing = [e for e in EXPECTED[(name, lang)] if e not in got]
    assert missing == []


def test_no_claim_from_a_date_or_a_partitive():
    text = (DATA / "fr-other-event.txt").read_text(encoding="utf-8")
    assert "26" not in {c.value for c in extract_claims("x", text, "fr", "2023-08")}


def test_languages_meet_in_one_corpus(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    runner = CliRunner()
    for name, lang in [("en-wire", "en"), ("en-encyclopedia", "en"), ("fr-bilan", "fr"), ("fr-correspondant", "fr")]:
        result = runner.invoke(main, ["sources", "add", str(DATA / f"{name}.txt"), "--sources", str(folder),
                                      "--language", lang, "--published", "2022-01"])
        assert result.exit_code == 0, result.output
    out = tmp_path / "reports"
    result = runner.invoke(main, ["run", "--sources", str(folder), "--claims", str(tmp_path / "claims.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "discrepancies.json").read_text(encoding="utf-8"))
    def values(attribute, qualifiers=""):
        return [{v["value"] for v in d["values"]} for d in data["discrepancies"]
                if d["attribute"] == attribute and d["qualifiers"] == qualifiers]
    # English and French figures for the same things meet
    assert any({"225", "227"} <= vs for vs in values("killed"))
    assert any({"20", "30"} <= vs for vs in values("age_years"))
    founded = [c for c in data["corroborations"] if c["attribute"] == "founded"]
    assert founded and {"en-wire", "fr-bilan"} <= set(founded[0]["sources"])
