"""The weight of a template: what it asks of a delprojekt of given characters over the whole path,
per stage and in total, before anyone answers (issue 15: a checklist must be livable).

Conditions on the character are applied. A condition on another answer cannot be known in
advance, so an item that depends on one is counted as possible (included) and listed in
`Tally.possible`; an answer condition on an item that can never apply is decided (false), as the
checklist itself decides it (answers.py: an answer to an item that does not apply is ignored)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from domain.characters import Character
from domain.checklists.conditions import (
    AllOf,
    AnswerEquals,
    AnswerIncludes,
    AnyOf,
    Condition,
    HasAnyCharacter,
    HasCharacter,
    Not,
)
from domain.checklists.model import ANSWERABLE_STAGES, AnswerType, Item, Template
from domain.stages import Stage

# None: depends on an answer not given yet.
Maybe = bool | None


@dataclass(frozen=True)
class Tally:
    """Items that apply (or may), in template order, and which of them only may."""

    items: tuple[Item, ...]
    possible: frozenset[str] = frozenset()

    @cached_property
    def required(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.required)

    @cached_property
    def long_text(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.type is AnswerType.LONG_TEXT)

    @cached_property
    def required_long_text(self) -> tuple[Item, ...]:
        return tuple(i for i in self.required if i.type is AnswerType.LONG_TEXT)

    @cached_property
    def possible_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.id in self.possible)

    @cached_property
    def possible_required(self) -> tuple[Item, ...]:
        return tuple(i for i in self.required if i.id in self.possible)


@dataclass(frozen=True)
class Weight:
    characters: frozenset[Character]
    total: Tally
    stages: tuple[tuple[Stage, Tally], ...]  # stages with at least one item, in path order

    def stage(self, stage: Stage) -> Tally:
        return next((tally for s, tally in self.stages if s is stage), Tally(()))


def weight(template: Template, characters: Iterable[Character]) -> Weight:
    """What `template` asks of a delprojekt with `characters` (empty: a plain delprojekt)."""
    chosen = frozenset(characters)
    decided: dict[str, Maybe] = {}

    def applies(item_id: str, trail: frozenset[str]) -> Maybe:
        if item_id in decided:
            return decided[item_id]
        item = template.item(item_id)
        if item is None or item_id in trail:  # unknown, or a cycle in a template built by hand
            return False
        decided[item_id] = _evaluate(item.condition, chosen, lambda ref: applies(ref, trail | {item_id}))
        return decided[item_id]

    counted = tuple(i for i in template.items if applies(i.id, frozenset()) is not False)
    possible = frozenset(i.id for i in counted if decided[i.id] is None)
    stages = tuple(
        (stage, Tally(tuple(i for i in counted if i.stage is stage), possible))
        for stage in ANSWERABLE_STAGES
        if any(i.stage is stage for i in counted)
    )
    return Weight(chosen, Tally(counted, possible), stages)


def character_sets() -> list[tuple[str, frozenset[Character]]]:
    """The characters a template's weight is shown for: none (a plain delprojekt), each alone,
    and all of them (the heaviest case)."""
    return [
        ("plain", frozenset()),
        *((character.value, frozenset({character})) for character in Character),
        ("all", frozenset(Character)),
    ]


def _evaluate(condition: Condition | None, characters: frozenset[Character], applies) -> Maybe:
    """Three-valued: True, False, or None when it depends on an answer. An answer test on an item
    that cannot apply is False, as `holds` sees no value for it."""
    match condition:
        case None:
            return True
        case HasCharacter(character):
            return character in characters
        case HasAnyCharacter(options):
            return any(c in characters for c in options)
        case AnswerEquals(item) | AnswerIncludes(item):
            return False if applies(item) is False else None
        case AllOf(children):
            values = [_evaluate(c, characters, applies) for c in children]
            return False if False in values else (None if None in values else True)
        case AnyOf(children):
            values = [_evaluate(c, characters, applies) for c in children]
            return True if True in values else (None if None in values else False)
        case Not(child):
            value = _evaluate(child, characters, applies)
            return None if value is None else not value
    raise TypeError(f"not a condition: {condition!r}")
