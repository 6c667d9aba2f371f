"""On the bundled seed sources: every quote's offsets hold, ids are stable, order deterministic."""
from provenance.pipeline.job import extract

from conftest import SEEDS


def test_every_quote_offset_holds(tmp_path):
    from conftest import read_claims
    from provenance.sources.manifest import load_sources, read_text
    result = extract(SEEDS, tmp_path / "claims.csv")
    table = read_claims(result.path)
    assert len(table) > 30
    texts = {s.source_id: read_text(s.path) for s in load_sources(SEEDS)}
    for row in table.to_dict("records"):
        text = texts[row["source_id"]]
        assert text[int(row["start"]):int(row["end"])] == row["quote"], row["claim_id"]


def test_rerun_is_byte_identical(tmp_path):
    first = extract(SEEDS, tmp_path / "a.csv").path.read_bytes()
    second = extract(SEEDS, tmp_path / "b.csv").path.read_bytes()
    assert first == second
    third = extract(SEEDS, tmp_path / "a.csv").path.read_bytes()  # over the existing file
    assert third == first


def test_claim_ids_are_unique(tmp_path):
    from conftest import read_claims
    table = read_claims(extract(SEEDS, tmp_path / "claims.csv").path)
    assert table["claim_id"].is_unique


def test_core_seed_claims_found(tmp_path):
    """A few of the figures a fact-checker comes for (the full measure is ../shared/eval/score.py)."""
    from conftest import read_claims
    table = read_claims(extract(SEEDS, tmp_path / "claims.csv").path)
    got = set(zip(table["source_id"], table["attribute"], table["qualifiers"], table["value"]))
    for expected in [
        ("rbth-litovkine", "founded", "", "1992"),
        ("france24-afp", "founded", "", "2002"),
        ("rbth-litovkine", "troops_deployed", "", "2500"),
        ("presstv-sputnik", "troops_deployed", "", "2600"),
        ("rbth-litovkine", "killed", "group=security_forces", "17"),
        ("blog-wikipedia", "killed", "group=security_forces;place=almaty", "18"),
        ("rbth-litovkine", "age_years", "", "30"),
        ("rt-zas", "age_years", "", "20"),
        ("france24-afp", "force_size", "force=peacekeeping", "3600"),
    ]:
        assert expected in got
    assert not ((table["attribute"] == "troops_deployed") & (table["value"] == "3600")).any()
    assert not ((table["source_id"] == "presstv-sputnik") & (table["attribute"] == "troops_deployed")
                & (table["quote"].str.contains("ONG"))).any()
