"""A fake unit of work for service tests without a database (cosmicpython's FakeUnitOfWork): the
repositories keep copies of the aggregates in dicts, `save` enforces the optimistic version as
storage does, and nothing is visible to the next unit of work unless it was committed."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from domain.audit import AuditEntry
from domain.delprojekt import Delprojekt
from domain.errors import AlreadyDone, KeyTaken, StaleVersion
from domain.keys import DelprojektKey
from domain.uppdrag import UppdragVersion


@dataclass
class _Store:
    """What a database holds between units of work."""

    projects: dict[int, Delprojekt] = field(default_factory=dict)
    versions: dict[tuple[int, int], UppdragVersion] = field(default_factory=dict)
    audit: list[tuple[int, AuditEntry]] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)
    submits: dict[str, str] = field(default_factory=dict)
    answers: dict[int, dict] = field(default_factory=dict)


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

    async def all(self) -> list[Delprojekt]:
        return [copy.deepcopy(p) for p in self._store.projects.values()]

    async def uppdrag_version(self, project_id: int, number: int) -> UppdragVersion | None:
        return self._store.versions.get((project_id, number))


class FakeChannels:
    def __init__(self, store: _Store) -> None:
        self._store = store

    async def link(self, link_id: str, project_id: int, conversation_id: str, kind: str, by: str, at: datetime):
        previous = self._store.channels.get(link_id)
        self._store.channels[link_id] = project_id
        return previous

    async def project_id_for(self, link_id: str) -> int | None:
        return self._store.channels.get(link_id)

    async def channels_of(self, project_id: int) -> list[str]:
        return [link for link, pid in self._store.channels.items() if pid == project_id]


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

    async def add(self, delprojekt_id: int, answer) -> None:
        self._store.answers.setdefault(delprojekt_id, {}).setdefault(answer.item_id, []).append(answer)


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
        self.conversations = None
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._work = None  # whatever was not committed is gone

    async def commit(self) -> None:
        self.store.__dict__.update(copy.deepcopy(self._work).__dict__)
        self.committed += 1

    def actions(self) -> list[str]:
        return [entry.action for _, entry in self.store.audit]
