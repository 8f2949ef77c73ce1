"""Who may do what: the kansli everything; the ordförande and members (and whoever initiated the
delprojekt) may change it, but only propose to end it; everyone else in the channel may read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.delprojekt import Delprojekt


@dataclass(frozen=True)
class Actor:
    name: str
    aad_object_id: str | None
    is_kansli: bool = False

    @property
    def label(self) -> str:
        return self.name or (self.aad_object_id or "okänd")


def can_change(actor: Actor, project: Delprojekt) -> bool:
    if actor.is_kansli:
        return True
    if actor.aad_object_id is None:
        return False
    if actor.aad_object_id == project.created_by_id:
        return True
    return any(m.aad_object_id == actor.aad_object_id for m in project.members)


def can_record_decisions(actor: Actor) -> bool:
    """Decisions of the ledningsgrupp and the nämnd are recorded by the kansli (the secretariat)."""
    return actor.is_kansli


def can_override_gate(actor: Actor) -> bool:
    return actor.is_kansli


def can_end(actor: Actor) -> bool:
    """Stopping or closing a delprojekt is the kansli's, on the ledningsgrupp's behalf (seed 003:
    initiated or ended on grounds the ledningsgrupp, a chefsamråd or others identify)."""
    return actor.is_kansli


# The documents the ledningsgrupp decides on (the start decision on the uppdrag, the approval of the
# slutrapport): its members may have them of every delprojekt. ReportKind values; the domain does
# not import the reports package.
LEDNINGSGRUPP_REPORTS = frozenset({"slutrapport", "uppdrag"})


def in_ledningsgrupp(actor: Actor, ledningsgrupp_aad_ids: frozenset[str]) -> bool:
    return actor.aad_object_id is not None and actor.aad_object_id in ledningsgrupp_aad_ids


def may_get_report(
    actor: Actor, project: Delprojekt, kind: str | None = None, ledningsgrupp_aad_ids: frozenset[str] = frozenset()
) -> bool:
    """Reports on a delprojekt: its members (and initiator) and the kansli; the slutrapport and the
    uppdrag also the configured ledningsgrupp."""
    if can_change(actor, project):
        return True
    return kind in LEDNINGSGRUPP_REPORTS and in_ledningsgrupp(actor, ledningsgrupp_aad_ids)


def may_get_portfolio(actor: Actor, ledningsgrupp_aad_ids: frozenset[str]) -> bool:
    """The översikt of every delprojekt: the kansli and the configured ledningsgrupp."""
    return actor.is_kansli or in_ledningsgrupp(actor, ledningsgrupp_aad_ids)
