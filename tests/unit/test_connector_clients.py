"""The connector clients reused across turns and their serializer's short way through plain JSON
(bot/connector_clients.py, issue 18): what goes to the Bot Connector is what msrest would send."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from enum import Enum

from botbuilder.schema import Activity, Attachment
from botframework.connector import models
from msrest.serialization import Serializer

from bot.connector_clients import LruCache, PlainJsonSerializer, is_plain_json
from dialogs.cards import card_activity
from dialogs.cards import delprojekt as project_cards
from dialogs.cards import portfolio as portfolio_cards
from presentation.i18n import Texts
from tests.harness.example_delprojekt import example_project

MODELS = {k: v for k, v in models.__dict__.items() if isinstance(v, type)}


class Colour(Enum):
    RED = "red"


def _both(activity: Activity):
    return PlainJsonSerializer(MODELS).body(activity, "Activity"), Serializer(MODELS).body(activity, "Activity")


def test_a_card_activity_is_serialized_exactly_as_msrest_does():
    texts = Texts("sv")
    project = example_project()
    for card in (
        project_cards.summary_card(texts, project),
        portfolio_cards.overview_card(texts, [project], datetime(2026, 11, 22, tzinfo=UTC)),
    ):
        ours, theirs = _both(card_activity(card, "Text ✓ med åäö"))
        assert ours == theirs


def test_anything_but_plain_json_takes_msrests_way():
    odd = {
        "tuple": (1, 2),
        "when": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        "enum": Colour.RED,
        "nested": [{"deep": [1.5, None, True, "x"]}],
        1: "int key",
    }
    assert not is_plain_json(odd)
    assert is_plain_json({"a": [1, 2.5, None, True, {"b": "c"}]})
    activity = Activity(type="message", attachments=[Attachment(content_type="x", content=odd)], value={"k": [1]})
    ours, theirs = _both(activity)
    assert ours == theirs


def test_the_cache_keeps_the_most_recent_and_creates_once_per_key():
    made = []

    async def run() -> None:
        cache: LruCache[str] = LruCache(2)

        def create(key):
            async def make() -> str:
                made.append(key)
                return f"client {key}"

            return make

        for key in ("a", "b", "a", "c", "a", "b"):
            assert await cache.get(key, create(key)) == f"client {key}"
        assert len(cache) == 2

    asyncio.run(run())
    assert made == ["a", "b", "c", "b"]  # "b" fell out when "c" came; "a" stayed in use
