"""What the tool writes reads back the same: a carriage return, a line feed, CRLF, a quote or a
comma in a note, a quote, a name or an alias is data, in claims.csv (written whole or spliced)
and events.csv alike; a file where one stands bare is bad input naming its line, never a
traceback."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from provenance.incremental import splice
from provenance.claims.record import COLUMNS, DIGEST
from provenance.claims.table import _parse, read_claims_bytes, records, to_csv_text, written_columns
from provenance.cli import main
from provenance.filing.events import read_events, write_events

PIECES = st.lists(st.sampled_from(["a", "é", " ", ",", '"', ";", "\r", "\n", "\r\n", "\r\r", "\n\r"]),
                  max_size=8).map("".join)


def _claim(n: int, subject: str, quote: str, note: str) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(claim_id=f"s{n % 2}.killed.{n}", source_id=f"s{n % 2}", subject=subject, attribute="killed",
               value="12", bound="exact", quote=quote, start="0", end="1", status="confirmed", note=note)
    return {**row, DIGEST: ""}


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(PIECES, PIECES, PIECES), min_size=1, max_size=6))
def test_claims_csv_reads_back_as_written_whole_or_spliced(fields):
    table = pd.DataFrame([_claim(n, *f) for n, f in enumerate(fields)]).sort_values("source_id", kind="stable")
    data = to_csv_text(table).encode("utf-8")
    columns = written_columns(table)
    assert splice.header(columns) + b"".join(b.data for b in splice.blocks_of(table, columns)) == data
    written = records(table.reset_index(drop=True))
    assert records(read_claims_bytes(data, "claims.csv").frame[columns]) == written
    header, rows, _ = _parse(data.decode("utf-8"), "claims.csv")  # the strict reader agrees with the fast one
    assert [dict(zip(header, r)) for r in rows] == written


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(PIECES, PIECES, PIECES), min_size=1, max_size=4))
def test_events_csv_reads_back_as_written(tmp_path, fields):
    events = [{"event_id": f"e{n}", "name": f"Event {n}{name}", "kind": "unrest", "country": country, "place": "",
               "start": "2022", "end": "", "aliases": aliases, "status": "confirmed"}
              for n, (name, country, aliases) in enumerate(fields)]
    path = tmp_path / "events.csv"
    path.unlink(missing_ok=True)
    write_events(path, events)
    assert read_events(path) == events


def _rows(path) -> tuple[list[str], list[list[str]]]:
    """A CSV file's header and rows, line breaks in fields as they are."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    return rows[0], rows[1:]


def _write_crlf(path, header: list[str], rows: list[list[str]]) -> None:
    """As a spreadsheet writes it: CRLF line ends, every field holding a line break quoted."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    path.write_bytes(buf.getvalue().encode("utf-8"))


LINE_BREAKS = ["called the ministry\ron Monday", 'called the ministry\ron Monday\r\nand "again"\nlater\r']


@pytest.mark.slow
@pytest.mark.parametrize("note", LINE_BREAKS)
def test_a_note_with_line_breaks_survives_check_and_every_rerun(seed_project, note):
    header, rows = _rows(seed_project / "claims.csv")
    rows[0][header.index("note")], rows[0][header.index("status")] = note, "confirmed"
    _write_crlf(seed_project / "claims.csv", header, rows)
    runner = CliRunner()
    assert runner.invoke(main, ["check"]).exit_code == 1  # the claims' contradictions, not bad input
    for args in (["run"], ["run", "--no-cache"], ["run"]):  # spliced, whole, spliced again
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        header, rows = _rows(seed_project / "claims.csv")
        assert [r[header.index("note")] for r in rows if r[header.index("note")]] == [note]
    assert runner.invoke(main, ["check"]).exit_code == 1


@pytest.mark.slow
@pytest.mark.parametrize("aliases", LINE_BREAKS)
def test_an_event_with_line_breaks_survives_every_rerun(seed_project, aliases):
    header, rows = _rows(seed_project / "events.csv")
    rows[0][header.index("aliases")], rows[0][header.index("status")] = aliases, "confirmed"
    _write_crlf(seed_project / "events.csv", header, rows)
    for args in (["run"], ["run", "--no-cache"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert _rows(seed_project / "events.csv")[1][0] == rows[0]


@pytest.mark.slow
@pytest.mark.parametrize("file", ["claims.csv", "events.csv", "sources/sources.csv"])
def test_a_bare_carriage_return_is_bad_input_naming_the_line(seed_project, file):
    path = seed_project / file
    text = path.read_bytes().decode("utf-8").split("\n")
    text[1] = text[1].replace(",", ",a\rb", 1)   # into the first row's second field, unquoted
    path.write_bytes("\n".join(text).encode("utf-8"))
    before = {p: p.read_bytes() for p in (seed_project / "claims.csv", seed_project / "events.csv")}
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"{file}:2: malformed CSV: a carriage return (\\r) in a field that is not in quotes" in result.output
    assert {p: p.read_bytes() for p in before} == before


def test_an_unclosed_quote_in_events_csv_is_bad_input(seed_project):
    path = seed_project / "events.csv"
    header, rows = _rows(path)
    path.write_bytes((",".join(header) + "\n" + ",".join(rows[0][:-2]) + ',"Almaty,confirmed\n').encode("utf-8"))
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2, result.output
    assert "events.csv:" in result.output and "malformed CSV" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\x0c", "\x1c", "\r", "\r\n"])
def test_sources_add_keeps_every_manifest_row_whatever_breaks_a_title(seed_project, separator):
    """sources.csv keeps each row as it was: a title holding a character str.splitlines cuts at
    (but csv does not) shifted the rows, and one was lost."""
    manifest = seed_project / "sources" / "sources.csv"
    header, rows = _rows(manifest)
    rows[0][header.index("title")] = f"Kazakhstan{separator}: 100 soldats"
    _write_crlf(manifest, header, rows)
    before = manifest.read_bytes()
    article = seed_project / "new.txt"
    article.write_text("Le 7 janvier 2022, au moins 26 personnes ont été tuées au Kazakhstan selon la police.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["sources", "add", str(article), "--language", "fr"])
    assert result.exit_code == 0, result.output
    assert manifest.read_bytes().startswith(before)
    assert [r[0] for r in _rows(manifest)[1]] == [r[0] for r in rows] + ["new"]
