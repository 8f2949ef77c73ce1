"""The portfolio as the `översikt` shows it: counts over every delprojekt, and the first ones in
key order with their details. Read-side only; storage can count in the database (issue 18)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.delprojekt import Delprojekt
from domain.stages import Stage


def reached(project: Delprojekt, stage: Stage) -> bool:
    return any(change.to_stage is stage for change in project.history)


@dataclass(frozen=True)
class Portfolio:
    initiated: int
    started: int  # ever reached Beslut om start
    reported: int  # ever reached Godkänd av ledningsgrupp (final-reported)
    following_up: int
    stopped: int
    first: list[Delprojekt]  # the first delprojekt in key order, at most the number asked for

    @property
    def counts(self) -> dict[str, int]:
        return {
            "initiated": self.initiated,
            "started": self.started,
            "reported": self.reported,
            "following_up": self.following_up,
            "stopped": self.stopped,
        }

    @classmethod
    def of(cls, projects: list[Delprojekt], limit: int) -> Portfolio:
        """From delprojekt already loaded (what the counting query gives, for tests and callers
        that have them)."""
        return cls(
            initiated=len(projects),
            started=sum(reached(p, Stage.BESLUT_OM_START) for p in projects),
            reported=sum(reached(p, Stage.GODKAND_AV_LEDNINGSGRUPP) for p in projects),
            following_up=sum(p.stage is Stage.UPPFOLJNING for p in projects),
            stopped=sum(p.stage is Stage.AVBRUTEN for p in projects),
            first=projects[:limit],
        )
