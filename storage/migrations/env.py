"""Alembic environment. The service and `samarbete migrate` pass an open connection in
`config.attributes["connection"]` (see storage.migrate); the `alembic` command line gets one from
DATABASE_URL."""

from __future__ import annotations

import asyncio
import os

from alembic import context

from storage.db import create_engine
from storage.tables import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    engine = create_engine(os.environ.get("DATABASE_URL", "sqlite:///var/samarbete.db"))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `samarbete migrate`.")

connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_with_own_engine())
