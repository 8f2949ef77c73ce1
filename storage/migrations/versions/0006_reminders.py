"""Reminders: settings per delprojekt and the outbox.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_settings",
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(256), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"],
            ["delprojekt.id"],
            name="fk_reminder_settings_delprojekt_id_delprojekt",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("delprojekt_id", name="pk_reminder_settings"),
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rule", sa.String(30), nullable=False),
        sa.Column("subject", sa.String(80), nullable=False),
        sa.Column("occasion", sa.String(80), nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(1024), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activity_id", sa.String(256), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_reminders_delprojekt_id_delprojekt", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("rule", "subject", "occasion", name="uq_reminders_rule_subject_occasion"),
    )
    op.create_index("ix_reminders_delprojekt_id", "reminders", ["delprojekt_id"])
    op.create_index("ix_reminders_state_due", "reminders", ["state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_reminders_state_due", table_name="reminders")
    op.drop_index("ix_reminders_delprojekt_id", table_name="reminders")
    op.drop_table("reminders")
    op.drop_table("reminder_settings")
