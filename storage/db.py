"""Engine creation: one code path for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_only

from storage.sqlite_driver import OneHopAiosqlite

_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg"}


def async_url(url: str) -> URL:
    """Accept plain `sqlite:///` and `postgresql://` URLs and pick the async driver for them."""
    parsed = make_url(url)
    backend = parsed.drivername.split("+", 1)[0]
    if backend not in _ASYNC_DRIVERS:
        raise ValueError(f"Unsupported database: {parsed.drivername!r} (use sqlite or postgresql)")
    return parsed.set(drivername=_ASYNC_DRIVERS[backend])


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = async_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # One thread hop per statement instead of four (storage/sqlite_driver.py).
        engine = create_async_engine(parsed, echo=echo, connect_args={"timeout": 30}, module=OneHopAiosqlite())
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    engine = create_async_engine(parsed, echo=echo, pool_size=10, max_overflow=10)
    event.listen(engine.sync_engine.pool, "checkout", _postgres_ping)
    return engine


def _postgres_ping(dbapi_connection, _record, _proxy) -> None:
    """A pooled connection is tried before it is handed out (a restarted server closed it): with
    one query in the simple protocol. SQLAlchemy's own pre-ping on asyncpg takes three round
    trips (BEGIN, the query, ROLLBACK), at every checkout, which is every turn (issue 18). A
    connection that does not answer is replaced (SQLAlchemy's pessimistic disconnect recipe)."""
    try:
        await_only(dbapi_connection.driver_connection.execute("SELECT 1"))
    except Exception as error:
        raise DisconnectionError("the database closed a pooled connection") from error


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers go on while the single writer writes; busy_timeout makes a second writer
    # wait instead of failing at once; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # The driver's own transaction handling breaks SAVEPOINTs and transactional DDL; we emit BEGIN
    # ourselves instead (SQLAlchemy's documented recipe for pysqlite/aiosqlite).
    dbapi_connection.isolation_level = None


# Execution option of a connection that only reads (storage/unit_of_work.py: UnitOfWorkFactory.read).
READ_ONLY = "samarbete_read_only"


def _sqlite_begin(connection) -> None:
    # IMMEDIATE takes the write lock at the start: SQLite has one writer, and a transaction that
    # first reads and then writes would otherwise fail with "database is locked" under contention.
    # A unit of work that only reads takes no write lock at all: in WAL mode it reads a consistent
    # snapshot beside the writer, instead of queueing every turn behind it.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
