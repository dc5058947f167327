"""`swapledger watch`: poll RSS/Atom feeds and ingest their new pages, round after round.

Registered on the app of cli/main.py when the `swapledger.cli` package is imported.
"""

from __future__ import annotations

import dataclasses
import re
import time
from typing import Annotated

import typer

from swapledger import service
from swapledger.cli.main import EXIT_OK, EXIT_SKIPPED, Db, _report_skipped, app
from swapledger.errors import ConfigError
from swapledger.ingest.feeds import Fetcher, Politeness
from swapledger.settings import DEFAULT, DEFAULT_DB_URL
from swapledger.store import Store

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
MIN_EVERY_S = 10.0
"""Shortest interval between rounds: a feed polled more often only costs its server."""


def parse_duration(text: str) -> float:
    """'15m' -> 900.0; '1h30m', '90s', '2d' likewise."""
    value = text.strip().lower()
    parts = _DURATION.findall(value)
    if not value or "".join(n + u for n, u in parts) != value:
        raise ConfigError(f"--every takes a duration like 90s, 15m, 1h or 1h30m, not {text!r}")
    return sum(float(n) * UNITS[u] for n, u in parts)


@app.command()
def watch(
    feed_urls: Annotated[
        list[str],
        typer.Argument(help="RSS or Atom feed URLs.", metavar="FEED_URL", show_default=False),
    ],
    every: Annotated[
        str,
        typer.Option("--every", metavar="DURATION", help="Time between rounds: 90s, 15m, 1h."),
    ] = "15m",
    db: Db = DEFAULT_DB_URL,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch from private, loopback and link-local addresses (refused by "
            "default: a feed must not make swapledger reach into the local network).",
        ),
    ] = False,
    once: Annotated[
        bool, typer.Option("--once", help="Poll each feed once and exit (for cron).")
    ] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.1, metavar="SECONDS", help="Connect and read timeout."),
    ] = Politeness().timeout_s,
) -> None:
    """Poll RSS/Atom feeds and ingest the pages of their new entries, every DURATION.

    Politely: conditional GET (the ETag and Last-Modified of the last poll are kept in
    the store), one request at a time per host at least a second apart, timeouts,
    retries with exponential back-off for timeouts, 429 and 5xx. Addresses that are
    not public are refused unless --allow-private. An entry dealt with before is not
    fetched again; a page that failed for now is tried at the next round. Each round
    prints a line per feed, one line per failure (the loop goes on), and the ingest
    summary. Ctrl-C stops. With --once: exit code 0, or 1 when a feed or page failed
    or was skipped.
    """
    interval = parse_duration(every)
    if not once and interval < MIN_EVERY_S:
        raise ConfigError(f"--every must be at least {MIN_EVERY_S:g}s, not {every!r}")
    politeness = dataclasses.replace(Politeness(), allow_private=allow_private, timeout_s=timeout)
    settings = DEFAULT.replace(db_url=db)
    code = EXIT_OK
    try:
        with Store(settings.db_url) as store, Fetcher(politeness) as fetcher:
            while True:
                report = service.watch(store, feed_urls, fetcher, settings)
                for line in report.lines:
                    typer.echo(line)
                for line in report.failures:
                    typer.echo(line, err=True)
                skipped = _report_skipped(report.ingest.skipped)
                typer.echo(report.ingest.summary())
                if report.failures or skipped != EXIT_OK:
                    code = EXIT_SKIPPED
                if once:
                    break
                time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
        raise typer.Exit(EXIT_OK) from None
    raise typer.Exit(code)
