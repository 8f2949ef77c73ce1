"""Indexes for what a turn reads (issue 18): a meeting's newest entries (the minutes card shows
the last 25) and a delprojekt's open action items past due (`status`), so neither reads a
delprojekt's whole history; and the delprojekt in key order (`översikt` lists the first ones).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_minute_entries_meeting_seq", "minute_entries", ["meeting_id", "seq"])
    op.create_index("ix_minute_entries_open_actions", "minute_entries", ["delprojekt_id", "kind", "done_at", "due"])
    op.create_index("ix_delprojekt_year_number", "delprojekt", ["key_year", "key_number"])


def downgrade() -> None:
    op.drop_index("ix_delprojekt_year_number", table_name="delprojekt")
    op.drop_index("ix_minute_entries_open_actions", table_name="minute_entries")
    op.drop_index("ix_minute_entries_meeting_seq", table_name="minute_entries")
