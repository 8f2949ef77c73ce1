"""Decisions on a delprojekt: the ledningsgrupp's and the nämnd's, each with an outcome and bound to
the stage where it is taken; each region's own decision; and each region's implementation status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.stages import Stage

BODY_MAX = 200
DIARIENUMMER_MAX = 60
NOTE_MAX = 2000
COMMENT_MAX = 2000


class DecisionKind(StrEnum):
    LEDNINGSGRUPP_START = "ledningsgrupp_start"
    LEDNINGSGRUPP_APPROVAL = "ledningsgrupp_godkannande"
    NAMND = "namnd"


class DecisionOutcome(StrEnum):
    BIFALL = "bifall"  # approved: the gate the decision guards opens
    ATERREMISS = "aterremiss"  # sent back to an earlier stage, with what to rework
    AVSLAG = "avslag"  # rejected: the delprojekt is stopped, the decision cited


# The stage a delprojekt is in while it waits for each decision: the decision can be recorded only
# there, and it opens the gate to the next stage.
DECISION_STAGE: dict[DecisionKind, Stage] = {
    DecisionKind.LEDNINGSGRUPP_START: Stage.BESLUT_OM_START,
    DecisionKind.LEDNINGSGRUPP_APPROVAL: Stage.SLUTRAPPORT,
    DecisionKind.NAMND: Stage.GODKAND_AV_LEDNINGSGRUPP,
}


def kind_for_stage(stage: Stage) -> DecisionKind | None:
    """The decision a delprojekt in `stage` waits for, if any."""
    return next((kind for kind, waiting in DECISION_STAGE.items() if waiting is stage), None)


@dataclass(frozen=True)
class ProjectDecision:
    kind: DecisionKind
    decided_on: date
    body: str
    diarienummer: str
    note: str
    recorded_by: str
    recorded_at: datetime
    outcome: DecisionOutcome = DecisionOutcome.BIFALL
    # Återremiss: the stage the delprojekt goes back to (what to rework is the note).
    return_to: Stage | None = None

    @property
    def approves(self) -> bool:
        return self.outcome is DecisionOutcome.BIFALL


class RegionalOutcome(StrEnum):
    BIFALL = "bifall"  # the region will implement
    DELVIS = "delvis"  # the region implements part of the proposals
    AVSLAG = "avslag"  # the region will not implement


@dataclass(frozen=True)
class RegionalDecision:
    """A region's own decision on the nämnd's recommendation (seed 003: "för vidare beslut och
    verkställande inom respektive region"), by the body that decides there."""

    region: str
    body: str  # e.g. regionstyrelsen, hälso- och sjukvårdsnämnden, förvaltningsledningen
    decided_on: date
    diarienummer: str
    outcome: RegionalOutcome
    note: str
    recorded_by: str
    recorded_at: datetime


class ImplementationStatus(StrEnum):
    NOT_STARTED = "ej_paborjad"
    DECIDED = "beslutad"
    IN_PROGRESS = "pagar"
    DONE = "klar"
    NOT_APPLICABLE = "ej_aktuell"


@dataclass(frozen=True)
class RegionImplementation:
    region: str
    status: ImplementationStatus
    on: date | None
    comment: str
    by: str
    at: datetime
