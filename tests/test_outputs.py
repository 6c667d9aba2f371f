"""Outputs only ever replace what the tool itself wrote; odd paths and settings are bad input
(exit 2, a message), never a traceback."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main

from conftest import SEEDS

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "sources")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 0, result.output
    return tmp_path


def invoke(*args, **env):
    return CliRunner().invoke(main, [*map(str, args)], env=env or None)


def refused(result, *words):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for w in words:
        assert w in result.output


@pytest.mark.slow
def test_reports_into_the_project_folder_are_refused(project):
    (project / ".gitignore").write_text("x\n", encoding="utf-8")
    (project / ".git").mkdir()
    refused(invoke("compare", "--out", project), "provenance did not write")
    assert (project / ".gitignore").exists() and (project / ".git").is_dir() and (project / "sources").is_dir()


def test_reports_onto_a_file_are_refused(project):
    before = (project / "claims.csv").read_bytes()
    refused(invoke("compare", "--out", project / "claims.csv"), "not a folder")
    assert (project / "claims.csv").read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("found", [
    {"index.html": "<h1>our site</h1>"},                                   # one file with a report's name
    {"index.html": "<h1>our site</h1>", "style.css": "h1 {}"},
    {"discrepancies.json": "{}", "discrepancies.md": "ours", "discrepancies.csv": "a\n", "index.html": "ours"},
    {".provenance-files": "discrepancies.json\n", "index.html": "<h1>our site</h1>"},  # listed, but not this one
])
def test_reports_never_take_over_a_folder_the_tool_did_not_make(project, found):
    site = project / "site"
    site.mkdir()
    for name, text in found.items():
        (site / name).write_text(text, encoding="utf-8")
    refused(invoke("compare", "--out", site), "provenance did not write", "site")
    assert {p.name: p.read_text(encoding="utf-8") for p in site.iterdir()} == found


@pytest.mark.slow
@pytest.mark.parametrize("found", [None, {}, {"accepted.csv": "discrepancy_id,reason\nd-1,ok\n"}])
def test_reports_go_into_a_new_or_empty_folder(project, found):
    site = project / "site"
    if found is not None:
        site.mkdir()
        for name, text in found.items():
            (site / name).write_text(text, encoding="utf-8")
    assert invoke("compare", "--out", site).exit_code == 0
    assert (site / "index.html").exists()
    assert invoke("compare", "--out", site).exit_code == 0  # and again: the folder is the tool's now


def test_dotfiles_and_files_of_others_survive_a_run(project):
    (project / "reports" / ".nojekyll").write_text("", encoding="utf-8")
    (project / "reports" / "README.md").write_text("our notes", encoding="utf-8")
    (project / "reports" / "accepted.csv").write_text("discrepancy_id,reason\nd-1,ok\n", encoding="utf-8")
    assert invoke("run").exit_code == 0
    assert (project / "reports" / ".nojekyll").exists()
    assert (project / "reports" / "README.md").read_text(encoding="utf-8") == "our notes"
    assert "d-1,ok" in (project / "reports" / "accepted.csv").read_text(encoding="utf-8")
    assert "index.html" in (project / "reports" / ".provenance-files").read_text(encoding="utf-8")


def test_a_reports_folder_holding_only_the_baseline_is_written(tmp_path, monkeypatch):
    """A repository that commits reports/accepted.csv but not the generated reports: a fresh
    clone's first run writes the reports beside the baseline, which stays as it was."""
    shutil.copytree(SEEDS, tmp_path / "sources")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "accepted.csv").write_text("discrepancy_id,reason\nd-1,ok\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("run").exit_code == 0
    assert (tmp_path / "reports" / "index.html").exists()
    assert (tmp_path / "reports" / "accepted.csv").read_text(encoding="utf-8") == "discrepancy_id,reason\nd-1,ok\n"


@pytest.mark.slow
def test_concurrent_compares_into_one_folder_wait_for_each_other(project):
    (project / "reports" / "accepted.csv").write_text("discrepancy_id,reason\nd-1,ok\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=SRC, SOURCE_DATE_EPOCH="1700000000")
    runs = [subprocess.Popen([sys.executable, "-m", "provenance", "compare"], cwd=project, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=300)[1].decode() for p in runs]
    assert [p.returncode for p in runs] == [0, 0, 0, 0], errors
    assert "d-1,ok" in (project / "reports" / "accepted.csv").read_text(encoding="utf-8")
    json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))


def _contradiction(project) -> str:
    data = json.loads((project / "reports" / "discrepancies.json").read_text(encoding="utf-8"))
    return next(d["id"] for d in data["discrepancies"] if d["kind"] == "contradiction")


def test_accept_keeps_every_row_and_column_of_the_baseline(project):
    baseline = project / "reports" / "accepted.csv"
    baseline.write_text("discrepancy_id,reason,reviewer\nd-1,first look,ana\nd-1,second look,ben\n", encoding="utf-8")
    did = _contradiction(project)
    assert invoke("accept", did, "--reason", "both figures reported").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(baseline.read_text(encoding="utf-8"))))
    assert [(r["discrepancy_id"], r["reason"], r["reviewer"]) for r in rows[:2]] == \
        [("d-1", "first look", "ana"), ("d-1", "second look", "ben")]
    assert (rows[2]["discrepancy_id"], rows[2]["reason"]) == (did, "both figures reported")


def test_accept_does_not_overwrite_a_reason_unless_asked(project):
    did = _contradiction(project)
    assert invoke("accept", did, "--reason", "first").exit_code == 0
    refused(invoke("accept", did, "--reason", "second"), "accepted already", "first", "--replace")
    assert invoke("accept", did, "--reason", "second", "--replace").exit_code == 0
    assert "second" in (project / "reports" / "accepted.csv").read_text(encoding="utf-8")


def test_a_folder_where_a_file_should_be_is_bad_input(project):
    (project / "folder").mkdir()
    refused(invoke("check", "--claims", project / "folder"), "not a file")
    refused(invoke("check", "--baseline", project / "folder"), "folder")
    refused(invoke("check", "--output", project / "folder"), "folder")
    refused(invoke("compare", "--claims", project / "folder"), "not a file")


def test_a_lock_file_that_is_a_link_is_bad_input(project):
    (project / ".provenance.lock").unlink(missing_ok=True)
    os.symlink(project / "elsewhere", project / ".provenance.lock")
    refused(invoke("extract"), "lock file is a link")


@pytest.mark.slow
@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-inf", "-1", "1e400"])
def test_a_lock_timeout_that_is_not_a_number_is_bad_input(project, value):
    before = (project / "claims.csv").read_bytes()
    refused(invoke("extract", "--no-cache", PROVENANCE_LOCK_TIMEOUT=value), "PROVENANCE_LOCK_TIMEOUT", repr(value))
    assert (project / "claims.csv").read_bytes() == before


def test_the_lock_timeout_message_names_what_exists(project):
    from provenance.plumbing.atomic import Lock
    with Lock(project / ".provenance.lock"):
        result = invoke("extract", PROVENANCE_LOCK_TIMEOUT="0.2")
    refused(result, "PROVENANCE_LOCK_TIMEOUT")
    assert "--lock-timeout" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE")
def test_a_full_disk_is_bad_input_and_leaves_the_old_file(project):
    before = (project / "claims.csv").read_bytes()
    (project / "claims.csv").unlink()
    limit = "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000)); "
    code = limit + "from provenance.cli import main; main()"
    (project / "claims.csv").write_bytes(before)
    done = subprocess.run([sys.executable, "-c", code, "extract", "--no-cache"], cwd=project,
                          env=dict(os.environ, PYTHONPATH=SRC), capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert (project / "claims.csv").read_bytes() == before


@pytest.mark.slow
def test_a_source_over_its_time_budget_is_named(project):
    result = invoke("extract", "--no-cache", PROVENANCE_SOURCE_BUDGET="0")
    assert result.exit_code == 0
    assert "over the 0 s budget" in result.output and "france24-afp.txt" in result.output


PROJECT_FILES = ["claims.csv", "events.csv", "sources/sources.csv", "sources/rt-zas.txt", "sources/new.json",
                 "reports/accepted.csv", ".claims.csv.cache.sqlite"]


@pytest.mark.slow
@pytest.mark.parametrize("target", PROJECT_FILES)
@pytest.mark.parametrize("command", [["export", "--format", "sqlite"], ["export", "--format", "json"],
                                     ["export", "--format", "csv"], ["check", "--format", "junit"]])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_outputs_never_replace_the_projects_own_files(project, target, command, force):
    (project / "reports" / "accepted.csv").write_text("discrepancy_id,reason\nd-1,ok\n", encoding="utf-8")
    before = _files(project)
    option = "--out" if command[0] == "export" else "--output"
    refused(invoke(*command, option, target, *force), "provenance writes no output over the project's own files")
    assert _files(project) == before


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".provenance.lock"}


EXPORTS = ("sqlite", "json", "csv", "claimreview", "webannotation")
COMMANDS = [["export", "--format", fmt, "--out"] for fmt in EXPORTS] + \
           [["check", "--format", fmt, "--output"] for fmt in ("text", "json", "github", "junit")]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("theirs", [b"our own notes\n", b'{"claims": []}\n', b"SQLite format 3\x00 not really\n"])
def test_outputs_replace_another_file_only_with_force(project, command, theirs):
    (project / "out").write_bytes(theirs)
    refused(invoke(*command, project / "out"), "is not a file this command wrote", "--force")
    assert (project / "out").read_bytes() == theirs
    assert invoke(*command, project / "out", "--force").exit_code in (0, 1)
    assert (project / "out").read_bytes() != theirs


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
def test_outputs_replace_what_the_same_command_wrote(project, command):
    assert invoke(*command, project / "out").exit_code in (0, 1)
    claims = project / "claims.csv"
    claims.write_bytes(claims.read_bytes().replace(b",extracted,", b",rejected,", 1))  # another table
    for again in COMMANDS:
        if again[0] == command[0]:  # any format of the same command, without --force
            result = invoke(*again, project / "out")
            assert result.exit_code in (0, 1), result.output


def _edit_keeping_its_time(path: Path, old: str, new: str) -> None:
    """Edit a file keeping its size and modification time (its ctime and inode tell the edit)."""
    assert len(old) == len(new)
    seen = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))


def _files(folder: Path) -> dict[str, bytes]:
    if folder.is_file():
        return {"": folder.read_bytes()}
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def _foreign_folder(project: Path) -> str:
    (project / "docs").mkdir()
    (project / "docs" / "notes.md").write_text("ours", encoding="utf-8")
    return "docs"


def _a_file(project: Path) -> str:
    (project / "notes.txt").write_text("ours", encoding="utf-8")
    return "notes.txt"


@pytest.mark.slow
@pytest.mark.parametrize("broken", [_foreign_folder, _a_file],
                         ids=lambda f: f.__name__.strip("_"))
def test_a_run_failing_after_claims_csv_says_it_was_written(project, broken):
    """`run` writes claims.csv, then the reports: an error in the second step says that claims.csv
    was written and the reports were not (never "nothing was written" under "wrote claims.csv")."""
    out = broken(project)
    claims_before = (project / "claims.csv").stat().st_ino
    reports_before = _files(project / out)
    result = invoke("run", "--out", out)
    refused(result, "wrote claims.csv", f"(claims.csv written; {out} not written)")
    assert "nothing was" not in result.output
    assert (project / "claims.csv").stat().st_ino != claims_before   # replaced, as said
    assert _files(project / out) == reports_before                    # not written, as said


@pytest.mark.parametrize("keep_time", [False, True])
def test_a_run_failing_before_any_write_says_none_was_written(project, keep_time):
    """A bad row a person typed stops the run before it writes, even an edit that keeps claims.csv's
    size and modification time (the cache's stamp has its ctime and inode too)."""
    if keep_time:
        _edit_keeping_its_time(project / "claims.csv", ",exact,persons,", ",exakt,persons,")
    else:
        (project / "claims.csv").write_text((project / "claims.csv").read_text(encoding="utf-8")
                                            .replace(",exact,persons,", ",exakt,persons,", 1), encoding="utf-8")
    before = (project / "claims.csv").read_bytes(), _files(project / "reports")
    result = invoke("run")
    refused(result, "[bad-bound]", "(claims.csv, reports not written)")
    assert "wrote" not in result.output
    assert ((project / "claims.csv").read_bytes(), _files(project / "reports")) == before


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE")
def test_a_full_disk_while_writing_the_reports_says_claims_csv_was_written(project):
    """A file size limit between claims.csv's size and the reports': claims.csv is written, the
    reports cannot be, and the error says both."""
    reports_before = _files(project / "reports")
    limit = "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (25000, 25000)); "
    assert (project / "claims.csv").stat().st_size < 25000 < (project / "reports" / "index.html").stat().st_size
    code = limit + "from provenance.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, "run", "--no-cache"], cwd=project,
                          env=dict(os.environ, PYTHONPATH=SRC), capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "wrote claims.csv" in done.stdout and "Traceback" not in done.stderr
    assert "(claims.csv written; reports not written)" in done.stderr
    assert _files(project / "reports") == reports_before


def _settings_cases():
    budget = [("PROVENANCE_SOURCE_BUDGET", v, "extract") for v in ("nan", "inf", "-1", "abc", "1e400", "20s")]
    rules = [("PROVENANCE_RULES_PATH", v, "extract") for v in ("no-such-folder", "claims.csv")]
    reviewer = [("PROVENANCE_REVIEWER", v, "accept") for v in ("ev\x1b[2Jil", "Ana\nBen", "Ana\u202eneB")]
    epoch = [("SOURCE_DATE_EPOCH", v, "compare") for v in ("abc", "-1", "1.5", "99999999999999999",
                                                            "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660")]
    pdf = [("PROVENANCE_PDF_MAX_BYTES", v, "sources") for v in ("nan", "0", "-5", "1e9")]
    return budget + rules + reviewer + epoch + pdf


@pytest.mark.slow
@pytest.mark.parametrize("name, value, command", _settings_cases())
def test_a_setting_that_is_not_one_is_bad_input_naming_it(project, name, value, command):
    """Every variable the tool reads: a value it cannot use stops the command (exit 2, the
    variable named) before anything is written, never a silent default nor a traceback."""
    from pdfmaker import make_pdf
    (project / "article.pdf").write_bytes(make_pdf((SEEDS / "france24-afp.txt").read_text(encoding="utf-8")
                                                   .splitlines()[:40]))
    args = {"extract": ["extract", "--no-cache"], "compare": ["compare"],
            "accept": ["accept", _contradiction(project), "--reason", "both reported"],
            "sources": ["sources", "add", "article.pdf", "--language", "fr"]}[command]
    before = _project_files(project)
    result = invoke(*args, **{name: value})
    refused(result, name)
    assert _project_files(project) == before


def _project_files(project: Path) -> dict[Path, bytes]:
    """Every file of the project but the tool's own dotfiles (its cache, its lock), as bytes."""
    return {p.relative_to(project): p.read_bytes() for p in project.rglob("*") if p.is_file() and not p.name.startswith(".")}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE")
def test_a_full_disk_while_adding_sources_says_which_were_added(tmp_path):
    """`sources add a.txt b.txt` where b.txt cannot be written: a.txt's source is complete and the
    error says one of two was added before it."""
    text = (SEEDS / "france24-afp.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text * 20, encoding="utf-8")
    assert len(text) < 20000 < len(text * 20)
    code = "import resource; resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000)); " \
           "from provenance.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, "sources", "add", "a.txt", "b.txt", "--language", "fr"],
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=SRC), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 2, done.stderr
    assert "added a " in done.stdout and "(1 of 2 added before this error; each one complete)" in done.stderr
    assert [r["source_id"] for r in csv.DictReader(io.StringIO((tmp_path / "sources" / "sources.csv")
                                                               .read_text(encoding="utf-8")))] == ["a"]
    assert sorted(p.name for p in (tmp_path / "sources").iterdir()) == ["a.txt", "sources.csv"]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("command", [["export", "--format", "sqlite"], ["export", "--format", "csv"],
                                     ["check", "--format", "junit"]])
def test_an_output_that_is_a_pipe_a_device_or_a_folder_is_never_replaced(project, command):
    """`--out /dev/stdout` or a named pipe was replaced by a regular file (as root, /dev/stdout itself)."""
    os.mkfifo(project / "fifo")
    (project / "folder").mkdir()
    for target in ("fifo", "folder"):
        option = "--output" if command[0] == "check" else "--out"
        refused(invoke(*command, option, project / target, "--force"), "is not a regular file")
    assert (project / "fifo").is_fifo() and (project / "folder").is_dir()


def test_a_dash_is_standard_output(project):
    result = invoke("export", "--format", "csv", "--out", "-")
    assert result.exit_code == 0 and result.output.startswith("claim_id,")
    assert not (project / "-").exists()
    refused(invoke("export", "--format", "sqlite", "--out", "-"), "give --out FILE")


@pytest.mark.slow
def test_a_reader_that_goes_away_is_no_error_and_what_was_written_stands(project):
    """`provenance run | head -1`: the run's files are written; no 'Error: Broken pipe (nothing was
    replaced)', no exit 2 (141, as for a command SIGPIPE ended)."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    (project / "claims.csv").unlink()
    run = subprocess.Popen([sys.executable, "-m", "provenance", "run", "--no-cache"], cwd=project, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    run.stdout.readline()
    run.stdout.close()
    errors = run.stderr.read().decode()
    assert run.wait() in (0, 141)
    assert "Broken pipe" not in errors and "Error" not in errors, errors
    assert (project / "claims.csv").is_file() and (project / "reports" / "index.html").is_file()
