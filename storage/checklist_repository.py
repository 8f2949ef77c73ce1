"""Checklist answers: appended as revisions, read back as each item's history."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Integer, bindparam, func, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.checklists.model import Answer
from domain.errors import StaleVersion
from domain.stages import Stage, is_terminal
from storage.tables import checklist_answers, delprojekt
from storage.upsert import InsertNew


def _current_answers(postgresql: bool):
    """The statement of `ChecklistRepository.current_of`, built once (building and keying it for
    every call cost more than running it)."""
    answers = checklist_answers
    project = bindparam("delprojekt_id", type_=Integer)
    step = answers.alias("step")
    items = (
        select(func.min(answers.c.item_id).label("item_id"))
        .where(answers.c.delprojekt_id == project)
        .cte("answered_items", recursive=True)
    )
    following = (
        select(func.min(step.c.item_id))
        .where(step.c.delprojekt_id == project, step.c.item_id > items.c.item_id)
        .scalar_subquery()
    )
    items = items.union_all(select(following).where(items.c.item_id.is_not(None)))
    if postgresql:
        # Each item's newest revision by LATERAL: PostgreSQL would otherwise hash-join every
        # revision of the delprojekt.
        top = (
            select(answers)
            .where(answers.c.delprojekt_id == project, answers.c.item_id == items.c.item_id)
            .order_by(answers.c.revision.desc())
            .limit(1)
            .lateral("newest")
        )
        return select(*top.c).select_from(items).join(top, true()).where(items.c.item_id.is_not(None))
    # SQLite runs the correlated look-up per answered item, on the index, as written.
    newest = answers.alias("newest")
    latest = (
        select(func.max(newest.c.revision))
        .where(newest.c.delprojekt_id == project, newest.c.item_id == items.c.item_id)
        .scalar_subquery()
    )
    return (
        select(answers)
        .join(items, answers.c.item_id == items.c.item_id)
        .where(answers.c.delprojekt_id == project, answers.c.revision == latest)
    )


_NEW_ANSWER = InsertNew(checklist_answers, ["delprojekt_id", "item_id", "revision"])
_CURRENT = _current_answers(postgresql=False)
_CURRENT_PG = _current_answers(postgresql=True)


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
        reminders read. `answers_of` is for whoever needs the history.

        A loose index scan on the unique index (delprojekt, item, revision): a recursive query steps
        from one answered item to the next and takes each one's highest revision, so the cost is
        per answered item, not per revision ever saved (issue 18: a long history costs nothing)."""
        query = _CURRENT_PG if self._connection.dialect.name == "postgresql" else _CURRENT
        rows = await self._connection.execute(query, {"delprojekt_id": delprojekt_id})
        return {
            row.item_id: [Answer(row.item_id, row.value, row.justification, row.by, row.at, row.revision)]
            for row in rows
        }

    async def current_of_many(self, delprojekt_ids: list[int]) -> dict[int, dict[str, list[Answer]]]:
        """`current_of` for many delprojekt at once (a reminder sweep's chunk): per 1,000 of them
        one statement, each item's highest revision by the unique index."""
        result: dict[int, dict[str, list[Answer]]] = {pid: {} for pid in delprojekt_ids}
        answers = checklist_answers
        for start in range(0, len(delprojekt_ids), 1000):
            newest = (
                select(answers.c.delprojekt_id, answers.c.item_id, func.max(answers.c.revision).label("revision"))
                .where(answers.c.delprojekt_id.in_(delprojekt_ids[start : start + 1000]))
                .group_by(answers.c.delprojekt_id, answers.c.item_id)
                .subquery()
            )
            rows = await self._connection.execute(
                select(answers).join(
                    newest,
                    (answers.c.delprojekt_id == newest.c.delprojekt_id)
                    & (answers.c.item_id == newest.c.item_id)
                    & (answers.c.revision == newest.c.revision),
                )
            )
            for row in rows:
                result[row.delprojekt_id][row.item_id] = [
                    Answer(row.item_id, row.value, row.justification, row.by, row.at, row.revision)
                ]
        return result

    async def latest_answer_ids(self) -> dict[int, int]:
        """The id of each open delprojekt's newest answer row (answers are only ever added): changes
        whenever any answer of it does. One statement for all of them: a sweep's 10,000 ids as
        bound parameters cost more to send than to look up."""
        closed = [s.value for s in Stage if is_terminal(s)]
        open_ids = select(delprojekt.c.id).where(delprojekt.c.stage.not_in(closed))
        rows = await self._connection.execute(
            select(checklist_answers.c.delprojekt_id, func.max(checklist_answers.c.id))
            .where(checklist_answers.c.delprojekt_id.in_(open_ids))
            .group_by(checklist_answers.c.delprojekt_id)
        )
        return {project_id: int(top) for project_id, top in rows.tuples()}

    async def add(self, delprojekt_id: int, answer: Answer) -> None:
        """Store `answer` as its revision; StaleVersion when that revision was taken meanwhile."""
        added = await _NEW_ANSWER(
            self._connection,
            {
                "delprojekt_id": delprojekt_id,
                "item_id": answer.item_id,
                "revision": answer.revision,
                "value": answer.value,
                "justification": answer.justification,
                "by": answer.by,
                "at": answer.at,
            },
        )
        if not added:
            raise StaleVersion(item=answer.item_id)
