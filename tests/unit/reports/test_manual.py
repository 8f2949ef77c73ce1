"""The manual as one document (KEFU 1): every stage with its guide, every question with its help,
in path order, without item ids or "KEFU-åtgärd" words, in every format."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from domain.checklists.library import TemplateLibrary
from domain.checklists.loader import parse_template, shipped_templates
from domain.stages import STAGE_PATH
from presentation.i18n import Texts
from reports.document import Format, Paragraph, Subheading
from reports.manual import ManualSnapshot, manual, plain
from reports.render import render
from tests.unit.checklists.helpers import item, text

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
GUIDED = parse_template(
    text(item("a_first", stage="analys"), item("b_second", stage="initiering", extra="required = true"))
    + '[guide.analys]\nsv = "I analysen jämförs vägarna.\\n\\nBoten påminner."\nen = "In the analysis."\n',
    "t.toml",
)


def test_every_stage_has_its_guide_or_description_and_its_questions_with_help_in_path_order():
    report = manual(ManualSnapshot(GUIDED, "SBV-2026-03"), Texts("sv"), NOW)
    ids = [s.id for s in report.sections]
    assert ids == ["inledning", *(s.value for s in STAGE_PATH), "avbruten"]
    analys = next(s for s in report.sections if s.id == "analys")
    texts = [b.text for b in analys.blocks]
    assert texts[:2] == ["I analysen jämförs vägarna.", "Boten påminner."]  # the guide, paragraph by paragraph
    assert "Fråga a_first? (frivillig)" in texts and "Hjälp för a_first." in texts
    initiering = next(s for s in report.sections if s.id == "initiering")
    assert initiering.blocks[0].text == Texts("sv")("stages.initiering.description")  # no guide: the stage's own
    assert "Fråga b_second? (obligatorisk)" in [b.text for b in initiering.blocks]
    assert analys.heading == "5. Analys" and dict(report.facts)["Gäller"] == "SBV-2026-03"


def test_the_shipped_manuals_name_no_item_id_and_no_kefu_action_in_either_language():
    for template in shipped_templates():
        ids = {i.id for i in template.items}
        for locale in ("sv", "en"):
            report = manual(ManualSnapshot(template), Texts(locale), NOW)
            words = set(re.findall(r"[a-z][a-z0-9_]+", " ".join(s.plain_text() for s in report.sections)))
            assert not ids & {w for w in words if "_" in w}, (template.ref, locale)
            body = "\n".join(s.plain_text() for s in report.sections)
            assert "KEFU" not in body, (template.ref, locale)
            questions = [b for s in report.sections for b in s.blocks if isinstance(b, Subheading) and b.level == 3]
            assert len(questions) == len(template.items)  # every question, once


def test_kefu_references_are_taken_out_of_older_help_texts():
    assert plain("Förankra i linjen (KEFU-åtgärd 3). Dokumentera (KEFU 2, 8).") == "Förankra i linjen. Dokumentera."
    assert plain("Involve the line (KEFU action 3).") == "Involve the line."


def test_the_manual_renders_in_every_format():
    report = manual(ManualSnapshot(TemplateLibrary.load().default()), Texts("sv"), NOW)
    for fmt in Format:
        assert render(report, fmt)
    html = render(report, Format.HTML).decode("utf-8")
    assert "Manual" in html and "Initiering" in html
    assert all(isinstance(b, Paragraph | Subheading) or b.kind for s in report.sections for b in s.blocks)


def test_a_sentence_about_the_kefu_review_is_left_out():
    assert (
        plain("Fråga kansliet. Stödet är en av KEFU-åtgärderna (5). Beskriv måtten.")
        == "Fråga kansliet. Beskriv måtten."
    )


def test_the_front_page_is_a_manuals_not_a_reports():
    """No "what is missing" list (a manual misses nothing), the date once, and a contents list whose
    numbers are the stages' own (the introduction is unnumbered)."""
    report = manual(ManualSnapshot(TemplateLibrary.load().default()), Texts("sv"), NOW)
    t = Texts("sv")
    for fmt in (Format.MD, Format.HTML):
        out = render(report, fmt).decode("utf-8")
        assert t("report.label.gaps_heading") not in out and t("report.label.no_gaps") not in out, fmt
        assert out.count(t("report.label.generated")) == 1, fmt
        assert "1. Om manualen" not in out.replace("\\.", ".") and "1. Initiering" in out.replace("\\.", "."), fmt
    assert [s.heading for s in report.sections][:2] == ["Om manualen", "1. Initiering"]
