"""Moving a delprojekt's answers to a newer template version (issue 15, item 4): what would be
carried, what the bot now holds as data, and what cannot be carried, worked out before anything
changes so that `mall` can show it and the upgrade can write exactly that.

The rules (the new version's [carry], see loader.py):
- an item id in both versions keeps its answer as it is (nothing is written), if the answer still
  fits the item (model: an option it still has, the same kind of value);
- `old = "new"` carries the answer to the new item when it is a valid answer there; several old
  items to one text item are joined with a blank line between, otherwise the first (in the old
  template's order) is carried and the others are listed as not carried;
- `old = "data:<fact>"` carries nothing: the user is told where the bot holds it;
- an old item named nowhere is listed as not carried.
Only answers to items that applied in the old version are looked at (the others were already
ignored), and a carried answer must apply in the new version. Nothing is ever deleted: the old
answers stay in storage and in the log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.characters import Character
from domain.checklists.answers import applicable, in_force
from domain.checklists.model import Answer, AnswerType, Item, Template
from domain.checklists.values import fits, validate_answer
from domain.errors import ValidationFailed

TEXT_TYPES = (AnswerType.TEXT, AnswerType.LONG_TEXT)
JOIN = "\n\n"

# Why an answer was not carried (the locales say it: template.reason.<code>).
GONE = "gone"  # the new version has no such question and says nothing of it
NO_FIT = "no_fit"  # not a valid answer to the new question
NOT_APPLICABLE = "not_applicable"  # the new question does not apply to this delprojekt
TAKEN = "taken"  # another answer was carried to the same question


@dataclass(frozen=True)
class Carried:
    """An answer the new version will have: to `item`, from the old `sources` (oldest item first).
    `kept`: the same id in both versions, already stored, so nothing is written."""

    item: Item
    value: Any
    justification: str
    sources: tuple[tuple[Item, Answer], ...]  # (old item, its answer)
    kept: bool = False


@dataclass(frozen=True)
class HeldAsData:
    item: Item  # the old item
    answer: Answer
    fact: str


@dataclass(frozen=True)
class NotCarried:
    item: Item  # the old item
    answer: Answer
    reason: str


@dataclass(frozen=True)
class UpgradePlan:
    old: Template
    new: Template
    carried: tuple[Carried, ...]
    as_data: tuple[HeldAsData, ...]
    not_carried: tuple[NotCarried, ...]

    @property
    def writes(self) -> tuple[Carried, ...]:
        """The answers the upgrade writes (new revisions); the kept ones are stored already."""
        return tuple(c for c in self.carried if not c.kept)

    @property
    def counts(self) -> dict[str, int]:
        return {"carried": len(self.carried), "as_data": len(self.as_data), "not_carried": len(self.not_carried)}


def plan_upgrade(
    old: Template, new: Template, characters: Iterable[Character], answers: Mapping[str, list[Answer]]
) -> UpgradePlan:
    """What moving from `old` to `new` does with `answers` (each item's history, newest last)."""
    characters = frozenset(characters)
    current = in_force(old, answers)
    answered = [(item, current[item.id][-1]) for item in applicable(old, characters, current) if item.id in current]
    as_data: list[HeldAsData] = []
    not_carried: list[NotCarried] = []
    # new item id -> the old answers going to it, in the old template's order
    sources: dict[str, list[tuple[Item, Answer]]] = {}
    for item, answer in answered:
        target_id = item.id if new.item(item.id) is not None else None
        rule = new.carry_of(item.id) if target_id is None else None
        if rule is not None and rule.fact is not None:
            as_data.append(HeldAsData(item, answer, rule.fact))
            continue
        target_id = target_id or (rule.item if rule is not None else None)
        if target_id is None:
            not_carried.append(NotCarried(item, answer, GONE))
            continue
        sources.setdefault(target_id, []).append((item, answer))
    carried: list[Carried] = []
    for target_id, given in sources.items():
        target = new.item(target_id)
        assert target is not None  # the loader refuses a [carry] to an unknown item
        one, refused = _merge(target, given)
        carried.extend([one] if one is not None else [])
        not_carried.extend(refused)
    carried, dropped = _applying(new, characters, carried)
    not_carried.extend(dropped)
    order = {item.id: index for index, item in enumerate(old.items)}
    return UpgradePlan(
        old,
        new,
        tuple(sorted(carried, key=lambda c: new.items.index(c.item))),
        tuple(as_data),
        tuple(sorted(not_carried, key=lambda n: order[n.item.id])),
    )


def _merge(target: Item, given: list[tuple[Item, Answer]]) -> tuple[Carried | None, list[NotCarried]]:
    """One answer for `target` from the old answers that go to it (see the module's rules)."""
    valid: list[tuple[Item, Answer, Any, str]] = []
    refused: list[NotCarried] = []
    for item, answer in given:
        if item.id == target.id:  # the same question: kept as stored when it still fits
            if fits(target, answer.value):
                valid.append((item, answer, answer.value, answer.justification))
            else:
                refused.append(NotCarried(item, answer, NO_FIT))
            continue
        try:
            value, note = validate_answer(target, answer.value, answer.justification)
        except ValidationFailed:
            refused.append(NotCarried(item, answer, NO_FIT))
            continue
        valid.append((item, answer, value, note))
    if not valid:
        return None, refused
    # the same id first: it is what the new question already shows
    valid.sort(key=lambda v: v[0].id != target.id)
    first_item, first_answer, value, note = valid[0]
    rest = valid[1:]
    if rest and target.type in TEXT_TYPES:
        texts = list(dict.fromkeys(v[2] for v in valid))
        try:
            joined, _ = validate_answer(target, JOIN.join(texts), "")
        except ValidationFailed:  # too long together: the first is carried, the rest listed
            pass
        else:
            return Carried(target, joined, "", tuple((v[0], v[1]) for v in valid)), refused
    refused.extend(NotCarried(item, answer, TAKEN) for item, answer, _, _ in rest)
    kept = first_item.id == target.id
    return Carried(target, value, note, ((first_item, first_answer),), kept=kept), refused


def _applying(
    new: Template, characters: frozenset[Character], carried: list[Carried]
) -> tuple[list[Carried], list[NotCarried]]:
    """The carried answers whose question applies in the new version. Dropping one may end the
    condition of another, so this repeats until nothing changes (at most once per answer). An
    answer kept under its id stays stored and counts again if its question comes to apply."""
    dropped: list[NotCarried] = []
    while True:
        values = {c.item.id: [_as_answer(c)] for c in carried}
        shown = {i.id for i in applicable(new, characters, values)}
        gone = [c for c in carried if c.item.id not in shown]
        if not gone:
            return carried, dropped
        carried = [c for c in carried if c.item.id in shown]
        dropped.extend(NotCarried(item, answer, NOT_APPLICABLE) for c in gone for item, answer in c.sources)


def _as_answer(carried: Carried) -> Answer:
    first = carried.sources[0][1]
    return Answer(carried.item.id, carried.value, carried.justification, first.by, first.at, first.revision)
