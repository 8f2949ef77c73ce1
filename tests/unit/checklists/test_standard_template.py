"""The standard template 1.0 shipped with the package (delprojekt started on it keep it until they
are upgraded): valid, and covering the KEFU actions, every character and every stage from
initiering to uppföljning. Version 2.0 is tests/unit/checklists/test_standard_2.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from domain.characters import Character
from domain.checklists.answers import ChecklistState, applicable
from domain.checklists.conditions import HasCharacter, characters_named
from domain.checklists.loader import shipped_templates
from domain.checklists.model import ANSWERABLE_STAGES, CHOICE_TYPES, AnswerType
from domain.stages import STAGE_PATH, Stage
from tests.unit.checklists.helpers import NOW

(TEMPLATE,) = [t for t in shipped_templates() if t.version == "1.0"]
REPORT_SECTIONS = [
    "Sammanfattning",
    "Uppdrag och bakgrund",
    "Arbetsgruppens sammansättning",
    "Arbetsprocess",
    "Nulägesanalys",
    "Analys",
    "Vägval och prioriteringar",
    "Förslag",
    "Konsekvenser",
    "Koppling till kunskapsstyrning",
    "Implementeringsplan per region",
    "Uppföljningsplan",
    "Kommunikationsplan",
    "Mjuka resultat",
    "Bilagor",
]


def test_name_version_and_size():
    assert TEMPLATE.ref == "Samarbete för bättre vård – standardmall@1.0"
    assert 60 <= len(TEMPLATE.items) <= 100


def test_the_sections_are_the_slutrapport_sections_in_order():
    assert [s.title.sv for s in TEMPLATE.sections] == REPORT_SECTIONS
    # Every section is fed by the checklist (bilagor by the appendix check before the nämnd).
    assert {i.section for i in TEMPLATE.items} == {s.id for s in TEMPLATE.sections}


def test_every_kefu_action_is_served():
    served = Counter(k for i in TEMPLATE.items for k in i.kefu)
    assert set(served) == set(range(1, 11))
    assert all(i.kefu for i in TEMPLATE.items)


def test_every_stage_from_initiering_to_uppfoljning_has_items():
    stages = {i.stage for i in TEMPLATE.items}
    assert stages == set(ANSWERABLE_STAGES) == set(STAGE_PATH[: STAGE_PATH.index(Stage.UPPFOLJNING) + 1])
    for stage in ANSWERABLE_STAGES:  # and each has something to answer whatever the character
        assert any(i.required and i.condition is None for i in TEMPLATE.items_of(stage)), stage


@pytest.mark.parametrize("character", list(Character))
def test_every_character_has_its_own_items(character):
    own = [i for i in TEMPLATE.items if character in characters_named(i.condition)]
    assert own, character
    direct = [i for i in own if i.condition == HasCharacter(character)]
    assert direct and all(i in applicable(TEMPLATE, {character}, {}) for i in direct)
    assert not any(i in applicable(TEMPLATE, set(), {}) for i in direct)


def test_structural_change_asks_for_more_anchoring_and_its_specific_consequences():
    structural = {i.id for i in TEMPLATE.items if Character.STRUCTURAL_CHANGE in characters_named(i.condition)}
    assert {"sf_forankring_extra", "sf_referensgrupp", "sf_linjen_analys"} <= structural  # KEFU 3, more linjen
    assert {"sf_riskanalys", "sf_facklig_samverkan", "sf_personaloverforing", "sf_ekonomi_per_region"} <= structural
    base = len(applicable(TEMPLATE, {Character.OTHER}, {})) - 1  # "ovrigt" has one item of its own
    assert len(applicable(TEMPLATE, {Character.STRUCTURAL_CHANGE}, {})) > base + 10


def test_linjen_is_asked_about_at_every_working_stage():
    kefu3 = {i.stage for i in TEMPLATE.items if 3 in i.kefu and i.condition is None}
    working = STAGE_PATH[: STAGE_PATH.index(Stage.SLUTRAPPORT) + 1]
    assert set(working) - {Stage.ARBETSGRUPP_TILLSATT} <= kefu3
    assert any(3 in i.kefu for i in TEMPLATE.items_of(Stage.ARBETSGRUPP_TILLSATT))


def test_effects_on_other_services_cannot_be_skipped():
    kefu7 = [i for i in TEMPLATE.items_of(Stage.ANALYS) if 7 in i.kefu and i.condition is None]
    assert {"an_primarvard", "an_akutsjukvard", "an_undantrangning"} <= {i.id for i in kefu7}
    assert all(i.required for i in kefu7)


def test_texts_are_complete_swedish_and_english():
    for i in TEMPLATE.items:
        assert i.question.sv != i.question.en, i.id
        assert len(i.help.sv) >= 60 and len(i.help.en) >= 60, i.id
        assert re.search(r"[åäöÅÄÖ]", i.question.sv + i.help.sv), i.id  # real Swedish, not OCR'd
        if i.type in CHOICE_TYPES:
            assert len(i.options) >= 2, i.id


def test_every_answer_type_is_used():
    assert {i.type for i in TEMPLATE.items} == set(AnswerType)


def test_counts_per_stage_and_character_for_the_report():
    per_stage = Counter(i.stage for i in TEMPLATE.items)
    assert sum(per_stage.values()) == len(TEMPLATE.items)
    unconditional = [i for i in TEMPLATE.items if i.condition is None]
    assert 50 <= len(unconditional) < len(TEMPLATE.items)


def test_a_whole_path_can_be_answered_and_every_gate_cleared():
    state = ChecklistState(TEMPLATE, set(Character))
    for stage in ANSWERABLE_STAGES:
        for _ in range(5):  # answers can make further items apply
            for item in state.open_items(stage):
                if not state.is_applicable(item.id):  # an earlier answer in this round hid it
                    continue
                state.answer(item.id, _valid(item), "Anna", NOW, state.revision(item.id), "Motivering")
        assert state.gate_unmet(stage) == [], stage
        assert state.progress(stage).complete


def _valid(item):
    return {
        AnswerType.YES_NO: "ja",
        AnswerType.YES_NO_NA: "ej_aktuellt",
        AnswerType.TEXT: "Svar",
        AnswerType.LONG_TEXT: "Ett längre svar.",
        AnswerType.SINGLE: item.options[0].id if item.options else "",
        AnswerType.MULTI: [o.id for o in item.options],
        AnswerType.DATE: "2027-03-01",
        AnswerType.NUMBER: "42",
        AnswerType.PERSON: "Eva Holm",
    }[item.type]
