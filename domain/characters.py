"""The character of a delprojekt: what kind of change it is. Several may apply (KEFU action 2)."""

from __future__ import annotations

from enum import StrEnum


class Character(StrEnum):
    STRUCTURAL_CHANGE = "strukturforandring"  # omfördelning av verksamhet mellan sjukhus
    NHV = "nhv"  # nationell högspecialiserad vård
    CANCER = "cancer"  # the regional cancer centre (RCC), nivåstrukturering
    KUNSKAPSSTYRNING = "kunskapsstyrning"  # NPO/RPO/RSG-linked
    COMPETENCE_SUPPLY = "kompetensforsorjning"
    DIGITAL = "digital"
    OTHER = "ovrigt"
