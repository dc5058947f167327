"""An index on template_lines (site, pages): the template memory of a site reads its
frequent lines only, not every line of every page it has seen.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEX = "ix_template_lines_site_pages"


def upgrade() -> None:
    """Create the index (unless an earlier build made it with the table)."""
    existing = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("template_lines")}
    if INDEX not in existing:
        op.create_index(INDEX, "template_lines", ["site", "pages"])


def downgrade() -> None:
    """Drop the index."""
    op.drop_index(INDEX, table_name="template_lines")
