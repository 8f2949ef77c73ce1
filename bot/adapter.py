"""The CloudAdapter as this service needs it.

The stock `CloudAdapter.process` (botbuilder-integration-aiohttp 4.17.1) answers a non-JSON body
with 500 and re-serializes invoke bodies that are already dicts (AttributeError, see
docs/architecture.md). `TeamsAdapter.process` is the one place where both are handled, together with
the tenant allow-list (403) and the central turn-error handler.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from types import SimpleNamespace

import jwt
from aiohttp import web
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes
from msrest.serialization import Model

from bot.connector_clients import CachingBotFrameworkAuthentication
from bot.middleware import TenantRefused
from bot.settings import Settings
from bot.signing_keys import KeysUnavailable, install_signing_keys
from presentation.i18n import Texts, normalize_locale
from storage.bot_state import ETagConflict

log = logging.getLogger(__name__)


def bot_framework_authentication(settings: Settings) -> CachingBotFrameworkAuthentication:
    configuration = SimpleNamespace(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=settings.app_type,
        APP_TENANTID=settings.app_tenant_id,
    )
    # The SDK's authentication, with its connector clients reused across turns (bot/connector_clients.py).
    return CachingBotFrameworkAuthentication(ConfigurationBotFrameworkAuthentication(configuration))


def _problem(status: int, title: str) -> web.Response:
    return web.json_response({"error": title}, status=status)


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(text: str) -> str:
    # NUL cannot be stored in PostgreSQL text, and a lone surrogate (JSON allows "\ud800") in
    # neither database: dropped and replaced, so what the user wrote is kept and never lost.
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def _cleaned(body: dict) -> dict:
    """The activity with every string made storable (iteratively: bodies can nest deeply)."""
    stack: list = [body]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for name, value in list(items):
            if isinstance(value, str):
                if _UNSTORABLE.search(value):
                    node[name] = _storable(value)
            elif isinstance(value, dict | list):
                stack.append(value)
        if isinstance(node, dict):
            for key in [k for k in node if _UNSTORABLE.search(k)]:
                node[_storable(key)] = node.pop(key)
    return body


def _unusable(body: dict) -> str | None:
    """What a turn needs and this activity lacks or has in a shape Teams never sends."""
    for name in ("from", "recipient", "conversation"):
        part = body.get(name)
        if not isinstance(part, dict) or not isinstance(part.get("id"), str) or not part["id"]:
            return f"activity has no {name}.id"
    channel_data = body.get("channelData")
    if channel_data is not None:
        if not isinstance(channel_data, dict):
            return "channelData is not an object"
        for name in ("team", "channel", "tenant", "meeting"):
            if channel_data.get(name) is not None and not isinstance(channel_data[name], dict):
                return f"channelData.{name} is not an object"
    return None


class TeamsAdapter(CloudAdapter):
    def __init__(self, settings: Settings) -> None:
        install_signing_keys(timeout_seconds=5.0)
        super().__init__(bot_framework_authentication(settings))
        self._default_locale = settings.default_locale
        self._programme = settings.programme
        self.on_turn_error = self._on_turn_error

    async def process(self, request: web.Request, bot: Bot, ws_response=None) -> web.Response:  # type: ignore[override]
        if request.method != "POST":
            return _problem(405, "method not allowed")
        if request.content_type != "application/json":
            return _problem(415, "expected application/json")
        raw = await request.read()  # aiohttp answers 413 here when the body exceeds client_max_size
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            # ValueError: not JSON, not UTF-8, or an integer past Python's 4,300-digit limit;
            # RecursionError: nesting deeper than the parser goes.
            return _problem(400, "body is not JSON")
        if not isinstance(body, dict):
            return _problem(400, "body is not an activity")
        body = _cleaned(body)
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several types for malformed fields
            return _problem(400, "body is not an activity")
        if not activity.type:
            return _problem(400, "activity has no type")
        problem = _unusable(body)
        if problem:
            return _problem(400, problem)

        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response = await self.process_activity(auth_header, activity, bot.on_turn)
        except (PermissionError, jwt.PyJWTError):
            return _problem(401, "unauthorized")
        except KeysUnavailable:
            # The Bot Framework's keys could not be fetched within 5 s: try again shortly.
            response = _problem(503, "authentication unavailable")
            response.headers["Retry-After"] = "30"
            return response
        except TenantRefused:
            return _problem(403, "tenant not allowed")
        except Exception:
            # Turn errors never get here (on_turn_error answers them): this is authentication
            # itself failing, e.g. the Bot Framework's signing keys could not be fetched.
            correlation_id = uuid.uuid4().hex[:10]
            log.exception("Could not authenticate the request [correlation_id=%s]", correlation_id)
            return _problem(503, f"authentication unavailable ({correlation_id})")

        if invoke_response is None:
            return web.Response(status=201)
        body = invoke_response.body
        if isinstance(body, Model):
            body = body.serialize()
        if body is None:
            return web.Response(status=invoke_response.status)
        return web.json_response(body, status=invoke_response.status)

    async def _on_turn_error(self, turn_context: TurnContext, error: Exception) -> None:
        if isinstance(error, TenantRefused):
            raise error
        correlation_id = uuid.uuid4().hex[:10]
        activity = turn_context.activity
        log.error(
            "Turn failed [correlation_id=%s activity=%s type=%s conversation=%s]",
            correlation_id,
            activity.id,
            activity.type,
            activity.conversation.id if activity.conversation else None,
            exc_info=error,
        )
        if activity.type not in (ActivityTypes.message, ActivityTypes.invoke):
            return  # nobody asked anything: an apology would only confuse a channel
        texts = Texts(normalize_locale(activity.locale, self._default_locale), self._programme)
        if isinstance(error, ETagConflict):
            message = texts("errors.conflict")
        else:
            message = texts("errors.turn", correlation_id=correlation_id)
        try:
            await turn_context.send_activity(message)
        except Exception:
            log.exception("Could not send the apology [correlation_id=%s]", correlation_id)
