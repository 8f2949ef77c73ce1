"""The uppdrag and initiation answers of a delprojekt: documentation "före" (KEFU 8). Anchoring in
the regions is not part of it: it has a log of its own (domain/anchoring.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

LONG_TEXT_MAX = 4000
SHORT_TEXT_MAX = 500


# The texts of the uppdrag, in the order the card and the reports show them. Those the gate into
# Beslut om start requires come first; the rest (mål, tidplan, leveranser, resurser) the arbetsgrupp
# and the kansli complete as the uppdrag is worked out, and status names what is still missing.
TEXT_FIELDS = (
    "bakgrund", "syfte_mal", "patientnytta", "mal", "avgransning", "tidplan", "leveranser", "resurser",
    "kunskapsstyrning",
)  # fmt: skip
REQUIRED_FIELDS = ("bakgrund", "syfte_mal", "patientnytta")
LIMITS = {name: SHORT_TEXT_MAX if name == "kunskapsstyrning" else LONG_TEXT_MAX for name in TEXT_FIELDS}


@dataclass(frozen=True)
class Uppdrag:
    bakgrund: str = ""
    syfte_mal: str = ""
    avgransning: str = ""
    patientnytta: str = ""
    kunskapsstyrning: str = ""  # NPO / RPO / RSG names (KEFU 4)
    desired_start: date | None = None
    desired_end: date | None = None
    mal: str = ""  # measurable goals
    tidplan: str = ""
    leveranser: str = ""
    # resources and financing of the participation (seed 004: "Respektive region finansierar sina deltagare")
    resurser: str = ""

    def missing_texts(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if not getattr(self, name).strip()]

    def incomplete(self) -> list[str]:
        """The parts not yet written, required or not."""
        return [name for name in TEXT_FIELDS if not getattr(self, name).strip()]

    def changed_fields(self, other: Uppdrag) -> list[str]:
        names = (*TEXT_FIELDS, "desired_start", "desired_end")
        return [name for name in names if getattr(self, name) != getattr(other, name)]


def validate_uppdrag(uppdrag: Uppdrag) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = getattr(uppdrag, name)
        if name in REQUIRED_FIELDS and not value.strip():
            errors[name] = "error.required"
        elif len(value) > LIMITS[name]:
            errors[name] = "error.too_long"
    if uppdrag.desired_start and uppdrag.desired_end and uppdrag.desired_end < uppdrag.desired_start:
        errors["desired_end"] = "error.end_before_start"
    return errors


@dataclass(frozen=True)
class UppdragVersion:
    """One version of the uppdrag as it was saved; the one in force when the ledningsgrupp decided
    to start is the one reports cite as decided."""

    number: int
    uppdrag: Uppdrag
    by: str
    at: datetime
