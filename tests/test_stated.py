"""A person's value must stand in its quote: the figures the source's reader finds in the quote,
the rows `check` names (unstated-value), the note's marker that vouches for a value in words."""
from __future__ import annotations

import json
import subprocess

import pytest
from click.testing import CliRunner

from provenance.review.stated import IN_WORDS, marked_in_words, unstated, without_in_words
from provenance.claims.record import Bound
from provenance.cli import main

from conftest import csv_rows, write_csv_rows, write_source_dir


def row(quote: str, value: str = "", low: str | None = None, high: str | None = None, bound: str = "exact",
        note: str = "") -> dict:
    """A claims.csv row's value columns; the range's ends as the bound gives them unless set."""
    ends = Bound(bound).ends(value)
    return {"quote": quote, "value": value, "value_low": ends[0] if low is None else low,
            "value_high": ends[1] if high is None else high, "bound": bound, "note": note}


CASES = [
    # (language, quote, row, stated?)
    ("fr", "Le groupe a été formé en 1992", row("Le groupe a été formé en 1992", "1992"), True),
    ("fr", "formé en 1992 / 2700", row("Le groupe a été formé en 1992", "2700"), False),
    ("fr", "2500 parachutistes / 2500", row("2500 parachutistes russes", "2500"), True),
    ("fr", "2500 parachutistes / 1234", row("2500 parachutistes russes", "1234"), False),
    ("fr", "2 500 (espace insécable), plus de", row("plus de 2\u00a0500 soldats", "2500", bound="more_than"), True),
    ("fr", "2 500 (espace fine)", row("2\u202f500 soldats", "2500"), True),
    ("fr", "2 500 is not 25 000", row("25 000 soldats", "2500"), False),
    ("fr", "a number, not its text", row("2 500 soldats", "2500.0"), True),
    ("fr", "dix-sept", row("dix-sept policiers ont été tués", "17"), True),
    ("fr", "dix-sept is not 16", row("dix-sept policiers ont été tués", "16"), False),
    ("fr", "un millier et demi", row("un millier et demi de manifestants", "1500", bound="approx"), True),
    ("fr", "2,5 millions", row("2,5 millions d'habitants", "2500000"), True),
    ("fr", "a year in a full date", row("fondée le 7 octobre 2002", "2002"), True),
    ("fr", "a month in a full date", row("fondée le 7 octobre 2002", "2002-10"), True),
    ("fr", "the full date", row("fondée le 7 octobre 2002", "2002-10-07"), True),
    ("fr", "another day", row("fondée le 7 octobre 2002", "2002-10-08"), False),
    ("fr", "a day the quote does not give", row("fondée en 2002", "2002-10-07"), False),
    ("fr", "a range", row("entre 17 000 et 22 000 soldats", "17000", "17000", "22000", "range"), True),
    ("fr", "a range, thousands on both ends", row("17-22 000 manifestants", "17000", "17000", "22000", "range"), True),
    ("fr", "a range with one end not stated", row("entre 17 000 et 22 000 soldats", "17000", "17000", "25000", "range"),
     False),
    ("fr", "a bound: at least 13", row("au moins 13 policiers", "13", bound="at_least"), True),
    ("fr", "a count the list implies, no numeral", row("regroupe autour de la Russie cinq anciennes républiques", "6"),
     False),
    ("en", "2,500, more than", row("More than 2,500 troops were deployed", "2500", bound="more_than"), True),
    ("en", "2,500 is not 1234", row("More than 2,500 troops were deployed", "1234", bound="more_than"), False),
    ("en", "2.500 is two and a half in English", row("2.500 troops", "2500"), False),
    ("en", "seventeen", row("seventeen police officers were killed", "17"), True),
    ("en", "seventeen is not seventy", row("seventeen police officers were killed", "70"), False),
    ("en", "a year in a full date", row("founded on October 7, 2002", "2002"), True),
    ("en", "the full date", row("founded on October 7, 2002", "2002-10-07"), True),
    ("en", "a range", row("between 100 and 200 people were arrested", "100", "100", "200", "range"), True),
    ("en", "a range the quote does not give", row("between 100 and 200 people", "100", "100", "300", "range"), False),
    ("en", "no figure at all", row("the alliance sent troops", "100"), False),
    ("en", "the marker vouches for it", row("a few hundred soldiers", "300", note=f"{IN_WORDS} AP's count"), True),
    ("en", "the marker, as typed in a spreadsheet", row("a few hundred soldiers", "300", note="per AP [Value In  Words]"),
     True),
    ("en", "a note that only mentions words", row("a few hundred soldiers", "300", note="value in words"), False),
]


@pytest.mark.parametrize("language, case, claim, stated", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_value_is_stated_by_its_quote_as_numbers_and_dates(language, case, claim, stated):
    assert (unstated(claim, language) is None) == stated, unstated(claim, language)


@pytest.mark.parametrize("language, claim, message", [
    ("fr", row("Le groupe a été formé en 1992", "2700"), "the quote states 1992; the row says 2700"),
    ("fr", row("2500 parachutistes", "1234"), "the quote states 2500; the row says 1234"),
    ("fr", row("entre 17 000 et 22 000 soldats, 164 morts", "17000", "17000", "25000", "range"),
     "the quote states 17000-22000, 164; the row says 17000-25000"),
    ("en", row("the alliance sent troops", "100"), "the quote states no figure the tool can read; the row says 100"),
])
def test_the_message_says_what_the_quote_states_and_what_the_row_says(language, claim, message):
    assert unstated(claim, language) == message


def test_the_marker_is_found_and_taken_off():
    assert marked_in_words(f"{IN_WORDS} checked") and not marked_in_words("[value]")
    assert without_in_words(f"{IN_WORDS} checked by phone") == "checked by phone"
    assert without_in_words("checked [VALUE in words]") == "checked"


# ----------------------------------------------------------------------------------------------
# `provenance check`

TEXT = "Le groupe a été formé en 1992 à Tachkent. Selon le ministère, 2500 parachutistes ont été déployés."


@pytest.fixture
def project(tmp_path, monkeypatch):
    write_source_dir(tmp_path, {"a": TEXT})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract"])
    assert result.exit_code == 0, result.output
    return tmp_path


def persons_row(claim_id: str, quote: str, value: str, status: str = "manual", note: str = "") -> dict:
    """A person's row on a passage of source a (its offsets found in the text)."""
    start = TEXT.index(quote)
    return {"claim_id": claim_id, "source_id": "a", "subject": "OTSC", "attribute": "troops_deployed",
            "qualifiers": "", "value": value, "value_low": value, "value_high": value, "bound": "exact",
            "unit": "persons", "quote": quote, "start": str(start), "end": str(start + len(quote)),
            "method": "manual", "confidence": "1", "status": status, "note": note, "as_of": "", "digest": ""}


def check(*args):
    return CliRunner().invoke(main, ["check", "--format", "json", *args])


def unstated_problems(result) -> list[tuple[int, str, str]]:
    return [(p["row"], p["claim_id"], p["message"]) for p in json.loads(result.output)["problems"]
            if p["code"] == "unstated-value"]


def test_check_names_a_persons_row_whose_quote_does_not_state_its_value(project):
    table = csv_rows(project / "claims.csv")
    rows = table + [persons_row("a.m.1", "formé en 1992", "2700"), persons_row("a.m.2", "2500 parachutistes", "1234"),
                    persons_row("a.m.3", "2500 parachutistes", "2500"),
                    persons_row("a.m.4", "formé en 1992", "2700", note=f"{IN_WORDS} the archive says so")]
    write_csv_rows(project / "claims.csv", rows)
    result = check()
    assert result.exit_code == 1
    first = len(table) + 2  # the header is line 1
    assert [(line, cid, message.split(" (")[0]) for line, cid, message in unstated_problems(result)] == [
        (first, "a.m.1", "the quote states 1992; the row says 2700"),
        (first + 1, "a.m.2", "the quote states 2500; the row says 1234")]
    assert IN_WORDS in unstated_problems(result)[0][2]  # the message says how to vouch for it
    text = CliRunner().invoke(main, ["check"]).output
    assert "error [unstated-value] a.m.1: the quote states 1992; the row says 2700" in text
    github = CliRunner().invoke(main, ["check", "--format", "github"]).output
    assert f"line={first},title=unstated-value::" in github.replace("%2C", ",")


def test_a_confirmed_row_is_checked_once_its_value_was_edited(project):
    table = csv_rows(project / "claims.csv")
    troops = next(r for r in table if r["value"] == "2500")
    troops["status"] = "confirmed"
    write_csv_rows(project / "claims.csv", table)
    assert unstated_problems(check()) == []         # the tool's reading, confirmed
    troops["value"] = troops["value_low"] = troops["value_high"] = "1234"
    write_csv_rows(project / "claims.csv", table)
    assert [(cid, message.split(" (")[0]) for _, cid, message in unstated_problems(check())] == \
        [(troops["claim_id"], "the quote states 2500; the row says 1234")]
    troops["note"] = "[value in words]"
    write_csv_rows(project / "claims.csv", table)
    assert unstated_problems(check()) == []


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=cwd, check=True,
                   capture_output=True)


def test_since_shows_only_the_rows_changed_since_the_ref(project):
    table = csv_rows(project / "claims.csv")
    write_csv_rows(project / "claims.csv", table + [persons_row("a.m.old", "formé en 1992", "2700")])
    (project / ".gitignore").write_text(".claims.csv.cache.sqlite\n.provenance.lock\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    write_csv_rows(project / "claims.csv", csv_rows(project / "claims.csv") +
                   [persons_row("a.m.new", "2500 parachutistes", "1234")])
    assert [cid for _, cid, _ in unstated_problems(check("--since", "HEAD"))] == ["a.m.new"]
    assert [cid for _, cid, _ in unstated_problems(check())] == ["a.m.old", "a.m.new"]


def test_the_help_documents_the_marker():
    for command in ("check", "serve"):
        assert IN_WORDS in CliRunner().invoke(main, [command, "--help"]).output
