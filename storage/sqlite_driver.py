"""SQLAlchemy's aiosqlite adapter with one thread hop per statement instead of four (issue 18).

aiosqlite runs every call on a thread of its own per connection, and SQLAlchemy's adapter makes
four such calls for each statement (open a cursor, execute, fetch, close), each a round trip
through a queue and the event loop. On this service's statements, which take microseconds in
SQLite, the round trips were most of a statement's cost and held the event loop between them.
This cursor does all four in one call on the connection's thread; everything else (the dialect,
the pool, the type handling, the errors) is SQLAlchemy's and aiosqlite's own.

Passed to `create_async_engine(module=...)` in storage/db.py; server-side cursors (which this
service does not use) keep the stock behaviour.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)


def _run(connection: aiosqlite.Connection, operation: str, parameters: Any) -> tuple[Any, list, int, int | None]:
    # On the connection's own thread: the sqlite3 connection is only ever used there.
    cursor = connection._conn.cursor()
    try:
        cursor.execute(operation, () if parameters is None else parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _run_many(connection: aiosqlite.Connection, operation: str, rows: Any) -> tuple[int, int | None]:
    cursor = connection._conn.cursor()
    try:
        cursor.executemany(operation, rows)
        return cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            description, rows, self.rowcount, self.lastrowid = self.await_(
                self._connection._execute(_run, self._connection, operation, parameters)
            )
            self.description = description
            self._rows = deque(rows)
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            self.rowcount, self.lastrowid = self.await_(
                self._connection._execute(_run_many, self._connection, operation, seq_of_parameters)
            )
            self.description = None
        except Exception as error:
            self._adapt_connection._handle_exception(error)


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        return super().cursor(server_side) if server_side else _Cursor(self)


class OneHopAiosqlite(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect is given instead of its own."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return _Connection(self, adapted._connection)
