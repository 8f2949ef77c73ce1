"""Word as the regions use it: the report is written into a style template (styles, letterhead,
margins), tables have widths fitted to their content, header rows repeat, rows never split across
pages, and a template that cannot be used is refused with what is wrong."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import UTC, datetime

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from presentation.i18n import Texts
from reports import builders
from reports.document import Format
from reports.render import CHAR_TWIPS, PADDING_TWIPS, render
from reports.word_style import (
    FILE_NAME,
    SHIPPED,
    WordTemplateInvalid,
    load_style_template,
    make_default,
    shipped,
    style_template_path,
)
from tests.harness.example_delprojekt import example_snapshot

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
SV = Texts("sv")


@pytest.fixture(scope="module")
def report():
    return builders.slutrapport(example_snapshot(meetings=12), SV, NOW)


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _own_template(tmp_path, font: str, letterhead: str):
    document = _open(make_default())
    document.styles["Normal"].font.name = font
    document.styles["Heading 1"].font.name = font
    document.sections[0].header.paragraphs[0].text = letterhead
    document.sections[0].left_margin = Cm(3.5)
    path = tmp_path / FILE_NAME
    document.save(path)
    return path


def test_the_shipped_template_gives_styles_page_and_footer(report):
    document = _open(render(report, Format.DOCX))
    assert document.styles["Normal"].font.name == "Calibri"
    assert document.styles["Heading 1"].paragraph_format.keep_with_next
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "Samarbete för bättre vård · Södra sjukvårdsregionen" in section.header.paragraphs[0].text
    footer = section.footer._element.xml
    assert section.footer.paragraphs[0].text.startswith("Slutrapport SBV-2026-03 · Godkänd 2026-09-08 · Sida ")
    assert section.different_first_page_header_footer  # the cover is its own letterhead
    assert "PAGE" in footer and "fldChar" in footer
    # The cover is a page of its own; the contents run straight into the first section.
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Slutrapport") < texts.index("Innehåll") < texts.index("1. Sammanfattning")
    first_appendix = next(
        p for p in document.paragraphs if p.text == "Bilaga 1. Mötesförteckning" and p.style.name == "Heading 1"
    )
    assert first_appendix.paragraph_format.page_break_before
    assert not any(p.paragraph_format.page_break_before for p in document.paragraphs if p.text == "1. Sammanfattning")
    # The paragraph a document must end with after its last table is 1 pt: no empty last page.
    # (The example is complete, so it ends with a sentence; with a gap it ends with the table.)
    assert document.paragraphs[-1].text == "Inget obligatoriskt innehåll saknas."
    snapshot = example_snapshot(meetings=12)
    answers = {k: v for k, v in snapshot.answers.items() if k != "sr_remiss"}
    with_gap = _open(render(builders.slutrapport(replace(snapshot, answers=answers), SV, NOW), Format.DOCX))
    last = with_gap.paragraphs[-1]
    assert last.text == "" and last.paragraph_format.line_spacing == Pt(1)


def test_every_table_has_fitted_widths_repeating_headers_and_rows_that_do_not_split(report):
    document = _open(render(report, Format.DOCX))
    section = document.sections[0]
    available = int((section.page_width - section.left_margin - section.right_margin) / 635)
    assert len(document.tables) >= 10
    for table in document.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) <= available + len(grid)
        for tr in tbl.tr_lst:
            assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
            widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in tr.tc_lst]
            assert widths == grid
    with_headers = [t for t in document.tables if t._tbl.tr_lst[0].trPr.find(qn("w:tblHeader")) is not None]
    assert len(with_headers) >= 9
    for table in with_headers:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for cell, width in zip(table.rows[0].cells, grid, strict=True):
            longest = max(len(word) for word in cell.text.split())
            assert longest * CHAR_TWIPS + PADDING_TWIPS <= width, cell.text  # a header word never breaks
    # Widths follow the content: the members' organisation column is wider than the region column.
    members = next(t for t in document.tables if t.rows[0].cells[1].text == "Namn")
    grid = [int(c.get(qn("w:w"))) for c in members._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[3] > grid[0] and len(set(grid)) > 1


def test_a_second_template_changes_fonts_letterhead_and_margins(report, tmp_path):
    path = _own_template(tmp_path, "Georgia", "Region Testland · Hälso- och sjukvårdsförvaltningen")
    assert style_template_path(tmp_path) == path and style_template_path(None) == SHIPPED
    document = _open(render(report, Format.DOCX, load_style_template(path)))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.name == "Georgia"
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Region Testland · Hälso- och sjukvårdsförvaltningen"  # the template's own letterhead
    assert round(document.sections[0].left_margin.cm, 1) == 3.5
    default = _open(render(report, Format.DOCX, shipped()))
    assert default.styles["Normal"].font.name == "Calibri" and default.styles["Normal"].font.size == Pt(11)


def test_a_template_that_cannot_be_used_is_refused_with_what_is_wrong(tmp_path):
    not_word = tmp_path / "a" / FILE_NAME
    not_word.parent.mkdir()
    not_word.write_bytes(b"this is not a Word file")
    with pytest.raises(WordTemplateInvalid) as refused:
        load_style_template(style_template_path(not_word.parent))
    assert refused.value.params["problem"] == "not_docx"
    assert refused.value.message(SV) == (
        f"Word-mallen {not_word} kan inte användas: filen är inget Word-dokument (.docx). Inget har tagits fram "
        "eller sparats; be kansliet rätta eller ta bort mallen."
    )
    # A Word file without the styles the report is written with.
    source = zipfile.ZipFile(io.BytesIO(make_default()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                data = data.replace(b'w:styleId="Caption"', b'w:styleId="Bildtext"').replace(
                    b'<w:name w:val="caption"/>', b'<w:name w:val="Bildtext"/>'
                )
            target.writestr(info, data)
    missing = tmp_path / "b" / FILE_NAME
    missing.parent.mkdir()
    missing.write_bytes(out.getvalue())
    with pytest.raises(WordTemplateInvalid) as refused:
        load_style_template(missing)
    assert refused.value.params == {"path": str(missing), "problem": "styles_missing", "detail": "Caption"}
    with pytest.raises(WordTemplateInvalid) as refused:
        load_style_template(tmp_path / "none.docx")
    assert refused.value.params["problem"] == "unreadable"


def test_the_shipped_template_is_what_make_default_writes():
    shipped_doc = _open(SHIPPED.read_bytes())
    fresh = _open(make_default())
    for name in ("Normal", "Heading 1", "Title", "Caption"):
        assert shipped_doc.styles[name].font.name == fresh.styles[name].font.name, name
        assert shipped_doc.styles[name].font.size == fresh.styles[name].font.size, name
    assert shipped_doc.sections[0].page_width == fresh.sections[0].page_width
