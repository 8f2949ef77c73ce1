"""What every report of one delprojekt is built from: the context computed once per report, a
template section with its checklist answers, the facts page and the Report itself.

The report kinds (reports/uppdrag.py, protokoll.py, uppfoljning.py, slutrapport.py) build on
this; reports/tables.py holds the tables they share."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.checklists.answers import applicable
from domain.checklists.model import Item
from domain.minutes import Entry, EntryKind, Meeting
from domain.stages import Stage
from presentation.i18n import Texts
from presentation.values import value_text
from reports.document import Block, Gap, Paragraph, Report, ReportKind, Section
from reports.formatting import day
from reports.snapshot import DelprojektSnapshot

# Report labels the renderers print around the content (page numbers, gap counter, table of contents).
RENDER_LABELS = ("generated", "gaps_heading", "no_gaps", "contents", "page", "missing_marker", "cited")


def labels(texts: Texts) -> dict[str, str]:
    return {name: texts(f"report.label.{name}") for name in RENDER_LABELS}


class Context:
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

    def item_block(self, item: Item, justification: bool = True) -> Block | None:
        """An item's answer under its question (with the answer's justification unless told not
        to); a required unanswered item is a gap naming the item; an optional one is nothing."""
        answer = self.answered(item)
        question = item.question(self.t.locale)
        if answer is not None:
            text = value_text(self.t, item, answer.value)
            if justification and answer.justification:
                text = f"{text} ({answer.justification})"
            return Paragraph(text, label=question)
        if item.required:
            return Gap(self.t("report.gap.item", question=question), item.id)
        return None

    def checklist_blocks(self, section_id: str) -> tuple[list[Block], int]:
        """The answers feeding a section; a required unanswered item is a gap naming the item."""
        blocks: list[Block] = []
        filled = 0
        for item in self.items:
            if item.section != section_id:
                continue
            block = self.item_block(item)
            if block is not None:
                blocks.append(block)
                filled += isinstance(block, Paragraph)
        return blocks, filled

    def or_empty(self, blocks: Iterable[Block]) -> tuple[Block, ...]:
        """The blocks, or the line saying a section has nothing yet: no section prints empty."""
        return tuple(blocks) or (Paragraph(self.t("report.empty_section")),)

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


def section(ctx: Context, section_id: str, extra: Iterable[Block] = (), filled: int = 0, first: bool = False):
    """A template section: `extra` blocks (from the uppdrag, minutes, decisions) and then the
    checklist answers, or the other way round with `first`."""
    template_section = ctx.s.template.section(section_id)
    title = template_section.title(ctx.t.locale) if template_section else ctx.t(f"report.section.{section_id}")
    answers, answered = ctx.checklist_blocks(section_id)
    extra = list(extra)
    blocks = answers + extra if first else extra + answers
    return Section(section_id, title, ctx.or_empty(blocks), filled + answered)


def standard_facts(ctx: Context) -> list[tuple[str, str]]:
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


def delprojekt_report(
    ctx: Context, kind: ReportKind, title: str, sections: list[Section], now: datetime, facts=None
) -> Report:
    """The Report of one delprojekt: its facts (the standard ones unless given) and the gap count."""
    gaps = sum(len(s.gaps) for s in sections)
    lines = list(facts if facts is not None else standard_facts(ctx))
    lines.append((ctx.t("report.fact.gaps"), str(gaps)))
    return Report(
        kind=kind,
        locale=ctx.t.locale,
        title=title,
        subject=str(ctx.project.key),
        subtitle=f"{ctx.project.key} – {ctx.project.title}",
        generated_at=now,
        facts=tuple(lines),
        sections=tuple(sections),
        cited=tuple(dict.fromkeys(ctx.cited)),
        texts=labels(ctx.t),
    )
