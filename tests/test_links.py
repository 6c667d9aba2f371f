"""A link in the project (a pull request can commit one) never makes the tool write or delete a
file outside it: `sources add` and `sources remove` refuse a link on the way (sources/, raw/,
the file itself), and `check` names a linked sources/raw or archived page."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main

PAGE = Path(__file__).parent / "data" / "pages" / "wikimedia-turkey-press-release.html"
THEIRS = b"someone else's file, outside the project\n"



def invoke(*args):
    return CliRunner().invoke(main, [*map(str, args)])


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with one saved page added, and a folder outside it holding a file of someone else's."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    shutil.copy(PAGE, root / "page.html")
    assert invoke("sources", "add", "page.html", "--id", "wm").exit_code == 0
    assert invoke("run").exit_code == 0
    (tmp_path / "outside").mkdir()
    return root


def _link_raw_folder(root: Path) -> Path:
    """sources/raw made a link to a folder outside, which holds the archived page and a file of someone else's."""
    outside = root.parent / "outside"
    shutil.move(root / "sources" / "raw" / "wm.html", outside / "wm.html")
    (root / "sources" / "raw").rmdir()
    os.symlink(outside, root / "sources" / "raw")
    return outside


def _link_archived_page(root: Path) -> Path:
    outside = root.parent / "outside"
    shutil.move(root / "sources" / "raw" / "wm.html", outside / "wm.html")
    os.symlink(outside / "wm.html", root / "sources" / "raw" / "wm.html")
    return outside


def _link_sources_folder(root: Path) -> Path:
    outside = root.parent / "outside"
    shutil.rmtree(outside)
    shutil.move(root / "sources", outside)
    os.symlink(outside, root / "sources")
    return outside


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("link, planted", [(_link_raw_folder, "again.html"),  # where the page would be archived
                                           (_link_sources_folder, None)])
def test_sources_add_writes_nothing_through_a_link(project, link, planted):
    outside = link(project)
    if planted:
        (outside / planted).write_bytes(THEIRS)
    before = _files(outside)
    shutil.copy(PAGE, project / "again.html")
    result = invoke("sources", "add", "again.html", "--id", "again")
    assert result.exit_code == 2, result.output
    assert "is a link" in result.output and "Traceback" not in result.output
    assert _files(outside) == before


def test_sources_add_refuses_an_archived_file_that_is_a_link(project):
    outside = project.parent / "outside"
    (outside / "again.html").write_bytes(THEIRS)
    os.symlink(outside / "again.html", project / "sources" / "raw" / "again.html")
    shutil.copy(PAGE, project / "again.html")
    result = invoke("sources", "add", "again.html", "--id", "again")
    assert result.exit_code == 2, result.output
    assert "sources/raw/again.html: is a link" in result.output
    assert (outside / "again.html").read_bytes() == THEIRS
    assert not (project / "sources" / "again.txt").exists()


@pytest.mark.parametrize("link, refused", [(_link_raw_folder, True), (_link_sources_folder, True),
                                           (_link_archived_page, False)])  # the link is removed, not its file
def test_sources_remove_deletes_nothing_through_a_link(project, link, refused):
    outside = link(project)
    before = _files(outside)
    result = invoke("sources", "remove", "wm")
    assert result.exit_code == (2 if refused else 0), result.output
    assert ("is a link" in result.output) == refused
    assert _files(outside) == before


def test_sources_remove_deletes_no_archived_file_outside_the_sources_folder(project):
    manifest = project / "sources" / "sources.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("raw/wm.html", "../claims.csv"),
                        encoding="utf-8")
    before = (project / "claims.csv").read_bytes()
    result = invoke("sources", "remove", "wm")
    assert result.exit_code == 2, result.output
    assert "lies outside" in result.output
    assert (project / "claims.csv").read_bytes() == before


@pytest.mark.parametrize("link, where", [(_link_raw_folder, "sources/raw: error [linked-file]: a link"),
                                         (_link_archived_page, "[linked-file]: wm: sources/raw/wm.html is a link")])
def test_check_names_a_linked_archive(project, link, where):
    assert invoke("check").exit_code == 0
    link(project)
    result = invoke("check")
    assert result.exit_code == 1, result.output
    assert where in result.output


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_check_reads_nothing_through_a_linked_archive(project):
    """The archived page linked to something outside the project (here a pipe nobody writes to):
    check names the link, and neither reads its target nor judges it as the page."""
    outside = project.parent / "outside" / "endless"
    os.mkfifo(outside)
    page = project / "sources" / "raw" / "wm.html"
    page.unlink()
    os.symlink(outside, page)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    done = subprocess.run([sys.executable, "-m", "provenance", "check"], cwd=project, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[linked-file]" in done.stdout and "is missing" not in done.stdout
