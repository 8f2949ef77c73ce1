"""Repositories: map rows to domain objects and back, within one unit of work's transaction."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.characters import Character
from domain.conversations import ConversationAddress
from domain.delprojekt import Delprojekt, StageChange
from domain.errors import StaleVersion
from domain.keys import DelprojektKey
from domain.stages import Stage
from storage.tables import conversation_references, delprojekt, stage_changes
from storage.upsert import upsert


class DelprojektRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def next_number(self, prefix: str, year: int) -> int:
        """The highest running number used for `prefix` in `year` (0 when none)."""
        result = await self._connection.execute(
            select(func.coalesce(func.max(delprojekt.c.key_number), 0)).where(
                delprojekt.c.key_prefix == prefix, delprojekt.c.key_year == year
            )
        )
        return int(result.scalar_one())

    async def add(self, project: Delprojekt) -> None:
        result = await self._connection.execute(
            delprojekt.insert().values(
                key=str(project.key),
                key_prefix=project.key.prefix,
                key_year=project.key.year,
                key_number=project.key.number,
                title=project.title,
                stage=project.stage.value,
                regions=list(project.regions),
                characters=sorted(c.value for c in project.characters),
                created_by=project.created_by,
                created_at=project.created_at,
                version=1,
            )
        )
        project.id = int(result.inserted_primary_key[0])
        project.version = 1
        await self._insert_history(project, start=0)

    async def save(self, project: Delprojekt) -> None:
        """Write changes; refuse (StaleVersion) if someone saved a newer version since we read it."""
        assert project.id is not None, "save() is for projects that were added or read"
        result = await self._connection.execute(
            update(delprojekt)
            .where(delprojekt.c.id == project.id, delprojekt.c.version == project.version)
            .values(
                title=project.title,
                stage=project.stage.value,
                regions=list(project.regions),
                characters=sorted(c.value for c in project.characters),
                version=project.version + 1,
            )
        )
        if result.rowcount != 1:
            raise StaleVersion(key=str(project.key))
        stored = await self._connection.execute(
            select(func.count()).select_from(stage_changes).where(stage_changes.c.delprojekt_id == project.id)
        )
        await self._insert_history(project, start=int(stored.scalar_one()))
        project.version += 1

    async def get(self, key: DelprojektKey) -> Delprojekt | None:
        row = (await self._connection.execute(select(delprojekt).where(delprojekt.c.key == str(key)))).first()
        if row is None:
            return None
        history_rows = await self._connection.execute(
            select(stage_changes).where(stage_changes.c.delprojekt_id == row.id).order_by(stage_changes.c.seq)
        )
        return Delprojekt(
            id=row.id,
            key=DelprojektKey(row.key_prefix, row.key_year, row.key_number),
            title=row.title,
            created_by=row.created_by,
            created_at=row.created_at,
            regions=list(row.regions),
            characters={Character(c) for c in row.characters},
            stage=Stage(row.stage),
            version=row.version,
            history=[
                StageChange(
                    from_stage=Stage(h.from_stage) if h.from_stage else None,
                    to_stage=Stage(h.to_stage),
                    by=h.by,
                    at=h.at,
                    reason=h.reason,
                    overridden=h.overridden,
                )
                for h in history_rows
            ],
        )

    async def keys(self) -> list[DelprojektKey]:
        rows = await self._connection.execute(
            select(delprojekt.c.key_prefix, delprojekt.c.key_year, delprojekt.c.key_number).order_by(
                delprojekt.c.key_year, delprojekt.c.key_number
            )
        )
        return [DelprojektKey(*row) for row in rows]

    async def _insert_history(self, project: Delprojekt, start: int) -> None:
        new = project.history[start:]
        if not new:
            return
        await self._connection.execute(
            stage_changes.insert(),
            [
                {
                    "delprojekt_id": project.id,
                    "seq": start + offset,
                    "from_stage": change.from_stage.value if change.from_stage else None,
                    "to_stage": change.to_stage.value,
                    "by": change.by,
                    "at": change.at,
                    "reason": change.reason,
                    "overridden": change.overridden,
                }
                for offset, change in enumerate(new)
            ],
        )


class ConversationReferenceRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def remember(self, address: ConversationAddress, at: datetime | None = None) -> None:
        """Store or refresh the address; a conversation seen again is active again."""
        at = at or datetime.now(UTC)
        values = asdict(address) | {"is_active": True, "first_seen_at": at, "updated_at": at}
        await upsert(
            self._connection,
            conversation_references,
            values,
            key_columns=["conversation_id"],
            keep_on_update=["first_seen_at"],
        )

    async def get(self, conversation_id: str) -> ConversationAddress | None:
        row = (
            await self._connection.execute(
                select(conversation_references).where(conversation_references.c.conversation_id == conversation_id)
            )
        ).first()
        if row is None:
            return None
        fields = row._asdict()
        fields.pop("first_seen_at")
        fields.pop("updated_at")
        return ConversationAddress(**fields)

    async def mark_inactive(self, conversation_id: str) -> None:
        await self._connection.execute(
            update(conversation_references)
            .where(conversation_references.c.conversation_id == conversation_id)
            .values(is_active=False, updated_at=datetime.now(UTC))
        )
