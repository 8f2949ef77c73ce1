"""The stages a delprojekt moves through (docs/domain.md "The process"; seeds 000, 002, 003 listed there)."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    INITIERING = "initiering"
    BESLUT_OM_START = "beslut_om_start"
    ARBETSGRUPP_TILLSATT = "arbetsgrupp_tillsatt"
    NULAGESANALYS = "nulagesanalys"
    ANALYS = "analys"
    FORSLAG = "forslag"
    SLUTRAPPORT = "slutrapport"
    GODKAND_AV_LEDNINGSGRUPP = "godkand_av_ledningsgrupp"
    BESLUT_I_NAMND = "beslut_i_namnd"
    IMPLEMENTERING = "implementering"
    UPPFOLJNING = "uppfoljning"
    AVSLUTAD = "avslutad"
    AVBRUTEN = "avbruten"


# The main path, in order. AVBRUTEN is reachable from any open stage but is not on the path.
STAGE_PATH: tuple[Stage, ...] = (
    Stage.INITIERING,
    Stage.BESLUT_OM_START,
    Stage.ARBETSGRUPP_TILLSATT,
    Stage.NULAGESANALYS,
    Stage.ANALYS,
    Stage.FORSLAG,
    Stage.SLUTRAPPORT,
    Stage.GODKAND_AV_LEDNINGSGRUPP,
    Stage.BESLUT_I_NAMND,
    Stage.IMPLEMENTERING,
    Stage.UPPFOLJNING,
    Stage.AVSLUTAD,
)

TERMINAL_STAGES: frozenset[Stage] = frozenset({Stage.AVSLUTAD, Stage.AVBRUTEN})


def is_terminal(stage: Stage) -> bool:
    return stage in TERMINAL_STAGES


def next_stage(stage: Stage) -> Stage | None:
    """The stage after `stage` on the main path, or None at the end or when stopped."""
    if stage is Stage.AVBRUTEN:
        return None
    index = STAGE_PATH.index(stage)
    return STAGE_PATH[index + 1] if index + 1 < len(STAGE_PATH) else None


def stage_number(stage: Stage) -> int | None:
    """1-based position on the main path as docs/domain.md numbers it; None for AVBRUTEN."""
    return STAGE_PATH.index(stage) + 1 if stage in STAGE_PATH else None
