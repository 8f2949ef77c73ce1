"""The one path of a change, whatever is changed: in one unit of work, load what the change is
about, check who may make it and which version the card showed, change it (the aggregate
validates), save it, write the audit rows in the delprojekt's change log, commit.

The lifecycle and checklist services change the delprojekt itself (`change_delprojekt`), the minutes services
one of its meetings (`minutes._meeting_change`), the checklist services its answers; each passes
what differs (how to load, who may, how to save) and the mutation. See docs/architecture.md."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from domain.audit import AuditEntry
from domain.delprojekt import Delprojekt
from domain.errors import NotAllowed, NotFound, StaleVersion
from domain.keys import DelprojektKey
from domain.permissions import Actor, can_change
from domain.ports import UnitOfWork

A = TypeVar("A")

# One change's audit rows: (action, before, after). None from a mutation: it changed nothing, so
# nothing is saved or committed (an empty list: a change the log does not record).
Audit = list[tuple[str, Any, Any]]
Mutation = Callable[[A], Audit | None | Awaitable[Audit | None]]
# A mutation that also reads the delprojekt the target belongs to (a meeting's arbetsgrupp).
MutationIn = Callable[[A, Delprojekt], Audit | None | Awaitable[Audit | None]]


async def record(uow: UnitOfWork, project: Delprojekt, actor: Actor, at: datetime, action: str, before, after):
    """One row of the delprojekt's change log: who did what, when, before and after (plain JSON)."""
    assert project.id is not None
    await uow.audit.record(
        project.id, AuditEntry(str(project.key), at, actor.label, actor.aad_object_id, action, before, after)
    )


async def apply(
    uow: UnitOfWork,
    actor: Actor,
    now: datetime | None,
    load: Callable[[UnitOfWork], Awaitable[tuple[Delprojekt, A]]],
    mutate: MutationIn[A],
    *,
    allowed: Callable[[Actor, Delprojekt, A], bool],
    expected_version: int | None = None,
    stale: Callable[[A], StaleVersion] = lambda _: StaleVersion(),
    save: Callable[[UnitOfWork, A], Awaitable[None]] | None = None,
) -> tuple[Delprojekt, A]:
    """Load (the delprojekt the change goes in the log of, and what is changed: the delprojekt
    itself, a meeting, a new delprojekt), refuse with NotAllowed unless `allowed`, raise `stale`
    if the card showed another version than the target's, `mutate(target, project)` (sync or
    async; a DomainError it raises rolls everything back), `save` the target, record the audit
    rows the mutation returned (at `now`), commit."""
    async with uow:
        project, target = await load(uow)
        if not allowed(actor, project, target):
            raise NotAllowed(key=str(project.key))
        # The card carried the version it was drawn from: a changed aggregate means a stale card.
        if expected_version is not None and expected_version != target.version:  # type: ignore[attr-defined]
            raise stale(target)
        audit = mutate(target, project)
        if inspect.isawaitable(audit):
            audit = await audit
        if audit is None:
            return project, target
        if save is not None:
            await save(uow, target)
        for action, before, after in audit:
            assert now is not None, "a change that is logged says when"
            await record(uow, project, actor, now, action, before, after)
        await uow.commit()
        return project, target


async def load(uow: UnitOfWork, key: DelprojektKey) -> Delprojekt:
    """The delprojekt of `key`; NotFound if there is none."""
    project = await uow.delprojekt.get(key)
    if project is None:
        raise NotFound(key=str(key))
    return project


async def change_delprojekt(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    now: datetime,
    mutate: Mutation[Delprojekt],
    allowed: Callable[[Actor, Delprojekt], bool] = can_change,
    *,
    save: bool = True,
) -> Delprojekt:
    """A change to the delprojekt itself on the one path: loaded by key, `allowed` (can_change
    unless said), the card's version checked, mutated, saved (unless the change is only rows of
    its own, e.g. in its log or its checklist answers), audited, committed."""

    async def load_it(uow: UnitOfWork) -> tuple[Delprojekt, Delprojekt]:
        project = await load(uow, key)
        return project, project

    async def save_it(uow: UnitOfWork, project: Delprojekt) -> None:
        await uow.delprojekt.save(project)

    project, _ = await apply(
        uow, actor, now, load_it, lambda project, _: mutate(project), allowed=lambda a, project, _: allowed(a, project),
        expected_version=expected_version, stale=lambda p: StaleVersion(key=str(p.key)),
        save=save_it if save else None,
    )  # fmt: skip
    return project
