"""The register of strategic questions. Numbers (SF-n) are per delprojekt and handed out under the
delprojekt row's lock; a change is written only if nobody changed the question since it was read."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.errors import StaleVersion
from domain.strategic_questions import Forum, QuestionStatus, StrategicQuestion
from storage.tables import delprojekt, meetings, minute_entries, strategic_questions

_q = strategic_questions


def _query():
    """Each question with its delprojekt's key and, when raised in the minutes, its meeting."""
    return (
        select(_q, delprojekt.c.key, meetings.c.number.label("meeting_number"), meetings.c.held_at)
        .join(delprojekt, delprojekt.c.id == _q.c.delprojekt_id)
        .outerjoin(minute_entries, minute_entries.c.id == _q.c.source_entry_id)
        .outerjoin(meetings, meetings.c.id == minute_entries.c.meeting_id)
        .order_by(delprojekt.c.key_year, delprojekt.c.key_number, delprojekt.c.key, _q.c.number)
    )


def _question(row) -> StrategicQuestion:
    return StrategicQuestion(
        id=row.id,
        delprojekt_key=row.key,
        number=row.number,
        text=row.text,
        raised_by=row.raised_by,
        raised_by_id=row.raised_by_id,
        raised_at=row.raised_at,
        forum=Forum(row.forum) if row.forum else None,
        status=QuestionStatus(row.status),
        answer=row.answer,
        answered_by=row.answered_by,
        answered_at=row.answered_at,
        source_entry_id=row.source_entry_id,
        meeting_number=row.meeting_number,
        meeting_held_at=row.held_at,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
        version=row.version,
    )


class StrategicQuestionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, delprojekt_id: int, question: StrategicQuestion) -> StrategicQuestion:
        """Store a new question with the next SF number of its delprojekt. The caller holds the
        delprojekt row's lock in this transaction (MeetingRepository.lock_delprojekt)."""
        highest = await self._connection.execute(
            select(func.coalesce(func.max(_q.c.number), 0)).where(_q.c.delprojekt_id == delprojekt_id)
        )
        question.number = int(highest.scalar_one()) + 1
        result = await self._connection.execute(
            _q.insert().values(
                delprojekt_id=delprojekt_id,
                number=question.number,
                text=question.text,
                source_entry_id=question.source_entry_id,
                forum=question.forum.value if question.forum else None,
                status=question.status.value,
                answer=question.answer,
                raised_by=question.raised_by,
                raised_by_id=question.raised_by_id,
                raised_at=question.raised_at,
                version=1,
            )
        )
        question.id = int(result.inserted_primary_key[0])
        question.version = 1
        return question

    async def get(self, question_id: int) -> StrategicQuestion | None:
        row = (await self._connection.execute(_query().where(_q.c.id == question_id))).first()
        return None if row is None else _question(row)

    async def by_entry(self, entry_id: str) -> StrategicQuestion | None:
        """The question raised in this minutes entry."""
        row = (await self._connection.execute(_query().where(_q.c.source_entry_id == entry_id))).first()
        return None if row is None else _question(row)

    async def delprojekt_id_of(self, question_id: int) -> int | None:
        row = await self._connection.execute(select(_q.c.delprojekt_id).where(_q.c.id == question_id))
        return row.scalar_one_or_none()

    async def save(self, question: StrategicQuestion) -> None:
        """Write forum, status and answer; StaleVersion if someone saved the question in between."""
        result = await self._connection.execute(
            update(_q)
            .where(_q.c.id == question.id, _q.c.version == question.version)
            .values(
                forum=question.forum.value if question.forum else None,
                status=question.status.value,
                answer=question.answer,
                answered_by=question.answered_by,
                answered_at=question.answered_at,
                updated_by=question.updated_by,
                updated_at=question.updated_at,
                version=question.version + 1,
            )
        )
        if result.rowcount != 1:
            raise StaleVersion(question=question.label)
        question.version += 1

    async def listed(
        self,
        statuses: Iterable[QuestionStatus] | None = None,
        delprojekt_ids: Iterable[int] | None = None,
    ) -> list[StrategicQuestion]:
        """Questions in register order (delprojekt, then number), of the statuses and delprojekt
        given (all when None)."""
        query = _query()
        if statuses is not None:
            query = query.where(_q.c.status.in_([s.value for s in statuses]))
        if delprojekt_ids is not None:
            query = query.where(_q.c.delprojekt_id.in_(list(delprojekt_ids)))
        return [_question(row) for row in await self._connection.execute(query)]

    async def of_delprojekt(self, delprojekt_id: int) -> list[StrategicQuestion]:
        return await self.listed(delprojekt_ids=[delprojekt_id])

    async def counts(self, delprojekt_ids: Iterable[int] | None = None) -> dict[QuestionStatus, int]:
        query = select(_q.c.status, func.count()).group_by(_q.c.status)
        if delprojekt_ids is not None:
            query = query.where(_q.c.delprojekt_id.in_(list(delprojekt_ids)))
        found = {QuestionStatus(status): int(n) for status, n in await self._connection.execute(query)}
        return {status: found.get(status, 0) for status in QuestionStatus}
