"""The slutrapport: the arbetsgrupp's work written as the report a ledningsgrupp approves.

Prose under the outline's headings (reports/outline.toml), not questions and answers: a long
answer is its section's text, a short one becomes a sentence, yes/no self-assessments go to the
bilaga. Only what existed when the report went to the ledningsgrupp is in it (`as_at_report`): the
ledningsgrupp's and the nämnd's handling, the regions' decisions, implementation and follow-up
belong to the uppföljningsrapport. What is missing is named once per section and listed in a
bilaga, and a draft with gaps never calls itself the final version."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time

from domain.arbetsgrupp import Role
from domain.checklists.answers import progress_by_stage
from domain.checklists.model import AnswerType, Item
from domain.decisions import DecisionKind, DecisionOutcome
from domain.delprojekt import Delprojekt
from domain.minutes import EntryKind, Meeting
from domain.programme import fill
from domain.stages import STAGE_PATH, Stage
from domain.strategic_questions import QuestionStatus
from presentation.i18n import Texts
from presentation.values import value_text
from reports import builders  # the tables the report kinds share (members, anchoring, questions)
from reports.builders import REQUIRED_UPPDRAG_TEXTS, UPPDRAG_TEXTS, _Context
from reports.document import (
    Block,
    Bullets,
    Cover,
    Gap,
    Numbered,
    Paragraph,
    Report,
    ReportKind,
    Section,
    Subheading,
    Table,
)
from reports.formatting import STOCKHOLM, day
from reports.outline import Outline, outline_for
from reports.per_region import RegionLines, anchoring_by_region, consequence_tables, split_lines
from reports.snapshot import DelprojektSnapshot

# The last stage whose checklist answers are the arbetsgrupp's report; later stages are the
# ledningsgrupp's, the nämnd's and the regions' (the uppföljningsrapport).
REPORT_STAGE = Stage.SLUTRAPPORT
PROSE_TYPES = (AnswerType.LONG_TEXT, AnswerType.TEXT)
SELF_ASSESSMENT_TYPES = (AnswerType.YES_NO, AnswerType.YES_NO_NA)
# A line of a förslag that is an att-sats: "att …", "1. att …", "– att …".
ATT_SATS = re.compile(r"^\s*(?:\d+[.)]\s*|[-–•]\s*)?((?:att|that)\s+\S.*)$", re.IGNORECASE)


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


@dataclass
class _Missing:
    """What one section lacks, in the reader's words; printed once as the section's gap."""

    what: list[str]
    item_ids: list[str]


class _Writer:
    def __init__(self, snapshot: DelprojektSnapshot, texts: Texts, plan: Outline) -> None:
        self.ctx = _Context(snapshot, texts)
        self.s = snapshot
        self.t = texts
        self.plan = plan
        self.items = [i for i in self.ctx.items if in_report(i)]
        self.by_section: dict[str | None, list[Item]] = {}
        for item in self.items:
            self.by_section.setdefault(plan.section_of(item), []).append(item)
        self.missing: dict[str, _Missing] = {}
        # Answers the prose does not carry (self-assessments, short answers without a sentence).
        self.appendix_answers: set[str] = set()

    # --- answers to prose -------------------------------------------------------------------

    def value(self, item: Item) -> str | None:
        answer = self.ctx.answered(item)
        if answer is None or answer.value in (None, "", []):
            return None
        return value_text(self.t, item, answer.value)

    def lack(self, section_id: str, what: str, item_id: str | None = None) -> None:
        missing = self.missing.setdefault(section_id, _Missing([], []))
        missing.what.append(what)
        if item_id:
            missing.item_ids.append(item_id)

    def phrase(self, item: Item, value: str) -> str | None:
        phrase = self.plan.phrases.get(item.id)
        if not phrase:
            return None
        answer = self.ctx.answered(item)
        # A yes/no item may have one sentence per answer ([phrases.x.ja], [phrases.x.nej]).
        if answer is not None and isinstance(answer.value, str) and isinstance(phrase.get(answer.value), dict):
            phrase = phrase[answer.value]
        template = phrase.get(self.t.locale) if isinstance(phrase.get(self.t.locale), str) else None
        if template is None:
            return None
        if item.type in (AnswerType.SINGLE, AnswerType.MULTI):
            value = self.choices(item)
        text, _ = fill(template, {**self.t.programme.names(self.t.locale), "value": value})
        return text

    def choices(self, item: Item) -> str:
        """Option labels inside a sentence: lower case where they are common words, "a, b och c"."""
        answer = self.ctx.answered(item)
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        labels = [_lower_first(o.label(self.t.locale)) for v in values if (o := item.option(v)) is not None]
        if len(labels) < 2:
            return "".join(labels)
        return self.t("report.v2.list_and", items=", ".join(labels[:-1]), last=labels[-1])

    def prose(
        self, section_id: str, skip: frozenset[str] = frozenset(), only: Callable[[Item], bool] | None = None
    ) -> list[Block]:
        """The section's answers as paragraphs, in template order (those `only` accepts); gaps
        recorded for the section."""
        blocks: list[Block] = []
        for item in self.by_section.get(section_id, []):
            if item.id in skip or (only is not None and not only(item)):
                continue
            value = self.value(item)
            if value is None:
                if item.required:
                    self.lack(section_id, item.question(self.t.locale), item.id)
                continue
            sentence = self.phrase(item, value)
            if sentence is not None:
                blocks.append(Paragraph(sentence))
            elif item.type in PROSE_TYPES:
                blocks.append(Paragraph(value.strip()))
            else:
                self.appendix_answers.add(item.id)
        return blocks

    # --- sections ---------------------------------------------------------------------------

    def section(self, section_id: str, blocks: list[Block], title: str | None = None) -> Section:
        t = self.t
        title = title or t(f"report.v2.section.{section_id}")
        missing = self.missing.get(section_id)
        if missing:
            blocks = [
                *blocks,
                Gap(t("report.v2.missing", what="; ".join(missing.what)), item_ids=tuple(missing.item_ids)),
            ]
        if not blocks:
            blocks = [Paragraph(t("report.v2.nothing"))]
        filled = sum(1 for b in blocks if not isinstance(b, Gap))
        return Section(section_id, title, tuple(blocks), filled)

    def sammanfattning(self) -> list[Block]:
        return self.prose("sammanfattning")

    def forslag_till_beslut(self) -> tuple[list[Block], list[str]]:
        """The att-satser written in the förslag, numbered under the seeds' heading."""
        t = self.t
        satser: list[str] = []
        for item in self.by_section.get("forslag", []):
            value = self.value(item) if item.type in PROSE_TYPES else None
            for line in (value or "").splitlines():
                match = ATT_SATS.match(line)
                if match:
                    sats = match[1].strip()
                    satser.append(sats[0].lower() + sats[1:])
        if not satser:
            self.lack("forslag_till_beslut", t("report.v2.no_att_satser"))
            return [], satser
        return [
            Paragraph(t("report.v2.proposal_lead")),
            Numbered(tuple(satser), intro=t("report.v2.proposal_intro")),
        ], satser

    def uppdrag(self) -> list[Block]:
        t, frozen, project = self.t, self.s.frozen_uppdrag, self.s.project
        u = frozen.uppdrag if frozen is not None else project.uppdrag
        blocks: list[Block] = []
        start = project.decision(DecisionKind.LEDNINGSGRUPP_START)
        if frozen is not None and start is not None:
            key = "report.v2.uppdrag_frozen" if start.diarienummer else "report.v2.uppdrag_frozen_no_dnr"
            blocks.append(Paragraph(t(key, date=day(start.decided_on), dnr=start.diarienummer, number=frozen.number)))
            if project.uppdrag_version > frozen.number:
                blocks.append(Paragraph(t("report.v2.uppdrag_changed", number=project.uppdrag_version)))
        elif start is not None and start.approves:
            blocks.append(Paragraph(t("report.v2.uppdrag_started", date=day(start.decided_on))))
        else:
            blocks.append(Paragraph(t("report.v2.uppdrag_not_started")))
        for name in UPPDRAG_TEXTS:
            value = getattr(u, name).strip()
            if value:
                blocks.extend([Subheading(t(f"field.{name}")), Paragraph(value)])
            elif name in REQUIRED_UPPDRAG_TEXTS:
                self.lack("uppdrag", t("report.v2.uppdrag_field", field=t(f"field.{name}").lower()))
        if u.desired_start or u.desired_end:
            blocks.append(
                Paragraph(t("report.v2.period", start=day(u.desired_start) or "–", end=day(u.desired_end) or "–"))
            )
        answers = self.prose("uppdrag")
        if answers:
            blocks.extend([Subheading(t("report.v2.sub.uppdrag_more")), *answers])
        return blocks

    def organisation(self) -> list[Block]:
        return self.members("organisation") + self.prose("organisation")

    def members(self, section_id: str) -> list[Block]:
        """Who the arbetsgrupp was: a sentence with its size and chair, and the members per region."""
        t, p = self.t, self.s.project
        blocks: list[Block] = []
        chair = p.ordforande
        regions = sorted({m.region for m in p.members if m.region})
        if p.members:
            blocks.append(
                Paragraph(
                    t(
                        "report.v2.organisation_lead",
                        count=len(p.members),
                        regions=len(regions),
                        chair=chair.name if chair else t("report.none"),
                        chair_region=(chair.region or "") if chair else "",
                    )
                    if chair
                    else t.count("report.v2.organisation_no_chair", len(p.members))
                )
            )
        members = builders._members_table(self.ctx)
        for block in members:
            if isinstance(block, Gap):
                self.lack(section_id, block.text)
            else:
                blocks.append(block)
        return blocks

    def arbetssatt(self) -> list[Block]:
        blocks = self.meetings_lead()
        blocks.extend(self.prose("arbetssatt"))
        return blocks + self.anchoring()

    def organisation_forankring(self) -> list[Block]:
        """The arbetsgrupp and how it worked, then the anchoring per region: the plan for it, the
        anchoring log and, last, what the work of the report stage (the remiss) led to. Which
        answers are the arbetsgrupp's and which the anchoring's follows the template sections the
        outline section is fed by: the first, then the others."""
        sid = "organisation_forankring"
        feeds = next((s.feeds for s in self.plan.sections if s.id == sid), ())
        own = feeds[:1]
        blocks = self.members(sid)
        blocks.extend(self.prose(sid, only=lambda i: i.section in own))
        blocks.extend(self.meetings_lead())
        before_report = STAGE_PATH.index(REPORT_STAGE)
        anchoring = self.prose(sid, only=lambda i: i.section not in own and STAGE_PATH.index(i.stage) < before_report)
        result = self.prose(sid, only=lambda i: i.section not in own and i.stage is REPORT_STAGE)
        return blocks + self.anchoring(anchoring) + result

    def meetings_lead(self) -> list[Block]:
        t, meetings = self.t, self.s.meetings
        blocks: list[Block] = []
        if meetings:
            blocks.append(
                Paragraph(
                    t.count(
                        "report.v2.meetings_lead",
                        len(meetings),
                        first=day(meetings[0].held_at),
                        last=day(meetings[-1].held_at),
                    )
                )
            )
        else:
            blocks.append(Paragraph(t("report.v2.no_meetings")))
        return blocks

    def anchoring(self, lead: list[Block] | None = None) -> list[Block]:
        """The anchoring per region under its subheading: `lead` (the plan), then the log."""
        t = self.t
        if self.plan.per_region:
            log = anchoring_by_region(t, self.s.project)
        else:  # the subheading names the table: no caption repeating it
            log = [replace(b, caption="") if isinstance(b, Table) else b for b in builders._anchoring(self.ctx)]
        return [
            Subheading(t("report.v2.sub.forankring")),
            *(lead or []),
            *(log or [Paragraph(t("report.v2.no_anchoring"))]),
        ]

    def analys(self) -> list[Block]:
        t = self.t
        blocks = self.prose("analys")
        choices = self.ctx.entries_of(EntryKind.VAGVAL, EntryKind.PRIORITERING)
        blocks.append(Subheading(t("report.v2.sub.vagval")))
        if choices:
            blocks.append(Paragraph(t("report.v2.vagval_lead")))
        if not choices:
            blocks.append(Paragraph(t("report.v2.no_vagval")))
        for entry, meeting in choices:
            where = self.meeting(meeting)
            if entry.kind is EntryKind.VAGVAL:
                heading = t("report.v2.vagval_heading", id=self.ctx.cite(entry.register_id) or "", where=where)
            else:
                heading = t("report.v2.prioritering_heading", where=where)
            blocks.append(Subheading(heading, level=3))
            chosen = "report.v2.chosen" if entry.kind is EntryKind.VAGVAL else "report.v2.prioritised"
            blocks.append(Paragraph(entry.text, label=t(chosen)))
            if entry.alternatives:
                blocks.append(Paragraph(entry.alternatives, label=t("report.v2.rejected")))
            if entry.reason:
                blocks.append(Paragraph(entry.reason, label=t("report.v2.reason")))
            if entry.replaces:
                blocks.append(Paragraph(t("report.v2.replaces", id=entry.replaces)))
        return blocks

    def forslag(self, satser: list[str]) -> list[Block]:
        blocks: list[Block] = []
        for block in self.prose("forslag"):
            if isinstance(block, Paragraph) and satser:
                # The att-satser stand in the förslag till beslut; the rest of the text stays here.
                kept = [line for line in block.text.splitlines() if not ATT_SATS.match(line)]
                text = "\n".join(kept).strip()
                if not text:
                    continue
                block = replace(block, text=text)
            blocks.append(block)
        if satser:
            blocks.append(Paragraph(self.t("report.v2.see_proposal")))
        return blocks

    def konsekvenser(self) -> list[Block]:
        blocks, in_rows = self.consequences_per_region() if self.plan.per_region else self.consequences_table()
        blocks.extend(self.prose("konsekvenser", skip=frozenset(in_rows)))
        effects = self.ctx.entries_of(EntryKind.EFFEKT)
        if effects:
            blocks.append(
                Bullets(
                    tuple(f"{e.text} ({self.meeting(m)})" for e, m in effects),
                    caption=self.t("report.v2.caption.effects"),
                )
            )
        return blocks

    def consequences_per_region(self) -> tuple[list[Block], set[str]]:
        """The consequences table with a column per region of the delprojekt, and one for what
        applies to all of them when an answer has such lines. A row whose questions are all
        optional and unanswered is left out; a required one unanswered is a gap."""
        t, regions = self.t, list(self.s.project.regions)
        rows: list[tuple[str, RegionLines | None]] = []
        in_rows: set[str] = set()
        for row, item_ids in self.plan.consequences:
            items = [i for i in self.by_section.get("konsekvenser", []) if i.id in item_ids and i.type in PROSE_TYPES]
            in_rows.update(i.id for i in items)
            lines = RegionLines(regions={region: [] for region in regions})
            missing = False
            for item in items:
                value = self.value(item)
                if value is None:
                    if item.required:
                        missing = True
                        self.lack("konsekvenser", item.question(t.locale), item.id)
                    continue
                lines.add(split_lines(value, regions))
            if not items or (lines.empty and not missing):
                continue
            rows.append((row, None if lines.empty else lines))
        if not rows:
            return [], in_rows
        labelled = [(t(f"report.v2.consequence.{row}"), lines) for row, lines in rows]
        caption = t("report.v2.caption.consequences_per_region")
        return consequence_tables(t, regions, labelled, caption), in_rows

    def consequences_table(self) -> tuple[list[Block], set[str]]:
        t = self.t
        rows: dict[str, list[str]] = {row: [] for row, _ in self.plan.consequences}
        in_rows: set[str] = set()
        for item in self.by_section.get("konsekvenser", []):
            row = self.plan.consequence_row(item.id)
            if row is None or item.type not in PROSE_TYPES:
                continue
            in_rows.add(item.id)
            value = self.value(item)
            if value is None:
                if item.required:
                    self.lack("konsekvenser", item.question(t.locale), item.id)
                continue
            rows[row].append(value.strip())
        blocks: list[Block] = []
        table_rows = tuple(
            (t(f"report.v2.consequence.{row}"), "\n\n".join(texts) or t("report.v2.not_assessed"))
            for row, texts in rows.items()
        )
        if table_rows:
            headers = (t("report.v2.col.aspect"), t("report.v2.col.assessment"))
            blocks.append(Table(headers, table_rows, caption=t("report.v2.caption.consequences")))
        return blocks, in_rows

    def ekonomi(self) -> list[Block]:
        blocks = self.prose("ekonomi")
        if self.plan.per_region and any(row == "ekonomi" for row, _ in self.plan.consequences):
            blocks.append(Paragraph(self.t("report.v2.economy_in_table")))
        return blocks

    def kunskapsstyrning(self) -> list[Block]:
        frozen = self.s.frozen_uppdrag
        named = (frozen.uppdrag if frozen is not None else self.s.project.uppdrag).kunskapsstyrning.strip()
        blocks: list[Block] = [Paragraph(self.t("report.v2.kunskapsstyrning_named", groups=named))] if named else []
        return blocks + self.prose("kunskapsstyrning")

    def implementering(self) -> list[Block]:
        t, p = self.t, self.s.project
        blocks = self.prose("implementering")
        rows = []
        for region in p.regions:
            members = [m.name for m in p.members if m.region == region and m.role is not Role.PATIENTREPRESENTANT]
            entries = sorted((a for a in p.anchoring if a.region == region), key=lambda a: a.on)
            if entries:
                last = entries[-1]
                anchored = t(
                    "report.v2.anchored_in",
                    forum=t(f"anchoring.forum.{last.forum.value}"),
                    date=day(last.on),
                    outcome=t(f"anchoring.outcome.{last.outcome.value}").lower(),
                )
            else:
                anchored = t("report.not_anchored")
            rows.append((region, ", ".join(members) or "–", anchored))
        if rows:
            headers = tuple(t(f"report.v2.col.{c}") for c in ("region", "representatives", "anchored"))
            blocks.append(Table(headers, tuple(rows), caption=t("report.v2.caption.implementation")))
            blocks.append(Paragraph(t("report.v2.regions_decide")))
        return blocks

    def uppfoljning(self) -> list[Block]:
        return self.prose("uppfoljning")

    def kommunikation(self) -> list[Block]:
        return self.prose("kommunikation")

    def mjuka_resultat(self) -> list[Block]:
        blocks = self.prose("mjuka_resultat")
        soft = self.ctx.entries_of(EntryKind.MJUKT_RESULTAT)
        if soft:
            blocks.append(
                Bullets(
                    tuple(f"{e.text} ({self.meeting(m)})" for e, m in soft), caption=self.t("report.v2.caption.soft")
                )
            )
        return blocks

    def avvikande_meningar(self) -> list[Block]:
        blocks = self.prose("avvikande_meningar")
        return blocks

    def meeting(self, meeting: Meeting) -> str:
        return self.t("report.v2.meeting", number=meeting.number, date=day(meeting.held_at))

    # --- bilagor ----------------------------------------------------------------------------

    def bilaga_moten(self) -> list[Block]:
        t = self.t
        if not self.s.meetings:
            return [Paragraph(t("report.v2.no_meetings"))]
        headers = tuple(t(f"report.v2.col.{c}") for c in ("number", "date", "place", "present", "register", "approved"))
        rows = []
        for m in self.s.meetings:
            ids = ", ".join(self.ctx.cite(e.register_id) for e in m.entries if e.register_id)
            approved = day(m.approved_at) if m.approved_at else t("report.not_approved")
            rows.append((str(m.number), day(m.held_at), m.place or "–", str(len(m.present)), ids or "–", approved))
        return [Table(headers, tuple(rows))]

    def bilaga_beslut(self) -> list[Block]:
        t = self.t
        blocks: list[Block] = []
        beslut = self.ctx.entries_of(EntryKind.BESLUT)
        if beslut:
            headers = (t("report.col.id"), t("report.v2.col.beslut"), t("report.v2.col.meeting"))
            rows = tuple(
                (self.ctx.cite(e.register_id) or "–", builders._with_replaces(self.ctx, e), self.meeting(m))
                for e, m in beslut
            )
            blocks.append(Table(headers, rows, caption=t("report.v2.caption.beslut")))
        else:
            blocks.append(Paragraph(t("report.v2.no_beslut")))
        blocks.extend(builders._strategic_table(self.ctx))
        open_actions = [(e, m) for e, m in self.ctx.entries_of(EntryKind.ATGARD) if e.is_open_action]
        if open_actions:
            headers = tuple(t(f"report.v2.col.{c}") for c in ("action", "owner", "due", "meeting"))
            rows = tuple(
                (e.text, e.owner.name if e.owner else "–", day(e.due) or "–", self.meeting(m)) for e, m in open_actions
            )
            blocks.append(Table(headers, rows, caption=t("report.v2.caption.open_actions")))
        return blocks

    def bilaga_checklista(self) -> list[Block]:
        t, s = self.t, self.s
        progress = tuple(
            (self.ctx.stage(line.stage), f"{line.required_answered}/{line.required}", f"{line.answered}/{line.total}")
            for line in progress_by_stage(s.template, s.project.characters, s.answers)
            if STAGE_PATH.index(line.stage) <= STAGE_PATH.index(REPORT_STAGE)
        )
        headers = tuple(t(f"report.col.{c}") for c in ("stage", "required", "answered"))
        blocks: list[Block] = [
            Paragraph(t("report.v2.checklist_lead")),
            Table(headers, progress, caption=t("report.v2.caption.progress")),
        ]
        rows = []
        for item in self.items:
            answer = self.ctx.answered(item)
            if item.type not in SELF_ASSESSMENT_TYPES and item.id not in self.appendix_answers:
                continue
            value = value_text(t, item, answer.value) if answer is not None else t("report.v2.unanswered")
            rows.append((item.question(t.locale), value, answer.justification if answer is not None else ""))
        if rows:
            headers = (t("report.v2.col.question"), t("report.v2.col.answer"), t("report.v2.col.comment"))
            blocks.append(Table(headers, tuple(rows), caption=t("report.v2.caption.self_assessment")))
        return blocks

    def bilaga_saknas(self, titles: dict[str, str]) -> list[Block]:
        t = self.t
        rows = tuple((titles[sid], what) for sid, missing in self.missing.items() for what in missing.what)
        if not rows:
            return [Paragraph(t("report.v2.nothing_missing"))]
        headers = (t("report.v2.col.section"), t("report.v2.col.missing"))
        return [Paragraph(t("report.v2.missing_lead")), Table(headers, rows)]


def _lower_first(value: str) -> str:
    """An option label inside a sentence: "Ett chefsamråd" -> "ett chefsamråd"; an abbreviation
    ("HR", "NPO") keeps its capitals."""
    first = value.split(" ", 1)[0]
    if len(first) > 1 and first[:1].isupper() and first[1:].islower():
        return first[:1].lower() + value[1:]
    return value


def _status(snapshot: DelprojektSnapshot, texts: Texts, gaps: int) -> tuple[str, str]:
    """The version status on the cover, and its short form for the footer. A report for the
    ledningsgrupp with required content missing stays a draft: it never claims to be final."""
    t, p = texts, snapshot.project
    approval = p.decision(DecisionKind.LEDNINGSGRUPP_APPROVAL)
    if approval is not None and approval.approves:
        key = "report.v2.status.approved" if approval.diarienummer else "report.v2.status.approved_no_dnr"
        date = day(approval.decided_on)
        return t(key, date=date, dnr=approval.diarienummer), t("report.v2.status_short.approved", date=date)
    if approval is not None and approval.outcome is DecisionOutcome.ATERREMISS:
        date = day(approval.decided_on)
        return t("report.v2.status.returned", date=date), t("report.v2.status_short.returned", date=date)
    if p.stage is REPORT_STAGE and gaps == 0:
        return t("report.v2.status.final"), t("report.v2.status_short.final")
    if p.stage is REPORT_STAGE:
        return t.count("report.v2.status.incomplete", gaps), t("report.v2.status_short.draft")
    return t("report.v2.status.draft"), t("report.v2.status_short.draft")


def _cover(snapshot: DelprojektSnapshot, texts: Texts, now: datetime, status: str) -> Cover:
    t, p = texts, snapshot.project
    chair = p.ordforande
    start = p.decision(DecisionKind.LEDNINGSGRUPP_START)
    sender = (
        t("report.v2.cover.sender", chair=chair.name, region=chair.region or "")
        if chair is not None and chair.region
        else t("report.v2.cover.sender_no_chair")
    )
    lines = (
        (t("report.v2.cover.key"), str(p.key)),
        (t("report.v2.cover.dnr"), start.diarienummer if start and start.diarienummer else "–"),
        (t("report.v2.cover.date"), day(now)),
        (t("report.v2.cover.status"), status),
        (t("report.v2.cover.from"), sender),
        (t("report.v2.cover.to"), t("report.v2.cover.recipient")),
        (t("report.v2.cover.regions"), ", ".join(p.regions)),
    )
    return Cover(t("report.v2.cover.programme"), t("report.title.slutrapport"), p.title, lines, status)


MAIN_BUILDERS = (
    "sammanfattning", "uppdrag", "organisation", "arbetssatt", "organisation_forankring", "analys", "konsekvenser",
    "ekonomi", "kunskapsstyrning", "implementering", "uppfoljning", "kommunikation", "mjuka_resultat",
    "avvikande_meningar",
)  # fmt: skip
APPENDICES = ("bilaga_moten", "bilaga_beslut", "bilaga_checklista", "bilaga_saknas")


def slutrapport(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    t = texts
    scoped = as_at_report(snapshot)
    plan = outline_for(scoped.template)
    w = _Writer(scoped, texts, plan)
    proposal, satser = w.forslag_till_beslut()
    contents: dict[str, list[Block]] = {"forslag_till_beslut": proposal}
    for outline_section in plan.sections:
        sid = outline_section.id
        if sid == "forslag_till_beslut":
            continue
        if sid == "forslag":
            contents[sid] = w.forslag(satser)
        elif sid in MAIN_BUILDERS and hasattr(w, sid):
            contents[sid] = getattr(w, sid)()
        else:
            contents[sid] = w.prose(sid)  # answers only: nulägesanalys, a new template's section
    sections: list[Section] = []
    titles: dict[str, str] = {}
    for number, outline_section in enumerate(plan.sections, start=1):
        sid = outline_section.id
        heading = outline_section.heading or sid
        title = (outline_section.template_title or {}).get(t.locale) or t(f"report.v2.section.{heading}")
        titles[sid] = title
        section = w.section(sid, contents[sid], title)
        sections.append(replace(section, heading=f"{number}. {title}"))
    for number, sid in enumerate(APPENDICES, start=1):
        title = t(f"report.v2.section.{sid}")
        blocks = w.bilaga_saknas(titles) if sid == "bilaga_saknas" else getattr(w, sid)()
        sections.append(
            Section(sid, title, tuple(blocks), len(blocks), heading=t("report.v2.appendix", number=number, title=title))
        )
    gaps = sum(len(s.gaps) for s in sections)
    # The version status is the one thing of the ledningsgrupp's handling the report shows.
    status, short = _status(snapshot, texts, gaps)
    return Report(
        kind=ReportKind.SLUTRAPPORT,
        locale=t.locale,
        title=t("report.title.slutrapport"),
        subject=str(scoped.project.key),
        subtitle=f"{scoped.project.key} – {scoped.project.title}",
        generated_at=now,
        facts=(),
        sections=tuple(sections),
        cited=tuple(dict.fromkeys(w.ctx.cited)),
        texts={**builders._labels(t), "footer": f"{t('report.title.slutrapport')} {scoped.project.key} · {short}"},
        cover=_cover(scoped, texts, now, status),
    )
