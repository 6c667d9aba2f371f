"""`sources add URL`: a page fetched from a local server on 127.0.0.1 (never the internet):
archived and read like a saved page; a redirect followed; a 404, a timeout, an oversized answer
and a redirect out of http(s) each a clear error, exit 2, nothing written."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from conftest import SEEDS, csv_rows
from provenance.cli import main

pytest.importorskip("trafilatura", reason="trafilatura is not installed")

TEXT = (SEEDS / "france24-afp.txt").read_text(encoding="utf-8")
PAGE = ("<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'><title>L'OTSC au Kazakhstan</title>"
        "<meta property='og:site_name' content='France 24'></head><body><nav><a href='/'>Accueil</a></nav><article>"
        + "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n") if p.strip()) + "</article></body></html>").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/article":
            self._answer(200, PAGE)
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._answer(200, PAGE)
        else:
            self._answer(404, b"not here")

    def _answer(self, code: int, body: bytes) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # the client gave up (the timeout test): said quietly, since a traceback printed from
            # this thread seconds later would land in whichever test is capturing stderr then
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_is_fetched_archived_and_read_as_a_page(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", f"{site}/old", "--id", "f24"])
    assert result.exit_code == 0, result.output
    (row,) = csv_rows(tmp_path / "sources" / "sources.csv")
    assert row["url"] == f"{site}/article" and row["outlet"] == "France 24" and row["retrieved"]
    assert (tmp_path / "sources" / "raw" / "f24.html").read_bytes() == PAGE
    assert "2002" in (tmp_path / "sources" / "f24.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("path,env,words", [
    ("/missing", {}, "answered 404"),
    ("/slow", {"PROVENANCE_FETCH_TIMEOUT": "0.5"}, "could not fetch"),
    ("/article", {"PROVENANCE_FETCH_MAX_BYTES": "100"}, "larger than 100 bytes"),
    ("/elsewhere", {}, "redirected to an address that is not http(s)"),
])
def test_a_failed_fetch_is_a_clear_error_and_writes_nothing(site, tmp_path, monkeypatch, path, env, words):
    monkeypatch.chdir(tmp_path)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(main, ["sources", "add", f"{site}{path}"])
    assert result.exit_code == 2 and words in result.output and f"{site}{path}" in result.output
    assert not (tmp_path / "sources").exists()


def test_no_network_is_a_clear_error(tmp_path, monkeypatch):
    """A port nothing listens on stands for a machine without a network."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", f"http://127.0.0.1:{port}/x"])
    assert result.exit_code == 2 and "could not fetch it" in result.output and "network" in result.output
