"""How a unit of work gets its connection and transaction (issue 18).

Two things a turn's units of work share:

- **One connection per turn.** A turn runs its units of work one after another (read the state
  rows, resolve the delprojekt, write the change, read what the card shows). Inside a turn scope
  (storage/turn_cache.py: `shared_connection`) they all use one pooled connection: one checkout
  (and on PostgreSQL one pre-ping) per turn instead of one per unit of work. Units of work that
  only read, one after another, share one read transaction, as if they were one: a turn that
  reads, reads again and then writes takes two transactions. A write always begins its own
  transaction, after the read one ended, and whatever the turn reads after a write is read in a
  new transaction, so a turn sees its own changes. A unit of work that starts while another one
  of the same turn is still open gets a connection of its own, as before.

- **SQLite's one writer.** SQLite lets one transaction write at a time; a second `BEGIN
  IMMEDIATE` waits in SQLite's busy handler, which sleeps in growing steps (up to 100 ms) and
  wakes late after the lock is free. In this process writers instead queue on an asyncio lock,
  in order, and the next one begins the moment the previous one committed. Other processes (the
  reminder worker, the CLI) still meet SQLite's busy handler, as before.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field

from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import READ_ONLY, is_sqlite

_WRITERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
WRITER_WAIT_SECONDS = 30


def _writer_lock(engine: AsyncEngine) -> asyncio.Lock | None:
    """This process's queue of SQLite writers on `engine` (None on PostgreSQL: row locks there)."""
    if not is_sqlite(engine):
        return None
    loop = asyncio.get_running_loop()
    by_loop = _WRITERS.setdefault(engine.sync_engine, weakref.WeakKeyDictionary())
    lock = by_loop.get(loop)
    if lock is None:
        lock = by_loop[loop] = asyncio.Lock()
    return lock


@dataclass
class Lease:
    """A connection for one unit of work. A writer's transaction has begun (after the writer lock
    on SQLite); a reader's begins with its first statement (SQLAlchemy's autobegin, through the
    `begin` listener in storage/db.py), so a unit of work that reads nothing costs nothing."""

    connection: AsyncConnection
    read_only: bool
    shared: TurnConnection | None = None
    _lock: asyncio.Lock | None = field(default=None, repr=False)

    async def commit(self) -> None:
        await self.connection.commit()
        self._unlock()  # the next writer may begin: nothing of ours is left to write

    async def release(self, failed: bool) -> None:
        try:
            # A read in a turn's shared transaction stays open for the next read of the turn,
            # unless it failed (on PostgreSQL a failed statement spoils the transaction).
            keep = self.shared is not None and self.read_only and not failed
            if not keep and self.connection.in_transaction():
                await self.connection.rollback()
        except BaseException:
            if self.shared is not None:
                await self.shared.close()  # not to be used again: the turn's next unit of work connects anew
            raise
        finally:
            self._unlock()
            if self.shared is not None:
                self.shared.busy = False
            else:
                await self.connection.close()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class TurnConnection:
    """The one connection of a turn's units of work (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.busy = False
        self._connection: AsyncConnection | None = None
        self._reading = False  # whether a transaction still open on it is a read

    async def lease(self, read_only: bool) -> Lease | None:
        """The turn's connection for a unit of work; None while another one of the turn holds it."""
        if self.busy:
            return None
        self.busy = True
        locked: asyncio.Lock | None = None
        try:
            if self._connection is None:
                self._connection = await self.engine.connect()
            connection = self._connection
            if connection.in_transaction() and not (read_only and self._reading):
                await connection.rollback()  # a read transaction, with nothing to keep
            if not read_only:
                locked = await _lock_for_writing(self.engine)
            await _start(connection, read_only, in_turn=True)
            self._reading = read_only
            return Lease(connection, read_only, self, locked)
        except BaseException:
            if locked is not None:
                locked.release()
            self.busy = False
            await self.close()
            raise

    async def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()  # rolls back a read transaction still open


async def _lock_for_writing(engine: AsyncEngine) -> asyncio.Lock | None:
    """Wait for this process's earlier SQLite writers; the lock, held, or None when there is none."""
    lock = _writer_lock(engine)
    if lock is not None:
        try:
            # As long as SQLite's own busy timeout (storage/db.py): a writer that waits longer
            # fails as it did there, rather than for ever.
            await asyncio.wait_for(lock.acquire(), WRITER_WAIT_SECONDS)
        except TimeoutError:
            raise OperationalError("BEGIN IMMEDIATE", None, TimeoutError("database is locked")) from None
    return lock


async def _start(connection: AsyncConnection, read_only: bool, in_turn: bool = False) -> None:
    # On SQLite a read-only connection begins with a plain BEGIN, a writer with BEGIN IMMEDIATE
    # (storage/db.py). A writer begins now, holding the lock; a reader at its first statement.
    if connection.in_transaction():
        return  # the turn's read transaction, continued
    options: dict = {READ_ONLY: read_only}
    if in_turn and connection.dialect.name == "postgresql":
        # A turn's reads on PostgreSQL without BEGIN and ROLLBACK (two round trips): under READ
        # COMMITTED each statement sees the latest commits anyway, in a transaction or not. Reads
        # outside turns keep theirs (a reminder sweep holds its lock in one).
        options["isolation_level"] = "AUTOCOMMIT" if read_only else connection.dialect.default_isolation_level
    await connection.execution_options(**options)
    if not read_only:
        await connection.begin()


async def lease(engine: AsyncEngine, read_only: bool, shared: TurnConnection | None) -> Lease:
    """A connection for a unit of work: in a turn the turn's, else one of its own."""
    if shared is not None and shared.engine is engine:
        leased = await shared.lease(read_only)
        if leased is not None:
            return leased
    locked = None if read_only else await _lock_for_writing(engine)
    try:
        connection = await engine.connect()
        try:
            await _start(connection, read_only)
        except BaseException:
            await connection.close()
            raise
        return Lease(connection, read_only, None, locked)
    except BaseException:
        if locked is not None:
            locked.release()
        raise
