"""Every report kind built from a snapshot, by one name each. Pure: the same snapshot and time
give the same report.

Each kind has its module: reports/slutrapport.py (prose under reports/outline.toml),
uppdrag.py, protokoll.py (minnesanteckningar), uppfoljning.py and oversikt.py; what they share is
reports/context.py (the context of one delprojekt, a template section, the facts, the Report)
and reports/tables.py (the decisions, the arbetsgrupp, the anchoring, the strategic questions).
The underscored names below are those reports/slutrapport.py reads from here."""

from __future__ import annotations

from datetime import datetime

from presentation.i18n import Texts
from reports.context import RENDER_LABELS, Context, labels
from reports.document import Report
from reports.oversikt import oversikt
from reports.protokoll import protokoll
from reports.snapshot import DelprojektSnapshot
from reports.tables import anchoring, members_table, strategic_table, with_replaces
from reports.uppdrag import REQUIRED_UPPDRAG_TEXTS, UPPDRAG_TEXTS, uppdrag
from reports.uppfoljning import HANDLING_STAGES, uppfoljning

_Context = Context
_labels = labels
_members_table = members_table
_anchoring = anchoring
_with_replaces = with_replaces
_strategic_table = strategic_table

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


def slutrapport(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    """The slutrapport (reports/slutrapport.py); imported on use because that module imports this one."""
    from reports.slutrapport import slutrapport as build

    return build(snapshot, texts, now)
