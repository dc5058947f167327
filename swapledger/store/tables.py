"""The tables of the store, in SQLAlchemy Core with portable types (SQLite, PostgreSQL).

Times are kept as ISO 8601 strings (`IsoDateTime`) so that a timezone-aware
`fetched` comes back exactly as it went in on every backend; days are `Date`.
Counts are `BigInteger`: PostgreSQL's `INTEGER` stops at 2**31.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

ISO_DATETIME_CHARS = 40
"""'2025-06-11T10:00:00.000000+05:30' is 32; room to spare."""

metadata = sa.MetaData()


class IsoDateTime(sa.types.TypeDecorator[dt.datetime]):
    """A datetime stored as its ISO 8601 string: exact round trip, timezone included."""

    impl = sa.String(ISO_DATETIME_CHARS)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        """datetime -> ISO string."""
        return None if value is None else value.isoformat()

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        """ISO string -> datetime."""
        return None if value is None else dt.datetime.fromisoformat(value)


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(512), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("content_type", sa.String(16), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("fetched", IsoDateTime),
    sa.Column("ingested_at", IsoDateTime, nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(600), primary_key=True),
    sa.Column(
        "document_id",
        sa.String(512),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("idx", sa.Integer, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("age", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("page_start", sa.Integer, nullable=False),
    sa.Column("page_end", sa.Integer, nullable=False),
    sa.UniqueConstraint("document_id", "idx", name="uq_articles_document_idx"),
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "article_id",
        sa.String(600),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("from_party", sa.String(64)),
    sa.Column("to_party", sa.String(64)),
    sa.Column("between_a", sa.String(64)),
    sa.Column("between_b", sa.String(64)),
    sa.Column("count", sa.BigInteger, nullable=False),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("evidence_text", sa.Text, nullable=False),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text),
)

skipped = sa.Table(
    "skipped",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("input_id", sa.Text, nullable=False),
    sa.Column("stage", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", IsoDateTime, nullable=False),
)

progress = sa.Table(
    "progress",
    metadata,
    # an input file as documents name it (Document.source without ":N"): how many of its
    # items (1 for a page, lines of JSONL, records of WARC) are stored; `ingest --resume`
    # passes over them
    sa.Column("source", sa.String(1024), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("updated_at", IsoDateTime, nullable=False),
)

URL_HASH_CHARS = 64
"""sha256 hex of a URL or key: a fixed-size primary key however long the URL is."""

feeds = sa.Table(
    "feeds",
    metadata,
    # `swapledger watch`: each feed's validators for the next conditional GET
    sa.Column("url_hash", sa.String(URL_HASH_CHARS), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("checked_at", IsoDateTime),
)

feed_entries = sa.Table(
    "feed_entries",
    metadata,
    # every entry `swapledger watch` has dealt with, so that it is not fetched again
    sa.Column("key_hash", sa.String(URL_HASH_CHARS), primary_key=True),
    sa.Column("feed_url", sa.Text, nullable=False),
    sa.Column("entry_key", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("seen_at", IsoDateTime, nullable=False),
)
