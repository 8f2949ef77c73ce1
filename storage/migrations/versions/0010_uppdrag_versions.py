"""The uppdrag as a living document: every version kept, the one the start decision froze.

Each existing delprojekt gets its current uppdrag as version 1, saved by whoever registered it at
registration; a delprojekt whose ledningsgrupp decided to start it (bifall) has version 1 frozen.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delprojekt") as batch:
        batch.add_column(sa.Column("uppdrag_version", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("uppdrag_revised_by", sa.String(256), nullable=False, server_default=""))
        batch.add_column(sa.Column("uppdrag_revised_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("uppdrag_frozen", sa.Integer, nullable=True))
    versions = op.create_table(
        "uppdrag_versions",
        sa.Column("delprojekt_id", sa.Integer, sa.ForeignKey("delprojekt.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    bind = op.get_bind()
    delprojekt = sa.table(
        "delprojekt", sa.column("id", sa.Integer), sa.column("uppdrag", sa.JSON), sa.column("created_by", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)), sa.column("uppdrag_revised_by", sa.String),
        sa.column("uppdrag_revised_at", sa.DateTime(timezone=True)), sa.column("uppdrag_frozen", sa.Integer),
    )  # fmt: skip
    started = {
        row[0]
        for row in bind.execute(
            sa.text(
                "SELECT DISTINCT delprojekt_id FROM project_decisions"
                " WHERE kind = 'ledningsgrupp_start' AND outcome = 'bifall'"
            )
        )
    }
    rows = []
    for row in bind.execute(sa.select(delprojekt.c.id, delprojekt.c.uppdrag, delprojekt.c.created_by,
                                      delprojekt.c.created_at)).mappings():  # fmt: skip
        at = row["created_at"] or datetime.now(UTC)
        at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        data = row["uppdrag"]
        data = json.loads(data) if isinstance(data, str) else dict(data or {})
        rows.append({"delprojekt_id": row["id"], "number": 1, "data": data, "by": row["created_by"], "at": at})
        bind.execute(
            sa.update(delprojekt)
            .where(delprojekt.c.id == row["id"])
            .values(uppdrag_revised_by=row["created_by"], uppdrag_revised_at=at,
                    uppdrag_frozen=1 if row["id"] in started else None)
        )  # fmt: skip
    if rows:
        op.bulk_insert(versions, rows)


def downgrade() -> None:
    op.drop_table("uppdrag_versions")
    # Not batch mode: on SQLite a batch drop recreates the delprojekt table, and dropping the old
    # one (foreign keys on) would cascade-delete every member, decision and entry. SQLite >= 3.35
    # drops a column in place.
    for column in ("uppdrag_frozen", "uppdrag_revised_at", "uppdrag_revised_by", "uppdrag_version"):
        op.drop_column("delprojekt", column)
