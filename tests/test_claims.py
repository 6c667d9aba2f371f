"""claims.csv: a person's decisions survive re-extraction; writes are atomic."""
import pytest
import pandas as pd
from click.testing import CliRunner

from provenance.claims.table import write_claims
from conftest import read_claims
from provenance.cli import main

from conftest import write_source_dir

TEXT = ("L'OTSC a été fondée en 1992. Selon le ministère, 17 policiers et 26 manifestants ont été tués. "
        "Plus de 2500 parachutistes ont été envoyés au Kazakhstan.")


def run_extract(folder, claims):
    return CliRunner().invoke(main, ["extract", "--sources", str(folder), "--out", str(claims)])


def test_decisions_survive_reextraction(tmp_path):
    folder = write_source_dir(tmp_path, {"a": TEXT})
    claims = tmp_path / "claims.csv"
    assert run_extract(folder, claims).exit_code == 0
    table = read_claims(claims)
    founded = table.index[table["attribute"] == "founded"][0]
    killed = table.index[table["attribute"] == "killed"][0]
    troops = table.index[table["attribute"] == "troops_deployed"][0]
    table.loc[founded, ["status", "note"]] = ["confirmed", "checked against the charter"]
    table.loc[killed, ["status", "note"]] = ["rejected", "figure attributed to the wrong group"]
    table.loc[troops, "note"] = "ask the desk"
    manual = {c: "" for c in table.columns}
    manual.update(claim_id="manual-1", source_id="a", subject="CSTO", attribute="member_count", value="6",
                  value_low="6", value_high="6", bound="exact", unit="countries", method="manual",
                  confidence="1", status="manual", note="from the CSTO site")
    table = pd.concat([table, pd.DataFrame([manual])], ignore_index=True)
    write_claims(table, claims)
    before = read_claims(claims).set_index("claim_id")

    # the text changes: the troop sentence goes; re-extract twice
    (folder / "a.txt").write_text(TEXT.replace("Plus de 2500 parachutistes", "Plus de 3000 parachutistes"), encoding="utf-8")
    assert run_extract(folder, claims).exit_code == 0
    assert run_extract(folder, claims).exit_code == 0
    after = read_claims(claims).set_index("claim_id")
    for cid in [table.loc[founded, "claim_id"], table.loc[killed, "claim_id"], "manual-1"]:
        assert after.loc[cid].to_dict() == before.loc[cid].to_dict()
    # the noted extracted row whose quote disappeared is kept, with its note
    troops_id = table.loc[troops, "claim_id"]
    assert after.loc[troops_id, "note"] == "ask the desk"
    assert ((after["attribute"] == "troops_deployed") & (after["value"] == "3000")).any()


def test_untouched_rows_of_a_gone_quote_are_dropped(tmp_path):
    folder = write_source_dir(tmp_path, {"a": TEXT})
    claims = tmp_path / "claims.csv"
    run_extract(folder, claims)
    (folder / "a.txt").write_text("L'OTSC a été fondée en 1992.", encoding="utf-8")
    run_extract(folder, claims)
    assert set(read_claims(claims)["attribute"]) == {"founded"}


def test_empty_claims_file_is_read(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("", encoding="utf-8")
    assert read_claims(path).empty


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text("claim_id,source_id\nx,y\n", encoding="utf-8")
    import pytest
    from provenance.plumbing.errors import ProvenanceError
    with pytest.raises(ProvenanceError, match="missing column"):
        read_claims(path)


# --- the one claim table, and the schema made from it ---------------------------------------

def _schema_problems(rows: list[dict], schema: dict) -> list[tuple[int, str]]:
    """(row, column) for each constraint of a Frictionless schema a row breaks, as a validator of
    that schema would read it (an empty cell is missing)."""
    import re
    out, seen = [], {}
    for i, row in enumerate(rows):
        for field in schema["fields"]:
            name, rule, cell = field["name"], field.get("constraints", {}), row.get(field["name"], "")
            if cell == "":
                if rule.get("required"):
                    out.append((i, name))
                continue
            if "pattern" in rule and not re.fullmatch(rule["pattern"], cell):
                out.append((i, name))
            if "enum" in rule and cell not in rule["enum"]:
                out.append((i, name))
            if "maxLength" in rule and len(cell) > rule["maxLength"]:
                out.append((i, name))
            if field["type"] in ("integer", "number"):
                try:
                    number = int(cell) if field["type"] == "integer" else float(cell)
                except ValueError:
                    out.append((i, name))
                    continue
                if not rule.get("minimum", number) <= number <= rule.get("maximum", number):
                    out.append((i, name))
            if rule.get("unique"):
                if cell in seen:
                    out.append((i, name))
                seen[cell] = i
    return out


def test_the_committed_schema_is_the_one_the_code_makes():
    """claims.schema.json is made by `python -m provenance.claims.schema`; edit the code, not the file."""
    from pathlib import Path
    from provenance.claims.schema import FILE_NAME, rendered
    assert (Path(__file__).resolve().parents[1] / FILE_NAME).read_text(encoding="utf-8") == rendered()


def test_the_schema_holds_every_row_the_tool_writes_and_the_bundled_claims():
    from pathlib import Path
    from provenance.claims.schema import table_schema
    from provenance.claims.table import read_claims_file
    table = read_claims_file(Path(__file__).resolve().parents[1] / "claims.csv", missing_ok=False)
    assert len(table) > 50 and _schema_problems(table.rows, table_schema()) == []


@pytest.mark.parametrize("column, bad", [
    ("bound", "roughly"), ("status", "maybe"), ("bound_low", "range"), ("qualifiers", "Side=x"),
    ("qualifiers", "side=a b"), ("value", "9" * 101), ("start", "-1"), ("confidence", "1.5"),
])
def test_what_the_tool_refuses_the_schema_refuses(column, bad):
    """The schema's vocabularies and limits are the validator's: a cell one refuses, both refuse."""
    from pathlib import Path
    from provenance.claims.schema import table_schema
    from provenance.claims.table import read_claims_file
    from provenance.claims.validate import row_problems
    good = read_claims_file(Path(__file__).resolve().parents[1] / "claims.csv", missing_ok=False).rows[0]
    row = dict(good, **{column: bad})
    if column == "start":
        row["end"] = good["end"]
    assert list(row_problems(row)) and _schema_problems([row], table_schema())
    assert not list(row_problems(good)) and not _schema_problems([good], table_schema())


def test_the_claim_table_offers_its_rows_once(tmp_path):
    """Every reader after extraction takes the same rows from the table, built once."""
    from pathlib import Path
    from provenance.claims.table import read_claims_file
    table = read_claims_file(Path(__file__).resolve().parents[1] / "claims.csv", missing_ok=False)
    assert table.rows is table.rows and len(table.rows) == len(table) == len(table.frame)
    some = table.rows[3]
    assert table.by_id[some["claim_id"]] is some and table.source_of[some["claim_id"]] == some["source_id"]
    mine = table.of_source(some["source_id"])
    assert some in mine and all(r["source_id"] == some["source_id"] for r in mine)
    starts = [int(r["start"]) for r in mine if r["start"]]
    assert starts == sorted(starts)
    assert table.rejected == sum(r["status"] == "rejected" for r in table.rows)
