"""The comparison engine: interval logic as a table, scope reasoning, end to end."""
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.compare import compare, interval, relation

from conftest import write_source_dir

# (bound, value, low, high) vs (bound, value, low, high) -> relation
RELATIONS = [
    (("more_than", "2500", "2500", ""), ("approx", "2600", "2600", "2600"), "variance"),
    (("exact", "17", "17", "17"), ("exact", "18", "18", "18"), "contradiction"),
    (("at_least", "13", "13", ""), ("exact", "17", "17", "17"), "variance"),
    (("at_least", "13", "13", ""), ("exact", "13", "13", "13"), "variance"),
    (("more_than", "13", "13", ""), ("exact", "13", "13", "13"), "contradiction"),
    (("range", "100", "100", "200"), ("exact", "100", "100", "100"), "variance"),
    (("range", "100", "100", "200"), ("exact", "250", "250", "250"), "contradiction"),
    (("range", "17000", "17000", "22000"), ("exact", "20000", "20000", "20000"), "variance"),
    (("approx", "2600", "2600", "2600"), ("exact", "2500", "2500", "2500"), "variance"),
    (("approx", "2600", "2600", "2600"), ("exact", "2000", "2000", "2000"), "contradiction"),
    (("less_than", "50", "", "50"), ("exact", "60", "60", "60"), "contradiction"),
    (("at_most", "50", "", "50"), ("exact", "50", "50", "50"), "variance"),
    (("vague", "100", "100", "999"), ("exact", "2500", "2500", "2500"), "variance"),
]


@pytest.mark.parametrize("a,b,expected", RELATIONS, ids=[f"{a[0]} {a[1]} vs {b[0]} {b[1]}" for a, b, _ in RELATIONS])
def test_relation(a, b, expected):
    ia, ib = interval(a[1], a[2], a[3], a[0]), interval(b[1], b[2], b[3], b[0])
    assert relation(ia, ib, a[0], b[0], False) == expected
    assert relation(ib, ia, b[0], a[0], False) == expected


DATES = [
    ("1992", "1992-05-15", "equal"),
    ("1992", "2002", "contradiction"),
    ("2002-10", "2002-10-07", "equal"),
    ("1993", "1993-12-09", "equal"),
    ("1992-05-15", "1992-05-16", "contradiction"),
]


@pytest.mark.parametrize("a,b,expected", DATES)
def test_dates_compare_at_the_coarser_precision(a, b, expected):
    ia, ib = interval(a, a, a, "exact", "date"), interval(b, b, b, "exact", "date")
    assert relation(ia, ib, "exact", "exact", False, dates=True) == expected


def table(rows):
    cols = ["claim_id", "source_id", "subject", "attribute", "qualifiers", "value", "value_low", "value_high", "bound",
            "unit", "quote", "start", "end", "method", "confidence", "status", "note"]
    out = []
    for i, r in enumerate(rows):
        base = dict(zip(cols, [""] * len(cols)))
        base.update(claim_id=f"c{i}", subject="S", bound="exact", unit="persons", status="extracted", quote=f"q{i}")
        base.update(r)
        base.setdefault("value_low", base["value"])
        if not base["value_low"]:
            base["value_low"] = base["value"]
        if not base["value_high"] and base["bound"] == "exact":
            base["value_high"] = base["value"]
        out.append(base)
    return pd.DataFrame(out)


def kinds(result):
    return sorted((d.attribute, d.kind, tuple(sorted(v.value for v in d.values))) for d in result.discrepancies)


SOURCES = {s: {"published": "2022-01"} for s in "abc"}


def test_part_may_not_exceed_whole():
    rows = [
        dict(source_id="a", attribute="killed", qualifiers="group=security_forces", value="17"),
        dict(source_id="b", attribute="killed", qualifiers="group=security_forces;place=almaty", value="18"),
        dict(source_id="c", attribute="killed", qualifiers="group=security_forces", value="13", bound="at_least", value_high=""),
    ]
    result = compare(table(rows), SOURCES)
    contradictions = [d for d in result.discrepancies if d.kind == "contradiction"]
    assert [sorted(v.value for v in d.values) for d in contradictions] == [["17", "18"]]


def test_parts_within_the_whole_are_consistent():
    rows = [
        dict(source_id="a", attribute="troops_deployed", value="2500", bound="more_than", value_high=""),
        dict(source_id="b", attribute="troops_deployed", qualifiers="country=armenia", value="100"),
        dict(source_id="c", attribute="killed", value="238"),
        dict(source_id="a", attribute="killed", qualifiers="place=hospitals", value="175"),
        dict(source_id="b", attribute="injured", qualifiers="group=security_forces", value="353"),
        dict(source_id="a", attribute="injured", value="1000", bound="more_than", value_high=""),
    ]
    assert [d for d in compare(table(rows), SOURCES).discrepancies if d.kind == "contradiction"] == []


def test_different_scopes_never_meet():
    rows = [
        dict(source_id="a", attribute="force_size", qualifiers="force=peacekeeping", value="3600"),
        dict(source_id="b", attribute="troops_deployed", value="2600", bound="approx"),
        dict(source_id="c", attribute="force_size", qualifiers="force=rapid_reaction", value="20000"),
    ]
    assert compare(table(rows), SOURCES).discrepancies == []


def test_internal_and_rejoining():
    rows = [
        dict(source_id="a", attribute="member_joined", qualifiers="country=belarus", value="1992", unit="year"),
        dict(source_id="a", attribute="member_joined", qualifiers="country=belarus", value="1993-12-31", unit="date"),
        dict(source_id="a", attribute="member_joined", qualifiers="country=uzbekistan", value="1992", unit="year"),
        dict(source_id="a", attribute="member_left", qualifiers="country=uzbekistan", value="1999", unit="year"),
        dict(source_id="a", attribute="member_joined", qualifiers="country=uzbekistan", value="2006", unit="year"),
    ]
    result = compare(table(rows), SOURCES)
    assert [(d.qualifiers, d.internal) for d in result.discrepancies] == [("country=belarus", True)]


def test_age_follows_from_founding():
    rows = [
        dict(source_id="a", attribute="founded", value="1992", unit="year"),
        dict(source_id="b", attribute="founded", value="2002", unit="year"),
        dict(source_id="a", attribute="age_years", value="30", unit="years"),
        dict(source_id="b", attribute="age_years", value="20", unit="years"),
        dict(source_id="c", attribute="age_years", value="31", unit="years"),
    ]
    sources = {"a": {"published": "2022-01"}, "b": {"published": "2022-01"}, "c": {"published": "2023-03"}}
    result = compare(table(rows), sources)
    age = [d for d in result.discrepancies if d.attribute == "age_years"]
    founded = [d for d in result.discrepancies if d.attribute == "founded"]
    assert len(age) == 1 and len(founded) == 1
    assert founded[0].id in age[0].related
    # 31 years in 2023 is 30 in 2022: on the same side, not a discrepancy of its own
    assert sorted(v.value for v in age[0].values) == ["20", "30", "31"]
    assert result.discrepancies[0].attribute == "founded"  # the cause ranks before what follows from it


def test_later_higher_toll_is_a_possible_update():
    rows = [
        dict(source_id="a", attribute="killed", value="44"),
        dict(source_id="b", attribute="killed", value="164"),
    ]
    result = compare(table(rows), {"a": {"published": "2022-01-06"}, "b": {"published": "2022-01-09"}})
    (d,) = result.discrepancies
    assert d.update and "possibly an update" in d.explanation


def test_claimants_are_named():
    rows = [
        dict(source_id="a", attribute="killed", qualifiers="claimant=official", value="124"),
        dict(source_id="b", attribute="killed", qualifiers="claimant=unofficial", value="2000", bound="more_than", value_high=""),
    ]
    (d,) = compare(table(rows), SOURCES).discrepancies
    assert "official" in d.explanation and "unofficial" in d.explanation


def test_republished_text_is_one_voice():
    passage = "Selon le ministère, 17 policiers ont été tués lors des émeutes de la semaine dans tout le pays."
    texts = {"a": "Intro A. " + passage, "b": "Autre intro. " + passage, "c": "Un bilan: 17 policiers tués."}
    rows = [
        dict(source_id="a", attribute="killed", value="17", quote="17 policiers ont été tués", start=str(texts["a"].index("17"))),
        dict(source_id="b", attribute="killed", value="17", quote="17 policiers ont été tués", start=str(texts["b"].index("17"))),
        dict(source_id="c", attribute="killed", value="17", quote="17 policiers tués", start=str(texts["c"].index("17"))),
    ]
    result = compare(table(rows), SOURCES, texts)
    (c,) = result.corroborations
    assert c.sources == ("a", "b", "c") and c.independent_sources == 2


def test_severity_sorted_and_bounded():
    rows = [
        dict(source_id="a", attribute="founded", value="1992", unit="year"),
        dict(source_id="b", attribute="founded", value="2002", unit="year"),
        dict(source_id="a", attribute="troops_deployed", value="2500", bound="more_than", value_high=""),
        dict(source_id="b", attribute="troops_deployed", value="2600", bound="approx"),
    ]
    result = compare(table(rows), SOURCES)
    severities = [d.severity for d in result.discrepancies]
    assert severities == sorted(severities, reverse=True) and all(0 <= s <= 1 for s in severities)
    assert result.discrepancies[0].kind == "contradiction"


def test_end_to_end_new_conflicting_source(tmp_path):
    folder = write_source_dir(tmp_path, {
        "a": "L'OTSC a été fondée en 1992. Au moins 17 policiers ont été tués.",
        "b": "Créée en 1992, l'OTSC compte six membres.",
    })
    claims, reports = tmp_path / "claims.csv", tmp_path / "reports"
    args = ["run", "--sources", str(folder), "--claims", str(claims), "--out", str(reports)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    before = json.loads((reports / "discrepancies.json").read_text(encoding="utf-8"))
    assert [d for d in before["discrepancies"] if d["attribute"] == "founded"] == []
    assert any(c["attribute"] == "founded" for c in before["corroborations"])

    new = tmp_path / "new.txt"
    new.write_text("The CSTO was founded in 2010, officials said.", encoding="utf-8")
    assert CliRunner().invoke(main, ["sources", "add", str(new), "--sources", str(folder), "--language", "en",
                                     "--published", "2022-01"]).exit_code == 0
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    after = json.loads((reports / "discrepancies.json").read_text(encoding="utf-8"))
    (founded,) = [d for d in after["discrepancies"] if d["attribute"] == "founded"]
    assert founded["kind"] == "contradiction"
    assert {v["value"] for v in founded["values"]} == {"1992", "2010"}
    assert "new" in {s for v in founded["values"] for s in v["sources"]}
    for name in ("discrepancies.md", "discrepancies.csv", "index.html"):
        assert (reports / name).stat().st_size > 0
    assert founded["id"] in result.output and "Contradictions: 1 open" in result.output  # the summary: open first


def test_a_value_stated_by_many_sources_names_five_and_counts_the_rest():
    rows = [dict(source_id=f"s{i:03d}", attribute="founded", value="1992") for i in range(40)]
    rows += [dict(source_id="t", attribute="founded", value="2002")]
    sources = {r["source_id"]: {"published": "2022-01"} for r in rows}
    (d,) = compare(table(rows), sources).discrepancies
    assert "s000, s001, s002, s003, s004 and 35 more sources" in d.explanation
    assert len(d.explanation) < 400


def test_subjects_that_differ_by_a_number_are_not_merged():
    """'Kazakhstan unrest 2022' and '… 2023' are two events, however alike their names."""
    import pandas as pd
    from provenance.compare.grouping import canonical_subjects
    table = pd.DataFrame({"subject": ["Kazakhstan unrest 2022", "Kazakhstan unrest 2023", "Kazakhstan unrest 2022",
                                      "kazakhstan  unrest 2022"]})
    canon = canonical_subjects(table)
    assert canon["Kazakhstan unrest 2023"] == "Kazakhstan unrest 2023"
    assert canon["kazakhstan  unrest 2022"] == "Kazakhstan unrest 2022"


# An earlier figure ('the previous toll', 'a first contingent') is checked against the whole,
# never against the current figure as if both were of one moment.
MOMENTS = [
    ("en", "Prosecutors said on Saturday that 225 people died in the unrest. The previous official death toll was 164.",
     "killed", {"225": "", "164": "claimant=official;moment=earlier"}),
    ("en", "Earlier, the authorities had said that the toll was fewer than 50. On Sunday they said 225 people died.",
     "killed", {"50": "moment=earlier", "225": ""}),
    ("fr", "Le parquet fait état de 225 morts. Les autorités avaient précédemment reconnu moins de 50 morts.",
     "killed", {"225": "", "50": "moment=earlier"}),
    ("en", "The ECOWAS mission in Mali grew quickly. Burkina Faso pledged 500 troops to the mission. "
           "The arrival of a 160-man contingent from Burkina Faso followed a week later.",
     "troops_deployed", {"500": "country=burkina_faso", "160": "country=burkina_faso;moment=earlier"}),
]


@pytest.mark.parametrize("lang,text,attribute,expected", MOMENTS, ids=[m[1][:40] for m in MOMENTS])
def test_an_earlier_figure_is_marked_and_never_contradicts_the_current_one(lang, text, attribute, expected):
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    found = [c for c in extract_claims("s", text, lang, "2022-01-16") if c.attribute == attribute]
    assert {c.value: str(c.qualifiers) for c in found} == expected
    table = pd.DataFrame(rows_from_claims(found))
    assert [d for d in compare(table, {"s": {"published": "2022-01-16"}}).discrepancies if d.kind == "contradiction"] == []


def test_an_earlier_part_larger_than_the_whole_is_still_a_contradiction():
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    text = ("The ECOWAS mission in Mali grew quickly. Burkina Faso pledged 500 troops to the mission. "
            "A first contingent of 660 Burkinabe soldiers arrived in Bamako.")
    table = pd.DataFrame(rows_from_claims(extract_claims("s", text, "en", "2013-02")))
    kinds = [(d.kind, sorted(v.value for v in d.values)) for d in compare(table, {"s": {}}).discrepancies]
    assert ("contradiction", ["500", "660"]) in kinds


@pytest.mark.parametrize("lang,text", [
    ("en", "The CSTO was founded in 2002. The CSTO's Collective Rapid Reaction Force was established in 2009."),
    ("fr", "L'OTSC a été fondée en 2002. La Force collective de réaction rapide de l'OTSC a été créée en 2009."),
])
def test_a_forces_founding_is_not_the_organisations(lang, text):
    """The CRRF set up in 2009 is a founding of the force, never a 2009 founding of the CSTO."""
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    found = extract_claims("s", text, lang, "2022-01")
    assert sorted((c.subject, c.value) for c in found if c.attribute == "founded") == \
        [("CSTO", "2002"), ("CSTO rapid reaction force", "2009")]
    assert compare(pd.DataFrame(rows_from_claims(found)), {"s": {}}).discrepancies == []


def test_two_unrelated_incidents_in_one_country_are_two_events():
    """A bus crash and a warehouse fire in Peru the same year: their tolls are never compared."""
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    crash = "Peru: bus plunges into ravine\n\nA bus crash in the Andes killed 20 people on Monday, police in Peru said."
    fire = "Fire in Lima\n\nA warehouse fire in Lima, Peru, killed four workers on Tuesday, firefighters said."
    found = extract_claims("a", crash, "en", "2024-05-06") + extract_claims("b", fire, "en", "2024-05-07")
    assert sorted((c.subject, c.value) for c in found if c.attribute == "killed") == \
        [("Peru crash 2024", "20"), ("Peru fire 2024", "4")]
    assert compare(pd.DataFrame(rows_from_claims(found)), {"a": {}, "b": {}}).discrepancies == []


def test_a_toll_without_place_or_date_has_a_readable_subject():
    from provenance.extraction.engine import extract_claims
    (found,) = [c for c in extract_claims("a", "The riots killed 12 people.", "en", "") if c.attribute == "killed"]
    assert found.subject == "unrest (place and date not stated)"


def test_a_toll_of_the_incident_that_led_to_the_riots_is_not_the_riots_toll():
    """The brawl that set off the Ürümqi riots killed two; the riots killed 197: two events."""
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    text = ("July 2009 Ürümqi riots\n\nThe riots in Ürümqi, China, left 197 people dead. Rioting began after the "
            "Shaoguan incident, where a brawl between Han and Uyghur factory workers resulted in the deaths of two "
            "Uyghurs.")
    found = [c for c in extract_claims("s", text, "en", "2009-07-10") if c.attribute == "killed"]
    assert sorted((c.subject, c.value) for c in found) == [("China incident 2009", "2"), ("China unrest 2009", "197")]
    assert compare(pd.DataFrame(rows_from_claims(found)), {"s": {}}).discrepancies == []


def test_andijan_2005_and_osh_2010_are_two_events():
    """Both mention Uzbeks; one is in Uzbekistan in 2005, the other in Kyrgyzstan in 2010."""
    from provenance.extraction.engine import extract_claims
    text = ("The 2005 Andijan massacre killed between 187 and 1,500 people. In 2010, riots in Osh and Jalal-Abad "
            "in southern Kyrgyzstan killed 893 people, most of them Uzbeks.")
    found = [c for c in extract_claims("s", text, "en", "2010-07") if c.attribute == "killed"]
    assert sorted((c.subject, c.value) for c in found) == [("Kyrgyzstan unrest 2010", "893"),
                                                             ("Uzbekistan unrest 2005", "187")]


def test_a_toll_that_grows_from_one_day_to_the_next_is_an_update_with_a_timeline(tmp_path, monkeypatch):
    """164 killed on 10 January, 225 on 15 January: an update shown as a timeline, which the
    gate does not fail on; on one day the same two figures are a contradiction."""
    from click.testing import CliRunner
    from conftest import write_source_dir
    from provenance.cli import main
    monkeypatch.chdir(tmp_path)
    folder = write_source_dir(tmp_path, {"early": "Kazakhstan: the authorities say 164 people were killed in the unrest.",
                                         "late": "Kazakhstan: the authorities say 225 people were killed in the unrest."},
                              language="en")
    manifest = folder / "sources.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    lines = [line.replace(",2022-01,", ",2022-01-10,") if line.startswith("early,") else
             line.replace(",2022-01,", ",2022-01-15,") if line.startswith("late,") else line for line in lines]
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["run"]).exit_code == 0
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [(d["kind"], sorted(v["value"] for v in d["values"])) for d in report["discrepancies"]] == \
        [("update", ["164", "225"])]
    page = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    timeline = page.split('<ol class="timeline"')[1].split("</ol>")[0]
    assert timeline.index("2022-01-10") < timeline.index("164") < timeline.index("2022-01-15") < timeline.index("225")
    assert "[unaccepted-contradiction]" not in runner.invoke(main, ["check"]).output
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("2022-01-10", "2022-01-15"), encoding="utf-8")
    assert runner.invoke(main, ["run"]).exit_code == 0
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    assert [d["kind"] for d in report["discrepancies"]] == ["contradiction"]


def _reasons(texts: dict[str, str], lang: str = "en") -> list[tuple[str, str, str]]:
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    found = [c for sid, text in texts.items() for c in extract_claims(sid, text, lang, "2022-01")]
    return [(d.kind, d.reason, d.support) for d in compare(pd.DataFrame(rows_from_claims(found)),
                                                           {sid: {} for sid in texts}).discrepancies]


def test_each_finding_says_why_the_values_likely_differ_and_which_has_most_support():
    assert _reasons({"a": "The CSTO sent more than 2,500 troops to Kazakhstan.",
                     "b": "The CSTO sent about 2,600 troops to Kazakhstan."})[0][1].startswith("rounding or approximation")
    assert _reasons({"a": "Kazakhstan unrest: 18 police officers were killed in Almaty.",
                     "b": "Kazakhstan unrest: 17 police officers were killed nationwide."})[0][1] \
        .startswith("different scope: a figure for Almaty")
    assert _reasons({"a": "The CSTO was founded in 1992. Later the text says the CSTO was founded in 2002."})[0][1] \
        .startswith("the source contradicts itself")
    (kind, reason, best), = _reasons({"a": "NATO was founded in 1949.", "b": "NATO was founded in 1949, its charter says.",
                                      "c": "NATO was founded in 1950."})
    assert kind == "contradiction" and reason.startswith("different acts may be meant")
    assert best == "1949: 2 independent sources"


@pytest.mark.parametrize("lang,text,published,as_of", [
    ("fr", "Au 21 juillet, le bilan était de 164 morts dans les troubles au Kazakhstan.", "2022-08-01", "2022-07-21"),
    ("en", "As of January 15, 2022, 225 people had been killed in the unrest in Kazakhstan.", "2022-01-16", "2022-01-15"),
    ("fr", "Depuis le 2 janvier, 164 personnes ont été tuées au Kazakhstan.", "2022-01-10", ""),
    ("fr", "Le 30 décembre, 12 personnes avaient été tuées au Kazakhstan.", "2022-01-05", "2021-12-30"),
])
def test_a_toll_takes_the_date_its_sentence_gives_it(lang, text, published, as_of):
    from provenance.extraction.engine import extract_claims
    (found,) = [c for c in extract_claims("s", text, lang, published) if c.attribute == "killed"]
    assert found.as_of == as_of


def test_tolls_of_two_dates_in_sources_of_one_day_are_an_update():
    """'Au 10 janvier, 164 morts' and 'au 15 janvier, 225 morts', both published on the 16th."""
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    found = extract_claims("a", "Au 10 janvier, le bilan des troubles au Kazakhstan était de 164 morts.", "fr",
                           "2022-01-16") + \
        extract_claims("b", "Au 15 janvier, le bilan des troubles au Kazakhstan était de 225 morts.", "fr", "2022-01-16")
    kinds = [d.kind for d in compare(pd.DataFrame(rows_from_claims(found)), {"a": {"published": "2022-01-16"},
                                                                              "b": {"published": "2022-01-16"}}).discrepancies]
    assert kinds == ["update"]


@pytest.mark.slow
def test_a_claims_table_written_before_as_of_reads_and_keeps_its_rows_the_tools(tmp_path, monkeypatch):
    """Upgrading: claims.csv without the as_of column is read, and no extracted row turns into
    a person's row because its fingerprint changed."""
    import shutil
    from click.testing import CliRunner
    from conftest import SEEDS, csv_rows, write_csv_rows
    from provenance.cli import main
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    rows = [{k: v for k, v in r.items() if k != "as_of"} for r in csv_rows(tmp_path / "claims.csv")]
    write_csv_rows(tmp_path / "claims.csv", rows)
    assert CliRunner().invoke(main, ["run", "--no-cache"]).exit_code == 0
    assert {r["status"] for r in csv_rows(tmp_path / "claims.csv")} == {"extracted"}


def test_a_pair_is_never_both_a_contradiction_and_inside_a_variance():
    """17 and 19 contradict; about 18 holds with both: one card, whose conflict is 17 against 19 and
    whose "about 18" is shown beside it as compatible (issue 27), and no variance repeats them."""
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    texts = {"a": "Kazakhstan unrest: 17 police officers were killed.",
             "b": "Kazakhstan unrest: 19 police officers were killed.",
             "c": "Kazakhstan unrest: about 18 police officers were killed."}
    found = [c for sid, t in texts.items() for c in extract_claims(sid, t, "en", "2022-01")]
    cards = [(d.kind, sorted(v.value for v in d.values), [v.value for v in d.compatible])
             for d in compare(pd.DataFrame(rows_from_claims(found)), {s: {} for s in texts}).discrepancies]
    assert cards == [("contradiction", ["17", "19"], ["18"])]


def test_a_later_lower_official_toll_is_a_revision():
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    from provenance.extraction.engine import extract_claims
    found = extract_claims("a", "Kazakhstan unrest: 240 people were killed, activists say.", "en", "2022-01-10") + \
        extract_claims("b", "Kazakhstan unrest: the official toll is 225 dead.", "en", "2022-01-15")
    (d,) = compare(pd.DataFrame(rows_from_claims(found)), {"a": {"published": "2022-01-10"},
                                                          "b": {"published": "2022-01-15"}}).discrepancies
    assert d.kind == "revision" and d.reason.startswith("a revision")


@pytest.mark.parametrize("lang,text,place", [
    ("en", "In Almaty, 18 police officers were killed in the unrest in Kazakhstan.", "place=almaty"),
    ("fr", "À Almaty, 103 personnes sont mortes lors des troubles au Kazakhstan.", "place=almaty"),
    ("en", "The unrest, which began in Zhanaozen, killed 225 people in Kazakhstan.", ""),
])
def test_a_place_the_sentence_opens_with_scopes_its_toll(lang, text, place):
    from provenance.extraction.engine import extract_claims
    (found,) = [c for c in extract_claims("s", text, lang, "2022-01") if c.attribute == "killed"]
    assert (place in str(found.qualifiers)) if place else "place=" not in str(found.qualifiers)


@pytest.mark.slow
def test_a_large_comparison_on_several_processes_finds_what_one_finds(tmp_path, monkeypatch):
    """Partitions shared out among forked processes: the same findings, in the same order."""
    import sys
    from pathlib import Path
    from provenance.compare import engine
    from provenance.pipeline.job import extract
    from provenance.sources.manifest import load_corpus
    from conftest import read_claims
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import make_corpus
    folder = make_corpus.make(80, tmp_path, seed=7)
    extract(folder, tmp_path / "claims.csv", jobs=1)
    table = read_claims(tmp_path / "claims.csv")
    meta, texts = load_corpus(folder, table)
    one = engine.compare(table, meta, texts, jobs=1)
    shared = []
    real = engine._compare_shares
    monkeypatch.setattr(engine, "PARALLEL_CLAIMS", 0)
    monkeypatch.setattr(engine, "_compare_shares", lambda *a: shared.append(a[-1]) or real(*a))
    several = engine.compare(table, meta, texts, jobs=3)
    assert len(shared) == 1 and len(shared[0]) == 3
    assert sorted(i for rows in shared[0] for i in rows) == list(range(len(table)))
    as_json = lambda c: json.dumps([[d.to_json() for d in c.discrepancies], [x.to_json() for x in c.corroborations],
                                    c.claims, c.sources, c.per_source], sort_keys=True)
    assert as_json(several) == as_json(one)
    assert one.discrepancies and one.corroborations
