"""On install in a team, a group chat or a personal chat the bot greets and explains itself."""

from __future__ import annotations

import pytest

from tests.harness import activities
from tests.harness.activities import ANNA, ERIK, Conversation
from tests.harness.bot_client import BotClient, settings_for


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (Conversation.channel(), "Skriv **@Samarbete hjälp**"),
        (Conversation.group(), "Hej allihop!"),
        (Conversation.personal(ANNA), "Hej Anna Berg!"),
    ],
)
async def test_greets_in_swedish_when_installed(sqlite_url, connector, where, expected):
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        sent = await bot.send(activities.bot_installed(connector.url, where=where))
    assert len(sent) == 1
    assert expected in sent[0].text
    assert "Samarbete för bättre vård" in sent[0].text


async def test_greets_in_english_for_an_english_client(sqlite_url, connector):
    where = Conversation.personal(ANNA)
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        sent = await bot.send(activities.bot_installed(connector.url, where=where, locale="en-US"))
    assert "Hello Anna Berg!" in sent[0].text


async def test_someone_else_joining_is_not_greeted_by_the_bot(sqlite_url, connector):
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        sent = await bot.send(activities.member_added(connector.url, where=Conversation.channel(), added=ERIK))
    assert sent == []
