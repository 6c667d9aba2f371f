"""No false alarm (issue 27): a count that rises and falls is a series, and a card holds only the
values that conflict. Sentences from the blind clusters' real pages (tests/data/blind), not from
the dev sets."""
import pandas as pd
import pytest

from provenance.claims.record import rows_from_claims
from provenance.compare import compare
from provenance.extraction.engine import extract_claims


def findings(text: str, lang: str = "en", published: str = "2008-06"):
    table = pd.DataFrame(rows_from_claims(extract_claims("s", text, lang, published)))
    return compare(table, {"s": {"published": published}}).discrepancies


@pytest.mark.parametrize("lang, text, moment", [
    # unifil (UN News, 2007): the force after its drawdown
    ("en", "UNIFIL was set up in 1978. By 2000 the force was reduced to 4,500 troops.", "moment=later"),
    # ramsi (Wikinews, 2006): those that stay
    ("en", "RAMSI arrived in 2003. About 300 soldiers remained in the Solomon Islands.", "moment=later"),
    ("fr", "La FINUL a été créée en 1978. Ses effectifs ont été réduits à 2 000 hommes en 2001.", "moment=later"),
    # amis_darfur: the height of a mission
    ("en", "AMIS was deployed in 2004. At its peak, the mission numbered about 7,000 troops.", "moment=peak"),
    # eufor_tchad_rca (Wikipedia, spring 2008): what a force is to be
    ("en", "EUFOR was authorised in 2007. Out of these, 3,700 troops will be deployed in the area of operations.",
     "moment=planned"),
    ("fr", "L'EUFOR a été autorisée en 2007. La force devrait compter 3 700 soldats.", "moment=planned"),
    # a force's history, year by year (the sentence opens with the year)
    ("fr", "Le Bouclier de la Péninsule a été créé en 1984.\nEn 1992, le Bouclier comptait 5 000 soldats.", "moment=1992"),
    # the strength a force is created with is its first, an earlier moment of its series
    ("fr", "Le Conseil décide de créer une force militaire conjointe de 10 000 soldats.", "moment=earlier"),
    ("en", "In 1964 the Security Council established the force with 6,411 troops.", "moment=earlier"),
])
def test_a_troop_count_placed_at_another_moment_is_marked(lang, text, moment):
    troops = [c for c in extract_claims("s", text, lang, "2011-05") if c.attribute == "troops_deployed"]
    assert troops and all(moment in str(c.qualifiers) for c in troops)


def test_a_drawdown_is_no_contradiction():
    """The strength at the start, then what remained: a timeline, not two figures for one moment,
    and a later figure is no part that may not exceed the whole."""
    text = ("EUFOR Tchad/RCA\n\nThe force was 3,700 troops strong. After the handover, about 2,000 soldiers "
            "remained in Chad. In early 2009, 4,300 troops remained under EU command.")
    assert [d for d in findings(text) if d.kind == "contradiction"] == []


def test_a_toll_that_remained_is_still_a_toll():
    """Tolls only grow: their words of a later moment change nothing (the dates make the series)."""
    text = "Bouaké\n\nThe attack killed nine French soldiers. The toll remained at 9 on Sunday, not 12 as first said."
    killed = [c for c in extract_claims("s", text, "en") if c.attribute == "killed"]
    assert all("later" not in str(c.qualifiers) for c in killed)


def test_a_card_holds_only_what_conflicts():
    """licorne_unoci-like wording: 'at least 13' sits beside 17 and 18 as compatible with both,
    not inside 'these cannot all be true'."""
    rows = [("a", "17", "exact"), ("b", "18", "exact"), ("c", "13", "at_least")]
    table = pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="killed", qualifiers="",
                               value=v, value_low=v, value_high=v if b == "exact" else "", bound=b, unit="persons",
                               quote=f"q{i}", start="0", end="1", method="m", confidence="0.9", status="extracted",
                               note="") for i, (s, v, b) in enumerate(rows)])
    (found,) = [d for d in compare(table, {s: {} for s in "abc"}).discrepancies if d.kind == "contradiction"]
    assert sorted(v.value for v in found.values) == ["17", "18"]
    assert [(v.value, v.bound) for v in found.compatible] == [("13", "at_least")]
    assert "At least 13 (c) is compatible with 17 and 18" in found.explanation
    assert found.to_json()["compatible"][0]["sources"] == ["c"]


def test_a_year_and_its_day_stay_one_side():
    """'2002' and '2002-10-07' are one founding at two precisions: both stay in the card."""
    rows = [("a", "1992"), ("b", "2002"), ("c", "2002-10-07")]
    table = pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="founded", qualifiers="",
                               value=v, value_low=v, value_high=v, bound="exact", unit="date", quote=f"q{i}",
                               start="0", end="1", method="m", confidence="0.9", status="extracted", note="")
                          for i, (s, v) in enumerate(rows)])
    (found,) = [d for d in compare(table, {s: {} for s in "abc"}).discrepancies if d.kind == "contradiction"]
    assert sorted(v.value for v in found.values) == ["1992", "2002", "2002-10-07"] and not found.compatible


def test_one_group_on_two_sides_of_a_list():
    """A list that counts one group on two sides (the casualty line of dev2's Gambia infobox: no
    page outside the dev sets had one): each figure is a part on its side, never the whole nor
    the other's rival; a figure set against another ("mais", the seed france24-afp) is no list."""
    text = "Clashes\n\n3 alleged Pro-Jammeh Gambian soldiers, 1 ECOWAS soldier and 10 civilians wounded"
    got = {(str(c.qualifiers), c.value) for c in extract_claims("s", text, "en") if c.attribute == "injured"}
    assert got == {("group=soldiers;side=gambia", "3"), ("group=soldiers;side=ecowas", "1"), ("group=civilians", "10")}
    assert [d for d in findings(text) if d.kind == "contradiction"] == []
    rival = ("Kazakhstan\n\nMoscou a promis un contingent d'environ 3 000 hommes, mais le ministère russe de la "
             "Défense n'évoquait vendredi que 2 500 parachutistes.")
    assert all("side" not in str(c.qualifiers) for c in extract_claims("s", rival, "fr"))


def test_a_troop_count_dated_by_its_sentence_is_that_moments():
    """eufor_tchad_rca (Wikipedia, spring 2008): the strength on the ground on a day against the
    planned one; a month (the deployment's) and a date after the figure (a table's note of
    arrival) date nothing."""
    text = ("EUFOR Tchad/RCA\n\nThe force will number 3,700 troops. On 15 May 2008, 2,732 soldiers were deployed "
            "in Chad. On 31 January, about 1,400 troops were on the ground. In January 2008, France sent 2,000 troops.")
    troops = {c.value: str(c.qualifiers) for c in extract_claims("s", text, "en", "2008-06") if c.attribute == "troops_deployed"}
    assert troops == {"3700": "moment=planned", "2732": "moment=2008-05-15", "1400": "moment=01-31",
                      "2000": "country=france"}
    assert [d for d in findings(text) if d.kind == "contradiction"] == []
    noted = "MISMA\n\nTchad 2 250 soldats, premier contingent arrivé au Mali en février 2013"
    assert all("moment=2013" not in str(c.qualifiers) for c in extract_claims("s", noted, "fr", "2013-03"))


def test_a_contributors_line_is_its_countrys_and_its_bare_noun_the_whole():
    """eufor_tchad_rca (Wikipedia, spring 2008): every figure of "- Austria – 160 troops, 50
    special forces" is Austria's, the 160 its whole and the special forces a part; a headline
    "Lebanon: UN peacekeeping force reaches 10,500" (unifil, UN News) is no contributor's line."""
    text = ("EUFOR\n\nCurrent confirmed contributors include:\n- Austria – 160 troops, 50 special forces of the "
            "Jagdkommando[10]\n- Belgium – 100 troops, 22 special forces")
    got = {(str(c.qualifiers), c.value) for c in extract_claims("s", text, "en") if c.attribute == "troops_deployed"}
    assert got == {("country=austria", "160"), ("country=austria;side=special_forces", "50"),
                   ("country=belgium", "100"), ("country=belgium;side=special_forces", "22")}
    headline = "Lebanon: UN peacekeeping force reaches 10,500\n\nThe force now counts 10,500 troops."
    assert all("country=lebanon" not in str(c.qualifiers) for c in extract_claims("s", headline, "en"))


def test_a_founding_year_in_the_sentence_dates_no_troop_count():
    text = "CSTO\n\nThe CSTO, a six-country bloc founded in 2002, sent 2,000 troops to Kazakhstan."
    troops = [c for c in extract_claims("s", text, "en", "2022-01") if c.attribute == "troops_deployed"]
    assert troops and all("moment" not in str(c.qualifiers) for c in troops)


@pytest.mark.parametrize("text", [
    # a moment word in another clause says nothing of the figure (a review's cases)
    "Gambia\n\nSenegal, which still leads the mission, deployed 7,000 troops.",
    "Gambia\n\nThe mission, whose mandate will be reviewed in May, deployed 7,000 troops.",
    # a date in an aside is not the figure's moment
    "Gambia\n\nThe mission, created on 19 January 2017, has 7,000 troops.",
    # a month is the deployment's
    "Gambia\n\nIn January 2017, ECOWAS deployed 7,000 troops.",
    # a creating verb in an aside, or one whose force then counts today's troops
    "Gambia\n\nThe mission, created in 2017, deployed 7,000 troops.",
    "Gambia\n\nThe force created by ECOWAS now has 7,000 troops.",
])
def test_no_moment_from_another_clause(text):
    troops = [c for c in extract_claims("s", text, "en", "2018-06") if c.attribute == "troops_deployed"]
    assert troops and all("moment" not in str(c.qualifiers) for c in troops)


def test_rival_readings_keep_no_side():
    """'or … according to': two readings of one count, which contradict."""
    text = "Mali\n\nFrance deployed 7,000 French troops, or 4,000 French soldiers according to the army."
    assert all("side" not in str(c.qualifiers) for c in extract_claims("s", text, "en"))


def test_an_open_bound_does_not_hold_its_own_end():
    """'more than 6000' is not compatible with 6000: both stay in the conflict with 5000."""
    rows = [("a", "6000", "more_than"), ("b", "6000", "exact"), ("c", "5000", "exact")]
    table = pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="injured", qualifiers="",
                               value=v, value_low=v, value_high=v if b == "exact" else "", bound=b, unit="persons",
                               quote=f"q{i}", start="0", end="1", method="m", confidence="0.9", status="extracted",
                               note="") for i, (s, v, b) in enumerate(rows)])
    found = [d for d in compare(table, {s: {} for s in "abc"}).discrepancies if d.kind == "contradiction"]
    assert found and not any(v.bound == "more_than" for d in found for v in d.compatible)


@pytest.mark.parametrize("lang, text, founded", [
    # a deadline: "la création d'ici 2010 d'un contingent" (dev2's ECOWAS page, in other words)
    ("fr", "Les ministres ont approuvé la création d'ici 2010 d'une force de la CEDEAO. La CEDEAO a été fondée en 1975.",
     "1975"),
    ("en", "The ministers agreed to set up an ECOWAS standby force by 2010. ECOWAS was founded in 1975.", "1975"),
    # an anniversary's day (council_of_europe, blind)
    ("en", "Council of Europe\n\nThe Council of Europe was founded on 5 May 1949. On 5 May 1964, the 15th anniversary "
           "of its founding, the Council established Europe Day.", "1949-05-05"),
    ("fr", "Conseil de l'Europe\n\nLe Conseil de l'Europe a été fondé le 5 mai 1949. Le 5 mai 1964, quinzième "
           "anniversaire de sa fondation, le Conseil a institué la Journée de l'Europe.", "1949-05-05"),
])
def test_a_deadline_or_an_anniversary_is_no_founding(lang, text, founded):
    assert [c.value_low for c in extract_claims("s", text, lang, "2008-06") if c.attribute == "founded"] == [founded]


def test_a_toll_its_own_clause_dates_is_that_events():
    """The Gambia infobox line: those who fled in the 2016 crisis and 'another 1,000 displaced
    during a clash in 2022' are two events' tolls, never a contradiction."""
    text = ("2016–2017 Gambian constitutional crisis\n\nSome people remain displaced after 26,000 people fled "
            "during the 2016-2017 Gambian constitutional crisis and another 1,000 displaced during a clash in 2022.")
    years = {c.value_low: c.subject[-4:] for c in extract_claims("s", text, "en", "2023-01") if c.attribute == "displaced"}
    assert years == {"26000": "2016", "1000": "2022"}


def test_a_toll_its_own_source_later_raises_stands_beside_the_conflict():
    """haiti_2010 (blind, an English Wikipedia copy): the Red Cross estimate of 15 January and the
    body count of 27 January are earlier moments of the page's own telling, which ends at 316,000;
    the conflict is 316,000 against another page's 230,000, not the early estimates."""
    page = ("2010 Haiti earthquake\n\nThe earthquake struck on 12 January 2010. On 15 January, the Red Cross "
            "estimated the death toll at between 45,000 and 50,000. On 27 January, nearly 170,000 bodies had been "
            "counted. The government later raised the death toll to 316,000.")
    other = "Séisme de 2010 en Haïti\n\nLe séisme du 12 janvier 2010 a fait 230 000 morts."
    claims = extract_claims("a", page, "en") + extract_claims("b", other, "fr")
    found = compare(pd.DataFrame(rows_from_claims(claims)), {"a": {}, "b": {}}).discrepancies
    (conflict,) = [d for d in found if d.kind == "contradiction"]
    assert sorted(v.value for v in conflict.values) == ["230000", "316000"]
    assert sorted(v.value for v in conflict.compatible) == ["170000", "45000"]
    assert "is an earlier count (2010-01-15) that its source later raises to" in conflict.explanation


def test_troop_counts_an_order_of_magnitude_apart_are_to_check():
    """turquoise_unamir_1994-like: '2 soldiers' beside 2,500 counts something else (a unit, a
    patrol): to check, not 'these cannot all be true'."""
    rows = [("a", "2"), ("b", "2500"), ("c", "2555")]
    table = pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="troops_deployed", qualifiers="",
                               value=v, value_low=v, value_high=v, bound="exact", unit="persons", quote=f"q{i}",
                               start="0", end="1", method="m", confidence="0.9", status="extracted", note="")
                          for i, (s, v) in enumerate(rows)])
    (found,) = compare(table, {s: {} for s in "abc"}).discrepancies
    assert found.kind == "to_check" and "an order of magnitude apart" in found.explanation
    assert found.to_json()["likely_reason"].startswith("an order of magnitude apart")


def test_a_toll_and_a_day_keep_the_events_year():
    """A review's cases: a news lead recalling an older massacre does not re-date the story; a
    year after 'since' starts a comparison, it names no other event; a day before the events
    began is of the next year."""
    recall = ("Kazakhstan unrest\n\nThe protests recall the massacre of 16 December 2011 in Zhanaozen. Security "
              "forces killed 225 people this week.")
    assert {c.subject for c in extract_claims("s", recall, "en", "2022-01-10")} == {"Kazakhstan unrest 2022"}
    since = "Urumqi riots\n\nThe riots in Urumqi killed 156 people in the worst ethnic violence since 1949."
    assert {c.subject for c in extract_claims("s", since, "en", "2009-07-08")} == {"China unrest 2009"}
    crisis = ("2016–2017 Gambian constitutional crisis\n\nThe crisis began in December 2016. On 19 January, 45,000 "
              "people had fled to Senegal.")
    assert [c.as_of for c in extract_claims("s", crisis, "en", "2017-02-01")] == ["2017-01-19"]


@pytest.mark.parametrize("lang, text, reinforcement", [
    # isaf (blind, UN News): "About 230 extra troops were sent"
    ("en", "ISAF\n\nAbout 130,000 troops serve in ISAF. About 230 extra troops were sent in May.", "230"),
    ("en", "ISAF\n\nAbout 130,000 troops serve in ISAF. NATO sent an additional 500 soldiers.", "500"),
    ("fr", "Artemis\n\nEnviron 2 500 soldats sont à Bunia. La France a envoyé 300 hommes en renfort.", "300"),
])
def test_reinforcements_are_no_rival_of_the_whole_force(lang, text, reinforcement):
    troops = {c.value: str(c.qualifiers) for c in extract_claims("s", text, lang, "2008-06")
              if c.attribute == "troops_deployed"}
    assert "moment=added" in troops[reinforcement]
    assert not any("moment" in q for v, q in troops.items() if v != reinforcement)


@pytest.mark.parametrize("lang, text", [
    # ramsi (blind, Wikinews 2003): soldiers and police of one country, sent the same day
    ("en", "RAMSI\n\nA contingent of 110 Australian soldiers and 80 Australian federal police officers left for the "
           "islands today."),
    # ramsi (blind, a French infobox): a country's soldiers and police, line by line
    ("fr", "RAMSI\n\nForce\nAustralie :\n7 200 soldats\n1 700 policiers\n"),
])
def test_police_sent_with_troops_are_a_force_of_their_own(lang, text):
    claims = [c for c in extract_claims("s", text, lang, "2003-07") if c.attribute == "troops_deployed"]
    assert {str(c.qualifiers) for c in claims} == {"country=australia", "country=australia;side=police"}
    table = pd.DataFrame(rows_from_claims(claims))
    assert not [d for d in compare(table, {"s": {}}).discrepancies if d.kind == "contradiction"]


BEIRUT = {"en": "Beirut explosion\n\nThe explosion in Beirut on 4 August 2020 killed 218 people. Among the dead were "
                "43 Syrian refugees.",
          "fr": "Explosion à Beyrouth\n\nL'explosion du 4 août 2020 a fait 218 morts, dont 43 réfugiés syriens."}


def test_refugees_among_the_dead_are_a_part_of_the_toll():
    """The issue's own case: deaths among refugees set against the total were a contradiction."""
    for lang, text in BEIRUT.items():
        claims = [c for c in extract_claims("s", text, lang, "2020-08") if c.attribute == "killed"]
        assert {(str(c.qualifiers), c.value) for c in claims} == {("", "218"), ("group=refugees", "43")}
        assert not compare(pd.DataFrame(rows_from_claims(claims)), {"s": {}}).discrepancies


def test_tolls_an_order_of_magnitude_apart_are_to_check():
    """interfet-like: '17 killed' (a mission's staff) beside '1,400 killed' (the civilians of a
    year) in one event: to check, not 'these cannot all be true'."""
    rows = [("a", "17"), ("b", "1400")]
    table = pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="killed", qualifiers="",
                               value=v, value_low=v, value_high=v, bound="exact", unit="persons", quote=f"q{i}",
                               start="0", end="1", method="m", confidence="0.9", status="extracted", note="")
                          for i, (s, v) in enumerate(rows)])
    (found,) = compare(table, {s: {} for s in "ab"}).discrepancies
    assert found.kind == "to_check"


@pytest.mark.parametrize("lang, text, attribute, expected", [
    # another anniversary than the organisation's own founding does not veto its date
    ("en", "African Union\n\nThe African Union was launched on 25 May 2001, the 38th anniversary of the founding of "
           "the OAU.", "founded", ["2001-05-25"]),
    # a sum of money is no toll, whatever the infobox label
    ("fr", "Inondations\n\nPertes : 2 millions d'euros.", "killed", []),
])
def test_a_reviews_cases_read_as_a_reader_would(lang, text, attribute, expected):
    assert [c.value for c in extract_claims("s", text, lang, "2019-01") if c.attribute == attribute] == expected


@pytest.mark.parametrize("lang, text", [
    ("fr", "MINUSMA\n\nLa force créée par l'ONU dispose aujourd'hui de 12 000 soldats."),
    ("en", "UN\n\nThe force created by the UN now consists of 12,000 soldiers."),
    # the whole force, beside reinforcements that arrived after it
    ("en", "UNIFIL\n\nUNIFIL now has 10,500 troops after an additional 2,000 arrived this week."),
])
def test_a_force_of_today_has_no_moment(lang, text):
    troops = [c for c in extract_claims("s", text, lang, "2014-01") if c.attribute == "troops_deployed"]
    assert troops and all("moment" not in str(c.qualifiers) for c in troops)


def test_a_toll_that_grew_ten_times_is_an_update_and_one_date_is_no_timeline():
    """A toll ten times higher days later is an update, not 'to check'; a source that dates one
    count by the event's day and gives another undated tells no timeline: both stay in the card."""
    def table(rows):
        return pd.DataFrame([dict(claim_id=f"c{i}", source_id=s, subject="S", attribute="killed", qualifiers="",
                                  value=v, value_low=v, value_high=v, bound="exact", unit="persons", quote=f"q{i}",
                                  start="0", end="1", method="m", confidence="0.9", status="extracted", note="",
                                  as_of=a) for i, (s, v, a) in enumerate(rows)])
    grew = compare(table([("a", "120", ""), ("b", "5000", "")]),
                   {"a": {"published": "2023-02-06"}, "b": {"published": "2023-02-10"}}).discrepancies
    assert [d.kind for d in grew] == ["update"]
    (one,) = compare(table([("a", "100000", "2010-01-12"), ("a", "316000", ""), ("b", "160000", "")]),
                     {"a": {}, "b": {}}).discrepancies
    assert sorted(v.value for v in one.values) == ["100000", "160000", "316000"]
