"""Checklist answers: appended as revisions, read back as each item's history."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.checklists.model import Answer
from domain.errors import StaleVersion
from storage.tables import checklist_answers


class ChecklistRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def answers_of(self, delprojekt_id: int) -> dict[str, list[Answer]]:
        rows = await self._connection.execute(
            select(checklist_answers)
            .where(checklist_answers.c.delprojekt_id == delprojekt_id)
            .order_by(checklist_answers.c.item_id, checklist_answers.c.revision)
        )
        history: dict[str, list[Answer]] = defaultdict(list)
        for row in rows:
            history[row.item_id].append(Answer(row.item_id, row.value, row.justification, row.by, row.at, row.revision))
        return dict(history)

    async def current_of(self, delprojekt_id: int) -> dict[str, list[Answer]]:
        """Each item's current answer only (as a history of one): what progress, gates, cards and
        reminders read. The database picks the latest revisions, so a delprojekt's long history
        of changed answers costs nothing here; `answers_of` is for whoever needs that history."""
        latest = (
            select(checklist_answers.c.item_id, func.max(checklist_answers.c.revision).label("revision"))
            .where(checklist_answers.c.delprojekt_id == delprojekt_id)
            .group_by(checklist_answers.c.item_id)
            .subquery()
        )
        rows = await self._connection.execute(
            select(checklist_answers)
            .join(
                latest,
                and_(
                    checklist_answers.c.item_id == latest.c.item_id,
                    checklist_answers.c.revision == latest.c.revision,
                ),
            )
            .where(checklist_answers.c.delprojekt_id == delprojekt_id)
            .order_by(checklist_answers.c.item_id)
        )
        return {
            row.item_id: [Answer(row.item_id, row.value, row.justification, row.by, row.at, row.revision)]
            for row in rows
        }

    async def add(self, delprojekt_id: int, answer: Answer) -> None:
        """Store `answer` as its revision; StaleVersion when that revision was taken meanwhile."""
        try:
            async with self._connection.begin_nested():
                await self._connection.execute(
                    checklist_answers.insert().values(
                        delprojekt_id=delprojekt_id,
                        item_id=answer.item_id,
                        revision=answer.revision,
                        value=answer.value,
                        justification=answer.justification,
                        by=answer.by,
                        at=answer.at,
                    )
                )
        except IntegrityError:
            raise StaleVersion(item=answer.item_id) from None
