"""The checklist use cases on a fake unit of work: a Save of several answers (the valid ones saved,
the invalid ones returned with their reason, one answered meanwhile named and kept), one answer,
the character and the template version, without a database or HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.characters import Character
from domain.checklists.library import TemplateLibrary
from domain.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.services import checklists
from domain.services.checklists import AnsweredMeanwhile, Entered
from tests.unit.services.fakes import FakeUnitOfWork
from tests.unit.services.test_lifecycle_services import ANNA, KANSLI, NOW, STRANGER, registered

LIBRARY = TemplateLibrary.load()
LATER = NOW + timedelta(minutes=5)


async def _answers(uow: FakeUnitOfWork, project) -> dict:
    async with uow:
        return await uow.checklists.answers_of(project.id)


async def test_a_save_keeps_the_valid_answers_and_returns_the_invalid_ones_with_their_reason():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    entered = [
        Entered("init_kriterier", "ja", "", 0),
        Entered("init_initiativtagare", "påhittad", "", 0),  # not one of the options
        Entered("imp_remissvagar", "ej_aktuellt", "", 0),  # "not applicable" wants a reason
        Entered("finns_inte", "ja", "", 0),
    ]
    saved = await checklists.answer_many(uow, ANNA, project.key, entered, NOW, LIBRARY)
    assert [(a.item_id, a.value, a.revision, a.by) for a in saved.saved] == [("init_kriterier", "ja", 1, "Anna Berg")]
    assert saved.errors == {
        "init_initiativtagare": {"value": "error.not_an_option"},
        "imp_remissvagar": {"justification": "error.justification_required"},
        "finns_inte": {"value": "error.item_not_applicable"},
    }
    stored = await _answers(uow, project)
    assert list(stored) == ["init_kriterier"] and uow.committed == 2
    assert uow.actions() == ["initiated", "checklist_answered"]
    assert saved.state.answers["init_kriterier"][-1].value == "ja"


async def test_an_answer_given_meanwhile_is_named_and_kept_and_an_unchanged_one_is_no_revision():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    await checklists.answer_many(uow, ANNA, project.key, [Entered("init_kriterier", "ja", "", 0)], NOW, LIBRARY)
    committed = uow.committed
    # The kansli's card was drawn before Anna answered (revision 0); Anna's own after it (revision 1).
    stale = [Entered("init_kriterier", "nej", "", 0)]
    meanwhile = await checklists.answer_many(uow, KANSLI, project.key, stale, LATER, LIBRARY)
    assert meanwhile.saved == [] and meanwhile.errors == {}
    assert (
        meanwhile.meanwhile["init_kriterier"].value == "ja" and meanwhile.meanwhile["init_kriterier"].by == "Anna Berg"
    )
    same = await checklists.answer_many(
        uow, ANNA, project.key, [Entered("init_kriterier", "ja", "", 1)], LATER, LIBRARY
    )
    assert same.saved == [] and same.meanwhile == {}
    assert uow.committed == committed, "a save that saves nothing commits nothing"
    assert [a.value for a in (await _answers(uow, project))["init_kriterier"]] == ["ja"]


async def test_one_answer_at_a_time_and_who_may_give_it():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    new, item, state = await checklists.answer(uow, ANNA, project.key, "init_kriterier", "ja", "", 0, NOW, LIBRARY)
    assert (new.revision, item.id, state.answers["init_kriterier"][-1].value) == (1, "init_kriterier", "ja")
    with pytest.raises(AnsweredMeanwhile) as meanwhile:
        await checklists.answer(uow, ANNA, project.key, "init_kriterier", "nej", "", 0, LATER, LIBRARY)
    assert meanwhile.value.current.value == "ja"
    with pytest.raises(ValidationFailed):
        await checklists.answer(uow, ANNA, project.key, "init_kriterier", "kanske", "", 1, LATER, LIBRARY)
    with pytest.raises(NotFound):
        await checklists.answer(uow, ANNA, project.key, "finns_inte", "ja", "", 0, LATER, LIBRARY)
    with pytest.raises(NotAllowed):
        await checklists.answer(uow, STRANGER, project.key, "init_kriterier", "nej", "", 1, LATER, LIBRARY)
    assert [a.value for a in (await _answers(uow, project))["init_kriterier"]] == ["ja"]
    assert uow.actions() == ["initiated", "checklist_answered"]


async def test_a_new_character_adds_its_questions_and_a_stale_card_changes_nothing():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    with pytest.raises(ValidationFailed):
        await checklists.set_characters(uow, ANNA, project.key, project.version, set(), NOW, LIBRARY)
    state, added = await checklists.set_characters(
        uow, ANNA, project.key, project.version, {Character.STRUCTURAL_CHANGE}, NOW, LIBRARY
    )
    assert state.project.characters == {Character.STRUCTURAL_CHANGE} and state.project.version == project.version + 1
    # what a structural change asks (its sf_ questions; who is in the group is data, not a question), once each
    ids = [item.id for item in added]
    assert {"sf_referensgrupp", "sf_riskanalys", "sf_overforing_plan"} <= set(ids) and len(ids) == len(set(ids))
    assert all(i.startswith("sf_") for i in ids)
    with pytest.raises(StaleVersion):  # the character card of before
        await checklists.set_characters(uow, ANNA, project.key, project.version, {Character.OTHER}, NOW, LIBRARY)
    assert uow.actions() == ["initiated", "characters_changed"]


async def test_the_newest_template_already_commits_nothing():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    committed = uow.committed
    done = await checklists.upgrade_template(uow, ANNA, project.key, project.version, NOW, LIBRARY)
    assert done.old.ref == done.new.ref and done.plan is None and done.newly_open == ()
    assert uow.committed == committed and uow.actions() == ["initiated"]
