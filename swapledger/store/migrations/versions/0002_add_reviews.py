"""The analyst's reviews: one appended audit row per decision (store/review.py).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the reviews table (unless a store made by create_all has it already)."""
    if "reviews" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("reviewer", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("direction", sa.String(length=140), nullable=True),
        sa.Column("count", sa.BigInteger(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("other_event", sa.String(length=64), nullable=True),
        sa.Column("records", sa.Text(), nullable=False),
        sa.Column("machine", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviews_event_id", "reviews", ["event_id"], unique=False)


def downgrade() -> None:
    """Drop the reviews table."""
    op.drop_index("ix_reviews_event_id", table_name="reviews")
    op.drop_table("reviews")
