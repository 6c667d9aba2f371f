"""English rules: (sentence, expected claims) and what must NOT become a claim."""
import pytest

from provenance.extraction.engine import extract_claims


def claims(text, published="2022-01"):
    return sorted((c.attribute, str(c.qualifiers), c.value, c.bound)
                  for c in extract_claims("t", text, "en", published))


POSITIVE = [
    ("More than 2,500 Russian paratroopers were sent to Kazakhstan by the CSTO.",
     [("troops_deployed", "country=russia", "2500", "more_than")]),
    ("The CSTO, founded in 1992, sent about 2,030 troops to Kazakhstan.",
     [("founded", "", "1992", "exact"), ("troops_deployed", "", "2030", "approx")]),
    ("The Collective Security Treaty Organization was established on October 7, 2002.",
     [("founded", "", "2002-10-07", "exact")]),
    ("At least 164 people were killed, including 16 police officers, officials said.",
     [("killed", "claimant=official", "164", "at_least"), ("killed", "claimant=official;group=security_forces", "16", "exact")]),
    ("Police detained 7,939 people across the country.", [("detained", "", "7939", "exact")]),
    ("Some 2,200 people were injured in the clashes in Almaty.", [("injured", "place=almaty", "2200", "approx")]),
    ("The CSTO is a six-member alliance.", [("member_count", "", "6", "exact")]),
    ("The CSTO has a rapid reaction force of 20,000 troops.", [("force_size", "force=rapid_reaction", "20000", "exact")]),
    ("Armenia asked the CSTO for help in 2021, but the bloc declined.", [("prior_request", "country=armenia", "2021", "exact")]),
    ("In its 30 years of history, the CSTO never deployed troops.", [("age_years", "", "30", "exact")]),
    ("The Collective Security Treaty was signed on May 15, 1992 in Tashkent.",
     [("treaty_signed", "", "1992-05-15", "exact")]),
    ("Uzbekistan withdrew from the CSTO in 2012.", [("member_left", "country=uzbekistan", "2012", "exact")]),
    ("Kyrgyzstan, Tajikistan and Armenia sent between 100 and 200 troops each.",
     [("troops_deployed", "country=armenia", "100", "range"), ("troops_deployed", "country=kyrgyzstan", "100", "range"),
      ("troops_deployed", "country=tajikistan", "100", "range")]),
    ("Official figures put the toll at 225 dead, but the opposition says more than 500 were killed.",
     [("killed", "claimant=official", "225", "exact"), ("killed", "claimant=unofficial", "500", "more_than")]),
    ("Deaths: 227", [("killed", "", "227", "exact")]),
    ("NATO was founded in 1949.", [("founded", "", "1949", "exact")]),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[p[0][:50] for p in POSITIVE])
def test_claims(text, expected):
    assert claims(text) == sorted(expected)


NEGATIVE = [
    "Two of the dead were beheaded.",
    "The country has 38,000 NGOs.",
    "The border with Russia is more than 7,000 kilometers long.",
    "Troops should leave within two weeks.",
    "The protocol was signed on 2 April 1999 by six countries.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_claims(text):
    assert claims(text) == []


MORE = [
    ("Authorities said 164 people were killed, including 16 police officers, and more than 2,200 were injured.",
     [("injured", "claimant=official", "2200", "more_than"), ("killed", "claimant=official", "164", "exact"),
      ("killed", "claimant=official;group=security_forces", "16", "exact")]),
    ("The CSTO, a six-nation alliance dominated by Moscow, held talks.", [("member_count", "", "6", "exact")]),
    ("Russia contributed about 1,500 paratroopers to the CSTO force.", [("troops_deployed", "country=russia", "1500", "approx")]),
    ("Nigeria would provide about 1,000 soldiers to the ECOWAS force.", [("troops_deployed", "country=nigeria", "1000", "approx")]),
    ("Since the coup on July 26, at least 17 soldiers have been killed.", [("killed", "group=soldiers", "17", "at_least")]),
    ("The CSTO also includes Armenia, Belarus, Kyrgyzstan and Tajikistan.", []),  # part of the list, not a count
]


@pytest.mark.parametrize("text,expected", MORE, ids=[p[0][:50] for p in MORE])
def test_more_claims(text, expected):
    assert claims(text) == sorted(expected)


def test_former_members_are_not_the_member_count():
    assert claims("The CSTO has six members and three former members.") == sorted([
        ("member_count", "", "6", "exact"), ("member_count", "membership=former", "3", "exact")])


@pytest.mark.parametrize("variant,country", [("Kyrgystan", "kyrgyzstan"), ("Tadjikstan", "tajikistan"),
                                             ("Azerbaidjan", "azerbaijan")])
def test_spelling_variants_resolve(variant, country):
    got = claims(f"{variant} withdrew from the CSTO in 2012.")
    assert got == [("member_left", f"country={country}", "2012", "exact")]


def test_reuters_style_paragraph():
    text = ("Kazakh police said they had killed dozens of rioters, while 18 members of the security forces had been "
            "killed and 748 injured. \"Twenty-six armed criminals were liquidated,\" the interior ministry said. "
            "The CSTO said the force would number about 2,500 soldiers. "
            "Belarus, Armenia, Tajikistan and Kyrgyzstan each sent between 100 and 500 troops to the CSTO force.")
    got = claims(text)
    for expected in [("killed", "group=security_forces", "18", "exact"), ("injured", "group=security_forces", "748", "exact"),
                     ("killed", "", "26", "exact"), ("troops_deployed", "", "2500", "approx"),
                     ("troops_deployed", "country=belarus", "100", "range"),
                     ("troops_deployed", "country=kyrgyzstan", "100", "range")]:
        assert expected in got


# English Wikipedia, "July 2009 Ürümqi riots" (Kiwix snapshot 2022-11, CC BY-SA), as mirrored at
# https://iiab.me/kiwix/content/wikipedia_en_top_maxi_2022-11/A/July_2009_%C3%9Cr%C3%BCmqi_riots
URUMQI = ("The July 2009 Ürümqi riots[lower-alpha 1] were a series of violent riots over several days that broke "
          "out on 5 July 2009 in Ürümqi, the capital city of the Xinjiang Uyghur Autonomous Region (XUAR), in "
          "northwestern China. A total of 197 people died, most of whom were Han people or non-Muslim "
          "minorities,[10][7] with 1,721 others injured[8] and many vehicles and buildings destroyed.")


def test_citation_marks_are_never_figures():
    got = {(c.attribute, c.value) for c in extract_claims("wp", URUMQI, "en", "2022-11")}
    assert ("injured", "1721") in got and ("killed", "197") in got
    assert not {v for _, v in got} & {"1", "7", "8", "10"}


@pytest.mark.parametrize("mark", ["[citation needed]", "[note 3]", "[lower-alpha 2]", "[12]", "[b]"])
def test_a_note_mark_does_not_break_a_figure(mark):
    text = f"The CSTO sent about 2,500{mark} troops to Kazakhstan."
    got = {(c.attribute, c.value, c.bound) for c in extract_claims("a", text, "en", "2022-01")}
    assert ("troops_deployed", "2500", "approx") in got
    assert all(text[c.start:c.end] == c.quote for c in extract_claims("a", text, "en", "2022-01"))


# English Wikipedia infobox, "July 2009 Ürümqi riots" (Kiwix 2022-11, CC BY-SA), flattened from HTML:
# https://iiab.me/kiwix/content/wikipedia_en_top_maxi_2022-11/A/July_2009_%C3%9Cr%C3%BCmqi_riots
URUMQI_INFOBOX = ("July 2009 Ürümqi riots\nPart of the Xinjiang conflict\nDate\t5 July 2009\nLocation\tÜrümqi, "
                  "Xinjiang, China\nCasualties\nDeath(s)197+[6][7]\nInjuries1,721[8][9]\nArrested1,500+[10]\n")


def test_infobox_labels_glued_to_their_values():
    got = {(c.attribute, c.value, c.bound) for c in extract_claims("wp", URUMQI_INFOBOX, "en", "2022-11")}
    assert {("killed", "197", "at_least"), ("injured", "1721", "exact"), ("detained", "1500", "at_least")} <= got


# English Wikipedia, "African-led International Support Mission to Mali", old revision oldid=533510183
# (17 January 2013), CC BY-SA: https://en.wikipedia.org/w/index.php?oldid=533510183
AFISMA_TABLE = ("The African-led International Support Mission to Mali (AFISMA) is an Economic Community of West "
                "African States (ECOWAS) organized military mission sent to support the government of Mali.\n\n"
                "The following forces have been committed to AFISMA:\n\n\nCountry Personnel\n Benin\n300\n"
                " Burkina Faso\n500\n Gambia\n1 military police platoon and 1 infantry company\n Ghana\n"
                "120 - Engineer Company\n Guinea-Bissau\nunknown\n Nigeria\n900\nAFISMA\n3464\n")


def test_a_table_of_contributors_one_line_each():
    got = {(str(c.qualifiers), c.value) for c in extract_claims("wp", AFISMA_TABLE, "en", "2013-01")
           if c.attribute == "troops_deployed"}
    assert {("country=benin", "300"), ("country=burkina_faso", "500"), ("country=ghana", "120"),
            ("country=nigeria", "900")} <= got
    assert not any(v == "1" for _, v in got)  # "1 military police platoon" is no head count


def test_lines_of_countries_and_numbers_without_a_troops_header_are_not_contributors():
    text = "Medal table\n\n Benin\n3\n Ghana\n5\n Nigeria\n12\n"
    assert [c for c in extract_claims("x", text, "en", "2013-01") if c.attribute == "troops_deployed"] == []


@pytest.mark.parametrize("text,lang,toll", [
    ("A magnitude 6.9 earthquake killed 2,000 people in the region.", "en", "2000"),
    ("The 6.9-magnitude quake killed 300 people.", "en", "300"),
    ("Le séisme de magnitude 6,9 a fait 120 morts.", "fr", "120"),
    ("Le pays a reçu 5 millions de dollars et 17 policiers ont été tués.", "fr", "17"),
    ("Prices rose 40 % and 26 protesters were killed.", "en", "26"),
])
def test_measures_are_never_tolls(text, lang, toll):
    assert {c.value for c in extract_claims("x", text, lang, "2023-01") if c.attribute == "killed"} == {toll}


@pytest.mark.parametrize("text,lang,expected", [
    ("The fighting left 12 people dead and forced +75,000 refugees and displaced to flee.", "en",
     {("killed", "12"), ("displaced", "75000")}),
    ("Au moins 17 personnes ont été tuées et 5 sont portées disparues, tandis que 3 000 habitants ont fui.", "fr",
     {("killed", "17"), ("missing", "5"), ("displaced", "3000")}),
    ("More than 200 people were killed and 40 remain missing.", "en", {("killed", "200"), ("missing", "40")}),
])
def test_displaced_and_missing_are_their_own_tolls(text, lang, expected):
    assert {(c.attribute, c.value) for c in extract_claims("x", text, lang, "2023-01")} == expected


def test_the_event_year_is_the_one_its_title_names():
    """A 2022 snapshot of an article about 2009: its tolls are of the 2009 events."""
    text = "July 2009 Ürümqi riots\n\n" + URUMQI
    subjects = {c.subject for c in extract_claims("wp", text, "en", "2022-11") if c.attribute == "killed"}
    assert subjects == {"China unrest 2009"}


def test_a_toll_of_another_year_is_another_event():
    text = ("Kazakhstan unrest\n\nAt least 225 people were killed in Kazakhstan in January. "
            "In 2010, ethnic clashes in Osh killed 470 people.")
    got = {(c.value, c.subject) for c in extract_claims("x", text, "en", "2022-01") if c.attribute == "killed"}
    assert ("225", "Kazakhstan unrest 2022") in got
    assert any(value == "470" and subject.endswith("2010") for value, subject in got)


@pytest.mark.parametrize("text,lang,kind", [
    ("The Shanghai Cooperation Organisation (SCO) has six founding members.", "en", "founding"),
    ("L'Organisation de coopération de Shanghai (OCS) compte six membres fondateurs.", "fr", "founding"),
    ("The SCO has two associate members.", "en", "associate"),
    ("The SCO has three observer states.", "en", "observer"),
])
def test_counts_of_a_kind_of_membership(text, lang, kind):
    got = {(c.attribute, str(c.qualifiers)) for c in extract_claims("x", text, lang, "2023-01")}
    assert ("member_count", f"membership={kind}") in got
