"""Test databases: a fresh SQLite file per test, and one fresh PostgreSQL database per test run.

PostgreSQL comes from SAMARBETE_TEST_POSTGRES_URL (an admin URL, e.g.
postgresql://postgres@127.0.0.1:5432/postgres; .ci/run sets it). When that variable is set,
PostgreSQL is *expected*: if it does not answer, the run fails instead of skipping. Without it, the
tests probe 127.0.0.1:5432 and skip the PostgreSQL variants only if nothing answers there.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass

import asyncpg
from sqlalchemy.engine import make_url

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
ENV_VAR = "SAMARBETE_TEST_POSTGRES_URL"


@dataclass
class PostgresDatabase:
    admin_url: str
    url: str
    name: str


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _create(admin_url: str) -> PostgresDatabase:
    name = f"samarbete_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(_asyncpg_dsn(admin_url), timeout=10)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return PostgresDatabase(admin_url=admin_url, url=url, name=name)


async def _drop(database: PostgresDatabase) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(database.admin_url), timeout=10)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')
    finally:
        await connection.close()


def postgres_expected() -> bool:
    return bool(os.environ.get(ENV_VAR))


def create_postgres_database() -> PostgresDatabase | str:
    """The database, or the reason it could not be had."""
    admin_url = os.environ.get(ENV_VAR) or DEFAULT_ADMIN_URL
    try:
        return asyncio.run(_create(admin_url))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"PostgreSQL at {make_url(admin_url).render_as_string()} is not usable: {error!r}"


def drop_postgres_database(database: PostgresDatabase) -> None:
    asyncio.run(_drop(database))
