"""Item conditions: structured data over the delprojekt's character and earlier answers.

A template writes a condition as a TOML table with exactly one operator:

    { character = "strukturforandring" }
    { any_character = ["nhv", "cancer"] }
    { answer = { item = "x", equals = "ja" } }        # single value: ja/nej/ej_aktuellt or an option id
    { answer = { item = "x", includes = "ekonomi" } } # one option of a multiple-choice item
    { all = [ {...}, {...} ] }   { any = [ {...}, {...} ] }   { not = {...} }

An unanswered item has no value: `equals` and `includes` on it are false, so `not` over them is
true until the item is answered (prefer `any` over the other values when that matters).

Nothing is ever evaluated as code: the table is parsed into the dataclasses below and `holds`
walks them. Cross-item rules (unknown items, later stages, cycles, impossible values) live in
references.py because they need the whole template."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from domain.characters import Character

MAX_DEPTH = 5
MAX_BRANCHES = 20
OPERATORS = ("character", "any_character", "answer", "all", "any", "not")
_CHARACTERS = {c.value: c for c in Character}


@dataclass(frozen=True)
class HasCharacter:
    character: Character


@dataclass(frozen=True)
class HasAnyCharacter:
    characters: tuple[Character, ...]


@dataclass(frozen=True)
class AnswerEquals:
    item: str
    value: str


@dataclass(frozen=True)
class AnswerIncludes:
    item: str
    value: str


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    condition: Condition


Condition = HasCharacter | HasAnyCharacter | AnswerEquals | AnswerIncludes | AllOf | AnyOf | Not
AnswerTest = AnswerEquals | AnswerIncludes


class ConditionError(ValueError):
    """A condition table that cannot be understood; `code` is stable, the message is for the kansli."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def holds(condition: Condition | None, characters: AbstractSet[Character], answers: Mapping[str, Any]) -> bool:
    """Whether the condition is true. `answers` maps item id -> current value of answered items."""
    match condition:
        case None:
            return True
        case HasCharacter(character):
            return character in characters
        case HasAnyCharacter(options):
            return any(c in characters for c in options)
        case AnswerEquals(item, value):
            return answers.get(item) == value
        case AnswerIncludes(item, value):
            chosen = answers.get(item)
            return isinstance(chosen, list | tuple) and value in chosen
        case AllOf(children):
            return all(holds(c, characters, answers) for c in children)
        case AnyOf(children):
            return any(holds(c, characters, answers) for c in children)
        case Not(child):
            return not holds(child, characters, answers)
    raise TypeError(f"not a condition: {condition!r}")


def answer_tests(condition: Condition | None) -> Iterator[AnswerTest]:
    """Every test on an earlier answer inside the condition."""
    match condition:
        case AnswerEquals() | AnswerIncludes():
            yield condition
        case AllOf(children) | AnyOf(children):
            for child in children:
                yield from answer_tests(child)
        case Not(child):
            yield from answer_tests(child)


def referenced_items(condition: Condition | None) -> set[str]:
    return {test.item for test in answer_tests(condition)}


def characters_named(condition: Condition | None) -> set[Character]:
    match condition:
        case HasCharacter(character):
            return {character}
        case HasAnyCharacter(options):
            return set(options)
        case AllOf(children) | AnyOf(children):
            return set().union(*(characters_named(c) for c in children))
        case Not(child):
            return characters_named(child)
    return set()


def parse_condition(raw: Any, depth: int = 1) -> Condition:
    """The condition a template's table describes, or ConditionError naming the first problem."""
    if depth > MAX_DEPTH:
        raise ConditionError("condition_too_deep", f"the condition is nested deeper than {MAX_DEPTH} levels")
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConditionError(
            "bad_condition",
            f"a condition must be a table with exactly one operator ({', '.join(OPERATORS)})",
        )
    ((operator, value),) = raw.items()
    if operator == "character":
        return HasCharacter(_character(value))
    if operator == "any_character":
        if not isinstance(value, list) or not value:
            raise ConditionError("bad_condition", "any_character needs a non-empty list of characters")
        return HasAnyCharacter(tuple(_character(v) for v in value))
    if operator == "answer":
        return _answer_test(value)
    if operator in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError("bad_condition", f"{operator} needs a non-empty list of conditions")
        if len(value) > MAX_BRANCHES:
            raise ConditionError("bad_condition", f"{operator} may combine at most {MAX_BRANCHES} conditions")
        children = tuple(parse_condition(v, depth + 1) for v in value)
        return AllOf(children) if operator == "all" else AnyOf(children)
    if operator == "not":
        return Not(parse_condition(value, depth + 1))
    raise ConditionError(
        "unknown_operator", f"unknown condition operator {operator!r} (allowed: {', '.join(OPERATORS)})"
    )


def _character(value: Any) -> Character:
    if not isinstance(value, str) or value not in _CHARACTERS:
        raise ConditionError("unknown_character", f"unknown character {value!r} (allowed: {', '.join(_CHARACTERS)})")
    return _CHARACTERS[value]


def _answer_test(value: Any) -> AnswerTest:
    if not isinstance(value, dict):
        raise ConditionError("bad_condition", 'answer needs a table: { item = "...", equals = "..." }')
    unknown = sorted(set(value) - {"item", "equals", "includes"})
    if unknown:
        raise ConditionError("unknown_field", f"answer has unknown fields: {', '.join(unknown)}")
    item = value.get("item")
    if not isinstance(item, str) or not item:
        raise ConditionError("bad_condition", "answer needs the id of an earlier item in item")
    tests = [key for key in ("equals", "includes") if key in value]
    if len(tests) != 1:
        raise ConditionError("bad_condition", "answer needs exactly one of equals or includes")
    (test,) = tests
    expected = value[test]
    if not isinstance(expected, str) or not expected:
        raise ConditionError("bad_condition", f'answer {test} must be a text value such as "ja" or an option id')
    return AnswerEquals(item, expected) if test == "equals" else AnswerIncludes(item, expected)
