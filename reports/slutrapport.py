"""The slutrapport: the arbetsgrupp's work written as the report a ledningsgrupp approves.

Prose under the outline's headings (reports/outline.toml), not questions and answers: a long
answer is its section's text, a short one becomes a sentence, yes/no self-assessments go to the
bilaga. Only what existed when the report went to the ledningsgrupp is in it (`as_at_report`): the
ledningsgrupp's and the nämnd's handling, the regions' decisions, implementation and follow-up
belong to the uppföljningsrapport. What is missing is named once per section and listed in a
bilaga, and a draft with gaps never calls itself the final version.

This module puts the report together; its parts are what the report holds
(reports/slutrapport_scope.py), answers to prose (slutrapport_prose.py), the outline's sections
(slutrapport_sections.py), the bilagor (slutrapport_bilagor.py) and the cover with the version
status (slutrapport_front.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from presentation.i18n import Texts
from reports.context import labels
from reports.document import Block, Report, ReportKind, Section
from reports.outline import outline_for
from reports.slutrapport_bilagor import bilaga_beslut, bilaga_checklista, bilaga_moten, bilaga_saknas
from reports.slutrapport_front import cover, version_status
from reports.slutrapport_prose import Writer
from reports.slutrapport_scope import REPORT_STAGE, as_at_report, in_report, report_time
from reports.slutrapport_sections import SectionWriter
from reports.snapshot import DelprojektSnapshot

__all__ = ["APPENDICES", "MAIN_BUILDERS", "REPORT_STAGE", "as_at_report", "in_report", "report_time", "slutrapport"]


MAIN_BUILDERS = (
    "sammanfattning", "uppdrag", "organisation", "arbetssatt", "organisation_forankring", "analys", "konsekvenser",
    "ekonomi", "kunskapsstyrning", "implementering", "uppfoljning", "kommunikation", "mjuka_resultat",
    "avvikande_meningar",
)  # fmt: skip
# The bilagor in their order; the last lists what is missing, so it needs the sections' titles.
APPENDICES: dict[str, Callable[[Writer], list[Block]]] = {
    "bilaga_moten": bilaga_moten,
    "bilaga_beslut": bilaga_beslut,
    "bilaga_checklista": bilaga_checklista,
}


def slutrapport(snapshot: DelprojektSnapshot, texts: Texts, now: datetime) -> Report:
    t = texts
    scoped = as_at_report(snapshot)
    plan = outline_for(scoped.template)
    w = SectionWriter(scoped, texts, plan)
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
    for number, sid in enumerate([*APPENDICES, "bilaga_saknas"], start=1):
        title = t(f"report.v2.section.{sid}")
        blocks = bilaga_saknas(w, titles) if sid == "bilaga_saknas" else APPENDICES[sid](w)
        sections.append(
            Section(sid, title, tuple(blocks), len(blocks), heading=t("report.v2.appendix", number=number, title=title))
        )
    gaps = sum(len(s.gaps) for s in sections)
    # The version status is the one thing of the ledningsgrupp's handling the report shows.
    status, short = version_status(snapshot, texts, gaps)
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
        texts={**labels(t), "footer": f"{t('report.title.slutrapport')} {scoped.project.key} · {short}"},
        cover=cover(scoped, texts, now, status),
    )
