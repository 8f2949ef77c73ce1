"""The botbuilder Storage on our database: round trips, eTag concurrency, dialog state objects."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.dialogs import DialogInstance, DialogState

from storage.bot_state import ETagConflict, SqlBotStorage


async def test_write_read_delete_round_trip(engine):
    storage = SqlBotStorage(engine)
    await storage.write({"conv/1": {"count": 1, "name": "Åsa"}, "user/1": {"language": "en"}})
    items = await storage.read(["conv/1", "user/1", "missing"])
    assert set(items) == {"conv/1", "user/1"}
    assert items["conv/1"]["name"] == "Åsa"
    assert items["conv/1"]["e_tag"]
    await storage.delete(["conv/1"])
    assert await storage.read(["conv/1"]) == {}
    assert await storage.read([]) == {}


async def test_stale_etag_fails_and_star_overwrites(engine):
    storage = SqlBotStorage(engine)
    await storage.write({"k": {"v": 1}})
    first = (await storage.read(["k"]))["k"]
    second = (await storage.read(["k"]))["k"]

    first["v"] = 2
    await storage.write({"k": first})  # first writer wins
    second["v"] = 3
    with pytest.raises(ETagConflict):
        await storage.write({"k": second})  # second still has the old eTag
    assert (await storage.read(["k"]))["k"]["v"] == 2

    second["e_tag"] = "*"
    await storage.write({"k": second})
    assert (await storage.read(["k"]))["k"]["v"] == 3


async def test_a_successful_write_refreshes_the_callers_etag(engine):
    storage = SqlBotStorage(engine)
    await storage.write({"k": {"v": 1}})
    item = (await storage.read(["k"]))["k"]
    item["v"] = 2
    await storage.write({"k": item})
    item["v"] = 3
    await storage.write({"k": item})  # same turn saving twice is no conflict with itself
    assert (await storage.read(["k"]))["k"]["v"] == 3


async def test_a_failed_batch_writes_nothing(engine):
    storage = SqlBotStorage(engine)
    await storage.write({"a": {"v": 1}, "b": {"v": 1}})
    a = (await storage.read(["a"]))["a"]
    stale_b = (await storage.read(["b"]))["b"]
    fresh_b = (await storage.read(["b"]))["b"]
    await storage.write({"b": fresh_b | {"v": 2}})
    a["v"] = 9
    with pytest.raises(ETagConflict):
        await storage.write({"a": a, "b": stale_b})
    assert (await storage.read(["a"]))["a"]["v"] == 1


async def test_concurrent_writers_with_the_same_etag_one_wins(engine):
    storage = SqlBotStorage(engine)
    await storage.write({"k": {"v": 0}})
    copies = [(await storage.read(["k"]))["k"] for _ in range(5)]

    async def attempt(index: int, item: dict) -> bool:
        item["v"] = index
        try:
            await storage.write({"k": item})
        except ETagConflict:
            return False
        return True

    results = await asyncio.gather(*(attempt(i, c) for i, c in enumerate(copies, start=1)))
    assert results.count(True) == 1
    winner = results.index(True) + 1
    assert (await storage.read(["k"]))["k"]["v"] == winner


async def test_dialog_state_objects_survive_the_round_trip(engine):
    storage = SqlBotStorage(engine)
    instance = DialogInstance()
    instance.id = "LanguageDialog"
    instance.state = {"options": {"locale": "sv"}, "values": {"instanceId": "x"}, "stepIndex": 0}
    await storage.write({"conv": {"DialogState": DialogState([instance])}})
    restored = (await storage.read(["conv"]))["conv"]["DialogState"]
    assert isinstance(restored, DialogState)
    assert restored.dialog_stack[0].id == "LanguageDialog"
    assert restored.dialog_stack[0].state["options"] == {"locale": "sv"}


async def test_empty_etag_is_refused(engine):
    storage = SqlBotStorage(engine)
    with pytest.raises(ValueError):
        await storage.write({"k": {"v": 1, "e_tag": ""}})
