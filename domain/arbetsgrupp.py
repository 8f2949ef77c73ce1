"""The arbetsgrupp: members with role and region, and the composition check (KEFU 6 and 9)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.characters import Character

NAME_MAX = 200
ORGANISATION_MAX = 200


class Role(StrEnum):
    ORDFORANDE = "ordforande"
    LEDAMOT = "ledamot"
    PATIENTREPRESENTANT = "patientrepresentant"
    NARSTAENDEREPRESENTANT = "narstaenderepresentant"
    ADJUNGERAD_EKONOMI = "adjungerad_ekonomi"
    ADJUNGERAD_HR = "adjungerad_hr"
    ADJUNGERAD_JURIDIK = "adjungerad_juridik"
    ADJUNGERAD_OVRIG = "adjungerad_ovrig"
    KOMMUNIKATOR = "kommunikator"
    KANSLISTOD = "kanslistod"
    CHEFSAMRAD = "chefsamrad"


COOPTED_FOR_STRUCTURAL_CHANGE = (Role.ADJUNGERAD_EKONOMI, Role.ADJUNGERAD_HR, Role.ADJUNGERAD_JURIDIK)


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: Role
    region: str | None
    organisation: str
    added_by: str
    added_at: datetime
    # Set when the member is a Teams user (picked from the channel); None for people outside Teams.
    aad_object_id: str | None = None

    @property
    def in_teams(self) -> bool:
        return self.aad_object_id is not None


@dataclass(frozen=True)
class CompositionGap:
    """Something the arbetsgrupp lacks. `code` names a text; `params` fill it."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def check_composition(members: list[Member], regions: list[str], characters: set[Character]) -> list[CompositionGap]:
    roles = {m.role for m in members}
    represented = {m.region for m in members if m.region}
    gaps = [CompositionGap("region_unrepresented", {"region": r}) for r in regions if r not in represented]
    if Role.ORDFORANDE not in roles:
        gaps.append(CompositionGap("no_ordforande"))
    if not roles & {Role.PATIENTREPRESENTANT, Role.NARSTAENDEREPRESENTANT}:
        gaps.append(CompositionGap("no_patient_representative"))
    if Character.STRUCTURAL_CHANGE in characters:
        missing = [r for r in COOPTED_FOR_STRUCTURAL_CHANGE if r not in roles]
        if missing:
            gaps.append(CompositionGap("structural_change_without_coopted", {"roles": [r.value for r in missing]}))
    if Role.KOMMUNIKATOR not in roles:
        gaps.append(CompositionGap("no_kommunikator"))
    return gaps
