"""The review app: `provenance serve` (see app.py)."""
from __future__ import annotations

import click

from ..project import Project
from .app import LOCAL_HOSTS, create_app

__all__ = ["create_app", "run_server"]


def run_server(project: Project, host: str, port: int) -> None:
    """Read the project once, then serve it until interrupted."""
    import uvicorn
    state = project.state()
    if host in LOCAL_HOSTS:
        hosts = LOCAL_HOSTS
    else:  # a chosen address answers to its own name; a wildcard one to any
        hosts = ["*"] if host in ("0.0.0.0", "::") else LOCAL_HOSTS + [host]
    if host not in LOCAL_HOSTS:
        click.echo(f"Warning: listening on {host}: anyone who can reach it can read the sources and the claims; "
                   f"writes still need the page's token", err=True)
    app = create_app(project, hosts=hosts)
    click.echo(f"reviewing {len(state.claims)} claims from {len(state.meta)} sources, "
               f"{len(state.comparison.discrepancies)} findings: http://{'[' + host + ']' if ':' in host else host}:{port}/ "
               f"(Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
