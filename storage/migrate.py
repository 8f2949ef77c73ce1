"""Apply Alembic migrations from code (start-up and `samarbete migrate`).

Alembic (with Mako) is imported only when there is something to migrate: a restart on a database
that is up to date reads its revision with one statement and goes on, and an empty database gets
today's schema from storage/tables.py (issue 18: importing Alembic was 0.25 s of the service's
start-up, replaying every script another 0.2–0.4 s)."""

from __future__ import annotations

import re
from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import metadata

if TYPE_CHECKING:
    from alembic.config import Config

# The table Alembic keeps its revision in, as Alembic creates it.
_VERSION_TABLE = text(
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
    " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
)
# The migration scripts are numbered, one after the other: 0001_....py, 0002_....py (each one's
# `revision` is its number; tests/storage/test_migrations.py holds Alembic to it).
_SCRIPT = re.compile(r"^(\d{4})_\w+\.py$")

# Any fixed number: several instances starting at once on one PostgreSQL take turns migrating.
_MIGRATION_LOCK_ID = 7_301_722_001


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("storage") / "migrations"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def newest_script() -> str:
    """The newest migration script's revision, read from the file names (without Alembic)."""
    names = (entry.name for entry in (files("storage") / "migrations" / "versions").iterdir())
    return max(match.group(1) for name in names if (match := _SCRIPT.match(name)))


async def stored_revision(engine: AsyncEngine) -> str | None:
    """The database's revision as Alembic recorded it; None for a database never migrated."""
    async with engine.connect() as connection:
        if not await connection.run_sync(lambda c: inspect(c).has_table("alembic_version")):
            return None
        return (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()


async def migrate(engine: AsyncEngine, *, replay: bool = False) -> str:
    """Bring the database to the newest revision; returns that revision.

    A database with no tables at all gets today's schema at once, from storage/tables.py, recorded
    as the newest revision: what Alembic's documentation advises for a database built from
    scratch, instead of replaying every script (issue 18: 0.4–0.7 s of a first start, and of every
    test database). tests/storage/test_migrations.py holds the two to the same schema. `replay`
    runs the scripts even then (for the tests that check them)."""
    newest = newest_script()
    if await stored_revision(engine) == newest:
        return newest
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several instances starting at once on one PostgreSQL take turns; each looks again.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        if not tables and not replay:
            await connection.run_sync(metadata.create_all)
            await connection.execute(_VERSION_TABLE)
            await connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": newest})
            return newest
        from alembic import command

        config = alembic_config()

        def upgrade(sync_connection) -> None:
            config.attributes["connection"] = sync_connection
            command.upgrade(config, "head")

        await connection.run_sync(upgrade)
    return head_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    async with engine.connect() as connection:
        return await connection.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
