"""A fake unit of work for service tests without a database (cosmicpython's FakeUnitOfWork): the
repositories keep copies of the aggregates in dicts, `save` enforces the optimistic version as
storage does, and nothing is visible to the next unit of work unless it was committed. It
implements domain/ports.py: what the services may ask of storage, and no more."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from domain.audit import AuditEntry
from domain.delprojekt import Delprojekt
from domain.errors import AlreadyDone, KeyTaken, NotFound, StaleVersion
from domain.keys import DelprojektKey
from domain.minutes import Entry, Meeting, MinutesLocked
from domain.reminders.rules import Planned, ReminderSettings, StoredPlan
from domain.stages import is_terminal
from domain.strategic_questions import StrategicQuestion
from domain.uppdrag import UppdragVersion


@dataclass
class _Store:
    """What a database holds between units of work."""

    projects: dict[int, Delprojekt] = field(default_factory=dict)
    versions: dict[tuple[int, int], UppdragVersion] = field(default_factory=dict)
    audit: list[tuple[int, AuditEntry]] = field(default_factory=list)
    channels: dict[str, tuple[int, str]] = field(default_factory=dict)  # link -> (delprojekt, conversation)
    submits: dict[str, str] = field(default_factory=dict)
    answers: dict[int, dict] = field(default_factory=dict)
    meetings: dict[int, tuple[int, Meeting]] = field(default_factory=dict)  # id -> (delprojekt, details)
    entries: dict[str, tuple[Entry, int, int]] = field(default_factory=dict)  # id -> (entry, meeting, delprojekt)
    questions: dict[int, tuple[int, StrategicQuestion]] = field(default_factory=dict)
    settings: dict[int, ReminderSettings] = field(default_factory=dict)
    outbox: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)  # the unique key -> row
    plans: dict[int, StoredPlan] = field(default_factory=dict)


class FakeDelprojektRepo:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def next_number(self, prefix: str, year: int) -> int:
        numbers = [p.key.number for p in self._store.projects.values() if (p.key.prefix, p.key.year) == (prefix, year)]
        return max(numbers, default=0)

    async def add(self, project: Delprojekt) -> None:
        if any(p.key == project.key for p in self._store.projects.values()):
            raise KeyTaken(key=str(project.key))
        project.id = len(self._store.projects) + 1
        project.version = 1
        self._store.projects[project.id] = copy.deepcopy(project)
        self._version(project)

    async def save(self, project: Delprojekt) -> None:
        stored = self._store.projects[project.id]
        if stored.version != project.version:
            raise StaleVersion(key=str(project.key))
        project.version += 1
        self._store.projects[project.id] = copy.deepcopy(project)
        if (project.id, project.uppdrag_version) not in self._store.versions:
            self._version(project)

    def _version(self, project: Delprojekt) -> None:
        self._store.versions[(project.id, project.uppdrag_version)] = UppdragVersion(
            project.uppdrag_version, project.uppdrag, project.uppdrag_revised_by, project.uppdrag_revised_at
        )

    async def get(self, key: DelprojektKey) -> Delprojekt | None:
        found = next((p for p in self._store.projects.values() if p.key == key), None)
        return copy.deepcopy(found)

    async def get_by_id(self, project_id: int) -> Delprojekt | None:
        return copy.deepcopy(self._store.projects.get(project_id))

    async def all(self, only_open: bool = False) -> list[Delprojekt]:
        return [copy.deepcopy(p) for p in self._store.projects.values() if p.is_open or not only_open]

    async def by_ids(self, project_ids: list[int]) -> list[Delprojekt]:
        return [copy.deepcopy(self._store.projects[i]) for i in project_ids if i in self._store.projects]

    async def open_versions(self) -> dict[int, int]:
        return {i: p.version for i, p in self._store.projects.items() if p.is_open}

    async def uppdrag_version(self, project_id: int, number: int) -> UppdragVersion | None:
        return self._store.versions.get((project_id, number))


class FakeChannels:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def link(self, link_id: str, project_id: int, conversation_id: str, kind: str, by: str, at: datetime):
        previous = self._store.channels.pop(link_id, (None, ""))[0]
        self._store.channels[link_id] = (project_id, conversation_id)  # the newest link last
        return previous

    async def project_id_for(self, link_id: str) -> int | None:
        return self._store.channels.get(link_id, (None, ""))[0]

    async def channels_of(self, project_id: int) -> list[str]:
        return [link for link, (pid, _) in self._store.channels.items() if pid == project_id]

    async def reminder_targets(self) -> dict[int, str]:
        return {pid: conversation for pid, conversation in self._store.channels.values()}


class FakeAudit:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def record(self, project_id: int, entry: AuditEntry) -> None:
        self._store.audit.append((project_id, entry))

    async def for_project(self, project_id: int, limit: int = 50) -> list[AuditEntry]:
        return [e for pid, e in self._store.audit if pid == project_id][-limit:]


class FakeSubmits:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def claim(self, card_id: str, action: str, result: str, at: datetime) -> None:
        if card_id in self._store.submits:
            raise AlreadyDone(result=self._store.submits[card_id])
        self._store.submits[card_id] = result


class FakeChecklists:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def answers_of(self, delprojekt_id: int) -> dict:
        return copy.deepcopy(self._store.answers.get(delprojekt_id, {}))

    async def current_of(self, delprojekt_id: int) -> dict:
        return {item: history[-1:] for item, history in (await self.answers_of(delprojekt_id)).items()}

    async def current_of_many(self, delprojekt_ids: list[int]) -> dict[int, dict]:
        return {pid: await self.current_of(pid) for pid in delprojekt_ids}

    async def latest_answer_ids(self) -> dict[int, int]:
        delprojekt_ids = [pid for pid, p in self._store.projects.items() if p.is_open]
        # Answers are only ever added: their count changes whenever an answer does, as a row id would.
        counts = {pid: sum(map(len, self._store.answers.get(pid, {}).values())) for pid in delprojekt_ids}
        return {pid: count for pid, count in counts.items() if count}

    async def add(self, delprojekt_id: int, answer) -> None:
        history = self._store.answers.setdefault(delprojekt_id, {}).setdefault(answer.item_id, [])
        if any(a.revision == answer.revision for a in history):  # the unique (item, revision) of storage
            raise StaleVersion(item=answer.item_id)
        history.append(answer)


class FakeMeetings:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def lock_delprojekt(self, delprojekt_id: int) -> None:
        """One unit of work at a time here: there is nothing to wait for."""

    async def add(self, delprojekt_id: int, meeting: Meeting) -> Meeting:
        numbers = [m.number for pid, m in self._store.meetings.values() if pid == delprojekt_id]
        meeting.number, meeting.id, meeting.version = max(numbers, default=0) + 1, len(self._store.meetings) + 1, 1
        self._store.meetings[meeting.id] = (delprojekt_id, copy.deepcopy(replace(meeting, entries=[])))
        return meeting

    async def save(self, meeting: Meeting) -> None:
        delprojekt_id, stored = self._store.meetings[meeting.id]
        if stored.version != meeting.version:
            raise StaleVersion(meeting=meeting.number)
        meeting.version += 1
        self._store.meetings[meeting.id] = (delprojekt_id, copy.deepcopy(replace(meeting, entries=[])))

    async def get(self, meeting_id: int, with_entries: bool = True, latest: int | None = None) -> Meeting | None:
        if meeting_id not in self._store.meetings:
            return None
        meeting = copy.deepcopy(self._store.meetings[meeting_id][1])
        if with_entries:
            entries = [e for e, mid, _ in self._store.entries.values() if mid == meeting_id]
            shown = entries if latest is None else entries[len(entries) - min(latest, len(entries)) :]
            meeting.entries, meeting.earlier_entries = shown, len(entries) - len(shown)
        else:
            meeting.amendments = []
        return meeting

    async def delprojekt_key_of(self, meeting_id: int) -> str | None:
        found = self._store.meetings.get(meeting_id)
        return found[1].delprojekt_key if found else None

    async def register_ids_for(self, delprojekt_id: int, prefix: str | None, replaces: str | None) -> set[str]:
        ids = {e.register_id for e, _, pid in self._store.entries.values() if pid == delprojekt_id and e.register_id}
        numbers = [int(i.split("-")[1]) for i in ids if prefix and i.startswith(f"{prefix}-")]
        return ({f"{prefix}-{max(numbers)}"} if numbers else set()) | ({replaces} & ids if replaces else set())

    async def add_entry(self, meeting_id: int, delprojekt_id: int, entry: Entry) -> None:
        if meeting_id not in self._store.meetings:
            raise NotFound(meeting=meeting_id)
        meeting = self._store.meetings[meeting_id][1]
        if meeting.locked:
            raise MinutesLocked(number=meeting.number)
        self._store.entries[entry.id] = (entry, meeting_id, delprojekt_id)

    async def entry(self, entry_id: str) -> tuple[Entry, int, int] | None:
        return self._store.entries.get(entry_id)

    async def mark_done(self, entry_id: str, by: str, at: datetime) -> bool:
        entry, meeting_id, delprojekt_id = self._store.entries[entry_id]
        if entry.done_at is not None:
            return False
        self._store.entries[entry_id] = (replace(entry, done_at=at, done_by=by), meeting_id, delprojekt_id)
        return True

    async def open_actions(self, delprojekt_ids: list[int] | None = None) -> dict[int, list[Entry]]:
        found: dict[int, list[Entry]] = {}
        for entry, _, pid in self._store.entries.values():
            if entry.is_open_action and entry.due is not None and (delprojekt_ids is None or pid in delprojekt_ids):
                found.setdefault(pid, []).append(entry)
        return found

    async def open_action_digests(self) -> dict[int, str]:
        actions = await self.open_actions()
        return {pid: ",".join(sorted(f"{e.id}:{e.due}" for e in entries)) for pid, entries in actions.items()}


class FakeStrategic:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def add(self, delprojekt_id: int, question: StrategicQuestion) -> StrategicQuestion:
        numbers = [q.number for pid, q in self._store.questions.values() if pid == delprojekt_id]
        question.number, question.id, question.version = max(numbers, default=0) + 1, len(self._store.questions) + 1, 1
        self._store.questions[question.id] = (delprojekt_id, copy.deepcopy(question))
        return question

    async def get(self, question_id: int) -> StrategicQuestion | None:
        found = self._store.questions.get(question_id)
        return copy.deepcopy(found[1]) if found else None

    async def listed(self, statuses=None, delprojekt_ids: Iterable[int] | None = None) -> list[StrategicQuestion]:
        wanted = None if statuses is None else set(statuses)
        ids = None if delprojekt_ids is None else set(delprojekt_ids)
        return [
            copy.deepcopy(q)
            for pid, q in self._store.questions.values()
            if (wanted is None or q.status in wanted) and (ids is None or pid in ids)
        ]


class FakeReminders:
    """The outbox by its unique key (rule, subject, occasion), as storage keeps it."""

    def __init__(self, store: _Store) -> None:
        self._store = store

    async def all_settings(self) -> dict[int, ReminderSettings]:
        return dict(self._store.settings)

    async def save_settings(self, delprojekt_id: int, settings: ReminderSettings, by: str, at: datetime) -> None:
        self._store.settings[delprojekt_id] = settings

    async def sync(self, plans: dict[int, tuple[str, list[Planned]]], now: datetime) -> tuple[int, int]:
        outbox, wanted, created = self._store.outbox, set(), 0
        for project_id, (conversation_id, planned) in plans.items():
            for p in planned:
                wanted.add(p.key)
                if p.key not in outbox:
                    outbox[p.key] = {"delprojekt_id": project_id, "conversation_id": conversation_id,
                                     "due_at": p.due_at, "params": p.params, "state": "pending"}  # fmt: skip
                    created += 1
        stale = [key for key, row in outbox.items()
                 if row["delprojekt_id"] in plans and row["state"] == "pending" and key not in wanted]  # fmt: skip
        for key in stale:
            outbox[key]["state"] = "cancelled"
        return created, len(stale)

    async def try_sweep_lock(self) -> bool:
        return True

    async def holding_plans(self, now: datetime) -> dict[int, str]:
        return {pid: p.fingerprint for pid, p in self._store.plans.items() if p.planned_at <= now < p.valid_until}

    async def keep_statistics(self, grown: int) -> bool:
        return False  # no query planner to keep informed

    async def save_plans(self, plans: dict[int, StoredPlan]) -> None:
        self._store.plans.update(plans)

    async def close_subject(self, rules: Iterable[str], subject: str) -> int:
        closing = [row for (rule, about, _), row in self._store.outbox.items()
                   if rule in set(rules) and about == subject and row["state"] in ("pending", "sent")]  # fmt: skip
        for row in closing:
            row["state"] = "done"
        return len(closing)

    async def pending_for_closed(self) -> bool:
        closed = {pid for pid, p in self._store.projects.items() if is_terminal(p.stage)}
        return any(r["state"] == "pending" and r["delprojekt_id"] in closed for r in self._store.outbox.values())

    async def cancel_for_closed(self) -> int:
        closed = {pid for pid, p in self._store.projects.items() if is_terminal(p.stage)}
        outbox = self._store.outbox.values()
        cancelling = [r for r in outbox if r["state"] == "pending" and r["delprojekt_id"] in closed]
        for row in cancelling:
            row["state"] = "cancelled"
        return len(cancelling)

    def pending(self) -> dict[tuple[str, str, str], dict[str, Any]]:
        return {key: row for key, row in self._store.outbox.items() if row["state"] == "pending"}


class FakeUnitOfWork:
    """One unit of work over a shared store: works on a copy, which `commit` makes the store."""

    def __init__(self, store: _Store | None = None) -> None:
        self.store = store if store is not None else _Store()
        self.committed = 0

    async def __aenter__(self) -> FakeUnitOfWork:
        self._work = copy.deepcopy(self.store)
        self.delprojekt = FakeDelprojektRepo(self._work)
        self.channels = FakeChannels(self._work)
        self.audit = FakeAudit(self._work)
        self.submits = FakeSubmits(self._work)
        self.checklists = FakeChecklists(self._work)
        self.meetings = FakeMeetings(self._work)
        self.reminders = FakeReminders(self._work)
        self.strategic = FakeStrategic(self._work)
        self.conversations = None
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._work = None  # whatever was not committed is gone

    async def commit(self) -> None:
        self.store.__dict__.update(copy.deepcopy(self._work).__dict__)
        self.committed += 1

    def actions(self) -> list[str]:
        return [entry.action for _, entry in self.store.audit]


class FakeUnitsOfWork:
    """What makes units of work over one store (storage's UnitOfWorkFactory): every unit a new one,
    reading or writing alike (the fake has no write lock to spare)."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self._uow.store)

    def read(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self._uow.store)
