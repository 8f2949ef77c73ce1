"""A delprojekt's checklist as it stands: which items apply given its character and earlier
answers, what is still open, progress per stage, answering with history and without silent
overwrites, and moving to a newer template version.

Answers are kept per item as a list of revisions, oldest first; the newest counts. An answer to an
item that no longer applies is kept but ignored: it neither counts as answered nor makes items that
depend on it appear (otherwise hiding a question would leave its follow-up questions dangling)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.characters import Character
from domain.checklists.conditions import holds, referenced_items
from domain.checklists.model import ANSWERABLE_STAGES, Answer, Item, Template
from domain.checklists.values import (  # noqa: F401 - the dialogs and services import these from here
    JUSTIFICATION_MAX,
    LONG_TEXT_MAX,
    PERSON_MAX,
    TEXT_MAX,
    fits,
    parse_date,
    validate_answer,
)
from domain.errors import NotFound, StaleVersion, ValidationFailed
from domain.gates import Unmet
from domain.stages import STAGE_PATH, Stage

History = Mapping[str, list[Answer]]
ITEM_NOT_APPLICABLE = "error.item_not_applicable"
TEMPLATE_NOT_NEWER = "error.template_not_newer"
UNMET_CODE = "checklist_open"


class AnsweredMeanwhile(StaleVersion):
    """Someone answered the item after the answerer last saw it; `current` is that answer."""

    def __init__(self, current: Answer) -> None:
        super().__init__(item=current.item_id, revision=current.revision)
        self.current = current


def current(answers: History) -> dict[str, Any]:
    """Item id -> the newest answer's value, for every answered item (applicable or not)."""
    return {item_id: history[-1].value for item_id, history in answers.items() if history}


def in_force(template: Template, answers: History) -> dict[str, list[Answer]]:
    """The answers that count under `template`: those to its items whose current value fits the
    item. Answers to ids it lacks (an earlier version's questions) and values a newer version no
    longer understands are history: kept in storage and the log, never a gate passed, a gap filled
    or report text. The revision check of a new answer reads the stored revisions, not these."""
    kept: dict[str, list[Answer]] = {}
    for item_id, history in answers.items():
        item = template.item(item_id)
        if history and item is not None and fits(item, history[-1].value):
            kept[item_id] = list(history)
    return kept


def _visibility(template: Template, characters: Iterable[Character], answers: History) -> dict[str, bool]:
    characters = frozenset(characters)
    values = current(answers)
    shown: dict[str, bool] = {}

    def visible(item_id: str, trail: frozenset[str]) -> bool:
        if item_id in shown:
            return shown[item_id]
        item = template.item(item_id)
        if item is None or item_id in trail:  # unknown, or a cycle in a template built by hand
            return False
        trail = trail | {item_id}
        seen = {ref: values[ref] for ref in referenced_items(item.condition) if ref in values and visible(ref, trail)}
        shown[item_id] = holds(item.condition, characters, seen)
        return shown[item_id]

    for item in template.items:
        visible(item.id, frozenset())
    return shown


def applicable(template: Template, characters: Iterable[Character], answers: History) -> list[Item]:
    """The items that apply now, in template order."""
    shown = _visibility(template, characters, answers)
    return [item for item in template.items if shown[item.id]]


@dataclass(frozen=True)
class Progress:
    """One stage's line: answered / required / total, counting only items that apply."""

    stage: Stage
    answered: int
    required_answered: int
    required: int
    total: int

    @property
    def open_required(self) -> int:
        return self.required - self.required_answered

    @property
    def complete(self) -> bool:
        return self.required_answered == self.required


def progress(template: Template, characters: Iterable[Character], answers: History, stage: Stage) -> Progress:
    return progress_among(applicable(template, characters, answers), answers, stage)


def progress_among(applicable_items: list[Item], answers: History, stage: Stage) -> Progress:
    """`progress` from the applicable items worked out once (a card with a line per stage)."""
    items = [i for i in applicable_items if i.stage is stage]
    required = [i for i in items if i.required]
    return Progress(
        stage=stage,
        answered=sum(1 for i in items if answers.get(i.id)),
        required_answered=sum(1 for i in required if answers.get(i.id)),
        required=len(required),
        total=len(items),
    )


def progress_by_stage(template: Template, characters: Iterable[Character], answers: History) -> list[Progress]:
    """A line for every stage that has applicable items, in process order."""
    lines = [progress(template, characters, answers, stage) for stage in ANSWERABLE_STAGES]
    return [line for line in lines if line.total]


def open_required(
    template: Template, characters: Iterable[Character], answers: History, stage: Stage, *, through: bool = False
) -> list[Item]:
    """Unanswered required items of `stage` (with `through`, of every stage up to and including it)."""
    stages = set(STAGE_PATH[: STAGE_PATH.index(stage) + 1]) if through else {stage}
    return [
        i
        for i in applicable(template, characters, answers)
        if i.stage in stages and i.required and not answers.get(i.id)
    ]


def open_items(template: Template, characters: Iterable[Character], answers: History, stage: Stage) -> list[Item]:
    """Unanswered applicable items of the stage, required first: where the checklist resumes."""
    items = [i for i in applicable(template, characters, answers) if i.stage is stage and not answers.get(i.id)]
    return sorted(items, key=lambda i: not i.required)


def unmet(items: Iterable[Item]) -> list[Unmet]:
    """Open items as gate requirements (docs/domain.md: the gate says plainly what is missing)."""
    return [
        Unmet(UNMET_CODE, {"item": i.id, "stage": i.stage.value, "sv": i.question.sv, "en": i.question.en})
        for i in items
    ]


def record_answer(
    template: Template,
    characters: Iterable[Character],
    answers: History,
    item_id: str,
    raw: Any,
    *,
    by: str,
    at: datetime,
    expected_revision: int,
    justification: str | None = "",
    by_id: str | None = None,
) -> Answer:
    """The next revision of the item's answer (not stored: the caller appends it).

    `expected_revision` is the revision the answerer saw (0 when unanswered). If someone answered
    meanwhile, AnsweredMeanwhile carries their answer so the answerer sees it; nothing is overwritten."""
    item = template.item(item_id)
    if item is None:
        raise NotFound(item=item_id)
    history = answers.get(item_id) or []
    revision = history[-1].revision if history else 0
    if expected_revision != revision:
        if history:
            raise AnsweredMeanwhile(history[-1])
        raise StaleVersion(item=item_id, revision=0)
    if item not in applicable(template, characters, answers):
        raise ValidationFailed({"value": ITEM_NOT_APPLICABLE})
    value, note = validate_answer(item, raw, justification)
    return Answer(item_id, value, note, by, at, revision + 1, by_id)


def _still_valid(item: Item, answer: Answer) -> bool:
    try:
        value, note = validate_answer(item, answer.value, answer.justification)
    except ValidationFailed:
        return False
    return value == answer.value


def migrate(
    old: Template, new: Template, characters: Iterable[Character], answers: History
) -> tuple[dict[str, list[Answer]], list[Item]]:
    """Move answers to `new`: (kept, newly open items).

    Every answer whose item id still exists in `new` is kept with its history, unless its value no
    longer fits the item (an option removed, the type changed): that item counts as open again.
    Newly open items are those open in `new` that were not open in `old`."""
    characters = frozenset(characters)
    kept = {
        item_id: list(history)
        for item_id, history in answers.items()
        if history and (item := new.item(item_id)) is not None and _still_valid(item, history[-1])
    }
    open_before = {i.id for i in applicable(old, characters, answers) if not answers.get(i.id)}
    newly_open = [i for i in applicable(new, characters, kept) if not kept.get(i.id) and i.id not in open_before]
    return kept, newly_open


class ChecklistState:
    """The checklist of one delprojekt: its template version, character and answer histories.

    Answers dropped by a migration are kept in `retired` (never deleted: they are part of the
    record), and are not looked at again."""

    def __init__(
        self,
        template: Template,
        characters: Iterable[Character],
        answers: Mapping[str, list[Answer]] | None = None,
        retired: Mapping[str, list[Answer]] | None = None,
    ) -> None:
        self.template = template
        self.characters = frozenset(characters)
        self.answers: dict[str, list[Answer]] = {k: list(v) for k, v in (answers or {}).items() if v}
        self.retired: dict[str, list[Answer]] = {k: list(v) for k, v in (retired or {}).items()}

    # -- reading -------------------------------------------------------------------------------
    def applicable(self) -> list[Item]:
        return applicable(self.template, self.characters, self.answers)

    def is_applicable(self, item_id: str) -> bool:
        return any(i.id == item_id for i in self.applicable())

    def history(self, item_id: str) -> list[Answer]:
        return list(self.answers.get(item_id, []))

    def current(self, item_id: str) -> Answer | None:
        history = self.answers.get(item_id)
        return history[-1] if history else None

    def revision(self, item_id: str) -> int:
        answer = self.current(item_id)
        return answer.revision if answer else 0

    def progress(self, stage: Stage) -> Progress:
        return progress(self.template, self.characters, self.answers, stage)

    def progress_by_stage(self) -> list[Progress]:
        return progress_by_stage(self.template, self.characters, self.answers)

    def open_required(self, stage: Stage, *, through: bool = False) -> list[Item]:
        return open_required(self.template, self.characters, self.answers, stage, through=through)

    def open_items(self, stage: Stage) -> list[Item]:
        return open_items(self.template, self.characters, self.answers, stage)

    def gate_unmet(self, leaving: Stage) -> list[Unmet]:
        """What holds the gate out of `leaving`: its open required items, and those of earlier
        stages (items that began to apply later, after a change of character or template)."""
        return unmet(self.open_required(leaving, through=True))

    # -- changing ------------------------------------------------------------------------------
    def answer(
        self,
        item_id: str,
        value: Any,
        by: str,
        at: datetime,
        expected_revision: int,
        justification: str | None = "",
        by_id: str | None = None,
    ) -> Answer:
        new = record_answer(
            self.template,
            self.characters,
            self.answers,
            item_id,
            value,
            by=by,
            at=at,
            expected_revision=expected_revision,
            justification=justification,
            by_id=by_id,
        )
        self.answers.setdefault(item_id, []).append(new)
        return new

    def set_characters(self, characters: Iterable[Character]) -> list[Item]:
        """Change the character; returns the items that apply now and did not before."""
        before = {i.id for i in self.applicable()}
        self.characters = frozenset(characters)
        return [i for i in self.applicable() if i.id not in before]

    def migrate_to(self, new: Template) -> list[Item]:
        """Follow `new` (a newer version, or another template) from now on; returns the new open items."""
        old = self.template
        if new.name == old.name and new.version_key <= old.version_key:
            raise ValidationFailed({"template": TEMPLATE_NOT_NEWER})
        kept, newly_open = migrate(old, new, self.characters, self.answers)
        for item_id, history in self.answers.items():
            if item_id not in kept:
                self.retired.setdefault(item_id, []).extend(history)
        self.template, self.answers = new, kept
        return newly_open


def scheduled_date(template: Template, answers: dict[str, list[Answer]], what: str) -> date | None:
    """The date the checklist gives for a reminder (`what`, e.g. "follow_up"): the newest answer of
    each item that schedules it; of several such items, the latest date (a later follow-up asks
    for the next one)."""
    days = []
    for item in template.items:
        history = answers.get(item.id)
        if item.schedules != what or not history or not isinstance(history[-1].value, str):
            continue
        try:
            days.append(date.fromisoformat(history[-1].value))
        except ValueError:
            continue
    return max(days) if days else None
