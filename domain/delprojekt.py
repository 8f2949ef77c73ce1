"""The delprojekt aggregate: identity, uppdrag, arbetsgrupp, decisions, implementation per region,
and its way through the stages with their gates."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from domain.arbetsgrupp import ORGANISATION_MAX, Member, Role
from domain.characters import Character
from domain.decisions import (
    COMMENT_MAX,
    DecisionKind,
    ImplementationStatus,
    ProjectDecision,
    RegionImplementation,
)
from domain.errors import GateNotPassed, InvalidTransition, NotFound, ValidationFailed
from domain.gates import Unmet, unmet_requirements
from domain.keys import DelprojektKey
from domain.stages import Stage, is_terminal, next_stage
from domain.uppdrag import Uppdrag

TITLE_MAX = 200
REASON_MAX = 2000


@dataclass(frozen=True)
class StageChange:
    from_stage: Stage | None
    to_stage: Stage
    by: str
    at: datetime
    reason: str = ""
    overridden: bool = False


@dataclass
class Delprojekt:
    key: DelprojektKey
    title: str
    created_by: str
    created_at: datetime
    regions: list[str] = field(default_factory=list)
    characters: set[Character] = field(default_factory=set)
    stage: Stage = Stage.INITIERING
    history: list[StageChange] = field(default_factory=list)
    uppdrag: Uppdrag = field(default_factory=Uppdrag)
    members: list[Member] = field(default_factory=list)
    decisions: list[ProjectDecision] = field(default_factory=list)
    implementation: dict[str, RegionImplementation] = field(default_factory=dict)
    created_by_id: str | None = None
    # The checklist template (name@version) it follows: kept when newer versions appear.
    checklist_template: str | None = None
    # Optimistic concurrency: storage refuses to save over a newer version.
    version: int = 0
    id: int | None = None

    @classmethod
    def initiate(
        cls,
        key: DelprojektKey,
        title: str,
        by: str,
        at: datetime,
        regions: list[str] | None = None,
        characters: set[Character] | None = None,
        uppdrag: Uppdrag | None = None,
        by_id: str | None = None,
    ) -> Delprojekt:
        title = title.strip()
        if not title:
            raise ValidationFailed({"title": "error.required"})
        if len(title) > TITLE_MAX:
            raise ValidationFailed({"title": "error.too_long"})
        project = cls(
            key=key,
            title=title,
            created_by=by,
            created_at=at,
            regions=list(regions or []),
            characters=set(characters or set()),
            uppdrag=uppdrag or Uppdrag(),
            created_by_id=by_id,
        )
        project.history.append(StageChange(None, Stage.INITIERING, by, at))
        return project

    # -- reading -------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return not is_terminal(self.stage)

    @property
    def stage_entered_at(self) -> datetime:
        return self.history[-1].at if self.history else self.created_at

    @property
    def ordforande(self) -> Member | None:
        return next((m for m in self.members if m.role is Role.ORDFORANDE), None)

    def decision(self, kind: DecisionKind) -> ProjectDecision | None:
        """The latest decision of that kind (a later one replaces an earlier one)."""
        matching = [d for d in self.decisions if d.kind is kind]
        return matching[-1] if matching else None

    def unmet_for_next_stage(self, extra: list[Unmet] | None = None) -> list[Unmet]:
        target = next_stage(self.stage)
        return [] if target is None else unmet_requirements(self, target, extra)

    # -- stages --------------------------------------------------------------------------------
    def advance(
        self, by: str, at: datetime, *, override_reason: str | None = None, extra: list[Unmet] | None = None
    ) -> Stage:
        """Move to the next stage if its gate passes; with `override_reason` even if it does not.

        Whether the caller may override is a permission question for the service layer."""
        target = next_stage(self.stage)
        if target is None:
            raise InvalidTransition(stage=self.stage.value)
        unmet = unmet_requirements(self, target, extra)
        overridden = False
        reason = ""
        if unmet:
            if override_reason is None:
                raise GateNotPassed(target.value, unmet)
            self._require_reason(override_reason)
            overridden, reason = True, override_reason
        self._move(target, by, at, reason, overridden)
        return target

    def stop(self, by: str, at: datetime, reason: str) -> None:
        """Avbryt: stop the delprojekt for a stated reason (seed 003: started or stopped as conditions change)."""
        if not self.is_open:
            raise InvalidTransition(stage=self.stage.value)
        self._require_reason(reason)
        self._move(Stage.AVBRUTEN, by, at, reason, False)

    def close(self, by: str, at: datetime, reason: str) -> None:
        """Avsluta: close the delprojekt for a stated reason, from any open stage."""
        if not self.is_open:
            raise InvalidTransition(stage=self.stage.value)
        self._require_reason(reason)
        self._move(Stage.AVSLUTAD, by, at, reason, False)

    @staticmethod
    def _require_reason(reason: str) -> None:
        if not reason.strip():
            raise ValidationFailed({"reason": "error.required"})
        if len(reason) > REASON_MAX:
            raise ValidationFailed({"reason": "error.too_long"})

    def _move(self, target: Stage, by: str, at: datetime, reason: str, overridden: bool) -> None:
        self.history.append(StageChange(self.stage, target, by, at, reason.strip(), overridden))
        self.stage = target

    # -- the arbetsgrupp -----------------------------------------------------------------------
    def add_member(self, member: Member) -> None:
        errors: dict[str, str] = {}
        if not member.name.strip():
            errors["name"] = "error.required"
        elif len(member.name) > 200:
            errors["name"] = "error.too_long"
        if len(member.organisation) > ORGANISATION_MAX:
            errors["organisation"] = "error.too_long"
        if member.region is not None and member.region not in self.regions:
            errors["region"] = "error.region_not_involved"
        if any(self._same_person(m, member) and m.role is member.role for m in self.members):
            errors["name"] = "error.already_member"
        if errors:
            raise ValidationFailed(errors)
        self.members.append(replace(member, name=member.name.strip(), organisation=member.organisation.strip()))

    @staticmethod
    def _same_person(a: Member, b: Member) -> bool:
        if a.aad_object_id and b.aad_object_id:
            return a.aad_object_id == b.aad_object_id
        return a.name.strip().casefold() == b.name.strip().casefold()

    def remove_member(self, member_id: str) -> Member:
        for index, member in enumerate(self.members):
            if member.id == member_id:
                return self.members.pop(index)
        raise NotFound(member_id=member_id)

    # -- decisions and implementation ----------------------------------------------------------
    def record_decision(self, decision: ProjectDecision) -> None:
        errors: dict[str, str] = {}
        if not decision.body.strip():
            errors["body"] = "error.required"
        if len(decision.note) > 2000:
            errors["note"] = "error.too_long"
        if decision.decided_on > decision.recorded_at.date():
            errors["decided_on"] = "error.date_in_future"
        if errors:
            raise ValidationFailed(errors)
        self.decisions.append(decision)

    def set_implementation(
        self, region: str, status: ImplementationStatus, on: date | None, comment: str, by: str, at: datetime
    ) -> RegionImplementation:
        if region not in self.regions:
            raise ValidationFailed({"region": "error.region_not_involved"})
        if len(comment) > COMMENT_MAX:
            raise ValidationFailed({"comment": "error.too_long"})
        entry = RegionImplementation(region, status, on, comment.strip(), by, at)
        self.implementation[region] = entry
        return entry
