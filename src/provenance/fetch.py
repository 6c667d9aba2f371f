"""`provenance sources add https://…`: a page fetched once, archived as it was answered.

The fetch has a timeout, a size limit and a user agent; it follows redirects only to http(s)
addresses; any failure (no network, a 404, a timeout, too large, not a page) is bad input that
names the URL, and nothing is written.
"""
from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import ProvenanceError

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
    try:
        return (float(os.environ.get("PROVENANCE_FETCH_TIMEOUT") or TIMEOUT),
                int(os.environ.get("PROVENANCE_FETCH_MAX_BYTES") or MAX_BYTES))
    except ValueError:
        raise ProvenanceError("PROVENANCE_FETCH_TIMEOUT / PROVENANCE_FETCH_MAX_BYTES must be numbers") from None


def fetch(url: str) -> Fetched:
    """The page at `url`, in a temporary .html file."""
    timeout, limit = _limits()
    opener = urllib.request.build_opener(_HttpOnly())
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with opener.open(request, timeout=timeout) as answer:
            body = answer.read(limit + 1)
            final, status, date = answer.geturl(), answer.status, answer.headers.get("Date", "")
    except urllib.error.HTTPError as e:
        if 300 <= e.code < 400:  # urllib refuses a redirect out of http(s) itself
            raise ProvenanceError(f"redirected to an address that is not http(s) ({e.reason})", file=url) from None
        raise ProvenanceError(f"the server answered {e.code} {e.reason}", file=url) from None
    except urllib.error.URLError as e:
        raise ProvenanceError(f"could not fetch it ({e.reason}); is there a network? (or save the page and add "
                              f"the file)", file=url) from None
    except (TimeoutError, OSError) as e:
        raise ProvenanceError(f"could not fetch it ({e or 'timed out'}, limit {timeout:g} s)", file=url) from None
    if len(body) > limit:
        raise ProvenanceError(f"the answer is larger than {limit} bytes (PROVENANCE_FETCH_MAX_BYTES)", file=url)
    fd, tmp = tempfile.mkstemp(suffix=".html")
    with os.fdopen(fd, "wb") as out:
        out.write(body)
    return Fetched(Path(tmp), final, status, date)
