"""The uppföljningsrapport: the ledningsgrupp's and the nämnd's handling of the slutrapport, each
region's own decision and implementation, the follow-up plan and the action items."""

from __future__ import annotations

from datetime import datetime

from domain.decisions import DecisionKind
from domain.minutes import Entry, EntryKind
from domain.stages import Stage
from presentation.i18n import Texts
from reports.context import Context, delprojekt_report, section
from reports.document import Block, Gap, Paragraph, Report, ReportKind, Section, Table
from reports.formatting import day
from reports.snapshot import DelprojektSnapshot
from reports.tables import decisions_table

# The stages after the slutrapport where the ledningsgrupp and the nämnd handle it: their answers
# belong to the uppföljningsrapport, not to the slutrapport (issue 16).
HANDLING_STAGES = (Stage.GODKAND_AV_LEDNINGSGRUPP, Stage.BESLUT_I_NAMND)


def uppfoljning(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    """Follow-up: per-region implementation status, the action items and the follow-up answers."""
    ctx = Context(snapshot, texts)
    t = texts
    nämnd = ctx.project.decision(DecisionKind.NAMND)
    plan: list[Block] = []
    if nämnd:
        plan.append(
            Paragraph(
                t("report.namnd_decision", date=day(nämnd.decided_on), body=nämnd.body), label=t("decision_kind.namnd")
            )
        )
    else:
        plan.append(Gap(t("report.gap.no_namnd", body=t("decision_body.namnd"))))
    sections = [
        Section("behandling", t("report.v2.section.behandling"), tuple(_handling(ctx))),
        section(ctx, "implementering", [*_regional_decisions_table(ctx), *_implementation_table(ctx)], first=True),
        section(ctx, "uppfoljning", plan),
        Section("atgarder", t("report.section.atgarder"), tuple(_actions_table(ctx))),
        Section("beslut", t("report.section.beslut"), tuple(decisions_table(ctx))),
    ]
    return delprojekt_report(ctx, ReportKind.UPPFOLJNING, t("report.title.uppfoljning"), sections, now)


def _handling(ctx: Context) -> list[Block]:
    """The ledningsgrupp's and the nämnd's handling of the slutrapport: their decisions, and the
    checklist's answers of those stages (the ledningsgrupp's views, the nämnd's decision)."""
    blocks: list[Block] = list(decisions_table(ctx))
    for item in ctx.items:
        if item.stage in HANDLING_STAGES:
            # Printed without the answer's justification, unlike the answers under a section.
            block = ctx.item_block(item, justification=False)
            if block is not None:
                blocks.append(block)
    return blocks


def _regional_decisions_table(ctx: Context) -> list[Block]:
    t = ctx.t
    rows = tuple(
        (d.region, t(f"regional_outcome.{d.outcome.value}"), day(d.decided_on), d.body, d.diarienummer, d.note)
        for d in ctx.project.regional_decisions
    )
    headers = tuple(t(f"report.col.{c}") for c in ("region", "outcome", "date", "body", "diarienummer", "note"))
    return [Table(headers, rows, caption=t("report.caption.regional_decisions"))] if rows else []


def _implementation_table(ctx: Context) -> list[Block]:
    t, p = ctx.t, ctx.project
    headers = tuple(t(f"report.col.{c}") for c in ("region", "status", "date", "comment"))
    rows = []
    for region in p.regions:
        entry = p.implementation.get(region)
        if entry is None:
            rows.append((region, t("report.not_reported"), "", ""))
        else:
            rows.append((region, t(f"implementation_status.{entry.status.value}"), day(entry.on), entry.comment))
    return [Table(headers, tuple(rows), caption=t("report.caption.implementation"))] if rows else []


def _actions_table(ctx: Context) -> list[Block]:
    """Every action item of the minutes with its owner, due date and whether it is done or late."""
    t = ctx.t
    actions = ctx.entries_of(EntryKind.ATGARD)
    if not actions:
        return [Paragraph(t("report.no_actions"))]
    headers = tuple(t(f"report.col.{c}") for c in ("action", "owner", "due", "status", "meeting"))

    def status(e: Entry) -> str:
        if e.done_at:
            return t("report.done_on", date=day(e.done_at))
        return t("report.overdue") if e.overdue(ctx.s.today) else t("report.open")

    rows = tuple(
        (e.text, e.owner.name if e.owner else "", day(e.due), status(e), ctx.meeting_ref(m)) for e, m in actions
    )
    return [Table(headers, rows, caption=t("report.caption.actions"))]
