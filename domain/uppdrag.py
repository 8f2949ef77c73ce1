"""The uppdrag and initiation answers of a delprojekt: documentation "före" (KEFU 8). Anchoring in
the regions is not part of it: it has a log of its own (domain/anchoring.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LONG_TEXT_MAX = 4000
SHORT_TEXT_MAX = 500


@dataclass(frozen=True)
class Uppdrag:
    bakgrund: str = ""
    syfte_mal: str = ""
    avgransning: str = ""
    patientnytta: str = ""
    kunskapsstyrning: str = ""  # NPO / RPO / RSG names (KEFU 4)
    desired_start: date | None = None
    desired_end: date | None = None

    def missing_texts(self) -> list[str]:
        required = ("bakgrund", "syfte_mal", "patientnytta")
        return [name for name in required if not getattr(self, name).strip()]
