"""The unit of work: one transaction, the repositories that work inside it, commit or roll back."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.errors import AlreadyDone
from storage.checklist_repository import ChecklistRepository
from storage.connections import Lease, lease
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
from storage.strategic_repository import StrategicQuestionRepository
from storage.turn_cache import CURRENT_TURN, KnownDelprojekt


@dataclass
class Delivery:
    """The card submit a turn is handling (a hash of its conversation and activity id). The turn's
    first commit records it in the same transaction as the change, so Teams redelivering the same
    activity (it does when our answer is late or lost) cannot apply that change a second time."""

    key: str
    action: str
    recorded: bool = False


CURRENT_DELIVERY: ContextVar[Delivery | None] = ContextVar("current_delivery", default=None)


class Redelivered(Exception):
    """This activity was applied already; the second attempt was rolled back."""


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
    strategic: StrategicQuestionRepository

    def __init__(self, engine: AsyncEngine, read_only: bool = False, known: KnownDelprojekt | None = None) -> None:
        self._engine = engine
        self.read_only = read_only
        self._known = known
        self._connection: AsyncConnection | None = None
        self._lease: Lease | None = None

    async def __aenter__(self) -> UnitOfWork:
        # In a turn, the turn's connection (storage/connections.py); on SQLite a read-only unit
        # of work begins with a plain BEGIN (storage/db.py), so reading never waits for the write lock.
        loads = CURRENT_TURN.get()
        self._lease = await lease(self._engine, self.read_only, loads.connection if loads is not None else None)
        self._connection = self._lease.connection
        # Only what a read-only unit of work loaded is remembered: it never saw a change of its
        # own that a rollback could take back.
        self.delprojekt = DelprojektRepository(self._connection, self._known, remember=self.read_only)
        self.conversations = ConversationReferenceRepository(self._connection)
        self.channels = ChannelLinkRepository(self._connection)
        self.audit = AuditRepository(self._connection)
        self.submits = ProcessedSubmitRepository(self._connection)
        self.meetings = MeetingRepository(self._connection)
        self.checklists = ChecklistRepository(self._connection)
        self.reports = ReportRepository(self._connection)
        self.reminders = ReminderRepository(self._connection)
        self.strategic = StrategicQuestionRepository(self._connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._lease is not None
        await self._lease.release(failed=exc_type is not None)

    async def commit(self) -> None:
        assert self._lease is not None
        if self.read_only:
            raise TypeError("a read-only unit of work cannot commit: open it with uow() to write")
        delivery = CURRENT_DELIVERY.get()
        if delivery is not None and not delivery.recorded:
            try:
                await self.submits.claim(delivery.key, delivery.action[:60], "delivered", datetime.now(UTC))
            except AlreadyDone:
                raise Redelivered(delivery.action) from None
            await self._lease.commit()
            delivery.recorded = True
            return
        await self._lease.commit()


class UnitOfWorkFactory:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # The delprojekt this factory's units of work loaded, known by their rows (storage/turn_cache.py).
        self.known = KnownDelprojekt()

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.engine, known=self.known)

    def read(self) -> UnitOfWork:
        """A unit of work that only reads: on SQLite it takes no write lock, so it never waits for
        a writer and never makes one wait. It cannot commit."""
        return UnitOfWork(self.engine, read_only=True, known=self.known)
