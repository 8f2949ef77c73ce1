"""The slutrapport's bilagor: the meetings, the register's beslut with the strategic questions and
the open actions, the checklist (progress and the self-assessments the prose does not carry) and
what is missing. Each takes the writer once the sections are written: only then does it know
which answers went to the bilaga and what each section lacks."""

from __future__ import annotations

from domain.checklists.answers import progress_by_stage
from domain.checklists.model import AnswerType
from domain.minutes import EntryKind
from domain.stages import STAGE_PATH
from presentation.values import value_text
from reports.document import Block, Paragraph, Table
from reports.formatting import day
from reports.slutrapport_prose import Writer
from reports.slutrapport_scope import REPORT_STAGE
from reports.tables import strategic_table, with_replaces

SELF_ASSESSMENT_TYPES = (AnswerType.YES_NO, AnswerType.YES_NO_NA)


def bilaga_moten(w: Writer) -> list[Block]:
    t = w.t
    if not w.s.meetings:
        return [Paragraph(t("report.v2.no_meetings"))]
    headers = tuple(t(f"report.v2.col.{c}") for c in ("number", "date", "place", "present", "register", "approved"))
    rows = []
    for m in w.s.meetings:
        ids = ", ".join(w.ctx.cite(e.register_id) for e in m.entries if e.register_id)
        approved = day(m.approved_at) if m.approved_at else t("report.not_approved")
        rows.append((str(m.number), day(m.held_at), m.place or "–", str(len(m.present)), ids or "–", approved))
    return [Table(headers, tuple(rows))]


def bilaga_beslut(w: Writer) -> list[Block]:
    t = w.t
    blocks: list[Block] = []
    beslut = w.ctx.entries_of(EntryKind.BESLUT)
    if beslut:
        headers = (t("report.col.id"), t("report.v2.col.beslut"), t("report.v2.col.meeting"))
        rows = tuple((w.ctx.cite(e.register_id) or "–", with_replaces(w.ctx, e), w.meeting(m)) for e, m in beslut)
        blocks.append(Table(headers, rows, caption=t("report.v2.caption.beslut")))
    else:
        blocks.append(Paragraph(t("report.v2.no_beslut")))
    blocks.extend(strategic_table(w.ctx))
    open_actions = [(e, m) for e, m in w.ctx.entries_of(EntryKind.ATGARD) if e.is_open_action]
    if open_actions:
        headers = tuple(t(f"report.v2.col.{c}") for c in ("action", "owner", "due", "meeting"))
        rows = tuple(
            (e.text, e.owner.name if e.owner else "–", day(e.due) or "–", w.meeting(m)) for e, m in open_actions
        )
        blocks.append(Table(headers, rows, caption=t("report.v2.caption.open_actions")))
    return blocks


def bilaga_checklista(w: Writer) -> list[Block]:
    t, s = w.t, w.s
    progress = tuple(
        (w.ctx.stage(line.stage), f"{line.required_answered}/{line.required}", f"{line.answered}/{line.total}")
        for line in progress_by_stage(s.template, s.project.characters, s.answers)
        if STAGE_PATH.index(line.stage) <= STAGE_PATH.index(REPORT_STAGE)
    )
    headers = tuple(t(f"report.col.{c}") for c in ("stage", "required", "answered"))
    blocks: list[Block] = [
        Paragraph(t("report.v2.checklist_lead")),
        Table(headers, progress, caption=t("report.v2.caption.progress")),
    ]
    rows = []
    for item in w.items:
        answer = w.ctx.answered(item)
        if item.type not in SELF_ASSESSMENT_TYPES and item.id not in w.appendix_answers:
            continue
        value = value_text(t, item, answer.value) if answer is not None else t("report.v2.unanswered")
        rows.append((item.question(t.locale), value, answer.justification if answer is not None else ""))
    if rows:
        headers = (t("report.v2.col.question"), t("report.v2.col.answer"), t("report.v2.col.comment"))
        blocks.append(Table(headers, tuple(rows), caption=t("report.v2.caption.self_assessment")))
    return blocks


def bilaga_saknas(w: Writer, titles: dict[str, str]) -> list[Block]:
    t = w.t
    rows = tuple((titles[sid], what) for sid, missing in w.missing.items() for what in missing.what)
    if not rows:
        return [Paragraph(t("report.v2.nothing_missing"))]
    headers = (t("report.v2.col.section"), t("report.v2.col.missing"))
    return [Paragraph(t("report.v2.missing_lead")), Table(headers, rows)]
