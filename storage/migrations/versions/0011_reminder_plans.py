"""What the last reminder sweep planned per delprojekt, so the next sweep re-plans only what
changed or what time has made due (issue 18).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
# Numbered after main's 0008-0010, which this branch (issue 18) was cut before: on merging, this
# becomes "0010" so the chain stays linear (Alembic refuses two heads, and the tests with it).
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty at first: the first sweep after the upgrade plans everything, as every sweep did before.
    op.create_table(
        "reminder_plans",
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["delprojekt_id"], ["delprojekt.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("delprojekt_id"),
    )


def downgrade() -> None:
    op.drop_table("reminder_plans")
