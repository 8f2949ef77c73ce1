"""Render a Report to bytes: HTML (one printable file, no external assets), Markdown and Word.

Templates run with StrictUndefined so a template bug fails a test instead of printing an empty
field in a report; HTML is autoescaped, Markdown escapes its own special characters."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from functools import cache

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports.document import Bullets, Format, Gap, Numbered, Paragraph, Report, Subheading, Table
from reports.formatting import moment
from reports.word_style import StyleTemplate
from reports.word_style import shipped as shipped_style

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_escape(value: object) -> str:
    """Markdown text that shows as written: no emphasis, links or raw HTML from user input."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    # A line starting with "-", "1." or ">" would become a list or a quote. CommonMark escapes only
    # punctuation: "1\." (not "\1.", which would print the backslash).
    text = re.sub(r"(?m)^(\s*)(\d+)\.", r"\1\2\\.", text)
    return re.sub(r"(?m)^(\s*)([-=>])", r"\1\\\2", text)


def md_cell(value: object) -> str:
    return md_escape(value).replace("\r", "").replace("\n", "<br>")


@cache
def _environment(kind: str) -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html.j2"]) if kind == "html" else False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    return env


def render_html(report: Report) -> bytes:
    html = (
        _environment("html").get_template("report.html.j2").render(report=report, generated=moment(report.generated_at))
    )
    return html.encode("utf-8")


def render_markdown(report: Report) -> bytes:
    text = _environment("md").get_template("report.md.j2").render(report=report, generated=moment(report.generated_at))
    # Collapse the blank lines the template's control blocks leave behind.
    return (re.sub(r"\n{3,}", "\n\n", text).strip() + "\n").encode("utf-8")


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


def _add(document, text: str = "", style: str | None = None):
    paragraph = document.add_paragraph(text)
    if style is not None:
        _set_style(paragraph, document._style_ids[style])
    return paragraph


def _heading(document, text: str, level: int):
    return _add(document, text, "Title" if level == 0 else f"Heading {level}")


def _clear_body(document) -> None:
    """Keep the template's section properties (page, margins, header/footer links), drop its text."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _cover(document, report: Report) -> None:
    cover = report.cover
    assert cover is not None
    _add(document, cover.programme, "Subtitle")
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(90)
    _add(document, cover.title, "Title")
    _add(document, cover.subtitle, "Subtitle")
    document.add_paragraph().paragraph_format.space_before = Pt(40)
    _table(document, None, list(cover.lines), caption="", first_column_bold=True)
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
    _table(document, None, [(label, value) for label, value in facts], caption="", first_column_bold=True)
    _heading(document, f"{report.texts['gaps_heading']} ({len(report.gaps)})", level=1)
    if report.gaps:
        for gap in report.gaps:
            _add(document, gap.text, "List Bullet")
    else:
        document.add_paragraph(report.texts["no_gaps"])
    _heading(document, report.texts["contents"], level=1)
    for number, section in enumerate(report.sections, start=1):
        document.add_paragraph(f"{number}. {section.title}")
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
        _table(document, block.headers, block.rows, block.caption)
    elif isinstance(block, Bullets):
        if block.caption:
            _add(document, block.caption, "Caption")
        for item in block.items:
            _add(document, item, "List Bullet")


def _table(document, headers, rows, caption: str, first_column_bold: bool = False) -> None:
    if caption:
        _add(document, caption, "Caption")
    columns = len(headers) if headers else len(rows[0]) if rows else 1
    table = document.add_table(rows=len(rows) + (1 if headers else 0), cols=columns)
    table._tbl.tblPr.get_or_add_tblStyle().val = document._style_ids["Table Grid"]
    widths = column_widths(headers, rows, _text_width(document))
    _fix_widths(table, widths)
    # Cells are reached through the XML rows: python-docx's row.cells recomputes the whole grid
    # on every call, which made a 5,000-row action list take minutes.
    lines = list(table._tbl.tr_lst)
    style = _table_text_style(document)
    if headers:
        header_row, *lines = lines
        for tc, header, width in zip(header_row.tc_lst, headers, widths, strict=True):
            _width(tc, width)
            paragraph = _Cell(tc, table).paragraphs[0]
            _set_style(paragraph, style)
            paragraph.add_run(header).bold = True
        _row_properties(header_row, header=True)
    for tr, row in zip(lines, rows, strict=True):
        for index, (tc, value, width) in enumerate(zip(tr.tc_lst, row, widths, strict=True)):
            _width(tc, width)
            cell = _Cell(tc, table)
            if first_column_bold and index == 0:
                cell.paragraphs[0].add_run(value).bold = True
            else:
                cell.text = value
            _set_style(cell.paragraphs[0], style)
        _row_properties(tr, header=False)
    # Air between a table and the text after it (and Word needs a paragraph between two tables).
    after = document.add_paragraph()
    after.paragraph_format.space_after = Pt(4)


# Average width of a character of table text (9.5 pt, or a wide fallback font such as LibreOffice's
# DejaVu Sans for Calibri), and a cell's left and right padding, in twentieths of a point.
CHAR_TWIPS = 120
PADDING_TWIPS = 260
# Longest word a column is widened for; longer ones (a URL) may break, not squeeze the others.
LONGEST_WORD = 18
SHORT_WORD = 12  # a date is 10
TABLE_TEXT = "Table Text"


def column_widths(headers, rows, available: int) -> list[int]:
    """Column widths in twips fitted to the content. A header word never breaks: each column gets
    its longest header word first, then its longest body word where there is room, and the rest
    is shared by how much text each column holds."""
    columns = list(zip(*([headers] if headers else []), *rows, strict=False)) if (headers or rows) else []
    if not columns:
        return [available]
    header_min, body_min, wanted = [], [], []
    for index, column in enumerate(columns):
        cells = [str(c) for c in column]
        header = str(headers[index]) if headers else ""
        body = cells[1:] if headers else cells
        header_word = max((len(w) for w in header.split()), default=1)
        body_word = max((len(w) for c in body for w in c.split()), default=1)
        header_min.append(header_word * CHAR_TWIPS + PADDING_TWIPS)
        body_min.append(max(header_word, min(body_word, LONGEST_WORD)) * CHAR_TWIPS + PADDING_TWIPS)
        mean = sum(min(len(c), 400) for c in body) / max(len(body), 1)
        wanted.append(max(min(mean, 90), header_word, 4))
    if sum(body_min) <= available:
        spare = available - sum(body_min)
        total = sum(wanted)
        return [int(m + spare * w / total) for m, w in zip(body_min, wanted, strict=True)]
    if sum(header_min) <= available:
        # Not room for every long word: the columns with short words (dates, outcomes) get theirs
        # whole first; the columns of long compound words share the rest.
        widths = list(header_min)
        spare = available - sum(header_min)
        extra = [b - h for b, h in zip(body_min, header_min, strict=True)]
        fits = SHORT_WORD * CHAR_TWIPS + PADDING_TWIPS
        short = sorted((i for i in range(len(widths)) if body_min[i] <= fits), key=lambda i: extra[i])
        for index in short:
            give = min(extra[index], spare)
            widths[index] += give
            spare -= give
        rest = [i for i in range(len(widths)) if i not in short]
        # Weighted by how long the words are and by how much text the column holds.
        weight = {i: extra[i] * wanted[i] for i in rest}
        total = sum(weight.values()) or 1
        for index in rest:
            widths[index] += int(spare * weight[index] / total)
        return widths
    scale = available / sum(header_min)
    return [int(m * scale) for m in header_min]


def _table_text_style(document) -> str | None:
    """The style id of the template's table text, or None: then cells use Normal like the body."""
    return document._style_ids.get(TABLE_TEXT)


def _set_style(paragraph, style_id: str | None) -> None:
    # Straight into the XML: python-docx's paragraph.style looks the style up by name each time.
    if style_id is not None:
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def _text_width(document) -> int:
    section = document.sections[-1]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU -> twips


def _fix_widths(table, widths: list[int]) -> None:
    """Fixed layout with the given grid: Word and LibreOffice then use these widths as they are."""
    tbl = table._tbl
    properties = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:w"), str(sum(widths)))
    table_width.set(qn("w:type"), "dxa")
    for column, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width))


def _width(tc, width: int) -> None:
    properties = tc.get_or_add_tcPr()
    element = properties.find(qn("w:tcW"))
    if element is None:
        element = OxmlElement("w:tcW")
        properties.insert(0, element)
    element.set(qn("w:w"), str(width))
    element.set(qn("w:type"), "dxa")


def _row_properties(tr, header: bool) -> None:
    """A row never breaks across pages; the header row repeats on every page of the table."""
    properties = tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        element = OxmlElement("w:tblHeader")
        element.set(qn("w:val"), "true")
        properties.append(element)


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


RENDERERS = {Format.DOCX: render_docx, Format.HTML: render_html, Format.MD: render_markdown}


def render(report: Report, fmt: Format, style: StyleTemplate | None = None) -> bytes:
    """`style`: the Word style template (the shipped one by default); other formats ignore it."""
    if fmt is Format.DOCX:
        return render_docx(report, style)
    return RENDERERS[fmt](report)


def file_name(report: Report, fmt: Format) -> str:
    subject = re.sub(r"[^A-Za-z0-9-]+", "-", report.subject).strip("-") or "rapport"
    return f"{report.kind.value}-{subject}.{fmt.value}"
