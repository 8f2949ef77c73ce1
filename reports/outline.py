"""The slutrapport's outline as data (reports/outline.toml): its sections in order, which of the
checklist template's sections or items feed each, the rows of the consequences table, and the
sentences short answers become. Item ids live in that file, not in the builder, so a new template
version changes a data file, and a template section the outline does not know still gets printed."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from domain.checklists.model import Item, Template

OUTLINE_FILE = Path(__file__).with_name("outline.toml")


@dataclass(frozen=True)
class OutlineSection:
    id: str
    feeds: tuple[str, ...] = ()  # template section ids
    items: tuple[str, ...] = ()  # single items taken from their template section into this one
    # A template section the outline does not name: printed with the template's own title.
    template_title: dict[str, str] | None = None


@dataclass(frozen=True)
class Outline:
    sections: tuple[OutlineSection, ...]
    consequences: tuple[tuple[str, tuple[str, ...]], ...]  # row id, the items whose answers fill it
    phrases: dict[str, dict[str, str]]  # item id -> locale -> sentence with {value}

    def for_template(self, template: Template) -> Outline:
        """The outline with a section for every template section it does not place (before the
        bilagor), so that no answer of a new template version is left out of the report."""
        placed = {feed for s in self.sections for feed in s.feeds}
        extra = tuple(
            OutlineSection(ts.id, feeds=(ts.id,), template_title={"sv": ts.title("sv"), "en": ts.title("en")})
            for ts in template.sections
            if ts.id not in placed and ts.id != "bilagor"
        )
        return Outline(self.sections + extra, self.consequences, self.phrases)

    def section_of(self, item: Item) -> str | None:
        """The outline section an item's answer is written into; None: the bilaga only."""
        for section in self.sections:
            if item.id in section.items:
                return section.id
        for section in self.sections:
            if item.section in section.feeds:
                return section.id
        return None

    def consequence_row(self, item_id: str) -> str | None:
        return next((row for row, items in self.consequences if item_id in items), None)


@cache
def outline() -> Outline:
    raw = tomllib.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    sections = tuple(
        OutlineSection(s["id"], tuple(s.get("feeds", ())), tuple(s.get("items", ()))) for s in raw["sections"]
    )
    consequences = tuple((row["id"], tuple(row["items"])) for row in raw.get("consequences", ()))
    return Outline(sections, consequences, dict(raw.get("phrases", {})))
