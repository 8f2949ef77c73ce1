"""What the service layer needs from storage, as protocols: every `uow` a service in
domain/services/ takes is a `UnitOfWork`. storage/ implements them on SQLAlchemy; the service tests
implement them in memory (tests/unit/services/fakes.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from domain.audit import AuditEntry
from domain.checklists.model import Answer
from domain.conversations import ConversationAddress
from domain.delprojekt import Delprojekt
from domain.keys import DelprojektKey
from domain.minutes import Entry, Meeting
from domain.reminders.rules import Planned, ReminderSettings, StoredPlan
from domain.strategic_questions import QuestionStatus, StrategicQuestion
from domain.uppdrag import UppdragVersion


class DelprojektRepo(Protocol):
    async def next_number(self, prefix: str, year: int) -> int: ...
    async def add(self, project: Delprojekt) -> None: ...  # KeyTaken if the key exists
    async def save(self, project: Delprojekt) -> None: ...  # StaleVersion if saved meanwhile
    async def get(self, key: DelprojektKey) -> Delprojekt | None: ...
    async def get_by_id(self, project_id: int) -> Delprojekt | None: ...
    async def all(self, only_open: bool = False) -> list[Delprojekt]: ...
    async def by_ids(self, project_ids: list[int]) -> list[Delprojekt]: ...
    async def open_versions(self) -> dict[int, int]: ...
    async def uppdrag_version(self, project_id: int, number: int) -> UppdragVersion | None: ...


class ChannelRepo(Protocol):
    async def link(
        self, link_id: str, project_id: int, conversation_id: str, kind: str, by: str, at: datetime
    ) -> int | None: ...  # the delprojekt the channel served before, if any
    async def project_id_for(self, link_id: str) -> int | None: ...
    async def channels_of(self, project_id: int) -> list[str]: ...
    async def reminder_targets(self) -> dict[int, str]: ...  # delprojekt id -> conversation id


class AuditRepo(Protocol):
    async def record(self, project_id: int, entry: AuditEntry) -> None: ...
    async def for_project(self, project_id: int, limit: int = 50) -> list[AuditEntry]: ...


class SubmitRepo(Protocol):
    async def claim(self, card_id: str, action: str, result: str, at: datetime) -> None: ...  # AlreadyDone


class ConversationRepo(Protocol):
    async def get(self, conversation_id: str) -> ConversationAddress | None: ...


class ChecklistRepo(Protocol):
    async def answers_of(self, delprojekt_id: int) -> dict[str, list[Answer]]: ...  # every revision
    async def current_of(self, delprojekt_id: int) -> dict[str, list[Answer]]: ...  # the newest only
    async def current_of_many(self, delprojekt_ids: list[int]) -> dict[int, dict[str, list[Answer]]]: ...
    async def latest_answer_ids(self) -> dict[int, int]: ...  # of the open delprojekt
    async def add(self, delprojekt_id: int, answer: Answer) -> None: ...  # StaleVersion: revision taken


class MeetingRepo(Protocol):
    async def lock_delprojekt(self, delprojekt_id: int) -> None: ...
    async def add(self, delprojekt_id: int, meeting: Meeting) -> Meeting: ...  # numbers it
    async def save(self, meeting: Meeting) -> None: ...  # StaleVersion if saved meanwhile
    # `latest`: only the newest that many entries (`Meeting.earlier_entries` counts the rest).
    async def get(self, meeting_id: int, with_entries: bool = True, latest: int | None = None) -> Meeting | None: ...
    async def delprojekt_key_of(self, meeting_id: int) -> str | None: ...
    async def register_ids_for(self, delprojekt_id: int, prefix: str | None, replaces: str | None) -> set[str]: ...
    async def add_entry(self, meeting_id: int, delprojekt_id: int, entry: Entry) -> None: ...  # MinutesLocked
    async def entry(self, entry_id: str) -> tuple[Entry, int, int] | None: ...  # entry, meeting, delprojekt
    async def mark_done(self, entry_id: str, by: str, at: datetime) -> bool: ...  # False: done already
    async def open_actions(self, delprojekt_ids: list[int] | None = None) -> dict[int, list[Entry]]: ...
    async def open_action_digests(self) -> dict[int, str]: ...


class ReminderRepo(Protocol):
    async def all_settings(self) -> dict[int, ReminderSettings]: ...
    async def save_settings(self, delprojekt_id: int, settings: ReminderSettings, by: str, at: datetime) -> None: ...
    async def sync(self, plans: dict[int, tuple[str, list[Planned]]], now: datetime) -> tuple[int, int]: ...
    async def try_sweep_lock(self) -> bool: ...
    async def holding_plans(self, now: datetime) -> dict[int, str]: ...  # id -> fingerprint
    async def save_plans(self, plans: dict[int, StoredPlan]) -> None: ...
    async def keep_statistics(self, grown: int) -> bool: ...  # True: refreshed after `grown` new rows
    async def close_subject(self, rules: Iterable[str], subject: str) -> int: ...
    async def pending_for_closed(self) -> bool: ...
    async def cancel_for_closed(self) -> int: ...


class StrategicRepo(Protocol):
    async def add(self, delprojekt_id: int, question: StrategicQuestion) -> StrategicQuestion: ...  # numbers it
    async def get(self, question_id: int) -> StrategicQuestion | None: ...
    async def save(self, question: StrategicQuestion) -> None: ...  # StaleVersion if saved meanwhile
    async def listed(
        self, statuses: Iterable[QuestionStatus] | None = None, delprojekt_ids: Iterable[int] | None = None
    ) -> list[StrategicQuestion]: ...
    async def counts(self, delprojekt_ids: Iterable[int] | None = None) -> dict[QuestionStatus, int]: ...


class UnitOfWork(Protocol):
    delprojekt: DelprojektRepo
    channels: ChannelRepo
    audit: AuditRepo
    submits: SubmitRepo
    conversations: ConversationRepo
    checklists: ChecklistRepo
    meetings: MeetingRepo
    reminders: ReminderRepo
    strategic: StrategicRepo

    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(self, *exc_info: object) -> None: ...
    async def commit(self) -> None: ...


class UnitsOfWork(Protocol):
    """What makes units of work: `units()` to write, `units.read()` for one that only reads (on
    SQLite it takes no write lock). A use case that runs several transactions takes this."""

    def __call__(self) -> UnitOfWork: ...
    def read(self) -> UnitOfWork: ...
