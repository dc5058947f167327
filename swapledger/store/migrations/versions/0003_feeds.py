"""Feed state for `swapledger watch`: each feed's validators, and the entries dealt with.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ISO = sa.String(length=40)  # tables.IsoDateTime
HASH = sa.String(length=64)  # tables.URL_HASH_CHARS: sha256 hex


def upgrade() -> None:
    """Create the feeds and feed_entries tables."""
    op.create_table(
        "feeds",
        sa.Column("url_hash", HASH, primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text()),
        sa.Column("last_modified", sa.Text()),
        sa.Column("checked_at", ISO),
    )
    op.create_table(
        "feed_entries",
        sa.Column("key_hash", HASH, primary_key=True),
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("entry_key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("seen_at", ISO, nullable=False),
    )


def downgrade() -> None:
    """Drop the feed tables."""
    op.drop_table("feed_entries")
    op.drop_table("feeds")
