"""Process model 2: decisions with outcomes, regional decisions, the anchoring log; the
ordförande-rotation reminders are cancelled.

Existing ledningsgrupp and nämnd decisions become bifall (they opened their gates). The anchoring
checkboxes of the initiation form (uppdrag.anchoring in the delprojekt row) become log entries in
the line organisation, dated at registration, recorded by whoever registered the delprojekt.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("project_decisions") as batch:
        batch.add_column(sa.Column("outcome", sa.String(20), nullable=False, server_default="bifall"))
        batch.add_column(sa.Column("return_to", sa.String(40), nullable=True))
    with op.batch_alter_table("stage_changes") as batch:
        batch.add_column(sa.Column("decision_kind", sa.String(40), nullable=True))
        batch.add_column(sa.Column("diarienummer", sa.String(60), nullable=False, server_default=""))
    op.create_table(
        "regional_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("delprojekt_id", sa.Integer, sa.ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("diarienummer", sa.String(60), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.String(256), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("delprojekt_id", "seq", name="uq_regional_decisions_delprojekt_seq"),
    )
    op.create_index("ix_regional_decisions_delprojekt_id", "regional_decisions", ["delprojekt_id"])
    anchoring = op.create_table(
        "anchoring_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("delprojekt_id", sa.Integer, sa.ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("forum", sa.String(40), nullable=False),
        sa.Column("on", sa.Date, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("views", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("recorded_by", sa.String(256), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("delprojekt_id", "seq", name="uq_anchoring_entries_delprojekt_seq"),
    )
    op.create_index("ix_anchoring_entries_delprojekt_id", "anchoring_entries", ["delprojekt_id"])

    bind = op.get_bind()
    delprojekt = sa.table(
        "delprojekt",
        sa.column("id", sa.Integer),
        sa.column("uppdrag", sa.JSON),
        sa.column("created_by", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rows = []
    for row in bind.execute(sa.select(delprojekt)).mappings():
        uppdrag = row["uppdrag"]
        if isinstance(uppdrag, str):
            uppdrag = json.loads(uppdrag)
        uppdrag = dict(uppdrag or {})
        ticked = [region for region, done in (uppdrag.pop("anchoring", None) or {}).items() if done]
        created_at = row["created_at"] or datetime.now(UTC)
        created_at = created_at.replace(tzinfo=UTC) if created_at.tzinfo is None else created_at.astimezone(UTC)
        for seq, region in enumerate(sorted(ticked)):
            rows.append(
                {
                    "delprojekt_id": row["id"], "seq": seq, "region": region, "forum": "linjen",
                    "on": created_at.date(), "who": row["created_by"], "views": "", "outcome": "forankrat",
                    "recorded_by": row["created_by"], "recorded_at": created_at,
                }
            )  # fmt: skip
        bind.execute(sa.update(delprojekt).where(delprojekt.c.id == row["id"]).values(uppdrag=uppdrag))
    if rows:
        op.bulk_insert(anchoring, rows)
    # The ordförande-rotation rule came from seed 004 (an RSG's rule, not a delprojekt's): removed,
    # so its planned reminders are not sent.
    bind.execute(sa.text("UPDATE reminders SET state = 'cancelled' WHERE rule = 'ordforande' AND state = 'pending'"))


def downgrade() -> None:
    op.drop_index("ix_anchoring_entries_delprojekt_id", "anchoring_entries")
    op.drop_table("anchoring_entries")
    op.drop_index("ix_regional_decisions_delprojekt_id", "regional_decisions")
    op.drop_table("regional_decisions")
    with op.batch_alter_table("stage_changes") as batch:
        batch.drop_column("diarienummer")
        batch.drop_column("decision_kind")
    with op.batch_alter_table("project_decisions") as batch:
        batch.drop_column("return_to")
        batch.drop_column("outcome")
