"""The delprojekt repository: the aggregate with its arbetsgrupp, anchoring log, decisions and
implementation, read and written in a few statements (the mapping of rows to the aggregate is
delprojekt_rows.py)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.decisions import DecisionKind, DecisionOutcome
from domain.delprojekt import Delprojekt
from domain.errors import KeyTaken, StaleVersion
from domain.keys import DelprojektKey
from domain.portfolio import Portfolio, PortfolioCounts
from domain.stages import Stage, is_terminal
from domain.uppdrag import UppdragVersion
from storage.delprojekt_rows import build, row_values, uppdrag_from_json, uppdrag_to_json
from storage.tables import (
    anchoring_entries,
    arbetsgrupp_members,
    delprojekt,
    project_decisions,
    region_implementation,
    regional_decisions,
    stage_changes,
    uppdrag_versions,
)
from storage.turn_cache import KnownDelprojekt

# Children that only grow: written from the first row the database does not have yet.
_APPEND_ONLY = (stage_changes, project_decisions, regional_decisions, anchoring_entries)


# The children of a delprojekt, each read for a list of ids; built once (issue 18: building and
# keying a statement on every load cost more than running it).
_CHILDREN = [
    select(table).where(table.c.delprojekt_id.in_(bindparam("ids", expanding=True))).order_by(order)
    for table, order in (
        (stage_changes, stage_changes.c.seq),
        (project_decisions, project_decisions.c.seq),
        (arbetsgrupp_members, arbetsgrupp_members.c.position),
        (region_implementation, region_implementation.c.region),
        (regional_decisions, regional_decisions.c.seq),
        (anchoring_entries, anchoring_entries.c.seq),
    )
]


class DelprojektRepository:
    # The aggregate from its rows (a class attribute: the turn-cost test counts the builds).
    _build = staticmethod(build)

    def __init__(
        self, connection: AsyncConnection, known: KnownDelprojekt | None = None, remember: bool = False
    ) -> None:
        self._connection = connection
        # What this process loaded before (storage/turn_cache.py), and whether what this
        # repository loads may be added to it: only what a read-only transaction read.
        self._known = known
        self._remember = remember

    async def next_number(self, prefix: str, year: int) -> int:
        """The highest running number used for `prefix` in `year` (0 when none)."""
        result = await self._connection.execute(
            select(func.coalesce(func.max(delprojekt.c.key_number), 0)).where(
                delprojekt.c.key_prefix == prefix, delprojekt.c.key_year == year
            )
        )
        return int(result.scalar_one())

    async def add(self, project: Delprojekt) -> None:
        """Insert a new delprojekt; KeyTaken if another one got the same key a moment earlier."""
        try:
            async with self._connection.begin_nested():
                result = await self._connection.execute(
                    delprojekt.insert().values(
                        key=str(project.key),
                        key_prefix=project.key.prefix,
                        key_year=project.key.year,
                        key_number=project.key.number,
                        version=1,
                        created_by=project.created_by,
                        created_at=project.created_at,
                        **row_values(project),
                    )
                )
        except IntegrityError as error:
            raise KeyTaken(key=str(project.key)) from error
        project.id = int(result.inserted_primary_key[0])
        project.version = 1
        await self._write_children(project, dict.fromkeys(_APPEND_ONLY, 0))
        await self._write_uppdrag_version(project)

    async def save(self, project: Delprojekt) -> None:
        """Write changes; refuse (StaleVersion) if someone saved a newer version since we read it."""
        assert project.id is not None, "save() is for projects that were added or read"
        result = await self._connection.execute(
            update(delprojekt)
            .where(delprojekt.c.id == project.id, delprojekt.c.version == project.version)
            .values(version=project.version + 1, **row_values(project))
        )
        if result.rowcount != 1:
            raise StaleVersion(key=str(project.key))
        # What the database holds of the children that only grow, in one statement: the rows of
        # each append-only table and the newest uppdrag version.
        counts = [
            select(func.count()).select_from(table).where(table.c.delprojekt_id == project.id).scalar_subquery()
            for table in _APPEND_ONLY
        ]
        newest = (
            select(func.coalesce(func.max(uppdrag_versions.c.number), 0))
            .where(uppdrag_versions.c.delprojekt_id == project.id)
            .scalar_subquery()
        )
        stored = (await self._connection.execute(select(*counts, newest))).one()
        await self._write_children(project, dict(zip(_APPEND_ONLY, (int(n) for n in stored[:-1]), strict=True)))
        if project.uppdrag_version > int(stored[-1]):
            await self._write_uppdrag_version(project)
        project.version += 1

    async def _write_uppdrag_version(self, project: Delprojekt) -> None:
        await self._connection.execute(
            uppdrag_versions.insert().values(
                delprojekt_id=project.id, number=project.uppdrag_version, data=uppdrag_to_json(project.uppdrag),
                by=project.uppdrag_revised_by or project.created_by,
                at=project.uppdrag_revised_at or project.created_at,
            )
        )  # fmt: skip

    async def uppdrag_version(self, project_id: int, number: int) -> UppdragVersion | None:
        row = (
            await self._connection.execute(
                select(uppdrag_versions).where(
                    uppdrag_versions.c.delprojekt_id == project_id, uppdrag_versions.c.number == number
                )
            )
        ).first()
        return None if row is None else UppdragVersion(row.number, uppdrag_from_json(row.data or {}), row.by, row.at)

    async def _write_children(self, project: Delprojekt, stored: dict) -> None:
        # History, decisions and the anchoring log only grow; members and implementation are
        # rewritten whole (they are small, and the version check above serialises writers).
        pid = project.id
        history_from, decisions_from = stored[stage_changes], stored[project_decisions]
        if project.history[history_from:]:
            await self._connection.execute(
                stage_changes.insert(),
                [
                    {
                        "delprojekt_id": pid,
                        "seq": history_from + offset,
                        "from_stage": c.from_stage.value if c.from_stage else None,
                        "to_stage": c.to_stage.value,
                        "by": c.by,
                        "at": c.at,
                        "reason": c.reason,
                        "overridden": c.overridden,
                        "decision_kind": c.decision.value if c.decision else None,
                        "diarienummer": c.diarienummer,
                    }
                    for offset, c in enumerate(project.history[history_from:])
                ],
            )
        if project.decisions[decisions_from:]:
            await self._connection.execute(
                project_decisions.insert(),
                [
                    {
                        "delprojekt_id": pid,
                        "seq": decisions_from + offset,
                        "kind": d.kind.value,
                        "decided_on": d.decided_on,
                        "body": d.body,
                        "diarienummer": d.diarienummer,
                        "note": d.note,
                        "recorded_by": d.recorded_by,
                        "recorded_at": d.recorded_at,
                        "outcome": d.outcome.value,
                        "return_to": d.return_to.value if d.return_to else None,
                    }
                    for offset, d in enumerate(project.decisions[decisions_from:])
                ],
            )
        regional_from = stored[regional_decisions]
        if project.regional_decisions[regional_from:]:
            await self._connection.execute(
                regional_decisions.insert(),
                [
                    {
                        "delprojekt_id": pid,
                        "seq": regional_from + offset,
                        "region": d.region,
                        "body": d.body,
                        "decided_on": d.decided_on,
                        "diarienummer": d.diarienummer,
                        "outcome": d.outcome.value,
                        "note": d.note,
                        "recorded_by": d.recorded_by,
                        "recorded_at": d.recorded_at,
                    }
                    for offset, d in enumerate(project.regional_decisions[regional_from:])
                ],
            )
        anchoring_from = stored[anchoring_entries]
        if project.anchoring[anchoring_from:]:
            await self._connection.execute(
                anchoring_entries.insert(),
                [
                    {
                        "delprojekt_id": pid,
                        "seq": anchoring_from + offset,
                        "region": a.region,
                        "forum": a.forum.value,
                        "on": a.on,
                        "who": a.who,
                        "views": a.views,
                        "outcome": a.outcome.value,
                        "recorded_by": a.recorded_by,
                        "recorded_at": a.recorded_at,
                    }
                    for offset, a in enumerate(project.anchoring[anchoring_from:])
                ],
            )
        await self._connection.execute(delete(arbetsgrupp_members).where(arbetsgrupp_members.c.delprojekt_id == pid))
        if project.members:
            await self._connection.execute(
                arbetsgrupp_members.insert(),
                [
                    {
                        "id": m.id,
                        "delprojekt_id": pid,
                        "position": position,
                        "name": m.name,
                        "role": m.role.value,
                        "region": m.region,
                        "organisation": m.organisation,
                        "aad_object_id": m.aad_object_id,
                        "added_by": m.added_by,
                        "added_at": m.added_at,
                    }
                    for position, m in enumerate(project.members)
                ],
            )
        await self._connection.execute(
            delete(region_implementation).where(region_implementation.c.delprojekt_id == pid)
        )
        if project.implementation:
            await self._connection.execute(
                region_implementation.insert(),
                [
                    {
                        "delprojekt_id": pid,
                        "region": i.region,
                        "status": i.status.value,
                        "on": i.on,
                        "comment": i.comment,
                        "by": i.by,
                        "at": i.at,
                    }
                    for i in project.implementation.values()
                ],
            )

    async def get(self, key: DelprojektKey) -> Delprojekt | None:
        row = (await self._connection.execute(select(delprojekt).where(delprojekt.c.key == str(key)))).first()
        return None if row is None else await self._loaded(row)

    async def get_by_id(self, project_id: int) -> Delprojekt | None:
        row = (await self._connection.execute(select(delprojekt).where(delprojekt.c.id == project_id))).first()
        return None if row is None else await self._loaded(row)

    async def _loaded(self, row) -> Delprojekt:
        """The aggregate of this row: known already when the row is unchanged (storage/turn_cache.py),
        else read with its children."""
        if self._known is not None:
            known = self._known.get(row)
            if known is not None:
                return known
        project = await self._load(row)
        if self._known is not None and self._remember:
            self._known.remember(row, project)
        return project

    async def all(self, only_open: bool = False) -> list[Delprojekt]:
        """Every delprojekt with its children, in five queries however many there are."""
        query = select(delprojekt).order_by(delprojekt.c.key_year, delprojekt.c.key_number)
        if only_open:
            query = query.where(delprojekt.c.stage.not_in([s.value for s in Stage if is_terminal(s)]))
        return await self._load_many((await self._connection.execute(query)).all())

    async def portfolio(self, limit: int) -> Portfolio:
        """The `översikt`: counts by the database, as domain/portfolio.py defines them (the tests
        hold the two to the same figures), and only the first `limit` delprojekt loaded."""
        started = (
            select(func.count(func.distinct(project_decisions.c.delprojekt_id)))
            .where(
                project_decisions.c.kind == DecisionKind.LEDNINGSGRUPP_START.value,
                project_decisions.c.outcome == DecisionOutcome.BIFALL.value,
            )
            .scalar_subquery()
        )
        later = project_decisions.alias("later")
        reported = (
            select(func.count(func.distinct(project_decisions.c.delprojekt_id)))
            .where(
                project_decisions.c.kind == DecisionKind.NAMND.value,
                project_decisions.c.outcome != DecisionOutcome.ATERREMISS.value,
                ~select(later.c.id)
                .where(
                    later.c.delprojekt_id == project_decisions.c.delprojekt_id,
                    later.c.kind == DecisionKind.NAMND.value,
                    later.c.seq > project_decisions.c.seq,
                )
                .exists(),
            )
            .scalar_subquery()
        )

        def stage_count(*stages: Stage):
            return func.coalesce(func.sum(case((delprojekt.c.stage.in_([s.value for s in stages]), 1), else_=0)), 0)

        counted = (
            await self._connection.execute(
                select(
                    func.count(), started, reported, stage_count(Stage.IMPLEMENTERING, Stage.UPPFOLJNING),
                    stage_count(Stage.AVSLUTAD), stage_count(Stage.AVBRUTEN),
                ).select_from(delprojekt)
            )
        ).one()  # fmt: skip
        rows = (
            await self._connection.execute(
                select(delprojekt).order_by(delprojekt.c.key_year, delprojekt.c.key_number).limit(limit)
            )
        ).all()
        counts = PortfolioCounts(*(int(value) for value in counted))
        return Portfolio(counts, await self._load_many(rows) if rows else [])

    async def open_versions(self) -> dict[int, int]:
        """Id -> version of every open delprojekt: what a reminder sweep fingerprints them by."""
        rows = await self._connection.execute(
            select(delprojekt.c.id, delprojekt.c.version).where(
                delprojekt.c.stage.not_in([s.value for s in Stage if is_terminal(s)])
            )
        )
        return {row.id: row.version for row in rows}

    async def by_ids(self, project_ids: list[int]) -> list[Delprojekt]:
        """These delprojekt with their children (a few queries per 1,000)."""
        found: list[Delprojekt] = []
        for start in range(0, len(project_ids), 1000):
            chunk = project_ids[start : start + 1000]
            rows = (await self._connection.execute(select(delprojekt).where(delprojekt.c.id.in_(chunk)))).all()
            found.extend(await self._load_many(rows))
        return found

    async def _load(self, row) -> Delprojekt:
        return (await self._load_many([row]))[0]

    async def _load_many(self, rows) -> list[Delprojekt]:
        ids = [row.id for row in rows]
        grouped = []
        for query in _CHILDREN:
            children: dict[int, list] = defaultdict(list)
            for start in range(0, len(ids), 5000):
                result = await self._connection.execute(query, {"ids": ids[start : start + 5000]})
                for child in result:
                    children[child.delprojekt_id].append(child)
            grouped.append(children)
        return [self._build(row, *(children[row.id] for children in grouped)) for row in rows]

    async def keys(self) -> list[DelprojektKey]:
        rows = await self._connection.execute(
            select(delprojekt.c.key_prefix, delprojekt.c.key_year, delprojekt.c.key_number).order_by(
                delprojekt.c.key_year, delprojekt.c.key_number
            )
        )
        return [DelprojektKey(*row) for row in rows]
