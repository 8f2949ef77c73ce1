"""The slutrapport as a ledningsgrupp reads it: the outline in order, prose and not questions and
answers, no internal words or item ids in any format, only what existed when it went to the
ledningsgrupp, a numbered förslag till beslut, and each missing piece named once per section and
listed in the bilaga."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.checklists.model import Answer
from domain.checklists.model import Section as TemplateSection
from domain.minutes import EntryKind
from domain.stages import Stage
from presentation.i18n import Texts
from reports import builders
from reports.document import Format, Gap, Numbered, Paragraph, Table
from reports.outline import outline
from reports.render import render
from reports.slutrapport import as_at_report, report_time
from tests.harness.example_delprojekt import ANSWERS, GAP_ITEMS, example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV, EN = Texts("sv"), Texts("en")
OUTLINE = [
    "sammanfattning", "forslag_till_beslut", "uppdrag", "organisation", "arbetssatt", "nulagesanalys", "analys",
    "forslag", "konsekvenser", "ekonomi", "kunskapsstyrning", "implementering", "uppfoljning", "kommunikation",
    "mjuka_resultat", "avvikande_meningar", "bilaga_moten", "bilaga_beslut", "bilaga_checklista", "bilaga_saknas",
]  # fmt: skip


@pytest.fixture(scope="module")
def snapshot():
    return example_snapshot(meetings=12)


@pytest.fixture(scope="module")
def report(snapshot):
    return builders.slutrapport(snapshot, SV, NOW)


def body(report):
    return [s for s in report.sections if not s.id.startswith("bilaga")]


def test_the_outline_in_order_with_numbered_sections_then_the_bilagor(report):
    assert [s.id for s in report.sections] == OUTLINE
    assert [s.heading for s in report.sections[:3]] == ["1. Sammanfattning", "2. Förslag till beslut",
                                                         "3. Uppdrag och bakgrund"]  # fmt: skip
    assert report.sections[-1].heading == "Bilaga 4. Uppgifter som saknas"
    cover = dict(report.cover.lines)
    assert report.cover.programme == "Samarbete för bättre vård · Södra sjukvårdsregionen"
    assert cover["Delprojekt"] == "SBV-2026-03" and cover["Diarienummer"] == "LG 2026/12"
    assert cover["Datum"] == "2026-11-22" and cover["Till"] == "Ledningsgruppen för Södra sjukvårdsregionen"
    assert cover["Version"] == "Godkänd av Ledningsgruppen för Södra sjukvårdsregionen 2026-09-08 (dnr LG 2026/88)"
    assert cover["Från"] == "Arbetsgruppen, genom ordförande Eva Ordförande (Skåne)"


def test_no_section_is_questions_and_answers_outside_the_bilaga(snapshot, report):
    questions = {item.question("sv") for item in snapshot.template.items}
    for section in body(report):
        for block in section.blocks:
            if isinstance(block, Gap):
                continue  # a gap names the missing answer by its question: that is the point
            if isinstance(block, Paragraph):
                text = block.text
            elif isinstance(block, Table):
                text = "\n".join(" | ".join(row) for row in (block.headers, *block.rows))
            else:
                text = str(block)
            assert not any(q in text for q in questions), (section.id, text[:80])
            if isinstance(block, Paragraph):
                assert not block.label.endswith("?"), section.id
                assert block.text not in ("Ja", "Nej", "Ej aktuellt"), section.id
    # The long answers are the sections' text; the self-assessments are in the bilaga.
    assert ANSWERS["nu_sammanfattning"] in next(s for s in report.sections if s.id == "nulagesanalys").plain_text()
    assert ANSWERS["sr_sammanfattning"].split("\n\n")[0] in report.sections[0].plain_text()
    checklist = next(s for s in report.sections if s.id == "bilaga_checklista")
    rows = next(b for b in checklist.blocks if isinstance(b, Table) and b.headers[0] == "Fråga").rows
    assert ("Står alla regioner i arbetsgruppen bakom förslagen?", "Ja", "") in rows


def test_short_answers_become_sentences(report):
    text = "\n".join(s.plain_text() for s in report.sections)
    assert "Initiativet till delprojektet kom från ett sjukvårdsregionalt chefsamråd." in text
    assert "Arbetsgruppen har adjungerat kompetens inom ekonomi, HR och juridik." in text
    assert "Karin Kansli på kansliet har stött arbetsgruppen och ordföranden." in text
    assert "Den första uppföljningen görs 2028-03-01." in text
    assert "Alla regioner i arbetsgruppen står bakom förslagen." in text


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_no_item_id_or_internal_word_in_any_format(snapshot, locale):
    report = builders.slutrapport(snapshot, Texts(locale), NOW)
    ids = [item.id for item in snapshot.template.items]
    internal = [snapshot.template.ref, "@1.0", "checklistpunkt", "Luckor", "Mall:", "Steg:", "Template:", "Stage:"]
    for fmt in Format:
        text = _visible_text(render(report, fmt), fmt)
        for item_id in ids:
            assert not re.search(rf"\b{item_id}\b", text), (fmt, item_id)
        for word in internal:
            assert word not in text, (fmt, word)
        assert "((" not in text and "))" not in text, fmt


def _visible_text(data: bytes, fmt: Format) -> str:
    if fmt is not Format.DOCX:
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = "".join(package.read(n).decode("utf-8") for n in parts)
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_nothing_from_after_the_report_reaches_the_slutrapport(snapshot, report):
    cutoff = report_time(snapshot.project)
    assert cutoff is not None and cutoff.date().isoformat() == "2026-09-08"
    text = "\n".join(s.plain_text() for s in report.sections)
    later = [m for m in snapshot.meetings if m.held_at > cutoff]
    assert [m.number for m in later] == [10, 11, 12]
    for meeting in later:
        for entry in meeting.entries:
            assert entry.text not in text, entry.text
    # The nämnd's and the regions' decisions, implementation, the ledningsgrupp's own comments,
    # follow-up answers: none of it (the uppföljningsrapport has them).
    for after in ("RSN 2026/31", "RS 2026/140", "HSN 2026/77", "införandet följer planen", "LG 2026/88",
                  ANSWERS["lg_synpunkter"], ANSWERS["rvn_regionala_beslut"], ANSWERS["upp_lardomar"]):  # fmt: skip
        assert after not in text, after
    assert "Regionala samverkansnämnden" not in text
    uppfoljning = "\n".join(s.plain_text() for s in builders.uppfoljning(snapshot, SV, NOW).sections)
    for after in ("RS 2026/140", "RSN 2026/31", "LG 2026/88", ANSWERS["lg_synpunkter"], "införandet följer planen"):
        assert after in uppfoljning, after  # the uppföljningsrapport has them
    # A question the ledningsgrupp answered after the report is shown as it stood then.
    scoped = as_at_report(snapshot)
    assert all(q.answered_at is None or q.answered_at <= cutoff for q in scoped.strategic_questions)


def test_an_answer_corrected_after_the_approval_is_the_reports_text(snapshot):
    """What the ledningsgrupp asked to have changed belongs in the report; `ändringar` shows it."""
    corrected = dict(snapshot.answers)
    at = datetime(2026, 9, 20, tzinfo=UTC)
    corrected["fo_ekonomi"] = [*corrected["fo_ekonomi"], Answer("fo_ekonomi", "Kostnaden är 6,4 mnkr.", "", "E", at, 2)]
    report = builders.slutrapport(replace(snapshot, answers=corrected), SV, NOW)
    assert "Kostnaden är 6,4 mnkr." in next(s for s in report.sections if s.id == "ekonomi").plain_text()


def test_forslag_till_beslut_is_numbered_att_satser(report):
    section = next(s for s in report.sections if s.id == "forslag_till_beslut")
    (numbered,) = [b for b in section.blocks if isinstance(b, Numbered)]
    assert numbered.intro == "Södra regionvårdsnämnden föreslås besluta"
    assert len(numbered.items) == 4 and all(item.startswith("att ") for item in numbered.items)
    assert "\n1. att rekommendera regionerna att inrätta en gemensam bakjourslinje" in section.plain_text()
    # The att-satser are not repeated in the förslag's prose.
    forslag = next(s for s in report.sections if s.id == "forslag").plain_text()
    assert "att rekommendera regionerna" not in forslag and "gemensam bakjourslinje" in forslag


def test_without_att_satser_the_proposal_is_a_named_gap(snapshot):
    answers = dict(snapshot.answers)
    first = answers["fo_forslag"][-1]
    answers["fo_forslag"] = [replace(first, value="Arbetsgruppen föreslår en gemensam jourlinje.")]
    report = builders.slutrapport(replace(snapshot, answers=answers), SV, NOW)
    section = next(s for s in report.sections if s.id == "forslag_till_beslut")
    (gap,) = section.gaps
    assert gap.text.startswith("Uppgift saknas: förslag till beslut i form av att-satser")


def test_gaps_are_named_once_per_section_and_listed_in_the_bilaga(snapshot, report):
    assert all(len(s.gaps) <= 1 for s in report.sections)
    assert {i for g in report.gaps for i in g.item_ids} == set(GAP_ITEMS)
    # Two missing answers in one section: one gap that names both, in the reader's words.
    answers = {k: v for k, v in snapshot.answers.items() if k not in ("fo_hr", "an_primarvard")}
    more = builders.slutrapport(replace(snapshot, answers=answers), SV, NOW)
    konsekvenser = next(s for s in more.sections if s.id == "konsekvenser")
    (gap,) = konsekvenser.gaps
    assert gap.text.startswith("Uppgift saknas: ")
    for item_id in ("fo_hr", "an_primarvard", "sf_riskanalys_resultat"):
        assert snapshot.template.item(item_id).question("sv") in gap.text
        assert item_id not in gap.text
    listed = next(s for s in more.sections if s.id == "bilaga_saknas")
    (table,) = [b for b in listed.blocks if isinstance(b, Table)]
    assert len(table.rows) == 4 and {row[0] for row in table.rows} == {"Konsekvenser", "Kommunikationsplan"}
    assert len(more.gaps) == 2  # counted once per section


def test_a_report_for_the_ledningsgrupp_never_claims_completeness_with_gaps():
    waiting = example_snapshot(until=Stage.SLUTRAPPORT)
    report = builders.slutrapport(waiting, SV, NOW)
    assert report.cover.status == "Utkast – 2 obligatoriska uppgifter saknas (se bilaga 4)"
    complete = dict(waiting.answers)
    for item_id in GAP_ITEMS:
        complete[item_id] = [Answer(item_id, "Skrivet.", "", "Eva", NOW - timedelta(days=1), 1)]
    final = builders.slutrapport(replace(waiting, answers=complete), SV, NOW)
    assert not final.gaps and final.cover.status == "Slutversion till Ledningsgruppen för Södra sjukvårdsregionen"
    assert "Inget obligatoriskt innehåll saknas." in final.sections[-1].plain_text()
    early = builders.slutrapport(example_snapshot(until=Stage.ANALYS), SV, NOW)
    assert early.cover.status == "Utkast"


def test_every_vagval_tells_what_was_chosen_rejected_and_why_with_its_meeting(snapshot, report):
    analys = next(s for s in report.sections if s.id == "analys").plain_text()
    cutoff = report_time(snapshot.project)
    vagval = [(e, m) for m in snapshot.meetings if m.held_at <= cutoff for e in m.entries if e.kind is EntryKind.VAGVAL]
    assert len(vagval) == 9
    for entry, meeting in vagval:
        heading = f"### Vägval {entry.register_id} (möte {meeting.number}, {meeting.held_at.date().isoformat()})"
        assert heading in analys
        assert f"Valt: {entry.text}\nBortvalt: {entry.alternatives}\nSkäl: {entry.reason}" in analys


def test_the_outline_file_names_only_items_of_the_template_and_places_a_new_section(snapshot):
    plan = outline()
    template = snapshot.template
    named = [i for s in plan.sections for i in s.items] + [i for _, items in plan.consequences for i in items]
    assert [i for i in [*named, *plan.phrases] if template.item(i) is None] == []
    for item_id, phrase in plan.phrases.items():
        forms = [phrase] if "sv" in phrase else list(phrase.values())
        assert all(set(form) == {"sv", "en"} for form in forms), item_id
    # A template version with a section the outline does not know: its answers are still printed.
    extra = TemplateSection("digitalisering", type(template.sections[0].title)("Digitalisering", "Digitalisation"))
    item = replace(template.item("nu_sammanfattning"), id="dig_ny", section="digitalisering")
    newer = replace(template, sections=(*template.sections, extra), items=(*template.items, item))
    answers = {**snapshot.answers, "dig_ny": [Answer("dig_ny", "Journalsystemen kan dela bilder.", "", "E", NOW, 1)]}
    report = builders.slutrapport(replace(snapshot, template=newer, answers=answers), SV, NOW)
    section = next(s for s in report.sections if s.id == "digitalisering")
    assert section.heading == "17. Digitalisering" and "Journalsystemen kan dela bilder." in section.plain_text()
    assert report.sections[17].id == "bilaga_moten"


def test_english_headings_around_the_arbetsgrupps_own_words(snapshot):
    report = builders.slutrapport(snapshot, EN, NOW)
    assert report.sections[1].heading == "2. Proposed decision"
    assert report.cover.status.startswith("Approved by Ledningsgruppen för Södra sjukvårdsregionen on 2026-09-08")
    assert all(g.text.startswith("Information missing: ") for g in report.gaps)
