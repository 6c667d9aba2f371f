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


DRIPPED = 40     # bytes sent one every 0.2 s: 8 s in all, past a limit of 1 s
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
        elif self.path == "/drip":  # a byte every 0.2 s: no read ever waits long, the download does
            self._answer(200, PAGE, drip=DRIPPED)
        elif self.path == "/drip-headers":
            self._answer(200, PAGE, drip=DRIPPED, headers_too=True)
        else:
            self._answer(404, b"not here")

    def _answer(self, code: int, body: bytes, drip: int = 0, headers_too: bool = False) -> None:
        """The answer; its first `drip` bytes (of the headers, or of the body) one at a time."""
        try:
            head = (f"HTTP/1.0 {code} OK\r\nDate: {self.date_time_string()}\r\n"
                    f"Content-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n").encode("ascii")
            if not headers_too:
                self.wfile.write(head)
                head = b""
            answer = head + body
            for i in range(min(drip, len(answer))):
                self.wfile.write(answer[i:i + 1])
                self.wfile.flush()
                time.sleep(0.2)
            self.wfile.write(answer[drip:])
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


@pytest.mark.slow
def test_a_url_is_fetched_archived_and_read_as_a_page(site, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["sources", "add", f"{site}/old", "--id", "f24"])
    assert result.exit_code == 0, result.output
    (row,) = csv_rows(tmp_path / "sources" / "sources.csv")
    assert row["url"] == f"{site}/article" and row["outlet"] == "France 24" and row["retrieved"]
    assert (tmp_path / "sources" / "raw" / "f24.html").read_bytes() == PAGE
    assert "2002" in (tmp_path / "sources" / "f24.txt").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("path,env,words", [
    ("/missing", {}, "answered 404"),
    ("/slow", {"PROVENANCE_FETCH_TIMEOUT": "0.5"}, "could not fetch"),
    ("/article", {"PROVENANCE_FETCH_MAX_BYTES": "100"}, "larger than 100 bytes"),
    ("/elsewhere", {}, "redirected to an address that is not http(s)"),
    ("/drip", {"PROVENANCE_FETCH_TIMEOUT": "1"}, "within 1 s"),
    ("/drip-headers", {"PROVENANCE_FETCH_TIMEOUT": "1"}, "within 1 s"),
])
def test_a_failed_fetch_is_a_clear_error_and_writes_nothing(site, tmp_path, monkeypatch, path, env, words):
    monkeypatch.chdir(tmp_path)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(main, ["sources", "add", f"{site}{path}"])
    assert result.exit_code == 2 and words in result.output and f"{site}{path}" in result.output
    assert not (tmp_path / "sources").exists()


@pytest.mark.slow
@pytest.mark.parametrize("variable,value", [
    *[(variable, value) for variable in ("PROVENANCE_FETCH_TIMEOUT", "PROVENANCE_FETCH_MAX_BYTES")
      for value in ("nan", "inf", "-1", "abc", "0")],
    ("PROVENANCE_FETCH_MAX_BYTES", "2.5"),
])
def test_a_limit_that_is_not_a_number_is_bad_input(site, tmp_path, monkeypatch, variable, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    result = CliRunner().invoke(main, ["sources", "add", f"{site}/article"])
    assert result.exit_code == 2 and f"{variable}={value!r}" in result.output and "Traceback" not in result.output
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
