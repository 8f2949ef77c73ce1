"""The front matter of the slutrapport: its cover and the version status the cover and the footer
print (the one thing of the ledningsgrupp's handling the report shows)."""

from __future__ import annotations

from datetime import datetime

from domain.decisions import DecisionKind, DecisionOutcome
from presentation.i18n import Texts
from reports.document import Cover
from reports.formatting import day
from reports.slutrapport_scope import REPORT_STAGE
from reports.snapshot import DelprojektSnapshot


def version_status(snapshot: DelprojektSnapshot, texts: Texts, gaps: int) -> tuple[str, str]:
    """The version status on the cover, and its short form for the footer. A report for the
    ledningsgrupp with required content missing stays a draft: it never claims to be final."""
    t, p = texts, snapshot.project
    approval = p.decision(DecisionKind.LEDNINGSGRUPP_APPROVAL)
    if approval is not None and approval.approves:
        key = "report.v2.status.approved" if approval.diarienummer else "report.v2.status.approved_no_dnr"
        date = day(approval.decided_on)
        return t(key, date=date, dnr=approval.diarienummer), t("report.v2.status_short.approved", date=date)
    if approval is not None and approval.outcome is DecisionOutcome.ATERREMISS:
        date = day(approval.decided_on)
        return t("report.v2.status.returned", date=date), t("report.v2.status_short.returned", date=date)
    if p.stage is REPORT_STAGE and gaps == 0:
        return t("report.v2.status.final"), t("report.v2.status_short.final")
    if p.stage is REPORT_STAGE:
        return t.count("report.v2.status.incomplete", gaps), t("report.v2.status_short.draft")
    return t("report.v2.status.draft"), t("report.v2.status_short.draft")


def cover(snapshot: DelprojektSnapshot, texts: Texts, now: datetime, status: str) -> Cover:
    t, p = texts, snapshot.project
    chair = p.ordforande
    start = p.decision(DecisionKind.LEDNINGSGRUPP_START)
    sender = (
        t("report.v2.cover.sender", chair=chair.name, region=chair.region or "")
        if chair is not None and chair.region
        else t("report.v2.cover.sender_no_chair")
    )
    lines = (
        (t("report.v2.cover.key"), str(p.key)),
        (t("report.v2.cover.dnr"), start.diarienummer if start and start.diarienummer else "–"),
        (t("report.v2.cover.date"), day(now)),
        (t("report.v2.cover.status"), status),
        (t("report.v2.cover.from"), sender),
        (t("report.v2.cover.to"), t("report.v2.cover.recipient")),
        (t("report.v2.cover.regions"), ", ".join(p.regions)),
    )
    return Cover(t("report.v2.cover.programme"), t("report.title.slutrapport"), p.title, lines, status)
