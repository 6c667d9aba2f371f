#!/usr/bin/env python3
"""The README's pictures, made anew: the review app and the report, on a copy of the bundled
sources, in Debian's chromium driven by Playwright.

    python docs/make_screenshots.py          # writes docs/*.png
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _datasette(work: Path, page) -> None:
    """The SQLite export opened in datasette, a full-text search on the quotes."""
    import socket
    subprocess.run(["provenance", "export", "--format", "sqlite", "--out", "claims.db"], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["datasette", "serve", "claims.db", "-h", "127.0.0.1", "-p", str(port)], cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                page.goto(f"http://127.0.0.1:{port}/claims/claims?_search=policiers&_sort=claim_id")
                break
            except Exception:  # noqa: BLE001 (the server is starting)
                time.sleep(0.2)
        page.screenshot(path=str(DOCS / "datasette.png"))
    finally:
        server.terminate()


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright
    from provenance.project import Project
    from provenance.serve import create_app
    work = Path(tempfile.mkdtemp(prefix="provenance-shots-"))
    shutil.copytree(ROOT / "sources", work / "sources")
    (work / "reports").mkdir()
    shutil.copy(ROOT / "reports" / "accepted.csv", work / "reports" / "accepted.csv")
    subprocess.run(["provenance", "run"], cwd=work, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    project = Project(work / "claims.csv", work / "sources", work / "reports", work / "reports" / "accepted.csv")
    server = uvicorn.Server(uvicorn.Config(create_app(project), host="127.0.0.1", port=0, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    claim = next(r.split(",")[0] for r in (work / "claims.csv").read_text(encoding="utf-8").splitlines()
                 if r.startswith("rbth-litovkine.killed"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(base + "/?kind=contradiction")
        page.screenshot(path=str(DOCS / "review-findings.png"))
        page.goto(f"{base}/claims/{claim}")
        page.screenshot(path=str(DOCS / "review-claim.png"))
        page.goto((work / "reports" / "index.html").as_uri() + "#subject=Kazakhstan unrest 2022")
        page.wait_for_timeout(300)
        page.screenshot(path=str(DOCS / "report.png"))
        _datasette(work, page)
        browser.close()
    server.should_exit = True
    shutil.rmtree(work, ignore_errors=True)
    print("wrote", ", ".join(p.name for p in sorted(DOCS.glob("*.png"))))


if __name__ == "__main__":
    main()
