"""Use cases of the delprojekt lifecycle: initiate, link a channel, form the arbetsgrupp, advance,
stop/close, record decisions and implementation status. Every change is audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.arbetsgrupp import Member, Role
from domain.audit import AuditEntry
from domain.decisions import (
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
)
from domain.delprojekt import Delprojekt
from domain.errors import InvalidTransition, KeyTaken, NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.gates import Unmet
from domain.initiation import InitiationRequest, validate_initiation
from domain.keys import DelprojektKey, next_key
from domain.permissions import Actor, can_change, can_end, can_override_gate, can_record_decisions
from domain.ports import UnitOfWork
from domain.stages import Stage
from domain.uppdrag import Uppdrag


@dataclass(frozen=True)
class LifecycleConfig:
    key_prefix: str
    regions: tuple[str, ...]
    # name@version of the checklist template a new delprojekt starts with
    checklist_template: str | None = None


@dataclass(frozen=True)
class ChannelLink:
    """A team channel or group chat: `link_id` names it (the Teams channel id), `conversation_id`
    is where proactive messages go."""

    link_id: str
    conversation_id: str
    kind: str  # channel | groupChat


@dataclass(frozen=True)
class Initiated:
    project: Delprojekt
    linked: ChannelLink | None


async def _record(uow: UnitOfWork, project: Delprojekt, actor: Actor, at: datetime, action: str, before, after):
    assert project.id is not None
    await uow.audit.record(
        project.id,
        AuditEntry(str(project.key), at, actor.label, actor.aad_object_id, action, before, after),
    )


async def load(uow: UnitOfWork, key: DelprojektKey) -> Delprojekt:
    project = await uow.delprojekt.get(key)
    if project is None:
        raise NotFound(key=str(key))
    return project


async def project_for_channel(uow: UnitOfWork, link_id: str) -> Delprojekt | None:
    project_id = await uow.channels.project_id_for(link_id)
    return None if project_id is None else await uow.delprojekt.get_by_id(project_id)


def _check_version(project: Delprojekt, expected_version: int | None) -> None:
    # The card carried the version it was drawn from: a changed delprojekt means a stale card.
    if expected_version is not None and expected_version != project.version:
        raise StaleVersion(key=str(project.key))


def _require_change(actor: Actor, project: Delprojekt) -> None:
    if not can_change(actor, project):
        raise NotAllowed(key=str(project.key))


# One change's audit rows: (action, before, after).
Audit = list[tuple[str, Any, Any]]


async def _change(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    now: datetime,
    mutate: Callable[[Delprojekt], Audit],
    allowed: Callable[[Actor, Delprojekt], bool] = can_change,
) -> Delprojekt:
    """The one path of a change to a delprojekt: load it, check who may and which version the
    card showed, change the aggregate (which validates), save, write the audit rows, commit."""
    async with uow:
        project = await load(uow, key)
        if not allowed(actor, project):
            raise NotAllowed(key=str(project.key))
        _check_version(project, expected_version)
        audit = mutate(project)
        await uow.delprojekt.save(project)
        for action, before, after in audit:
            await _record(uow, project, actor, now, action, before, after)
        await uow.commit()
        return project


async def initiate(
    uow: UnitOfWork,
    actor: Actor,
    request: InitiationRequest,
    config: LifecycleConfig,
    now: datetime,
    card_id: str,
    channel: ChannelLink | None,
) -> Initiated:
    errors = validate_initiation(request, list(config.regions), now.date())
    if errors:
        raise ValidationFailed(errors)
    for _attempt in range(5):
        async with uow:
            number = await uow.delprojekt.next_number(config.key_prefix, now.year)
            key = next_key(config.key_prefix, now.year, number)
            project = Delprojekt.initiate(
                key,
                request.title,
                by=actor.label,
                by_id=actor.aad_object_id,
                at=now,
                regions=list(request.regions),
                characters=set(request.characters),
                uppdrag=request.uppdrag(),
            )
            project.checklist_template = config.checklist_template
            for entry in request.anchoring(actor.label, now):
                project.add_anchoring(entry)
            await uow.submits.claim(card_id, "delprojekt.initiate", str(key), now)
            try:
                await uow.delprojekt.add(project)
            except KeyTaken:
                continue  # someone registered the same number a moment ago: take the next one
            await _record(uow, project, actor, now, "initiated", None, snapshot(project))
            if channel is not None:
                await uow.channels.link(
                    channel.link_id, project.id, channel.conversation_id, channel.kind, actor.label, now
                )
                await _record(uow, project, actor, now, "channel_linked", None, {"channel": channel.link_id})
            await uow.commit()
            return Initiated(project, channel)
    raise KeyTaken(prefix=config.key_prefix)


async def link_channel(uow: UnitOfWork, actor: Actor, key: DelprojektKey, channel: ChannelLink, now: datetime):
    """Make `channel` work for the delprojekt; returns the key of the delprojekt it served before, if any."""
    async with uow:
        project = await load(uow, key)
        _require_change(actor, project)
        previous_id = await uow.channels.link(
            channel.link_id, project.id, channel.conversation_id, channel.kind, actor.label, now
        )
        previous = await uow.delprojekt.get_by_id(previous_id) if previous_id not in (None, project.id) else None
        await _record(uow, project, actor, now, "channel_linked", None, {"channel": channel.link_id})
        await uow.commit()
        return project, previous


async def add_member(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    *,
    name: str,
    role: Role,
    region: str | None,
    organisation: str,
    aad_object_id: str | None,
    now: datetime,
) -> Delprojekt:
    def mutate(project: Delprojekt) -> Audit:
        project.add_member(Member(str(uuid.uuid4()), name, role, region, organisation, actor.label, now, aad_object_id))
        return [("member_added", None, _member(project.members[-1]))]

    return await _change(uow, actor, key, expected_version, now, mutate)


async def remove_member(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, expected_version: int | None, member_id: str, now: datetime
) -> Delprojekt:
    def mutate(project: Delprojekt) -> Audit:
        return [("member_removed", _member(project.remove_member(member_id)), None)]

    return await _change(uow, actor, key, expected_version, now, mutate)


async def advance(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    now: datetime,
    override_reason: str | None = None,
    checklist_gate: Callable[[Delprojekt, dict], list[Unmet]] | None = None,
) -> Delprojekt:
    """Move to the next stage; GateNotPassed lists what is missing. Only the kansli may override.
    `checklist_gate(project, answers)` adds the open required checklist items of the stage."""
    async with uow:
        project = await load(uow, key)
        _require_change(actor, project)
        _check_version(project, expected_version)
        if override_reason is not None and not can_override_gate(actor):
            raise NotAllowed(key=str(project.key))
        before = project.stage
        extra = checklist_gate(project, await uow.checklists.current_of(project.id)) if checklist_gate else None
        project.advance(actor.label, now, override_reason=override_reason, extra=extra)
        await uow.delprojekt.save(project)
        change = project.history[-1]
        await _record(
            uow,
            project,
            actor,
            now,
            "gate_overridden" if change.overridden else "advanced",
            {"stage": before.value},
            {"stage": project.stage.value, "reason": change.reason}
            if change.overridden
            else {"stage": project.stage.value},
        )
        await uow.commit()
        return project


async def end(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    how: str,
    reason: str,
    now: datetime,
) -> Delprojekt:
    """Stop (`avbryt`) or close (`avsluta`) the delprojekt, with a reason. Only the kansli ends a
    delprojekt (seed 003: on grounds the ledningsgrupp, a chefsamråd or others identify); members
    propose it (`propose_end`)."""

    def mutate(project: Delprojekt) -> Audit:
        before = project.stage
        (project.stop if how == "stop" else project.close)(actor.label, now, reason)
        after = {"stage": project.stage.value, "reason": reason.strip()}
        return [("stopped" if how == "stop" else "closed", {"stage": before.value}, after)]

    return await _change(uow, actor, key, expected_version, now, mutate, allowed=lambda a, _: can_end(a))


async def propose_end(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    how: str,
    reason: str,
    now: datetime,
) -> Delprojekt:
    """A member proposes that the kansli stop or close the delprojekt: logged, nothing else changes."""
    async with uow:
        project = await load(uow, key)
        _require_change(actor, project)
        _check_version(project, expected_version)
        if not project.is_open:
            raise InvalidTransition(stage=project.stage.value)
        Delprojekt._require_reason(reason)
        await _record(uow, project, actor, now, "end_proposed", None, {"how": how, "reason": reason.strip()})
        await uow.commit()
        return project


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
    return await _change(uow, actor, key, expected_version, now, mutate, allowed=allowed)


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

    return await _change(uow, actor, key, expected_version, now, mutate)


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

    return await _change(uow, actor, key, expected_version, now, mutate)


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

    return await _change(uow, actor, key, expected_version, now, mutate)


# -- snapshots for the audit log (plain JSON) -----------------------------------------------------
def snapshot(project: Delprojekt) -> dict[str, Any]:
    uppdrag = asdict(project.uppdrag)
    for name in ("desired_start", "desired_end"):
        uppdrag[name] = uppdrag[name].isoformat() if uppdrag[name] else None
    return {
        "key": str(project.key),
        "title": project.title,
        "stage": project.stage.value,
        "regions": list(project.regions),
        "characters": sorted(c.value for c in project.characters),
        "uppdrag": uppdrag,
    }


def _member(member: Member) -> dict[str, Any]:
    return {
        "id": member.id,
        "name": member.name,
        "role": member.role.value,
        "region": member.region,
        "organisation": member.organisation,
        "in_teams": member.in_teams,
    }


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


__all__ = ["Stage"]


async def revise_uppdrag(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, expected_version: int | None, uppdrag: Uppdrag, now: datetime
) -> tuple[Delprojekt, list[str]]:
    """Save the uppdrag as a new version (every version is kept); the parts that changed."""
    async with uow:
        project = await load(uow, key)
        _require_change(actor, project)
        _check_version(project, expected_version)
        changed = project.revise_uppdrag(uppdrag, actor.label, now)
        if changed:
            await uow.delprojekt.save(project)
            await _record(
                uow, project, actor, now, "uppdrag_revised", None,
                {"version": project.uppdrag_version, "fields": changed},
            )  # fmt: skip
            await uow.commit()
        return project, changed
