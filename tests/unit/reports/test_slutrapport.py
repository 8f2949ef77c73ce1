"""The slutrapport as a ledningsgrupp reads it: the outline in order, prose and not questions and
answers, no internal words or item ids in any format, only what existed when it went to the
ledningsgrupp, a numbered förslag till beslut, the consequences per region, and each missing piece
named once per section and listed in the bilaga. A delprojekt on template 1.0 keeps its outline."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.checklists.loader import shipped_templates
from domain.checklists.model import Answer
from domain.checklists.model import Section as TemplateSection
from domain.decisions import DecisionKind
from domain.minutes import EntryKind
from domain.stages import Stage
from presentation.i18n import Texts
from reports import builders
from reports.document import Format, Gap, Numbered, Paragraph, Table
from reports.outline import outline_for, outlines
from reports.render import render
from reports.slutrapport import as_at_report, report_time
from tests.harness.example_delprojekt import ANSWERS, GAP_ITEMS, REGIONS, example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV, EN = Texts("sv"), Texts("en")
OUTLINE = [
    "sammanfattning", "forslag_till_beslut", "uppdrag", "organisation_forankring", "nulagesanalys", "analys",
    "forslag", "konsekvenser", "ekonomi", "kunskapsstyrning", "implementering", "uppfoljning", "kommunikation",
    "mjuka_resultat", "avvikande_meningar", "bilaga_moten", "bilaga_beslut", "bilaga_checklista", "bilaga_saknas",
]  # fmt: skip
# The outline of template 1.0, which a delprojekt started on it keeps.
OUTLINE_1_0 = [
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
    assert cover["Delprojekt"] == "SBV-2026-03" and cover["Diarienummer"] == "SSR 2026/12"
    assert cover["Datum"] == "2026-11-22" and cover["Till"] == "Ledningsgruppen för Södra sjukvårdsregionen"
    assert cover["Version"] == "Godkänd av Ledningsgruppen för Södra sjukvårdsregionen 2026-09-08 (dnr SSR 2026/88)"
    assert cover["Från"] == "Arbetsgruppen, genom ordförande Eva Lindqvist (Region Skåne)"
    assert [s.heading for s in report.sections[3:4]] == ["4. Organisation, arbetssätt och förankring per region"]
    assert next(s for s in report.sections if s.id == "konsekvenser").heading == "8. Konsekvenser per region"


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
    assert (
        "Ordföranden föreslogs i underlaget till Ledningsgruppen för Södra sjukvårdsregionen och utsågs i beslutet "
        "om start." in text
    )
    assert (
        "Förslagen finansieras genom solidarisk finansiering mellan regionerna enligt en årlig överenskommelse och "
        "sjukvårdsregionala utvecklingsmedel." in text
    )
    assert "En referensgrupp med sjukhus- och förvaltningschefer och fackliga representanter har följt arbetet." in text
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
    approval_note = snapshot.project.decision(DecisionKind.LEDNINGSGRUPP_APPROVAL).note
    implementing = "Videoutrustningen är beställd och utbildningen"
    for after in ("RVN 2026/31", "RS 2026/140", "HSN 2026/77", implementing, "SSR 2026/88", approval_note,
                  ANSWERS["imp_stod"], ANSWERS["upp_lardomar"], "prövas på nytt efter uppföljningen"):  # fmt: skip
        assert after not in text, after
    uppfoljning = "\n".join(s.plain_text() for s in builders.uppfoljning(snapshot, SV, NOW).sections)
    for after in ("RS 2026/140", "RVN 2026/31", "SSR 2026/88", approval_note, implementing, ANSWERS["imp_stod"]):
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
    assert "Kostnaden är 6,4 mnkr." in next(s for s in report.sections if s.id == "konsekvenser").plain_text()


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
    assert not report.gaps  # the example is complete: the ledningsgrupp approved it
    # Two missing answers in one section: one gap that names both, in the reader's words.
    left_out = ("fo_hr", "fo_andra_verksamheter", "sr_kommunikation_efter")
    answers = {k: v for k, v in snapshot.answers.items() if k not in left_out}
    more = builders.slutrapport(replace(snapshot, answers=answers), SV, NOW)
    assert all(len(s.gaps) <= 1 for s in more.sections)
    konsekvenser = next(s for s in more.sections if s.id == "konsekvenser")
    (gap,) = konsekvenser.gaps
    assert gap.text.startswith("Uppgift saknas: ")
    for item_id in ("fo_hr", "fo_andra_verksamheter"):
        assert snapshot.template.item(item_id).question("sv") in gap.text
        assert item_id not in gap.text
    listed = next(s for s in more.sections if s.id == "bilaga_saknas")
    (table,) = [b for b in listed.blocks if isinstance(b, Table)]
    assert len(table.rows) == 3 and {row[0] for row in table.rows} == {"Konsekvenser per region", "Kommunikationsplan"}
    assert len(more.gaps) == 2  # counted once per section
    assert {i for g in more.gaps for i in g.item_ids} == set(left_out)


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


def test_the_outline_file_names_only_items_the_shipped_templates_have():
    templates = shipped_templates()
    every = {item.id for template in templates for item in template.items}
    for plan in outlines():
        own = [t for t in templates if outline_for(t).since == plan.since]
        assert own, plan.since  # every outline is the outline of a shipped version
        ids = {item.id for t in own for item in t.items}
        placed = [i for s in plan.sections for i in s.items] + [i for _, items in plan.consequences for i in items]
        assert [i for i in placed if i not in ids] == [], plan.since
        assert [i for i in plan.phrases if i not in every] == []
        for item_id, phrase in plan.phrases.items():
            forms = [phrase] if "sv" in phrase else list(phrase.values())
            assert all(set(form) == {"sv", "en"} for form in forms), item_id
    assert [o.since for o in outlines()] == ["1.0", "2.0"] and outlines()[-1].per_region


def test_a_template_section_the_outline_does_not_know_is_still_printed(snapshot):
    template = snapshot.template
    extra = TemplateSection("digitalisering", type(template.sections[0].title)("Digitalisering", "Digitalisation"))
    item = replace(template.item("nu_sammanfattning"), id="dig_ny", section="digitalisering")
    newer = replace(template, sections=(*template.sections, extra), items=(*template.items, item))
    answers = {**snapshot.answers, "dig_ny": [Answer("dig_ny", "Journalsystemen kan dela bilder.", "", "E", NOW, 1)]}
    report = builders.slutrapport(replace(snapshot, template=newer, answers=answers), SV, NOW)
    section = next(s for s in report.sections if s.id == "digitalisering")
    assert section.heading == "16. Digitalisering" and "Journalsystemen kan dela bilder." in section.plain_text()
    assert report.sections[16].id == "bilaga_moten"


def test_a_1_0_delprojekt_keeps_the_outline_it_had(snapshot):
    (v1,) = [t for t in shipped_templates() if t.version == "1.0"]
    answers = {k: v for k, v in snapshot.answers.items() if v1.item(k) is not None}
    answers["an_primarvard"] = [Answer("an_primarvard", "Primärvården påverkas inte.", "", "E", NOW, 1)]
    report = builders.slutrapport(replace(snapshot, template=v1, answers=answers), SV, NOW)
    assert [s.id for s in report.sections] == OUTLINE_1_0
    konsekvenser = next(s for s in report.sections if s.id == "konsekvenser")
    assert konsekvenser.heading == "9. Konsekvenser"
    (table, *_) = [b for b in konsekvenser.blocks if isinstance(b, Table)]
    assert table.headers == ("Område", "Arbetsgruppens bedömning")
    assert ("Andra verksamheter", "Primärvården påverkas inte.") in table.rows
    # Its anchoring is the six-column log of 1.0 under Arbetssätt och förankring.
    arbetssatt = next(s for s in report.sections if s.id == "arbetssatt")
    (log,) = [b for b in arbetssatt.blocks if isinstance(b, Table)]
    assert log.headers[:2] == ("Region", "Forum") and len(log.headers) == 6


def _consequences(snapshot, **values):
    answers = dict(snapshot.answers)
    for item_id, value in values.items():
        answers.pop(item_id, None)
        if value is not None:
            answers[item_id] = [Answer(item_id, value, "", "E", NOW, 1)]
    report = builders.slutrapport(replace(snapshot, answers=answers), SV, NOW)
    return next(s for s in report.sections if s.id == "konsekvenser")


def test_the_consequences_are_per_region_from_the_lines_that_name_a_region(snapshot, report):
    section = next(s for s in report.sections if s.id == "konsekvenser")
    tables = [b for b in section.blocks if isinstance(b, Table)]
    # Long answers: per area a table with a row for all regions and one per region.
    assert [t.headers for t in tables] == [("Region", "Arbetsgruppens bedömning")] * 5
    patients = dict(tables[0].rows)
    assert list(patients) == ["Alla regioner", *REGIONS]
    assert patients["Region Halland"] == "Ingen förändring för barnen; bakjouren nattetid delas med Region Skåne."
    assert "Region Blekinge:" not in section.plain_text()
    # The legal questions concern all regions alike: only the row for all of them.
    assert [row[0] for row in tables[3].rows] == ["Alla regioner"]


def test_short_consequences_make_one_table_with_a_column_per_region(snapshot):
    short = "\n".join(["Gäller alla lika.", "Blekinge: färre transporter.", "- Region Skåne: fler barn nattetid."])
    section = _consequences(
        snapshot,
        fo_patientnytta=short,
        fo_ekonomi="Region Kronoberg: 0,8 mnkr mindre.\nRegion Halland: oförändrat.",
        fo_hr="Ingen personal byter arbetsgivare.",
        fo_juridik_konsekvenser=None,  # optional and not written: no row
        fo_andra_verksamheter=None,  # required and not written: a row saying so, and the gap
    )
    (table,) = [b for b in section.blocks if isinstance(b, Table)]
    assert table.headers == ("Område", "Alla regioner", *REGIONS)
    rows = {row[0]: row[1:] for row in table.rows}
    assert list(rows) == ["Patienter och närstående", "Ekonomi", "Personal och kompetens", "Andra verksamheter"]
    assert rows["Patienter och närstående"] == (
        "Gäller alla lika.",
        "Färre transporter.",
        "–",
        "Fler barn nattetid.",
        "–",
    )
    assert rows["Ekonomi"] == ("–", "–", "0,8 mnkr mindre.", "–", "Oförändrat.")
    assert set(rows["Andra verksamheter"]) == {"Inte bedömt."}
    (gap,) = section.gaps
    assert "andra verksamheter" in gap.text and "juridiska" not in gap.text


def test_english_headings_around_the_arbetsgrupps_own_words(snapshot):
    report = builders.slutrapport(snapshot, EN, NOW)
    assert report.sections[1].heading == "2. Proposed decision"
    assert report.cover.status.startswith("Approved by Ledningsgruppen för Södra sjukvårdsregionen on 2026-09-08")
    assert all(g.text.startswith("Information missing: ") for g in report.gaps)
