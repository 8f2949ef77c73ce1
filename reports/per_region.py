"""Answers written one line per region, as template 2.0 asks for the consequences ("Region X: …",
X a region of the programme file): the lines that begin with one of the delprojekt's regions and a
colon belong to that region, the others to all regions. The slutrapport's consequences per region
are built from them, and its anchoring per region in columns that fit a page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from domain.delprojekt import Delprojekt
from presentation.i18n import Texts
from reports.document import Block, Paragraph, Subheading, Table
from reports.formatting import day

# A line may open with a list mark, as people write lists in Teams.
_BULLET = r"(?:[-–•*]\s*)?"


@dataclass
class RegionLines:
    """One answer (or several joined) split into the lines for all regions and those per region."""

    common: list[str] = field(default_factory=list)
    regions: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: RegionLines) -> None:
        self.common.extend(other.common)
        for region, lines in other.regions.items():
            self.regions.setdefault(region, []).extend(lines)

    @property
    def empty(self) -> bool:
        return not self.common and not any(self.regions.values())


def names_of(region: str) -> tuple[str, ...]:
    """How a line may name a region: its full name, or its name without "Region " before it."""
    short = region.removeprefix("Region ").strip()
    return (region, short) if short and short != region else (region,)


@cache
def _pattern(regions: tuple[str, ...]) -> re.Pattern[str]:
    names = sorted({name for region in regions for name in names_of(region)}, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"^\s*{_BULLET}({alternatives})\s*:\s*(.*)$", re.IGNORECASE)


def split_lines(text: str, regions: Iterable[str]) -> RegionLines:
    """The answer's non-empty lines, each under the region it opens with or under all regions."""
    regions = tuple(regions)
    result = RegionLines(regions={region: [] for region in regions})
    pattern = _pattern(regions) if regions else None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        match = pattern.match(stripped) if pattern else None
        region = _region_named(match[1], regions) if match else None
        if region is None:
            result.common.append(stripped)
        elif match[2].strip():
            rest = match[2].strip()
            # The line's own text, now that the table names the region: "ingen förändring" -> "Ingen …".
            result.regions[region].append(rest[:1].upper() + rest[1:])
    return result


def _region_named(name: str, regions: tuple[str, ...]) -> str | None:
    folded = name.casefold()
    return next((r for r in regions if folded in (n.casefold() for n in names_of(r))), None)


# A table with a column per region reads well only while its cells are short: beyond this many
# characters in a cell, each aspect gets a table of its own with a row per region instead (the
# columns of a portrait page are too narrow for paragraphs).
MATRIX_CELL_MAX = 100


def consequence_tables(
    texts: Texts, regions: list[str], rows: list[tuple[str, RegionLines | None]], caption: str
) -> list[Block]:
    """The consequences per region: one table with a column per region (and one for what applies
    to all) when the answers are short; otherwise, per aspect, a table with a row per region. A
    row whose answer is missing (None) says so in every cell."""
    t = texts
    not_assessed = t("report.v2.not_assessed")
    common = any(lines is not None and lines.common for _, lines in rows)

    def cell(lines: list[str]) -> str:
        return "\n\n".join(lines) or "–"

    longest = max(
        (len(cell(part)) for _, lines in rows if lines is not None for part in (lines.common, *lines.regions.values())),
        default=0,
    )
    if longest <= MATRIX_CELL_MAX:
        headers = (t("report.v2.col.aspect"), *((t("report.v2.col.all_regions"),) if common else ()), *regions)
        table_rows = []
        for label, lines in rows:
            if lines is None:
                cells = [not_assessed] * (len(headers) - 1)
            else:
                cells = [*((cell(lines.common),) if common else ()), *(cell(lines.regions.get(r, [])) for r in regions)]
            table_rows.append((label, *cells))
        return [Table(headers, tuple(table_rows), caption=caption)]
    blocks: list[Block] = [Paragraph(t("report.v2.consequences_lead"))]
    headers = (t("report.v2.col.region"), t("report.v2.col.assessment"))
    for label, lines in rows:
        blocks.append(Subheading(label, level=3))
        if lines is None:
            blocks.append(Paragraph(not_assessed))
            continue
        table_rows = [(t("report.v2.col.all_regions"), cell(lines.common))] if lines.common else []
        table_rows += [(region, cell(lines.regions[region])) for region in regions if lines.regions.get(region)]
        blocks.append(Table(headers, tuple(table_rows)))
    return blocks


def anchoring_by_region(texts: Texts, project: Delprojekt) -> list[Block]:
    """The anchoring log region by region, in four columns that fit a page: the date, the forum
    with whom, the outcome with the views; a region with no entry says so."""
    t = texts
    rows = []
    for region in project.regions:
        entries = sorted((e for e in project.anchoring if e.region == region), key=lambda e: (e.on, e.recorded_at))
        if not entries:
            rows.append((region, "–", "–", t("report.not_anchored")))
        for e in entries:
            who = t("report.v2.anchoring_who", forum=t(f"anchoring.forum.{e.forum.value}"), who=e.who)
            outcome = t(f"anchoring.outcome.{e.outcome.value}")
            said = t("report.v2.anchoring_said", outcome=outcome, views=e.views.strip()) if e.views.strip() else outcome
            rows.append((region, day(e.on), who, said))
    headers = tuple(t(f"report.v2.col.{c}") for c in ("region", "date", "anchored_with", "anchoring_outcome"))
    return [Table(headers, tuple(rows))] if rows else []
