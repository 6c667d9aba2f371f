"""Hostile and odd input: fuzzing, kills mid-write, concurrent runs, encodings, big files.

The fuzz tests run a bounded number of examples; PROVENANCE_FUZZ_EXAMPLES raises it
(e.g. 5000) for a longer run. PROVENANCE_KILLS sets how many times `provenance run` is killed.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from provenance.claims.table import write_claims
from conftest import read_claims
from provenance.cli import main
from provenance.plumbing.errors import ProvenanceError
from provenance.extraction.engine import extract_claims
from provenance.extraction.language import find_figures
from provenance.sources.manifest import load_sources

from conftest import SEEDS, write_source_dir

EXAMPLES = int(os.environ.get("PROVENANCE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks like news: digits with every separator, number and cue words, markup
NEWSY = st.lists(st.one_of(
    st.sampled_from(["2 600", "2\u00a0600", "2\u202f600", "17-22 000", "1992", "7 octobre 2002", "January 7, 2022",
                     "plus de", "environ", "au moins", "more than", "about", "entre", "et", "between", "and",
                     "six", "deux", "mille", "un millier et demi", "seventeen", "policiers", "tués", "killed", "blessés",
                     "injured", "OTSC", "CSTO", "fondée en", "founded in", "soldats", "troops", "envoyés", "sent", "(",
                     ")", "[", "](#)", "\t", "\n", ". ", ", ", "«", "»", "’", "chacun", "each", "dont", "including",
                     "Arménie", "Kirghizstan", "Russia", "à Almaty", "-", "/", "+", "%", "<p>", "**", "^{4}"]),
    st.text(max_size=12),
    st.integers(min_value=0, max_value=10**9).map(str),
), max_size=40).map(" ".join)


@FUZZ
@given(text=st.one_of(st.text(max_size=300), NEWSY), lang=st.sampled_from(["fr", "en"]))
def test_figures_never_crash_and_stay_in_the_text(text, lang):
    for f in find_figures(text, lang):
        assert 0 <= f.start <= f.core_start <= f.core_end <= f.end <= len(text)
        assert f.bound in ("exact", "approx", "more_than", "at_least", "less_than", "at_most", "range", "vague")


@FUZZ
@given(text=NEWSY, lang=st.sampled_from(["fr", "en"]))
def test_extraction_never_crashes_and_quotes_are_verbatim(text, lang):
    for c in extract_claims("fuzz", text, lang, "2022-01"):
        assert text[c.start:c.end] == c.quote and c.quote


CSV_CELL = st.one_of(st.text(max_size=20), st.sampled_from(["a", "a.txt", "../x", "/etc/passwd", "fr", "xx", "2022",
                                                             "", "b.txt", "\"", "\n", ","]))


@pytest.mark.slow
@FUZZ
@given(rows=st.lists(st.lists(CSV_CELL, min_size=0, max_size=12), max_size=5),
       header=st.sampled_from(["source_id,file,language,published", "source_id,file", "file", ""]),
       raw=st.binary(max_size=200), use_raw=st.booleans())
@pytest.mark.filterwarnings("ignore::provenance.sources.manifest.SourceWarning")
def test_manifest_reader_fails_only_with_its_own_error(rows, header, raw, use_raw):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sources"
        folder.mkdir()
        (folder / "a.txt").write_text("L'OTSC a été fondée en 1992.", encoding="utf-8")
        (folder / "b.txt").write_bytes(b"\xff\xfe\x00bad")
        content = raw if use_raw else (header + "\n" + "\n".join(",".join(r) for r in rows)).encode("utf-8")
        (folder / "sources.csv").write_bytes(content)
        try:
            load_sources(folder)
        except ProvenanceError as e:
            assert str(e)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8"))))
def test_claims_reader_fails_only_with_its_own_error(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.csv"
        path.write_bytes(raw)
        try:
            read_claims(path)
        except ProvenanceError as e:
            assert str(e)


COLUMNS = ("claim_id,source_id,subject,attribute,qualifiers,value,value_low,value_high,bound,unit,quote,start,end,"
           "method,confidence,status,note")


@settings(max_examples=max(20, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(st.one_of(CSV_CELL, st.sampled_from(["exact", "extracted", "manual", "0", "5", "-3",
                                                                    "1e9", "nan", "killed", "a", "1992-13-45"])),
                              min_size=0, max_size=18), max_size=4),
       header=st.sampled_from([COLUMNS, COLUMNS.replace(",bound", ""), "claim_id", ""]))
@pytest.mark.slow
def test_check_never_crashes(rows, header):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_source_dir(tmp, {"a": "L'OTSC a été fondée en 1992. Au moins 17 policiers ont été tués."})
        body = header + "\n" + "\n".join(",".join(r) for r in rows)
        (tmp / "claims.csv").write_text(body, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", "--claims", str(tmp / "claims.csv"), "--sources",
                                           str(tmp / "sources"), "--baseline", str(tmp / "accepted.csv")])
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        if result.exit_code == 2:
            assert "Error:" in result.output or "bad-input" in result.output


# -- kills mid-write -----------------------------------------------------------------------------------
def _snapshot(project: Path) -> tuple[bytes, dict[str, bytes]]:
    reports = project / "reports"
    files = {p.name: p.read_bytes() for p in sorted(reports.iterdir()) if p.is_file()} if reports.is_dir() else {}
    return (project / "claims.csv").read_bytes(), files


def _run(project: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "provenance", "run"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.slow
def test_sigkill_leaves_old_or_new_never_half(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(SEEDS, project / "sources")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    assert subprocess.run([sys.executable, "-m", "provenance", "run"], cwd=project, env=env,
                          capture_output=True).returncode == 0
    # a person's decisions
    table = read_claims(project / "claims.csv")
    table.at[0, "status"], table.at[0, "note"] = "confirmed", "checked by the desk"
    table.at[1, "status"] = "rejected"
    write_claims(table, project / "claims.csv")
    decided = {table.at[0, "claim_id"]: "confirmed", table.at[1, "claim_id"]: "rejected"}
    old = _snapshot(project)
    # the sources change: a new article with new figures
    (project / "sources" / "extra.txt").write_text("L'OTSC a été fondée en 2010. Au moins 40 policiers ont été tués.",
                                                   encoding="utf-8")
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    assert subprocess.run([sys.executable, "-m", "provenance", "run"], cwd=reference, env=env,
                          capture_output=True).returncode == 0
    new = _snapshot(reference)
    assert new != old
    start = time.time()
    assert _run(project, env).wait() == 0
    duration = time.time() - start
    rng = random.Random(7)
    kills = int(os.environ.get("PROVENANCE_KILLS", "12"))
    seen = {"old": 0, "new": 0}
    for _ in range(kills):
        (project / "claims.csv").write_bytes(old[0])
        shutil.rmtree(project / "reports")
        (project / "reports").mkdir()
        for name, data in old[1].items():
            (project / "reports" / name).write_bytes(data)
        proc = _run(project, env)
        time.sleep(rng.uniform(0.05, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        claims, reports = _snapshot(project)
        assert claims in (old[0], new[0])
        assert reports in (old[1], new[1])
        seen["old" if claims == old[0] else "new"] += 1
        table = read_claims(project / "claims.csv")
        for cid, status in decided.items():
            assert table.loc[table["claim_id"] == cid, "status"].tolist() == [status]
    print(f"killed {kills} runs: {seen['old']} left the old version, {seen['new']} the new one")
    # the lock of a killed run does not stay: a new run completes
    assert _run(project, env).wait() == 0
    assert _snapshot(project) == new


def test_second_run_waits_then_fails_clearly(tmp_path, monkeypatch):
    from filelock import FileLock
    write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROVENANCE_LOCK_TIMEOUT", "0.3")
    with FileLock(str(tmp_path / ".provenance.lock")):
        result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2
    assert "another provenance command" in result.output and ".provenance.lock" in result.output
    assert not (tmp_path / "claims.csv").exists()
    assert CliRunner().invoke(main, ["run"]).exit_code == 0


# -- odd but honest input -------------------------------------------------------------------------------
def _extract(tmp_path, raw: bytes):
    folder = write_source_dir(tmp_path, {"a": "placeholder"})
    (folder / "a.txt").write_bytes(raw)
    result = CliRunner().invoke(main, ["extract", "--sources", str(folder), "--out", str(tmp_path / "claims.csv")])
    return result, read_claims(tmp_path / "claims.csv") if (tmp_path / "claims.csv").exists() else None


def test_bom_and_crlf_are_read(tmp_path):
    raw = "\ufeffL'OTSC a été fondée en 1992.\r\nAu moins 17 policiers ont été tués.\r\n".encode("utf-8")
    result, table = _extract(tmp_path, raw)
    assert result.exit_code == 0, result.output
    text = raw.decode("utf-8")[1:]
    assert set(table["attribute"]) == {"founded", "killed"}
    for row in table.to_dict("records"):
        assert text[int(row["start"]):int(row["end"])] == row["quote"]


def test_windows_1252_is_converted_with_a_warning(tmp_path):
    raw = "L'OTSC a été fondée en 1992 ; 17 policiers ont été tués à Almaty – selon l’AFP.".encode("cp1252")
    result, table = _extract(tmp_path, raw)
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.output
    assert set(table["attribute"]) == {"founded", "killed"}
    check = CliRunner().invoke(main, ["check", "--claims", str(tmp_path / "claims.csv"), "--sources",
                                      str(tmp_path / "sources"), "--baseline", str(tmp_path / "accepted.csv")])
    assert "[drifted]" not in check.output and "[orphaned]" not in check.output


def test_binary_file_is_refused(tmp_path):
    result, _ = _extract(tmp_path, bytes(range(256)) * 4)
    assert result.exit_code == 2 and "sources.csv:2:" in result.output


def test_empty_claims_file_is_read_as_no_claims(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    (tmp_path / "claims.csv").write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--sources", str(folder), "--out", str(tmp_path / "claims.csv")])
    assert result.exit_code == 0, result.output
    assert len(read_claims(tmp_path / "claims.csv")) == 1


@pytest.mark.slow
def test_large_source(tmp_path):
    """A large source is read in one piece (PROVENANCE_BIG_MB sets its size; 50 for the full test)."""
    megabytes = float(os.environ.get("PROVENANCE_BIG_MB", "3"))
    paragraph = (SEEDS / "rbth-litovkine.txt").read_text(encoding="utf-8")
    copies = int(megabytes * 1_000_000 / len(paragraph.encode("utf-8"))) + 1
    result, table = _extract(tmp_path, ("\n".join([paragraph] * copies)).encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert len(table) >= copies * 5


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="/proc and PR_SET_PDEATHSIG")
def test_workers_die_with_their_parent(tmp_path):
    """`kill -9` on `run --jobs 2` leaves no worker behind."""
    import signal
    import time
    text = (SEEDS / "france24-afp.txt").read_text(encoding="utf-8") * 40
    write_source_dir(tmp_path, {f"s{i:02d}": text for i in range(40)})
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    parent = subprocess.Popen([sys.executable, "-m", "provenance", "extract", "--jobs", "2", "--no-cache"],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> set[int]:
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent.pid:
                found.add(int(stat.parent.name))
        return found

    deadline = time.time() + 60
    while len(children()) < 2 and time.time() < deadline and parent.poll() is None:
        time.sleep(0.05)
    workers = children()
    assert len(workers) >= 2, "the workers did not start"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(Path(f"/proc/{pid}").exists() and
                                         "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2:3]
                                         for pid in workers if Path(f"/proc/{pid}/stat").exists()):
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}/stat").exists()
             and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []


def _aside_by_scanning(view: str, start: int, core_start: int, core_end: int, end: int):
    """The aside as it was found before the sentence index: a scan back to the sentence start."""
    import re
    depth, open_at = 0, None
    for i in range(core_start - 1, start - 1, -1):
        if view[i] == ")":
            depth += 1
        elif view[i] == "(":
            if depth == 0:
                open_at = i
                break
            depth -= 1
    if open_at is None:
        return None
    close = view.find(")", core_end, end)
    close = end if close < 0 else close
    if not re.search(r"[^\W\d_]{3,}", view[open_at + 1:core_start] + view[core_end:close]):
        return None
    return (open_at, close)


@FUZZ
@given(text=st.lists(st.sampled_from(["(", ")", "1992", "2 500", "qui", "a", " ", "membre", "de", ","]),
                     max_size=30).map("".join))
def test_the_sentence_index_finds_the_aside_the_scan_found(text):
    """The linear-time aside (one index per sentence) answers as the quadratic scan did."""
    from provenance.extraction.document import Document
    from provenance.extraction.resolve import aside
    doc = Document("x", text, "fr")
    for sent in doc.sentences:
        for fig in doc.figures:
            if sent.start <= fig.core_start < sent.end:
                expected = _aside_by_scanning(doc.view, sent.start, fig.core_start, fig.core_end, sent.end)
                assert aside(doc, sent, fig) == expected


BOMB_CAP = 2_000_000  # PROVENANCE_PDF_MAX_BYTES in these tests: what a bomb may inflate to before it is refused


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """Decompression bombs of a few hundred KB: one page inflating to 200 MB (its text read by
    pypdf, or skipped for want of resources), and four pages each under the cap, over it together."""
    from pdfmaker import bomb_pdf
    return {"one-page": bomb_pdf(200 << 20), "one-page-no-resources": bomb_pdf(200 << 20, resources=False),
            "pages-together": bomb_pdf(BOMB_CAP // 3, pages=4)}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["one-page", "one-page-no-resources", "pages-together"])
def test_a_pdf_decompression_bomb_is_refused_and_leaves_no_trace(tmp_path, monkeypatch, bombs, kind):
    """`sources add bomb.pdf`: exit 2, the PDF named as too large to decompress (not as a scan
    without text), and the project folder as it was: no sources/ folder, no lock file."""
    (tmp_path / "bomb.pdf").write_bytes(bombs[kind])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", "bomb.pdf"], env={"PROVENANCE_PDF_MAX_BYTES": str(BOMB_CAP)})
    assert result.exit_code == 2, result.output
    assert "bomb.pdf: this PDF's content is too large to decompress" in result.output
    assert "no text layer" not in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.pdf"]


def test_a_real_pdf_is_well_under_the_bomb_cap(tmp_path, monkeypatch):
    from pdfmaker import make_pdf
    lines = (SEEDS / "france24-afp.txt").read_text(encoding="utf-8").splitlines()
    (tmp_path / "article.pdf").write_bytes(make_pdf([], pages=[lines[i:i + 40] for i in range(0, len(lines), 40)]))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", "article.pdf", "--language", "fr"],
                                env={"PROVENANCE_PDF_MAX_BYTES": str(BOMB_CAP)})
    assert result.exit_code == 0, result.output
