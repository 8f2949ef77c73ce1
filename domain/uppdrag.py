"""The uppdrag and initiation answers of a delprojekt: documentation "före" (KEFU 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    # region -> whether anchoring and decision have happened there (seed 003: before start)
    anchoring: dict[str, bool] = field(default_factory=dict)

    def anchored_everywhere(self, regions: list[str]) -> bool:
        return all(self.anchoring.get(region) for region in regions)

    def missing_texts(self) -> list[str]:
        required = ("bakgrund", "syfte_mal", "patientnytta")
        return [name for name in required if not getattr(self, name).strip()]
