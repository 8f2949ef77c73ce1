"""The slutrapport's writer: the checklist answers turned into prose under the outline's headings
(reports/outline.toml). A long answer is its section's text, a short one becomes the outline's
sentence for it, the rest goes to the bilaga; what a section lacks is gathered and named once as
its gap. The sections are reports/slutrapport_sections.py, the bilagor slutrapport_bilagor.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.checklists.model import AnswerType, Item
from domain.minutes import EntryKind, Meeting
from domain.programme import fill
from presentation.i18n import Texts
from presentation.values import value_text
from reports.context import Context
from reports.document import Block, Bullets, Gap, Paragraph, Section
from reports.formatting import day
from reports.outline import Outline
from reports.slutrapport_scope import in_report
from reports.snapshot import DelprojektSnapshot

PROSE_TYPES = (AnswerType.LONG_TEXT, AnswerType.TEXT)


@dataclass
class Missing:
    """What one section lacks, in the reader's words; printed once as the section's gap."""

    what: list[str]
    item_ids: list[str]


class Writer:
    """What the section and bilaga builders share: the answers that are in the report by outline
    section, and what each section lacks so far."""

    def __init__(self, snapshot: DelprojektSnapshot, texts: Texts, plan: Outline) -> None:
        self.ctx = Context(snapshot, texts)
        self.s = snapshot
        self.t = texts
        self.plan = plan
        self.items = [i for i in self.ctx.items if in_report(i)]
        self.by_section: dict[str | None, list[Item]] = {}
        for item in self.items:
            self.by_section.setdefault(plan.section_of(item), []).append(item)
        self.missing: dict[str, Missing] = {}
        # Answers the prose does not carry (self-assessments, short answers without a sentence).
        self.appendix_answers: set[str] = set()

    # --- answers to prose -------------------------------------------------------------------

    def value(self, item: Item) -> str | None:
        answer = self.ctx.answered(item)
        if answer is None or answer.value in (None, "", []):
            return None
        return value_text(self.t, item, answer.value)

    def lack(self, section_id: str, what: str, item_id: str | None = None) -> None:
        missing = self.missing.setdefault(section_id, Missing([], []))
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
        labels = [lower_first(o.label(self.t.locale)) for v in values if (o := item.option(v)) is not None]
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

    def meeting(self, meeting: Meeting) -> str:
        return self.t("report.v2.meeting", number=meeting.number, date=day(meeting.held_at))

    def entry_bullets(self, kind: EntryKind, caption_key: str) -> list[Block]:
        """The register's entries of one kind as a bulleted list, each with the meeting it was
        written in (the effects, the soft results); nothing when there are none."""
        entries = self.ctx.entries_of(kind)
        if not entries:
            return []
        return [Bullets(tuple(f"{e.text} ({self.meeting(m)})" for e, m in entries), caption=self.t(caption_key))]


def lower_first(value: str) -> str:
    """An option label inside a sentence: "Ett chefsamråd" -> "ett chefsamråd"; an abbreviation
    ("HR", "NPO") keeps its capitals."""
    first = value.split(" ", 1)[0]
    if len(first) > 1 and first[:1].isupper() and first[1:].islower():
        return first[:1].lower() + value[1:]
    return value
