"""Reports: every generated report with its content, hash and section texts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_generations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("meeting_number", sa.Integer(), nullable=True),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("by_id", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("gaps", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("file_name", sa.String(120), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"],
            ["delprojekt.id"],
            name="fk_report_generations_delprojekt_id_delprojekt",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_generations"),
    )
    op.create_index("ix_report_generations_delprojekt_id", "report_generations", ["delprojekt_id"])


def downgrade() -> None:
    op.drop_index("ix_report_generations_delprojekt_id", table_name="report_generations")
    op.drop_table("report_generations")
