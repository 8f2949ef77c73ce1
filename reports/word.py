"""A Report as Word, written into the style template's document (reports/word_style.py): its
styles, letterhead, margins and page, the cover or facts page, the sections and their blocks,
the footer with page numbers. Tables are reports/word_tables.py. The same report made at the same
moment is the same bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.document import Bullets, Gap, Numbered, Paragraph, Report, Subheading, Table
from reports.formatting import moment
from reports.word_style import StyleTemplate
from reports.word_style import shipped as shipped_style
from reports.word_tables import add, table


def render_docx(report: Report, style: StyleTemplate | None = None) -> bytes:
    """Word, written into the style template's document: its styles, header, margins and page."""
    document = Document(io.BytesIO((style or shipped_style()).data))
    # Style ids looked up once: python-docx finds a style by name by scanning all styles each time.
    document._style_ids = {s.name: s.style_id for s in document.styles}
    _clear_body(document)
    _set_properties(document, report)
    _letterhead(document, report)
    _footer(document, report)
    if report.cover is not None:
        # The cover page carries no letterhead or footer of its own: it is the letterhead.
        document.sections[0].different_first_page_header_footer = True
        _cover(document, report)
    else:
        _facts_page(document, report)
    appendix_started = False
    for number, section in enumerate(report.sections, start=1):
        heading = _heading(document, section.heading or f"{number}. {section.title}", level=1)
        if section.id.startswith("bilaga") and not appendix_started:
            # The bilagor start on a page of their own; nothing else forces a page break.
            heading.paragraph_format.page_break_before = True
            appendix_started = True
        for block in section.blocks:
            _block(document, report, block)
    if report.cited and report.cover is None:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{report.texts['cited']}: ").bold = True
        paragraph.add_run(", ".join(report.cited))
    _shrink_last_paragraph(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue(), report.generated_at)


def _shrink_last_paragraph(document) -> None:
    """The empty paragraph after a last table (a document cannot end with a table) is made one
    point high, so that it never spills onto a page of its own."""
    paragraph = document.paragraphs[-1] if document.paragraphs else None
    if paragraph is None or paragraph.text or paragraph._p.getnext() is None:
        return
    if paragraph._p.getnext().tag != qn("w:sectPr"):
        return
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(1)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    run_properties = OxmlElement("w:rPr")
    run_properties.append(size)
    paragraph._p.get_or_add_pPr().append(run_properties)


def _heading(document, text: str, level: int):
    return add(document, text, "Title" if level == 0 else f"Heading {level}")


def _clear_body(document) -> None:
    """Keep the template's section properties (page, margins, header/footer links), drop its text."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _cover(document, report: Report) -> None:
    cover = report.cover
    assert cover is not None
    add(document, cover.programme, "Subtitle")
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(90)
    add(document, cover.title, "Title")
    add(document, cover.subtitle, "Subtitle")
    document.add_paragraph().paragraph_format.space_before = Pt(40)
    table(document, None, list(cover.lines), caption="", first_column_bold=True)
    document.add_page_break()
    _heading(document, report.texts["contents"], level=1)
    for section in report.sections:
        paragraph = document.add_paragraph(section.heading)
        paragraph.paragraph_format.space_after = Pt(2)
    # The first section follows the contents on the same page: no half-empty page 2.
    document.add_paragraph()


def _facts_page(document, report: Report) -> None:
    _heading(document, report.title, level=0)
    subtitle = document.add_paragraph(report.subtitle)
    subtitle.runs[0].font.size = Pt(14)
    facts = [*report.facts, (report.texts["generated"], moment(report.generated_at))]
    table(document, None, [(label, value) for label, value in facts], caption="", first_column_bold=True)
    if report.lists_gaps:
        _heading(document, f"{report.texts['gaps_heading']} ({len(report.gaps)})", level=1)
        if report.gaps:
            for gap in report.gaps:
                add(document, gap.text, "List Bullet")
        else:
            document.add_paragraph(report.texts["no_gaps"])
    _heading(document, report.texts["contents"], level=1)
    for number, section in enumerate(report.sections, start=1):
        document.add_paragraph(section.heading or f"{number}. {section.title}")
    document.add_page_break()


def _block(document, report: Report, block) -> None:
    if isinstance(block, Paragraph):
        paragraph = document.add_paragraph()
        if block.label:
            paragraph.add_run(f"{block.lead} ").bold = True
        paragraph.add_run(block.text)
    elif isinstance(block, Subheading):
        _heading(document, block.text, level=block.level)
    elif isinstance(block, Numbered):
        if block.intro:
            intro = document.add_paragraph()
            intro.add_run(block.intro).bold = True
            intro.paragraph_format.keep_with_next = True
        for number, item in enumerate(block.items, start=1):
            # Numbers written out, not Word list numbering: an att-sats keeps its number in any
            # template and when copied into the nämnd's ärende.
            paragraph = document.add_paragraph(f"{number}.\t{item}")
            fmt = paragraph.paragraph_format
            fmt.left_indent, fmt.first_line_indent = Cm(1.0), Cm(-1.0)
            fmt.tab_stops.add_tab_stop(Cm(1.0))
            fmt.keep_with_next = number < len(block.items)
    elif isinstance(block, Gap):
        paragraph = document.add_paragraph()
        if report.cover is None:
            marker = paragraph.add_run(f"{report.texts['missing_marker']}. ")
            marker.bold = True
            marker.font.color.rgb = RGBColor(0xA0, 0x50, 0x00)
        text = paragraph.add_run(block.text)
        text.italic = True
        text.font.color.rgb = RGBColor(0xA0, 0x50, 0x00)
    elif isinstance(block, Table):
        table(document, block.headers, block.rows, block.caption)
    elif isinstance(block, Bullets):
        if block.caption:
            add(document, block.caption, "Caption")
        for item in block.items:
            add(document, item, "List Bullet")


def _letterhead(document, report: Report) -> None:
    """The programme's line in the header, unless the template has a letterhead of its own."""
    header = document.sections[0].header
    if any(p.text.strip() for p in header.paragraphs) or header._element.findall(".//" + qn("w:drawing")):
        return
    line = report.cover.programme if report.cover else report.texts.get("letterhead", "")
    if line:
        paragraph = header.paragraphs[0]
        run = paragraph.add_run(line)
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _footer(document, report: Report) -> None:
    """The report's title and version status, and the page number, centred: no tab stops, which
    templates set differently."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = paragraph.add_run(report.texts.get("footer") or f"{report.title} – {report.subtitle}")
    title.font.size = Pt(9)
    label = paragraph.add_run(f" · {report.texts['page']} ")
    label.font.size = Pt(9)
    run = paragraph.add_run()
    run.font.size = Pt(9)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _set_properties(document, report: Report) -> None:
    properties = document.core_properties
    properties.title = f"{report.title} – {report.subtitle}"
    properties.subject = report.subject
    properties.author = "Samarbete för bättre vård"
    properties.last_modified_by = "Samarbete för bättre vård"
    properties.language = "sv-SE" if report.locale == "sv" else "en-GB"
    properties.revision = 1
    # Word stores these in UTC.
    at = report.generated_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    properties.created = at
    properties.modified = at
    properties.last_printed = at
    properties.comments = ""
    properties.keywords = ""
    properties.category = report.kind.value


def _fixed_zip_times(data: bytes, at: datetime) -> bytes:
    """python-docx stamps every zip entry with the wall clock; stamp them with the generation time
    so that the same report made at the same moment is the same bytes."""
    stamp = at.astimezone(UTC).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
