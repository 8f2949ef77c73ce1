"""A forged token cannot freeze the service: the signing keys are fetched off the event loop,
bounded by a timeout, and a token that cannot be verified is refused (401 forged, 503 keys
unreachable) while every other request is answered."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from botframework.connector.auth.channel_validation import ChannelValidation
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.harness import activities
from tests.harness.activities import ANNA, Conversation
from tests.harness.bot_client import BotClient, settings_for

APP_ID = "00000000-0000-0000-0000-00000000abcd"


def token(private_key, kid: str) -> str:
    now = datetime.now(UTC)
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "nbf": now, "exp": now + timedelta(hours=1)}
    return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": kid})


async def hanging_server():
    """Accepts connections and never answers, as a network that swallows the key request."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader, writer) -> None:
        held.append(writer)
        await asyncio.sleep(3600)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def keys_at(monkeypatch, url: str) -> None:
    # Where the Bot Framework's public cloud publishes its keys, pointed at a server of the test's.
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint", url)


async def test_a_token_whose_keys_never_come_does_not_stall_other_requests(sqlite_url, connector, monkeypatch):
    server, port = await hanging_server()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys_at(monkeypatch, f"http://127.0.0.1:{port}/{uuid.uuid4().hex}/openid")
    settings = settings_for(sqlite_url, app_id=APP_ID, app_password="secret")
    activity = activities.message(connector.url, "hjälp", where=Conversation.personal(ANNA))
    try:
        async with BotClient(settings, connector) as bot:
            started = time.monotonic()
            waiting = asyncio.create_task(bot.post(activity, headers={"Authorization": f"Bearer {token(key, 'k1')}"}))
            health_times = []
            for _ in range(5):
                await asyncio.sleep(0.2)
                before = time.monotonic()
                health = await bot.client.get("/healthz")
                health_times.append((health.status, time.monotonic() - before))
            refused = await waiting
            refused_after = time.monotonic() - started
    finally:
        server.close()

    assert all(status == 200 and seconds < 1.0 for status, seconds in health_times), health_times
    assert refused.status == 503 and refused.headers.get("Retry-After")
    assert refused_after < 5.5
    assert connector.sent == []


async def test_a_token_signed_with_another_key_is_refused_with_401(sqlite_url, connector, monkeypatch):
    listed = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(listed.public_key())) | {"kid": "k1", "endorsements": ["msteams"]}
    metadata = web.Application()
    fetched: list[str] = []

    async def openid(request: web.Request) -> web.Response:
        fetched.append("metadata")
        return web.json_response({"jwks_uri": str(request.url.with_path("/keys"))})

    async def keys(_request: web.Request) -> web.Response:
        fetched.append("keys")
        return web.json_response({"keys": [jwk]})

    metadata.router.add_get("/openid", openid)
    metadata.router.add_get("/keys", keys)
    server = TestServer(metadata, host="127.0.0.1")
    await server.start_server()
    keys_at(monkeypatch, str(server.make_url("/openid")) + f"?{uuid.uuid4().hex}")
    settings = settings_for(sqlite_url, app_id=APP_ID, app_password="secret")
    activity = activities.message(connector.url, "hjälp", where=Conversation.personal(ANNA))
    try:
        async with BotClient(settings, connector) as bot:
            wrong_signature = await bot.post(activity, headers={"Authorization": f"Bearer {token(forger, 'k1')}"})
            unknown_key = await bot.post(activity, headers={"Authorization": f"Bearer {token(forger, 'k9')}"})
            again = await bot.post(activity, headers={"Authorization": f"Bearer {token(forger, 'k1')}"})
    finally:
        await server.close()

    assert [wrong_signature.status, unknown_key.status, again.status] == [401, 401, 401]
    # cached: fetched once, and once more for the unknown key id (keys may have rotated)
    assert fetched.count("keys") == 2
    assert connector.sent == []
