"""Minutes: meetings, their entries (beslut, vägval, åtgärder...) and amendments.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(300), nullable=False),
        sa.Column("present", sa.JSON(), nullable=False),
        sa.Column("absent", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("justerare", sa.JSON(), nullable=True),
        sa.Column("approved_by", sa.String(256), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("conversation_id", sa.String(1024), nullable=True),
        sa.Column("card_activity_id", sa.String(256), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_meetings_delprojekt_id_delprojekt", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
        sa.UniqueConstraint("delprojekt_id", "number", name="uq_meetings_delprojekt_number"),
    )
    op.create_index("ix_meetings_delprojekt_id", "meetings", ["delprojekt_id"])
    op.create_table(
        "minute_entries",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("register_id", sa.String(16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(256), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_minute_entries_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_minute_entries_delprojekt_id_delprojekt", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_minute_entries"),
        sa.UniqueConstraint("delprojekt_id", "register_id", name="uq_minute_entries_delprojekt_register"),
    )
    op.create_index("ix_minute_entries_meeting_id", "minute_entries", ["meeting_id"])
    op.create_index("ix_minute_entries_delprojekt_id", "minute_entries", ["delprojekt_id"])
    op.create_table(
        "minute_amendments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name="fk_minute_amendments_meeting_id_meetings", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_minute_amendments"),
    )
    op.create_index("ix_minute_amendments_meeting_id", "minute_amendments", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_minute_amendments_meeting_id", table_name="minute_amendments")
    op.drop_table("minute_amendments")
    op.drop_index("ix_minute_entries_delprojekt_id", table_name="minute_entries")
    op.drop_index("ix_minute_entries_meeting_id", table_name="minute_entries")
    op.drop_table("minute_entries")
    op.drop_index("ix_meetings_delprojekt_id", table_name="meetings")
    op.drop_table("meetings")
