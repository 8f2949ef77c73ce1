"""Migrations: applied on both databases, idempotent, and in step with storage/tables.py."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from storage.migrate import current_revision, head_revision, migrate
from storage.tables import metadata


async def test_database_is_at_head_and_migrating_again_is_a_no_op(engine):
    assert await current_revision(engine) == head_revision()
    assert await migrate(engine) == head_revision()


async def test_tables_match_the_migrations(engine):
    """A change to storage/tables.py without a migration (or the reverse) fails here."""

    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []
