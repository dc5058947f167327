"""Review -> rows, and back: the analyst's audit trail, kept beside the machine's ledger.

Nothing here changes a record or a ledger row: each review is one appended row
(who, when, what, why, and what the machine said), keyed on the stable event id
and store record ids so that it is laid again over every re-reconciliation
(api/ledger.py does the laying). Rows are never updated or deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from swapledger.model import Review
from swapledger.store import tables as t
from swapledger.store.ledger import ID_CHARS
from swapledger.store.repository import Store

REVIEWER_CHARS = 120
"""A name or an e-mail address."""

DIRECTION_CHARS = 140
"""'from>to' of two party ids (64 characters each at most)."""

reviews = sa.Table(
    "reviews",
    t.metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", t.IsoDateTime, nullable=False),
    sa.Column("reviewer", sa.String(REVIEWER_CHARS), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("event_id", sa.String(ID_CHARS), nullable=False, index=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("direction", sa.String(DIRECTION_CHARS)),
    sa.Column("count", sa.BigInteger),
    sa.Column("date", sa.Date),
    sa.Column("other_event", sa.String(ID_CHARS)),
    sa.Column("records", sa.Text, nullable=False, default=""),  # record ids, comma-separated
    sa.Column("machine", sa.Text),
)

TABLES = [reviews]
"""Made by the store's migrations (versions/0002_add_reviews.py)."""


def add(store: Store, review: Review) -> Review:
    """Append one review (its `id` and `at` are given here) and return it as stored."""
    at = dt.datetime.now(dt.UTC)
    row: dict[str, Any] = {
        "at": at,
        "reviewer": review.reviewer,
        "action": review.action,
        "event_id": review.event_id,
        "reason": review.reason,
        "direction": review.direction,
        "count": review.count,
        "date": review.date,
        "other_event": review.other_event,
        "records": ",".join(str(r) for r in review.records),
        "machine": review.machine,
    }
    with store._tx("add a review") as conn:
        new_id = conn.execute(sa.insert(reviews).values(**row)).inserted_primary_key[0]
    return _review({**row, "id": int(new_id)})


def all_reviews(store: Store, event_id: str | None = None) -> list[Review]:
    """Every review, oldest first; only those naming `event_id` if given."""
    query = sa.select(reviews).order_by(reviews.c.id)
    if event_id is not None:
        query = query.where(
            sa.or_(reviews.c.event_id == event_id, reviews.c.other_event == event_id)
        )
    with store._tx("read reviews") as conn:
        return [_review(r._mapping) for r in conn.execute(query)]


def signature(store: Store) -> tuple[int, ...]:
    """A cheap fingerprint of what the ledger is made from (records and reviews): the
    server rebuilds its cached ledger when it changes, whoever wrote to the store."""
    with store._tx("read the store's state") as conn:
        n_rec, max_rec = conn.execute(sa.select(sa.func.count(), sa.func.max(t.records.c.id))).one()
        n_rev, max_rev = conn.execute(sa.select(sa.func.count(), sa.func.max(reviews.c.id))).one()
        n_doc = conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar_one()
    return (int(n_doc), int(n_rec), int(max_rec or 0), int(n_rev), int(max_rev or 0))


def _review(row: Any) -> Review:
    records = tuple(int(x) for x in (row["records"] or "").split(",") if x)
    return Review(
        id=int(row["id"]),
        at=row["at"],
        reviewer=row["reviewer"],
        action=row["action"],
        event_id=row["event_id"],
        reason=row["reason"],
        direction=row["direction"],
        count=None if row["count"] is None else int(row["count"]),
        date=row["date"],
        other_event=row["other_event"],
        records=records,
        machine=row["machine"],
    )
