"""Checklist templates: the shipped default, hostile templates, conditions, answers, migration."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from bot.cli import main
from domain.characters import Character
from domain.checklists.answers import migrate, open_required, progress, validate_answer
from domain.checklists.library import TemplateLibrary
from domain.checklists.loader import TemplateInvalid, parse_template
from domain.checklists.model import Answer, AnswerType
from domain.errors import ValidationFailed
from domain.stages import STAGE_PATH, Stage

NOW = datetime(2026, 11, 22, tzinfo=UTC)
HEAD = 'name = "T"\nversion = "1"\nsections = [{ id = "avsnitt", sv = "A", en = "A" }]\n'


def item(item_id: str, stage: str = "analys", type_: str = "ja_nej", extra: str = "") -> str:
    return (
        f'[[items]]\nid = "{item_id}"\nstage = "{stage}"\nsection = "avsnitt"\ntype = "{type_}"\n'
        f'question = {{ sv = "Fråga?", en = "Question?" }}\nhelp = {{ sv = "Hjälp", en = "Help" }}\n{extra}\n'
    )


def problems(text: str) -> str:
    with pytest.raises(TemplateInvalid) as invalid:
        parse_template(text, "mall.toml")
    return "\n".join(str(p) for p in invalid.value.problems)


def test_the_default_template_covers_every_kefu_action_stage_and_character():
    template = TemplateLibrary.load().default()
    assert template.version == "2.0" and len(template.items) >= 40
    assert {k for i in template.items for k in i.kefu} == set(range(1, 11))
    stages = Counter(i.stage for i in template.items)
    # The ledningsgrupp's stage asks the arbetsgrupp nothing: its decision is the kansli's record.
    assert all(stages[s] > 0 for s in STAGE_PATH if s not in (Stage.AVSLUTAD, Stage.GODKAND_AV_LEDNINGSGRUPP))
    assert stages[Stage.GODKAND_AV_LEDNINGSGRUPP] == 0
    named = {c for i in template.items if i.condition for c in (Character(v) for v in _characters(i.condition))}
    assert named >= set(Character) - {Character.OTHER}


def _characters(condition) -> list[str]:
    from domain.checklists.conditions import characters_named

    return [c.value for c in characters_named(condition)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "extra = 1\n" + item("q1"), "extra"),
        (HEAD + item("q1", extra="colour = 'blå'"), "colour"),
        (HEAD + item("q1") + item("q1"), "q1"),
        (HEAD + item("q1", stage="sommarlov"), "stage"),
        (HEAD + item("q1", type_="gissning"), "type"),
        (HEAD + item("q1", type_="ett_val"), "options"),
        (HEAD.replace('version = "1"', 'version = "ett"') + item("q1"), "version"),
        (HEAD + item("q1").replace('en = "Question?"', 'fr = "Question?"'), "en"),
        (HEAD + item("q1", extra='condition = { answer = { item = "saknas", equals = "ja" } }'), "saknas"),
        (HEAD + item("q1", extra='condition = { character = "rymdfart" }'), "rymdfart"),
        (HEAD + item("q1", extra='condition = { eval = "__import__(\\"os\\")" }'), "eval"),
        (
            HEAD
            + item("q1", extra='condition = { answer = { item = "q2", equals = "ja" } }')
            + item("q2", stage="forslag"),
            "comes after",
        ),
        (
            HEAD
            + item("q1", extra='condition = { answer = { item = "q2", equals = "ja" } }')
            + item("q2", extra='condition = { answer = { item = "q1", equals = "ja" } }'),
            "q1 -> q2 -> q1",
        ),
        (HEAD + item("q1") + item("q2", extra='condition = { answer = { item = "q1", equals = "kanske" } }'), "kanske"),
        (HEAD + item("q1", extra="condition = " + "{ not = " * 8 + '{ character = "nhv" }' + " }" * 8), "deep"),
        ("name = [", "TOML"),
    ],
)
def test_hostile_templates_are_refused_naming_file_item_and_problem(text, expected):
    report = problems(text)
    assert "mall.toml" in report
    assert expected.lower() in report.lower()


def test_conditions_follow_character_and_earlier_answers():
    template = parse_template(
        HEAD
        + item("bas")
        + item("bara_struktur", extra='condition = { character = "strukturforandring" }')
        + item("efter_ja", extra='required = true\ncondition = { answer = { item = "bas", equals = "ja" } }')
        + item("inte_nhv", extra='condition = { not = { any_character = ["nhv", "cancer"] } }'),
        "mall.toml",
    )

    def ids(characters, answers):
        from domain.checklists.answers import applicable

        return [i.id for i in applicable(template, characters, answers)]

    assert ids(set(), {}) == ["bas", "inte_nhv"]
    assert ids({Character.STRUCTURAL_CHANGE, Character.NHV}, {}) == ["bas", "bara_struktur"]
    answered = {"bas": [Answer("bas", "ja", "", "Anna", NOW)]}
    assert "efter_ja" in ids(set(), answered)
    assert [i.id for i in open_required(template, set(), answered, Stage.ANALYS)] == ["efter_ja"]


@pytest.mark.parametrize(
    ("type_", "raw", "justification", "expected"),
    [
        ("ja_nej", "ja", "", "ja"),
        ("ja_nej", "kanske", "", "error.not_an_option"),
        ("ja_nej_ej_aktuellt", "ej_aktuellt", "", "error.justification_required"),
        ("ja_nej_ej_aktuellt", "ej_aktuellt", "Inte relevant här", "ej_aktuellt"),
        ("text", "  ", "", "error.required"),
        ("text", "x" * 501, "", "error.too_long"),
        ("datum", "2027-03-01", "", "2027-03-01"),
        ("datum", "1/3 2027", "", "2027-03-01"),
        ("datum", "snart", "", "error.invalid_date"),
        ("tal", "12,5", "", 12.5),
        ("tal", "tolv", "", "error.not_a_number"),
        ("person", "Eva Ek", "", "Eva Ek"),
    ],
)
def test_answers_are_validated_by_type(type_, raw, justification, expected):
    template = parse_template(HEAD + item("qq", type_=type_), "mall.toml")
    if isinstance(expected, str) and expected.startswith("error."):
        with pytest.raises(ValidationFailed) as failed:
            validate_answer(template.items[0], raw, justification)
        assert expected in failed.value.errors.values()
    else:
        assert validate_answer(template.items[0], raw, justification)[0] == expected


def test_choice_answers_only_accept_their_options():
    options = 'options = [{ id = "alfa", sv = "A", en = "A" }, { id = "beta", sv = "B", en = "B" }]'
    template = parse_template(
        HEAD + item("one", type_="ett_val", extra=options) + item("many", type_="flera_val", extra=options), "t"
    )
    assert validate_answer(template.items[0], "beta")[0] == "beta"
    assert validate_answer(template.items[1], "beta,alfa")[0] == ["alfa", "beta"]
    with pytest.raises(ValidationFailed):
        validate_answer(template.items[1], "alfa,gamma")


def test_progress_and_moving_to_a_new_version_keeps_answers_of_items_that_still_exist():
    old = parse_template(HEAD + item("kvar", extra="required = true") + item("borttagen"), "v1")
    new = parse_template(
        HEAD.replace('version = "1"', 'version = "2"')
        + item("kvar", extra="required = true")
        + item("ny", extra="required = true"),
        "v2",
    )
    answers = {
        "kvar": [Answer("kvar", "ja", "", "Anna", NOW)],
        "borttagen": [Answer("borttagen", "nej", "", "Anna", NOW)],
    }
    before = progress(old, set(), answers, Stage.ANALYS)
    assert (before.answered, before.required_answered, before.required, before.total) == (2, 1, 1, 2)
    kept, newly_open = migrate(old, new, set(), answers)
    assert set(kept) == {"kvar"}
    assert [i.id for i in newly_open] == ["ny"]


def test_templates_check_cli(tmp_path, capsys):
    (tmp_path / "ok.toml").write_text(HEAD + item("q1"), encoding="utf-8")
    assert main(["templates", "check", str(tmp_path)]) == 0
    assert "OK  T version 1: 1 items" in capsys.readouterr().out
    (tmp_path / "bad.toml").write_text(HEAD + item("q1", type_="gissning"), encoding="utf-8")
    assert main(["templates", "check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad.toml" in err and "q1" in err and "Traceback" not in err


def test_answer_types_in_the_default_template_are_all_known():
    assert {i.type for i in TemplateLibrary.load().default().items} <= set(AnswerType)
