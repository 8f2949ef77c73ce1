"""The unit of work: one transaction, the repositories that work inside it, commit or roll back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from storage.checklist_repository import ChecklistRepository
from storage.delprojekt_repository import DelprojektRepository
from storage.meeting_repository import MeetingRepository
from storage.reminder_repository import ReminderRepository
from storage.report_repository import ReportRepository
from storage.repositories import (
    AuditRepository,
    ChannelLinkRepository,
    ConversationReferenceRepository,
    ProcessedSubmitRepository,
)


class UnitOfWork:
    """`async with uow_factory() as uow: ...; await uow.commit()`; leaving without commit rolls back."""

    delprojekt: DelprojektRepository
    conversations: ConversationReferenceRepository
    channels: ChannelLinkRepository
    audit: AuditRepository
    submits: ProcessedSubmitRepository
    meetings: MeetingRepository
    checklists: ChecklistRepository
    reports: ReportRepository
    reminders: ReminderRepository

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    async def __aenter__(self) -> UnitOfWork:
        self._connection = await self._engine.connect()
        self._transaction = await self._connection.begin()
        self.delprojekt = DelprojektRepository(self._connection)
        self.conversations = ConversationReferenceRepository(self._connection)
        self.channels = ChannelLinkRepository(self._connection)
        self.audit = AuditRepository(self._connection)
        self.submits = ProcessedSubmitRepository(self._connection)
        self.meetings = MeetingRepository(self._connection)
        self.checklists = ChecklistRepository(self._connection)
        self.reports = ReportRepository(self._connection)
        self.reminders = ReminderRepository(self._connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._connection is not None and self._transaction is not None
        try:
            if self._transaction.is_active:
                await self._transaction.rollback()
        finally:
            await self._connection.close()

    async def commit(self) -> None:
        assert self._transaction is not None
        await self._transaction.commit()


class UnitOfWorkFactory:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.engine)
