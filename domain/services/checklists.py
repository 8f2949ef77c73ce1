"""Use cases of the checklist: answer an item, see a delprojekt's checklist, change its character,
move it to a newer template version (carrying its answers over, domain/checklists/carry.py).

Every read goes through `in_force`: only answers to the current version's items count (answers to
an earlier version's questions are history). A new answer's revision follows the stored one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.audit import AuditEntry
from domain.characters import Character
from domain.checklists.answers import applicable, in_force, open_required, validate_answer
from domain.checklists.carry import UpgradePlan, plan_upgrade
from domain.checklists.library import TemplateLibrary
from domain.checklists.model import Answer, Item, Template
from domain.delprojekt import Delprojekt
from domain.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.gates import Unmet
from domain.keys import DelprojektKey
from domain.permissions import Actor, can_change
from domain.services.lifecycle import load


@dataclass(frozen=True)
class Checklist:
    project: Delprojekt
    template: Template
    answers: dict[str, list[Answer]]  # in force under `template`


def _revision(stored: dict[str, list[Answer]], item_id: str) -> int:
    history = stored.get(item_id)
    return history[-1].revision if history else 0


class AnsweredMeanwhile(StaleVersion):
    """Someone answered the item since the card was drawn; `current` is their answer."""

    def __init__(self, current: Answer) -> None:
        super().__init__(item=current.item_id)
        self.current = current


async def checklist(uow, key: DelprojektKey, library: TemplateLibrary) -> Checklist:
    async with uow:
        project = await load(uow, key)
        stored = await uow.checklists.current_of(project.id)
    template = library.get(project.checklist_template)
    return Checklist(project, template, in_force(template, stored))


def unmet_checklist(template: Template, project: Delprojekt, answers: dict[str, list[Answer]]) -> list[Unmet]:
    """The required items of the current stage still open: they hold the gate out of this stage.
    Only answers in force under `template` count."""
    return [
        Unmet("checklist_open", {"item": item.id, "sv": item.question.sv, "en": item.question.en})
        for item in open_required(template, project.characters, in_force(template, answers), project.stage)
    ]


async def answer(
    uow,
    actor: Actor,
    key: DelprojektKey,
    item_id: str,
    raw: Any,
    justification: str,
    seen_revision: int,
    now: datetime,
    library: TemplateLibrary,
) -> tuple[Answer, Item, Checklist]:
    async with uow:
        project = await load(uow, key)
        if not can_change(actor, project):
            raise NotAllowed(key=str(key))
        template = library.get(project.checklist_template)
        item = template.item(item_id)
        if item is None:
            raise NotFound(item=item_id)
        # Current answers only: applicability and the revision check look at nothing older.
        stored = await uow.checklists.current_of(project.id)
        answers = in_force(template, stored)
        if item not in applicable(template, project.characters, answers):
            raise ValidationFailed({"value": "error.item_not_applicable"})
        history = answers.get(item_id, [])
        if history and history[-1].revision != seen_revision:
            raise AnsweredMeanwhile(history[-1])
        value, justification = validate_answer(item, raw, justification)
        new = Answer(item_id, value, justification, actor.label, now, _revision(stored, item_id) + 1)
        try:
            await uow.checklists.add(project.id, new)
        except StaleVersion:
            fresh = (await uow.checklists.current_of(project.id)).get(item_id, [])
            raise AnsweredMeanwhile(fresh[-1]) from None
        await uow.audit.record(
            project.id,
            AuditEntry(
                str(key), now, actor.label, actor.aad_object_id, "checklist_answered",
                {"item": item_id, "value": history[-1].value} if history else None,
                {"item": item_id, "value": value, "justification": justification},
            ),
        )  # fmt: skip
        await uow.commit()
        answers.setdefault(item_id, []).append(new)
        return new, item, Checklist(project, template, answers)


async def set_characters(
    uow, actor: Actor, key: DelprojektKey, expected_version: int | None, characters: set[Character], now, library
) -> tuple[Checklist, list[Item]]:
    """Change the delprojekt's character; returns the items that apply now and did not before."""
    if not characters:
        raise ValidationFailed({"characters": "error.required"})
    async with uow:
        project = await load(uow, key)
        if not can_change(actor, project):
            raise NotAllowed(key=str(key))
        if expected_version is not None and expected_version != project.version:
            raise StaleVersion(key=str(key))
        template = library.get(project.checklist_template)
        answers = in_force(template, await uow.checklists.current_of(project.id))
        before = {i.id for i in applicable(template, project.characters, answers)}
        old = sorted(c.value for c in project.characters)
        project.characters = set(characters)
        await uow.delprojekt.save(project)
        await uow.audit.record(
            project.id,
            AuditEntry(str(key), now, actor.label, actor.aad_object_id, "characters_changed",
                       {"characters": old}, {"characters": sorted(c.value for c in characters)}),
        )  # fmt: skip
        await uow.commit()
    added = [i for i in applicable(template, project.characters, answers) if i.id not in before]
    return Checklist(project, template, answers), added


@dataclass(frozen=True)
class Entered:
    """One item's answer as a card submitted it: the value, the justification, and the revision of
    the answer the card showed (0: none)."""

    item_id: str
    raw: Any
    justification: str
    seen_revision: int


@dataclass
class Saved:
    """What a save of several answers did, item by item."""

    saved: list[Answer] = field(default_factory=list)
    errors: dict[str, dict[str, str]] = field(default_factory=dict)  # item id -> field -> message key
    meanwhile: dict[str, Answer] = field(default_factory=dict)  # item id -> the answer given meanwhile
    state: Checklist | None = None


async def answer_many(
    uow, actor: Actor, key: DelprojektKey, entered: list[Entered], now: datetime, library: TemplateLibrary
) -> Saved:
    """Save every answer that is valid and still answers what the user saw, in one transaction;
    each of the others is reported on its own (its error, or the answer someone gave meanwhile).
    An answer equal to the current one is no new revision."""
    result = Saved()
    async with uow:
        project = await load(uow, key)
        if not can_change(actor, project):
            raise NotAllowed(key=str(key))
        template = library.get(project.checklist_template)
        stored = await uow.checklists.current_of(project.id)
        answers = in_force(template, stored)
        for one in entered:
            item = template.item(one.item_id)
            # checked as the answers accumulate: an earlier answer in this save may end a condition
            if item is None or item not in applicable(template, project.characters, answers):
                result.errors[one.item_id] = {"value": "error.item_not_applicable"}
                continue
            history = answers.get(item.id, [])
            if history and history[-1].revision != one.seen_revision:
                result.meanwhile[item.id] = history[-1]
                continue
            try:
                value, justification = validate_answer(item, one.raw, one.justification)
            except ValidationFailed as failed:
                result.errors[item.id] = failed.errors
                continue
            if history and (history[-1].value, history[-1].justification) == (value, justification):
                continue
            revision = _revision(stored, item.id) + 1
            new = Answer(item.id, value, justification, actor.label, now, revision, actor.aad_object_id)
            try:
                await uow.checklists.add(project.id, new)
            except StaleVersion:
                fresh = (await uow.checklists.current_of(project.id)).get(item.id, [])
                result.meanwhile[item.id] = fresh[-1]
                continue
            await uow.audit.record(
                project.id,
                AuditEntry(
                    str(key), now, actor.label, actor.aad_object_id, "checklist_answered",
                    {"item": item.id, "value": history[-1].value} if history else None,
                    {"item": item.id, "value": value, "justification": justification},
                ),
            )  # fmt: skip
            answers.setdefault(item.id, []).append(new)
            result.saved.append(new)
        if result.saved:
            await uow.commit()
    result.state = Checklist(project, template, answers)
    return result


@dataclass(frozen=True)
class Upgrade:
    """What `mall` shows and the upgrade did: the versions, and the plan (None: already newest)."""

    project: Delprojekt
    old: Template
    new: Template
    plan: UpgradePlan | None
    newly_open: tuple[Item, ...] = ()  # required items up to the current stage that are open now


async def upgrade_preview(uow, key: DelprojektKey, library: TemplateLibrary) -> Upgrade:
    """What moving to the newest version would do, before anything changes."""
    async with uow:
        project = await load(uow, key)
        stored = await uow.checklists.current_of(project.id)
    old = library.get(project.checklist_template)
    new = library.newest(old.name) or old
    plan = None if new.ref == old.ref else plan_upgrade(old, new, project.characters, stored)
    return Upgrade(project, old, new, plan)


async def upgrade_template(
    uow, actor: Actor, key: DelprojektKey, expected_version: int | None, now: datetime, library: TemplateLibrary
) -> Upgrade:
    """Move the delprojekt to the newest version of its template, carrying its answers by the new
    version's [carry]. The carried answers are written as new revisions by the one who upgrades
    (the original author and time go to the audit); nothing is deleted. A card drawn before a
    change (the upgrade itself included) is stale: StaleVersion, nothing changes."""
    async with uow:
        project = await load(uow, key)
        if not can_change(actor, project):
            raise NotAllowed(key=str(key))
        if expected_version is not None and expected_version != project.version:
            raise StaleVersion(key=str(key))
        old = library.get(project.checklist_template)
        new = library.newest(old.name) or old
        if new.ref == old.ref:
            return Upgrade(project, old, new, None)
        stored = await uow.checklists.current_of(project.id)
        plan = plan_upgrade(old, new, project.characters, stored)
        held_before = open_required(old, project.characters, in_force(old, stored), project.stage, through=True)
        after = dict(stored)
        for carried in plan.writes:
            new_answer = Answer(
                carried.item.id, carried.value, carried.justification, actor.label, now,
                _revision(stored, carried.item.id) + 1, actor.aad_object_id,
            )  # fmt: skip
            await uow.checklists.add(project.id, new_answer)  # StaleVersion: answered this instant
            sources = [
                {"item": item.id, "value": answer.value, "by": answer.by, "at": answer.at.isoformat()}
                for item, answer in carried.sources
            ]
            await uow.audit.record(
                project.id,
                AuditEntry(str(key), now, actor.label, actor.aad_object_id, "checklist_carried",
                           {"from": sources, "old_template": old.ref},
                           {"item": carried.item.id, "value": carried.value, "template": new.ref}),
            )  # fmt: skip
            after[carried.item.id] = [new_answer]
        project.checklist_template = new.ref
        await uow.delprojekt.save(project)
        await uow.audit.record(
            project.id,
            AuditEntry(str(key), now, actor.label, actor.aad_object_id, "template_carried",
                       {"old_template": old.ref}, {"template": new.ref, **plan.counts}),
        )  # fmt: skip
        await uow.commit()
    # What now holds the gate out of this stage and did not before (questions new in this version).
    held = open_required(new, project.characters, in_force(new, after), project.stage, through=True)
    newly_open = tuple(i for i in held if i.id not in {h.id for h in held_before})
    return Upgrade(project, old, new, plan, newly_open)
