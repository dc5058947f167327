"""The reviewed ledger for `swapledger ledger` (json, csv, parquet): which figures are reviewed.

Each event is exported with the analyst's counts and day where there are some, and
says so: per direction `reviewed` (the count is a correction) and `machine_count`;
per event `date_reviewed` and `machine_date`, and the ids of its reviews. With no
reviews the figures are the machine's and every `reviewed` is false.
"""

from __future__ import annotations

from typing import Any

from swapledger import service
from swapledger.api.ledger import EventView, ReviewedLedger, build, direction_key
from swapledger.cli import output
from swapledger.model import Ledger
from swapledger.store import Store
from swapledger.store import ledger as ledger_rows
from swapledger.store import review as review_rows

REVIEW_COLUMNS = ("count_reviewed", "machine_count", "date_reviewed", "machine_date", "reviews")
"""Columns added after output.LEDGER_COLUMNS in the ledger's CSV and Parquet."""

COLUMNS = (*output.LEDGER_COLUMNS, *REVIEW_COLUMNS)


def reviewed_ledger(store: Store) -> tuple[Ledger, ReviewedLedger]:
    """The machine's ledger of the store (saved, so ids stay stable) and the reviewed one."""
    sources = service.sources(store)
    machine, reviewed = build(
        sources, review_rows.all_reviews(store), ledger_rows.previous_ids(store)
    )
    ledger_rows.save(store, machine)
    return machine, reviewed


def _machine_day(view: EventView) -> str | None:
    m = view.machine
    if m is None:
        return None
    if m.date is not None:
        return m.date.isoformat()
    if m.date_range is not None:
        return f"{m.date_range[0].isoformat()}/{m.date_range[1].isoformat()}"
    return None


def event_dict(view: EventView) -> dict[str, Any]:
    """One event of `ledger --format json`: the reviewed figures, each saying whether it is."""
    out = output.event_dict(view.effective())
    for t, item in zip(view.event.transfers, out["transfers"], strict=True):
        fix = view.counts.get(direction_key(t))
        item["reviewed"] = fix is not None
        item["machine_count"] = t.count
        item["machine_qualifier"] = t.qualifier
    out["date_reviewed"] = view.date is not None
    out["machine_date"] = _machine_day(view)
    out["reviewed"] = view.reviewed
    out["reviews"] = [
        {
            "id": r.id,
            "at": r.at.isoformat(),
            "reviewer": r.reviewer,
            "action": r.action,
            "reason": r.reason,
            "machine": r.machine,
        }
        for r in view.reviews
    ]
    return out


def event_rows(view: EventView) -> list[dict[str, Any]]:
    """CSV/Parquet rows of one event (COLUMNS), one per direction."""
    e = view.effective()
    rows = output.ledger_rows(
        e.id, (e.date, e.date_range), e.kind, e.transfers, e.confirmed_by, e.conflicts
    )
    ids = ";".join(str(r.id) for r in view.reviews)
    for t, row in zip(view.event.transfers, rows, strict=True):
        row["count_reviewed"] = direction_key(t) in view.counts
        row["machine_count"] = t.count
        row["date_reviewed"] = view.date is not None
        row["machine_date"] = _machine_day(view)
        row["reviews"] = ids
    return rows
