"""Report building from a snapshot: sections, answers in their sections, cited ids, marked gaps."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from domain.stages import Stage
from presentation.i18n import Texts
from reports import builders
from reports.document import Gap, Table
from reports.snapshot import PortfolioRow, PortfolioSnapshot
from tests.harness.example_delprojekt import GAP_ITEMS, example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV = Texts("sv")


@pytest.fixture(scope="module")
def snapshot():
    return example_snapshot(meetings=12)


def test_slutrapport_has_the_template_sections_in_order(snapshot):
    report = builders.slutrapport(snapshot, SV, NOW)
    assert [s.id for s in report.sections] == [s.id for s in snapshot.template.sections]
    assert report.sections[0].title == "Sammanfattning"
    assert report.sections[-1].title == "Bilagor"


def test_each_answer_lands_in_the_section_its_item_feeds(snapshot):
    report = builders.slutrapport(snapshot, SV, NOW)
    sections = {s.id: s.plain_text() for s in report.sections}
    for item_id in ("an_orsaker", "fo_forslag", "sr_mjuka_resultat", "ag_motesplan", "nu_sammanfattning"):
        item = snapshot.template.item(item_id)
        question = item.question("sv")
        assert question in sections[item.section], item_id
        others = [sid for sid, text in sections.items() if sid != item.section and question in text]
        assert others == [], item_id


def test_missing_required_items_are_marked_gaps_named_and_counted(snapshot):
    report = builders.slutrapport(snapshot, SV, NOW)
    gap_items = {gap.item_id for gap in report.gaps if gap.item_id}
    assert gap_items == set(GAP_ITEMS)
    for gap in report.gaps:
        assert gap.text.startswith("Saknas:")
    # The gap sits in the section the item feeds, and the first page counts all gaps.
    ekonomi = snapshot.template.item("fo_ekonomi")
    section = next(s for s in report.sections if s.id == ekonomi.section)
    assert any(isinstance(b, Gap) and b.item_id == "fo_ekonomi" for b in section.blocks)
    assert dict(report.facts)["Saknade uppgifter"] == str(len(report.gaps)) == "3"


def test_every_beslut_and_vagval_is_cited_with_its_meeting_and_date(snapshot):
    report = builders.slutrapport(snapshot, SV, NOW)
    register = [(e, m) for m in snapshot.meetings for e in m.entries if e.register_id]
    assert len(register) >= 20
    assert set(report.cited) == {e.register_id for e, _ in register}
    text = "\n".join(s.plain_text() for s in report.sections)
    for entry, meeting in register:
        line = next(line for line in text.splitlines() if line.startswith(f"{entry.register_id} |"))
        assert f"möte {meeting.number} ({meeting.held_at.date().isoformat()})" in line
    vagval = next(s for s in report.sections if s.id == "vagval").plain_text()
    assert "Fortsatt regional jour" in vagval and "Bäst balans" in vagval


def test_slutrapport_draws_on_uppdrag_members_decisions_implementation_and_minutes(snapshot):
    report = builders.slutrapport(snapshot, SV, NOW)
    sections = {s.id: s for s in report.sections}
    assert "Barnkirurgisk jour bemannas" in sections["uppdrag"].plain_text()
    members = next(b for b in sections["sammansattning"].blocks if isinstance(b, Table))
    assert members.headers == ("Region", "Namn", "Roll", "Organisation")
    assert [row[0] for row in members.rows][:2] == ["Blekinge", "Blekinge"]
    assert ("Skåne", "Eva Ordförande", "Ordförande", "Skånes universitetssjukhus") in members.rows
    regional, implementation = [b for b in sections["implementering"].blocks if isinstance(b, Table)][:2]
    assert regional.caption == "Regionernas beslut"
    assert [(row[0], row[1].split(":")[0]) for row in regional.rows] == [
        ("Blekinge", "Bifall"),
        ("Kronoberg", "Bifall"),
        ("Skåne", "Delvis bifall"),
        ("Halland", "Bifall"),
    ]
    assert [row[0] for row in implementation.rows] == ["Blekinge", "Kronoberg", "Skåne", "Halland"]
    assert implementation.rows[3][1] == "Ej rapporterat"
    assert "RSN 2026/31" in sections["sammanfattning"].plain_text()
    assert "Påverkar akutmottagningarnas arbete" in sections["konsekvenser"].plain_text()
    assert "Bättre samarbetsklimat" in sections["mjuka_resultat"].plain_text()
    assert "NPO Barn och ungdomars hälsa" in sections["kunskapsstyrning"].plain_text()
    appendix = sections["bilagor"].plain_text()
    assert "Förteckning över minnesanteckningar" in appendix and "Checklistans status per steg" in appendix


def test_composition_gaps_show_in_the_report(snapshot):
    project = replace(snapshot.project, members=[m for m in snapshot.project.members if m.role.value != "kommunikator"])
    report = builders.slutrapport(replace(snapshot, project=project), SV, NOW)
    assert any("Kommunikatör saknas" in g.text for g in report.gaps)


def test_english_report(snapshot):
    report = builders.slutrapport(snapshot, Texts("en"), NOW)
    assert report.title.startswith("Final report")
    assert report.sections[0].title == "Summary"
    assert all(g.text.startswith("Missing:") for g in report.gaps)


def test_uppdrag_report(snapshot):
    report = builders.uppdrag(snapshot, SV, NOW)
    text = "\n".join(s.plain_text() for s in report.sections)
    assert "Syfte och mål: En gemensam jourlinje" in text
    assert "beslutade 2026-02-03 att starta delprojektet (dnr " in text
    assert "Kronoberg | Linjen (verksamhets- och förvaltningschefer) | 2025-12-25 | " in text
    assert "Förankrat med synpunkter | Vill se bemanningsplanen före start." in text


def test_protokoll_shows_justering_entries_and_amendments(snapshot):
    approved = builders.protokoll(snapshot, SV, NOW, 2)
    facts = dict(approved.facts)
    assert facts["Justering"].startswith("Justerat av ")
    text = "\n".join(s.plain_text() for s in approved.sections)
    assert "Rättelser efter justering" in text and "Nästa möte är den 3 mars." in text
    meeting = snapshot.meetings[1]
    for entry in meeting.entries:
        assert entry.text in text
    assert set(approved.cited) == {e.register_id for e in meeting.entries if e.register_id}
    last = builders.protokoll(snapshot, SV, NOW, 12)
    assert dict(last.facts)["Justering"] == "Ej justerat"
    with pytest.raises(KeyError):
        builders.protokoll(snapshot, SV, NOW, 99)


def test_uppfoljning_report(snapshot):
    report = builders.uppfoljning(snapshot, SV, NOW)
    text = "\n".join(s.plain_text() for s in report.sections)
    assert "Genomförd | 2026-11-02" in text and "Halland | Ej rapporterat" in text
    assert "behandlade förslagen 2026-10-20" in text
    open_actions = [e for m in snapshot.meetings for e in m.entries if e.is_open_action]
    assert open_actions and all(e.text in text for e in open_actions)
    no_namnd = replace(snapshot.project, decisions=snapshot.project.decisions[:1])
    missing = builders.uppfoljning(replace(snapshot, project=no_namnd), SV, NOW)
    assert any("nämnd" in g.text for g in missing.gaps)


def test_oversikt_groups_delprojekt_by_where_they_are(snapshot):
    started = replace(
        snapshot.project, stage=Stage.ANALYS, title="Annat delprojekt", decisions=snapshot.project.decisions[:1]
    )
    rows = (
        PortfolioRow(snapshot.project, 12, snapshot.meetings[-1].held_at, 5, 2),
        PortfolioRow(started, 0, None, 0, 0),
    )
    report = builders.oversikt(PortfolioSnapshot(rows, NOW.date()), SV, NOW)
    sections = {s.id: s for s in report.sections}
    assert sections["follow_up"].filled == 1 and sections["working"].filled == 1
    assert "SBV-2026-03 | Gemensam jourlinje" in sections["follow_up"].plain_text()
    facts = dict(report.facts)
    assert (facts["Initierade"], facts["Startade"], facts["Slutrapporterade"], facts["I uppföljning"]) == (
        "2",
        "2",
        "1",
        "1",
    )
    assert facts["Försenade åtgärder"] == "2"


def test_no_minutes_yet_is_said_not_left_blank(snapshot):
    empty = replace(snapshot, meetings=(), answers={})
    report = builders.slutrapport(empty, SV, NOW)
    vagval = next(s for s in report.sections if s.id == "vagval").plain_text()
    assert "Inga vägval och prioriteringar registrerade." in vagval
    assert len(report.gaps) > 20  # every required item of the checklist is a gap
    assert not report.cited
