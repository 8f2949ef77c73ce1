"""Use cases of the checklist: answer an item, see a delprojekt's checklist, change its character,
move it to a newer template version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.characters import Character
from domain.checklists.answers import applicable, migrate, open_required, validate_answer
from domain.checklists.library import TemplateLibrary
from domain.checklists.model import Answer, Item, Template
from domain.delprojekt import Delprojekt
from domain.errors import NotFound, StaleVersion, ValidationFailed
from domain.gates import Unmet
from domain.keys import DelprojektKey
from domain.permissions import Actor
from domain.ports import UnitOfWork
from domain.services.changes import Audit, change_delprojekt, load


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


async def checklist(uow: UnitOfWork, key: DelprojektKey, library: TemplateLibrary) -> Checklist:
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


def _answered(item_id: str, history: list[Answer], value: Any, justification: str) -> tuple[str, Any, Any]:
    """The change log's row of an answer: the value it replaced, the new value and its reason."""
    before = {"item": item_id, "value": history[-1].value} if history else None
    return "checklist_answered", before, {"item": item_id, "value": value, "justification": justification}


async def answer(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    item_id: str,
    raw: Any,
    justification: str,
    seen_revision: int,
    now: datetime,
    library: TemplateLibrary,
) -> tuple[Answer, Item, Checklist]:
    done: list[tuple[Answer, Item, Checklist]] = []

    async def add_answer(project: Delprojekt) -> Audit:
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
        value, reason = validate_answer(item, raw, justification)
        new = Answer(item_id, value, reason, actor.label, now, seen_revision + 1)
        try:
            await uow.checklists.add(project.id, new)
        except StaleVersion:
            fresh = (await uow.checklists.current_of(project.id)).get(item_id, [])
            raise AnsweredMeanwhile(fresh[-1]) from None
        row = _answered(item_id, history, value, reason)
        answers.setdefault(item_id, []).append(new)
        done.append((new, item, Checklist(project, template, answers)))
        return [row]

    # Answers are rows of their own, each with its revision: the delprojekt is not saved.
    await change_delprojekt(uow, actor, key, None, now, add_answer, save=False)
    return done[0]


async def set_characters(
    uow: UnitOfWork,
    actor: Actor,
    key: DelprojektKey,
    expected_version: int | None,
    characters: set[Character],
    now: datetime,
    library: TemplateLibrary,
) -> tuple[Checklist, list[Item]]:
    """Change the delprojekt's character; returns the items that apply now and did not before."""
    if not characters:
        raise ValidationFailed({"characters": "error.required"})
    seen: list[tuple[Template, dict[str, list[Answer]], set[str]]] = []

    async def change(project: Delprojekt) -> Audit:
        template = library.get(project.checklist_template)
        answers = await uow.checklists.current_of(project.id)
        seen.append((template, answers, {i.id for i in applicable(template, project.characters, answers)}))
        old = sorted(c.value for c in project.characters)
        project.characters = set(characters)
        return [("characters_changed", {"characters": old}, {"characters": sorted(c.value for c in characters)})]

    project = await change_delprojekt(uow, actor, key, expected_version, now, change)
    template, answers, before = seen[0]
    added = [i for i in applicable(template, project.characters, answers) if i.id not in before]
    return Checklist(project, template, answers), added


async def upgrade_template(uow: UnitOfWork, actor: Actor, key: DelprojektKey, now: datetime, library: TemplateLibrary):
    """Move the delprojekt to the newest version of its template: answers to items that still exist
    are kept; returns (old, new, kept count, newly open items)."""
    outcome: list[tuple[Template, Template, int, list[Item]]] = []

    async def upgrade(project: Delprojekt) -> Audit | None:
        old = library.get(project.checklist_template)
        new = library.newest(old.name) or old
        answers = await uow.checklists.answers_of(project.id)
        if new.ref == old.ref:
            outcome.append((old, new, len(answers), []))
            return None  # the newest already: nothing to save
        kept, newly_open = migrate(old, new, project.characters, answers)
        project.checklist_template = new.ref
        outcome.append((old, new, len(kept), newly_open))
        return [("template_upgraded", {"template": old.ref}, {"template": new.ref})]

    await change_delprojekt(uow, actor, key, None, now, upgrade)
    return outcome[0]


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
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, entered: list[Entered], now: datetime, library: TemplateLibrary
) -> Saved:
    """Save every answer that is valid and still answers what the user saw, in one transaction;
    each of the others is reported on its own (its error, or the answer someone gave meanwhile).
    An answer equal to the current one is no new revision."""
    result = Saved()

    async def save_valid(project: Delprojekt) -> Audit | None:
        template = library.get(project.checklist_template)
        answers = await uow.checklists.current_of(project.id)
        audit: Audit = []
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
            audit.append(_answered(item.id, history, value, justification))
            answers.setdefault(item.id, []).append(new)
            result.saved.append(new)
        result.state = Checklist(project, template, answers)
        return audit or None  # nothing saved: nothing to commit

    await change_delprojekt(uow, actor, key, None, now, save_valid, save=False)
    return result
