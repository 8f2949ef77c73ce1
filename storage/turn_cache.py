"""What a turn, or this process, has read already (issue 18).

- `KnownDelprojekt`: the delprojekt aggregates this process loaded, each with the row it was built
  from. A load reads the delprojekt's row; when the row is the one an aggregate was built from,
  so are its children (they change only through `DelprojektRepository.save`, which bumps the
  version and the time of the change in the row, in the same transaction), and a copy of that
  aggregate is returned instead of reading six child tables. A change made by another instance
  shows in the row and is read in full. Bounded (an LRU), one per unit-of-work factory.
- `TurnLoads`: what one turn read at its start (the bot state rows, whether a card submit was
  applied before, where a meeting's card is) and the turn's one connection
  (storage/connections.py). Nothing of it lives beyond the turn: the scope is a context variable
  opened around one turn.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.delprojekt import Delprojekt
from storage.connections import TurnConnection


class KnownDelprojekt:
    """Aggregates by key, each with the row it was built from; the least recently used go first."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._by_key: OrderedDict[str, tuple[tuple[Any, ...], Delprojekt]] = OrderedDict()

    def get(self, row) -> Delprojekt | None:
        """A copy of the aggregate built from exactly this row (every column the same), if known."""
        known = self._by_key.get(row.key)
        if known is None or known[0] != tuple(row):
            return None
        self._by_key.move_to_end(row.key)
        # A copy: the caller may change its object (a service does, before it saves).
        return copy.deepcopy(known[1])

    def remember(self, row, project: Delprojekt) -> None:
        """Only what was read in a transaction that wrote nothing: committed, never taken back."""
        self._by_key[row.key] = (tuple(row), copy.deepcopy(project))
        self._by_key.move_to_end(row.key)
        while len(self._by_key) > self._size:
            self._by_key.popitem(last=False)

    def __len__(self) -> int:
        return len(self._by_key)


class TurnLoads:
    def __init__(self) -> None:
        # The one connection the turn's units of work use in turn (storage/connections.py), while
        # `shared_connection` is open.
        self.connection: TurnConnection | None = None
        # Bot state rows read at the start of the turn, by storage key: (eTag, data), or None
        # for a key with no row (storage/bot_state.py: SqlBotStorage.prefetch).
        self.bot_state: dict[str, tuple[str, str] | None] = {}
        # Whether the card submit of this turn was applied before, read with the state rows
        # (bot/deliveries.py); only ever the answer from before this turn's own commit.
        self.delivered: dict[str, bool] = {}
        # Meeting id -> (conversation id, activity id) of its card, as read with the meeting.
        self.meeting_cards: dict[int, tuple[str | None, str | None]] = {}


CURRENT_TURN: ContextVar[TurnLoads | None] = ContextVar("current_turn_loads", default=None)


@contextmanager
def turn_scope() -> Iterator[TurnLoads]:
    loads = TurnLoads()
    token = CURRENT_TURN.set(loads)
    try:
        yield loads
    finally:
        CURRENT_TURN.reset(token)


@asynccontextmanager
async def shared_connection(engine: AsyncEngine) -> AsyncIterator[None]:
    """Inside a turn scope: the turn's units of work on `engine` use one connection, one after
    another (storage/connections.py); it goes back to the pool when the block ends."""
    loads = CURRENT_TURN.get()
    if loads is None or loads.connection is not None:
        yield
        return
    loads.connection = TurnConnection(engine)
    try:
        yield
    finally:
        connection, loads.connection = loads.connection, None
        await connection.close()
