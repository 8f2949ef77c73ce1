"""Repositories and the unit of work on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.arbetsgrupp import Member, Role
from domain.characters import Character
from domain.checklists.model import Answer
from domain.conversations import ConversationAddress
from domain.decisions import (
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
)
from domain.delprojekt import Delprojekt
from domain.errors import KeyTaken, StaleVersion
from domain.keys import DelprojektKey, next_key
from domain.stages import Stage
from domain.uppdrag import Uppdrag
from storage.unit_of_work import UnitOfWorkFactory

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def _project(number: int = 1) -> Delprojekt:
    project = Delprojekt.initiate(
        DelprojektKey("SBV", 2026, number),
        "Gemensam vård av brännskador",
        by="Anna Berg",
        at=NOW,
        regions=["Region Skåne", "Region Blekinge"],
        characters={Character.STRUCTURAL_CHANGE, Character.NHV},
        uppdrag=Uppdrag(
            bakgrund="Få patienter per region",
            syfte_mal="Samla vården",
            patientnytta="Högre kvalitet",
            desired_end=date(2027, 6, 30),
        ),
    )
    for region in project.regions:
        project.add_anchoring(
            AnchoringEntry(region, AnchoringForum.LINJEN, NOW.date(), "Linjen", "", AnchoringOutcome.FORANKRAT,
                           "Anna Berg", NOW)
        )  # fmt: skip
    return project


async def test_add_get_and_advance_a_delprojekt(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        number = await work.delprojekt.next_number("SBV", 2026)
        project = _project(number + 1)
        await work.delprojekt.add(project)
        await work.commit()

    async with uow() as work:
        stored = await work.delprojekt.get(DelprojektKey.parse("sbv-2026-01"))
        assert stored is not None
        assert stored.title == "Gemensam vård av brännskador"
        assert stored.characters == {Character.STRUCTURAL_CHANGE, Character.NHV}
        assert stored.created_at == NOW
        assert stored.uppdrag.desired_end == date(2027, 6, 30)
        stored.advance(by="Erik Lind", at=NOW)
        stored.add_member(Member("m1", "Eva Ek", Role.ORDFORANDE, "Region Skåne", "SUS", "Anna", NOW, "aad-eva"))
        stored.add_member(Member("m2", "Per Patient", Role.PATIENTREPRESENTANT, None, "PRO", "Anna", NOW))
        stored.record_decision(
            ProjectDecision(
                DecisionKind.LEDNINGSGRUPP_START, date(2026, 11, 20), "Ledningsgruppen", "SSR 2026/12", "", "K", NOW
            )
        )
        stored.set_implementation(
            "Region Skåne", ImplementationStatus.IN_PROGRESS, date(2026, 11, 1), "Pågår", "Eva", NOW
        )
        await work.delprojekt.save(stored)
        await work.commit()

    async with uow() as work:
        again = await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))
        assert again.stage is Stage.BESLUT_OM_START
        assert [c.to_stage for c in again.history] == [Stage.INITIERING, Stage.BESLUT_OM_START]
        assert again.history[1].by == "Erik Lind"
        assert again.version == 2
        assert [(m.name, m.role, m.aad_object_id) for m in again.members] == [
            ("Eva Ek", Role.ORDFORANDE, "aad-eva"),
            ("Per Patient", Role.PATIENTREPRESENTANT, None),
        ]
        assert again.decision(DecisionKind.LEDNINGSGRUPP_START).diarienummer == "SSR 2026/12"
        assert again.implementation["Region Skåne"].status is ImplementationStatus.IN_PROGRESS
        again.remove_member("m2")
        await work.delprojekt.save(again)
        await work.commit()
    async with uow() as work:
        assert [m.id for m in (await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))).members] == ["m1"]
        assert await work.delprojekt.next_number("SBV", 2026) == 1
        assert await work.delprojekt.next_number("SBV", 2027) == 0


async def test_leaving_without_commit_rolls_back(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        await work.delprojekt.add(_project())
    async with uow() as work:
        assert await work.delprojekt.keys() == []


async def test_a_stale_save_is_refused_and_changes_nothing(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        await work.delprojekt.add(_project())
        await work.commit()

    # Erik reads (draws his card), Anna reads and saves a change, then Erik saves his stale copy.
    async with uow() as work:
        theirs = await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))
    async with uow() as first:
        mine = await first.delprojekt.get(DelprojektKey("SBV", 2026, 1))
        mine.advance(by="Anna Berg", at=NOW)
        await first.delprojekt.save(mine)
        await first.commit()
    async with uow() as second:
        theirs.stop(by="Erik Lind", at=NOW, reason="Finansieringen saknas")
        with pytest.raises(StaleVersion):
            await second.delprojekt.save(theirs)

    async with uow() as work:
        stored = await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))
        assert stored.stage is Stage.BESLUT_OM_START
        assert len(stored.history) == 2


async def test_a_taken_key_is_reported_and_the_transaction_goes_on(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        await work.delprojekt.add(_project())
        await work.commit()
    async with uow() as work:
        with pytest.raises(KeyTaken):
            await work.delprojekt.add(_project())
        await work.delprojekt.add(_project(2))
        await work.commit()
    async with uow() as work:
        assert [str(k) for k in await work.delprojekt.keys()] == ["SBV-2026-01", "SBV-2026-02"]


async def test_conversation_reference_is_upserted_and_can_be_deactivated(engine):
    uow = UnitOfWorkFactory(engine)
    address = ConversationAddress(
        conversation_id="19:abc@thread.tacv2",
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/emea/",
        conversation_type="channel",
        tenant_id="tenant",
        team_id="19:team@thread.tacv2",
        teams_channel_id="19:abc@thread.tacv2",
        reference={"conversation": {"id": "19:abc@thread.tacv2"}},
    )
    async with uow() as work:
        await work.conversations.remember(address, at=NOW)
        await work.conversations.mark_inactive(address.conversation_id)
        await work.commit()
    async with uow() as work:
        assert (await work.conversations.get(address.conversation_id)).is_active is False
        moved = ConversationAddress(**{**address.__dict__, "service_url": "https://smba.trafficmanager.net/se/"})
        await work.conversations.remember(moved)
        await work.commit()
    async with uow() as work:
        stored = await work.conversations.get(address.conversation_id)
        assert stored.service_url == "https://smba.trafficmanager.net/se/"
        assert stored.is_active is True
        assert await work.conversations.get("unknown") is None


def test_next_key_counts_within_a_year():
    assert str(next_key("sbv", 2026, 2)) == "SBV-2026-03"


async def test_outcomes_returns_regional_decisions_and_the_anchoring_log_are_stored(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        await work.delprojekt.add(_project())
        await work.commit()
    async with uow() as work:
        project = await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))
        assert [(a.region, a.forum, a.outcome) for a in project.anchoring] == [
            ("Region Skåne", AnchoringForum.LINJEN, AnchoringOutcome.FORANKRAT),
            ("Region Blekinge", AnchoringForum.LINJEN, AnchoringOutcome.FORANKRAT),
        ]
        project.advance(by="Anna Berg", at=NOW)
        project.record_decision(
            ProjectDecision(DecisionKind.LEDNINGSGRUPP_START, date(2026, 11, 20), "LG", "SSR 2026/13", "Förtydliga",
                            "K", NOW, DecisionOutcome.ATERREMISS, Stage.INITIERING)
        )  # fmt: skip
        project.add_anchoring(
            AnchoringEntry("Region Blekinge", AnchoringForum.FACK, date(2026, 11, 21), "Vårdförbundet",
                           "Oro för jouren", AnchoringOutcome.MED_SYNPUNKTER, "Anna Berg", NOW)
        )  # fmt: skip
        await work.delprojekt.save(project)
        await work.commit()
    async with uow() as work:
        project = await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))
        assert project.stage is Stage.INITIERING
        returned = project.history[-1]
        assert (returned.decision, returned.diarienummer, returned.reason) == (
            DecisionKind.LEDNINGSGRUPP_START,
            "SSR 2026/13",
            "Förtydliga",
        )
        decision = project.decisions[-1]
        assert (decision.outcome, decision.return_to) == (DecisionOutcome.ATERREMISS, Stage.INITIERING)
        assert project.anchoring[-1].views == "Oro för jouren" and len(project.anchoring) == 3
        project.stage = Stage.BESLUT_I_NAMND  # as if it had come this far
        project.record_regional_decision(
            RegionalDecision("Region Skåne", "Regionstyrelsen", date(2026, 11, 21), "RS 1", RegionalOutcome.AVSLAG, "",
                             "K", NOW)
        )  # fmt: skip
        await work.delprojekt.save(project)
        await work.commit()
    async with uow() as work:
        project = await work.delprojekt.get(DelprojektKey("SBV", 2026, 1))
        assert project.regional_decision("Region Skåne").outcome is RegionalOutcome.AVSLAG
        assert project.implementation["Region Skåne"].status is ImplementationStatus.NOT_APPLICABLE


async def test_current_answers_of_many_are_each_ones_current_answers(engine):
    uow = UnitOfWorkFactory(engine)
    async with uow() as work:
        ids = []
        for number in (1, 2, 3):
            project = _project(number)
            await work.delprojekt.add(project)
            ids.append(project.id)
        for revision in range(1, 4):
            for item in ("a", "b"):
                answer = Answer(item, f"{item}{revision}", "", "Anna", NOW, revision)
                await work.checklists.add(ids[0], answer)
        await work.checklists.add(ids[1], Answer("a", "bara en", "", "Anna", NOW, 1))
        with pytest.raises(StaleVersion):  # a revision taken already: refused, the rest goes on
            await work.checklists.add(ids[1], Answer("a", "samma", "", "Erik", NOW, 1))
        await work.commit()
    async with uow.read() as work:
        many = await work.checklists.current_of_many(ids)
        one_by_one = {pid: await work.checklists.current_of(pid) for pid in ids}
    assert many == one_by_one
    assert [a.value for a in many[ids[0]]["b"]] == ["b3"] and many[ids[1]]["a"][0].value == "bara en"
    assert many[ids[2]] == {}
