"""A report as a format-neutral document: sections of paragraphs, tables, lists and marked gaps.
Every renderer (DOCX, HTML, Markdown) draws this same structure, so the formats never disagree."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ReportKind(StrEnum):
    SLUTRAPPORT = "slutrapport"
    UPPDRAG = "uppdrag"
    PROTOKOLL = "protokoll"
    OVERSIKT = "oversikt"
    UPPFOLJNING = "uppfoljning"
    MANUAL = "manual"  # the process manual of a template (KEFU 1), not a delprojekt's data


class Format(StrEnum):
    DOCX = "docx"
    HTML = "html"
    MD = "md"


MEDIA_TYPES = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.HTML: "text/html; charset=utf-8",
    Format.MD: "text/markdown; charset=utf-8",
}


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str = ""  # a question or field name shown before the text
    kind: str = "paragraph"

    @property
    def lead(self) -> str:
        """The label as printed before the text: a question keeps its own punctuation."""
        return self.label if self.label.endswith(("?", ":", ".", "!")) else f"{self.label}:"


@dataclass(frozen=True)
class Gap:
    """Required content that is missing: always shown, never silently left out."""

    text: str
    item_id: str | None = None
    kind: str = "gap"
    # Every checklist item the gap stands for (a section names its missing answers in one gap);
    # kept for tests and the completeness count, never printed: the reader sees `text`.
    item_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    kind: str = "table"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    caption: str = ""
    kind: str = "bullets"


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section (one vägval, one region)."""

    text: str
    level: int = 2  # 2: a part of the section; 3: one item in that part (one vägval)
    kind: str = "subheading"


@dataclass(frozen=True)
class Numbered:
    """A numbered list under an intro line: the att-satser of a förslag till beslut."""

    items: tuple[str, ...]
    intro: str = ""
    kind: str = "numbered"


Block = Paragraph | Gap | Table | Bullets | Subheading | Numbered


@dataclass(frozen=True)
class Cover:
    """The försättsblad: who sends what to whom, and in which version."""

    programme: str  # the programme and sjukvårdsregion, as the letterhead gives them
    title: str
    subtitle: str
    lines: tuple[tuple[str, str], ...]  # label/value: key, dnr, date, version status, sender, recipient
    status: str  # the version status alone (utkast / slutversion / godkänd), also for the footer


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...]
    # Answered/filled pieces of content, for the completeness shown on the summary card.
    filled: int = 0
    # The heading as printed ("3. Förslag till beslut", "Bilaga 2. Beslutsregister"); empty: the
    # renderer numbers the section itself.
    heading: str = ""

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Gap))

    def plain_text(self) -> str:
        """The section as lines of text: what the section diff and the content hash compare."""
        lines = [f"# {self.title}"]
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(f"{block.lead} {block.text}" if block.label else block.text)
            elif isinstance(block, Gap):
                lines.append(f"! {block.text}")
            elif isinstance(block, Table):
                if block.caption:
                    lines.append(block.caption)
                lines.append(" | ".join(block.headers))
                lines.extend(" | ".join(row) for row in block.rows)
            elif isinstance(block, Subheading):
                lines.append(f"{'#' * block.level} {block.text}")
            elif isinstance(block, Numbered):
                if block.intro:
                    lines.append(block.intro)
                lines.extend(f"{n}. {item}" for n, item in enumerate(block.items, start=1))
            else:
                if block.caption:
                    lines.append(block.caption)
                lines.extend(f"- {item}" for item in block.items)
        return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    locale: str
    title: str
    subject: str  # the delprojekt key, or "översikt"
    subtitle: str
    generated_at: datetime
    facts: tuple[tuple[str, str], ...]  # label/value pairs on the first page
    sections: tuple[Section, ...]
    cited: tuple[str, ...] = ()  # register ids (B-n, V-n) cited in the text
    texts: dict[str, str] = field(default_factory=dict)  # labels the renderers need
    cover: Cover | None = None  # a försättsblad instead of the facts page (the slutrapport)
    # A report on a delprojekt's data names what is missing on its first page; the manual is no
    # such report and has nothing to miss.
    lists_gaps: bool = True

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(gap for section in self.sections for gap in section.gaps)

    def section_texts(self) -> list[dict[str, str]]:
        return [{"id": s.id, "title": s.title, "text": s.plain_text()} for s in self.sections]

    def content_hash(self) -> str:
        """Hash of the content, not of the bytes: the same content hashes the same whenever made."""
        # The cover's date is the generation day: only its version status is content.
        cover = [self.cover.status] if self.cover else []
        payload = json.dumps(
            [self.kind, self.locale, self.title, self.facts, *cover, self.section_texts()], ensure_ascii=False
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
