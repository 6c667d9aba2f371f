"""Strings from data never reach a terminal, a CI log or an XML report raw."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.plumbing.safe import printable

from conftest import SEEDS, csv_rows, write_csv_rows, write_source_dir

HOSTILE = "zz-\x1b]0;PWNED\x07\u202e\x0b"


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    rows = csv_rows(tmp_path / "claims.csv")
    rows[0]["claim_id"] = HOSTILE
    rows[1]["source_id"] = HOSTILE
    write_csv_rows(tmp_path / "claims.csv", rows)
    return tmp_path


def _clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x0b" not in text


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_output_escapes_control_characters(project, fmt):
    result = CliRunner().invoke(main, ["check", "--format", fmt])
    assert result.exit_code == 2
    if fmt != "json":  # JSON escapes them itself
        _clean(result.output)
        assert "\\x1b]0;PWNED\\x07" in result.output


def test_junit_is_valid_xml_on_hostile_ids(project):
    assert CliRunner().invoke(main, ["check", "--format", "junit", "--output", "check.xml"]).exit_code == 2
    text = (project / "check.xml").read_text(encoding="utf-8")
    _clean(text)
    root = ET.fromstring(text)
    assert root.find(".//failure") is not None


@pytest.mark.parametrize("control", ["\x00", "\x1b[2J", "\x07"])
def test_a_source_with_control_characters_is_refused(tmp_path, control):
    folder = write_source_dir(tmp_path, {"a": f"L'OTSC a été fondée en 2002.{control} Fin."})
    result = CliRunner().invoke(main, ["extract", "--sources", str(folder), "--out", str(tmp_path / "claims.csv")])
    assert result.exit_code == 2 and "control character" in result.output
    _clean(result.output)


def test_sources_list_escapes_what_the_manifest_says(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 2002."})
    rows = csv_rows(folder / "sources.csv")
    rows[0]["outlet"] = HOSTILE
    write_csv_rows(folder / "sources.csv", rows)
    result = CliRunner().invoke(main, ["sources", "list", "--sources", str(folder)])
    assert result.exit_code == 0, result.output
    _clean(result.output)
    assert "PWNED" in result.output


def test_printable_keeps_ordinary_text():
    assert printable("Kirghizstan, 17 policiers « tués » — 2 500") == "Kirghizstan, 17 policiers « tués » — 2 500"
