"""The minutes use cases on a fake unit of work: who may write and approve, the register ids, the
lock after justering, amendments, action items and the strategic questions raised in the minutes,
without a database or HTTP."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.arbetsgrupp import Role
from domain.errors import NotAllowed, StaleVersion, ValidationFailed
from domain.minutes import EntryKind, MinutesLocked
from domain.permissions import Actor
from domain.reminders.rules import Planned, Rule
from domain.services import lifecycle, minutes
from domain.services.minutes import NewEntry
from domain.strategic_questions import Forum
from tests.unit.services.fakes import FakeUnitOfWork
from tests.unit.services.test_lifecycle_services import ANNA, KANSLI, NOW, STRANGER, registered

BO = Actor("Bo Ek", "aad-bo")
LATER = NOW + timedelta(hours=1)


async def _with_group(uow: FakeUnitOfWork):
    """A delprojekt with Anna as ordförande and Bo as ledamot, and its first meeting opened."""
    project = await registered(uow)
    for name, aad, role in (("Anna Berg", "aad-anna", Role.ORDFORANDE), ("Bo Ek", "aad-bo", Role.LEDAMOT)):
        project = await lifecycle.add_member(
            uow, ANNA, project.key, None, name=name, role=role, region="Region Skåne", organisation="",
            aad_object_id=aad, now=NOW,
        )  # fmt: skip
    _, meeting = await minutes.open_meeting(uow, BO, project.key, NOW, in_linked_channel=False)
    return project, meeting


async def _meeting(uow: FakeUnitOfWork, meeting_id: int):
    async with uow:
        return await uow.meetings.get(meeting_id)


async def test_the_arbetsgrupp_writes_and_someone_else_only_in_the_linked_channel():
    uow = FakeUnitOfWork()
    project, meeting = await _with_group(uow)
    assert meeting.number == 1 and [p.name for p in meeting.absent] == ["Anna Berg", "Bo Ek"]
    with pytest.raises(NotAllowed):
        await minutes.add_entry(uow, STRANGER, meeting.id, NewEntry(EntryKind.BESLUT, "Nej"), NOW, False)
    guest, _, _ = await minutes.add_entry(uow, STRANGER, meeting.id, NewEntry(EntryKind.ANTECKNING, "Hej"), NOW, True)
    assert guest.by == "Sven" and guest.register_id is None
    assert uow.actions()[-1] == "meeting_opened"  # entries are the minutes, not the change log


async def test_beslut_and_vagval_are_numbered_and_a_bad_entry_changes_nothing():
    uow = FakeUnitOfWork()
    project, meeting = await _with_group(uow)
    first, _, _ = await minutes.add_entry(uow, BO, meeting.id, NewEntry(EntryKind.BESLUT, "Vi kör"), NOW, False)
    choice = NewEntry(EntryKind.VAGVAL, "Modell A", alternatives="A eller B", reason="Billigast")
    vagval, _, _ = await minutes.add_entry(uow, BO, meeting.id, choice, NOW, False)
    replacing = NewEntry(EntryKind.BESLUT, "Vi kör i maj", replaces="B-1")
    second, shown, _ = await minutes.add_entry(uow, BO, meeting.id, replacing, NOW, False)
    assert (first.register_id, vagval.register_id, second.register_id) == ("B-1", "V-1", "B-2")
    assert [e.register_id for e in shown.entries] == ["B-1", "V-1", "B-2"], "read back with the new entry"
    committed = uow.committed
    for bad, field in (
        (NewEntry(EntryKind.VAGVAL, "Modell C"), "reason"),
        (NewEntry(EntryKind.BESLUT, "Ändrat", replaces="B-9"), "replaces"),
        (NewEntry(EntryKind.ATGARD, "Ring"), "owner"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            await minutes.add_entry(uow, BO, meeting.id, bad, NOW, False)
        assert field in refused.value.errors
    assert uow.committed == committed and len((await _meeting(uow, meeting.id)).entries) == 3


async def test_details_with_a_stale_card_change_nothing_and_only_the_chair_approves():
    uow = FakeUnitOfWork()
    project, meeting = await _with_group(uow)
    members = {m.name: m.id for m in project.members}
    details = dict(held_at=LATER, place="Rum 3", present_ids=[members["Bo Ek"], "aad:aad-eva"], guests=["Gäst"],
                   agenda=["Läget", ""], justerare_id=members["Bo Ek"], in_linked_channel=False,
                   chat_people={"aad-eva": "Eva Ek"})  # fmt: skip
    saved, _ = await minutes.set_details(uow, BO, meeting.id, meeting.version, **details)
    assert [p.name for p in saved.present] == ["Bo Ek", "Eva Ek", "Gäst"] and [p.name for p in saved.absent] == [
        "Anna Berg"
    ]
    with pytest.raises(StaleVersion):
        await minutes.set_details(uow, BO, meeting.id, meeting.version, **{**details, "place": "Rum 4"})
    assert (await _meeting(uow, meeting.id)).place == "Rum 3"
    with pytest.raises(NotAllowed):
        await minutes.approve(uow, STRANGER, meeting.id, LATER)
    approved, _ = await minutes.approve(uow, BO, meeting.id, LATER)  # Bo is the justerare
    assert approved.locked and approved.approved_by == "Bo Ek"
    with pytest.raises(MinutesLocked):
        await minutes.add_entry(uow, ANNA, meeting.id, NewEntry(EntryKind.BESLUT, "För sent"), LATER, False)
    with pytest.raises(NotAllowed):
        await minutes.amend(uow, STRANGER, meeting.id, "Fel", "Rätt", LATER)
    amended, _ = await minutes.amend(uow, ANNA, meeting.id, "Fel datum", "Mötet var den 3:e", LATER)
    assert [a.reason for a in amended.amendments] == ["Fel datum"]
    assert uow.actions()[-2:] == ["minutes_approved", "minutes_amended"]


async def test_an_action_item_is_done_once_by_its_owner_and_its_reminders_close():
    uow = FakeUnitOfWork()
    project, meeting = await _with_group(uow)
    todo = NewEntry(EntryKind.ATGARD, "Boka lokal", owner_name="bo ek", due=date(2026, 12, 1))
    entry, _, _ = await minutes.add_entry(uow, ANNA, meeting.id, todo, NOW, False)
    assert entry.owner.aad_object_id == "aad-bo" and entry.owner_is_member, "the owner found by name"
    async with uow:
        await uow.reminders.sync({project.id: ("conv", [_due(entry.id)])}, NOW)
        await uow.commit()
    with pytest.raises(NotAllowed):
        await minutes.complete_action(uow, STRANGER, entry.id, LATER)
    done, newly, _ = await minutes.complete_action(uow, BO, entry.id, LATER)
    assert newly and done.done_by == "Bo Ek"
    again = await minutes.complete_action(uow, KANSLI, entry.id, LATER)
    assert again[1] is False
    assert uow.actions().count("action_done") == 1
    async with uow:
        assert uow.reminders.pending() == {}


async def test_a_strategic_question_in_the_minutes_goes_into_the_register_with_it():
    uow = FakeUnitOfWork()
    project, meeting = await _with_group(uow)
    raised = NewEntry(EntryKind.STRATEGISK_FRAGA, "Vem betalar?", forum=Forum.LEDNINGSGRUPP)
    entry, _, _ = await minutes.add_entry(uow, BO, meeting.id, raised, NOW, False)
    async with uow:
        (question,) = await uow.strategic.listed(None, [project.id])
    assert (question.label, question.text, question.forum, question.source_entry_id) == (
        "SF-1", "Vem betalar?", Forum.LEDNINGSGRUPP, entry.id,
    )  # fmt: skip
    assert uow.actions()[-1] == "strategic.raised"


def _due(entry_id: str) -> Planned:
    return Planned(Rule.ACTION_OVERDUE, entry_id, "1", NOW + timedelta(days=10))
