"""Building the other report kinds (the slutrapport: test_slutrapport.py): uppdrag, minutes, follow-up, portfolio."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from domain.stages import Stage
from presentation.i18n import Texts
from reports import builders
from reports.snapshot import PortfolioRow, PortfolioSnapshot
from tests.harness.example_delprojekt import example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV = Texts("sv")


@pytest.fixture(scope="module")
def snapshot():
    return example_snapshot(meetings=12)


def test_uppdrag_report(snapshot):
    report = builders.uppdrag(snapshot, SV, NOW)
    text = "\n".join(s.plain_text() for s in report.sections)
    assert "Syfte och mål: Syftet är att barn i hela sjukvårdsregionen" in text
    assert "beslutade 2026-02-03 att starta delprojektet (dnr " in text
    assert "Region Kronoberg | Linjen (verksamhets- och förvaltningschefer) | 2026-01-20 | " in text
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
    assert "Region Blekinge | Pågår | 2026-11-16" in text and "Region Halland | Ej rapporterat" in text
    # The regions' own negotiation before their decisions is part of the handling, shown once.
    assert text.count("förhandlat med de fackliga organisationerna") == 1
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
    assert "SBV-2026-03 | Gemensam bakjourslinje" in sections["follow_up"].plain_text()
    facts = dict(report.facts)
    assert (facts["Initierade"], facts["Startade"], facts["Slutrapporterade"], facts["I uppföljning"]) == (
        "2",
        "2",
        "1",
        "1",
    )
    assert facts["Försenade åtgärder"] == "2"
