"""reference tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 18:51:15.553586
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "fee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", AutoString(length=5), nullable=False),
        sa.Column("work", AutoString(length=16), nullable=False),
        sa.Column("pe", AutoString(length=16), nullable=False),
        sa.Column("mp", AutoString(length=16), nullable=False),
        sa.Column("source", AutoString(length=200), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "code"),
    )
    op.create_table(
        "ncci_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("column1", AutoString(length=5), nullable=False),
        sa.Column("column2", AutoString(length=5), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("deletion", sa.Date(), nullable=True),
        sa.Column("indicator", AutoString(length=1), nullable=False),
        sa.Column("source", AutoString(length=200), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ncci_edit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ncci_edit_column1"), ["column1"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("ncci_edit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ncci_edit_column1"))

    op.drop_table("ncci_edit")
    op.drop_table("fee")
