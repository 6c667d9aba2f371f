from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "sources"


def write_source_dir(tmp_path: Path, texts: dict[str, str], published: str = "2022-01", language: str = "fr") -> Path:
    """A sources/ folder with a manifest for the given {source_id: text}."""
    folder = tmp_path / "sources"
    folder.mkdir()
    lines = ["source_id,file,title,author,outlet,url,language,published,retrieved,sha256"]
    import hashlib
    for sid, text in texts.items():
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lines.append(f"{sid},{sid}.txt,,,,,{language},{published},,{digest}")
    (folder / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def seed_copy(tmp_path):
    """A copy of the repository's sources/ in tmp_path."""
    import shutil
    target = tmp_path / "sources"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def seed_project(seed_copy, monkeypatch):
    """The working folder, a copy of the seeds run once (claims.csv, events.csv, reports/)."""
    from click.testing import CliRunner
    from provenance.cli import main
    monkeypatch.chdir(seed_copy.parent)
    assert CliRunner().invoke(main, ["run"]).exit_code == 0
    return seed_copy.parent


@pytest.fixture(autouse=True)
def _as_on_a_persons_machine(monkeypatch, tmp_path_factory):
    """The tests say what happens on a person's machine (the cache on); those about CI set CI.
    The person's own cache folder (the key that marks their caches) is one of the test run's."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))


def csv_rows(path: Path) -> list[dict]:
    """A CSV file's rows, as a person's editor sees them."""
    import csv
    import io
    return list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))


def write_csv_rows(path: Path, rows: list[dict]) -> None:
    """Rows written back as a spreadsheet would, the columns of the first row in their order."""
    import csv
    import io
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture
def chromium():
    """Debian's chromium, driven by Playwright; the test is skipped, with the reason, where
    either is missing (.ci/run installs both)."""
    import shutil
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("no chromium on this machine (Debian package: chromium; .ci/run installs it)")
    from playwright import sync_api  # a test dependency: missing, the install is broken and the test fails
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


def watched(page):
    """The page, with the dialogs it opened and the script errors it raised collected."""
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def read_claims(path: Path):
    """claims.csv as the comparison reads it: the table of strings."""
    from provenance.claims.table import read_claims_file
    return read_claims_file(path).frame


def served_page(project, chromium):
    """A page in chromium on the review app of `project`, served on 127.0.0.1 by uvicorn, its
    console errors collected (`page.console`) and its address in `page.base`; a generator for
    fixtures to yield from, stopping the server after."""
    import threading
    import time

    import uvicorn
    from provenance.serve import create_app
    server = uvicorn.Server(uvicorn.Config(create_app(project), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    page = watched(chromium.new_page())
    page.console = []
    page.on("console", lambda m: page.console.append(m.text) if m.type == "error" else None)
    page.base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    yield page
    server.should_exit = True
    thread.join(timeout=10)
