"""Use cases of the minutes: open a meeting, set its details, add entries during the meeting,
approve (justera), amend, and mark action items done."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from domain.audit import AuditEntry
from domain.delprojekt import Delprojekt
from domain.errors import NotAllowed, NotFound, StaleVersion, ValidationFailed
from domain.keys import DelprojektKey
from domain.minutes import (
    REGISTER_PREFIX,
    Entry,
    EntryKind,
    Meeting,
    Person,
    mark_done,
    next_register_id,
    validate_entry,
)
from domain.permissions import Actor, can_change
from domain.reminders.rules import ACTION_RULES
from domain.services.lifecycle import load
from domain.services.strategic_questions import record_from_minutes
from domain.strategic_questions import Forum


@dataclass(frozen=True)
class NewEntry:
    kind: EntryKind
    text: str
    alternatives: str = ""
    reason: str = ""
    owner_name: str = ""
    owner_aad: str | None = None
    due: date | None = None
    replaces: str | None = None
    forum: Forum | None = None  # strategisk fråga: where it is to be answered, when the meeting says


def may_write(actor: Actor, project: Delprojekt, in_linked_channel: bool) -> bool:
    """Everyone in the arbetsgrupp's own channel may write minutes (guests present too); elsewhere
    only those who may change the delprojekt."""
    return in_linked_channel or can_change(actor, project)


def may_approve(actor: Actor, project: Delprojekt, meeting: Meeting) -> bool:
    if actor.is_kansli:
        return True
    chair = project.ordforande
    if chair is not None and actor.aad_object_id and chair.aad_object_id == actor.aad_object_id:
        return True
    j = meeting.justerare
    return j is not None and actor.aad_object_id is not None and j.aad_object_id == actor.aad_object_id


def may_complete(actor: Actor, project: Delprojekt, entry: Entry) -> bool:
    """The owner, the ordförande or the kansli; for an owner outside Teams, any arbetsgrupp member."""
    if actor.is_kansli:
        return True
    me = actor.aad_object_id
    if me is None:
        return False
    chair = project.ordforande
    if (chair is not None and chair.aad_object_id == me) or (entry.owner and entry.owner.aad_object_id == me):
        return True
    return entry.owner is not None and entry.owner.aad_object_id is None and can_change(actor, project)


async def _audit(uow, project: Delprojekt, actor: Actor, at: datetime, action: str, after: dict) -> None:
    await uow.audit.record(
        project.id, AuditEntry(str(project.key), at, actor.label, actor.aad_object_id, action, None, after)
    )


def arbetsgrupp_people(project: Delprojekt) -> list[Person]:
    return [Person(m.name, m.aad_object_id, m.region, m.role.value) for m in project.members]


async def open_meeting(
    uow, actor: Actor, key: DelprojektKey, now: datetime, in_linked_channel: bool
) -> tuple[Delprojekt, Meeting]:
    async with uow:
        project = await load(uow, key)
        if not may_write(actor, project, in_linked_channel):
            raise NotAllowed(key=str(key))
        # Everyone in the arbetsgrupp starts as absent; the form moves those who came to present.
        meeting = Meeting(str(key), 0, now, actor.label, absent=arbetsgrupp_people(project))
        await uow.meetings.add(project.id, meeting)
        await _audit(uow, project, actor, now, "meeting_opened", {"number": meeting.number})
        await uow.commit()
        return project, meeting


async def _meeting_and_project(uow, meeting_id: int) -> tuple[Meeting, Delprojekt]:
    meeting = await uow.meetings.get(meeting_id)
    if meeting is None:
        raise NotFound(meeting=meeting_id)
    project = await load(uow, DelprojektKey.parse(meeting.delprojekt_key))
    return meeting, project


async def set_details(
    uow,
    actor: Actor,
    meeting_id: int,
    expected_version: int | None,
    *,
    held_at: datetime,
    place: str,
    present_ids: list[str],
    guests: list[str],
    agenda: list[str],
    justerare_id: str | None,
    in_linked_channel: bool,
    chat_people: dict[str, str] | None = None,
) -> tuple[Meeting, Delprojekt]:
    """`present_ids` are arbetsgrupp member ids, or "aad:<object id>" for people of the chat
    (`chat_people` maps their object ids to names)."""
    async with uow:
        meeting, project = await _meeting_and_project(uow, meeting_id)
        if not may_write(actor, project, in_linked_channel):
            raise NotAllowed(key=meeting.delprojekt_key)
        if expected_version is not None and expected_version != meeting.version:
            raise StaleVersion(meeting=meeting.number)
        people = {m.id: Person(m.name, m.aad_object_id, m.region, m.role.value) for m in project.members}
        chat_people = chat_people or {}
        from_chat = [
            Person(chat_people[i[4:]], i[4:]) for i in present_ids if i.startswith("aad:") and i[4:] in chat_people
        ]
        present = [people[i] for i in present_ids if i in people] + from_chat + [Person(g) for g in guests if g.strip()]
        absent = [p for i, p in people.items() if i not in present_ids]
        justerare = people.get(justerare_id) if justerare_id else None
        meeting.set_details(held_at, place, present, absent, agenda, justerare)
        await uow.meetings.save(meeting)
        await uow.commit()
        return meeting, project


async def add_entry(
    uow,
    actor: Actor,
    meeting_id: int,
    new: NewEntry,
    now: datetime,
    in_linked_channel: bool,
    shown_entries: int | None = None,
) -> tuple[Entry, Meeting, Delprojekt]:
    """Add an entry; returns it with the meeting as it is now, holding the newest `shown_entries`
    entries only when given (what a card shows), and the delprojekt."""
    async with uow:
        # The meeting's delprojekt only: its entries are read once, below, with the new one.
        key = await uow.meetings.delprojekt_key_of(meeting_id)
        if key is None:
            raise NotFound(meeting=meeting_id)
        project = await load(uow, DelprojektKey.parse(key))
        if not may_write(actor, project, in_linked_channel):
            raise NotAllowed(key=key)
        await uow.meetings.lock_delprojekt(project.id)
        used = await uow.meetings.register_ids_for(project.id, REGISTER_PREFIX.get(new.kind), new.replaces or None)
        owner = None
        owner_is_member = True
        if new.kind is EntryKind.ATGARD and (new.owner_aad or new.owner_name.strip()):
            member = next((m for m in project.members if new.owner_aad and m.aad_object_id == new.owner_aad), None)
            if member is None and new.owner_name.strip():
                folded = new.owner_name.strip().casefold()
                member = next((m for m in project.members if m.name.casefold() == folded), None)
            if member is not None:
                owner = Person(member.name, member.aad_object_id, member.region, member.role.value)
            else:
                owner = Person(new.owner_name.strip() or (new.owner_aad or ""), new.owner_aad)
                owner_is_member = False
        entry = Entry(
            id=str(uuid.uuid4()),
            kind=new.kind,
            text=new.text.strip(),
            by=actor.label,
            at=now,
            alternatives=new.alternatives.strip(),
            reason=new.reason.strip(),
            owner=owner,
            owner_is_member=owner_is_member,
            due=new.due,
            replaces=new.replaces or None,
        )
        errors = validate_entry(entry, used)
        if errors:
            raise ValidationFailed(errors)
        entry = replace(entry, register_id=next_register_id(entry.kind, used))
        await uow.meetings.add_entry(meeting_id, project.id, entry)
        if entry.kind is EntryKind.STRATEGISK_FRAGA:
            # Into the kansli's register in the same transaction: the entry never exists without it.
            await record_from_minutes(uow, actor, project, entry, new.forum, now)
        # Read back under the lock, before the commit: the minutes as they are with this entry
        # (and every one added before it), without a second transaction.
        meeting = await uow.meetings.get(meeting_id, latest=shown_entries)
        await uow.commit()
    assert meeting is not None
    return entry, meeting, project


async def approve(uow, actor: Actor, meeting_id: int, now: datetime) -> tuple[Meeting, Delprojekt]:
    async with uow:
        meeting, project = await _meeting_and_project(uow, meeting_id)
        if not may_approve(actor, project, meeting):
            raise NotAllowed(key=meeting.delprojekt_key)
        await uow.meetings.lock_delprojekt(project.id)  # no entry slips in between check and lock
        meeting.approve(actor.label, now)
        await uow.meetings.save(meeting)
        await _audit(uow, project, actor, now, "minutes_approved", {"number": meeting.number})
        await uow.commit()
        return meeting, project


async def amend(
    uow, actor: Actor, meeting_id: int, reason: str, text: str, now: datetime
) -> tuple[Meeting, Delprojekt]:
    async with uow:
        meeting, project = await _meeting_and_project(uow, meeting_id)
        if not can_change(actor, project):
            raise NotAllowed(key=meeting.delprojekt_key)
        meeting.amend(actor.label, now, reason, text)
        await uow.meetings.save(meeting)
        await _audit(uow, project, actor, now, "minutes_amended", {"number": meeting.number, "reason": reason.strip()})
        await uow.commit()
        return meeting, project


async def complete_action(uow, actor: Actor, entry_id: str, now: datetime) -> tuple[Entry, bool, Delprojekt]:
    """Mark an action item done. Returns (entry, newly_done, project); a repeat is harmless."""
    async with uow:
        found = await uow.meetings.entry(entry_id)
        if found is None:
            raise NotFound(entry=entry_id)
        entry, _meeting_id, delprojekt_id = found
        project = await uow.delprojekt.get_by_id(delprojekt_id)
        is_owner = entry.owner is not None and actor.aad_object_id and entry.owner.aad_object_id == actor.aad_object_id
        is_chair = project.ordforande is not None and project.ordforande.aad_object_id == actor.aad_object_id
        if not (
            is_owner
            or is_chair
            or actor.is_kansli
            or (actor.aad_object_id and entry.owner and not entry.owner.aad_object_id and can_change(actor, project))
        ):
            raise NotAllowed(key=str(project.key))
        done = mark_done(entry, actor.label, now)
        newly = await uow.meetings.mark_done(entry_id, actor.label, now)
        # Done: its reminders (due soon, overdue) are closed, whether sent or still to come.
        await uow.reminders.close_subject(ACTION_RULES, entry_id)
        if newly:
            await _audit(uow, project, actor, now, "action_done", {"text": entry.text[:100]})
        await uow.commit()
        return done, newly, project
