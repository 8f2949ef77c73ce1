"""Use cases of the checklist: answer an item, see a delprojekt's checklist, change its character,
move it to a newer template version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.audit import AuditEntry
from domain.characters import Character
from domain.checklists.answers import applicable, migrate, open_required, validate_answer
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
    answers: dict[str, list[Answer]]


class AnsweredMeanwhile(StaleVersion):
    """Someone answered the item since the card was drawn; `current` is their answer."""

    def __init__(self, current: Answer) -> None:
        super().__init__(item=current.item_id)
        self.current = current


async def checklist(uow, key: DelprojektKey, library: TemplateLibrary) -> Checklist:
    async with uow:
        project = await load(uow, key)
        answers = await uow.checklists.current_of(project.id)
    return Checklist(project, library.get(project.checklist_template), answers)


def unmet_checklist(template: Template, project: Delprojekt, answers: dict[str, list[Answer]]) -> list[Unmet]:
    """The required items of the current stage still open: they hold the gate out of this stage."""
    return [
        Unmet("checklist_open", {"item": item.id, "sv": item.question.sv, "en": item.question.en})
        for item in open_required(template, project.characters, answers, project.stage)
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
        answers = await uow.checklists.current_of(project.id)
        if item not in applicable(template, project.characters, answers):
            raise ValidationFailed({"value": "error.item_not_applicable"})
        history = answers.get(item_id, [])
        if history and history[-1].revision != seen_revision:
            raise AnsweredMeanwhile(history[-1])
        value, justification = validate_answer(item, raw, justification)
        new = Answer(item_id, value, justification, actor.label, now, seen_revision + 1)
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
        answers = await uow.checklists.current_of(project.id)
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


async def upgrade_template(uow, actor: Actor, key: DelprojektKey, now: datetime, library: TemplateLibrary):
    """Move the delprojekt to the newest version of its template: answers to items that still exist
    are kept; returns (old, new, kept count, newly open items)."""
    async with uow:
        project = await load(uow, key)
        if not can_change(actor, project):
            raise NotAllowed(key=str(key))
        old = library.get(project.checklist_template)
        new = library.newest(old.name) or old
        answers = await uow.checklists.answers_of(project.id)
        if new.ref == old.ref:
            return old, new, len(answers), []
        kept, newly_open = migrate(old, new, project.characters, answers)
        project.checklist_template = new.ref
        await uow.delprojekt.save(project)
        await uow.audit.record(
            project.id,
            AuditEntry(str(key), now, actor.label, actor.aad_object_id, "template_upgraded",
                       {"template": old.ref}, {"template": new.ref}),
        )  # fmt: skip
        await uow.commit()
    return old, new, len(kept), newly_open


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
        answers = await uow.checklists.current_of(project.id)
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
            new = Answer(item.id, value, justification, actor.label, now, one.seen_revision + 1, actor.aad_object_id)
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
