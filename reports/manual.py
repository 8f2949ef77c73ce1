"""The manual (KEFU action 1) as one document: for every stage of the path what happens in it (the
template's guide, else the stage's own description), then each of its questions with its help, in
path order. Built from the template the delprojekt follows (or the default), so the manual and the
checklist never disagree.

What people read carries no item ids and no "KEFU-åtgärd" words: a template's KEFU tags are the
kansli's metadata, and an older template's help texts that still name them are cleaned here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from domain.checklists.model import Item, Template
from domain.stages import STAGE_PATH, Stage, stage_number
from presentation.i18n import Texts
from reports.context import labels
from reports.document import Block, Bullets, Paragraph, Report, ReportKind, Section, Subheading

# "(KEFU-åtgärd 3)", "(KEFU 2, 8)", "(KEFU action 6)": a reference for the kansli, not the reader;
# a sentence that still names a KEFU action after that is about the review, not the step.
_KEFU = re.compile(r"\s*\(KEFU[^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class ManualSnapshot:
    """What the manual is built from: a template, and whose manual it is (a key, or none)."""

    template: Template
    subject: str = ""


def plain(text: str) -> str:
    """The text without KEFU references, paragraph by paragraph."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        sentences = _SENTENCE.split(_KEFU.sub("", paragraph))
        paragraphs.append(" ".join(s for s in sentences if "KEFU" not in s))
    return "\n\n".join(paragraphs)


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(part.strip()) for part in plain(text).split("\n\n") if part.strip()]


def _question(t: Texts, item: Item) -> list[Block]:
    marker = t("report.manual.required") if item.required else t("report.manual.optional")
    blocks: list[Block] = [Subheading(f"{plain(item.question(t.locale))} {marker}", level=3)]
    blocks += _paragraphs(item.help(t.locale))
    if item.condition is not None:
        blocks.append(Paragraph(t("report.manual.conditional")))
    if item.type.value in ("ett_val", "flera_val"):
        blocks.append(Bullets(tuple(o.label(t.locale) for o in item.options), t("report.manual.options")))
    return blocks


def _stage(t: Texts, template: Template, stage: Stage) -> Section:
    guide = template.guide_for(stage)
    items = template.items_of(stage)
    blocks: list[Block] = _paragraphs(guide(t.locale)) if guide else [Paragraph(t(f"stages.{stage.value}.description"))]
    if items:
        blocks.append(Subheading(t.count("report.manual.questions", len(items))))
        for item in items:
            blocks += _question(t, item)
    else:
        blocks.append(Paragraph(t("report.manual.no_questions")))
    number = stage_number(stage)
    name = t(f"stages.{stage.value}.name")
    return Section(stage.value, name, tuple(blocks), len(items), heading=f"{number}. {name}" if number else name)


def manual(snapshot: ManualSnapshot, texts: Texts, now: datetime) -> Report:
    t = texts
    template = snapshot.template
    intro = Section(
        "inledning",
        t("report.manual.intro_title"),
        tuple(Paragraph(p) for p in t("report.manual.intro").split("\n\n")),
        heading=t("report.manual.intro_title"),  # unnumbered: the stages carry the process's numbers
    )
    stages = [_stage(t, template, stage) for stage in (*STAGE_PATH, Stage.AVBRUTEN)]
    subject = snapshot.subject or "standard"
    return Report(
        kind=ReportKind.MANUAL,
        locale=t.locale,
        title=t("report.title.manual"),
        subject=subject,
        subtitle=t("report.manual.subtitle", template=template.name, version=template.version),
        generated_at=now,
        facts=(
            (t("report.manual.template"), template.name),
            (t("report.manual.version"), template.version),
            (t("report.manual.for"), snapshot.subject or t("report.manual.default")),
        ),
        sections=(intro, *stages),
        texts=labels(t),
        lists_gaps=False,
    )
