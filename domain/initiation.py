"""Validation of an initiation (the first form of a delprojekt): what the card collects, checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.characters import Character
from domain.delprojekt import TITLE_MAX
from domain.uppdrag import LONG_TEXT_MAX, SHORT_TEXT_MAX, Uppdrag


@dataclass(frozen=True)
class InitiationRequest:
    title: str
    bakgrund: str
    syfte_mal: str
    avgransning: str
    patientnytta: str
    kunskapsstyrning: str
    regions: list[str]
    characters: set[Character]
    anchored_regions: set[str] = field(default_factory=set)
    desired_start: date | None = None
    desired_end: date | None = None

    def uppdrag(self) -> Uppdrag:
        return Uppdrag(
            bakgrund=self.bakgrund.strip(),
            syfte_mal=self.syfte_mal.strip(),
            avgransning=self.avgransning.strip(),
            patientnytta=self.patientnytta.strip(),
            kunskapsstyrning=self.kunskapsstyrning.strip(),
            desired_start=self.desired_start,
            desired_end=self.desired_end,
        )

    def anchoring(self, by: str, at: datetime) -> list[AnchoringEntry]:
        """The regions ticked as anchored on the form: the first entries of the anchoring log, in
        the line organisation, on the day of registration, as the person registering states it."""
        return [
            AnchoringEntry(region, AnchoringForum.LINJEN, at.date(), by, "", AnchoringOutcome.FORANKRAT, by, at)
            for region in self.regions
            if region in self.anchored_regions
        ]


REQUIRED = ("title", "bakgrund", "syfte_mal", "patientnytta")
LIMITS = {
    "title": TITLE_MAX,
    "bakgrund": LONG_TEXT_MAX,
    "syfte_mal": LONG_TEXT_MAX,
    "avgransning": LONG_TEXT_MAX,
    "patientnytta": LONG_TEXT_MAX,
    "kunskapsstyrning": SHORT_TEXT_MAX,
}


def validate_initiation(request: InitiationRequest, configured_regions: list[str], today: date) -> dict[str, str]:
    """Field -> message key for every problem; empty when the request can be registered."""
    errors: dict[str, str] = {}
    for name in REQUIRED:
        if not getattr(request, name).strip():
            errors[name] = "error.required"
    for name, limit in LIMITS.items():
        if len(getattr(request, name)) > limit:
            errors[name] = "error.too_long"
    if not request.regions:
        errors["regions"] = "error.required"
    elif any(region not in configured_regions for region in request.regions):
        errors["regions"] = "error.unknown_region"
    if not request.characters:
        errors["characters"] = "error.required"
    if request.desired_end is not None:
        if request.desired_end < today:
            errors["desired_end"] = "error.date_in_past"
        elif request.desired_start is not None and request.desired_end < request.desired_start:
            errors["desired_end"] = "error.end_before_start"
    return errors
