"""Member counts said by the count's own noun or by the noun before it (issue 26, from the blind
clusters arab_league and sadc_lesotho, whose sentences these are, and the dev2 text on ECOWAS for
what must not be read)."""
import pytest

from provenance.extraction.engine import extract_claims


def counts(text: str, lang: str) -> set[tuple[str, str]]:
    return {(str(c.qualifiers), c.value) for c in extract_claims("t", text, lang) if c.attribute == "member_count"}


@pytest.mark.parametrize("lang, text, expected", [
    # arab_league (niidae): a word of the organisation's name stands for it, "have" right before the count
    ("en", "Arab League\n\nThe Arab League was founded in Cairo in 1945. Currently, the League has 22 members.", ("", "22")),
    ("fr", "Ligue arabe\n\nLa Ligue arabe est fondée au Caire en 1945. La Ligue a 22 États membres.", ("", "22")),
    # sadc_lesotho (frwiki.academic): the founders counted by their noun
    ("fr", "SADC\n\nLa SADC est fondée en 1980. Les 9 États fondateurs sont l'Angola et le Botswana.",
     ("membership=founding", "9")),
    # sadc_lesotho: the noun before the figure, through a copula the lemmatiser reads as an adjective
    ("fr", "SADC\n\nLa SADC est fondée en 1980. Le total des membres est passé à 15.", ("", "15")),
    ("en", "Arab League\n\nThe Arab League was founded in 1945. The number of members rose to 21 in 1993.", ("", "21")),
])
def test_a_member_count(lang, text, expected):
    assert expected in counts(text, lang)


def test_an_auxiliary_after_the_count_says_nothing():
    """dev2, ECOWAS: "16 pays … ont signé": "ont" is the auxiliary of the signing."""
    text = "CEDEAO\n\nLa CEDEAO est créée en 1975, lorsque 16 pays d'Afrique de l'Ouest ont signé le traité."
    assert ("", "16") not in counts(text, "fr")


def test_the_kind_of_the_next_figure_is_not_this_ones():
    text = "Arab League\n\nThe Arab League was founded in 1945. The League has 22 members and six observers."
    assert ("", "22") in counts(text, "en")


def test_an_acronym_whose_first_letter_a_short_word_also_opens():
    """grenada_1983 (piglix, OECS): the O of "of" is not where the name opens; the acronym is the
    name's, and the adverb between "has" and the count does not hide it."""
    text = ("OECS\n\nThe Organisation of Eastern Caribbean States (OECS) was created in 1981. "
            "The OECS currently has ten members.")
    assert ("", "10") in counts(text, "en")
    assert {c.subject for c in extract_claims("t", text, "en")} == {"OECS"}


@pytest.mark.parametrize("lang, text", [
    # igad (fr.xcv.wiki, IGAD): a member's acts in one bracket
    ("fr", "IGAD\n\nL'Autorité intergouvernementale pour le développement (IGAD) est créée en 1996. Elle compte sept "
           "membres :\n  •  Érythrée (admis en 1993, retiré en 2007, réadmis en 2011)"),
    # the same acts in an English sentence: each verb dates its own year, not the year before it
    ("en", "IGAD\n\nThe Intergovernmental Authority on Development (IGAD) was founded in 1996. Eritrea joined in 1993, "
           "suspended its membership in 2007 and rejoined in 2011."),
])
def test_a_members_acts_are_told_apart(lang, text):
    acts = {(c.attribute, c.value) for c in extract_claims("t", text, lang) if c.attribute in ("member_joined", "member_left")}
    assert acts == {("member_joined", "1993"), ("member_left", "2007"), ("member_joined", "2011")}


def test_members_counted_are_no_troops():
    """"compte sept membres": members of an organisation, not a force's people."""
    text = "IGAD\n\nL'IGAD compte sept membres."
    assert not [c for c in extract_claims("t", text, "fr") if c.attribute == "troops_deployed"]


def _acts(text: str, lang: str) -> set:
    return {(c.attribute, str(c.qualifiers), c.value) for c in extract_claims("t", text, lang)
            if c.attribute in ("member_joined", "member_left")}


@pytest.mark.parametrize("lang, text, expected", [
    # OPEC (a French Wikipedia copy, blind cluster opec): a chain of acts, each date its own verb's
    ("fr", "OPEP\n\nL'OPEP est créée le 14 septembre 1960. L'Indonésie adhère en 1962, se retire en 2008 et réintègre "
           "l'OPEP en janvier 2016 avant de quitter à nouveau l'organisation en décembre 2016.",
     {("member_joined", "country=indonesia", "1962"), ("member_left", "country=indonesia", "2008"),
      ("member_joined", "act=readmission;country=indonesia", "2016-01"),
      ("member_left", "country=indonesia", "2016-12")}),
    # the Council of Europe (blind cluster council_of_europe): a suspension and an expulsion are two acts
    ("en", "Council of Europe\n\nThe Council of Europe was founded in 1949. Russia's membership was suspended on "
           "25 February 2022. Russia was expelled from the Council of Europe on 16 March 2022.",
     {("member_left", "act=suspension;country=russia", "2022-02-25"),
      ("member_left", "act=expulsion;country=russia", "2022-03-16")}),
    # an absence: its start is a suspension, its end a return
    ("fr", "OTSC\n\nL'OTSC a été fondée en 2002. Ouzbékistan : membre fondateur (1992-1998), puis État "
           "auto-suspendu (1998-2006).",
     {("member_joined", "country=uzbekistan", "1992"), ("member_left", "country=uzbekistan", "1998"),
      ("member_left", "act=suspension;country=uzbekistan", "1998"),
      ("member_joined", "act=readmission;country=uzbekistan", "2006")}),
])
def test_a_suspension_an_expulsion_and_a_return_are_acts_of_their_own(lang, text, expected):
    assert _acts(text, lang) == expected


def test_acts_of_one_country_make_no_contradiction():
    """Suspended in 2009, gone for good in 2016: two acts, not two dates of one leaving; a date
    of one act still contradicts another date of the same act."""
    import pandas as pd
    from provenance.claims.record import rows_from_claims
    from provenance.compare import compare
    text = ("OPEC\n\nOPEC was founded in 1960. Indonesia joined in 1962. Indonesia suspended its membership in "
            "2009. Indonesia left OPEC in 2016.")
    other = "OPEC\n\nOPEC was founded in 1960. Indonesia suspended its membership in 2008."
    claims = extract_claims("a", text, "en", "2017-01") + extract_claims("b", other, "en", "2017-01")
    found = compare(pd.DataFrame(rows_from_claims(claims)), {"a": {}, "b": {}}).discrepancies
    assert [(d.qualifiers, sorted(v.value for v in d.values)) for d in found if d.kind == "contradiction"] == \
        [("act=suspension;country=indonesia", ["2008", "2009"])]
