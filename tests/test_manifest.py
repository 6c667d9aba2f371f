"""The manifest and the sources folder: writes touch only what they change, links and
predictable temporary names lead nowhere, and dates and files are checked."""
from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.report.writers import _md_cell

from conftest import write_source_dir

TEXT = "L'Organisation du traité de sécurité collective (OTSC) a été fondée en 2002."


def invoke(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def test_sources_add_writes_no_other_row(tmp_path):
    folder = write_source_dir(tmp_path, {"b": TEXT, "a": TEXT})
    original = (folder / "sources.csv").read_text(encoding="utf-8")
    # a person's own way of writing rows: quoted fields, their order (b before a)
    edited = original.replace("b,b.txt,", '"b","b.txt",')
    (folder / "sources.csv").write_text(edited, encoding="utf-8")
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")
    assert invoke("sources", "add", tmp_path / "c.txt", "--sources", folder, "--language", "fr").exit_code == 0
    after = (folder / "sources.csv").read_text(encoding="utf-8")
    assert after.startswith(edited) and after.count("\n") == edited.count("\n") + 1


def test_check_fix_rewrites_only_the_rehashed_row(tmp_path, monkeypatch):
    folder = write_source_dir(tmp_path, {"b": TEXT, "a": TEXT})
    monkeypatch.chdir(tmp_path)
    assert invoke("extract").exit_code == 0
    edited = (folder / "sources.csv").read_text(encoding="utf-8").replace("b,b.txt,", '"b","b.txt",')
    (folder / "sources.csv").write_text(edited, encoding="utf-8")
    (folder / "a.txt").write_text(TEXT + "\n", encoding="utf-8")  # a new line at the end: quotes still stand
    invoke("check", "--fix")
    after = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert after[1] == edited.splitlines()[1]  # b: as the person wrote it
    assert after[2] != edited.splitlines()[2]  # a: its new hash


def test_a_planted_link_at_the_temporary_name_is_not_written_through(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    os.symlink(victim, folder / ".article.txt.tmp")
    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    assert invoke("sources", "add", tmp_path / "article.txt", "--sources", folder, "--language", "fr").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert (folder / "article.txt").read_text(encoding="utf-8") == TEXT


def test_an_unlisted_link_to_a_file_elsewhere_is_refused(tmp_path):
    folder = write_source_dir(tmp_path, {"a": TEXT})
    secret = tmp_path / "secret.txt"
    secret.write_text("Le mot de passe est 1234.", encoding="utf-8")
    os.symlink(secret, folder / "leak.txt")
    result = invoke("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert result.exit_code == 2 and "outside the sources folder" in result.output


@pytest.mark.parametrize("published", ["2022-13-45", "2022-02-30", "2022-00"])
def test_an_impossible_date_is_refused(tmp_path, published):
    folder = write_source_dir(tmp_path, {"a": TEXT}, published=published)
    result = invoke("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert result.exit_code == 2 and "sources.csv:2:" in result.output and published in result.output


def test_two_rows_naming_one_file_are_refused(tmp_path):
    folder = write_source_dir(tmp_path, {"a": TEXT})
    lines = (folder / "sources.csv").read_text(encoding="utf-8").splitlines()
    lines.append(lines[1].replace("a,a.txt", "b,a.txt", 1))
    (folder / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert result.exit_code == 2 and "sources.csv:3:" in result.output and "listed already on row 2" in result.output


@pytest.mark.parametrize("quote", ["voir https://example.org/x", "sur www.example.org", "FTP://host/file"])
def test_bare_urls_in_markdown_cells_do_not_link(quote):
    cell = _md_cell(quote)
    assert "://" not in cell.replace("\u200b://", "") and "www." not in cell
    assert cell.replace("\u200b", "") == quote
