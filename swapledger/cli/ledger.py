"""The ledger commands: `ledger`, `agreements`, `totals` (parse, call service, format).

Registered on the app of cli/main.py when the `swapledger.cli` package is imported.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from swapledger.api import export
from swapledger.api.ledger import ReviewedLedger
from swapledger.cli import output
from swapledger.cli.main import Db, app
from swapledger.errors import ConfigError
from swapledger.model import Ledger
from swapledger.settings import DEFAULT_DB_URL
from swapledger.store import Store


class LedgerFormat(StrEnum):
    """Output formats of the ledger commands."""

    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


Format = Annotated[
    LedgerFormat,
    typer.Option(
        "--format",
        "-f",
        help="table for a story; json (nested, with every source), csv or parquet "
        "(one row per direction) for tools.",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of stdout (parquet to a terminal needs it).",
        show_default=False,
    ),
]


def _ledger(db: str) -> Ledger:
    """Agreements and totals measured against the reviewed events (no reviews: the machine's)."""
    _, reviewed = _reviewed(db)
    return Ledger((), reviewed.agreements, reviewed.totals)


def _reviewed(db: str) -> tuple[Ledger, ReviewedLedger]:
    with Store(db) as store:
        return export.reviewed_ledger(store)


def _emit(
    format: LedgerFormat,
    out: Path | None,
    items: Sequence[Any],
    as_dict: Callable[[Any], dict[str, Any]],
    rows: Callable[[Any], list[dict[str, Any]]],
    table: Callable[[Sequence[Any]], Any],
    columns: Sequence[str] = output.LEDGER_COLUMNS,
) -> None:
    """Write `items` in the format asked for, to stdout or `out`."""
    if format is LedgerFormat.parquet:
        data = output.rows_parquet([r for item in items for r in rows(item)], columns)
        if out is not None:
            out.write_bytes(data)
        elif sys.stdout.isatty():
            raise ConfigError("--format parquet writes binary: give --output FILE or a pipe")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    if format is LedgerFormat.json:
        text = json.dumps([as_dict(i) for i in items], ensure_ascii=False, indent=2) + "\n"
    elif format is LedgerFormat.csv:
        text = output.rows_csv([r for item in items for r in rows(item)], columns)
    else:
        if out is None:
            output.stdout().print(table(items))
            return
        console = output.Console(file=out.open("w", encoding="utf-8"), width=output.PIPED_WIDTH)
        console.print(table(items))
        console.file.close()
        return
    if out is not None:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text, nl=False)


@app.command()
def ledger(db: Db = DEFAULT_DB_URL, format: Format = LedgerFormat.table, out: Output = None) -> None:
    """The distinct exchanges behind the stored records, each with its sources.

    Records of all stored pages are reconciled afresh (so new pages count; an
    event keeps its id when it gains sources). Each event: date (or date_range
    when only the days it can be are known), kind, a count per direction with its
    qualifier and how it was chosen when reports differ (exact over rounded; the
    receiving side's count; majority of distinct outlets; copies count once), the
    parties whose own officials or outlets confirmed it, its conflicts, and every
    supporting record with outlet, url and evidence. Where an analyst reviewed an
    event (`swapledger serve`), its corrected counts and day are shown and json/csv
    say so: `reviewed`/`count_reviewed` and the machine's figure beside it.
    """
    views = _reviewed(db)[1].events
    _emit(
        format,
        out,
        views,
        export.event_dict,
        export.event_rows,
        lambda vs: output.events_table([v.effective() for v in vs]),
        export.COLUMNS,
    )


@app.command()
def agreements(
    db: Db = DEFAULT_DB_URL, format: Format = LedgerFormat.table, out: Output = None
) -> None:
    """Agreed, promised or offered transfers, with progress from the events after them.

    Each agreement: parties, kind, count per direction, the day it was first
    reported, its sources, and per direction the sum of the completed events
    after it against its target (when the day it was announced is unknown: the
    events reported in an article that states it).
    """
    items = _ledger(db).agreements
    _emit(
        format,
        out,
        items,
        output.agreement_dict,
        lambda a: output.ledger_rows(a.id, (a.announced, None), a.kind, a.transfers),
        output.agreements_table,
    )


@app.command()
def totals(db: Db = DEFAULT_DB_URL, format: Format = LedgerFormat.table, out: Output = None) -> None:
    """Running totals the reports give, beside the sum of the ledger's events.

    Each total: kind, count per direction, the day it refers to, its sources,
    and per direction the sum of the ledger's completed events up to that day
    (all events when a day is unknown) with the gap between the two.
    """
    items = _ledger(db).totals
    _emit(
        format,
        out,
        items,
        output.total_dict,
        lambda t: output.ledger_rows(t.id, (t.as_of, None), t.kind, t.transfers),
        output.totals_table,
    )
