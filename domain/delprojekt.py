"""The delprojekt aggregate: identity, uppdrag, arbetsgrupp, anchoring log, decisions (the
ledningsgrupp's, the nämnd's and each region's), implementation per region, and its way through
the stages with their gates."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from domain.anchoring import VIEWS_MAX, WHO_MAX, AnchoringEntry
from domain.arbetsgrupp import NAME_MAX, ORGANISATION_MAX, Member, Role
from domain.characters import Character
from domain.decisions import (
    BODY_MAX,
    COMMENT_MAX,
    DECISION_STAGE,
    DIARIENUMMER_MAX,
    NOTE_MAX,
    DecisionKind,
    DecisionOutcome,
    ImplementationStatus,
    ProjectDecision,
    RegionalDecision,
    RegionalOutcome,
    RegionImplementation,
)
from domain.errors import GateNotPassed, InvalidTransition, NotFound, ValidationFailed
from domain.gates import Unmet, unmet_requirements
from domain.keys import DelprojektKey
from domain.stages import STAGE_PATH, Stage, is_terminal, next_stage
from domain.uppdrag import Uppdrag, validate_uppdrag

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
    # A move made by a decision (återremiss back, avslag to avbruten): which, and its diarienummer.
    decision: DecisionKind | None = None
    diarienummer: str = ""


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
    regional_decisions: list[RegionalDecision] = field(default_factory=list)
    anchoring: list[AnchoringEntry] = field(default_factory=list)
    implementation: dict[str, RegionImplementation] = field(default_factory=dict)
    created_by_id: str | None = None
    # The uppdrag's version (every saved change is a new one, all kept), who saved it and when, and
    # the version the ledningsgrupp's start decision (bifall) was taken on.
    uppdrag_version: int = 1
    uppdrag_revised_by: str = ""
    uppdrag_revised_at: datetime | None = None
    uppdrag_frozen: int | None = None
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
            uppdrag_revised_by=by,
            uppdrag_revised_at=at,
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

    def approved(self, kind: DecisionKind) -> bool:
        """Whether the latest decision of that kind is bifall: what opens the gate it guards."""
        latest = self.decision(kind)
        return latest is not None and latest.approves

    def regional_decision(self, region: str) -> RegionalDecision | None:
        matching = [d for d in self.regional_decisions if d.region == region]
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
            # A gate that a decision opens is opened by the decision, never by an override.
            if override_reason is None or any(not u.overridable for u in unmet):
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

    def _move(
        self,
        target: Stage,
        by: str,
        at: datetime,
        reason: str,
        overridden: bool,
        decision: ProjectDecision | None = None,
    ) -> None:
        self.history.append(
            StageChange(
                self.stage, target, by, at, reason.strip(), overridden,
                decision.kind if decision else None, decision.diarienummer if decision else "",
            )
        )  # fmt: skip
        self.stage = target

    # -- the uppdrag ---------------------------------------------------------------------------
    def revise_uppdrag(self, uppdrag: Uppdrag, by: str, at: datetime) -> list[str]:
        """Save a new version of the uppdrag; the names of the parts that changed (none: no new
        version). The version the start decision was taken on stays as it was."""
        if not self.is_open:
            raise InvalidTransition(stage=self.stage.value)
        errors = validate_uppdrag(uppdrag)
        if errors:
            raise ValidationFailed(errors)
        changed = self.uppdrag.changed_fields(uppdrag)
        if changed:
            self.uppdrag = uppdrag
            self.uppdrag_version += 1
            self.uppdrag_revised_by, self.uppdrag_revised_at = by, at
        return changed

    # -- the arbetsgrupp -----------------------------------------------------------------------
    def add_member(self, member: Member) -> None:
        errors: dict[str, str] = {}
        if not member.name.strip():
            errors["name"] = "error.required"
        elif len(member.name) > NAME_MAX:
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
        """Record a ledningsgrupp or nämnd decision, in the stage that waits for it. Bifall opens the
        gate to the next stage; återremiss moves the delprojekt back to an earlier stage with what to
        rework; avslag stops it, citing the decision."""
        errors = _decision_errors(decision.body, decision.diarienummer, decision.note, decision.decided_on,
                                  decision.recorded_at)  # fmt: skip
        if DECISION_STAGE[decision.kind] is not self.stage:
            errors["kind"] = "error.decision_wrong_stage"
        if decision.outcome is DecisionOutcome.ATERREMISS:
            if decision.return_to is None:
                errors["return_to"] = "error.required"
            elif decision.return_to not in STAGE_PATH or not _earlier(decision.return_to, self.stage):
                errors["return_to"] = "error.return_not_earlier"
            if not decision.note.strip():
                errors["note"] = "error.rework_required"
        if errors:
            raise ValidationFailed(errors)
        self.decisions.append(decision)
        if decision.kind is DecisionKind.LEDNINGSGRUPP_START and decision.approves:
            self.uppdrag_frozen = self.uppdrag_version  # what the ledningsgrupp decided on
        if decision.outcome is DecisionOutcome.ATERREMISS and decision.return_to is not None:
            self._move(decision.return_to, decision.recorded_by, decision.recorded_at, decision.note, False, decision)
        elif decision.outcome is DecisionOutcome.AVSLAG:
            reason = decision.note.strip() or decision.body
            self._move(Stage.AVBRUTEN, decision.recorded_by, decision.recorded_at, reason, False, decision)

    def record_regional_decision(self, decision: RegionalDecision) -> None:
        """A region's own decision; its implementation status follows from it (bifall or delvis:
        beslutad, unless work has already begun; avslag: ej aktuell)."""
        errors = _decision_errors(decision.body, decision.diarienummer, decision.note, decision.decided_on,
                                  decision.recorded_at)  # fmt: skip
        if decision.region not in self.regions:
            errors["region"] = "error.region_not_involved"
        if self.stage not in REGIONAL_DECISION_STAGES:
            errors["region"] = "error.regional_decision_too_early"
        if errors:
            raise ValidationFailed(errors)
        self.regional_decisions.append(decision)
        current = self.implementation.get(decision.region)
        if decision.outcome is RegionalOutcome.AVSLAG:
            status = ImplementationStatus.NOT_APPLICABLE
        elif current is None or current.status in (
            ImplementationStatus.NOT_STARTED,
            ImplementationStatus.NOT_APPLICABLE,
        ):
            status = ImplementationStatus.DECIDED
        else:
            return  # the region is already implementing: its decision does not set it back
        self.implementation[decision.region] = RegionImplementation(
            decision.region,
            status,
            decision.decided_on,
            decision.note.strip(),
            decision.recorded_by,
            decision.recorded_at,
        )

    def add_anchoring(self, entry: AnchoringEntry) -> None:
        errors: dict[str, str] = {}
        if entry.region not in self.regions:
            errors["region"] = "error.region_not_involved"
        if not entry.who.strip():
            errors["who"] = "error.required"
        elif len(entry.who) > WHO_MAX:
            errors["who"] = "error.too_long"
        if len(entry.views) > VIEWS_MAX:
            errors["views"] = "error.too_long"
        if entry.on > entry.recorded_at.date():
            errors["on"] = "error.date_in_future"
        if errors:
            raise ValidationFailed(errors)
        self.anchoring.append(replace(entry, who=entry.who.strip(), views=entry.views.strip()))

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


# A region decides on the nämnd's recommendation: after the nämnd, while implementing, at follow-up.
REGIONAL_DECISION_STAGES = frozenset({Stage.BESLUT_I_NAMND, Stage.IMPLEMENTERING, Stage.UPPFOLJNING})


def _earlier(stage: Stage, than: Stage) -> bool:
    return STAGE_PATH.index(stage) < STAGE_PATH.index(than)


def _decision_errors(
    body: str, diarienummer: str, note: str, decided_on: date, recorded_at: datetime
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not body.strip():
        errors["body"] = "error.required"
    elif len(body) > BODY_MAX:
        errors["body"] = "error.too_long"
    if len(diarienummer) > DIARIENUMMER_MAX:
        errors["diarienummer"] = "error.too_long"
    if len(note) > NOTE_MAX:
        errors["note"] = "error.too_long"
    if decided_on > recorded_at.date():
        errors["decided_on"] = "error.decision_date_in_future"
    return errors
