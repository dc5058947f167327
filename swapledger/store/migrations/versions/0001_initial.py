"""The store as it was before migrations: pages, articles, records, quarantine,
progress, and the ledger's item and link tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-02

A database made before migrations (by `metadata.create_all`) has some or all of
these tables already: only the missing ones are created, and it goes on from here.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ISO = sa.String(length=40)  # tables.IsoDateTime: a datetime as its ISO 8601 string
LEDGER_ID = sa.String(length=64)


def _documents() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=512), primary_key=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("content_type", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False, unique=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("fetched", ISO),
        sa.Column("ingested_at", ISO, nullable=False),
    )


def _articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=600), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(length=512),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text()),
        sa.Column("outlet", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("age", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("page_start", sa.Integer(), nullable=False),
        sa.Column("page_end", sa.Integer(), nullable=False),
        sa.UniqueConstraint("document_id", "idx", name="uq_articles_document_idx"),
    )
    op.create_index("ix_articles_document_id", "articles", ["document_id"])


def _records() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(length=600),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("from_party", sa.String(length=64)),
        sa.Column("to_party", sa.String(length=64)),
        sa.Column("between_a", sa.String(length=64)),
        sa.Column("between_b", sa.String(length=64)),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("date", sa.Date()),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.Text()),
    )
    op.create_index("ix_records_article_id", "records", ["article_id"])


def _skipped() -> None:
    op.create_table(
        "skipped",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("input_id", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", ISO, nullable=False),
    )


def _progress() -> None:
    op.create_table(
        "progress",
        sa.Column("source", sa.String(length=1024), primary_key=True),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", ISO, nullable=False),
    )


def _items(name: str, *days: str) -> Callable[[], None]:
    def create() -> None:
        op.create_table(
            name,
            sa.Column("id", LEDGER_ID, primary_key=True),
            sa.Column("kind", sa.String(length=16), nullable=False),
            *(sa.Column(d, sa.Date()) for d in days),
        )

    return create


def _links(name: str, items: str) -> Callable[[], None]:
    def create() -> None:
        op.create_table(
            name,
            sa.Column(
                "item_id",
                LEDGER_ID,
                sa.ForeignKey(f"{items}.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column(
                "record_id",
                sa.Integer(),
                sa.ForeignKey("records.id", ondelete="CASCADE"),
                primary_key=True,
            ),
        )
        op.create_index(f"ix_{name}_record_id", name, ["record_id"])

    return create


TABLES: dict[str, Callable[[], None]] = {
    "documents": _documents,
    "articles": _articles,
    "records": _records,
    "skipped": _skipped,
    "progress": _progress,
    "events": _items("events", "date", "date_from", "date_to"),
    "agreements": _items("agreements", "announced"),
    "totals": _items("totals", "as_of"),
    "event_records": _links("event_records", "events"),
    "agreement_records": _links("agreement_records", "agreements"),
    "total_records": _links("total_records", "totals"),
}
"""In creation order: a table after the ones it points at."""


def upgrade() -> None:
    """Create the tables (those a pre-migration database lacks)."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in existing:
            create()


def downgrade() -> None:
    """Drop every table."""
    for name in reversed(TABLES):
        op.drop_table(name)
