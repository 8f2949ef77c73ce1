"""The slutrapport's outline as data (reports/outline.toml): its sections in order, which of the
checklist template's sections or items feed each, the rows of the consequences table, and the
sentences short answers become. Item ids live in that file, not in the builder, so a new template
version changes a data file, and a template section the outline does not know still gets printed.

There is one outline per template version line: a template follows the outline with the highest
`since` not later than its own version, so a delprojekt on template 1.0 keeps the report it had
while one on 2.0 gets the outline of the programme's own documents."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from domain.checklists.model import Item, Template, version_key

OUTLINE_FILE = Path(__file__).with_name("outline.toml")


@dataclass(frozen=True)
class OutlineSection:
    id: str
    feeds: tuple[str, ...] = ()  # template section ids
    items: tuple[str, ...] = ()  # single items taken from their template section into this one
    # The heading's text (report.v2.section.<heading>) when it is not the section id's.
    heading: str = ""
    # A template section the outline does not name: printed with the template's own title.
    template_title: dict[str, str] | None = None


@dataclass(frozen=True)
class Outline:
    sections: tuple[OutlineSection, ...]
    consequences: tuple[tuple[str, tuple[str, ...]], ...]  # row id, the items whose answers fill it
    phrases: dict[str, dict[str, str]]  # item id -> locale -> sentence with {value}
    since: str = "1.0"  # the first template version this outline is for
    # The consequences table has a column per region ("Region …: …" lines), not one for all.
    per_region: bool = False

    def for_template(self, template: Template) -> Outline:
        """The outline with a section for every template section it does not place (before the
        bilagor), so that no answer of a new template version is left out of the report."""
        placed = {feed for s in self.sections for feed in s.feeds}
        extra = tuple(
            OutlineSection(ts.id, feeds=(ts.id,), template_title={"sv": ts.title("sv"), "en": ts.title("en")})
            for ts in template.sections
            if ts.id not in placed and ts.id != "bilagor"
        )
        return replace(self, sections=self.sections + extra)

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

    def named_items(self) -> list[str]:
        """Every item id the outline names: section items, consequence rows and phrases."""
        return [
            *(i for s in self.sections for i in s.items),
            *(i for _, items in self.consequences for i in items),
            *self.phrases,
        ]


@cache
def outlines() -> tuple[Outline, ...]:
    """Every outline of the file, oldest `since` first; the phrases are shared (an item id names
    the same question in every template version)."""
    raw = tomllib.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    phrases = dict(raw.get("phrases", {}))
    result = []
    for entry in raw["outlines"]:
        sections = tuple(
            OutlineSection(s["id"], tuple(s.get("feeds", ())), tuple(s.get("items", ())), s.get("heading", ""))
            for s in entry["sections"]
        )
        consequences = tuple((row["id"], tuple(row["items"])) for row in entry.get("consequences", ()))
        result.append(
            Outline(sections, consequences, phrases, str(entry["since"]), bool(entry.get("per_region", False)))
        )
    return tuple(sorted(result, key=lambda o: version_key(o.since)))


def outline_for(template: Template) -> Outline:
    """The outline a template version's slutrapport follows, with its unplaced sections added."""
    candidates = [o for o in outlines() if version_key(o.since) <= template.version_key]
    chosen = candidates[-1] if candidates else outlines()[0]
    return chosen.for_template(template)


def outline() -> Outline:
    """The outline of the newest template versions (what a new delprojekt's report follows)."""
    return outlines()[-1]
