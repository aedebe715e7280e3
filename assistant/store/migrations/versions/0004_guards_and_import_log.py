"""guard the audit head and TRUNCATE; log reference imports

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 22:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

from assistant.store import triggers

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reference_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", AutoString(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source", AutoString(length=200), nullable=False),
        sa.Column("conversion_factor", AutoString(length=16), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # The import log only grows: its newest id is the version a cached table is checked by.
    triggers.create("reference_import")
    triggers.create_truncate_guards()
    triggers.create_head_guard()


def downgrade() -> None:
    triggers.drop_head_guard()
    triggers.drop_truncate_guards()
    triggers.drop("reference_import")
    op.drop_table("reference_import")
