"""Decisions on a delprojekt (ledningsgrupp, nämnd) and each region's implementation status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

BODY_MAX = 200
DIARIENUMMER_MAX = 60
NOTE_MAX = 2000
COMMENT_MAX = 2000


class DecisionKind(StrEnum):
    LEDNINGSGRUPP_START = "ledningsgrupp_start"
    LEDNINGSGRUPP_APPROVAL = "ledningsgrupp_godkannande"
    NAMND = "namnd"


@dataclass(frozen=True)
class ProjectDecision:
    kind: DecisionKind
    decided_on: date
    body: str
    diarienummer: str
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
