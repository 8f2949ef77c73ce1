"""The minnesanteckningar of one meeting: attendance, agenda, the entries by kind (with the
register ids cited and each strategic question's state) and the amendments after justering."""

from __future__ import annotations

from datetime import datetime

from domain.minutes import Entry, EntryKind, Meeting
from domain.strategic_questions import StrategicQuestion
from presentation.i18n import Texts
from reports.context import Context, delprojekt_report
from reports.document import Block, Bullets, Paragraph, Report, ReportKind, Section
from reports.formatting import day, moment
from reports.snapshot import DelprojektSnapshot
from reports.tables import strategic_state, with_replaces


def protokoll(snapshot: DelprojektSnapshot, texts: Texts, now: datetime, number: int) -> Report:
    """One meeting's minutes with its justering status. Raises KeyError for an unknown number."""
    meeting = next((m for m in snapshot.meetings if m.number == number), None)
    if meeting is None:
        raise KeyError(number)
    ctx = Context(snapshot, texts)
    t = texts
    agenda = [Bullets(tuple(meeting.agenda))] if meeting.agenda else []
    sections = [_attendance(ctx, meeting), Section("dagordning", t("report.section.dagordning"), ctx.or_empty(agenda))]
    questions = {q.source_entry_id: q for q in snapshot.strategic_questions if q.source_entry_id}
    for kind in EntryKind:
        entries = [e for e in meeting.entries if e.kind is kind]
        if entries:
            blocks = tuple(_entry(ctx, e, questions.get(e.id)) for e in entries)
            sections.append(Section(f"entries_{kind.value}", t(f"entry_kind.{kind.value}"), blocks, len(entries)))
    if meeting.amendments:
        sections.append(
            Section(
                "rattelser",
                t("report.section.rattelser"),
                tuple(
                    Paragraph(f"{a.text} ({a.reason})", label=t("report.by_on", by=a.by, date=moment(a.at)))
                    for a in meeting.amendments
                ),
            )
        )
    title = t("report.title.protokoll", number=meeting.number)
    return delprojekt_report(ctx, ReportKind.PROTOKOLL, title, sections, now, facts=_facts(ctx, meeting))


def _facts(ctx: Context, meeting: Meeting) -> list[tuple[str, str]]:
    t = ctx.t
    status = (
        t("report.approved_by", by=meeting.approved_by or "", date=moment(meeting.approved_at))
        if meeting.approved_at
        else t("report.not_approved")
    )
    return [
        (t("report.fact.key"), str(ctx.project.key)),
        (t("report.fact.meeting"), str(meeting.number)),
        (t("report.col.date"), moment(meeting.held_at)),
        (t("report.col.place"), meeting.place or "–"),
        (t("report.fact.justerare"), meeting.justerare.name if meeting.justerare else "–"),
        (t("report.fact.justering"), status),
    ]


def _attendance(ctx: Context, meeting: Meeting) -> Section:
    t = ctx.t

    def people(persons, caption: str) -> Bullets:
        lines = []
        for p in persons:
            extra = ", ".join(x for x in (p.region, ctx.role(p.role)) if x)
            lines.append(f"{p.name} ({extra})" if extra else p.name)
        return Bullets(tuple(lines) or (t("report.none"),), caption=t(caption))

    blocks = (people(meeting.present, "report.caption.present"), people(meeting.absent, "report.caption.absent"))
    return Section("narvaro", t("report.section.narvaro"), blocks, len(meeting.present))


def _entry(ctx: Context, e: Entry, question: StrategicQuestion | None) -> Block:
    """One entry under its register id: a vägval's alternatives and reason, a strategic question's
    forum, status and answer in the register, an action item's owner, due date and when done."""
    t = ctx.t
    label = ctx.cite(e.register_id) or ""
    text = with_replaces(ctx, e)
    if e.kind in (EntryKind.VAGVAL, EntryKind.PRIORITERING):
        if e.alternatives:
            text += f"\n{t('entry_field.alternatives')}: {e.alternatives}"
        if e.reason:
            text += f"\n{t('entry_field.reason')}: {e.reason}"
    if e.kind is EntryKind.STRATEGISK_FRAGA and question is not None:
        label = question.label
        forum, status, answer = strategic_state(ctx, question)
        text += "\n" + t("report.strategic.state", forum=forum, status=status)
        if answer:
            text += "\n" + t("report.strategic.answer", answer=answer)
    if e.kind is EntryKind.ATGARD:
        owner = e.owner.name if e.owner else ""
        text += " – " + t("report.action_line", owner=owner, due=day(e.due) or "–")
        if e.done_at:
            text += f" ({t('report.done_on', date=day(e.done_at))})"
    return Paragraph(text, label=label)
