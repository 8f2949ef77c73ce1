"""Build each report kind from a snapshot. Pure: the same snapshot and time give the same report.

The slutrapport is written as prose in reports/slutrapport.py; the other kinds are built here
(uppdrag, minnesanteckningar, uppföljning, översikt), with the tables they share with it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from domain import portfolio
from domain.arbetsgrupp import check_composition
from domain.checklists.answers import applicable, progress_by_stage
from domain.checklists.model import Item
from domain.decisions import DecisionKind
from domain.minutes import Entry, EntryKind, Meeting
from domain.stages import Stage
from domain.strategic_questions import StrategicQuestion
from presentation.i18n import Texts
from presentation.values import value_text
from reports.document import Block, Bullets, Gap, Paragraph, Report, ReportKind, Section, Table
from reports.formatting import day, moment, swedish_key
from reports.snapshot import DelprojektSnapshot, PortfolioSnapshot

UPPDRAG_TEXTS = ("bakgrund", "syfte_mal", "mal", "avgransning", "patientnytta", "tidplan", "leveranser", "resurser")
REQUIRED_UPPDRAG_TEXTS = ("bakgrund", "syfte_mal", "patientnytta")
# Report labels the renderers print around the content (page numbers, gap counter, table of contents).
RENDER_LABELS = ("generated", "gaps_heading", "no_gaps", "contents", "page", "missing_marker", "cited")


def _labels(texts: Texts) -> dict[str, str]:
    return {name: texts(f"report.label.{name}") for name in RENDER_LABELS}


class _Context:
    """What every builder for one delprojekt needs, computed once."""

    def __init__(self, snapshot: DelprojektSnapshot, texts: Texts) -> None:
        self.s = snapshot
        self.t = texts
        self.project = snapshot.project
        self.items = applicable(snapshot.template, snapshot.project.characters, snapshot.answers)
        # Each register entry with the meeting it was written in, in register order.
        self.entries: list[tuple[Entry, Meeting]] = [(e, m) for m in snapshot.meetings for e in m.entries]
        self.cited: list[str] = []

    def answered(self, item: Item):
        history = self.s.answers.get(item.id)
        return history[-1] if history else None

    def checklist_blocks(self, section_id: str) -> tuple[list[Block], int]:
        """The answers feeding a section; a required unanswered item is a gap naming the item."""
        blocks: list[Block] = []
        filled = 0
        for item in self.items:
            if item.section != section_id:
                continue
            answer = self.answered(item)
            question = item.question(self.t.locale)
            if answer is not None:
                text = value_text(self.t, item, answer.value)
                if answer.justification:
                    text = f"{text} ({answer.justification})"
                blocks.append(Paragraph(text, label=question))
                filled += 1
            elif item.required:
                blocks.append(Gap(self.t("report.gap.item", question=question), item.id))
        return blocks, filled

    def entries_of(self, *kinds: EntryKind) -> list[tuple[Entry, Meeting]]:
        return [(e, m) for e, m in self.entries if e.kind in kinds]

    def cite(self, register_id: str | None) -> str:
        if register_id:
            self.cited.append(register_id)
            return register_id
        return ""

    def meeting_ref(self, meeting: Meeting) -> str:
        return self.t("report.meeting_ref", number=meeting.number, date=day(meeting.held_at))

    def role(self, value: str | None) -> str:
        return self.t(f"roles.{value}") if value else ""

    def stage(self, stage: Stage) -> str:
        return self.t(f"stages.{stage.value}.name")


def _section(ctx: _Context, section_id: str, extra: Iterable[Block] = (), filled: int = 0, first: bool = False):
    """A template section: `extra` blocks (from the uppdrag, minutes, decisions) and then the
    checklist answers, or the other way round with `first`."""
    template_section = ctx.s.template.section(section_id)
    title = template_section.title(ctx.t.locale) if template_section else ctx.t(f"report.section.{section_id}")
    answers, answered = ctx.checklist_blocks(section_id)
    extra = list(extra)
    blocks = answers + extra if first else extra + answers
    if not blocks:
        blocks = [Paragraph(ctx.t("report.empty_section"))]
    return Section(section_id, title, tuple(blocks), filled + answered)


def _facts(ctx: _Context) -> list[tuple[str, str]]:
    p, t = ctx.project, ctx.t
    chair = p.ordforande
    return [
        (t("report.fact.key"), str(p.key)),
        (t("report.fact.stage"), ctx.stage(p.stage)),
        (t("report.fact.regions"), ", ".join(p.regions)),
        (t("report.fact.characters"), ", ".join(sorted(t(f"characters.{c.value}") for c in p.characters))),
        (t("report.fact.ordforande"), chair.name if chair else t("report.none")),
        (t("report.fact.initiated"), t("report.by_on", by=p.created_by, date=day(p.created_at))),
        (t("report.fact.meetings"), str(len(ctx.s.meetings))),
        (t("report.fact.template"), p.checklist_template or ""),
    ]


def _decisions_table(ctx: _Context) -> list[Block]:
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


def _regional_decisions_table(ctx: _Context) -> list[Block]:
    t = ctx.t
    rows = tuple(
        (d.region, t(f"regional_outcome.{d.outcome.value}"), day(d.decided_on), d.body, d.diarienummer, d.note)
        for d in ctx.project.regional_decisions
    )
    headers = tuple(t(f"report.col.{c}") for c in ("region", "outcome", "date", "body", "diarienummer", "note"))
    return [Table(headers, rows, caption=t("report.caption.regional_decisions"))] if rows else []


def _uppdrag_blocks(ctx: _Context) -> tuple[list[Block], int]:
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


def _members_table(ctx: _Context) -> list[Block]:
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


def _meetings_table(ctx: _Context) -> Table:
    t = ctx.t
    headers = tuple(t(f"report.col.{c}") for c in ("number", "date", "place", "present", "approved"))
    rows = tuple(
        (
            str(m.number),
            moment(m.held_at),
            m.place,
            str(len(m.present)),
            t("report.approved_on", date=day(m.approved_at)) if m.approved_at else t("report.not_approved"),
        )
        for m in ctx.s.meetings
    )
    return Table(headers, rows, caption=t("report.caption.meetings"))


def _register_table(ctx: _Context, kinds: tuple[EntryKind, ...], caption: str, with_reason: bool) -> list[Block]:
    t = ctx.t
    entries = ctx.entries_of(*kinds)
    if not entries:
        return [Paragraph(t("report.no_entries", what=caption.lower()))]
    if with_reason:
        headers = tuple(t(f"report.col.{c}") for c in ("id", "choice", "alternatives", "reason", "meeting"))
        rows = tuple(
            (
                ctx.cite(e.register_id) or t(f"entry_kind.{e.kind.value}"),
                _with_replaces(ctx, e),
                e.alternatives,
                e.reason,
                ctx.meeting_ref(m),
            )
            for e, m in entries
        )
    else:
        headers = tuple(t(f"report.col.{c}") for c in ("id", "text", "meeting"))
        rows = tuple((ctx.cite(e.register_id) or "", _with_replaces(ctx, e), ctx.meeting_ref(m)) for e, m in entries)
    return [Table(headers, rows, caption=caption)]


def _with_replaces(ctx: _Context, entry: Entry) -> str:
    if entry.replaces:
        return f"{entry.text} ({ctx.t('report.replaces', id=entry.replaces)})"
    return entry.text


def _entry_list(ctx: _Context, kind: EntryKind, caption: str) -> list[Block]:
    entries = ctx.entries_of(kind)
    if not entries:
        return []
    return [Bullets(tuple(f"{e.text} ({ctx.meeting_ref(m)})" for e, m in entries), caption=caption)]


def _strategic_state(ctx: _Context, q: StrategicQuestion) -> tuple[str, str, str]:
    """Forum, status and answer of a question as the report prints them."""
    t = ctx.t
    forum = t(f"strategic.forum.{q.forum.value}") if q.forum else t("strategic.forum.none")
    status = t(f"strategic.status.{q.status.value}")
    if q.answered_at:
        status = t("report.strategic.answered_on", status=status, date=day(q.answered_at))
    return forum, status, q.answer


def _strategic_table(ctx: _Context) -> list[Block]:
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
        rows.append((q.label, q.text, *_strategic_state(ctx, q), raised))
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


def _actions_table(ctx: _Context, only_open: bool = False) -> list[Block]:
    t = ctx.t
    actions = [(e, m) for e, m in ctx.entries_of(EntryKind.ATGARD) if not only_open or e.is_open_action]
    caption = t("report.caption.open_actions" if only_open else "report.caption.actions")
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
    return [Table(headers, rows, caption=caption)]


def _implementation_table(ctx: _Context) -> list[Block]:
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


def _anchoring(ctx: _Context) -> list[Block]:
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


def _checklist_status(ctx: _Context) -> list[Block]:
    t, s = ctx.t, ctx.s
    headers = tuple(t(f"report.col.{c}") for c in ("stage", "required", "answered"))
    rows = tuple(
        (ctx.stage(line.stage), f"{line.required_answered}/{line.required}", f"{line.answered}/{line.total}")
        for line in progress_by_stage(s.template, s.project.characters, s.answers)
    )
    return [Table(headers, rows, caption=t("report.caption.checklist_status"))]


def _minutes_index(ctx: _Context) -> list[Block]:
    t = ctx.t
    headers = tuple(t(f"report.col.{c}") for c in ("number", "date", "beslut", "vagval", "actions", "approved"))
    rows = []
    for m in ctx.s.meetings:
        ids = [e.register_id for e in m.entries if e.register_id]
        rows.append(
            (
                str(m.number),
                day(m.held_at),
                ", ".join(i for i in ids if i.startswith("B-")),
                ", ".join(i for i in ids if i.startswith("V-")),
                str(sum(1 for e in m.entries if e.kind is EntryKind.ATGARD)),
                day(m.approved_at) if m.approved_at else t("report.not_approved"),
            )
        )
    return [Table(headers, tuple(rows), caption=t("report.caption.minutes_index"))] if rows else []


def _report(ctx: _Context, kind: ReportKind, title: str, sections: list[Section], now: datetime, facts=None) -> Report:
    gaps = sum(len(s.gaps) for s in sections)
    facts = list(facts if facts is not None else _facts(ctx))
    facts.append((ctx.t("report.fact.gaps"), str(gaps)))
    return Report(
        kind=kind,
        locale=ctx.t.locale,
        title=title,
        subject=str(ctx.project.key),
        subtitle=f"{ctx.project.key} – {ctx.project.title}",
        generated_at=now,
        facts=tuple(facts),
        sections=tuple(sections),
        cited=tuple(dict.fromkeys(ctx.cited)),
        texts=_labels(ctx.t),
    )


def slutrapport(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    """The slutrapport (reports/slutrapport.py), which builds on this module's tables; imported
    here on use because that module imports this one."""
    from reports.slutrapport import slutrapport as build

    return build(snapshot, texts, now)


def _kunskapsstyrning(ctx: _Context) -> list[Block]:
    value = ctx.project.uppdrag.kunskapsstyrning.strip()
    return [Paragraph(value, label=ctx.t("field.kunskapsstyrning"))] if value else []


def uppdrag(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    """The assignment document: documentation "före" (KEFU 8)."""
    ctx = _Context(snapshot, texts)
    t = texts
    blocks, filled = _uppdrag_blocks(ctx)
    answers, answered = ctx.checklist_blocks("uppdrag")
    sections = [
        Section("uppdrag", t("report.section.uppdrag"), tuple(blocks + answers), filled + answered),
        Section(
            "kunskapsstyrning",
            t("report.section.kunskapsstyrning"),
            tuple(_kunskapsstyrning(ctx) or [Paragraph(t("report.empty_section"))]),
        ),
        Section(
            "sammansattning", t("report.section.sammansattning"), tuple(_members_table(ctx)), len(ctx.project.members)
        ),
        Section(
            "forankring",
            t("report.section.forankring"),
            tuple(_anchoring(ctx) or [Paragraph(t("report.empty_section"))]),
        ),
        Section("beslut", t("report.section.beslut"), tuple(_decisions_table(ctx))),
    ]
    return _report(ctx, ReportKind.UPPDRAG, t("report.title.uppdrag"), sections, now)


def protokoll(snapshot: DelprojektSnapshot, texts: Texts, now: datetime, number: int) -> Report:
    """One meeting's minutes with its justering status. Raises KeyError for an unknown number."""
    meeting = next((m for m in snapshot.meetings if m.number == number), None)
    if meeting is None:
        raise KeyError(number)
    ctx = _Context(snapshot, texts)
    t = texts

    def person(p) -> str:
        extra = ", ".join(x for x in (p.region, ctx.role(p.role)) if x)
        return f"{p.name} ({extra})" if extra else p.name

    status = (
        t("report.approved_by", by=meeting.approved_by or "", date=moment(meeting.approved_at))
        if meeting.approved_at
        else t("report.not_approved")
    )
    facts = [
        (t("report.fact.key"), str(ctx.project.key)),
        (t("report.fact.meeting"), str(meeting.number)),
        (t("report.col.date"), moment(meeting.held_at)),
        (t("report.col.place"), meeting.place or "–"),
        (t("report.fact.justerare"), meeting.justerare.name if meeting.justerare else "–"),
        (t("report.fact.justering"), status),
    ]
    sections = [
        Section(
            "narvaro",
            t("report.section.narvaro"),
            (
                Bullets(
                    tuple(person(p) for p in meeting.present) or (t("report.none"),),
                    caption=t("report.caption.present"),
                ),
                Bullets(
                    tuple(person(p) for p in meeting.absent) or (t("report.none"),), caption=t("report.caption.absent")
                ),
            ),
            len(meeting.present),
        ),
        Section(
            "dagordning",
            t("report.section.dagordning"),
            (Bullets(tuple(meeting.agenda)),) if meeting.agenda else (Paragraph(t("report.empty_section")),),
        ),
    ]
    questions = {q.source_entry_id: q for q in snapshot.strategic_questions if q.source_entry_id}
    for kind in EntryKind:
        entries = [e for e in meeting.entries if e.kind is kind]
        if not entries:
            continue
        blocks: list[Block] = []
        for e in entries:
            label = ctx.cite(e.register_id) or ""
            text = _with_replaces(ctx, e)
            if kind in (EntryKind.VAGVAL, EntryKind.PRIORITERING):
                if e.alternatives:
                    text += f"\n{t('entry_field.alternatives')}: {e.alternatives}"
                if e.reason:
                    text += f"\n{t('entry_field.reason')}: {e.reason}"
            if kind is EntryKind.STRATEGISK_FRAGA and e.id in questions:
                q = questions[e.id]
                label = q.label
                forum, status, answer = _strategic_state(ctx, q)
                text += "\n" + t("report.strategic.state", forum=forum, status=status)
                if answer:
                    text += "\n" + t("report.strategic.answer", answer=answer)
            if kind is EntryKind.ATGARD:
                owner = e.owner.name if e.owner else ""
                text += " – " + t("report.action_line", owner=owner, due=day(e.due) or "–")
                if e.done_at:
                    text += f" ({t('report.done_on', date=day(e.done_at))})"
            blocks.append(Paragraph(text, label=label))
        sections.append(Section(f"entries_{kind.value}", t(f"entry_kind.{kind.value}"), tuple(blocks), len(entries)))
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
    return _report(ctx, ReportKind.PROTOKOLL, title, sections, now, facts=facts)


def uppfoljning(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    """Follow-up: per-region implementation status, the action items and the follow-up answers."""
    ctx = _Context(snapshot, texts)
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
        _section(ctx, "implementering", [*_regional_decisions_table(ctx), *_implementation_table(ctx)], first=True),
        _section(ctx, "uppfoljning", plan),
        Section("atgarder", t("report.section.atgarder"), tuple(_actions_table(ctx))),
        Section("beslut", t("report.section.beslut"), tuple(_decisions_table(ctx))),
    ]
    return _report(ctx, ReportKind.UPPFOLJNING, t("report.title.uppfoljning"), sections, now)


# The stages after the slutrapport where the ledningsgrupp and the nämnd handle it: their answers
# belong to the uppföljningsrapport, not to the slutrapport (issue 16).
HANDLING_STAGES = (Stage.GODKAND_AV_LEDNINGSGRUPP, Stage.BESLUT_I_NAMND)


def _handling(ctx: _Context) -> list[Block]:
    """The ledningsgrupp's and the nämnd's handling of the slutrapport: their decisions, and the
    checklist's answers of those stages (the ledningsgrupp's views, the nämnd's decision)."""
    t = ctx.t
    blocks: list[Block] = list(_decisions_table(ctx))
    for item in ctx.items:
        if item.stage not in HANDLING_STAGES:
            continue
        answer = ctx.answered(item)
        if answer is not None:
            blocks.append(Paragraph(value_text(t, item, answer.value), label=item.question(t.locale)))
        elif item.required:
            blocks.append(Gap(t("report.gap.item", question=item.question(t.locale)), item.id))
    return blocks


def oversikt(snapshot: PortfolioSnapshot, texts: Texts, now: datetime) -> Report:
    """The portfolio for the kansli and the ledningsgrupp: started, reported, in follow-up (seed 000)."""
    t = texts
    groups: dict[str, list] = {phase: [] for phase in ("initiated", "working", "reporting", "follow_up", "ended")}
    for row in sorted(snapshot.rows, key=lambda r: r.project.key):
        groups[portfolio.phase(row.project)].append(row)
    figures = portfolio.counts(r.project for r in snapshot.rows)
    headers = tuple(
        t(f"report.col.{c}")
        for c in (
            "key",
            "title",
            "stage",
            "ordforande",
            "regions",
            "since",
            "meetings",
            "last_meeting",
            "open_actions",
            "overdue",
            "regions_decided",
        )
    )
    sections = []
    for group, rows in groups.items():
        table_rows = tuple(
            (
                str(r.project.key),
                r.project.title,
                t(f"stages.{r.project.stage.value}.name"),
                r.project.ordforande.name if r.project.ordforande else "–",
                ", ".join(r.project.regions),
                day(r.project.stage_entered_at),
                str(r.meetings),
                day(r.last_meeting),
                str(r.open_actions),
                str(r.overdue_actions),
                _regions_decided(t, r.project),
            )
            for r in rows
        )
        blocks = (Table(headers, table_rows),) if table_rows else (Paragraph(t("report.empty_section")),)
        sections.append(Section(group, t(f"report.portfolio.{group}"), blocks, len(rows)))
    facts = [
        *((t(f"report.portfolio.count.{name}"), str(value)) for name, value in asdict(figures).items()),
        (t("report.col.overdue"), str(sum(r.overdue_actions for r in snapshot.rows))),
    ]
    return Report(
        kind=ReportKind.OVERSIKT,
        locale=t.locale,
        title=t("report.title.oversikt"),
        subject="oversikt",
        subtitle=t("report.portfolio.subtitle", date=day(snapshot.today)),
        generated_at=now,
        facts=tuple(facts),
        sections=tuple(sections),
        texts=_labels(t),
    )


def _regions_decided(t: Texts, project) -> str:
    """After the nämnd: how many regions have taken their own decision, and which have not."""
    if not portfolio.final_reported(project):
        return ""
    waiting = [r for r in project.regions if project.regional_decision(r) is None]
    decided = len(project.regions) - len(waiting)
    text = t("report.regions_decided", decided=decided, total=len(project.regions))
    return text + (t("report.regions_waiting", regions=", ".join(waiting)) if waiting else "")
