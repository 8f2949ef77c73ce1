"""Lifecycle: uppdrag, arbetsgrupp, decisions, implementation per region, channel links, audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delprojekt") as batch:
        batch.add_column(sa.Column("uppdrag", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("created_by_id", sa.String(64), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("delprojekt") as batch:
        batch.alter_column("uppdrag", server_default=None)

    fk = {"ondelete": "CASCADE"}
    op.create_table(
        "arbetsgrupp_members",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("region", sa.String(100), nullable=True),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("aad_object_id", sa.String(64), nullable=True),
        sa.Column("added_by", sa.String(256), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_arbetsgrupp_members_delprojekt_id_delprojekt", **fk
        ),
        sa.PrimaryKeyConstraint("id", name="pk_arbetsgrupp_members"),
    )
    op.create_index("ix_arbetsgrupp_members_delprojekt_id", "arbetsgrupp_members", ["delprojekt_id"])
    op.create_table(
        "project_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("diarienummer", sa.String(60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(256), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_project_decisions_delprojekt_id_delprojekt", **fk
        ),
        sa.PrimaryKeyConstraint("id", name="pk_project_decisions"),
        sa.UniqueConstraint("delprojekt_id", "seq", name="uq_project_decisions_delprojekt_seq"),
    )
    op.create_index("ix_project_decisions_delprojekt_id", "project_decisions", ["delprojekt_id"])
    op.create_table(
        "region_implementation",
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("on", sa.Date(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_region_implementation_delprojekt_id_delprojekt", **fk
        ),
        sa.PrimaryKeyConstraint("delprojekt_id", "region", name="pk_region_implementation"),
    )
    op.create_table(
        "channel_links",
        sa.Column("link_id", sa.String(1024), nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(1024), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("linked_by", sa.String(256), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_channel_links_delprojekt_id_delprojekt", **fk
        ),
        sa.PrimaryKeyConstraint("link_id", name="pk_channel_links"),
    )
    op.create_index("ix_channel_links_delprojekt_id", "channel_links", ["delprojekt_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_name", sa.String(256), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=True),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"], ["delprojekt.id"], name="fk_audit_log_delprojekt_id_delprojekt", **fk
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_delprojekt_id", "audit_log", ["delprojekt_id"])
    op.create_table(
        "processed_submits",
        sa.Column("card_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("result", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("card_id", name="pk_processed_submits"),
    )


def downgrade() -> None:
    op.drop_table("processed_submits")
    op.drop_index("ix_audit_log_delprojekt_id", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_channel_links_delprojekt_id", table_name="channel_links")
    op.drop_table("channel_links")
    op.drop_table("region_implementation")
    op.drop_index("ix_project_decisions_delprojekt_id", table_name="project_decisions")
    op.drop_table("project_decisions")
    op.drop_index("ix_arbetsgrupp_members_delprojekt_id", table_name="arbetsgrupp_members")
    op.drop_table("arbetsgrupp_members")
    with op.batch_alter_table("delprojekt") as batch:
        batch.drop_column("updated_at")
        batch.drop_column("created_by_id")
        batch.drop_column("uppdrag")
