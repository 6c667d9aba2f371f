"""`provenance sources add https://…`: a page fetched once, archived as it was answered.

The fetch has a timeout for the whole download (not only for each read: a server that drips a
byte a second never lets a read time out), a size limit and a user agent; it follows redirects
only to http(s) addresses; any failure (no network, a 404, a timeout, too large, not a page) is
bad input that names the URL, and nothing is written.
"""
from __future__ import annotations

import http.client
import os
import socket
import tempfile
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..plumbing import ProvenanceError, count, seconds

TIMEOUT = 20.0                      # seconds; $PROVENANCE_FETCH_TIMEOUT
MAX_BYTES = 20 * 1024 * 1024        # $PROVENANCE_FETCH_MAX_BYTES
USER_AGENT = "provenance/0.1 (claim-and-source tracker; +https://pypi.org/project/provenance/)"


def is_url(text: str) -> bool:
    return str(text).lower().startswith(("http://", "https://"))


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise ProvenanceError(f"redirected to an address that is not http(s) ({newurl!r})", file=req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True)
class Fetched:
    path: Path          # the body, in a temporary file (the caller removes it)
    final_url: str
    status: int
    date: str           # the answer's Date header


def _limits() -> tuple[float, int]:
    return (seconds("PROVENANCE_FETCH_TIMEOUT", TIMEOUT), count("PROVENANCE_FETCH_MAX_BYTES", MAX_BYTES))


class _Deadline:
    """The sockets of one fetch, shut down when its time is up: a read blocked on a slow server
    then returns, and `expired` says why."""

    def __init__(self, seconds: float):
        self._expired = threading.Event()
        self._sockets: list[socket.socket] = []
        self._guard = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        return self._expired.is_set()

    def _expire(self) -> None:
        with self._guard:
            self._expired.set()
            for sock in self._sockets:
                _shut(sock)

    def watch(self, sock: socket.socket) -> None:
        with self._guard:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def connection(self, http_class: type) -> type:
        """`http_class` whose sockets this deadline watches once connected."""
        deadline = self

        class Watched(http_class):
            def connect(self):
                super().connect()
                deadline.watch(self.sock)
        return Watched


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Watching:
    """A handler whose connections a _Deadline watches."""
    deadline: _Deadline

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(self.deadline.connection(http_class), req, **kwargs)


class _WatchedHttp(_Watching, urllib.request.HTTPHandler):
    pass


class _WatchedHttps(_Watching, urllib.request.HTTPSHandler):
    pass


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    handlers = [_WatchedHttp(), _WatchedHttps()]
    for handler in handlers:
        handler.deadline = deadline
    return urllib.request.build_opener(_HttpOnly(), *handlers)


def fetch(url: str) -> Fetched:
    """The page at `url`, in a temporary .html file."""
    timeout, limit = _limits()
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    with _Deadline(timeout) as deadline:
        try:
            with _opener(deadline).open(request, timeout=timeout) as answer:
                body = _read(answer, limit)
                final, status, date = answer.geturl(), answer.status, answer.headers.get("Date", "")
        except urllib.error.HTTPError as e:
            if 300 <= e.code < 400:  # urllib refuses a redirect out of http(s) itself
                raise ProvenanceError(f"redirected to an address that is not http(s) ({e.reason})", file=url) from None
            raise ProvenanceError(f"the server answered {e.code} {e.reason}", file=url) from None
        except (OSError, http.client.HTTPException) as e:
            if deadline.expired:
                raise ProvenanceError(f"could not fetch it within {timeout:g} s (PROVENANCE_FETCH_TIMEOUT)",
                                      file=url) from None
            if isinstance(e, urllib.error.URLError):
                raise ProvenanceError(f"could not fetch it ({e.reason}); is there a network? (or save the page "
                                      f"and add the file)", file=url) from None
            raise ProvenanceError(f"could not fetch it ({e or 'timed out'}, limit {timeout:g} s)", file=url) from None
        if deadline.expired:  # the server closed the connection just as the time was up
            raise ProvenanceError(f"could not fetch it within {timeout:g} s (PROVENANCE_FETCH_TIMEOUT)", file=url)
    if len(body) > limit:
        raise ProvenanceError(f"the answer is larger than {limit} bytes (PROVENANCE_FETCH_MAX_BYTES)", file=url)
    fd, tmp = tempfile.mkstemp(suffix=".html")
    with os.fdopen(fd, "wb") as out:
        out.write(body)
    return Fetched(Path(tmp), final, status, date)


def _read(answer, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the answer, read as they come."""
    chunks, size = [], 0
    while size <= limit:
        chunk = answer.read1(min(65536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
