"""The HTTP edge: authentication, tenant allow-list, body limits, malformed bodies, health, turn errors."""

from __future__ import annotations

import logging
import re

from bot import core_commands
from tests.harness import activities
from tests.harness.activities import Conversation
from tests.harness.bot_client import BotClient, settings_for

CHANNEL = Conversation.channel()


async def test_with_an_app_id_unsigned_requests_get_401_and_nothing_is_sent(sqlite_url, connector):
    settings = settings_for(sqlite_url, app_id="00000000-0000-0000-0000-00000000abcd", app_password="secret")
    async with BotClient(settings, connector) as bot:
        activity = activities.message(connector.url, "hjälp", where=CHANNEL)
        unsigned = await bot.post(activity)
        garbage = await bot.post(activity, headers={"Authorization": "Bearer not-a-jwt"})
        basic = await bot.post(activity, headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert unsigned.status == 401
    assert garbage.status == 401
    assert basic.status == 401
    assert connector.sent == []


async def test_tenant_outside_the_allow_list_is_refused(sqlite_url, connector):
    settings = settings_for(sqlite_url, allowed_tenant_ids=frozenset({"allowed-tenant"}))
    async with BotClient(settings, connector) as bot:
        refused = await bot.post(activities.message(connector.url, "hjälp", where=CHANNEL))
        allowed_where = Conversation.channel(tenant_id="allowed-tenant")
        allowed = await bot.post(activities.message(connector.url, "hjälp", where=allowed_where))
    assert refused.status == 403
    assert allowed.status == 201
    assert [s.conversation_id for s in connector.sent] == [allowed_where.id]


async def test_oversized_body_gets_413(sqlite_url, connector):
    settings = settings_for(sqlite_url, max_body_bytes=64 * 1024)
    async with BotClient(settings, connector) as bot:
        activity = activities.message(connector.url, "hjälp " + "x" * 70_000, where=CHANNEL)
        response = await bot.post(activity)
    assert response.status == 413
    assert connector.sent == []


async def test_malformed_bodies_get_4xx_not_500(sqlite_url, connector):
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        assert bot.client is not None
        post = bot.client.post
        not_json = await post("/api/messages", data=b"{nope", headers={"Content-Type": "application/json"})
        wrong_type = await post("/api/messages", data=b"hello", headers={"Content-Type": "text/plain"})
        array = await post("/api/messages", json=[1, 2])
        no_type = await post("/api/messages", json={"text": "hjälp"})
        bad_field = await post("/api/messages", json={"type": "message", "timestamp": {"not": "a date"}})
        wrong_method = await bot.client.get("/api/messages")
    assert not_json.status == 400
    assert wrong_type.status == 415
    assert array.status == 400
    assert no_type.status == 400
    assert bad_field.status == 400
    assert wrong_method.status == 405
    assert connector.sent == []


async def test_health_and_readiness(database_url, connector):
    async with BotClient(settings_for(database_url), connector) as bot:
        assert bot.client is not None
        health = await bot.client.get("/healthz")
        ready = await bot.client.get("/readyz")
        ready_body = await ready.json()
    assert health.status == 200
    assert ready.status == 200
    assert ready_body["database"] == "ok"


async def test_readiness_fails_when_the_database_is_unreachable(connector):
    settings = settings_for("postgresql://nobody@127.0.0.1:1/none", migrate_on_start=False)
    async with BotClient(settings, connector) as bot:
        assert bot.client is not None
        health = await bot.client.get("/healthz")
        ready = await bot.client.get("/readyz")
    assert health.status == 200
    assert ready.status == 503


async def test_turn_error_gets_a_short_apology_with_a_correlation_id(sqlite_url, connector, monkeypatch, caplog):
    def broken(*_args):
        raise RuntimeError("database on fire: secret internals")

    monkeypatch.setattr(core_commands, "help_groups", broken)
    caplog.set_level(logging.ERROR)
    async with BotClient(settings_for(sqlite_url), connector) as bot:
        sent = await bot.say("hjälp", where=CHANNEL)
        english = await bot.say("help", where=CHANNEL, locale="en-US")

    assert len(sent) == 1
    assert "Något gick fel" in sent[0].text
    assert "secret internals" not in sent[0].text and "Traceback" not in sent[0].text
    correlation_id = re.search(r"\*\*([0-9a-f]{10})\*\*", sent[0].text).group(1)
    assert any(correlation_id in r.getMessage() and r.exc_info for r in caplog.records)
    assert "Something went wrong" in english[0].text
