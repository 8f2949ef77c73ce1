"""A delprojekt's checklist: applicable items, progress, the gate, answering with history and
without silent overwrites, character changes and moving to a newer template version."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.characters import Character
from domain.checklists.answers import (
    AnsweredMeanwhile,
    ChecklistState,
    Progress,
    applicable,
    migrate,
    open_items,
    open_required,
    record_answer,
)
from domain.checklists.loader import parse_template
from domain.checklists.model import Answer, Template
from domain.errors import NotFound, StaleVersion, ValidationFailed
from domain.stages import Stage
from tests.unit.checklists.helpers import CHOICES, HEADER, NOW, item, template, text

S = Character.STRUCTURAL_CHANGE
LATER = NOW + timedelta(minutes=5)


def sample():
    return template(
        item("grund", extra="required = true"),
        item("valfri", type="text"),
        item("foljd", type="text", extra='required = true\ncondition = { answer = { item = "grund", equals = "ja" } }'),
        item("struktur", extra='required = true\ncondition = { character = "strukturforandring" }'),
        item("djup", extra='required = true\ncondition = { answer = { item = "struktur", equals = "ja" } }'),
        item("kompetens", stage="analys", type="flera_val", extra="required = true\n" + CHOICES),
        item(
            "hr_person",
            stage="analys",
            type="person",
            extra='condition = { answer = { item = "kompetens", includes = "hr" } }',
        ),
        item("na", stage="analys", type="ja_nej_ej_aktuellt", extra="required = true"),
    )


def ids(items) -> list[str]:
    return [i.id for i in items]


# -- which items apply ---------------------------------------------------------------------------


def test_applicable_items_follow_character_and_earlier_answers():
    t = sample()
    assert ids(applicable(t, set(), {})) == ["grund", "valfri", "kompetens", "na"]
    state = ChecklistState(t, {S})
    assert ids(state.applicable()) == ["grund", "valfri", "struktur", "kompetens", "na"]
    state.answer("grund", "ja", "Anna", NOW, 0)
    state.answer("struktur", "ja", "Anna", NOW, 0)
    state.answer("kompetens", "ekonomi,hr", "Anna", NOW, 0)
    assert ids(state.applicable()) == ["grund", "valfri", "foljd", "struktur", "djup", "kompetens", "hr_person", "na"]


def test_an_answer_to_an_item_that_no_longer_applies_is_ignored():
    state = ChecklistState(sample(), {S})
    state.answer("struktur", "ja", "Anna", NOW, 0)
    assert state.is_applicable("djup")
    state.set_characters(set())
    # "struktur" is hidden now, so its "ja" no longer makes "djup" apply, and it does not count.
    assert not state.is_applicable("struktur") and not state.is_applicable("djup")
    assert state.progress(Stage.INITIERING) == Progress(Stage.INITIERING, 0, 0, 1, 2)
    assert state.current("struktur").value == "ja"  # kept, not deleted


# -- progress and the gate -----------------------------------------------------------------------


def test_progress_per_stage_counts_only_applicable_items():
    state = ChecklistState(sample(), set())
    assert state.progress(Stage.INITIERING) == Progress(Stage.INITIERING, 0, 0, 1, 2)
    state.answer("grund", "ja", "Anna", NOW, 0)  # makes "foljd" (required) apply
    line = state.progress(Stage.INITIERING)
    assert line == Progress(Stage.INITIERING, 1, 1, 2, 3)
    assert (line.open_required, line.complete) == (1, False)
    state.answer("foljd", "Svar", "Anna", NOW, 0)
    state.answer("valfri", "Svar", "Anna", NOW, 0)
    assert state.progress(Stage.INITIERING).complete
    assert state.progress(Stage.FORSLAG) == Progress(Stage.FORSLAG, 0, 0, 0, 0)
    assert [p.stage for p in state.progress_by_stage()] == [Stage.INITIERING, Stage.ANALYS]


def test_open_items_put_required_first_and_the_gate_lists_open_required_items():
    t = sample()
    assert ids(open_items(t, set(), {}, Stage.INITIERING)) == ["grund", "valfri"]
    assert ids(open_items(t, set(), {"valfri": [answer("valfri", "x")]}, Stage.INITIERING)) == ["grund"]
    state = ChecklistState(t, set())
    state.answer("valfri", "Svar", "Anna", NOW, 0)
    assert ids(state.open_items(Stage.INITIERING)) == ["grund"]
    assert ids(state.open_required(Stage.ANALYS)) == ["kompetens", "na"]
    unmet = state.gate_unmet(Stage.INITIERING)
    assert [(u.code, u.params["item"], u.params["stage"]) for u in unmet] == [("checklist_open", "grund", "initiering")]
    assert unmet[0].params["sv"] == "Fråga grund?" and unmet[0].params["en"] == "Question grund?"


def test_the_gate_also_holds_items_of_earlier_stages_that_began_to_apply_later():
    state = ChecklistState(sample(), set())
    state.answer("grund", "nej", "Anna", NOW, 0)
    assert state.gate_unmet(Stage.INITIERING) == []
    state.set_characters({S})  # in the analys stage, say: the structural item of initiering now applies
    assert ids(state.open_required(Stage.ANALYS, through=True)) == ["struktur", "kompetens", "na"]
    assert ids(open_required(state.template, state.characters, state.answers, Stage.ANALYS)) == ["kompetens", "na"]
    assert [u.params["item"] for u in state.gate_unmet(Stage.ANALYS)] == ["struktur", "kompetens", "na"]


# -- answering -----------------------------------------------------------------------------------


def answer(item_id: str, value, revision: int = 1, by: str = "Anna") -> Answer:
    return Answer(item_id, value, "", by, NOW, revision)


def test_every_answer_records_who_and_when_and_changes_keep_the_history():
    state = ChecklistState(sample(), set())
    first = state.answer("grund", "ja", "Anna Berg", NOW, 0, by_id="aad-anna")
    second = state.answer("grund", "nej", "Erik Ek", LATER, 1)
    assert (first.by, first.by_id, first.at, first.revision) == ("Anna Berg", "aad-anna", NOW, 1)
    assert (second.value, second.by, second.at, second.revision) == ("nej", "Erik Ek", LATER, 2)
    assert [a.value for a in state.history("grund")] == ["ja", "nej"]
    assert state.current("grund") is second and state.revision("grund") == 2
    assert state.revision("valfri") == 0 and state.current("valfri") is None


def test_a_second_answer_to_the_same_revision_is_told_and_overwrites_nothing():
    state = ChecklistState(sample(), set())
    seen = state.revision("grund")  # both cards were drawn at revision 0
    anna = state.answer("grund", "ja", "Anna", NOW, seen)
    with pytest.raises(AnsweredMeanwhile) as told:
        state.answer("grund", "nej", "Erik", LATER, seen)
    assert isinstance(told.value, StaleVersion)
    assert told.value.current is anna and told.value.current.value == "ja" and told.value.current.by == "Anna"
    assert told.value.params == {"item": "grund", "revision": 1}
    assert state.history("grund") == [anna]
    # Having seen Anna's answer, Erik may change it on purpose.
    assert state.answer("grund", "nej", "Erik", LATER, told.value.current.revision).revision == 2


def test_a_revision_from_nowhere_is_stale():
    with pytest.raises(StaleVersion):
        ChecklistState(sample(), set()).answer("grund", "ja", "Anna", NOW, 3)


def test_the_stale_check_comes_before_validation():
    state = ChecklistState(sample(), set())
    state.answer("grund", "ja", "Anna", NOW, 0)
    with pytest.raises(AnsweredMeanwhile):
        state.answer("grund", "kanske", "Erik", NOW, 0)


def test_invalid_answers_unknown_and_hidden_items_are_refused():
    state = ChecklistState(sample(), set())
    with pytest.raises(ValidationFailed) as error:
        state.answer("na", "ej_aktuellt", "Anna", NOW, 0)
    assert error.value.errors == {"justification": "error.justification_required"}
    with pytest.raises(NotFound):
        state.answer("saknas", "ja", "Anna", NOW, 0)
    with pytest.raises(ValidationFailed) as error:
        state.answer("struktur", "ja", "Anna", NOW, 0)
    assert error.value.errors == {"value": "error.item_not_applicable"}
    assert state.answers == {}


def test_record_answer_does_not_store():
    t = sample()
    answers: dict = {}
    new = record_answer(
        t,
        set(),
        answers,
        "na",
        "ej_aktuellt",
        by="Anna",
        at=NOW,
        expected_revision=0,
        justification="Ingen patientkontakt",
    )
    assert (new.value, new.justification, new.revision) == ("ej_aktuellt", "Ingen patientkontakt", 1)
    assert answers == {}


# -- character changes ---------------------------------------------------------------------------


def test_changing_the_character_adds_the_items_that_now_apply():
    state = ChecklistState(sample(), set())
    state.answer("grund", "nej", "Anna", NOW, 0)
    added = state.set_characters({S, Character.NHV})
    assert ids(added) == ["struktur"]
    assert ids(state.open_required(Stage.INITIERING)) == ["struktur"]
    assert state.set_characters({S}) == []


# -- moving to a newer template version ----------------------------------------------------------


def newer(*items: str) -> Template:
    return parse_template(text(*items, header=HEADER.replace('"1.0"', '"1.1"')), "v11.toml")


def test_migrate_keeps_answers_of_items_that_still_exist_and_lists_new_open_items():
    state = ChecklistState(sample(), set())
    state.answer("grund", "ja", "Anna", NOW, 0)
    state.answer("grund", "nej", "Anna", LATER, 1)
    state.answer("valfri", "Gammal text", "Anna", NOW, 0)
    state.answer("kompetens", "hr", "Anna", NOW, 0)
    v11 = newer(
        item("grund", extra="required = true"),  # kept, with its history
        item("ny", extra="required = true"),  # new
        item(
            "kompetens",
            stage="analys",
            type="flera_val",
            extra="required = true\n" + CHOICES.replace('"hr"', '"personal"', 1),
        ),
        item("na", stage="analys", type="ja_nej_ej_aktuellt", extra="required = true"),  # was open already
    )
    new_open = state.migrate_to(v11)
    assert state.template is v11
    assert [a.value for a in state.history("grund")] == ["ja", "nej"]
    assert state.revision("grund") == 2
    # "valfri" is gone; "kompetens" lost its option "hr": both leave the view but stay on record.
    assert set(state.answers) == {"grund"}
    assert set(state.retired) == {"valfri", "kompetens"}
    assert ids(new_open) == ["ny", "kompetens"]


def test_migrate_to_the_same_or_an_older_version_is_refused():
    state = ChecklistState(sample(), set())
    with pytest.raises(ValidationFailed) as error:
        state.migrate_to(sample())
    assert error.value.errors == {"template": "error.template_not_newer"}


def test_migrate_function_for_the_service_returns_kept_and_newly_open():
    old = sample()
    answers = {"grund": [answer("grund", "ja")], "valfri": [answer("valfri", "text")]}
    kept, newly_open = migrate(old, newer(item("grund"), item("extra", extra="required = true")), set(), answers)
    assert set(kept) == {"grund"} and ids(newly_open) == ["extra"]
    assert kept["grund"] is not answers["grund"]  # a copy: the caller's histories are untouched
