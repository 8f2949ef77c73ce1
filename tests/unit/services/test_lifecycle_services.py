"""The lifecycle use cases on a fake unit of work: permissions, versions, outcomes and what gets
committed and audited, without a database or HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.anchoring import AnchoringForum, AnchoringOutcome
from domain.characters import Character
from domain.decisions import DecisionKind, DecisionOutcome, ImplementationStatus, RegionalOutcome
from domain.errors import AlreadyDone, GateNotPassed, NotAllowed, StaleVersion, ValidationFailed
from domain.initiation import InitiationRequest
from domain.permissions import Actor
from domain.services import decisions, lifecycle
from domain.services.lifecycle import LifecycleConfig
from domain.stages import Stage
from tests.unit.services.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
REGIONS = ("Region Skåne", "Region Blekinge")
CONFIG = LifecycleConfig("SBV", REGIONS)
ANNA = Actor("Anna Berg", "aad-anna")
KANSLI = Actor("Karin Kansli", "aad-karin", is_kansli=True)
STRANGER = Actor("Sven", "aad-sven")


def request(**overrides) -> InitiationRequest:
    values = dict(
        title="Jourlinje", bakgrund="b", syfte_mal="s", avgransning="", patientnytta="p", kunskapsstyrning="NPO",
        regions=list(REGIONS), characters={Character.OTHER}, anchored_regions={"Region Skåne"},
    )  # fmt: skip
    return InitiationRequest(**(values | overrides))


async def registered(uow: FakeUnitOfWork):
    return (await lifecycle.initiate(uow, ANNA, request(), CONFIG, NOW, "card-1", None)).project


async def test_initiation_registers_once_with_the_ticked_anchoring_logged():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    assert str(project.key) == "SBV-2026-01" and uow.committed == 1
    stored = await _get(uow, project)
    assert [(a.region, a.forum) for a in stored.anchoring] == [("Region Skåne", AnchoringForum.LINJEN)]
    with pytest.raises(AlreadyDone) as again:
        await lifecycle.initiate(uow, ANNA, request(), CONFIG, NOW, "card-1", None)
    assert again.value.params["result"] == "SBV-2026-01" and len(uow.store.projects) == 1
    with pytest.raises(ValidationFailed):
        await lifecycle.initiate(uow, ANNA, request(title=" "), CONFIG, NOW, "card-2", None)
    assert uow.actions() == ["initiated"]


async def test_anchoring_added_later_opens_the_start_gate_and_a_stale_card_changes_nothing():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    with pytest.raises(GateNotPassed):
        await lifecycle.advance(uow, ANNA, project.key, 1, NOW)
    anchored = await decisions.add_anchoring(
        uow, ANNA, project.key, 1, region="Region Blekinge", forum=AnchoringForum.CHEFSAMRAD, on=date(2026, 11, 20),
        who="Chefsamrådet", views="", outcome=AnchoringOutcome.FORANKRAT, now=NOW,
    )  # fmt: skip
    with pytest.raises(StaleVersion):  # the card of version 1 again
        await decisions.add_anchoring(
            uow, ANNA, project.key, 1, region="Region Blekinge", forum=AnchoringForum.FACK, on=date(2026, 11, 20),
            who="Facket", views="", outcome=AnchoringOutcome.EJ_FORANKRAT, now=NOW,
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        await decisions.add_anchoring(
            uow, STRANGER, project.key, None, region="Region Blekinge", forum=AnchoringForum.FACK,
            on=date(2026, 11, 20), who="Facket", views="", outcome=AnchoringOutcome.EJ_FORANKRAT, now=NOW,
        )  # fmt: skip
    assert len((await _get(uow, project)).anchoring) == 2
    moved = await lifecycle.advance(uow, ANNA, project.key, anchored.version, NOW)
    assert moved.stage is Stage.BESLUT_OM_START
    assert uow.actions() == ["initiated", "anchoring_added", "advanced"]


async def test_only_the_kansli_decides_and_a_start_sent_back_returns_to_initiering():
    uow = FakeUnitOfWork()
    project = await _at(uow, Stage.BESLUT_OM_START)
    decision = dict(kind=DecisionKind.LEDNINGSGRUPP_START, decided_on=date(2026, 11, 20), body="Ledningsgruppen",
                    diarienummer="LG 1", note="Förtydliga målen", now=NOW)  # fmt: skip
    with pytest.raises(NotAllowed):
        await decisions.record_decision(uow, ANNA, project.key, None, **decision)
    with pytest.raises(GateNotPassed) as refused:
        await lifecycle.advance(uow, KANSLI, project.key, None, NOW, override_reason="brådskar")
    assert not refused.value.unmet[0].overridable
    returned = await decisions.record_decision(
        uow, KANSLI, project.key, None, **decision, outcome=DecisionOutcome.ATERREMISS, return_to=Stage.INITIERING
    )
    assert returned.stage is Stage.INITIERING and returned.history[-1].diarienummer == "LG 1"
    assert uow.actions()[-2:] == ["decision_recorded", "returned"]


async def test_the_start_decision_freezes_the_uppdrag_and_later_versions_are_kept():
    uow = FakeUnitOfWork()
    project = await _at(uow, Stage.BESLUT_OM_START)
    revised, changed = await lifecycle.revise_uppdrag(
        uow, ANNA, project.key, None, replace(project.uppdrag, mal="Hälften så lång väntan"), NOW
    )
    assert changed == ["mal"] and revised.uppdrag_version == 2
    same, nothing = await lifecycle.revise_uppdrag(uow, ANNA, project.key, None, revised.uppdrag, NOW)
    assert nothing == [] and same.uppdrag_version == 2 and uow.actions().count("uppdrag_revised") == 1
    await decisions.record_decision(
        uow, KANSLI, project.key, None, kind=DecisionKind.LEDNINGSGRUPP_START, decided_on=date(2026, 11, 21),
        body="Ledningsgruppen", diarienummer="", note="", now=NOW,
    )  # fmt: skip
    await lifecycle.revise_uppdrag(uow, ANNA, project.key, None, replace(revised.uppdrag, tidplan="2027"), NOW)
    stored = await _get(uow, project)
    assert (stored.uppdrag_version, stored.uppdrag_frozen) == (3, 2)
    frozen = await uow.delprojekt.uppdrag_version(stored.id, 2)
    assert frozen.uppdrag.mal == "Hälften så lång väntan" and frozen.uppdrag.tidplan == ""


async def test_members_propose_an_end_and_only_the_kansli_ends():
    uow = FakeUnitOfWork()
    project = await registered(uow)
    with pytest.raises(NotAllowed):
        await lifecycle.end(uow, ANNA, project.key, None, "stop", "Dubblett", NOW)
    await lifecycle.propose_end(uow, ANNA, project.key, None, "stop", "Dubblett", NOW)
    with pytest.raises(ValidationFailed):
        await lifecycle.propose_end(uow, ANNA, project.key, None, "stop", " ", NOW)
    with pytest.raises(NotAllowed):
        await lifecycle.propose_end(uow, STRANGER, project.key, None, "stop", "Nej", NOW)
    assert (await _get(uow, project)).stage is Stage.INITIERING
    ended = await lifecycle.end(uow, KANSLI, project.key, None, "stop", "Dubblett", NOW)
    assert ended.stage is Stage.AVBRUTEN
    assert uow.actions() == ["initiated", "end_proposed", "stopped"]


async def test_regional_decisions_are_recorded_after_the_namnd_and_set_the_implementation():
    uow = FakeUnitOfWork()
    project = await _at(uow, Stage.GODKAND_AV_LEDNINGSGRUPP)
    regional = dict(region="Region Skåne", body="Regionstyrelsen", decided_on=date(2026, 11, 21), diarienummer="RS 9",
                    outcome=RegionalOutcome.BIFALL, note="", now=NOW)  # fmt: skip
    with pytest.raises(ValidationFailed) as early:
        await decisions.record_regional_decision(uow, ANNA, project.key, None, **regional)
    assert early.value.errors == {"region": "error.regional_decision_too_early"}
    await decisions.record_decision(
        uow, KANSLI, project.key, None, kind=DecisionKind.NAMND, decided_on=date(2026, 11, 21), body="Nämnden",
        diarienummer="", note="", now=NOW,
    )  # fmt: skip
    await lifecycle.advance(uow, KANSLI, project.key, None, NOW)
    decided = await decisions.record_regional_decision(uow, ANNA, project.key, None, **regional)
    assert decided.implementation["Region Skåne"].status is ImplementationStatus.DECIDED
    assert uow.actions()[-1] == "regional_decision_recorded"


async def _get(uow: FakeUnitOfWork, project):
    async with uow:
        return await uow.delprojekt.get(project.key)


async def _at(uow: FakeUnitOfWork, stage: Stage):
    """A registered delprojekt put in `stage` directly, as if it had come that far."""
    project = await registered(uow)
    async with uow:
        stored = await uow.delprojekt.get(project.key)
        stored.stage = stage
        await uow.delprojekt.save(stored)
        await uow.commit()
    return stored
