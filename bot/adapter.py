"""The CloudAdapter as this service needs it.

The stock `CloudAdapter.process` (botbuilder-integration-aiohttp 4.17.1) answers a non-JSON body
with 500 and re-serializes invoke bodies that are already dicts (AttributeError, see
ARCHITECTURE.md). `TeamsAdapter.process` is the one place where both are handled, together with
the tenant allow-list (403) and the central turn-error handler.
"""

from __future__ import annotations

import json
import logging
import uuid
from types import SimpleNamespace

import jwt
from aiohttp import web
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes
from msrest.serialization import Model

from bot.middleware import TenantRefused
from bot.settings import Settings
from dialogs.i18n import Texts, normalize_locale
from storage.bot_state import ETagConflict

log = logging.getLogger(__name__)


def bot_framework_authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
    configuration = SimpleNamespace(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE=settings.app_type,
        APP_TENANTID=settings.app_tenant_id,
    )
    return ConfigurationBotFrameworkAuthentication(configuration)


def _problem(status: int, title: str) -> web.Response:
    return web.json_response({"error": title}, status=status)


class TeamsAdapter(CloudAdapter):
    def __init__(self, settings: Settings) -> None:
        super().__init__(bot_framework_authentication(settings))
        self._default_locale = settings.default_locale
        self.on_turn_error = self._on_turn_error

    async def process(self, request: web.Request, bot: Bot, ws_response=None) -> web.Response:  # type: ignore[override]
        if request.method != "POST":
            return _problem(405, "method not allowed")
        if request.content_type != "application/json":
            return _problem(415, "expected application/json")
        raw = await request.read()  # aiohttp answers 413 here when the body exceeds client_max_size
        try:
            body = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _problem(400, "body is not JSON")
        if not isinstance(body, dict):
            return _problem(400, "body is not an activity")
        try:
            activity = Activity().deserialize(body)
        except Exception:  # msrest raises several types for malformed fields
            return _problem(400, "body is not an activity")
        if not activity.type:
            return _problem(400, "activity has no type")

        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response = await self.process_activity(auth_header, activity, bot.on_turn)
        except (PermissionError, jwt.PyJWTError):
            return _problem(401, "unauthorized")
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
        texts = Texts(normalize_locale(activity.locale, self._default_locale))
        if isinstance(error, ETagConflict):
            message = texts("errors.conflict")
        else:
            message = texts("errors.turn", correlation_id=correlation_id)
        try:
            await turn_context.send_activity(message)
        except Exception:
            log.exception("Could not send the apology [correlation_id=%s]", correlation_id)
