"""The portfolio counts, defined once, as seed 000 counts them ("31 delprojekt startats och 26 av
dessa är slutrapporterade och föremål för uppföljning"). The översikt card, the översikt report and
any later view read this function, so their figures cannot disagree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.decisions import DecisionKind, DecisionOutcome
from domain.delprojekt import Delprojekt
from domain.stages import Stage


@dataclass(frozen=True)
class PortfolioCounts:
    initierade: int  # every delprojekt registered
    startade: int  # the ledningsgrupp decided to start it (bifall), whatever happened after
    slutrapporterade: int  # the nämnd has decided on the slutrapport (bifall or avslag)
    i_uppfoljning: int  # now being implemented or followed up in the regions
    avslutade: int
    avbrutna: int


def started(project: Delprojekt) -> bool:
    return any(d.kind is DecisionKind.LEDNINGSGRUPP_START and d.outcome is DecisionOutcome.BIFALL
               for d in project.decisions)  # fmt: skip


def final_reported(project: Delprojekt) -> bool:
    """The nämnd has decided on the slutrapport (a återremiss sends it back: not reported yet)."""
    latest = project.decision(DecisionKind.NAMND)
    return latest is not None and latest.outcome is not DecisionOutcome.ATERREMISS


def counts(projects: Iterable[Delprojekt]) -> PortfolioCounts:
    projects = list(projects)
    return PortfolioCounts(
        initierade=len(projects),
        startade=sum(started(p) for p in projects),
        slutrapporterade=sum(final_reported(p) for p in projects),
        i_uppfoljning=sum(p.stage in (Stage.IMPLEMENTERING, Stage.UPPFOLJNING) for p in projects),
        avslutade=sum(p.stage is Stage.AVSLUTAD for p in projects),
        avbrutna=sum(p.stage is Stage.AVBRUTEN for p in projects),
    )


def phase(project: Delprojekt) -> str:
    """The översikt's grouping, on the same definitions: before the start decision, at work, the
    slutrapport on its way to the nämnd, after the nämnd, ended."""
    if project.stage in (Stage.AVSLUTAD, Stage.AVBRUTEN):
        return "ended"
    if final_reported(project):
        return "follow_up"
    if project.stage in (Stage.SLUTRAPPORT, Stage.GODKAND_AV_LEDNINGSGRUPP):
        return "reporting"
    if started(project):
        return "working"
    return "initiated"


@dataclass(frozen=True)
class Portfolio:
    """The portfolio as the `översikt` shows it: the counts over every delprojekt, and the first
    ones in key order with their details. Storage counts in the database (issue 18)."""

    counts: PortfolioCounts
    first: list[Delprojekt]  # the first delprojekt in key order, at most the number asked for

    @property
    def initiated(self) -> int:
        return self.counts.initierade

    @classmethod
    def of(cls, projects: list[Delprojekt], limit: int) -> Portfolio:
        """From delprojekt already loaded (tests, and callers that have them)."""
        return cls(counts(projects), projects[:limit])
