"""Use cases of the delprojekt lifecycle: initiate, link a channel, form the arbetsgrupp, advance,
stop/close (or propose it), revise the uppdrag. Decisions, anchoring and implementation are in
decisions.py. Every change takes the one path of changes.py and is audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from domain.arbetsgrupp import Member, Role
from domain.delprojekt import Delprojekt
from domain.errors import InvalidTransition, KeyTaken, NotAllowed, ValidationFailed
from domain.gates import Unmet
from domain.initiation import InitiationRequest, validate_initiation
from domain.keys import DelprojektKey, next_key
from domain.permissions import Actor, can_end, can_override_gate
from domain.ports import UnitOfWork
from domain.services.changes import Audit, apply, change_delprojekt
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


async def project_for_channel(uow: UnitOfWork, link_id: str) -> Delprojekt | None:
    project_id = await uow.channels.project_id_for(link_id)
    return None if project_id is None else await uow.delprojekt.get_by_id(project_id)


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

    async def new_project(uow: UnitOfWork) -> tuple[Delprojekt, Delprojekt]:
        number = await uow.delprojekt.next_number(config.key_prefix, now.year)
        project = Delprojekt.initiate(
            next_key(config.key_prefix, now.year, number),
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
        return project, project

    async def register(project: Delprojekt) -> Audit:
        await uow.submits.claim(card_id, "delprojekt.initiate", str(project.key), now)
        await uow.delprojekt.add(project)  # KeyTaken: someone registered the same number just now
        audit: Audit = [("initiated", None, snapshot(project))]
        if channel is not None:
            link = channel.link_id, project.id, channel.conversation_id, channel.kind, actor.label, now
            await uow.channels.link(*link)
            audit.append(("channel_linked", None, {"channel": channel.link_id}))
        return audit

    for _attempt in range(5):
        try:
            project, _ = await apply(uow, actor, now, new_project, lambda p, _: register(p), allowed=lambda *_: True)
        except KeyTaken:
            continue  # rolled back: take the next number
        return Initiated(project, channel)
    raise KeyTaken(prefix=config.key_prefix)


async def link_channel(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, channel: ChannelLink, now: datetime
) -> tuple[Delprojekt, Delprojekt | None]:
    """Make `channel` work for the delprojekt; returns it with the delprojekt the channel served
    before, if any. A row in the log only: the delprojekt itself does not change."""
    previous: Delprojekt | None = None

    async def link(project: Delprojekt) -> Audit:
        nonlocal previous
        previous_id = await uow.channels.link(
            channel.link_id, project.id, channel.conversation_id, channel.kind, actor.label, now
        )
        previous = await uow.delprojekt.get_by_id(previous_id) if previous_id not in (None, project.id) else None
        return [("channel_linked", None, {"channel": channel.link_id})]

    project = await change_delprojekt(uow, actor, key, None, now, link, save=False)
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

    return await change_delprojekt(uow, actor, key, expected_version, now, mutate)


async def remove_member(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, expected_version: int | None, member_id: str, now: datetime
) -> Delprojekt:
    def mutate(project: Delprojekt) -> Audit:
        return [("member_removed", _member(project.remove_member(member_id)), None)]

    return await change_delprojekt(uow, actor, key, expected_version, now, mutate)


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

    async def move(project: Delprojekt) -> Audit:
        if override_reason is not None and not can_override_gate(actor):
            raise NotAllowed(key=str(project.key))
        before = project.stage
        extra = checklist_gate(project, await uow.checklists.current_of(project.id)) if checklist_gate else None
        project.advance(actor.label, now, override_reason=override_reason, extra=extra)
        change, after = project.history[-1], {"stage": project.stage.value}
        if change.overridden:
            return [("gate_overridden", {"stage": before.value}, {**after, "reason": change.reason})]
        return [("advanced", {"stage": before.value}, after)]

    return await change_delprojekt(uow, actor, key, expected_version, now, move)


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

    return await change_delprojekt(uow, actor, key, expected_version, now, mutate, allowed=lambda a, _: can_end(a))


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

    def propose(project: Delprojekt) -> Audit:
        if not project.is_open:
            raise InvalidTransition(stage=project.stage.value)
        Delprojekt._require_reason(reason)
        return [("end_proposed", None, {"how": how, "reason": reason.strip()})]

    return await change_delprojekt(uow, actor, key, expected_version, now, propose, save=False)


async def revise_uppdrag(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, expected_version: int | None, uppdrag: Uppdrag, now: datetime
) -> tuple[Delprojekt, list[str]]:
    """Save the uppdrag as a new version (every version is kept); the parts that changed. An
    uppdrag as it was is no new version: nothing is saved."""
    changed: list[str] = []

    def revise(project: Delprojekt) -> Audit | None:
        changed.extend(project.revise_uppdrag(uppdrag, actor.label, now))
        if not changed:
            return None
        return [("uppdrag_revised", None, {"version": project.uppdrag_version, "fields": changed})]

    return await change_delprojekt(uow, actor, key, expected_version, now, revise), changed


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
