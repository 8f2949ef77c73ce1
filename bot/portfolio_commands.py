"""The portfolio (`översikt`) and a delprojekt's change log (`logg`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from botbuilder.core import TurnContext

from bot.commands import Invocation, command
from bot.delprojekt_commands import DelprojektCommands
from dialogs.cards import delprojekt as cards
from domain.checklists.library import TemplateLibrary
from storage.unit_of_work import UnitOfWorkFactory


class PortfolioCommands:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        projects: DelprojektCommands,
        library: TemplateLibrary,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._uow = uow
        self._projects = projects
        self._library = library
        self._now = clock

    @command("overview", group="reports", sv=("översikt", "oversikt"), en=("overview", "portfolio"))
    async def overview(self, turn: TurnContext, call: Invocation) -> None:
        async with self._uow.read() as uow:
            portfolio = await uow.delprojekt.portfolio(cards.MAX_LIST_ROWS)
        await self._projects.send_card(turn, cards.overview_card(call.texts, portfolio, self._now()))

    @command("log", group="delprojekt", sv=("logg",), en=("log",), in_menu=False)
    async def log(self, turn: TurnContext, call: Invocation) -> None:
        project = await self._projects.resolve(turn, call)
        if project is None:
            return
        async with self._uow.read() as uow:
            entries = await uow.audit.for_project(project.id)
        template = self._library.get(project.checklist_template)

        def item_title(item_id: str) -> str:
            # an earlier version's question too (the log keeps answers from before an upgrade)
            item = self._library.item_in_any(item_id, template)
            return item.question(call.texts.locale) if item is not None else item_id

        lines = [cards.audit_line(call.texts, entry, item_title) for entry in entries]
        await self._projects.send_card(turn, cards.log_card(call.texts, project, lines))
