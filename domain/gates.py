"""The gates between stages, as data: what must be true before a delprojekt may enter a stage.

A stage missing here has no requirement of its own beyond those later issues add (checklist items
are passed in as `extra`). The kansli may pass a failing gate with a written reason, except a gate
that a ledningsgrupp or nämnd decision opens: only the decision (with bifall) opens it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from domain.anchoring import anchored_regions
from domain.arbetsgrupp import check_composition
from domain.decisions import DecisionKind, ImplementationStatus
from domain.stages import Stage

if TYPE_CHECKING:
    from domain.delprojekt import Delprojekt


@dataclass(frozen=True)
class Unmet:
    """One requirement not yet met; `code` names the text, `params` fill it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    overridable: bool = True


def _uppdrag_complete(p: Delprojekt) -> list[Unmet]:
    return [Unmet("uppdrag_field_missing", {"field": name}) for name in p.uppdrag.missing_texts()]


def _regions_chosen(p: Delprojekt) -> list[Unmet]:
    return [] if p.regions else [Unmet("no_regions")]


def _anchored(p: Delprojekt) -> list[Unmet]:
    anchored = anchored_regions(p.anchoring)
    return [Unmet("not_anchored", {"region": r}) for r in p.regions if r not in anchored]


def _decision(kind: DecisionKind) -> Callable[[Delprojekt], list[Unmet]]:
    def check(p: Delprojekt) -> list[Unmet]:
        return [] if p.approved(kind) else [Unmet("decision_missing", {"kind": kind.value}, overridable=False)]

    return check


def _regions_decided(p: Delprojekt) -> list[Unmet]:
    return [Unmet("region_not_decided", {"region": r}) for r in p.regions if p.regional_decision(r) is None]


def _composition(p: Delprojekt) -> list[Unmet]:
    return [
        Unmet(f"composition.{gap.code}", gap.params) for gap in check_composition(p.members, p.regions, p.characters)
    ]


def _implementation_reported(p: Delprojekt) -> list[Unmet]:
    return [
        Unmet("implementation_not_reported", {"region": r})
        for r in p.regions
        # "beslutad" follows from the region's decision by itself: follow-up needs what came after it
        if p.implementation.get(r) is None
        or p.implementation[r].status in (ImplementationStatus.NOT_STARTED, ImplementationStatus.DECIDED)
    ]


REQUIREMENTS: dict[str, Callable[[Delprojekt], list[Unmet]]] = {
    "uppdrag_complete": _uppdrag_complete,
    "regions_chosen": _regions_chosen,
    "anchored_in_every_region": _anchored,
    "ledningsgrupp_decided_start": _decision(DecisionKind.LEDNINGSGRUPP_START),
    "composition_complete": _composition,
    "ledningsgrupp_approved_report": _decision(DecisionKind.LEDNINGSGRUPP_APPROVAL),
    "namnd_decided": _decision(DecisionKind.NAMND),
    "every_region_decided": _regions_decided,
    "implementation_reported_per_region": _implementation_reported,
}

# What must hold to ENTER each stage (docs/domain.md "The process"; seed 003 for anchoring before start).
GATES: dict[Stage, tuple[str, ...]] = {
    Stage.BESLUT_OM_START: ("uppdrag_complete", "regions_chosen", "anchored_in_every_region"),
    Stage.ARBETSGRUPP_TILLSATT: ("ledningsgrupp_decided_start",),
    Stage.NULAGESANALYS: ("composition_complete",),
    Stage.GODKAND_AV_LEDNINGSGRUPP: ("ledningsgrupp_approved_report",),
    Stage.BESLUT_I_NAMND: ("namnd_decided",),
    Stage.IMPLEMENTERING: ("every_region_decided",),
    Stage.UPPFOLJNING: ("implementation_reported_per_region",),
}


def unmet_requirements(project: Delprojekt, target: Stage, extra: list[Unmet] | None = None) -> list[Unmet]:
    unmet: list[Unmet] = []
    for name in GATES.get(target, ()):
        unmet.extend(REQUIREMENTS[name](project))
    return unmet + list(extra or [])
