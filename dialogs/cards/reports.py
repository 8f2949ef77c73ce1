"""The report summary card: sections with completeness, the gaps, cited decisions, download links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogs.cards import adaptive_card, fact_set, submit, text_block
from presentation.i18n import Texts
from reports.diff import SectionChange
from reports.document import Format, Report
from reports.formatting import moment

GAPS_SHOWN = 8
LINES_SHOWN = 6


def _status_facts(texts: Texts, report: Report) -> list[tuple[str, str]]:
    """A report with a cover shows its version status; the others their last fact (the gap count)."""
    if report.cover is not None:
        return [(texts("report.v2.cover.status"), report.cover.status)]
    return list(report.facts[-1:])


def summary_card(
    texts: Texts, report: Report, fmt: Format, url: str, expires_at: datetime, request_data: dict[str, Any]
) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        text_block(
            texts("report.summary_title", title=report.title, subject=report.subtitle), size="Medium", weight="Bolder"
        ),
        fact_set(_status_facts(texts, report) + [(texts("report.label.cited"), str(len(report.cited)))]),
        text_block(texts("report.summary_sections"), weight="Bolder", spacing="Medium"),
    ]
    lines = [
        texts("report.summary_section_line", title=s.title, filled=s.filled, gaps=len(s.gaps)) for s in report.sections
    ]
    body.append(text_block("\n".join(f"- {line}" for line in lines)))
    gaps = report.gaps
    if gaps:
        body.append(text_block(texts.count("report.summary_gaps", len(gaps)), weight="Bolder", color="Attention"))
        shown = "\n".join(f"- {gap.text}" for gap in gaps[:GAPS_SHOWN])
        if len(gaps) > GAPS_SHOWN:
            shown += "\n\n" + texts("report.summary_more_gaps", count=len(gaps) - GAPS_SHOWN)
        body.append(text_block(shown))
    body.append(text_block(texts("report.summary_expires", until=moment(expires_at)), isSubtle=True, size="Small"))
    actions = [
        {"type": "Action.OpenUrl", "title": texts("report.download", format=texts(f"report.format.{fmt}")), "url": url}
    ]
    for other in Format:
        if other is not fmt:
            data = {**request_data, "action": "report", "format": other.value}
            actions.append(submit(texts("report.also_as", format=texts(f"report.format.{other}")), data))
    return adaptive_card(body, actions)


def manual_card(
    texts: Texts, report: Report, fmt: Format, url: str, expires_at: datetime, request_data: dict[str, Any]
) -> dict[str, Any]:
    """`hjälp manual`: a short text and the manual as a document (download, or another format)."""
    facts = dict(report.facts)
    subject = request_data.get("delprojekt") or texts("report.manual.default_subject")
    questions = sum(s.filled for s in report.sections)
    body: list[dict[str, Any]] = [
        text_block(texts("report.manual.card_title", subject=subject), size="Medium", weight="Bolder"),
        text_block(
            texts(
                "report.manual.card_text",
                count=questions,
                template=facts.get(texts("report.manual.template"), ""),
                version=facts.get(texts("report.manual.version"), ""),
            )
        ),
        text_block(texts("report.summary_expires", until=moment(expires_at)), isSubtle=True, size="Small"),
    ]
    actions = [
        {"type": "Action.OpenUrl", "title": texts("report.download", format=texts(f"report.format.{fmt}")), "url": url}
    ]
    for other in Format:
        if other is not fmt:
            data = {**request_data, "action": "report", "format": other.value}
            actions.append(submit(texts("report.also_as", format=texts(f"report.format.{other}")), data))
    return adaptive_card(body, actions)


def changes_card(texts: Texts, key: str, base_line: str, changes: list[SectionChange], versions: str) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        text_block(texts("report.changes_title", key=key), size="Medium", weight="Bolder"),
        text_block(base_line, isSubtle=True),
    ]
    for change in changes:
        if change.change == "added":
            body.append(text_block(texts("report.changes_section_added", title=change.title), weight="Bolder"))
        elif change.change == "removed":
            body.append(text_block(texts("report.changes_section_removed", title=change.title), weight="Bolder"))
        else:
            body.append(
                text_block(
                    texts(
                        "report.changes_section_changed",
                        title=change.title,
                        added=len(change.added),
                        removed=len(change.removed),
                    ),
                    weight="Bolder",
                )
            )
        sample = [f"+ {line}" for line in change.added[:LINES_SHOWN]] + [
            f"− {line}" for line in change.removed[:LINES_SHOWN]
        ]
        if sample:
            body.append(text_block("\n\n".join(sample), size="Small", fontType="Monospace"))
    if versions:
        body.append(text_block(versions, isSubtle=True, size="Small"))
    return adaptive_card(body)
