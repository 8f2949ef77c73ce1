"""The tables more than one report kind prints: the decisions, the arbetsgrupp, the anchoring log,
the strategic questions, and a register entry with what it replaces."""

from __future__ import annotations

from domain.arbetsgrupp import check_composition
from domain.minutes import Entry, EntryKind
from domain.strategic_questions import StrategicQuestion
from reports.context import Context
from reports.document import Block, Gap, Paragraph, Table
from reports.formatting import day, swedish_key


def decisions_table(ctx: Context) -> list[Block]:
    t = ctx.t
    rows = tuple(
        (
            t(f"decision_kind.{d.kind.value}"), t(f"decision_outcome.{d.outcome.value}"), day(d.decided_on),
            d.body, d.diarienummer, d.note,
        )
        for d in ctx.project.decisions
    )  # fmt: skip
    if not rows:
        return [Paragraph(t("report.no_decisions"))]
    headers = tuple(t(f"report.col.{c}") for c in ("kind", "outcome", "date", "body", "diarienummer", "note"))
    return [Table(headers, rows, caption=t("report.caption.decisions"))]


def members_table(ctx: Context) -> list[Block]:
    """The arbetsgrupp region by region (the ordförande first), then what its composition lacks."""
    t, p = ctx.t, ctx.project
    order = {region: i for i, region in enumerate(p.regions)}
    members = sorted(
        p.members,
        key=lambda m: (order.get(m.region or "", len(order)), m.role.value != "ordforande", swedish_key(m.name)),
    )
    blocks: list[Block] = []
    if members:
        headers = tuple(t(f"report.col.{c}") for c in ("region", "name", "role", "organisation"))
        rows = tuple(
            (m.region or t("report.no_region"), m.name, ctx.role(m.role.value), m.organisation) for m in members
        )
        blocks.append(Table(headers, rows, caption=t("report.caption.members")))
    for gap in check_composition(p.members, p.regions, p.characters):
        params = dict(gap.params)
        if "roles" in params:
            params["roles"] = ", ".join(ctx.role(r) for r in params["roles"])
        blocks.append(Gap(t(f"composition.{gap.code}", **params)))
    return blocks


def anchoring(ctx: Context) -> list[Block]:
    """The anchoring log, region by region; a region with no entry is named as such."""
    t, p = ctx.t, ctx.project
    rows = []
    for region in p.regions:
        entries = [e for e in p.anchoring if e.region == region]
        if not entries:
            rows.append((region, "", "", "", t("report.not_anchored"), ""))
        for e in sorted(entries, key=lambda e: e.on):
            rows.append(
                (region, t(f"anchoring.forum.{e.forum.value}"), day(e.on), e.who,
                 t(f"anchoring.outcome.{e.outcome.value}"), e.views)
            )  # fmt: skip
    headers = tuple(t(f"report.col.{c}") for c in ("region", "forum", "date", "who", "outcome", "views"))
    return [Table(headers, tuple(rows), caption=t("report.caption.anchoring"))] if rows else []


def with_replaces(ctx: Context, entry: Entry) -> str:
    if entry.replaces:
        return f"{entry.text} ({ctx.t('report.replaces', id=entry.replaces)})"
    return entry.text


def strategic_state(ctx: Context, q: StrategicQuestion) -> tuple[str, str, str]:
    """Forum, status and answer of a question as the report prints them."""
    t = ctx.t
    forum = t(f"strategic.forum.{q.forum.value}") if q.forum else t("strategic.forum.none")
    status = t(f"strategic.status.{q.status.value}")
    if q.answered_at:
        status = t("report.strategic.answered_on", status=status, date=day(q.answered_at))
    return forum, status, q.answer


def strategic_table(ctx: Context) -> list[Block]:
    """The delprojekt's strategic questions with the register's forum, status and answer. An entry
    of the minutes without a register question (a snapshot from before the register) is listed
    too, as raised with nothing decided: a question is never left out of the slutrapport."""
    t = ctx.t
    questions = ctx.s.strategic_questions
    linked = {q.source_entry_id for q in questions if q.source_entry_id}
    meetings = {e.id: m for e, m in ctx.entries_of(EntryKind.STRATEGISK_FRAGA)}
    rows = []
    for q in questions:
        meeting = meetings.get(q.source_entry_id or "")
        if meeting is not None:
            raised = ctx.meeting_ref(meeting)
        else:
            raised = t("report.strategic.raised_directly", by=q.raised_by, date=day(q.raised_at))
        rows.append((q.label, q.text, *strategic_state(ctx, q), raised))
    for e, m in ctx.entries_of(EntryKind.STRATEGISK_FRAGA):
        if e.id not in linked:
            rows.append(("", e.text, t("strategic.forum.none"), t("strategic.status.vackt"), "", ctx.meeting_ref(m)))
    if not rows:
        return []
    headers = (
        t("report.col.id"),
        t("report.strategic.col_question"),
        t("report.strategic.col_forum"),
        t("report.col.status"),
        t("report.strategic.col_answer"),
        t("report.strategic.col_raised"),
    )
    return [Table(headers, tuple(rows), caption=t("report.caption.strategic"))]
