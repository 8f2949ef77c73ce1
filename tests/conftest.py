"""Shared fixtures: every database-touching test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine
from storage.migrate import migrate
from storage.tables import metadata
from tests.harness import databases
from tests.harness.fake_connector import FakeConnector


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[databases.PostgresDatabase | str]:
    """One fresh PostgreSQL database for the whole run, migrated once; dropped afterwards."""
    created = databases.create_postgres_database()
    if isinstance(created, str):
        if databases.postgres_expected():
            pytest.fail(f"{databases.ENV_VAR} is set but {created}", pytrace=False)
        yield created
        return
    try:
        yield created
    finally:
        databases.drop_postgres_database(created)


@pytest.fixture(scope="session")
def _postgres_migrated(postgres_database) -> bool:
    if isinstance(postgres_database, str):
        return False
    import asyncio

    async def run() -> None:
        engine = create_engine(postgres_database.url)
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    asyncio.run(run())
    return True


async def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


async def _sqlite(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'samarbete.db'}"
    engine = create_engine(url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path, postgres_database, _postgres_migrated) -> str:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        return await _sqlite(tmp_path)
    if isinstance(postgres_database, str):
        pytest.skip(f"{postgres_database} (set {databases.ENV_VAR} to make this a failure)")
    await _empty_postgres(postgres_database.url)
    return postgres_database.url


@pytest.fixture
async def sqlite_url(tmp_path) -> str:
    """A migrated, empty SQLite database, for the tests whose outcome no database can change: the
    HTTP edge (authentication, tenants, body limits, malformed bodies, signing keys), routing and
    the texts of help and greetings. They run once; what they store in passing (bot state,
    conversation references) is tested on both databases by the tests that are about it."""
    return await _sqlite(tmp_path)


@pytest.fixture
async def engine(database_url) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()
