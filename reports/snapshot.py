"""The read side a report is built from: everything about a delprojekt at one moment, loaded in
one transaction. The builders are pure functions of these, so a report can be rebuilt, compared
and tested without a database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from domain.checklists.model import Answer, Template
from domain.delprojekt import Delprojekt
from domain.minutes import Meeting
from domain.strategic_questions import StrategicQuestion
from domain.uppdrag import UppdragVersion


@dataclass(frozen=True)
class DelprojektSnapshot:
    project: Delprojekt
    meetings: tuple[Meeting, ...]
    answers: Mapping[str, list[Answer]]
    template: Template
    today: date
    # The register's questions of this delprojekt (forum, status, answer), in register order.
    strategic_questions: tuple[StrategicQuestion, ...] = ()
    # The uppdrag as it was when the ledningsgrupp decided to start: what the reports cite as decided.
    frozen_uppdrag: UppdragVersion | None = None


@dataclass(frozen=True)
class PortfolioRow:
    project: Delprojekt
    meetings: int
    last_meeting: datetime | None
    open_actions: int
    overdue_actions: int


@dataclass(frozen=True)
class PortfolioSnapshot:
    rows: tuple[PortfolioRow, ...]
    today: date
