"""The app under test on an aiohttp test server, talking to a fake connector."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.app import create_app
from bot.settings import Settings
from tests.harness import activities
from tests.harness.activities import ANNA, Conversation, User
from tests.harness.cards import assert_valid_message
from tests.harness.fake_connector import FakeConnector, Sent


class BotClient:
    """`async with BotClient(settings, connector) as bot: await bot.say("hjälp", where=...)`."""

    def __init__(self, settings: Settings, connector: FakeConnector) -> None:
        self.settings = settings
        self.connector = connector
        self.client: TestClient | None = None

    async def __aenter__(self) -> BotClient:
        self.client = TestClient(TestServer(create_app(self.settings), host="127.0.0.1"))
        await self.client.start_server()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self.client is not None
        await self.client.close()

    @property
    def app(self):
        assert self.client is not None
        return self.client.app

    async def post(self, activity: dict[str, Any], headers: dict[str, str] | None = None):
        assert self.client is not None
        return await self.client.post("/api/messages", json=activity, headers=headers or {})

    async def send(self, activity: dict[str, Any]) -> list[Sent]:
        """Post an activity, insist it was accepted, and return what the bot sent during the turn."""
        before = len(self.connector.sent)
        response = await self.post(activity)
        body = await response.text()
        assert response.status in (200, 201), f"{response.status}: {body}"
        sent = self.connector.sent[before:]
        for item in sent:
            assert_valid_message(item.activity)
        return sent

    async def say(self, text: str, *, where: Conversation, user: User = ANNA, locale: str = "sv-SE") -> list[Sent]:
        return await self.send(activities.message(self.connector.url, text, where=where, user=user, locale=locale))

    async def submit(
        self,
        value: dict[str, Any],
        *,
        where: Conversation,
        user: User = ANNA,
        locale: str = "sv-SE",
        reply_to: str | None = None,
    ) -> list[Sent]:
        """A press on a card's button; `reply_to` is the id of the message the card is in, as Teams sends it."""
        activity = activities.card_submit(
            self.connector.url, value, where=where, user=user, locale=locale, reply_to=reply_to
        )
        return await self.send(activity)


def settings_for(database_url: str, **overrides: Any) -> Settings:
    """Local-mode settings (no app id) for tests: loopback only, the fake connector needs no token."""
    # The reminder dispatcher runs only where a test asks for it, so no test gets stray reminders.
    overrides.setdefault("reminders_enabled", False)
    return replace(Settings(), database_url=database_url, **overrides)
