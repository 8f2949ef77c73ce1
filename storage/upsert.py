"""INSERT ... ON CONFLICT DO UPDATE, which SQLite and PostgreSQL both have under their own dialect."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection


async def upsert(
    connection: AsyncConnection,
    table: Table,
    values: Mapping[str, Any],
    key_columns: Iterable[str],
    keep_on_update: Iterable[str] = (),
) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    key_columns = list(key_columns)
    skip = set(key_columns) | set(keep_on_update)
    statement = dialect.insert(table).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=key_columns,
        set_={name: statement.excluded[name] for name in values if name not in skip},
    )
    await connection.execute(statement)
