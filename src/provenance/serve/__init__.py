"""The review app: `provenance serve`, the project in a browser on this machine.

    app.py      the Starlette app: pages, and the forms that write a person's decisions (under the lock)
    views.py    what a page shows: findings filtered and paged, a claim in its source
    audit.py    what the audit page shows: the audit's profiles as rows of cells, each count with its findings
    templates/  the pages (Jinja2) and review.js (the report's sortable.js is served too)
"""
from __future__ import annotations

import ipaddress

import click

from ..plumbing import ProvenanceError
from ..project import Project
from .app import LOCAL_HOSTS, create_app

__all__ = ["create_app", "run_server"]


def run_server(project: Project, host: str, port: int, allow_remote: bool = False) -> None:
    """Read the project once, then serve it until interrupted. An address other machines can
    reach is refused unless `allow_remote`: every page carries the write token, so whoever can
    load a page can change claims.csv."""
    import uvicorn
    if not is_loopback(host):
        if not allow_remote:
            raise ProvenanceError(f"--host {host} can be reached from other machines: anyone who can reach port "
                                  f"{port} could read the sources and claims and change claims.csv (each page "
                                  f"carries the write token); add --allow-remote to serve it so knowingly")
        click.echo(f"Warning: listening on {host}: anyone who can reach port {port} can read the sources and the "
                   f"claims and write decisions to claims.csv (each page carries the write token); serve only "
                   f"on a network you trust", err=True)
    state = project.state()
    if host in LOCAL_HOSTS:
        hosts = LOCAL_HOSTS
    else:  # a chosen address answers to its own name; a wildcard one to any
        hosts = ["*"] if host in ("0.0.0.0", "::") else LOCAL_HOSTS + [host]
    app = create_app(project, hosts=hosts)
    from .views import claims_line
    click.echo(f"reviewing {len(state.meta)} sources ({claims_line(state)}), "
               f"{len(state.comparison.discrepancies)} findings: http://{'[' + host + ']' if ':' in host else host}:{port}/ "
               f"(Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def is_loopback(host: str) -> bool:
    """Whether an address is this machine's alone (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a name: it may resolve to any address
        return False
