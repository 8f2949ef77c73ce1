"""Conditions: parsed from structured data, evaluated as a pure function of (characters, answers)."""

from __future__ import annotations

import pytest

from domain.characters import Character
from domain.checklists.conditions import (
    MAX_DEPTH,
    AllOf,
    AnswerEquals,
    AnswerIncludes,
    AnyOf,
    ConditionError,
    HasAnyCharacter,
    HasCharacter,
    Not,
    characters_named,
    holds,
    parse_condition,
    referenced_items,
)

S, NHV, CANCER = Character.STRUCTURAL_CHANGE, Character.NHV, Character.CANCER


def test_every_operator_is_parsed_into_data():
    raw = {
        "all": [
            {"character": "strukturforandring"},
            {"any_character": ["nhv", "cancer"]},
            {"any": [{"answer": {"item": "x", "equals": "ja"}}, {"answer": {"item": "y", "includes": "hr"}}]},
            {"not": {"answer": {"item": "z", "equals": "nej"}}},
        ]
    }
    assert parse_condition(raw) == AllOf(
        (
            HasCharacter(S),
            HasAnyCharacter((NHV, CANCER)),
            AnyOf((AnswerEquals("x", "ja"), AnswerIncludes("y", "hr"))),
            Not(AnswerEquals("z", "nej")),
        )
    )
    assert referenced_items(parse_condition(raw)) == {"x", "y", "z"}
    assert characters_named(parse_condition(raw)) == {S, NHV, CANCER}


@pytest.mark.parametrize(
    "condition, characters, answers, expected",
    [
        (None, set(), {}, True),
        (HasCharacter(S), {S}, {}, True),
        (HasCharacter(S), {NHV}, {}, False),
        (HasAnyCharacter((NHV, CANCER)), {CANCER}, {}, True),
        (HasAnyCharacter((NHV, CANCER)), {S}, {}, False),
        (AnswerEquals("x", "ja"), set(), {"x": "ja"}, True),
        (AnswerEquals("x", "ja"), set(), {"x": "nej"}, False),
        (AnswerEquals("x", "ja"), set(), {}, False),  # unanswered is not "ja"
        (AnswerIncludes("y", "hr"), set(), {"y": ["ekonomi", "hr"]}, True),
        (AnswerIncludes("y", "hr"), set(), {"y": ["ekonomi"]}, False),
        (AnswerIncludes("y", "hr"), set(), {"y": "hr"}, False),  # a text is not a list of choices
        (AnswerIncludes("y", "hr"), set(), {}, False),
        (AllOf((HasCharacter(S), AnswerEquals("x", "ja"))), {S}, {"x": "ja"}, True),
        (AllOf((HasCharacter(S), AnswerEquals("x", "ja"))), {S}, {"x": "nej"}, False),
        (AnyOf((HasCharacter(S), AnswerEquals("x", "ja"))), set(), {"x": "ja"}, True),
        (AnyOf((HasCharacter(S), AnswerEquals("x", "ja"))), set(), {}, False),
        (Not(AnswerEquals("x", "ja")), set(), {}, True),
        (Not(HasCharacter(S)), {S}, {}, False),
    ],
)
def test_holds(condition, characters, answers, expected):
    assert holds(condition, characters, answers) is expected


def test_evaluation_is_pure():
    condition = AllOf((HasCharacter(S), Not(AnswerIncludes("y", "hr"))))
    characters, answers = frozenset({S}), {"y": ["ekonomi"]}
    assert holds(condition, characters, answers) is holds(condition, characters, answers) is True
    assert characters == {S} and answers == {"y": ["ekonomi"]}


def test_nesting_up_to_the_limit_is_allowed():
    raw: dict = {"character": "nhv"}
    for _ in range(MAX_DEPTH - 1):
        raw = {"not": raw}
    condition = parse_condition(raw)
    assert holds(condition, {NHV}, {}) is (MAX_DEPTH % 2 == 1)
    with pytest.raises(ConditionError) as error:
        parse_condition({"not": raw})
    assert error.value.code == "condition_too_deep"


@pytest.mark.parametrize(
    "raw, code",
    [
        ({"or": []}, "unknown_operator"),
        ({"__class__": {}}, "unknown_operator"),
        ({"character": ["nhv"]}, "unknown_character"),
        ({"character": "NHV"}, "unknown_character"),
        ({"any_character": "nhv"}, "bad_condition"),
        ({"not": []}, "bad_condition"),
        ({"answer": "x == ja"}, "bad_condition"),
        ({"answer": {"item": "x", "equals": 1}}, "bad_condition"),
        ({"answer": {"item": "x", "matches": ".*"}}, "unknown_field"),
        ([], "bad_condition"),
    ],
)
def test_bad_conditions_raise_with_a_stable_code(raw, code):
    with pytest.raises(ConditionError) as error:
        parse_condition(raw)
    assert error.value.code == code and error.value.message


def test_expressions_are_never_evaluated():
    # A string where a table belongs is refused as data, not run as code.
    with pytest.raises(ConditionError):
        parse_condition("__import__('os').system('true')")
    with pytest.raises(ConditionError):
        parse_condition({"answer": {"item": "x", "equals": "ja", "eval": "1"}})
