"""`swapledger serve`: the HTTP API and web pages over one store (uvicorn).

Registered on the app of cli/main.py when the `swapledger.cli` package is imported.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from swapledger.cli.main import Db, app
from swapledger.errors import ConfigError
from swapledger.settings import DEFAULT_DB_URL

TOKEN_ENV = "SWAPLEDGER_TOKEN"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach."""
    if host.casefold() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    db: Db = DEFAULT_DB_URL,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (localhost only by default).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
) -> None:
    """Serve the ledger over HTTP: the JSON API under /api (schema at /openapi.json) and
    the web pages, on one store.

    Reads are open to whoever can reach the address. Writes (reviews, POST /api/pages)
    need `Authorization: Bearer TOKEN` where TOKEN is the SWAPLEDGER_TOKEN environment
    variable the server was started with; without it the server is read-only.
    """
    import uvicorn

    from swapledger.api import create_app

    token = os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host):
        typer.echo(
            f"warning: listening on {host}: other machines can reach this server"
            + ("" if token is None else " and write to it with the token"),
            err=True,
        )
    web_app = create_app(db, token=token)  # a bad --db ends here as one line (exit 2)
    mode = "read-write with the token" if token else f"read-only (set {TOKEN_ENV} to allow writes)"
    typer.echo(f"serving {db} on http://{host}:{port}/ ({mode})", err=True)
    try:
        uvicorn.run(web_app, host=host, port=port, log_level="warning", access_log=False)
    except OSError as exc:  # pragma: no cover - uvicorn usually exits on its own
        raise ConfigError(f"cannot listen on {host}:{port}: {exc}") from exc
