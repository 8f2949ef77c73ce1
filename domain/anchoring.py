"""The anchoring log: where and with whom a delprojekt has been anchored in each region, and what
came of it. Seed 003: "förankring och beslut sker i varje region innan projektstart"; KEFU 3 asks
for anchoring with line management throughout, so entries can be added at any stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

WHO_MAX = 200
VIEWS_MAX = 2000
# Anchoring older than this is not "recent" when the proposals are drafted or go to the ledningsgrupp.
RECENT = timedelta(days=120)


class AnchoringForum(StrEnum):
    LINJEN = "linjen"  # the line organisation: verksamhetschefer, förvaltningschefer
    FORVALTNINGSLEDNING = "forvaltningsledning"
    CHEFSAMRAD = "chefsamrad"
    REFERENSGRUPP = "referensgrupp"
    FACK = "fack"  # the trade unions (samverkan)
    OVRIGT = "ovrigt"


class AnchoringOutcome(StrEnum):
    FORANKRAT = "forankrat"  # anchored, and decided where a decision was needed
    MED_SYNPUNKTER = "med_synpunkter"  # anchored, with views the arbetsgrupp must take into account
    EJ_FORANKRAT = "ej_forankrat"  # not anchored: the forum said no, or wants more before it agrees

    @property
    def anchors(self) -> bool:
        return self is not AnchoringOutcome.EJ_FORANKRAT


@dataclass(frozen=True)
class AnchoringEntry:
    region: str
    forum: AnchoringForum
    on: date
    who: str  # with whom: a name, a group, a meeting
    views: str  # synpunkter
    outcome: AnchoringOutcome
    recorded_by: str
    recorded_at: datetime


def anchored_regions(entries: list[AnchoringEntry]) -> set[str]:
    """Regions where the latest entry of the log anchors the delprojekt (a later 'ej förankrat'
    withdraws an earlier anchoring)."""
    latest: dict[str, AnchoringEntry] = {}
    for entry in sorted(entries, key=lambda e: (e.on, e.recorded_at)):
        latest[entry.region] = entry
    return {region for region, entry in latest.items() if entry.outcome.anchors}


def regions_without_recent_anchoring(entries: list[AnchoringEntry], regions: list[str], today: date) -> list[str]:
    recent = {e.region for e in entries if e.outcome.anchors and today - e.on <= RECENT}
    return [region for region in regions if region not in recent]
