"""What one turn has loaded already, so a card submit reads its delprojekt once, not twice.

A turn typically resolves the delprojekt (a read-only unit of work) and then hands its key to a
service that loads it again inside its own transaction. With a turn scope open, the second load
asks the database for the delprojekt's version only; when that is the version already loaded, the
aggregate is the same (its row and children change only through `DelprojektRepository.save`,
which bumps the version in the same statement), and a copy of it is returned.

Nothing lives beyond the turn: the scope is a context variable opened around one turn.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.delprojekt import Delprojekt
from storage.connections import TurnConnection

# A turn loads a few delprojekt at most; a turn that reads many (a portfolio) keeps none of them.
LIMIT = 8


class TurnLoads:
    def __init__(self) -> None:
        self._by_key: dict[str, Delprojekt] = {}
        # The one connection the turn's units of work use in turn (storage/connections.py), while
        # `shared_connection` is open.
        self.connection: TurnConnection | None = None
        # Bot state rows read at the start of the turn, by storage key: (eTag, data), or None
        # for a key with no row (storage/bot_state.py: SqlBotStorage.prefetch).
        self.bot_state: dict[str, tuple[str, str] | None] = {}
        # Whether the card submit of this turn was applied before, read with the state rows
        # (bot/deliveries.py); only ever the answer from before this turn's own commit.
        self.delivered: dict[str, bool] = {}

    def remember(self, project: Delprojekt) -> None:
        if len(self._by_key) < LIMIT or str(project.key) in self._by_key:
            # A copy: the caller may change its object (a service does, before it saves).
            self._by_key[str(project.key)] = copy.deepcopy(project)

    def known(self, key: str) -> Delprojekt | None:
        return self._by_key.get(key)

    def known_id(self, project_id: int) -> Delprojekt | None:
        return next((p for p in self._by_key.values() if p.id == project_id), None)

    def forget(self, key: str) -> None:
        self._by_key.pop(key, None)


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
