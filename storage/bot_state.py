"""A botbuilder `Storage` on our database, so ConversationState and UserState (and with them every
dialog in progress) survive a restart and can be continued by another instance.

eTag semantics follow the SDK's own storages: an item read from storage carries its `e_tag`; writing
it back with that eTag succeeds only if nobody wrote in between; `*` or no eTag overwrites.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import jsonpickle
from botbuilder.core import Storage
from sqlalchemy import String, Text, cast, delete, literal, null, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.connections import lease
from storage.tables import bot_state, processed_submits
from storage.turn_cache import CURRENT_TURN, shared_connection


class ETagConflict(KeyError):
    """The stored item changed since it was read. KeyError, as botbuilder's MemoryStorage raises."""


def _get_etag(item: Any) -> str | None:
    if isinstance(item, Mapping):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _set_etag(item: Any, etag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = etag
    elif hasattr(item, "__dict__"):
        item.e_tag = etag


def _encode(item: Any) -> str:
    # The eTag lives in its own column; the stored document must not carry a stale copy of it.
    if isinstance(item, dict):
        item = {k: v for k, v in item.items() if k != "e_tag"}
    # jsonpickle keeps the classes of dialog state (DialogState, DialogInstance...). The data is
    # read back only from our own database, never from user input.
    return jsonpickle.encode(item, keys=True)


class SqlBotStorage(Storage):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def shared_connection(self):
        """For a turn: its units of work on this storage's database use one connection."""
        return shared_connection(self._engine)

    async def _rows(self, keys: Sequence[str], delivery_key: str | None = None) -> dict[str, tuple[str, str]]:
        loads = CURRENT_TURN.get()
        # A read: on SQLite it takes no write lock; in a turn, the turn's read transaction.
        reading = await lease(self._engine, True, loads.connection if loads is not None else None)
        failed = True
        try:
            query = select(literal(0).label("submit"), bot_state.c.key, bot_state.c.etag, bot_state.c.data).where(
                bot_state.c.key.in_(list(keys))
            )
            asks = delivery_key is not None and loads is not None
            if asks:
                # A card submit's turn reads all it needs first in one statement: the state rows
                # and whether this activity was applied before (one round trip less, issue 18).
                applied = select(
                    literal(1), processed_submits.c.card_id, cast(null(), String), cast(null(), Text)
                ).where(processed_submits.c.card_id == delivery_key)
                query = union_all(query, applied)
            found, delivered = {}, False
            for submit, key, etag, data in await reading.connection.execute(query):
                if submit:
                    delivered = True
                else:
                    found[key] = (etag, data)
            if asks:
                loads.delivered[delivery_key] = delivered
            failed = False
            return found
        finally:
            await reading.release(failed)

    async def prefetch(self, keys: Sequence[str], delivery_key: str | None = None) -> None:
        """Read the state rows a turn is about to ask for (conversation and user state) and, for a
        card submit, whether it was applied before (bot/deliveries.py), in one statement; `read`
        answers from them for the rest of the turn."""
        loads = CURRENT_TURN.get()
        if loads is None or not (keys or delivery_key):
            return
        rows = await self._rows(keys, delivery_key)
        loads.bot_state.update({key: rows.get(key) for key in keys})

    async def read(self, keys: Sequence[str]) -> dict[str, Any]:
        if not keys:
            return {}
        loads = CURRENT_TURN.get()
        prefetched = loads.bot_state if loads is not None else {}
        missing = [key for key in keys if key not in prefetched]
        rows = await self._rows(missing) if missing else {}
        rows.update({key: row for key in keys if key in prefetched and (row := prefetched[key]) is not None})
        result: dict[str, Any] = {}
        for key, (etag, data) in rows.items():
            # Decoded afresh for every read: callers change what they get.
            item = jsonpickle.decode(data, keys=True)
            _set_etag(item, etag)
            result[key] = item
        return result

    async def write(self, changes: Mapping[str, Any]) -> None:
        if changes is None:
            raise TypeError("changes are required when writing")
        if not changes:
            return
        self._forget_prefetched(changes)
        now = datetime.now(UTC)
        written: list[tuple[Any, str]] = []
        # All changes of one call land together or not at all.
        async with self._writing() as connection:
            for key, item in changes.items():
                expected = _get_etag(item)
                if expected == "":
                    raise ValueError("write(): empty eTag")
                new_etag = uuid.uuid4().hex
                data = _encode(item)
                if expected is None or expected == "*":
                    updated = await connection.execute(
                        update(bot_state).where(bot_state.c.key == key).values(etag=new_etag, data=data, updated_at=now)
                    )
                    if updated.rowcount == 0 and not await self._insert(connection, key, new_etag, data, now):
                        # Created by another writer a moment ago; an unconditional write still wins.
                        await connection.execute(
                            update(bot_state)
                            .where(bot_state.c.key == key)
                            .values(etag=new_etag, data=data, updated_at=now)
                        )
                else:
                    updated = await connection.execute(
                        update(bot_state)
                        .where(bot_state.c.key == key, bot_state.c.etag == expected)
                        .values(etag=new_etag, data=data, updated_at=now)
                    )
                    if updated.rowcount == 0:
                        exists = await connection.execute(select(bot_state.c.etag).where(bot_state.c.key == key))
                        if exists.first() is not None:
                            raise ETagConflict(f"eTag conflict for {key!r}")
                        # Read earlier, deleted since: there is nothing to conflict with.
                        if not await self._insert(connection, key, new_etag, data, now):
                            raise ETagConflict(f"eTag conflict for {key!r}")
                written.append((item, new_etag))
        # Only after the commit: a failed batch leaves the callers' eTags as they were.
        for item, etag in written:
            _set_etag(item, etag)

    @staticmethod
    async def _insert(connection, key: str, etag: str, data: str, now: datetime) -> bool:
        """Insert a new row; False if another writer created the key between our UPDATE and INSERT."""
        try:
            async with connection.begin_nested():
                await connection.execute(bot_state.insert().values(key=key, etag=etag, data=data, updated_at=now))
        except IntegrityError:
            return False
        return True

    async def delete(self, keys: Sequence[str]) -> None:
        if not keys:
            return
        self._forget_prefetched(keys)
        async with self._writing() as connection:
            await connection.execute(delete(bot_state).where(bot_state.c.key.in_(list(keys))))

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction (in a turn, on the turn's connection), committed when the block
        ends without an error."""
        loads = CURRENT_TURN.get()
        writing = await lease(self._engine, False, loads.connection if loads is not None else None)
        failed = True
        try:
            yield writing.connection
            await writing.commit()
            failed = False
        finally:
            await writing.release(failed)

    @staticmethod
    def _forget_prefetched(keys) -> None:
        # Written or deleted in this turn: later reads go to the database again.
        loads = CURRENT_TURN.get()
        if loads is not None:
            for key in keys:
                loads.bot_state.pop(key, None)
