"""The register's strategic questions in the reports: the slutrapport's table and the minutes
report show each question's forum, status and answer; no question of the minutes is left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from domain.minutes import EntryKind
from presentation.i18n import Texts
from reports import builders
from reports.document import Table
from reports.slutrapport import as_at_report
from tests.harness.example_delprojekt import example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV, EN = Texts("sv"), Texts("en")


def strategic_table(report) -> Table:
    bilagor = next(s for s in report.sections if s.id == "bilaga_beslut")
    return next(b for b in bilagor.blocks if isinstance(b, Table) and b.caption == SV("report.caption.strategic"))


def test_the_slutrapport_lists_every_question_with_forum_status_answer_and_where_it_was_raised():
    snapshot = example_snapshot(meetings=12)
    table = strategic_table(builders.slutrapport(snapshot, SV, NOW))
    assert table.headers == ("Id", "Fråga", "Forum", "Status", "Svar", "Väckt")
    # Every question raised before the report went to the ledningsgrupp (meetings 1-9, and the kansli's).
    assert len(table.rows) == len(as_at_report(snapshot).strategic_questions) == 10
    first, second, third = table.rows[:3]
    assert first[0] == "SF-1" and first[2:5] == (
        "Ledningsgruppen", "Besvarad 2026-03-24", "Ledningsgruppen ställer sig bakom en gemensam lösning."
    )  # fmt: skip
    assert first[5].startswith("möte 1 (")
    assert second[2:5] == ("Samarbetsgruppen", "På dagordning", "")
    assert third[2:4] == ("Ej angivet", "Väckt")
    direct = table.rows[-1]
    assert direct[2:4] == ("Politisk nivå", "På dagordning") and direct[5].startswith("av Karin Wallin, ")


def test_a_question_of_the_minutes_without_a_register_row_is_still_listed_as_raised():
    snapshot = example_snapshot(meetings=12)
    linked = replace(snapshot, strategic_questions=snapshot.strategic_questions[1:])
    table = strategic_table(builders.slutrapport(linked, SV, NOW))
    entries = [e for m in snapshot.meetings for e in m.entries if e.kind is EntryKind.STRATEGISK_FRAGA]
    assert len(table.rows) == len(as_at_report(snapshot).strategic_questions)
    assert table.rows[-1][1:4] == (entries[0].text, "Ej angivet", "Väckt")


def test_the_minutes_report_gives_each_question_its_register_id_and_state_in_english_too():
    snapshot = example_snapshot(meetings=3)
    report = builders.protokoll(snapshot, EN, NOW, 1)
    section = next(s for s in report.sections if s.id == "entries_strategisk_fraga")
    (paragraph,) = section.blocks
    assert paragraph.label == "SF-1"
    assert "Forum: The ledningsgrupp · status: Answered 2026-03-24" in paragraph.text
    assert "Answer: Ledningsgruppen ställer sig bakom en gemensam lösning." in paragraph.text
