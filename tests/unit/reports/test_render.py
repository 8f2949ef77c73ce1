"""Rendering: every kind in every format, Word opened back, the same snapshot gives the same bytes,
user text never becomes markup, and a template bug fails loudly."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, datetime

import docx
import pytest
from jinja2 import UndefinedError

from domain.minutes import Entry, EntryKind
from presentation.i18n import Texts
from reports import builders
from reports.document import Format, ReportKind
from reports.render import _environment, file_name, md_escape, render
from reports.snapshot import PortfolioRow, PortfolioSnapshot
from tests.harness.example_delprojekt import example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV = Texts("sv")
INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)> **fet** [länk](http://evil)'


@pytest.fixture(scope="module")
def snapshot():
    return example_snapshot(meetings=12)


def _all_reports(snapshot, texts=SV, now=NOW):
    portfolio = PortfolioSnapshot((PortfolioRow(snapshot.project, 12, None, 3, 1),), snapshot.today)
    return {
        ReportKind.SLUTRAPPORT: builders.slutrapport(snapshot, texts, now),
        ReportKind.UPPDRAG: builders.uppdrag(snapshot, texts, now),
        ReportKind.PROTOKOLL: builders.protokoll(snapshot, texts, now, 3),
        ReportKind.OVERSIKT: builders.oversikt(portfolio, texts, now),
        ReportKind.UPPFOLJNING: builders.uppfoljning(snapshot, texts, now),
    }


def _docx_text(data: bytes) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return document, "\n".join(parts)


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_every_kind_in_every_format(snapshot, locale):
    for kind, report in _all_reports(snapshot, Texts(locale)).items():
        for fmt in Format:
            data = render(report, fmt)
            assert len(data) > 500, (kind, fmt)
            if fmt is Format.DOCX:
                document, text = _docx_text(data)
                headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
                for number, section in enumerate(report.sections, start=1):
                    assert (section.heading or f"{number}. {section.title}") in headings, (kind, section.id)
            else:
                text = data.decode("utf-8")
                for section in report.sections:
                    assert section.title in text, (kind, fmt, section.id)
            assert report.title in text


def test_word_slutrapport_has_tables_cited_ids_gaps_and_page_numbers(snapshot):
    answers = {k: v for k, v in snapshot.answers.items() if k != "fo_andra_verksamheter"}  # one gap
    report = builders.slutrapport(replace(snapshot, answers=answers), SV, NOW)
    data = render(report, Format.DOCX)
    document, text = _docx_text(data)
    headers = [tuple(cell.text for cell in table.rows[0].cells) for table in document.tables if table.rows]
    assert ("Region", "Namn", "Roll", "Organisation") in headers
    assert ("Region", "Arbetsgruppens bedömning") in headers  # the consequences, a table per area
    assert ("Åtgärd", "Ansvarig", "Klart senast", "Möte") in headers
    members = next(t for t in document.tables if tuple(c.text for c in t.rows[0].cells)[:2] == ("Region", "Namn"))
    assert len(members.rows) == 1 + len(snapshot.project.members)
    for register_id in (r for r in report.cited if r.startswith("B-")):
        assert f"\n{register_id}\n" in f"\n{text}\n", register_id
    assert "Uppgift saknas: Hur påverkar förslagen andra verksamheter i varje region, även kommunerna?" in text
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    assert document.core_properties.title.startswith("Slutrapport")
    assert document.core_properties.created == NOW


def test_same_snapshot_gives_the_same_bytes(snapshot):
    first = _all_reports(snapshot)
    second = _all_reports(example_snapshot(meetings=12))
    for kind in first:
        for fmt in Format:
            assert render(first[kind], fmt) == render(second[kind], fmt), (kind, fmt)
        assert first[kind].content_hash() == second[kind].content_hash()


def test_only_the_timestamp_differs_between_generation_times(snapshot):
    early = builders.slutrapport(snapshot, SV, NOW)
    late = builders.slutrapport(snapshot, SV, NOW.replace(hour=15))
    assert early.content_hash() == late.content_hash()
    html_early, html_late = render(early, Format.HTML).decode(), render(late, Format.HTML).decode()
    assert html_early.replace("2026-11-22 11:00", "X") == html_late.replace("2026-11-22 16:00", "X")
    with zipfile.ZipFile(io.BytesIO(render(late, Format.DOCX))) as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 11, 22, 15, 0, 0)}


def _injected(snapshot):
    project = replace(snapshot.project, title=INJECTION)
    meeting = snapshot.meetings[0]
    entry = Entry("evil", EntryKind.VAGVAL, INJECTION, "x", NOW, "V-99", alternatives=INJECTION, reason=INJECTION)
    meetings = (replace(meeting, entries=[*meeting.entries, entry]), *snapshot.meetings[1:])
    return replace(snapshot, project=project, meetings=meetings)


def test_html_escapes_user_text(snapshot):
    report = builders.slutrapport(_injected(snapshot), SV, NOW)
    html = render(report, Format.HTML).decode()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert html.count("<script") == 0 and "onerror=alert(1)&gt;" in html


def test_markdown_escapes_user_text(snapshot):
    report = builders.slutrapport(_injected(snapshot), SV, NOW)
    md = render(report, Format.MD).decode()
    assert "<script>" not in md and "[länk](" not in md and "**fet**" not in md
    assert r"\<script\>" in md
    # CommonMark escapes punctuation only: "1\." keeps the number, "\1." would print the backslash.
    assert md_escape("- punkt\n1. lista\n> citat") == "\\- punkt\n1\\. lista\n\\> citat"


def test_word_keeps_user_text_as_text(snapshot):
    report = builders.slutrapport(_injected(snapshot), SV, NOW)
    _, text = _docx_text(render(report, Format.DOCX))
    assert INJECTION in text


def test_a_template_bug_fails_instead_of_printing_nothing():
    with pytest.raises(UndefinedError):
        _environment("html").from_string("{{ report.no_such_field }}").render(report=object())
    with pytest.raises(UndefinedError):
        _environment("md").from_string("{{ missing }}").render()


def test_file_names(snapshot):
    report = builders.slutrapport(snapshot, SV, NOW)
    assert file_name(report, Format.DOCX) == "slutrapport-SBV-2026-03.docx"
    assert file_name(builders.protokoll(snapshot, SV, NOW, 3), Format.MD) == "protokoll-SBV-2026-03.md"
