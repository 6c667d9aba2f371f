"""`provenance serve`: the review app (Starlette). Pages read the project's state; every write
goes through the library's review functions under the same project lock as the command line,
then rewrites reports/. Each write carries this run's token (CSRF); only local host names are
answered (no DNS rebinding); pages load nothing from the network and run same-origin scripts only.
"""
from __future__ import annotations

import secrets
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..review import EDITABLE, IN_WORDS, accept, add_claim, correct, decide, revoke, successors
from ..extraction import registry
from ..claims import BOUNDS
from ..plumbing import BusyError, ProvenanceError, project_lock
from ..project import Project
from . import views
from .audit import BY, audit_page

LOCK_WAIT = 5.0             # seconds a write waits for a command line run before answering 409
FORM_LIMIT = 64 * 1024      # bytes of a write's form: a note or a reason, never a file
LOCAL_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
                               "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",   # no-referrer would make a browser send 'Origin: null' on a form
    "Cache-Control": "no-store",
}


class ReviewApp:
    """The routes of one project's review app, with this run's write token."""

    def __init__(self, project: Project, token: str | None = None):
        self.project = project
        self.token = token or secrets.token_urlsafe(32)
        self.env = Environment(loader=PackageLoader("provenance", "serve/templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        self.env.globals["in_words"] = IN_WORDS  # the note's marker of a value stated in words (review.stated)
        self.env.globals.update(views.WORDS)  # what a person reads: labels and values in words, not codes
        self.env.filters["said"] = views.said
        self.scripts = {  # the app's own, and the report's sortable tables (one file for both)
            "/review.js": (Path(__file__).parent / "templates" / "review.js").read_text(encoding="utf-8"),
            "/sortable.js": resources.files("provenance.report").joinpath("templates", "sortable.js")
                                     .read_text(encoding="utf-8")}

    def page(self, name: str, status: int = 200, request: Request | None = None, **context) -> HTMLResponse:
        """A rendered page; `request` brings the message of the write that led here ('done')."""
        done = request.query_params.get("done", "")[:300] if request is not None else ""
        html = self.env.get_template(name).render(csrf=self.token, reg=registry(), bounds=BOUNDS, done=done, **context)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def missing(self, what: str) -> HTMLResponse:
        return self.page("error.html.j2", 404, message=f"No {what}.")

    def routes(self) -> list[Route]:
        return [Route("/", self.findings), Route("/claims/{cid:path}", self.claim),
                Route("/sources/{sid}", self.source), Route("/audit", self.audit),
                Route("/review.js", self.js), Route("/sortable.js", self.js),
                Route("/write/{action}", self.write, methods=["POST"])]

    async def js(self, request: Request) -> Response:
        return Response(self.scripts[request.url.path], media_type="text/javascript", headers=HEADERS)

    async def findings(self, request: Request) -> Response:
        state = await run_in_threadpool(self.project.state)
        f = views.Filters.of(request.query_params)
        number = views.number(request.query_params.get("page") or "1")
        if number is None:
            return self.page("error.html.j2", 400, message="The page number must be a whole number (0-9).")
        page = views.findings_page(state, f, number)
        from ..report import PageView
        follows = successors(state.accepted, page.findings)
        timelines = {d.id: PageView.timeline(d.to_json()) for d in page.findings if d.kind in ("update", "revision")}
        return self.page("findings.html.j2", request=request, state=state, page=page, f=f, choices=views.choices(state),
                         follows=follows, timelines=timelines)

    async def claim(self, request: Request) -> Response:
        state = await run_in_threadpool(self.project.state)
        row = state.claims.get(request.path_params["cid"])
        if row is None:
            return self.missing(f"claim {request.path_params['cid']!r}")
        text = state.texts.get(row["source_id"]) or ""
        start, end = views.number(row["start"]) or 0, views.number(row["end"]) or 0
        around = views.pieces(text, state.claims_of(row["source_id"]), views.neighbourhood(text, start, end)) \
            if end and text[start:end] == row["quote"] else None
        findings = [state.discrepancies[d] for d in state.findings_of.get(row["claim_id"], [])]
        return self.page("claim.html.j2", request=request, state=state, row=row, around=around, findings=findings)

    async def source(self, request: Request) -> Response:
        state = await run_in_threadpool(self.project.state)
        sid = request.path_params["sid"]
        text = state.texts.get(sid)
        if text is None:
            return self.missing(f"source text {sid!r}")
        claims = state.claims_of(sid)
        return self.page("source.html.j2", request=request, state=state, sid=sid, meta=state.meta.get(sid, {}),
                         claims=claims, pieces=views.pieces(text, claims), length=len(text))

    async def audit(self, request: Request) -> Response:
        """Each source's (or outlet's) record across the findings; read only."""
        by = request.query_params.get("by") or "source"
        if by not in BY:
            return self.page("error.html.j2", 400, message=f"The audit is by {' or '.join(BY)}.")
        state = await run_in_threadpool(self.project.state)
        page = await run_in_threadpool(audit_page, state, by)
        return self.page("audit.html.j2", request=request, state=state, page=page)

    async def write(self, request: Request) -> Response:
        """A form's write: what the headers show is checked before a byte of the body is read,
        and the body is read only up to FORM_LIMIT."""
        not_ours = "This form is not from this review session; reload the page."
        if not _same_origin(request):
            return self.page("error.html.j2", 403, message=not_ours)
        action = request.path_params["action"]
        if action not in WRITES:
            return self.page("error.html.j2", 404, message=f"No action {action!r}.")
        try:
            body = await _bounded_body(request, FORM_LIMIT)
        except _TooLarge:
            return self.page("error.html.j2", 413, message=f"Not written: a form is at most {FORM_LIMIT} bytes.")
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        if not secrets.compare_digest(form.get("csrf", "").encode("utf-8"), self.token.encode("utf-8")):
            return self.page("error.html.j2", 403, message=not_ours)
        try:
            done = await run_in_threadpool(self._write, WRITES[action], form)
        except _Unreported as e:
            return self.page("error.html.j2", 500, message=f"Saved ({e.done}), but the reports were not "
                                                             f"rewritten: {e.error}")
        except BusyError as e:
            return self.page("error.html.j2", 409, message=f"Not written: {e}. Try again in a moment.")
        except ProvenanceError as e:
            return self.page("error.html.j2", 400, message=f"Not written: {e}")
        except KeyError as e:
            return self.page("error.html.j2", 400, message=f"Not written: the form lacks the field {e}")
        back = form.get("next", "/")
        back = back if back.startswith("/") and not back.startswith("//") and "\\" not in back else "/"
        glue = "&" if "?" in back else "?"
        path, _, anchor = back.partition("#")
        return RedirectResponse(f"{path}{glue}{urlencode({'done': done})}" + (f"#{anchor}" if anchor else ""),
                                status_code=303)

    def _write(self, action, form: dict) -> str:
        p = self.project
        with project_lock(p.claims_path, p.baseline_path, p.reports_dir / "index.html", timeout=LOCK_WAIT):
            done = action(p, form)
            try:
                p.write_reports()
            except (ProvenanceError, OSError) as e:
                raise _Unreported(done, e) from None
        return done


class _Unreported(Exception):
    """A write saved whose reports could not be rewritten after it (never "Not written")."""

    def __init__(self, done: str, error: Exception):
        super().__init__(done)
        self.done = done
        self.error = error


class _TooLarge(Exception):
    """A request body over the limit."""


async def _bounded_body(request: Request, limit: int) -> bytes:
    """The request's body, or _TooLarge past `limit` bytes: a Content-Length over it refused
    unread, a body sent in chunks refused as soon as the bytes received pass it."""
    declared = views.number(request.headers.get("content-length", "0"))
    if declared is None or declared > limit:
        raise _TooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def _same_origin(request: Request) -> bool:
    """A write's Origin, when the browser sends one, is this server."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return origin.split("://", 1)[-1] == request.headers.get("host", "")


def _decide(p: Project, form: dict) -> str:
    status = form.get("status") or None
    decide(p.claims_path, form["claim_id"], status, form.get("note"))
    return f"{form['claim_id']}: {status or 'note'} saved"


def _correct(p: Project, form: dict) -> str:
    changes = {k: form[k] for k in EDITABLE if k in form}
    languages = {sid: meta.get("language", "") for sid, meta in p.state().meta.items()}
    correct(p.claims_path, form["claim_id"], changes, languages, in_words=form.get("in_words") == "1")
    return f"{form['claim_id']} corrected (now a person's claim)"


def _add(p: Project, form: dict) -> str:
    text = p.state().texts.get(form.get("source_id", ""))
    if text is None:
        raise ProvenanceError(f"no source {form.get('source_id')!r}")
    start, end = _trimmed(text, form.get("start", ""), form.get("end", ""))
    language = p.state().meta.get(form["source_id"], {}).get("language", "")
    row = add_claim(p.claims_path, form["source_id"], text, start, end, form, language,
                           in_words=form.get("in_words") == "1")
    return f"added {row['claim_id']}: {row['quote'][:60]}"


def _trimmed(text: str, start: str, end: str) -> tuple[int, int]:
    """A selection's offsets without the white space at its edges."""
    s, e = views.number(start), views.number(end)
    if s is None or e is None:
        raise ProvenanceError("select the passage in the text first (no offsets, or offsets that are not "
                              "whole numbers, were sent)")
    while s < e and text[s:s + 1].isspace():
        s += 1
    while e > s and text[e - 1:e].isspace():
        e -= 1
    return s, e


def _accept(p: Project, form: dict) -> str:
    row = accept(form["discrepancy_id"], form.get("reason", ""), p.claims_path, p.sources_dir,
                          p.baseline_path, replace=form.get("replace") == "1", comparison=p.state().comparison,
                          carry=form.get("carry") or None)
    return f"accepted {row['discrepancy_id']}" + (f" (the reason of {row['carried_from']})" if row["carried_from"] else "")


def _revoke(p: Project, form: dict) -> str:
    revoke(form["discrepancy_id"], p.baseline_path)
    return f"acceptance of {form['discrepancy_id']} revoked"


WRITES = {"decide": _decide, "correct": _correct, "add": _add, "accept": _accept, "revoke": _revoke}


def create_app(project: Project, token: str | None = None, hosts: list[str] | None = None) -> Starlette:
    app = ReviewApp(project, token)
    return Starlette(routes=app.routes(),
                     middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts or LOCAL_HOSTS)])
