"""The aiohttp app factory. Everything is built from `Settings` here; nothing at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web
from botbuilder.core import ConversationState, UserState
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.activity_handler import SamarbeteBot
from bot.actors import ActorResolver
from bot.adapter import TeamsAdapter
from bot.checklist_commands import ChecklistCommands
from bot.commands import CommandRegistry
from bot.core_commands import CoreCommands
from bot.delprojekt_commands import DelprojektCommands
from bot.middleware import ConversationReferenceRecorder, TenantGuard
from bot.minutes_commands import MinutesCommands
from bot.settings import Settings
from dialogs.language_dialog import LanguageDialog
from dialogs.preferences import UserPreferences
from domain.checklists.library import TemplateLibrary
from domain.services.lifecycle import LifecycleConfig
from storage.bot_state import SqlBotStorage
from storage.db import create_engine
from storage.migrate import migrate
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
ADAPTER = web.AppKey("adapter", TeamsAdapter)
BOT = web.AppKey("bot", SamarbeteBot)
UOW = web.AppKey("uow", UnitOfWorkFactory)
REGISTRY = web.AppKey("registry", CommandRegistry)


def build_handlers(settings: Settings, uow: UnitOfWorkFactory) -> tuple[CommandRegistry, MinutesCommands]:
    library = TemplateLibrary.load(Path(settings.template_dir) if settings.template_dir else None)
    config = LifecycleConfig(settings.key_prefix, settings.regions, checklist_template=library.default().ref)
    actors = ActorResolver(settings.kansli_aad_ids, settings.kansli_team_id)
    projects = DelprojektCommands(uow, config, actors, library)
    minutes = MinutesCommands(uow, actors, projects, settings.default_locale)
    checklists = ChecklistCommands(uow, actors, projects, library)
    return CommandRegistry.collect(CoreCommands(), projects, minutes, checklists), minutes


def build_registry(settings: Settings, uow: UnitOfWorkFactory) -> CommandRegistry:
    return build_handlers(settings, uow)[0]


async def _database(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    engine = create_engine(settings.database_url)
    if settings.migrate_on_start:
        revision = await migrate(engine)
        log.info("Database at revision %s", revision)
    app[ENGINE] = engine
    app[UOW] = UnitOfWorkFactory(engine)
    _wire_bot(app)
    yield
    await engine.dispose()


def _wire_bot(app: web.Application) -> None:
    settings = app[SETTINGS]
    storage = SqlBotStorage(app[ENGINE])
    conversation_state = ConversationState(storage)
    user_state = UserState(storage)
    preferences = UserPreferences(user_state)
    adapter = TeamsAdapter(settings)
    adapter.use(TenantGuard(settings.allowed_tenant_ids))
    adapter.use(ConversationReferenceRecorder(app[UOW]))
    registry, minutes = build_handlers(settings, app[UOW])
    app[ADAPTER] = adapter
    app[REGISTRY] = registry
    app[BOT] = SamarbeteBot(
        conversation_state=conversation_state,
        user_state=user_state,
        preferences=preferences,
        registry=registry,
        dialogs=[LanguageDialog(preferences)],
        default_locale=settings.default_locale,
        meeting_events=minutes,
    )


async def messages(request: web.Request) -> web.StreamResponse:
    app = request.app
    return await app[ADAPTER].process(request, app[BOT])


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    try:
        async with request.app[ENGINE].connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means: not ready
        log.warning("Readiness check failed: %s", error)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ready", "database": "ok"})


def create_app(settings: Settings) -> web.Application:
    if settings.local_mode:
        log.warning(
            "LOCAL MODE: MicrosoftAppId is empty, so requests to /api/messages are NOT authenticated. "
            "Use this only on loopback (Agents Playground, tests); set MicrosoftAppId for Teams."
        )
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_database)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
