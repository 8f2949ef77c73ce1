"""Reads that a turn shares or skips (issue 18): read-only units of work, the turn's memory of
a delprojekt it loaded, the bot state read once per turn, and conversation addresses not written
again while unchanged. Each must never serve something stale or lose a write."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.middleware import ConversationReferenceRecorder, RecentlyRecorded
from domain.audit import AuditEntry
from domain.keys import DelprojektKey
from storage import connections
from storage.bot_state import SqlBotStorage
from storage.db import create_engine, is_sqlite
from storage.turn_cache import shared_connection, turn_scope
from storage.unit_of_work import UnitOfWorkFactory
from tests.harness import activities
from tests.harness.activities import Conversation
from tests.harness.example_delprojekt import store_example
from tests.harness.statements import counting

KEY = DelprojektKey.parse("SBV-2026-03")


async def test_a_read_only_unit_of_work_cannot_commit(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow.read() as work:
        with pytest.raises(TypeError):
            await work.commit()


async def test_on_sqlite_reading_does_not_wait_for_a_writer(engine):
    if not is_sqlite(engine):
        pytest.skip("PostgreSQL readers never wait for writers")
    uow = UnitOfWorkFactory(engine)
    await store_example(uow, meetings=1)
    async with uow() as writer:  # BEGIN IMMEDIATE: holds the write lock
        project = await writer.delprojekt.get(KEY)
        project.title = "Ändrad men inte sparad än"
        await writer.delprojekt.save(project)

        async def read() -> str:
            async with uow.read() as reader:
                return (await reader.delprojekt.get(KEY)).title

        # Before issue 18 every unit of work began with BEGIN IMMEDIATE and this waited 30 s.
        title = await asyncio.wait_for(read(), timeout=5)
        assert title != "Ändrad men inte sparad än"  # the committed state, not the writer's
        await writer.commit()


async def test_a_delprojekt_loaded_in_the_turn_is_read_again_by_version(engine):
    uow = UnitOfWorkFactory(engine)
    await store_example(uow, meetings=1)
    with turn_scope():
        async with uow.read() as reader:
            first = await reader.delprojekt.get(KEY)
        with counting(engine) as counted:
            async with uow() as writer:
                again = await writer.delprojekt.get(KEY)
        assert again == first and again is not first
        assert len(counted.statements) == 1  # the row (its version), not the children
        # Changed meanwhile (by another instance, say): read in full, the change seen.
        async with uow() as other:
            project = await other.delprojekt.get(KEY)
            project.title = "Ny titel"
            await other.delprojekt.save(project)
            await other.commit()
        async with uow() as writer:
            fresh = await writer.delprojekt.get(KEY)
        assert fresh.title == "Ny titel" and fresh.version == first.version + 1


async def test_what_a_writer_saw_and_rolled_back_is_never_remembered(engine):
    uow = UnitOfWorkFactory(engine)
    await store_example(uow, meetings=1)
    with turn_scope():
        async with uow.read() as reader:
            before = await reader.delprojekt.get(KEY)
        async with uow() as writer:  # saved, read back, then rolled back
            project = await writer.delprojekt.get(KEY)
            project.title = "Aldrig sparad"
            await writer.delprojekt.save(project)
            assert (await writer.delprojekt.get(KEY)).title == "Aldrig sparad"
        # Another writer now commits the same version number with other content.
        async with uow() as other:
            project = await other.delprojekt.get(KEY)
            project.title = "Sparad av någon annan"
            await other.delprojekt.save(project)
            await other.commit()
        async with uow.read() as reader:
            after = await reader.delprojekt.get(KEY)
    assert after.title == "Sparad av någon annan" and after.version == before.version + 1


async def test_the_state_rows_are_read_once_and_a_write_is_read_back(engine):
    storage = SqlBotStorage(engine)
    await storage.write({"conversation/1": {"dialog": 1}, "user/1": {"locale": "sv"}})
    with turn_scope():
        with counting(engine) as counted:
            await storage.prefetch(["conversation/1", "user/1", "user/2"])
            first = await storage.read(["conversation/1"])
            user = await storage.read(["user/1", "user/2"])
        assert len(counted.statements) == 1
        assert first["conversation/1"]["dialog"] == 1 and user["user/1"]["locale"] == "sv" and "user/2" not in user
        first["conversation/1"]["dialog"] = 2  # a caller's change is its own, not the cache's
        assert (await storage.read(["conversation/1"]))["conversation/1"]["dialog"] == 1
        await storage.write({"conversation/1": first["conversation/1"]})
        assert (await storage.read(["conversation/1"]))["conversation/1"]["dialog"] == 2


async def test_an_unchanged_address_is_written_once_a_changed_one_at_once(database_url):
    engine = create_engine(database_url)
    try:
        recorder = ConversationReferenceRecorder(UnitOfWorkFactory(engine), RecentlyRecorded())
        where = Conversation.channel("adresser")

        async def turn(activity) -> int:
            context = TurnContext(object(), Activity().deserialize(activity))  # type: ignore[arg-type]
            with counting(engine) as counted:
                await recorder.on_turn(context, _nothing)
            return len(counted.touching("conversation_references"))

        assert await turn(activities.message("https://smba.example/", "hjälp", where=where)) == 1
        assert await turn(activities.message("https://smba.example/", "status", where=where)) == 0
        assert await turn(activities.message("https://smba.other/", "status", where=where)) == 1
        # The bot added again (after a 403 marked the conversation inactive): always written.
        assert await turn(activities.bot_installed("https://smba.other/", where=where)) == 1
    finally:
        await engine.dispose()


def test_recently_recorded_is_bounded_and_expires():
    now = [0.0]
    recent = RecentlyRecorded(size=3, ttl_seconds=10, clock=lambda: now[0])
    for n in range(5):
        recent.recorded(f"c{n}", n)
    assert len(recent) == 3 and not recent.fresh("c0", 0) and recent.fresh("c4", 4)
    assert not recent.fresh("c4", 99)
    now[0] = 11
    assert not recent.fresh("c4", 4)


async def _nothing() -> None:
    return None


async def test_a_pooled_connection_the_server_closed_is_replaced_before_use(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to close a connection")
    engine, killer = create_engine(database_url), create_engine(database_url)
    try:
        async with engine.connect() as connection:
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with killer.connect() as connection:  # as a server restart would
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        uow = UnitOfWorkFactory(engine)
        async with uow.read() as work:  # the pooled connection is dead: tried, replaced, not raised
            assert await work.delprojekt.get(KEY) is None
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one() != pid
    finally:
        await engine.dispose()
        await killer.dispose()


async def test_a_turns_units_of_work_share_one_connection_and_see_their_own_writes(engine):
    uow = UnitOfWorkFactory(engine)
    await store_example(uow, meetings=1)
    with turn_scope():
        async with shared_connection(engine):
            with counting(engine) as counted:
                async with uow.read() as reader:
                    before = await reader.delprojekt.get(KEY)
                async with uow.read() as reader:  # the same read transaction
                    assert (await reader.delprojekt.get(KEY)).version == before.version
                async with uow() as writer:
                    project = await writer.delprojekt.get(KEY)
                    project.title = "Ändrad i turen"
                    await writer.delprojekt.save(project)
                    await writer.commit()
                async with uow.read() as reader:  # a new transaction: the turn's change is seen
                    assert (await reader.delprojekt.get(KEY)).title == "Ändrad i turen"
    assert counted.checkouts == 1 and counted.transactions == 3


async def test_on_sqlite_this_processes_writers_take_turns_in_order(engine, monkeypatch):
    if not is_sqlite(engine):
        pytest.skip("PostgreSQL writers lock rows, not the database")
    uow = UnitOfWorkFactory(engine)
    await store_example(uow, meetings=1)
    order: list[int] = []

    async def write(n: int) -> None:
        async with uow() as writer:
            order.append(n)
            await asyncio.sleep(0.01)  # holding the write lock, as a writer does
            project = await writer.delprojekt.get(KEY)
            entry = AuditEntry(str(KEY), datetime.now(UTC), f"Skrivare {n}", None, "test", None, {"n": n})
            await writer.audit.record(project.id, entry)
            await writer.commit()

    await asyncio.gather(*(write(n) for n in range(8)))
    assert order == list(range(8))
    # A write begun inside another of the same task would wait for itself: it fails as SQLite's
    # own busy timeout would (here shortened), never hangs.
    monkeypatch.setattr(connections, "WRITER_WAIT_SECONDS", 0.2)
    async with uow() as outer:
        with pytest.raises(OperationalError):
            async with uow():
                pass
        await outer.commit()
