"""The översikt: the portfolio for the kansli and the ledningsgrupp, every delprojekt by phase with
the counts of seed 000 as domain/portfolio.py defines them (the card uses the same)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from domain import portfolio
from domain.delprojekt import Delprojekt
from presentation.i18n import Texts
from reports.context import labels
from reports.document import Paragraph, Report, ReportKind, Section, Table
from reports.formatting import day
from reports.snapshot import PortfolioRow, PortfolioSnapshot

COLUMNS = (
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


def oversikt(snapshot: PortfolioSnapshot, texts: Texts, now: datetime) -> Report:
    """The portfolio for the kansli and the ledningsgrupp: started, reported, in follow-up (seed 000)."""
    t = texts
    groups: dict[str, list[PortfolioRow]] = {
        phase: [] for phase in ("initiated", "working", "reporting", "follow_up", "ended")
    }
    for row in sorted(snapshot.rows, key=lambda r: r.project.key):
        groups[portfolio.phase(row.project)].append(row)
    figures = portfolio.counts(r.project for r in snapshot.rows)
    headers = tuple(t(f"report.col.{c}") for c in COLUMNS)
    sections = []
    for group, rows in groups.items():
        table_rows = tuple(_row(t, r) for r in rows)
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
        texts=labels(t),
    )


def _row(t: Texts, r: PortfolioRow) -> tuple[str, ...]:
    p = r.project
    return (
        str(p.key),
        p.title,
        t(f"stages.{p.stage.value}.name"),
        p.ordforande.name if p.ordforande else "–",
        ", ".join(p.regions),
        day(p.stage_entered_at),
        str(r.meetings),
        day(r.last_meeting),
        str(r.open_actions),
        str(r.overdue_actions),
        _regions_decided(t, p),
    )


def _regions_decided(t: Texts, project: Delprojekt) -> str:
    """After the nämnd: how many regions have taken their own decision, and which have not."""
    if not portfolio.final_reported(project):
        return ""
    waiting = [r for r in project.regions if project.regional_decision(r) is None]
    decided = len(project.regions) - len(waiting)
    text = t("report.regions_decided", decided=decided, total=len(project.regions))
    return text + (t("report.regions_waiting", regions=", ".join(waiting)) if waiting else "")
