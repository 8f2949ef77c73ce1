"""The delprojekt aggregate and its rows: the row of the delprojekt table a delprojekt writes, and
the aggregate built from its row and its children's rows (arbetsgrupp, stage history, decisions,
regional decisions, anchoring log, implementation). No queries: the repository runs them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.arbetsgrupp import Member, Role
from domain.characters import Character
from domain.decisions import (
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
    RegionImplementation,
)
from domain.delprojekt import Delprojekt, StageChange
from domain.keys import DelprojektKey
from domain.stages import Stage
from domain.uppdrag import Uppdrag


def uppdrag_to_json(uppdrag: Uppdrag) -> dict[str, Any]:
    data = asdict(uppdrag)
    for name in ("desired_start", "desired_end"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def uppdrag_from_json(data: dict[str, Any]) -> Uppdrag:
    values = dict(data)
    for name in ("desired_start", "desired_end"):
        values[name] = date.fromisoformat(values[name]) if values.get(name) else None
    return Uppdrag(**{k: v for k, v in values.items() if k in Uppdrag.__dataclass_fields__})


def row_values(project: Delprojekt) -> dict[str, Any]:
    return {
        "title": project.title,
        "stage": project.stage.value,
        "regions": list(project.regions),
        "characters": sorted(c.value for c in project.characters),
        "uppdrag": uppdrag_to_json(project.uppdrag),
        "created_by_id": project.created_by_id,
        "checklist_template": project.checklist_template,
        "uppdrag_version": project.uppdrag_version,
        "uppdrag_revised_by": project.uppdrag_revised_by,
        "uppdrag_revised_at": project.uppdrag_revised_at,
        "uppdrag_frozen": project.uppdrag_frozen,
        "updated_at": datetime.now(UTC),
    }


def build(row, history, decisions, members, implementation, regional, anchoring) -> Delprojekt:
    pid = row.id
    return Delprojekt(
        id=pid,
        key=DelprojektKey(row.key_prefix, row.key_year, row.key_number),
        title=row.title,
        created_by=row.created_by,
        created_by_id=row.created_by_id,
        checklist_template=row.checklist_template,
        created_at=row.created_at,
        regions=list(row.regions),
        characters={Character(c) for c in row.characters},
        stage=Stage(row.stage),
        version=row.version,
        uppdrag=uppdrag_from_json(row.uppdrag or {}),
        uppdrag_version=row.uppdrag_version,
        uppdrag_revised_by=row.uppdrag_revised_by,
        uppdrag_revised_at=row.uppdrag_revised_at,
        uppdrag_frozen=row.uppdrag_frozen,
        history=[
            StageChange(
                from_stage=Stage(h.from_stage) if h.from_stage else None,
                to_stage=Stage(h.to_stage),
                by=h.by,
                at=h.at,
                reason=h.reason,
                overridden=h.overridden,
                decision=DecisionKind(h.decision_kind) if h.decision_kind else None,
                diarienummer=h.diarienummer or "",
            )
            for h in history
        ],
        decisions=[
            ProjectDecision(
                kind=DecisionKind(d.kind),
                decided_on=d.decided_on,
                body=d.body,
                diarienummer=d.diarienummer,
                note=d.note,
                recorded_by=d.recorded_by,
                recorded_at=d.recorded_at,
                outcome=DecisionOutcome(d.outcome),
                return_to=Stage(d.return_to) if d.return_to else None,
            )
            for d in decisions
        ],
        regional_decisions=[
            RegionalDecision(
                region=d.region,
                body=d.body,
                decided_on=d.decided_on,
                diarienummer=d.diarienummer,
                outcome=RegionalOutcome(d.outcome),
                note=d.note,
                recorded_by=d.recorded_by,
                recorded_at=d.recorded_at,
            )
            for d in regional
        ],
        anchoring=[
            AnchoringEntry(
                region=a.region,
                forum=AnchoringForum(a.forum),
                on=a.on,
                who=a.who,
                views=a.views,
                outcome=AnchoringOutcome(a.outcome),
                recorded_by=a.recorded_by,
                recorded_at=a.recorded_at,
            )
            for a in anchoring
        ],
        members=[
            Member(
                id=m.id,
                name=m.name,
                role=Role(m.role),
                region=m.region,
                organisation=m.organisation,
                aad_object_id=m.aad_object_id,
                added_by=m.added_by,
                added_at=m.added_at,
            )
            for m in members
        ],
        implementation={
            i.region: RegionImplementation(
                region=i.region, status=ImplementationStatus(i.status), on=i.on, comment=i.comment, by=i.by, at=i.at
            )
            for i in implementation
        },
    )
