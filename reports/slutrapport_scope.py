"""What the slutrapport holds: only what existed when the report left the arbetsgrupp for the
ledningsgrupp. The ledningsgrupp's and the nämnd's handling, the regions' decisions,
implementation and follow-up belong to the uppföljningsrapport (reports/uppfoljning.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from domain.checklists.model import Item
from domain.decisions import DecisionKind
from domain.delprojekt import Delprojekt
from domain.stages import STAGE_PATH, Stage
from domain.strategic_questions import QuestionStatus
from reports.formatting import STOCKHOLM
from reports.snapshot import DelprojektSnapshot

# The last stage whose checklist answers are the arbetsgrupp's report; later stages are the
# ledningsgrupp's, the nämnd's and the regions' (the uppföljningsrapport).
REPORT_STAGE = Stage.SLUTRAPPORT


def in_report(item: Item) -> bool:
    return STAGE_PATH.index(item.stage) <= STAGE_PATH.index(REPORT_STAGE)


def report_time(project: Delprojekt) -> datetime | None:
    """When the report left the arbetsgrupp: the end of the day the ledningsgrupp approved it, or
    the moment the delprojekt went past the slutrapport stage some other way; None while it is
    still being written."""
    approval = project.decision(DecisionKind.LEDNINGSGRUPP_APPROVAL)
    if approval is not None and approval.approves:
        return datetime.combine(approval.decided_on, time.max, STOCKHOLM)
    later = [c.at for c in project.history if STAGE_PATH.index(c.to_stage) > STAGE_PATH.index(REPORT_STAGE)]
    return min(later) if later else None


def as_at_report(snapshot: DelprojektSnapshot) -> DelprojektSnapshot:
    """The snapshot holding only what the arbetsgrupp had produced when the report went to the
    ledningsgrupp. Answers to the report's own items are the newest ones: a change the
    ledningsgrupp asked for belongs in the report (`rapport … ändringar` shows it against the
    version the ledningsgrupp saw)."""
    cutoff = report_time(snapshot.project)
    project = replace(
        snapshot.project,
        decisions=[d for d in snapshot.project.decisions if d.kind is DecisionKind.LEDNINGSGRUPP_START],
        regional_decisions=[],
        implementation={},
        anchoring=[a for a in snapshot.project.anchoring if cutoff is None or a.on <= cutoff.date()],
        members=[m for m in snapshot.project.members if cutoff is None or m.added_at <= cutoff],
    )
    answers = {
        item_id: history
        for item_id, history in snapshot.answers.items()
        if (item := snapshot.template.item(item_id)) is not None and in_report(item)
    }
    meetings = tuple(m for m in snapshot.meetings if cutoff is None or m.held_at <= cutoff)
    questions = []
    for q in snapshot.strategic_questions:
        if cutoff is not None and q.raised_at > cutoff:
            continue
        if cutoff is not None and q.answered_at is not None and q.answered_at > cutoff:
            status = QuestionStatus.PA_DAGORDNING if q.forum else QuestionStatus.VACKT
            q = replace(q, status=status, answer="", answered_at=None, answered_by=None)
        questions.append(q)
    return replace(snapshot, project=project, answers=answers, meetings=meetings, strategic_questions=tuple(questions))
