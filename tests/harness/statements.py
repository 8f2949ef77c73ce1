"""Counting what a turn asks of the database: statements, transactions, connection checkouts.

Counts are deterministic where times are not, so the tests of issue 18 pin them instead of
timing anything. Listens on the engine's events; nothing in the code under test changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    checkouts: int = 0

    def touching(self, table: str) -> list[str]:
        """The statements that name `table` (as a word, any case)."""
        return [s for s in self.statements if f" {table}" in s.lower() or f'"{table}"' in s.lower()]

    def __str__(self) -> str:
        listing = "\n".join(f"  {s[:160]}" for s in self.statements)
        counts = f"{len(self.statements)} statements, {self.transactions} transactions, {self.checkouts} checkouts"
        return f"{counts}:\n{listing}"


# What SQLite's own transaction handling (storage/db.py) and savepoints emit: not statements of ours.
_BOOKKEEPING = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[Counted]:
    counted = Counted()
    sync_engine = engine.sync_engine

    def on_execute(_conn, _cursor, statement: str, *_args) -> None:
        if not statement.lstrip().upper().startswith(_BOOKKEEPING):
            counted.statements.append(" ".join(statement.split()))

    def on_begin(_conn) -> None:
        counted.transactions += 1

    def on_checkout(*_args) -> None:
        counted.checkouts += 1

    event.listen(sync_engine, "before_cursor_execute", on_execute)
    event.listen(sync_engine, "begin", on_begin)
    event.listen(sync_engine.pool, "checkout", on_checkout)
    try:
        yield counted
    finally:
        event.remove(sync_engine, "before_cursor_execute", on_execute)
        event.remove(sync_engine, "begin", on_begin)
        event.remove(sync_engine.pool, "checkout", on_checkout)
