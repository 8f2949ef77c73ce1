"""Use cases: load a snapshot, check who may have the report, build and render it, record it.

Building and rendering run in a worker thread: a large Word document takes CPU time that must not
stall the event loop that serves every other Teams turn."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.audit import AuditEntry
from domain.checklists.answers import in_force
from domain.checklists.library import TemplateLibrary
from domain.decisions import DecisionKind
from domain.delprojekt import Delprojekt
from domain.errors import DomainError, NotAllowed, NotFound
from domain.keys import DelprojektKey
from domain.permissions import Actor, may_get_portfolio, may_get_report
from domain.programme import Programme
from domain.report_records import GeneratedReport
from presentation.i18n import Texts
from reports import builders
from reports.document import MEDIA_TYPES, Format, Report, ReportKind
from reports.manual import ManualSnapshot, manual
from reports.render import file_name, render
from reports.snapshot import DelprojektSnapshot, PortfolioRow, PortfolioSnapshot

if TYPE_CHECKING:
    from reports.word_style import StyleTemplate


class NoSuchMeeting(DomainError):
    key = "report.no_meeting"


@dataclass(frozen=True)
class ReportRequest:
    kind: ReportKind
    format: Format
    locale: str
    key: DelprojektKey | None = None  # None only for the översikt
    meeting: int | None = None  # the protokoll's meeting number


async def delprojekt_snapshot(uow, project: Delprojekt, library: TemplateLibrary, today: date) -> DelprojektSnapshot:
    return DelprojektSnapshot(
        project=project,
        meetings=tuple(await uow.meetings.of_delprojekt(project.id)),
        # only the current version's answers are report text (an earlier version's are history)
        answers=in_force(library.get(project.checklist_template), await uow.checklists.answers_of(project.id)),
        template=library.get(project.checklist_template),
        today=today,
        strategic_questions=tuple(await uow.strategic.of_delprojekt(project.id)),
        frozen_uppdrag=(
            await uow.delprojekt.uppdrag_version(project.id, project.uppdrag_frozen)
            if project.uppdrag_frozen is not None
            else None
        ),
    )


async def portfolio_snapshot(uow, today: date) -> PortfolioSnapshot:
    counts = await uow.reports.portfolio_counts(today)
    rows = []
    for project in await uow.delprojekt.all():
        held, last, open_actions, overdue = counts.get(project.id, (0, None, 0, 0))
        rows.append(PortfolioRow(project, held, last, open_actions, overdue))
    return PortfolioSnapshot(tuple(rows), today)


def build(
    request: ReportRequest,
    snapshot: DelprojektSnapshot | PortfolioSnapshot,
    now: datetime,
    programme: Programme | None = None,
) -> Report:
    texts = Texts(request.locale, programme)
    if request.kind is ReportKind.OVERSIKT:
        return builders.oversikt(snapshot, texts, now)
    if request.kind is ReportKind.MANUAL:
        return manual(snapshot, texts, now)
    if request.kind is ReportKind.PROTOKOLL:
        try:
            return builders.protokoll(snapshot, texts, now, request.meeting or 0)
        except KeyError:
            raise NoSuchMeeting(key=str(request.key), number=request.meeting) from None
    build_kind = {
        ReportKind.SLUTRAPPORT: builders.slutrapport,
        ReportKind.UPPDRAG: builders.uppdrag,
        ReportKind.UPPFOLJNING: builders.uppfoljning,
    }[request.kind]
    return build_kind(snapshot, texts, now)


async def load(uow, request: ReportRequest, actor: Actor, library: TemplateLibrary, today: date, ledningsgrupp):
    """The snapshot the request needs, after checking that the actor may have it."""
    if request.kind is ReportKind.OVERSIKT:
        if not may_get_portfolio(actor, ledningsgrupp):
            raise NotAllowed(key="oversikt")
        return None, await portfolio_snapshot(uow, today)
    if request.kind is ReportKind.MANUAL:
        # the manual is for everyone: the template a delprojekt follows, else the default
        if request.key is None:
            return None, ManualSnapshot(library.default())
        project = await uow.delprojekt.get(request.key)
        if project is None:
            raise NotFound(key=str(request.key))
        return project, ManualSnapshot(library.get(project.checklist_template), str(project.key))
    project = await uow.delprojekt.get(request.key)
    if project is None:
        raise NotFound(key=str(request.key))
    if not may_get_report(actor, project, request.kind.value, ledningsgrupp):
        raise NotAllowed(key=str(project.key))
    return project, await delprojekt_snapshot(uow, project, library, today)


def _render(
    request: ReportRequest, snapshot, now: datetime, programme: Programme, style: StyleTemplate | None
) -> tuple[Report, bytes]:
    report = build(request, snapshot, now, programme)
    return report, render(report, request.format, style)


def word_style(library: TemplateLibrary) -> StyleTemplate:
    """The Word style template of this service (TEMPLATE_DIR/rapportmall.docx or the shipped one);
    WordTemplateInvalid, before anything is loaded or recorded, when it cannot be used."""
    # python-docx is imported with the first Word report, not at start-up (issue 18).
    from reports.word_style import load_style_template, style_template_path

    return load_style_template(style_template_path(library.directory))


async def produce(
    uow_factory,
    request: ReportRequest,
    actor: Actor,
    library: TemplateLibrary,
    now: datetime,
    ledningsgrupp: frozenset[str] = frozenset(),
    frozen_for: str | None = None,
) -> tuple[GeneratedReport, Report]:
    """Generate the report and record it (`frozen_for`: as the version a decision was taken on).
    NotFound, NotAllowed, NoSuchMeeting or a Word style template that cannot be used
    (WordTemplateInvalid) change nothing."""
    style = await asyncio.to_thread(word_style, library) if request.format is Format.DOCX else None
    async with uow_factory() as uow:
        project, snapshot = await load(uow, request, actor, library, now.date(), ledningsgrupp)
    report, content = await asyncio.to_thread(_render, request, snapshot, now, library.programme, style)
    record = GeneratedReport(
        subject=report.subject,
        kind=request.kind.value,
        format=request.format.value,
        locale=request.locale,
        by=actor.label,
        by_id=actor.aad_object_id,
        at=now,
        content_hash=report.content_hash(),
        gaps=len(report.gaps),
        sections=report.section_texts(),
        file_name=file_name(report, request.format),
        media_type=MEDIA_TYPES[request.format],
        content=content,
        delprojekt_id=project.id if project else None,
        meeting_number=request.meeting if request.kind is ReportKind.PROTOKOLL else None,
        frozen_for=frozen_for,
    )
    async with uow_factory() as uow:
        report_id = await uow.reports.add(record)
        if frozen_for is not None and project is not None:
            # The decision's record cites the version it was taken on: id and content hash.
            await uow.audit.record(
                project.id,
                AuditEntry(
                    str(project.key), now, actor.label, actor.aad_object_id, "report_frozen", None,
                    {"decision": frozen_for, "version": report_id, "hash": record.content_hash[:12]},
                ),
            )  # fmt: skip
        await uow.commit()
    return GeneratedReport(**{**record.__dict__, "id": report_id}), report


async def freeze_for_decision(
    uow_factory,
    key: DelprojektKey,
    decision: DecisionKind,
    actor: Actor,
    library: TemplateLibrary,
    now: datetime,
    locale: str,
) -> GeneratedReport:
    """Freeze the slutrapport the ledningsgrupp's decision on it was taken on: generated now, in the
    programme's language, as Word (bytes, hash and section texts kept), marked with the decision."""
    request = ReportRequest(ReportKind.SLUTRAPPORT, Format.DOCX, locale, key)
    # The kansli records decisions; a kansli actor may have every report.
    record, _ = await produce(uow_factory, request, actor, library, now, frozen_for=decision.value)
    return record


async def changes(
    uow_factory,
    key: DelprojektKey,
    actor: Actor,
    library: TemplateLibrary,
    now: datetime,
    locale: str,
    base_id: int | None = None,
    ledningsgrupp: frozenset[str] = frozenset(),
):
    """The current slutrapport against an earlier recorded one: `base_id`, or else the version the
    ledningsgrupp decided on (frozen when its decision was recorded), or else the newest.

    Returns (project, base or None, history, current report)."""
    request = ReportRequest(ReportKind.SLUTRAPPORT, Format.MD, locale, key)
    async with uow_factory() as uow:
        project, snapshot = await load(uow, request, actor, library, now.date(), ledningsgrupp)
        history = await uow.reports.history(project.id, ReportKind.SLUTRAPPORT.value)
    current = await asyncio.to_thread(build, request, snapshot, now, library.programme)
    if base_id is None:
        frozen = next((h for h in history if h.frozen_for == DecisionKind.LEDNINGSGRUPP_APPROVAL.value), None)
        base = frozen or (history[0] if history else None)
    else:
        base = next((h for h in history if h.id == base_id), None)
    return project, base, history, current
