"""Foundation: bot state, conversation references, delprojekt and their stage history.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(1024), nullable=False),
        sa.Column("etag", sa.String(64), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_bot_state"),
    )
    op.create_table(
        "conversation_references",
        sa.Column("conversation_id", sa.String(1024), nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("service_url", sa.String(1024), nullable=False),
        sa.Column("conversation_type", sa.String(32), nullable=True),
        sa.Column("tenant_id", sa.String(64), nullable=True),
        sa.Column("team_id", sa.String(512), nullable=True),
        sa.Column("teams_channel_id", sa.String(512), nullable=True),
        sa.Column("bot_id", sa.String(512), nullable=True),
        sa.Column("bot_name", sa.String(256), nullable=True),
        sa.Column("user_id", sa.String(512), nullable=True),
        sa.Column("user_aad_object_id", sa.String(64), nullable=True),
        sa.Column("user_name", sa.String(256), nullable=True),
        sa.Column("locale", sa.String(16), nullable=True),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name="pk_conversation_references"),
    )
    op.create_table(
        "delprojekt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("key_prefix", sa.String(8), nullable=False),
        sa.Column("key_year", sa.Integer(), nullable=False),
        sa.Column("key_number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("characters", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_delprojekt"),
        sa.UniqueConstraint("key", name="uq_delprojekt_key"),
        sa.UniqueConstraint("key_prefix", "key_year", "key_number", name="uq_delprojekt_key_parts"),
    )
    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(40), nullable=True),
        sa.Column("to_stage", sa.String(40), nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("overridden", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"],
            ["delprojekt.id"],
            name="fk_stage_changes_delprojekt_id_delprojekt",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stage_changes"),
        sa.UniqueConstraint("delprojekt_id", "seq", name="uq_stage_changes_delprojekt_seq"),
    )
    op.create_index("ix_stage_changes_delprojekt_id", "stage_changes", ["delprojekt_id"])


def downgrade() -> None:
    op.drop_index("ix_stage_changes_delprojekt_id", table_name="stage_changes")
    op.drop_table("stage_changes")
    op.drop_table("delprojekt")
    op.drop_table("conversation_references")
    op.drop_table("bot_state")
