"""Every report kind built from a snapshot, by one name each. Pure: the same snapshot and time
give the same report.

Each kind has its module: reports/slutrapport.py (prose under reports/outline.toml),
uppdrag.py, protokoll.py (minnesanteckningar), uppfoljning.py and oversikt.py; what they share is
reports/context.py (the context of one delprojekt, a template section, the facts, the Report)
and reports/tables.py (the decisions, the arbetsgrupp, the anchoring, the strategic questions)."""

from __future__ import annotations

from reports.context import RENDER_LABELS
from reports.oversikt import oversikt
from reports.protokoll import protokoll
from reports.slutrapport import slutrapport
from reports.uppdrag import REQUIRED_UPPDRAG_TEXTS, UPPDRAG_TEXTS, uppdrag
from reports.uppfoljning import HANDLING_STAGES, uppfoljning

__all__ = [
    "HANDLING_STAGES",
    "RENDER_LABELS",
    "REQUIRED_UPPDRAG_TEXTS",
    "UPPDRAG_TEXTS",
    "oversikt",
    "protokoll",
    "slutrapport",
    "uppdrag",
    "uppfoljning",
]
