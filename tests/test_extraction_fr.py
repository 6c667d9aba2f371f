"""French rules: (sentence, expected claims) and what must NOT become a claim."""
import pytest

from provenance.extraction.engine import extract_claims


def claims(text, published="2022-01"):
    return sorted((c.attribute, str(c.qualifiers), c.value, c.bound)
                  for c in extract_claims("t", text, "fr", published))


POSITIVE = [
    ("L'OTSC a été fondée en 1992 à Tachkent.", [("founded", "", "1992", "exact")]),
    ("Créée le 7 octobre 2002, l'OTSC regroupe six pays.",
     [("founded", "", "2002-10-07", "exact"), ("member_count", "", "6", "exact")]),
    ("Plus de 3000 soldats russes ont été envoyés au Kazakhstan par l'OTSC.",
     [("troops_deployed", "country=russia", "3000", "more_than")]),
    ("Le contingent compte environ 2 000 militaires.", [("troops_deployed", "", "2000", "approx")]),
    ("Au moins 225 personnes ont été tuées, dont 19 policiers.",
     [("killed", "", "225", "at_least"), ("killed", "group=security_forces", "19", "exact")]),
    ("12 manifestants et 4 policiers ont été tués à Almaty.",
     [("killed", "group=protesters", "12", "exact"), ("killed", "group=security_forces;place=almaty", "4", "exact")]),
    ("Selon les chiffres officiels, 4 500 personnes ont été blessées.",
     [("injured", "claimant=official", "4500", "exact")]),
    ("La police a interpellé 9 900 personnes.", [("detained", "", "9900", "exact")]),
    ("L'OTSC possède une force de réaction rapide de 20 000 hommes.",
     [("force_size", "force=rapid_reaction", "20000", "exact")]),
    ("Le Tadjikistan a demandé l'aide de l'OTSC en 2010, en vain.",
     [("prior_request", "country=tajikistan", "2010", "exact")]),
    ("En 30 ans d'histoire, l'OTSC n'avait jamais déployé de troupes.", [("age_years", "", "30", "exact")]),
    ("Le traité de sécurité collective a été signé le 15 mai 1992.",
     [("treaty_signed", "", "1992-05-15", "exact")]),
    ("L'Ouzbékistan a quitté l'OTSC en 2012.", [("member_left", "country=uzbekistan", "2012", "exact")]),
    ("Le Kirghizistan, le Tadjikistan et l'Arménie ont envoyé entre 100 et 200 personnes chacun.",
     [("troops_deployed", "country=armenia", "100", "range"), ("troops_deployed", "country=kyrgyzstan", "100", "range"),
      ("troops_deployed", "country=tajikistan", "100", "range")]),
    ("L'OTSC regroupe l'Arménie, la Biélorussie, le Kazakhstan, le Kirghizistan, la Russie et le Tadjikistan.",
     [("member_count", "", "6", "exact")]),
    ("Création\t7 octobre 2002", []),  # an infobox line alone has no organisation to speak of
    ("Organisation du traité de sécurité collective\nCréation\t7 octobre 2002\nMorts : 42",
     [("founded", "", "2002-10-07", "exact"), ("killed", "", "42", "exact")]),
    ("Kirghizstan et Kirghizistan : le Kirghizstan a demandé l'aide de l'OTSC en 2010.",
     [("prior_request", "country=kyrgyzstan", "2010", "exact")]),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[p[0][:50] for p in POSITIVE])
def test_claims(text, expected):
    assert claims(text) == sorted(expected)


NEGATIVE = [
    "Deux des personnes tuées ont été décapitées.",                   # part of a toll, not a toll
    "Les forces de l'OTSC lors des exercices de la Fraternité incassable-2021 à Kazan.",
    "Le centre estime qu'il y a 38 000 ONG actives au Kazakhstan.",   # NGOs are not troops
    "Le Royaume-Uni compte plus de 85 ONG présentes au Kazakhstan.",
    "Le Kazakhstan a une frontière de plus de 7 000 kilomètres avec la Russie.",
    "Le 2 avril 1999, seuls six pays signataires du TSC ont signé un protocole.",
    "Il devrait être entièrement retiré d'ici deux semaines.",
    "conformément aux articles 2 et 4 du Traité de sécurité collective",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_claims(text):
    assert claims(text) == []


def test_standing_force_is_never_a_deployment():
    text = ("Fondée en 2002, cette alliance militaire s'est dotée en 2019 d'une force d'intervention rapide de "
            "20 000 hommes et d'une force de maintien de la paix de 3 600 membres reconnue par l'ONU.")
    got = claims(text)
    assert ("force_size", "force=peacekeeping", "3600", "exact") in got
    assert not [c for c in got if c[0] == "troops_deployed"]


def test_anaphora_ces_trois_pays():
    text = ("Elle a été créée en 1992 par ces États ainsi que l'Ouzbékistan et, plus tard, l'Azerbaïdjan et la Géorgie "
            "ont également rejoint l'alliance. Toutefois, en 1999, ces trois pays se sont retirés de l'organisation.")
    doc = "L'OTSC est une alliance. " + text
    got = [c for c in claims(doc) if c[0] == "member_left"]
    assert sorted(got) == [("member_left", f"country={c}", "1999", "exact") for c in ("azerbaijan", "georgia", "uzbekistan")]


def test_quotes_are_verbatim():
    text = "Selon le bilan, 17 policiers et 26 manifestants ont été tués et plus de mille personnes blessées."
    for c in extract_claims("t", text, "fr", "2022-01"):
        assert text[c.start:c.end] == c.quote


def test_table_columns_name_the_organisation():
    text = ("L'OTSC est une alliance. L'OTSC compte six membres. L'OTSC est active.\n\n"
            "Pays\tRatification du traité de sécurité collective\tStatut au sein de l'OTSC\tParticipation au GUAM\n"
            " Ouzbékistan\t15 mai 1992\tMembre fondateur (1992-1998), puis État auto-suspendu (1998-2006)\tMembre (1999-2005)\n")
    got = sorted((c.attribute, str(c.qualifiers), c.value, c.subject)
                 for c in extract_claims("t", text, "fr", "2022-01") if c.attribute in ("member_joined", "member_left"))
    assert got == sorted([
        ("member_joined", "country=uzbekistan", "1992", "CSTO"),
        ("member_left", "country=uzbekistan", "1998", "CSTO"),
        ("member_left", "act=suspension;country=uzbekistan", "1998", "CSTO"),   # suspended from 1998 ...
        ("member_joined", "act=readmission;country=uzbekistan", "2006", "CSTO"),  # ... to 2006
    ])


MORE = [
    ("Fondée il y a vingt ans, l'OTSC n'était jamais intervenue.", [("age_years", "", "20", "exact")]),
    ("Le contingent russe de l'OTSC comptait environ 1 500 hommes envoyés au Kazakhstan.",
     [("troops_deployed", "country=russia", "1500", "approx")]),
    ("En 2010, le Kirghizstan avait sollicité l'aide de l'OTSC en vain.", [("prior_request", "country=kyrgyzstan", "2010", "exact")]),
    ("Depuis le coup d'État du 26 juillet, au moins 17 soldats nigériens ont été tués.",
     [("killed", "group=soldiers", "17", "at_least")]),
    ("La Cédéao, fondée en 1975, regroupe quinze pays.", [("founded", "", "1975", "exact"), ("member_count", "", "15", "exact")]),
]


@pytest.mark.parametrize("text,expected", MORE, ids=[p[0][:50] for p in MORE])
def test_more_claims(text, expected):
    assert claims(text) == sorted(expected)


def test_part_in_a_place_and_an_opposition_toll():
    text = ("Le bilan officiel fait désormais état de 164 morts, dont 103 à Almaty, selon le ministère. "
            "Selon l'opposition, le nombre de victimes dépasserait 500.")
    got = claims(text)
    assert ("killed", "claimant=official;place=almaty", "103", "exact") in got
    assert ("killed", "claimant=unofficial", "500", "more_than") in got


# French Wikipedia, "Organisation de coopération de Shanghai" (Kiwix snapshot 2021-09, CC BY-SA):
# https://kiwix.jackbot.fr/content/wikipedia_fr_all_maxi_2021-09/A/Organisation_de_coop%C3%A9ration_de_Shanghai
OCS = ("L'Organisation de coopération de Shanghai (OCS) est une organisation intergouvernementale régionale. "
       "Succédant au « groupe de Shanghai », elle est instituée en 2001 par la Chine, la Russie et quatre États "
       "d'Asie centrale, le Kazakhstan, le Kirghizistan, l'Ouzbékistan et le Tadjikistan. Elle s'élargit à l'Inde "
       "et au Pakistan en 2017, puis à l'Iran en 2021.")


def test_an_organisations_own_predicates_and_its_pronoun_after_a_clause():
    got = {(c.attribute, str(c.qualifiers), c.value) for c in extract_claims("ocs", OCS, "fr", "2021-09")}
    assert ("founded", "", "2001") in got
    assert {("member_joined", "country=india", "2017"), ("member_joined", "country=pakistan", "2017"),
            ("member_joined", "country=iran", "2021")} <= got


# French Wikipedia, "Émeutes au Xinjiang en juillet 2009" (CC BY-SA):
# http://fr.wikipedia.org/wiki/%C3%89meutes_au_Xinjiang_en_juillet_2009
URUMQI = ("Les émeutes d'Ürümqi ont eu lieu en juillet 2009 en Chine. Le bilan des morts s'élève à 197 "
          "(au 21 juillet), celui des blessés à 1 680 (au 12 juillet).")


def test_tolls_stated_as_the_number_of_dead_rising_to():
    got = {(c.attribute, c.value) for c in extract_claims("wp", URUMQI, "fr", "2009-07")}
    assert {("killed", "197"), ("injured", "1680")} <= got


def test_a_day_joined_to_a_date_is_no_figure():
    text = "Les 25 et 26 juin précédents, deux Ouïghours avaient été tués dans une usine du Guangdong."
    assert {c.value for c in extract_claims("x", text, "fr", "2009-07")} == {"2"}


# French Wikipedia infobox, "Mission internationale de soutien au Mali sous conduite africaine" (CC BY-SA)
MISMA_INFOBOX = ("Mission internationale de soutien au Mali sous conduite africaine\nMISMA\nCréation 17 janvier 2013\n"
                 "Dissolution 1er juillet 2013\nAllégeance CEDEAO\nEffectif 6 000[3]\nGuerres Guerre du Mali\n")


def test_infobox_labels_followed_by_a_space():
    got = {(c.attribute, c.value) for c in extract_claims("wp", MISMA_INFOBOX, "fr", "2013-06")}
    assert ("troops_deployed", "6000") in got
