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


class InsertNew:
    """INSERT ... ON CONFLICT (key) DO NOTHING, built once per dialect: True when the row went in,
    False when a row with that key was there already. No savepoint and no error to catch (a
    failed statement would spoil a PostgreSQL transaction); any other constraint still raises."""

    def __init__(self, table: Table, key_columns: Iterable[str]) -> None:
        keys = list(key_columns)
        self._statements = {
            name: dialect.insert(table).on_conflict_do_nothing(index_elements=keys)
            for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
        }

    async def __call__(self, connection: AsyncConnection, values: Mapping[str, Any]) -> bool:
        statement = self._statements["postgresql" if connection.dialect.name == "postgresql" else "sqlite"]
        result = await connection.execute(statement, dict(values))
        return result.rowcount == 1
