"""The aiohttp app factory. Everything is built from `Settings` here; nothing at import time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
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
from bot.decision_commands import DecisionCommands
from bot.deliveries import Deliveries
from bot.delprojekt_commands import DelprojektCommands
from bot.kansli_notifier import KansliNotifier
from bot.member_commands import MemberCommands
from bot.middleware import ConversationReferenceRecorder, TenantGuard
from bot.minutes_commands import MinutesCommands
from bot.portfolio_commands import PortfolioCommands
from bot.reminder_commands import ReminderCommands
from bot.reminder_dispatcher import ReminderDispatcher, adapter_sender
from bot.reminder_sweeper import ProcessSweeper, can_run_elsewhere
from bot.report_commands import ReportCommands
from bot.settings import Settings
from bot.strategic_commands import StrategicCommands
from bot.turn_toolkit import TurnToolkit
from bot.uppdrag_commands import UppdragCommands
from dialogs.language_dialog import LanguageDialog
from dialogs.preferences import UserPreferences
from domain.checklists.library import TemplateLibrary
from domain.reminders.calendar import WorkingCalendar
from domain.services.lifecycle import LifecycleConfig
from presentation.i18n import Texts
from reports.links import LinkCheck, LinkSigner, link_secret
from storage.bot_state import SqlBotStorage
from storage.db import READ_ONLY, create_engine
from storage.migrate import migrate
from storage.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
ADAPTER = web.AppKey("adapter", TeamsAdapter)
BOT = web.AppKey("bot", SamarbeteBot)
UOW = web.AppKey("uow", UnitOfWorkFactory)
REGISTRY = web.AppKey("registry", CommandRegistry)
SIGNER = web.AppKey("signer", LinkSigner)
REPORTS = web.AppKey("reports", ReportCommands)
DISPATCHER = web.AppKey("dispatcher", ReminderDispatcher)
LIBRARY = web.AppKey("library", TemplateLibrary)


def build_handlers(
    settings: Settings,
    uow: UnitOfWorkFactory,
    signer: LinkSigner | None = None,
    library: TemplateLibrary | None = None,
) -> tuple[CommandRegistry, MinutesCommands, ReportCommands]:
    library = library or template_library(settings)
    config = LifecycleConfig(settings.key_prefix, settings.regions, checklist_template=library.default().ref)
    actors = ActorResolver(settings.kansli_aad_ids, settings.kansli_team_id)
    notifier = KansliNotifier(
        uow, settings.kansli_aad_ids, settings.kansli_team_id, settings.app_id, settings.default_locale,
        settings.programme,
    )  # fmt: skip
    # One toolkit for every handler: which delprojekt, errors in words, the roster, cards redrawn.
    turns = TurnToolkit(uow, actors, settings.key_prefix)
    projects = DelprojektCommands(turns, uow, config, library, notifier=notifier)
    members = MemberCommands(turns, uow)
    portfolio = PortfolioCommands(turns, uow, library)
    decisions = DecisionCommands(turns, uow)
    uppdrag = UppdragCommands(turns, uow)
    minutes = MinutesCommands(uow, actors, turns, settings.default_locale, settings.programme)
    checklists = ChecklistCommands(uow, actors, turns, library)
    reports = ReportCommands(
        uow,
        actors,
        turns,
        library,
        signer or report_signer(settings),
        settings.public_base_url,
        settings.app_id,
        settings.report_inline_seconds,
        settings.ledningsgrupp_aad_ids,
        report_locale=settings.default_locale,
    )
    decisions.freeze_report = reports.freeze_for_decision
    reminders = ReminderCommands(uow, actors, turns, working_calendar(settings), library)
    strategic = StrategicCommands(uow, actors, turns, settings.ledningsgrupp_aad_ids)
    registry = CommandRegistry.collect(
        CoreCommands(),
        projects,
        members,
        portfolio,
        decisions,
        uppdrag,
        minutes,
        checklists,
        reports,
        reminders,
        strategic,
    )
    return registry, minutes, reports


def template_library(settings: Settings) -> TemplateLibrary:
    return TemplateLibrary.load(Path(settings.template_dir) if settings.template_dir else None, settings.programme)


def working_calendar(settings: Settings) -> WorkingCalendar:
    return WorkingCalendar(start=settings.working_hours[0], end=settings.working_hours[1])


def build_registry(settings: Settings, uow: UnitOfWorkFactory) -> CommandRegistry:
    return build_handlers(settings, uow)[0]


def report_signer(settings: Settings) -> LinkSigner:
    secret = link_secret(settings.report_link_secret, settings.app_password)
    return LinkSigner(secret, timedelta(minutes=settings.report_link_minutes))


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
    # Reports still being made are posted before the service stops rather than lost.
    pending = app[REPORTS].pending
    if pending:
        await asyncio.wait(pending, timeout=30)
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
    app[LIBRARY] = template_library(settings)
    registry, minutes, reports = build_handlers(settings, app[UOW], app[SIGNER], app[LIBRARY])
    app[REPORTS] = reports
    app[ADAPTER] = adapter
    app[REGISTRY] = registry
    app[BOT] = SamarbeteBot(
        conversation_state=conversation_state,
        user_state=user_state,
        preferences=preferences,
        registry=registry,
        dialogs=[LanguageDialog(preferences, settings.programme)],
        default_locale=settings.default_locale,
        programme=settings.programme,
        meeting_events=minutes,
        deliveries=Deliveries(app[UOW]),
        storage=storage,
    )


async def _reminders(app: web.Application) -> AsyncIterator[None]:
    """The reminder dispatcher, as a background task of the service (one per instance; the outbox
    leases keep instances from sending the same reminder)."""
    settings = app[SETTINGS]
    # The sweep plans in a worker process, off this event loop (started on the first sweep).
    sweeper = (
        ProcessSweeper(settings.database_url, settings.working_hours, settings.template_dir, settings.programme)
        if can_run_elsewhere(settings.database_url)
        else None
    )
    dispatcher = ReminderDispatcher(
        app[UOW],
        adapter_sender(app[ADAPTER], settings.app_id),
        working_calendar(settings),
        app[LIBRARY],
        kansli_aad_ids=settings.kansli_aad_ids,
        kansli_team_id=settings.kansli_team_id,
        default_locale=settings.default_locale,
        planner=sweeper,
    )
    app[DISPATCHER] = dispatcher
    task = None
    if settings.reminders_enabled:
        task = asyncio.create_task(dispatcher.run_forever(settings.reminder_interval_seconds))
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    if sweeper is not None:
        sweeper.close()


async def messages(request: web.Request) -> web.StreamResponse:
    app = request.app
    return await app[ADAPTER].process(request, app[BOT])


NO_STORE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


async def download_report(request: web.Request) -> web.Response:
    """A generated report behind a signed, expiring link; a bad link reveals nothing about reports."""
    app = request.app
    query = request.query
    check = app[SIGNER].check(
        request.match_info["report_id"], query.get("expires", ""), query.get("sig", ""), datetime.now(UTC)
    )
    texts = Texts(app[SETTINGS].default_locale, app[SETTINGS].programme)
    if check is LinkCheck.INVALID:
        return web.Response(status=403, text=texts("report.link_invalid"), headers=NO_STORE)
    if check is LinkCheck.EXPIRED:
        return web.Response(status=410, text=texts("report.link_expired"), headers=NO_STORE)
    async with app[UOW].read() as uow:
        record = await uow.reports.get(int(request.match_info["report_id"]))
    if record is None:  # signed by us but gone (its delprojekt was deleted): same as expired
        return web.Response(status=410, text=texts("report.link_expired"), headers=NO_STORE)
    headers = {
        **NO_STORE,
        "Content-Disposition": f'attachment; filename="{record.file_name}"',
        # A report is a document, never a page that runs anything.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    }
    return web.Response(
        body=record.content,
        content_type=record.media_type.split(";")[0],
        charset=("utf-8" if "charset" in record.media_type else None),
        headers=headers,
    )


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    try:
        async with request.app[ENGINE].connect() as connection:
            # A read: on SQLite it must not queue for the write lock (storage/db.py).
            await connection.execution_options(**{READ_ONLY: True})
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
    app[SIGNER] = report_signer(settings)
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_reminders)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/reports/{report_id}/{file_name}", download_report)
    return app
