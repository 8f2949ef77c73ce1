"""Generated reports, and the counts the portfolio översikt needs in a few grouped queries."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.report_records import GeneratedReport
from storage.tables import meetings, minute_entries, report_generations

_META = [c for c in report_generations.c if c.name != "content"]


class ReportRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, report: GeneratedReport) -> int:
        values = asdict(report)
        values.pop("id")
        result = await self._connection.execute(report_generations.insert().values(**values))
        return int(result.inserted_primary_key[0])

    async def get(self, report_id: int) -> GeneratedReport | None:
        row = (
            await self._connection.execute(select(report_generations).where(report_generations.c.id == report_id))
        ).first()
        return GeneratedReport(**row._mapping) if row else None

    async def history(self, delprojekt_id: int, kind: str) -> list[GeneratedReport]:
        """Earlier generations of one kind for a delprojekt, newest first, without their files."""
        rows = await self._connection.execute(
            select(*_META)
            .where(report_generations.c.delprojekt_id == delprojekt_id, report_generations.c.kind == kind)
            .order_by(report_generations.c.id.desc())
        )
        return [GeneratedReport(**row._mapping) for row in rows]

    async def portfolio_counts(self, today: date) -> dict[int, tuple[int, datetime | None, int, int]]:
        """delprojekt id -> (meetings, last meeting, open action items, overdue action items)."""
        held = await self._connection.execute(
            select(meetings.c.delprojekt_id, func.count(), func.max(meetings.c.held_at)).group_by(
                meetings.c.delprojekt_id
            )
        )
        counts = {row[0]: [int(row[1]), row[2], 0, 0] for row in held}
        open_action = and_(minute_entries.c.kind == "atgard", minute_entries.c.done_at.is_(None))
        actions = await self._connection.execute(
            select(
                minute_entries.c.delprojekt_id,
                func.count(),
                func.count().filter(minute_entries.c.due < today),
            )
            .where(open_action)
            .group_by(minute_entries.c.delprojekt_id)
        )
        for row in actions:
            line = counts.setdefault(row[0], [0, None, 0, 0])
            line[2], line[3] = int(row[1]), int(row[2])
        return {key: tuple(value) for key, value in counts.items()}
