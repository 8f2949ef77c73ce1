"""The version of the slutrapport the ledningsgrupp decided on: a generation is marked with the
decision it was frozen for, so `rapport … ändringar` compares with it by default.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_generations") as batch:
        batch.add_column(sa.Column("frozen_for", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_generations") as batch:
        batch.drop_column("frozen_for")
