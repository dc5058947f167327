"""Per-site template memory (store/templates.py): pages seen per site, and on how
many of them each line hash was seen.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SITE = sa.String(length=255)  # templates.SITE_CHARS
HASH = sa.String(length=16)  # clean.template.HASH_CHARS


def upgrade() -> None:
    """Create template_sites and template_lines (unless an earlier build made them)."""
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "template_sites" not in existing:
        op.create_table(
            "template_sites",
            sa.Column("site", SITE, primary_key=True),
            sa.Column("pages", sa.BigInteger(), nullable=False),
        )
    if "template_lines" not in existing:
        op.create_table(
            "template_lines",
            sa.Column("site", SITE, primary_key=True),
            sa.Column("line_hash", HASH, primary_key=True),
            sa.Column("pages", sa.BigInteger(), nullable=False),
        )


def downgrade() -> None:
    """Drop the template memory tables."""
    op.drop_table("template_lines")
    op.drop_table("template_sites")
