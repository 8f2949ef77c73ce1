"""Reports from what is stored: the snapshot read back gives the same report as the example it was
stored from, every generation is recorded, and the portfolio counts come from grouped queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.checklists.library import TemplateLibrary
from domain.errors import NotAllowed, NotFound
from domain.keys import DelprojektKey
from domain.permissions import Actor
from domain.stages import Stage
from presentation.i18n import Texts
from reports import builders, service
from reports.document import Format, ReportKind
from reports.word_style import WordTemplateInvalid
from storage.unit_of_work import UnitOfWorkFactory
from tests.harness.example_delprojekt import example_snapshot, store_example

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
KEY = DelprojektKey.parse("SBV-2026-03")
EVA = Actor("Eva Ordförande", "aad-eva")
KANSLI = Actor("Karin Kansli", "aad-kansli", is_kansli=True)
STRANGER = Actor("Okänd", "aad-stranger")


@pytest.fixture
async def stored(engine):
    uow = UnitOfWorkFactory(engine)
    await store_example(uow)
    return uow


async def test_the_stored_delprojekt_reports_like_the_example(stored):
    library = TemplateLibrary.load()
    async with stored() as uow:
        project = await uow.delprojekt.get(KEY)
        snapshot = await service.delprojekt_snapshot(uow, project, library, date(2026, 11, 20))
    from_db = builders.slutrapport(snapshot, Texts("sv"), NOW)
    expected = builders.slutrapport(example_snapshot(), Texts("sv"), NOW)
    assert from_db.section_texts() == expected.section_texts()
    assert from_db.cited == expected.cited and len(from_db.gaps) == len(expected.gaps) == 0  # approved: complete
    assert from_db.cover == expected.cover
    # A draft still being written keeps its gaps through storage.
    draft = DelprojektKey.parse("SBV-2026-04")
    await store_example(stored, key=str(draft), until=Stage.SLUTRAPPORT)
    async with stored() as uow:
        project = await uow.delprojekt.get(draft)
        snapshot = await service.delprojekt_snapshot(uow, project, library, date(2026, 11, 20))
    gaps = builders.slutrapport(snapshot, Texts("sv"), NOW).gaps
    expected = builders.slutrapport(example_snapshot(until=Stage.SLUTRAPPORT), Texts("sv"), NOW).gaps
    assert [g.item_ids for g in gaps] == [g.item_ids for g in expected] and len(gaps) == 2


async def test_produce_records_every_generation(stored):
    library = TemplateLibrary.load()
    request = service.ReportRequest(ReportKind.SLUTRAPPORT, Format.DOCX, "sv", KEY)
    record, report = await service.produce(stored, request, EVA, library, NOW)
    again, _ = await service.produce(stored, request, EVA, library, NOW.replace(hour=12))
    assert record.id and again.id > record.id
    assert record.content_hash == again.content_hash == report.content_hash()
    async with stored() as uow:
        saved = await uow.reports.get(record.id)
        history = await uow.reports.history(saved.delprojekt_id, "slutrapport")
    assert saved.content.startswith(b"PK") and saved.file_name == "slutrapport-SBV-2026-03.docx"
    assert (
        saved.by == "Eva Ordförande"
        and saved.by_id == "aad-eva"
        and saved.at == NOW
        and saved.gaps == len(report.gaps) == 0
    )
    assert [s["id"] for s in saved.sections][0] == "sammanfattning"
    assert [h.id for h in history] == [again.id, record.id] and history[0].content == b""


async def test_who_may_have_which_report(stored):
    library = TemplateLibrary.load()
    slutrapport = service.ReportRequest(ReportKind.SLUTRAPPORT, Format.MD, "sv", KEY)
    with pytest.raises(NotAllowed):
        await service.produce(stored, slutrapport, STRANGER, library, NOW)
    await service.produce(stored, slutrapport, KANSLI, library, NOW)
    portfolio = service.ReportRequest(ReportKind.OVERSIKT, Format.MD, "sv")
    with pytest.raises(NotAllowed):
        await service.produce(stored, portfolio, EVA, library, NOW)
    await service.produce(stored, portfolio, EVA, library, NOW, ledningsgrupp=frozenset({"aad-eva"}))
    await service.produce(stored, portfolio, KANSLI, library, NOW)
    missing = service.ReportRequest(ReportKind.UPPDRAG, Format.MD, "sv", DelprojektKey.parse("SBV-2026-99"))
    with pytest.raises(NotFound):
        await service.produce(stored, missing, KANSLI, library, NOW)
    no_meeting = service.ReportRequest(ReportKind.PROTOKOLL, Format.MD, "sv", KEY, meeting=99)
    with pytest.raises(service.NoSuchMeeting):
        await service.produce(stored, no_meeting, KANSLI, library, NOW)
    async with stored() as uow:
        recorded = await uow.reports.history(1, "slutrapport")
    assert len(recorded) == 1  # refusals record nothing


async def test_a_word_style_template_that_cannot_be_used_records_nothing(stored, tmp_path):
    (tmp_path / "rapportmall.docx").write_bytes(b"not a docx")
    library = TemplateLibrary.load(tmp_path)
    request = service.ReportRequest(ReportKind.SLUTRAPPORT, Format.DOCX, "sv", KEY)
    with pytest.raises(WordTemplateInvalid):
        await service.produce(stored, request, KANSLI, library, NOW)
    async with stored() as uow:
        assert await uow.reports.history(1, "slutrapport") == []
    # Markdown does not use the Word template: it is made and recorded as before.
    await service.produce(stored, replace(request, format=Format.MD), KANSLI, library, NOW)


async def test_portfolio_counts(stored):
    snapshot = example_snapshot()
    async with stored() as uow:
        portfolio = await service.portfolio_snapshot(uow, date(2026, 11, 20))
    (row,) = portfolio.rows
    actions = [e for m in snapshot.meetings for e in m.entries if e.is_open_action]
    assert row.meetings == 12 and row.last_meeting == snapshot.meetings[-1].held_at
    assert row.open_actions == len(actions) > 0
    assert row.overdue_actions == sum(e.overdue(date(2026, 11, 20)) for e in actions)
