"""Strategiska frågor (KEFU 10): the register of strategic questions, with forum, status and answer.

Every minutes entry of the kind strategisk_fraga written before this revision is carried into the
register: status väckt, forum NULL ("ej angivet": the minutes never said where the question was to
go, and guessing a forum would invent a fact), no answer, raised by the entry's writer at its time,
numbered SF-1, SF-2, ... per delprojekt in meeting order.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "strategic_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("delprojekt_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_entry_id", sa.String(36), nullable=True),
        sa.Column("forum", sa.String(30), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("raised_by", sa.String(256), nullable=False),
        sa.Column("raised_by_id", sa.String(64), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_by", sa.String(256), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(256), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["delprojekt_id"],
            ["delprojekt.id"],
            name="fk_strategic_questions_delprojekt_id_delprojekt",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_entry_id"],
            ["minute_entries.id"],
            name="fk_strategic_questions_source_entry_id_minute_entries",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_strategic_questions"),
        sa.UniqueConstraint("delprojekt_id", "number", name="uq_strategic_questions_delprojekt_number"),
        sa.UniqueConstraint("source_entry_id", name="uq_strategic_questions_source_entry_id"),
    )
    op.create_index("ix_strategic_questions_delprojekt_id", "strategic_questions", ["delprojekt_id"])
    op.create_index("ix_strategic_questions_status", "strategic_questions", ["status"])
    # One statement on both databases (window functions: SQLite 3.25+, every PostgreSQL we run).
    op.execute(
        """
        INSERT INTO strategic_questions
            (delprojekt_id, number, text, source_entry_id, forum, status, answer,
             raised_by, raised_by_id, raised_at, version)
        SELECT e.delprojekt_id,
               ROW_NUMBER() OVER (PARTITION BY e.delprojekt_id ORDER BY m.number, e.seq),
               e.text, e.id, NULL, 'vackt', '', e."by", NULL, e.at, 1
        FROM minute_entries e JOIN meetings m ON m.id = e.meeting_id
        WHERE e.kind = 'strategisk_fraga'
        """
    )


def downgrade() -> None:
    # The questions raised in the minutes are still there as entries; forum, status and answer
    # (and the kansli's own questions) go with the table.
    op.drop_index("ix_strategic_questions_status", table_name="strategic_questions")
    op.drop_index("ix_strategic_questions_delprojekt_id", table_name="strategic_questions")
    op.drop_table("strategic_questions")
