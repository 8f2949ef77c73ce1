"""Use cases of what is decided and anchored: the ledningsgrupp's and the nämnd's decisions with
their outcome, each region's own decision, the anchoring log, the implementation per region. Every
change takes the one path of changes.py and is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.decisions import (
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
)
from domain.delprojekt import Delprojekt
from domain.keys import DelprojektKey
from domain.permissions import Actor, can_record_decisions
from domain.ports import UnitOfWork
from domain.services.changes import Audit, change_delprojekt
from domain.stages import Stage


async def record_decision(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    *,
    kind: DecisionKind,
    decided_on: date,
    body: str,
    diarienummer: str,
    note: str,
    now: datetime,
    outcome: DecisionOutcome = DecisionOutcome.BIFALL,
    return_to: Stage | None = None,
) -> Delprojekt:
    def mutate(project: Delprojekt) -> Audit:
        previous, before = project.decision(kind), project.stage
        decision = ProjectDecision(
            kind, decided_on, body.strip(), diarienummer.strip(), note.strip(), actor.label, now, outcome,
            return_to if outcome is DecisionOutcome.ATERREMISS else None,
        )  # fmt: skip
        project.record_decision(decision)
        audit: Audit = [("decision_recorded", _decision(previous) if previous else None, _decision(decision))]
        if project.stage is not before:  # återremiss moved it back, avslag stopped it
            moved = "returned" if outcome is DecisionOutcome.ATERREMISS else "stopped"
            audit.append((moved, {"stage": before.value}, {"stage": project.stage.value,
                                                           "reason": project.history[-1].reason}))  # fmt: skip
        return audit

    allowed = lambda a, _: can_record_decisions(a)  # noqa: E731 - the kansli records decisions
    return await change_delprojekt(uow, actor, key, expected_version, now, mutate, allowed=allowed)


async def record_regional_decision(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    *,
    region: str,
    body: str,
    decided_on: date,
    diarienummer: str,
    outcome: RegionalOutcome,
    note: str,
    now: datetime,
) -> Delprojekt:
    """A region's own decision, recorded by the kansli or a member from that region's side."""

    def mutate(project: Delprojekt) -> Audit:
        decision = RegionalDecision(
            region, body.strip(), decided_on, diarienummer.strip(), outcome, note.strip(), actor.label, now
        )
        project.record_regional_decision(decision)
        after = {"region": region, "outcome": outcome.value, "decided_on": decided_on.isoformat(),
                 "body": decision.body, "diarienummer": decision.diarienummer}  # fmt: skip
        return [("regional_decision_recorded", None, after)]

    return await change_delprojekt(uow, actor, key, expected_version, now, mutate)


async def add_anchoring(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    *,
    region: str,
    forum: AnchoringForum,
    on: date,
    who: str,
    views: str,
    outcome: AnchoringOutcome,
    now: datetime,
) -> Delprojekt:
    def mutate(project: Delprojekt) -> Audit:
        project.add_anchoring(AnchoringEntry(region, forum, on, who, views, outcome, actor.label, now))
        after = {"region": region, "forum": forum.value, "on": on.isoformat(), "who": project.anchoring[-1].who,
                 "outcome": outcome.value}  # fmt: skip
        return [("anchoring_added", None, after)]

    return await change_delprojekt(uow, actor, key, expected_version, now, mutate)


async def set_implementation(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    *,
    region: str,
    status: ImplementationStatus,
    on: date | None,
    comment: str,
    now: datetime,
) -> Delprojekt:
    def mutate(project: Delprojekt) -> Audit:
        previous = project.implementation.get(region)
        entry = project.set_implementation(region, status, on, comment, actor.label, now)
        return [("implementation_set", _implementation(previous) if previous else None, _implementation(entry))]

    return await change_delprojekt(uow, actor, key, expected_version, now, mutate)


def _decision(decision: ProjectDecision) -> dict[str, Any]:
    return {
        "kind": decision.kind.value,
        "outcome": decision.outcome.value,
        "return_to": decision.return_to.value if decision.return_to else None,
        "decided_on": decision.decided_on.isoformat(),
        "body": decision.body,
        "diarienummer": decision.diarienummer,
        "note": decision.note,
    }


def _implementation(entry) -> dict[str, Any]:
    return {
        "region": entry.region,
        "status": entry.status.value,
        "on": entry.on.isoformat() if entry.on else None,
        "comment": entry.comment,
    }
