"""Checklists: the template a delprojekt follows, and every answer with its history.

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


def upgrade() -> None:
    with op.batch_alter_table("delprojekt") as batch:
        batch.add_column(sa.Column("checklist_template", sa.String(150), nullable=True))
    op.create_table(
        "checklist_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(60), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"],
            ["delprojekt.id"],
            name="fk_checklist_answers_delprojekt_id_delprojekt",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_answers"),
        sa.UniqueConstraint("delprojekt_id", "item_id", "revision", name="uq_checklist_answers_item_revision"),
    )
    op.create_index("ix_checklist_answers_delprojekt_id", "checklist_answers", ["delprojekt_id"])


def downgrade() -> None:
    op.drop_index("ix_checklist_answers_delprojekt_id", table_name="checklist_answers")
    op.drop_table("checklist_answers")
    with op.batch_alter_table("delprojekt") as batch:
        batch.drop_column("checklist_template")
