"""The uppdrag report: the assignment as documentation "före" (KEFU 8), with the arbetsgrupp,
the anchoring and the decisions."""

from __future__ import annotations

from datetime import datetime

from domain.decisions import DecisionKind
from presentation.i18n import Texts
from reports.context import Context, delprojekt_report
from reports.document import Block, Gap, Paragraph, Report, ReportKind, Section
from reports.formatting import day
from reports.snapshot import DelprojektSnapshot
from reports.tables import anchoring, decisions_table, members_table

UPPDRAG_TEXTS = ("bakgrund", "syfte_mal", "mal", "avgransning", "patientnytta", "tidplan", "leveranser", "resurser")
REQUIRED_UPPDRAG_TEXTS = ("bakgrund", "syfte_mal", "patientnytta")


def _uppdrag_blocks(ctx: Context) -> tuple[list[Block], int]:
    t, frozen = ctx.t, ctx.s.frozen_uppdrag
    # After the start decision the uppdrag cited is the one decided on, not later edits.
    u = frozen.uppdrag if frozen is not None else ctx.project.uppdrag
    blocks: list[Block] = []
    filled = 0
    if frozen is not None:
        blocks.append(Paragraph(t("report.uppdrag_decided", number=frozen.number, date=day(frozen.at))))
        if ctx.project.uppdrag_version > frozen.number:
            blocks.append(Paragraph(t("report.uppdrag_changed_since", number=ctx.project.uppdrag_version)))
    for name in UPPDRAG_TEXTS:
        value = getattr(u, name).strip()
        if value:
            blocks.append(Paragraph(value, label=t(f"field.{name}")))
            filled += 1
        elif name in REQUIRED_UPPDRAG_TEXTS:
            blocks.append(Gap(t("report.gap.uppdrag", field=t(f"field.{name}"))))
    if u.desired_start or u.desired_end:
        blocks.append(Paragraph(f"{day(u.desired_start)} – {day(u.desired_end)}", label=t("report.label_period")))
    start = ctx.project.decision(DecisionKind.LEDNINGSGRUPP_START)
    if start:
        blocks.append(
            Paragraph(
                t(
                    "report.start_decision" if start.diarienummer else "report.start_decision_no_dnr",
                    date=day(start.decided_on),
                    body=start.body,
                    dnr=start.diarienummer,
                ),
                label=t("decision_kind.ledningsgrupp_start"),
            )
        )
    return blocks, filled


def _kunskapsstyrning(ctx: Context) -> list[Block]:
    value = ctx.project.uppdrag.kunskapsstyrning.strip()
    return [Paragraph(value, label=ctx.t("field.kunskapsstyrning"))] if value else []


def uppdrag(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    """The assignment document: documentation "före" (KEFU 8)."""
    ctx = Context(snapshot, texts)
    t = texts
    blocks, filled = _uppdrag_blocks(ctx)
    answers, answered = ctx.checklist_blocks("uppdrag")
    sections = [
        Section("uppdrag", t("report.section.uppdrag"), tuple(blocks + answers), filled + answered),
        Section("kunskapsstyrning", t("report.section.kunskapsstyrning"), ctx.or_empty(_kunskapsstyrning(ctx))),
        Section(
            "sammansattning", t("report.section.sammansattning"), tuple(members_table(ctx)), len(ctx.project.members)
        ),
        Section("forankring", t("report.section.forankring"), ctx.or_empty(anchoring(ctx))),
        Section("beslut", t("report.section.beslut"), tuple(decisions_table(ctx))),
    ]
    return delprojekt_report(ctx, ReportKind.UPPDRAG, t("report.title.uppdrag"), sections, now)
