"""`provenance audit`: each source's record across the findings, with the findings every figure
rests on; copies as one voice; the trust estimate and its interval."""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import write_source_dir
from provenance.audit import copy_groups, source_profiles, wilson
from provenance.cli import main
from provenance.compare import compare

MIRRORS = Path(__file__).parent / "data" / "mirrors" / "sources"


@pytest.mark.slow
def test_the_source_alone_on_each_contradiction_is_named_with_the_finding(seed_project):
    found = json.loads((seed_project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))["discrepancies"]
    result = CliRunner().invoke(main, ["audit", "--format", "json"])
    assert result.exit_code == 0, result.output
    profiles = {p["name"]: p for p in json.loads(result.stdout)}
    lone = [(d["id"], v["sources"][0]) for d in found if d["kind"] == "contradiction" and len(d["values"]) > 1
            for v in d["values"] if len(v["sources"]) == 1]
    assert lone
    for did, sid in lone:
        assert did in profiles[sid]["evidence"]["alone"], (did, sid)
    for p in profiles.values():
        assert p["alone"] == len(p["evidence"]["alone"]) <= p["findings"] == len(p["evidence"]["findings"])
        assert set(p["evidence"]["alone"]) <= set(p["evidence"]["findings"])
    ranked = [p["alone"] for p in json.loads(result.stdout)]
    assert ranked == sorted(ranked, reverse=True)  # who stands alone most often first
    # the terminal names the lone source beside each contradiction
    table = CliRunner().invoke(main, ["audit"]).stdout.splitlines()
    for did, sid in lone:
        assert any(line.strip().startswith(did) and sid in line for line in table), (did, sid)


@pytest.mark.slow
def test_the_audit_reads_in_a_table_a_spreadsheet_and_by_outlet(seed_project):
    table = CliRunner().invoke(main, ["audit"])
    assert table.exit_code == 0 and "who stands alone most often first" in table.output
    assert "rbth-litovkine" in table.output and "provenance audit --format json" in table.output
    sheet = CliRunner().invoke(main, ["audit", "--by", "outlet", "--format", "csv"])
    lines = sheet.stdout.splitlines()
    assert lines[0].startswith("name,outlet,sources,claims,findings,best_supported,alone")
    assert any(line.startswith('"France 24 (with AFP)"') or line.startswith("France 24 (with AFP)") for line in lines)
    one = json.loads(CliRunner().invoke(main, ["audit", "--source", "rt-zas", "--format", "json"]).stdout)
    assert [p["name"] for p in one] == ["rt-zas"]
    unknown = CliRunner().invoke(main, ["audit", "--source", "no-such-source"])
    assert unknown.exit_code == 2 and "no source 'no-such-source'" in unknown.output and "sources.csv" in unknown.output


@pytest.mark.slow
def test_a_later_article_of_an_outlet_that_changes_its_own_figure_is_a_revision(tmp_path, monkeypatch):
    folder = write_source_dir(tmp_path, {
        "wire-1": "Kazakhstan: 164 people were killed in the unrest, officials said on 10 January 2022.",
        "wire-2": "Kazakhstan: 225 people were killed in the unrest, prosecutors said on 15 January 2022.",
        "daily": "Kazakhstan: 164 people were killed in the unrest, officials said on 10 January 2022.",
    }, language="en")
    rows = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    dated = {"wire-1": ("Wire", "2022-01-10"), "wire-2": ("Wire", "2022-01-15"), "daily": ("Daily", "2022-01-11")}
    out = [rows[0]]
    for line in rows[1:]:
        cells = line.split(",")
        outlet, published = dated[cells[0]]
        cells[4], cells[7] = outlet, published
        out.append(",".join(cells))
    (folder / "sources.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    profiles = {p["name"]: p for p in json.loads(CliRunner().invoke(main, ["audit", "--format", "json"]).stdout)}
    [revision] = profiles["wire-2"]["evidence"]["revisions"]
    assert (revision["outlet"], revision["earlier"], revision["said"], revision["says"]) == ("Wire", "wire-1", "164", "225")
    outlets = {p["name"]: p for p in json.loads(CliRunner().invoke(main, ["audit", "--by", "outlet", "--format",
                                                                          "json"]).stdout)}
    assert outlets["Wire"]["sources"] == 2 and outlets["Wire"]["revisions"] == 1


# -- copies: one voice, the earliest the original -------------------------------------------------------
def test_copy_groups_join_chains_and_name_the_earliest_published_the_original():
    copies = {("b", "a"): ("the passage", 2), ("c", "b"): ("another passage", 1), ("y", "x"): ("p", 1)}
    meta = {"a": {"published": "2022-01-10"}, "b": {"published": "2022-01-05"}, "c": {"published": ""},
            "x": {}, "y": {}}
    groups = {g.original: g for g in copy_groups(copies, meta)}
    assert set(groups) == {"b", "x"}           # b was published first; x is the one y repeats
    assert groups["b"].members == ["a", "c"]   # then by date, the undated last
    assert [p["passage"] for p in groups["b"].passages] == ["the passage", "another passage"]


def test_an_aggregator_repeating_two_wires_does_not_make_the_wires_one_voice():
    copies = {("digest", "afp"): ("164 killed", 1), ("digest", "reuters"): ("4,500 injured", 2)}
    [group] = copy_groups(copies, {})
    assert (group.original, group.members) == ("reuters", ["digest"])   # the one it repeats most
    assert {p["repeats"] for p in group.passages} == {"afp", "reuters"}  # what it repeats, all shown


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = ["claim_id", "source_id", "subject", "attribute", "qualifiers", "value", "value_low", "value_high",
            "bound", "unit", "quote", "start", "end", "method", "confidence", "status", "note"]
    out = []
    for r in rows:
        base = dict.fromkeys(cols, "")
        base.update(bound="exact", unit="persons", status="extracted", **r)
        base["value_low"] = base["value_high"] = base["value"]
        out.append(base)
    return pd.DataFrame(out)


def _said(sid: str, claims: list[tuple[str, str]]) -> tuple[str, list[dict]]:
    """A text in words of its own (no run of eight words shared with another source's), stating
    each (subject, value) as a number of troops deployed, and its claims."""
    text, rows = "", []
    for i, (subject, value) in enumerate(claims):
        lead = f"{sid}w{i}a {sid}w{i}b {sid}w{i}c {sid}w{i}d {sid}w{i}e reports that "
        quote = f"{value} soldiers"
        start = len(text) + len(lead)
        text += lead + quote + f" went to {subject} {sid}w{i}f {sid}w{i}g {sid}w{i}h {sid}w{i}i {sid}w{i}j.\n"
        rows.append(dict(claim_id=f"{sid}.{i}", source_id=sid, subject=subject, attribute="troops_deployed",
                         value=value, quote=quote, start=str(start), end=str(start + len(quote))))
    return text, rows


def _trust_order(profiles, names) -> list[tuple[float, str]]:
    return sorted((-round(profiles[s].trust.estimate, 9), s) for s in names)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from(["Xa", "Xb", "Xc"]), st.sampled_from(["100", "200", "300"])),
                         min_size=1, max_size=3, unique_by=lambda c: c[0]), min_size=3, max_size=5),
       st.data())
def test_a_source_duplicated_under_another_outlet_adds_no_support_and_moves_no_one_elses_trust(said, data):
    sources = [f"s{i}" for i in range(len(said))]
    texts, rows, meta = {}, [], {}
    for sid, claims in zip(sources, said):
        texts[sid], its = _said(sid, claims)
        rows += its
        meta[sid] = {"published": "2022-01-10", "outlet": f"outlet {sid}"}
    before = compare(_frame(rows), meta, texts)
    copied = data.draw(st.sampled_from(sources))
    texts["dup"] = texts[copied]
    rows += [{**r, "claim_id": "dup" + r["claim_id"][len(copied):], "source_id": "dup"}
             for r in rows if r["source_id"] == copied]
    meta["dup"] = {"published": "2022-01-11", "outlet": "another outlet"}
    after = compare(_frame(rows), meta, texts)

    def support(comparison):
        found = {(d.attribute, d.subject, v.value): v.independent_sources for d in comparison.discrepancies
                 for v in d.values}
        found.update({(c.attribute, c.subject, c.value): c.independent_sources for c in comparison.corroborations})
        return found
    was_heard, now_heard = support(before), support(after)
    assert all(now_heard[k] == n for k, n in was_heard.items())    # no independent support added
    assert all(n == 1 for k, n in now_heard.items() if k not in was_heard)  # a copy agreeing is one voice
    was, now = source_profiles(before, meta), source_profiles(after, meta)
    others = [s for s in sources if s != copied]
    assert _trust_order(now, others) == _trust_order(was, others)
    for s in sources:
        assert now[s].trust.estimate == pytest.approx(was[s].trust.estimate, abs=1e-9)
    assert now["dup"].copy_of == copied and now[copied].copied_by == ["dup"]   # the earlier is the original


COMMANDERS = "Adama Barrow, Macky Sall, Muhammadu Buhari, Nana Akufo-Addo, Ibrahim Boubacar Keïta, Faure Gnassingbé"
STOCK = "2,500 ECOWAS troops remain in the Gambia"


def _same_value(texts: dict[str, str], quotes: dict[str, str], meta: dict) -> object:
    rows = []
    for sid, text in texts.items():
        start = text.index(quotes[sid])
        rows.append(dict(claim_id=f"{sid}.1", source_id=sid, subject="ECOMIG", attribute="troops_deployed",
                         value="2500", quote=quotes[sid], start=str(start), end=str(start + len(quotes[sid]))))
    return compare(_frame(rows), meta, texts)


def test_a_mirror_in_another_layout_is_one_voice_when_the_texts_share_more_than_the_claim():
    """The claim's own words (eight from its figure on) the same, and the two pages sharing text
    elsewhere too (the commanders' list): a mirror of another revision, one voice."""
    texts = {"early": f"Commanders | {COMMANDERS} |\nCasualties | 26,000 displaced |\n"
                      f"Barrow returned on 26 January, although {STOCK}.\nPro-Barrow forces",
             "late": f"- Commander2: {COMMANDERS}\n- Result: ECOWAS intervenes., {STOCK}., Clashes in April.",
             "other": "Officials said 2,500 soldiers of the regional force would stay in the Gambia for now."}
    quotes = {"early": "2,500 ECOWAS troops", "late": "2,500 ECOWAS troops", "other": "2,500 soldiers"}
    meta = {"early": {"published": "2017"}, "late": {"published": ""}, "other": {"published": "2017-02"}}
    result = _same_value(texts, quotes, meta)
    (c,) = result.corroborations
    assert c.sources == ("early", "late", "other") and c.independent_sources == 2
    [(pair, (passage, n))] = result.copies.items()
    assert pair == ("late", "early") and passage == STOCK and n == 1


@pytest.mark.parametrize("lang, one, two, quote", [
    ("en", "Moscow, Jan. 6 (TASS): the Collective Security Treaty Organization was founded in 2002 by six states.",
     "Analysis. Few remember that the Collective Security Treaty Organization was founded in 2002, after the treaty.",
     "2002"),
    ("fr", "Selon le ministère, 164 personnes ont été tuées lors des émeutes de la semaine dernière au Kazakhstan.",
     "Bilan officiel : 164 personnes ont été tuées lors des émeutes, a annoncé dimanche la télévision d'État.",
     "164 personnes"),
])
def test_a_stock_phrase_alone_is_not_copying(lang, one, two, quote):
    """Two outlets writing one common phrase around a figure, and nothing else alike: two voices."""
    result = _same_value({"one": one, "two": two}, {"one": quote, "two": quote}, {"one": {}, "two": {}})
    (c,) = result.corroborations
    assert c.independent_sources == 2 and not result.copies


def test_a_copy_speaks_for_itself_where_it_does_not_repeat():
    """A mirror repeats the wire's passage on the injured, not its death toll: on the toll it is
    its own voice, siding with the daily against the wire."""
    injured = ("Officials in the capital said on Thursday evening that 4500 people were injured in the clashes "
               "that spread across the country during the week, most of them in the largest city.")
    texts = {"wire": f"{injured} The toll: 164 people were killed, the ministry said in a statement.",
             "mirror": f"{injured} Hospitals later counted 225 people killed across the whole country.",
             "daily": "Our correspondent reports that 225 people were killed, according to doctors we reached."}
    rows = []
    for sid, text in texts.items():
        for attribute, quote, value in (("injured", "4500 people", "4500"), ("killed", "164 people", "164"),
                                        ("killed", "225 people", "225")):
            if quote in text:
                start = text.index(quote)
                rows.append(dict(claim_id=f"{sid}.{attribute}.{value}", source_id=sid, subject="Unrest",
                                 attribute=attribute, value=value, quote=quote, start=str(start),
                                 end=str(start + len(quote))))
    meta = {"wire": {"published": "2022-01-06"}, "mirror": {"published": "2022-01-07"},
            "daily": {"published": "2022-01-07"}}
    result = compare(_frame(rows), meta, texts)
    assert set(result.copies) == {("mirror", "wire")}
    profiles = source_profiles(result, meta)
    assert profiles["daily"].agrees == {"mirror": 1} and profiles["daily"].disagrees == {"wire": 1}
    assert profiles["mirror"].disagrees == {"wire": 1} and profiles["wire"].disagrees == {"daily": 1, "mirror": 1}


# -- trust ----------------------------------------------------------------------------------------------
def test_the_interval_is_wide_on_few_findings_and_narrows_with_more():
    one, many = wilson(1, 1), wilson(30, 30)
    assert one.few and not many.few
    assert one.high - one.low > 0.5 > many.high - many.low
    assert one.low <= one.estimate <= one.high and many.estimate > one.estimate
    assert wilson(0, 0).estimate == 0.5 and (wilson(0, 0).low, wilson(0, 0).high) == (0.0, 1.0)


def test_the_source_the_independent_majority_supports_ranks_above_the_lone_dissenter():
    said = {"a": [("Xa", "100"), ("Xb", "200"), ("Xc", "300")], "b": [("Xa", "100"), ("Xb", "200"), ("Xc", "300")],
            "c": [("Xa", "100"), ("Xb", "200"), ("Xc", "300")], "odd": [("Xa", "150"), ("Xb", "250"), ("Xc", "350")]}
    texts, rows = {}, []
    for sid, claims in said.items():
        texts[sid], its = _said(sid, claims)
        rows += its
    meta = {sid: {"published": "2022-01"} for sid in said}
    profiles = source_profiles(compare(_frame(rows), meta, texts), meta)
    assert profiles["odd"].trust.estimate < min(profiles[s].trust.estimate for s in "abc")
    assert len(profiles["odd"].alone) == 3 and profiles["odd"].disagrees == {"a": 3, "b": 3, "c": 3}
    # the majority's agreement is three independent voices, not one
    assert profiles["a"].agrees["b"] == 3


@pytest.mark.slow
def test_the_mirrors_of_one_wikipedia_article_are_one_voice_with_the_original_named(tmp_path, monkeypatch):
    folder = tmp_path / "sources"
    folder.mkdir()
    listed = list(csv.DictReader(open(MIRRORS / "manifest.csv", encoding="utf-8")))
    with open(folder / "sources.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["source_id", "file", "title", "outlet", "url", "language", "published", "sha256"])
        for r in listed:
            shutil.copy(MIRRORS / r["filename"], folder / r["filename"])
            w.writerow([r["source_id"], r["filename"], r["title"], r["outlet"], r["url"], r["language"],
                        r["published"], hashlib.sha256((folder / r["filename"]).read_bytes()).hexdigest()])
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    report = json.loads((tmp_path / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    [stay] = [c for c in report["corroborations"] if c["value"] == "2500"]
    assert stay["sources"] == ["en_piglix_gambia", "en_wp_gambia"] and stay["independent_sources"] == 1
    [group] = report["audit"]["copies"]
    assert (group["original"], group["copies"]) == ("en_piglix_gambia", ["en_wp_gambia"])
    assert "2,500 ECOWAS troops remain" in group["passages"][0]["passage"]
    profiles = {p["name"]: p for p in json.loads(CliRunner().invoke(main, ["audit", "--format", "json"]).stdout)}
    assert profiles["en_wp_gambia"]["copy_of"] == "en_piglix_gambia"
    assert "en_wp_gambia" not in profiles["en_piglix_gambia"]["evidence"]["agrees"]   # one voice, no agreement
    table = CliRunner().invoke(main, ["audit"]).stdout
    assert "en_piglix_gambia <- en_wp_gambia" in table and "2,500 ECOWAS troops remain" in table
