"""Organisations no gazetteer entry lists, found by the shape of their names (orgshape.py):
real sentences about organisations that are in neither rules/gazetteer.toml nor the eval sets."""
from pathlib import Path

import pytest

from provenance.plumbing.errors import ProvenanceError
from provenance.extraction import engine, language, orgshape, rules
from provenance.extraction.document import Document
from provenance.extraction.engine import extract_claims
from provenance.extraction.gazetteer import load_gazetteer


def claims(text, lang):
    return sorted((c.subject, c.attribute, c.value) for c in extract_claims("t", text, lang, "2024-01"))


# Sources, all seen through the `search` tool's stored pages:
# piglix.com/piglix/Andean_Community (en.wikipedia mirror); en.m.wikipedia.org/wiki/Nordic_Council;
# consulateofthekindomofcambodiainthenetherlands.com/ASEAN; english.eastday.com (ASEAN);
# fr.wikipedia.org/wiki/Conseil_nordique; askwikinow.com (fr.wikipedia, Conseil nordique des ministres);
# iiab.me kiwix fr.wikipedia CEEAC; afrique7.com "La CEEAC veut prendre exemple sur la CEDEAO".
REAL = [
    ("en", "The original Andean Pact was founded in 1969 by Bolivia, Chile, Colombia, Ecuador, and Peru.",
     [("Andean Pact", "founded", "1969")]),
    ("en", "The Nordic Council is the official body for formal inter-parliamentary Nordic cooperation among the "
           "Nordic countries. Formed in 1952, it has 87 representatives from Denmark, Finland, Iceland, Norway, "
           "and Sweden.",
     [("Nordic Council", "founded", "1952")]),
    ("en", "The Association of Southeast Asian Nations (ASEAN) was founded on August 8, 1967 in Bangkok. ASEAN "
           "currently consists of ten member states.",
     [("ASEAN", "founded", "1967-08-08"), ("ASEAN", "member_count", "10")]),
    ("en", "ASEAN was established on Aug. 8, 1967 in Bangkok, Thailand, by five countries: Indonesia, Malaysia, "
           "the Philippines, Singapore and Thailand.",
     [("ASEAN", "founded", "1967-08-08")]),
    ("fr", "Le Conseil nordique a été institué en 1952 à la suite des expériences tirées de la Seconde Guerre "
           "mondiale.",
     [("Conseil nordique", "founded", "1952")]),
    ("fr", "Le Conseil nordique des ministres a vu le jour en 1971, après l'échec du projet NordEk.",
     [("Conseil nordique des ministres", "founded", "1971")]),
    ("fr", "La Communauté économique des États de l’Afrique centrale (CEEAC) est une organisation internationale. "
           "La CEEAC a été créée en 1983, et a pour mission de conduire le processus de coopération et "
           "d'intégration en Afrique centrale. Elle compte onze pays: Angola, Burundi, Cameroun, Centrafrique, "
           "Congo, RD Congo, Gabon, Guinée équatoriale, Rwanda, Sao Tomé-et-Principe, et Tchad.",
     [("CEEAC", "founded", "1983"), ("CEEAC", "member_count", "11")]),
    # the subject is the name before the founding verb, not the one the sentence ends with
    ("fr", "De son côté, la CEMAC a été créée le 16 mars 1994, pour prendre le relais de l'Union douanière et "
           "économique de l'Afrique centrale (UDEAC).",
     [("CEMAC", "founded", "1994-03-16")]),
]


@pytest.mark.parametrize("lang,text,expected", REAL, ids=[f"{r[0]}-{r[1][:40]}" for r in REAL])
def test_real_sentences_give_the_founding_date_and_member_count_of_the_right_subject(lang, text, expected):
    assert claims(text, lang) == sorted(expected)


@pytest.mark.parametrize("lang,text", [
    ("en", "The Andean Community was established in 1969. The Andean Community has four member states."),
    ("fr", "La Communauté andine a été créée en 1969. La Communauté andine compte quatre États membres."),
])
def test_an_organisation_absent_from_the_gazetteer_gets_its_founding_date_and_member_count(lang, text):
    names = {a.lower() for e in load_gazetteer().data["org"] for a in e.get("aliases", [])}
    subject = text.split(" a été" if lang == "fr" else " was")[0].split(" ", 1)[1]
    assert subject.lower() not in names
    assert claims(text, lang) == [(subject, "founded", "1969"), (subject, "member_count", "4")]


NOT_ORGANISATIONS = [
    ("en", "Muhammad Yunus founded Grameen Bank in 1983."),        # a person, and no organisation word
    ("en", "Pakistan was founded in 1947."),                        # a country
    ("fr", "Le Pakistan a été fondé en 1947."),
    ("en", "The Government was formed in 2010."),                   # a capitalised common noun
    ("fr", "Le Gouvernement a été formé en 2010."),
    ("en", "Council members met in Brussels in 2010."),             # a sentence-initial capital, a bare head
    ("fr", "Conseil et Commission ont été réunis en 2010."),
    ("fr", "La force de paix a été créée en 2004."),                # lower case: no name
]


@pytest.mark.parametrize("lang,text", NOT_ORGANISATIONS, ids=[t[:40] for _, t in NOT_ORGANISATIONS])
def test_persons_countries_and_common_nouns_are_no_organisation(lang, text):
    doc = Document("t", text, lang)
    assert [text[e.start:e.end] for e in doc.entities["org"]] == []
    assert [c for c in claims(text, lang) if c[1] == "founded"] == []


@pytest.mark.parametrize("text,number", [
    ("Security Council resolution 1234 was adopted in 1999.", "1234"),
    ("The Kosovo Force was established under Security Council resolution 1244.", "1244"),
])
def test_a_resolution_number_is_no_founding_date(text, number):
    """"Security Council" is an organisation now; its resolution's number is still no year of it."""
    assert "Security Council" in [text[e.start:e.end] for e in Document("t", text, "en").entities["org"]]
    assert [c for c in claims(text, "en") if c[1] == "founded" or c[2] == number] == []


@pytest.mark.parametrize("lang,text,names", [
    # a defined acronym: the name and every bare mention are one entity, the acronym its id
    ("en", "Kosovo Force (KFOR) troops arrived. KFOR stayed.", [("Kosovo Force", "KFOR"), ("KFOR", "KFOR"),
                                                                 ("KFOR", "KFOR")]),
    ("fr", "Le Forum des îles du Pacifique, fondé en 1971, réunit 18 membres.",
     [("Forum des îles du Pacifique", "Forum des îles du Pacifique")]),
    # a verb ends a French name, an adjective does not
    ("fr", "La Communauté caribéenne compte 15 États membres.", [("Communauté caribéenne", "Communauté caribéenne")]),
    ("fr", "Fondée à Bogota en avril 1948, l'Organisation des États américains compte aujourd'hui 35 membres.",
     [("Organisation des États américains", "Organisation des États américains")]),
    # sentence-initial "The" is no part of the name; a country inside the name is no country mention
    ("en", "The League of Arab States and Iran met.", [("League of Arab States", "League of Arab States")]),
    # a name the gazetteer knows keeps its id; an organisation's own body is not a new one
    ("fr", "L'Organisation de coopération de Shanghai (OCS) et le Conseil de sécurité de l'ONU.",
     [("Organisation de coopération de Shanghai", "SCO"), ("OCS", "SCO"), ("Conseil de sécurité", "Conseil de sécurité"),
      ("ONU", "UN")]),
])
def test_names_and_ids_by_shape(lang, text, names):
    doc = Document("t", text, lang)
    assert [(text[e.start:e.end], e.id) for e in doc.entities["org"]] == names


def test_a_country_inside_a_shaped_name_is_no_country_mention():
    doc = Document("t", "The Organization of American States now has 35 members.", "en")
    assert doc.entities["country"] == []


@pytest.mark.parametrize("lang,text,main", [
    ("en", "Pacific Islands Forum\n\nThe forum was founded in 1971. The Arab League met.", "Pacific Islands Forum"),
    # a gazetteer organisation named in the text stays the main one
    ("en", "African-led International Support Mission to Mali\n\nECOWAS sent 3,300 troops.", "ECOWAS"),
])
def test_the_title_names_the_main_organisation_when_the_gazetteer_names_none(lang, text, main):
    assert Document("t", text, lang).main_org == main


def test_a_founded_sentence_about_the_title_organisation_is_its_claim():
    text = "Pacific Islands Forum\n\nFounded in 1971."
    assert claims(text, "en") == [("Pacific Islands Forum", "founded", "1971")]


def _reload() -> None:
    for cached in (rules.read_language, rules._stopwords, language.language_of, engine.rules_version,
                   orgshape.name_rules):
        cached.cache_clear()


def test_an_unknown_key_of_the_names_section_is_an_error_naming_the_file(tmp_path, monkeypatch):
    folder = tmp_path / "rules"
    folder.mkdir()
    source = (Path(rules.__file__).resolve().parents[1] / "rules" / "en.toml").read_text(encoding="utf-8")
    (folder / "en.toml").write_text(source.replace("adjectives_after = false", "adjectives_afterr = false"),
                                    encoding="utf-8")
    monkeypatch.setenv("PROVENANCE_RULES_PATH", str(folder))
    _reload()
    try:
        with pytest.raises(ProvenanceError, match=r"en\.toml: unknown key 'names\.adjectives_afterr'"):
            orgshape.name_rules("en")
    finally:
        monkeypatch.delenv("PROVENANCE_RULES_PATH")
        _reload()
