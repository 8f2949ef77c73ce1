"""Checklist answers: appended as revisions, read back as each item's history."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
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
