"""Use cases of the minutes: open a meeting, set its details, add entries during the meeting,
approve (justera), amend, and mark action items done."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from domain.delprojekt import Delprojekt
from domain.errors import NotFound, StaleVersion, ValidationFailed
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
from domain.ports import UnitOfWork
from domain.reminders.rules import ACTION_RULES
from domain.services.changes import Audit, MutationIn, apply, load
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


def arbetsgrupp_people(project: Delprojekt) -> list[Person]:
    return [Person(m.name, m.aad_object_id, m.region, m.role.value) for m in project.members]


async def open_meeting(
    uow: UnitOfWork, actor: Actor, key: DelprojektKey, now: datetime, in_linked_channel: bool
) -> tuple[Delprojekt, Meeting]:
    async def the_project(uow: UnitOfWork) -> tuple[Delprojekt, Delprojekt]:
        project = await load(uow, key)
        return project, project

    opened: list[Meeting] = []

    async def add_meeting(project: Delprojekt, _) -> Audit:
        # Everyone in the arbetsgrupp starts as absent; the form moves those who came to present.
        meeting = Meeting(str(key), 0, now, actor.label, absent=arbetsgrupp_people(project))
        await uow.meetings.add(project.id, meeting)
        opened.append(meeting)
        return [("meeting_opened", None, {"number": meeting.number})]

    def allowed(a: Actor, project: Delprojekt, _) -> bool:
        return may_write(a, project, in_linked_channel)

    project, _ = await apply(uow, actor, now, the_project, add_meeting, allowed=allowed)
    return project, opened[0]


async def _meeting_and_project(uow: UnitOfWork, meeting_id: int) -> tuple[Delprojekt, Meeting]:
    meeting = await uow.meetings.get(meeting_id)
    if meeting is None:
        raise NotFound(meeting=meeting_id)
    return await load(uow, DelprojektKey.parse(meeting.delprojekt_key)), meeting


async def _meeting_change(
    uow: UnitOfWork,
    actor: Actor,
    meeting_id: int,
    now: datetime | None,
    mutate: MutationIn[Meeting],
    allowed: Callable[[Actor, Delprojekt, Meeting], bool],
    expected_version: int | None = None,
) -> tuple[Meeting, Delprojekt]:
    """A change to one meeting's minutes on the one path (domain/services/changes.py), audited in
    its delprojekt's log: `mutate(meeting, project)`."""

    async def save(uow: UnitOfWork, meeting: Meeting) -> None:
        await uow.meetings.save(meeting)

    project, meeting = await apply(
        uow, actor, now, lambda uow: _meeting_and_project(uow, meeting_id), mutate, allowed=allowed,
        expected_version=expected_version, stale=lambda m: StaleVersion(meeting=m.number), save=save,
    )  # fmt: skip
    return meeting, project


async def set_details(
    uow: UnitOfWork,
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
    chat_people = chat_people or {}

    def allowed(a: Actor, project: Delprojekt, _) -> bool:
        return may_write(a, project, in_linked_channel)

    def set_them(meeting: Meeting, project: Delprojekt) -> Audit:
        people = {m.id: Person(m.name, m.aad_object_id, m.region, m.role.value) for m in project.members}
        from_chat = [
            Person(chat_people[i[4:]], i[4:]) for i in present_ids if i.startswith("aad:") and i[4:] in chat_people
        ]
        present = [people[i] for i in present_ids if i in people] + from_chat + [Person(g) for g in guests if g.strip()]
        absent = [p for i, p in people.items() if i not in present_ids]
        justerare = people.get(justerare_id) if justerare_id else None
        meeting.set_details(held_at, place, present, absent, agenda, justerare)
        return []  # the details are the minutes' own: not in the change log

    return await _meeting_change(uow, actor, meeting_id, None, set_them, allowed, expected_version)


async def add_entry(
    uow: UnitOfWork,
    actor: Actor,
    meeting_id: int,
    new: NewEntry,
    now: datetime,
    in_linked_channel: bool,
    shown_entries: int | None = None,
) -> tuple[Entry, Meeting, Delprojekt]:
    """Add an entry; returns it with the meeting as it is now, holding the newest `shown_entries`
    entries only when given (what a card shows), and the delprojekt."""

    async def the_project(uow: UnitOfWork) -> tuple[Delprojekt, Delprojekt]:
        # The meeting's delprojekt only: its entries are read once, below, with the new one.
        key = await uow.meetings.delprojekt_key_of(meeting_id)
        if key is None:
            raise NotFound(meeting=meeting_id)
        project = await load(uow, DelprojektKey.parse(key))
        return project, project

    added: list[tuple[Entry, Meeting]] = []

    async def add(project: Delprojekt, _) -> Audit:
        await uow.meetings.lock_delprojekt(project.id)
        used = await uow.meetings.register_ids_for(project.id, REGISTER_PREFIX.get(new.kind), new.replaces or None)
        owner, owner_is_member = _owner(project, new)
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
        assert meeting is not None
        added.append((entry, meeting))
        return []  # the entry is in the minutes, not in the change log

    def allowed(a: Actor, project: Delprojekt, _) -> bool:
        return may_write(a, project, in_linked_channel)

    project, _ = await apply(uow, actor, now, the_project, add, allowed=allowed)
    entry, meeting = added[0]
    return entry, meeting, project


def _owner(project: Delprojekt, new: NewEntry) -> tuple[Person | None, bool]:
    """Who an åtgärd is for: the arbetsgrupp member picked or named, else the name as written
    (not a member); and whether they are a member."""
    if new.kind is not EntryKind.ATGARD or not (new.owner_aad or new.owner_name.strip()):
        return None, True
    member = next((m for m in project.members if new.owner_aad and m.aad_object_id == new.owner_aad), None)
    if member is None and new.owner_name.strip():
        folded = new.owner_name.strip().casefold()
        member = next((m for m in project.members if m.name.casefold() == folded), None)
    if member is not None:
        return Person(member.name, member.aad_object_id, member.region, member.role.value), True
    return Person(new.owner_name.strip() or (new.owner_aad or ""), new.owner_aad), False


async def approve(uow: UnitOfWork, actor: Actor, meeting_id: int, now: datetime) -> tuple[Meeting, Delprojekt]:
    async def approve_it(meeting: Meeting, project: Delprojekt) -> Audit:
        await uow.meetings.lock_delprojekt(project.id)  # no entry slips in between check and lock
        meeting.approve(actor.label, now)
        return [("minutes_approved", None, {"number": meeting.number})]

    return await _meeting_change(uow, actor, meeting_id, now, approve_it, may_approve)


async def amend(
    uow: UnitOfWork, actor: Actor, meeting_id: int, reason: str, text: str, now: datetime
) -> tuple[Meeting, Delprojekt]:
    def amend_it(meeting: Meeting, _) -> Audit:
        meeting.amend(actor.label, now, reason, text)
        return [("minutes_amended", None, {"number": meeting.number, "reason": reason.strip()})]

    return await _meeting_change(uow, actor, meeting_id, now, amend_it, lambda a, project, _: can_change(a, project))


async def complete_action(
    uow: UnitOfWork, actor: Actor, entry_id: str, now: datetime
) -> tuple[Entry, bool, Delprojekt]:
    """Mark an action item done. Returns (entry, newly_done, project); a repeat is harmless."""

    async def the_entry(uow: UnitOfWork) -> tuple[Delprojekt, Entry]:
        found = await uow.meetings.entry(entry_id)
        if found is None:
            raise NotFound(entry=entry_id)
        entry, _meeting_id, delprojekt_id = found
        project = await uow.delprojekt.get_by_id(delprojekt_id)
        assert project is not None
        return project, entry

    def allowed(actor: Actor, project: Delprojekt, entry: Entry) -> bool:
        is_owner = entry.owner is not None and actor.aad_object_id and entry.owner.aad_object_id == actor.aad_object_id
        is_chair = project.ordforande is not None and project.ordforande.aad_object_id == actor.aad_object_id
        outside_teams = actor.aad_object_id and entry.owner and not entry.owner.aad_object_id
        return bool(is_owner or is_chair or actor.is_kansli or (outside_teams and can_change(actor, project)))

    done: list[tuple[Entry, bool]] = []

    async def mark(entry: Entry, _) -> Audit:
        marked = mark_done(entry, actor.label, now)  # ValidationFailed for an entry that is no åtgärd
        done.append((marked, await uow.meetings.mark_done(entry_id, actor.label, now)))
        # Done: its reminders (due soon, overdue) are closed, whether sent or still to come.
        await uow.reminders.close_subject(ACTION_RULES, entry_id)
        return [("action_done", None, {"text": entry.text[:100]})] if done[0][1] else []

    project, _ = await apply(uow, actor, now, the_entry, mark, allowed=allowed)
    marked, newly = done[0]
    return marked, newly, project
