"""Ledger -> rows: which records support which event, agreement and total, so ids stay stable.

The ledger itself is recomputed from the records on every reconcile (it is a
pure function of them and quick); what the store keeps is each item's id, its
day and kind, and the records behind it. A rerun reads the old record -> id map
(`previous_ids`), hands it to reconciliation, and replaces the rows in one
transaction: reconciling twice changes nothing, and an event that gains a
source keeps its id.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from swapledger.model import Ledger, Source
from swapledger.store import tables as t
from swapledger.store.repository import Store

ID_CHARS = 64
"""'ev-' and ten hex digits, with room for a '-N' suffix on a clash."""


def _items(name: str, *day_columns: str) -> tuple[sa.Table, sa.Table]:
    """One ledger item table and its item -> record link table."""
    items = sa.Table(
        name,
        t.metadata,
        sa.Column("id", sa.String(ID_CHARS), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        *(sa.Column(c, sa.Date) for c in day_columns),
    )
    links = sa.Table(
        f"{name.removesuffix('s')}_records",
        t.metadata,
        sa.Column(
            "item_id",
            sa.String(ID_CHARS),
            sa.ForeignKey(f"{name}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "record_id",
            sa.Integer,
            sa.ForeignKey("records.id", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        ),
    )
    return items, links


events, event_records = _items("events", "date", "date_from", "date_to")
agreements, agreement_records = _items("agreements", "announced")
totals, total_records = _items("totals", "as_of")
LINKS = (event_records, agreement_records, total_records)


def previous_ids(store: Store) -> dict[str, str]:
    """Record id (as a Source key) -> the id of the ledger item it supported last time."""
    out: dict[str, str] = {}
    with store._tx("read ledger ids") as conn:
        for links in LINKS:
            for item_id, record_id in conn.execute(sa.select(links.c.item_id, links.c.record_id)):
                out[str(record_id)] = item_id
    return out


def _links(item_id: str, sources: Iterable[Source]) -> list[dict[str, object]]:
    keys = sorted({int(s.key) for s in sources if s.key.isdigit()})
    return [{"item_id": item_id, "record_id": k} for k in keys]


def save(store: Store, ledger: Ledger) -> None:
    """Replace the stored ledger rows with this ledger's, in one transaction."""
    rows: dict[sa.Table, list[dict[str, object]]] = {
        table: [] for table in (events, agreements, totals, *LINKS)
    }
    for e in ledger.events:
        lo, hi = e.date_range if e.date_range else (None, None)
        rows[events].append(dict(id=e.id, kind=e.kind, date=e.date, date_from=lo, date_to=hi))
        rows[event_records].extend(_links(e.id, e.sources))
    for a in ledger.agreements:
        rows[agreements].append(dict(id=a.id, kind=a.kind, announced=a.announced))
        rows[agreement_records].extend(_links(a.id, a.sources))
    for x in ledger.totals:
        rows[totals].append(dict(id=x.id, kind=x.kind, as_of=x.as_of))
        rows[total_records].extend(_links(x.id, x.sources))
    with store._tx("save the ledger") as conn:
        for table in (*LINKS, events, agreements, totals):
            conn.execute(sa.delete(table))
        for table in (events, agreements, totals, *LINKS):
            if rows[table]:
                conn.execute(sa.insert(table), rows[table])
