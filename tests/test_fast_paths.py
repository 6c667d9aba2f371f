"""The fast paths give what the plain ones give: claims.csv read by pyarrow is the table (and the
physical lines) the strict csv reader gives, or the strict reader decides; the column-wise
screen of rows names every row that breaks a rule; reports stay linear in their findings; the
patterns that screen a text before a long one is searched never turn away a text it matches."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from provenance.claims.arrowcsv import read_fast
from provenance.extraction import rules
from provenance.claims.table import _parse
from provenance.plumbing.errors import ProvenanceError
from provenance.claims.validate import row_problems, suspects



def _csv(rows: list[list[str]], ending: str = "\n") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=ending).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _strict(data: bytes):
    header, rows, lines = _parse(data.decode("utf-8-sig"), "claims.csv")
    return pd.DataFrame(rows, columns=header, dtype=object), lines


GOLDEN_CLAIMS = Path(__file__).parent / "data" / "golden" / "expected" / "claims.csv"


@pytest.fixture(scope="module")
def claims_rows():
    """The golden corpus' claims.csv (228 rows of real extraction), as rows of strings."""
    return list(csv.reader(io.StringIO(GOLDEN_CLAIMS.read_text(encoding="utf-8"), newline="")))


FIELD = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    ['"', ",", "\n", "\r\n", "\r", " ", "é", "2 500", '""']), max_size=8).map("".join)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(FIELD, min_size=3, max_size=3), min_size=1, max_size=6),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_the_arrow_reader_reads_as_the_strict_reader_or_not_at_all(rows, ending, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + _csv([["claim_id", "quote", "note"]] + rows, ending)
    fast = read_fast(data)
    try:
        strict = _strict(data)
    except ProvenanceError:
        assert fast is None  # what csv rejects, pyarrow does not read either
        return
    if fast is not None:
        assert fast[0].equals(strict[0]) and fast[1] == strict[1]


@pytest.mark.parametrize("data", [
    b'claim_id,quote\n"a"b,x\n',                  # a stray quote: csv says so, pyarrow would read 'ab'
    b"claim_id,quote\na,x\n\nb,y\n",               # a blank line: csv skips it and counts it
    b"claim_id,quote\na,x,z\n",                    # a row of the wrong width
    b"claim_id,quote\ra,x\r",                      # lone carriage returns
    b"claim_id,quote\na,\xff\n",                   # not UTF-8
    b'claim_id,"quote"\na,x\n',                    # a quoted header
])
def test_what_the_strict_reader_must_judge_is_left_to_it(data):
    assert read_fast(data) is None


def test_a_quote_over_lines_keeps_each_row_on_its_physical_line():
    data = _csv([["claim_id", "quote"], ["a", "one\ntwo\nthree"], ["b", "x"], ["c", "four\r\nfive"], ["d", "y"]])
    frame, lines, _ = read_fast(data)
    assert lines == _strict(data)[1] == [2, 5, 6, 8]
    assert frame["quote"].tolist() == ["one\ntwo\nthree", "x", "four\r\nfive", "y"]


def test_the_arrow_reader_reads_a_real_claims_file_as_the_strict_reader(claims_rows):
    data = _csv(claims_rows)
    frame, lines, _ = read_fast(data)
    strict_frame, strict_lines = _strict(data)
    assert frame.equals(strict_frame) and lines == strict_lines


BROKEN = {"attribute": [" ", ""], "bound": ["approx ", "about"], "status": ["bogus"], "qualifiers": ["a=b;", "a b"],
          "value": ["12a", "1,5", "²"], "value_low": ["x"], "value_high": ["2002-13x"], "as_of": ["2022-1", "x"],
          "start": ["²", "-1", "1.5"], "end": ["-1", "x"], "quote": [""], "confidence": ["1.5", "nan", "-0.1", "x"]}
ODD_BUT_FINE = {"value": [" 12"], "confidence": [" 0.5", "1e-1"], "start": [" 5"]}


@pytest.mark.parametrize("column,value", [(c, v) for c, vs in {**BROKEN, **ODD_BUT_FINE}.items() for v in vs])
def test_the_column_screen_names_every_row_with_a_problem(claims_rows, column, value):
    frame = pd.DataFrame(claims_rows[1:], columns=claims_rows[0], dtype=object)
    assert suspects(frame) == []
    frame.at[3, column] = value
    if column == "quote":
        frame.at[3, "status"] = "extracted"
    broken = bool(list(row_problems(frame.iloc[3].to_dict())))
    assert broken == (column in BROKEN and value in BROKEN[column])
    assert 3 in suspects(frame) or not broken
    if "\n" not in value and '"' not in value:  # the same rows read by pyarrow: the screen reads its columns
        read, _, arrow = read_fast(_csv([list(frame.columns)] + frame.values.tolist()))
        assert suspects(read, arrow) == suspects(frame)


@pytest.mark.parametrize("low,high,broken", [("20", "10", True), ("10", "20", False), ("2002-10", "2002-01", True),
                                             ("1992", "2002-10-07", False)])
def test_the_column_screen_compares_bounds_as_the_row_check_does(claims_rows, low, high, broken):
    frame = pd.DataFrame(claims_rows[1:], columns=claims_rows[0], dtype=object)
    frame.at[2, "value_low"], frame.at[2, "value_high"] = low, high
    assert bool(list(row_problems(frame.iloc[2].to_dict()))) == broken
    assert (2 in suspects(frame)) == broken


def test_a_report_is_linear_in_its_findings():
    """A finding stated by a thousand sources with three hundred values: its explanation stays a
    sentence, its quotes are shared out, the CSV carries the explanation once."""
    from provenance.compare import compare
    from provenance.report.writers import QUOTES_PER_FINDING, render_csv, render_json, report_data
    rows = []
    for i in range(1000):
        rows.append({"claim_id": f"c{i}", "source_id": f"s{i:04d}", "subject": "Kazakhstan unrest 2022",
                     "attribute": "detained", "qualifiers": "", "value": str(5000 + i % 300), "value_low": "",
                     "value_high": "", "bound": "exact", "unit": "persons", "quote": f"{5000 + i % 300} people detained",
                     "start": "0", "end": "10", "method": "", "confidence": "", "status": "extracted", "note": "",
                     "as_of": ""})
    table = pd.DataFrame(rows, dtype=object)
    sources = {f"s{i:04d}": {"published": "2022-01-10"} for i in range(1000)}
    comparison = compare(table, sources, {})
    (finding,) = comparison.discrepancies
    assert len(finding.values) == 300 and len(finding.explanation) < 1200
    assert "other values (from" in finding.explanation
    data = report_data(comparison, sources, {})
    (d,) = data["discrepancies"]
    assert sum(len(v["quotes"]) for v in d["values"]) == QUOTES_PER_FINDING
    assert all(v["quotes"] for v in d["values"][:QUOTES_PER_FINDING])
    assert sum(len(v["claim_ids"]) for v in d["values"]) == 1000  # every claim still named
    lines = render_csv(data).splitlines()
    assert sum(1 for line in lines if finding.explanation[:40] in line) == 1
    assert json.loads(render_json(data))["discrepancies"][0]["id"] == finding.id


MD_TEXT = st.lists(st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    [" ", "  ", "\t", "\n", "\u00a0", "|", "\\", "<", ">", "[", "]", "`", "*", "_", "http", "HTTPS", "://", "ftp",
     "www", ".", "word"]), max_size=12).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(MD_TEXT)
def test_a_markdown_cell_without_special_characters_is_left_as_it_is(text):
    """The one-scan shortcut of _md_cell returns what the four substitutions return."""
    import re
    from provenance.report import writers
    slow = re.sub(r"\s+", " ", text)
    slow = slow.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
    slow = re.sub(r"([\[\]`*_])", r"\\\1", slow)
    slow = re.sub(r"(?i)\b(https?|ftp)(?=://)|\b(www)(?=\.)", lambda m: m.group() + "\u200b", slow)
    assert writers._md_cell(text) == slow


def _language_pieces(code: str) -> list[str]:
    """Words a plus-one phrase and a noun phrase are made of, in the cases and spellings texts use."""
    from provenance.extraction.language import language_of
    lang = language_of(code)
    countries = [a for e in lang.gazetteer.data.get("country", []) for a in e.get("aliases", [])][::7]
    nouns = [w for words in rules.read_language(code).get("nouns", {}).values() for w in words][::5]
    words = ["autour de", "outre", "et", "and", "around", "besides", "along with", "la", "l'", "l’", "le", "the",
             "les", "membres", "pays", "states", ",", "(", "six", "-", "de", "of", "\n", "  "]
    return countries + [c.upper() for c in countries[:10]] + [c.lower() for c in countries[:10]] + nouns + words


@pytest.mark.slow
@pytest.mark.parametrize("code", ["fr", "en"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_screen_never_turns_away_a_text_its_pattern_matches(code, data):
    from provenance.extraction.language import language_of
    lang = language_of(code)
    pieces = _language_pieces(code)
    phrases = rules.read_language(code).get("anaphora", {}).get("plus_one", [])
    countries = [a for e in lang.gazetteer.data.get("country", []) for a in e.get("aliases", [])]
    odd = {"s": "ſ", "i": "ı", "k": "\u212a"}  # letters case-insensitive matching equates with s, i, k
    cases = [str, str.upper, str.lower, lambda t: "".join(odd.get(c, c) for c in t)]
    said = st.builds(lambda phrase, article, country, case: phrase.replace("{country}", article + case(country)),
                     st.sampled_from(phrases), st.sampled_from(["", "la ", "l'", "the ", "le "]),
                     st.sampled_from(countries), st.sampled_from(cases))
    noise = st.lists(st.sampled_from(pieces), max_size=6).map(" ".join)
    text = data.draw(st.lists(st.sampled_from(pieces), max_size=8).map(" ".join)
                     | st.tuples(noise, said, st.sampled_from(["", " ", "\n"])).map("".join))
    if lang.plus_one is not None:
        assert lang.plus_one.found(text) == bool(lang.plus_one.whole.search(text))


def test_lower_case_decides_case_insensitive_matching_for_every_safe_letter():
    """screen.SAFE: for any two of its letters, re.IGNORECASE and the regex module's IGNORECASE
    match one with the other exactly when their lower cases are equal, and each lower case is
    one letter."""
    import re

    import regex

    from provenance.extraction.screen import SAFE
    letters = "".join(c for c in map(chr, range(0x30000)) if re.fullmatch(f"[{SAFE}]", c))
    assert len(letters) > 850  # (the class is read as ranges, not as its characters)
    for c in letters:
        assert len(c.lower()) == 1, c
        alike = {d for d in letters if d.lower() == c.lower()}
        assert {m.group() for m in re.finditer(re.escape(c), letters, re.IGNORECASE)} == alike, c
        assert {m.group() for m in regex.finditer(regex.escape(c), letters, regex.IGNORECASE)} == alike, c


@pytest.mark.slow
@pytest.mark.parametrize("code", ["fr", "en"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_event_kinds_screened_out_of_a_text_name_nothing_in_it(code, data):
    from provenance.extraction.document import Document
    from provenance.extraction.language import language_of
    lang = language_of(code)
    phrases = [p for words in rules.read_language(code).get("events", {}).values() for p in words]
    odd = {"s": "ſ", "i": "ı", "k": "\u212a"}
    cases = [str, str.upper, str.title, lambda t: "".join(odd.get(c, c) for c in t)]
    said = st.builds(lambda p, case: case(p), st.sampled_from(phrases), st.sampled_from(cases))
    words = st.sampled_from(_language_pieces(code) + ["Le", "The", "à", ".", "accident", "l'", "d'un"])
    text = data.draw(st.lists(said | words, max_size=10).map(" ".join))
    doc = Document("t", text, code, "")
    kept = {kind for kind, _ in doc.event_kinds_in(0, len(text))}
    for kind, pattern in lang.event_kinds:
        assert kind in kept or pattern.search(text) is None


def _unscreened(reader):
    """A copy of a NumberReader that tries every bound and reads every word (no screen)."""
    import copy

    import regex

    from provenance.extraction.rules import WORD
    slow = copy.copy(reader)
    slow.any_bound_before = slow.any_bound_after = regex.compile("")  # a hit everywhere
    slow.key_words = WORD
    if reader.measure_before is not None:
        slow.measure_before = regex.compile(reader.measure_before.pattern.removeprefix("(?r)"), regex.IGNORECASE)
    return slow


@pytest.mark.slow
@pytest.mark.parametrize("code", ["fr", "en"])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_number_screens_find_the_figures_of_a_reader_without_them(code, data):
    """The bounds' screens before and after a figure, the measure words searched backwards and
    the one scan for key words: the same figures as trying each bound and reading each word."""
    from provenance.extraction.language import language_of
    reader = language_of(code).numbers
    table = rules.read_language(code)
    phrases = [p for words in table.get("bounds", {}).values() for p in words]
    phrases += table["numbers"].get("measures_before", []) + table["numbers"].get("measures_after", [])
    phrases += table["numbers"].get("number_words", []) + list(table.get("dates", {}).get("months", {}))
    pieces = st.sampled_from(phrases + ["2 500", "17", "1992", "3,5", "12²", "x2", "_4", "l'", "(", "-", ",", "."])
    cased = st.builds(lambda p, case: case(p), pieces, st.sampled_from([str, str.upper, str.title]))
    text = data.draw(st.lists(cased, max_size=12).map(" ".join))
    assert reader.find(text) == _unscreened(reader).find(text)
