"""claims.csv: a person's decisions survive re-extraction; writes are atomic."""
import pandas as pd
from click.testing import CliRunner

from provenance.claims.table import read_claims, write_claims
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
