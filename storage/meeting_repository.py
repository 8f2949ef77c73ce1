"""Meetings and their minutes. Entries are rows of their own, so people adding at the same time
never overwrite each other; the delprojekt row is locked while an entry is added, which keeps the
B-/V- register ids unique and orders adds against justering."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, String, bindparam, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import NotFound, StaleVersion
from domain.minutes import Amendment, Entry, EntryKind, Meeting, MinutesLocked, Person
from storage.tables import delprojekt, meetings, minute_amendments, minute_entries
from storage.turn_cache import CURRENT_TURN


def _person(data: dict[str, Any] | None) -> Person | None:
    return Person(**data) if data else None


def _entry(row) -> Entry:
    details = row.details or {}
    return Entry(
        id=row.id,
        kind=EntryKind(row.kind),
        text=row.text,
        by=row.by,
        at=row.at,
        register_id=row.register_id,
        alternatives=details.get("alternatives", ""),
        reason=details.get("reason", ""),
        owner=_person(details.get("owner")),
        owner_is_member=details.get("owner_is_member", True),
        due=row.due,
        replaces=details.get("replaces"),
        done_at=row.done_at,
        done_by=row.done_by,
    )


_LATEST_ENTRIES = (
    select(minute_entries, func.count().over().label("total"))
    .where(minute_entries.c.meeting_id == bindparam("meeting_id", type_=Integer))
    .order_by(minute_entries.c.seq.desc())
    .limit(bindparam("latest", type_=Integer))
)


class MeetingRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def lock_delprojekt(self, delprojekt_id: int) -> None:
        # FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write
        # lock (and SQLite has no FOR UPDATE: the statement would only read the row).
        if self._connection.dialect.name == "sqlite":
            return
        await self._connection.execute(
            select(delprojekt.c.id).where(delprojekt.c.id == delprojekt_id).with_for_update()
        )

    async def add(self, delprojekt_id: int, meeting: Meeting) -> Meeting:
        await self.lock_delprojekt(delprojekt_id)
        number = await self._connection.execute(
            select(func.coalesce(func.max(meetings.c.number), 0)).where(meetings.c.delprojekt_id == delprojekt_id)
        )
        meeting.number = int(number.scalar_one()) + 1
        result = await self._connection.execute(
            meetings.insert().values(
                delprojekt_id=delprojekt_id,
                number=meeting.number,
                created_by=meeting.created_by,
                version=1,
                **self._details(meeting),
            )
        )
        meeting.id = int(result.inserted_primary_key[0])
        meeting.version = 1
        return meeting

    @staticmethod
    def _details(meeting: Meeting) -> dict[str, Any]:
        return {
            "held_at": meeting.held_at,
            "place": meeting.place,
            "present": [asdict(p) for p in meeting.present],
            "absent": [asdict(p) for p in meeting.absent],
            "agenda": list(meeting.agenda),
            "justerare": asdict(meeting.justerare) if meeting.justerare else None,
            "approved_by": meeting.approved_by,
            "approved_at": meeting.approved_at,
        }

    async def save(self, meeting: Meeting) -> None:
        """Write details, approval and new amendments; StaleVersion if someone saved in between."""
        result = await self._connection.execute(
            update(meetings)
            .where(meetings.c.id == meeting.id, meetings.c.version == meeting.version)
            .values(version=meeting.version + 1, **self._details(meeting))
        )
        if result.rowcount != 1:
            raise StaleVersion(meeting=meeting.number)
        stored = await self._connection.execute(
            select(func.count()).select_from(minute_amendments).where(minute_amendments.c.meeting_id == meeting.id)
        )
        for amendment in meeting.amendments[int(stored.scalar_one()) :]:
            await self._connection.execute(
                minute_amendments.insert().values(meeting_id=meeting.id, **asdict(amendment))
            )
        meeting.version += 1

    async def set_card(self, meeting_id: int, conversation_id: str, activity_id: str) -> None:
        await self._connection.execute(
            update(meetings)
            .where(meetings.c.id == meeting_id)
            .values(conversation_id=conversation_id, card_activity_id=activity_id)
        )
        loads = CURRENT_TURN.get()
        if loads is not None:
            loads.meeting_cards.pop(meeting_id, None)  # not committed yet: read it again if asked

    async def card_of(self, meeting_id: int) -> tuple[str | None, str | None]:
        """The conversation and message of the meeting's card: as read with the meeting in this
        turn (it changes only when a new card is posted), else from the database."""
        loads = CURRENT_TURN.get()
        if loads is not None and meeting_id in loads.meeting_cards:
            return loads.meeting_cards[meeting_id]
        row = (
            await self._connection.execute(
                select(meetings.c.conversation_id, meetings.c.card_activity_id).where(meetings.c.id == meeting_id)
            )
        ).first()
        return (row.conversation_id, row.card_activity_id) if row else (None, None)

    async def get(self, meeting_id: int, with_entries: bool = True, latest: int | None = None) -> Meeting | None:
        """The meeting with its entries and amendments; `with_entries=False` gives its details
        only (entries and amendments empty), for a caller that reads the entries elsewhere;
        `latest` reads only the newest that many entries (`earlier_entries` counts the rest)."""
        row = (
            await self._connection.execute(
                select(meetings, delprojekt.c.key).join(delprojekt).where(meetings.c.id == meeting_id)
            )
        ).first()
        if row is None:
            return None
        loads = CURRENT_TURN.get()
        if loads is not None:
            # Where its card is, for the redraw at the end of the turn (card_of).
            loads.meeting_cards[row.id] = (row.conversation_id, row.card_activity_id)
        if not with_entries:
            return self._meeting(row, [], [])
        return await self._load(row, latest)

    async def delprojekt_key_of(self, meeting_id: int) -> str | None:
        row = (
            await self._connection.execute(
                select(delprojekt.c.key)
                .join(meetings, meetings.c.delprojekt_id == delprojekt.c.id)
                .where(meetings.c.id == meeting_id)
            )
        ).first()
        return None if row is None else row.key

    async def by_number(self, delprojekt_id: int, number: int) -> Meeting | None:
        row = (
            await self._connection.execute(
                select(meetings, delprojekt.c.key)
                .join(delprojekt)
                .where(meetings.c.delprojekt_id == delprojekt_id, meetings.c.number == number)
            )
        ).first()
        return None if row is None else await self._load(row)

    async def of_delprojekt(self, delprojekt_id: int) -> list[Meeting]:
        """Every meeting with its entries and amendments, in three queries whatever the count
        (the slutrapport of a long delprojekt reads hundreds of meetings)."""
        rows = await self._connection.execute(
            select(meetings, delprojekt.c.key)
            .join(delprojekt)
            .where(meetings.c.delprojekt_id == delprojekt_id)
            .order_by(meetings.c.number)
        )
        entries: dict[int, list] = defaultdict(list)
        for entry in await self._connection.execute(
            select(minute_entries)
            .where(minute_entries.c.delprojekt_id == delprojekt_id)
            .order_by(minute_entries.c.meeting_id, minute_entries.c.seq)
        ):
            entries[entry.meeting_id].append(entry)
        amendments: dict[int, list] = defaultdict(list)
        for amendment in await self._connection.execute(
            select(minute_amendments)
            .join(meetings)
            .where(meetings.c.delprojekt_id == delprojekt_id)
            .order_by(minute_amendments.c.id)
        ):
            amendments[amendment.meeting_id].append(amendment)
        return [self._meeting(row, entries[row.id], amendments[row.id]) for row in rows.all()]

    async def _load(self, row, latest: int | None = None) -> Meeting:
        earlier = 0
        if latest is None:
            entries = list(
                await self._connection.execute(
                    select(minute_entries).where(minute_entries.c.meeting_id == row.id).order_by(minute_entries.c.seq)
                )
            )
        else:
            # The newest `latest` with the meeting's count beside them, in one statement: a long
            # meeting's card costs what it shows (issue 18).
            newest = list(await self._connection.execute(_LATEST_ENTRIES, {"meeting_id": row.id, "latest": latest}))
            entries = newest[::-1]
            earlier = newest[0].total - len(newest) if newest else 0
        # Amendments are made to approved minutes only (Meeting.amend): an open meeting has none.
        amendments = []
        if row.approved_at is not None:
            amendments = list(
                await self._connection.execute(
                    select(minute_amendments)
                    .where(minute_amendments.c.meeting_id == row.id)
                    .order_by(minute_amendments.c.id)
                )
            )
        meeting = self._meeting(row, entries, amendments)
        meeting.earlier_entries = earlier
        return meeting

    @staticmethod
    def _meeting(row, entries, amendments) -> Meeting:
        return Meeting(
            id=row.id,
            delprojekt_key=row.key,
            number=row.number,
            held_at=row.held_at,
            created_by=row.created_by,
            place=row.place,
            present=[Person(**p) for p in row.present],
            absent=[Person(**p) for p in row.absent],
            agenda=list(row.agenda),
            justerare=_person(row.justerare),
            approved_by=row.approved_by,
            approved_at=row.approved_at,
            entries=[_entry(e) for e in entries],
            amendments=[Amendment(a.by, a.at, a.reason, a.text) for a in amendments],
            version=row.version,
        )

    async def register_ids(self, delprojekt_id: int) -> set[str]:
        rows = await self._connection.execute(
            select(minute_entries.c.register_id).where(
                minute_entries.c.delprojekt_id == delprojekt_id, minute_entries.c.register_id.is_not(None)
            )
        )
        return set(rows.scalars())

    async def register_ids_for(self, delprojekt_id: int, prefix: str | None, replaces: str | None) -> set[str]:
        """The register ids a new entry is checked and numbered against: the highest one with its
        prefix (B-, V-) and the one it replaces, if that exists. Two look-ups on the unique index
        (delprojekt, register id) instead of reading every register id the delprojekt ever had;
        `validate_entry` and `next_register_id` give the same answers from these."""
        used: set[str] = set()
        if prefix is not None:
            number = func.cast(func.substr(minute_entries.c.register_id, len(prefix) + 2), Integer)
            highest = await self._connection.execute(
                select(func.max(number)).where(
                    minute_entries.c.delprojekt_id == delprojekt_id,
                    minute_entries.c.register_id.like(f"{prefix}-%"),
                )
            )
            top = highest.scalar_one_or_none()
            if top is not None:
                used.add(f"{prefix}-{int(top)}")
        if replaces:
            found = await self._connection.execute(
                select(minute_entries.c.register_id).where(
                    minute_entries.c.delprojekt_id == delprojekt_id, minute_entries.c.register_id == replaces
                )
            )
            used.update(found.scalars())
        return used

    async def overdue_count(self, delprojekt_id: int, today: date) -> int:
        """Open action items past their due date (Entry.overdue), counted by the database."""
        result = await self._connection.execute(
            select(func.count()).where(
                minute_entries.c.delprojekt_id == delprojekt_id,
                minute_entries.c.kind == EntryKind.ATGARD.value,
                minute_entries.c.done_at.is_(None),
                minute_entries.c.due < today,
            )
        )
        return int(result.scalar_one())

    async def add_entry(self, meeting_id: int, delprojekt_id: int, entry: Entry) -> None:
        """Insert an entry; the caller holds the delprojekt lock (lock_delprojekt) in this transaction."""
        # Whether the minutes are still open and the entry's place in them, in one statement.
        last_seq = (
            select(func.coalesce(func.max(minute_entries.c.seq), 0))
            .where(minute_entries.c.meeting_id == meeting_id)
            .scalar_subquery()
        )
        locked = await self._connection.execute(
            select(meetings.c.approved_at, meetings.c.number, last_seq.label("seq")).where(meetings.c.id == meeting_id)
        )
        row = locked.first()
        if row is None:
            raise NotFound(meeting=meeting_id)
        if row.approved_at is not None:
            raise MinutesLocked(number=row.number)
        details = {
            "alternatives": entry.alternatives,
            "reason": entry.reason,
            "owner": asdict(entry.owner) if entry.owner else None,
            "owner_is_member": entry.owner_is_member,
            "replaces": entry.replaces,
        }
        await self._connection.execute(
            minute_entries.insert().values(
                id=entry.id,
                meeting_id=meeting_id,
                delprojekt_id=delprojekt_id,
                seq=int(row.seq) + 1,
                kind=entry.kind.value,
                register_id=entry.register_id,
                text=entry.text,
                details=details,
                by=entry.by,
                at=entry.at,
                due=entry.due,
            )
        )

    async def entry(self, entry_id: str) -> tuple[Entry, int, int] | None:
        """The entry, its meeting id and its delprojekt id."""
        row = (await self._connection.execute(select(minute_entries).where(minute_entries.c.id == entry_id))).first()
        return None if row is None else (_entry(row), row.meeting_id, row.delprojekt_id)

    async def mark_done(self, entry_id: str, by: str, at: datetime) -> bool:
        """True if this call marked it; False if it was already done (a repeated click)."""
        result = await self._connection.execute(
            update(minute_entries)
            .where(minute_entries.c.id == entry_id, minute_entries.c.done_at.is_(None))
            .values(done_at=at, done_by=by)
        )
        return result.rowcount == 1

    async def set_due(self, entry_id: str, due: date | None) -> None:
        await self._connection.execute(update(minute_entries).where(minute_entries.c.id == entry_id).values(due=due))

    async def entries_of_delprojekt(self, delprojekt_id: int) -> list[tuple[Entry, int, datetime]]:
        """Every entry with its meeting number and meeting date, in meeting order."""
        rows = await self._connection.execute(
            select(minute_entries, meetings.c.number, meetings.c.held_at)
            .join(meetings, meetings.c.id == minute_entries.c.meeting_id)
            .where(minute_entries.c.delprojekt_id == delprojekt_id)
            .order_by(meetings.c.number, minute_entries.c.seq)
        )
        return [(_entry(row), row.number, row.held_at) for row in rows]

    async def open_action_digests(self) -> dict[int, str]:
        """Per delprojekt, a digest of its open action items with a due date (each one's id and
        due date: with the entry's text and owner, which never change once it is added, all a
        plan reads of it). Made by the database, one row per delprojekt, however many items."""
        item = minute_entries.c.id + "@" + func.cast(minute_entries.c.due, String)
        where = (
            minute_entries.c.kind == EntryKind.ATGARD.value,
            minute_entries.c.done_at.is_(None),
            minute_entries.c.due.is_not(None),
        )
        if self._connection.dialect.name == "postgresql":
            digest = func.md5(func.string_agg(item, aggregate_order_by(literal_column("','"), minute_entries.c.id)))
            rows = await self._connection.execute(
                select(minute_entries.c.delprojekt_id, digest).where(*where).group_by(minute_entries.c.delprojekt_id)
            )
            return {project_id: value for project_id, value in rows.tuples()}
        # SQLite: group_concat's order is not promised, so the items are sorted here.
        rows = await self._connection.execute(
            select(minute_entries.c.delprojekt_id, func.group_concat(item, ","))
            .where(*where)
            .group_by(minute_entries.c.delprojekt_id)
        )
        return {project_id: ",".join(sorted(value.split(","))) for project_id, value in rows.tuples()}

    async def open_actions(self, delprojekt_ids: list[int] | None = None) -> dict[int, list[Entry]]:
        """Open action items with a due date, per delprojekt: what reminders are planned from, and
        only that (the owner's name and Teams id, not the rest of the entry's details, which the
        database takes out of the JSON: a sweep reads 100,000 of them, issue 18)."""
        c = minute_entries.c
        query = select(
            c.id, c.delprojekt_id, c.text, c.by, c.at, c.due,
            c.details[("owner", "name")].as_string().label("owner_name"),
            c.details[("owner", "aad_object_id")].as_string().label("owner_aad"),
        ).where(c.kind == EntryKind.ATGARD.value, c.done_at.is_(None), c.due.is_not(None))  # fmt: skip
        if delprojekt_ids is not None:
            query = query.where(c.delprojekt_id.in_(delprojekt_ids))
        result: dict[int, list[Entry]] = defaultdict(list)
        rows = await self._connection.execute(query.order_by(c.delprojekt_id, c.seq))
        for entry_id, project_id, text, by, at, due, owner_name, owner_aad in rows.tuples():
            owner = Person(owner_name, owner_aad) if owner_name is not None else None
            result[project_id].append(Entry(entry_id, EntryKind.ATGARD, text, by, at, owner=owner, due=due))
        return result
