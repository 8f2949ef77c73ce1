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
from docx.shared import Pt, RGBColor
from docx.table import _Cell
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports.document import Bullets, Format, Gap, Paragraph, Report, Table
from reports.formatting import moment

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_escape(value: object) -> str:
    """Markdown text that shows as written: no emphasis, links or raw HTML from user input."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    # A line starting with "-", "1." or ">" would become a list or a quote.
    return re.sub(r"(?m)^(\s*)([-=>]|\d+\.)", r"\1\\\2", text)


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


def render_docx(report: Report) -> bytes:
    document = Document()
    _set_properties(document, report)
    _page_numbers(document, report.texts["page"])
    document.add_heading(report.title, level=0)
    subtitle = document.add_paragraph(report.subtitle)
    subtitle.runs[0].font.size = Pt(14)
    facts = [*report.facts, (report.texts["generated"], moment(report.generated_at))]
    _table(document, None, [(label, value) for label, value in facts], caption="")
    document.add_heading(f"{report.texts['gaps_heading']} ({len(report.gaps)})", level=1)
    if report.gaps:
        for gap in report.gaps:
            document.add_paragraph(gap.text, style="List Bullet")
    else:
        document.add_paragraph(report.texts["no_gaps"])
    document.add_heading(report.texts["contents"], level=1)
    for number, section in enumerate(report.sections, start=1):
        document.add_paragraph(f"{number}. {section.title}")
    document.add_page_break()
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                paragraph = document.add_paragraph()
                if block.label:
                    paragraph.add_run(f"{block.lead} ").bold = True
                paragraph.add_run(block.text)
            elif isinstance(block, Gap):
                paragraph = document.add_paragraph()
                marker = paragraph.add_run(f"{report.texts['missing_marker']}. ")
                marker.bold = True
                marker.font.color.rgb = RGBColor(0xA0, 0x50, 0x00)
                paragraph.add_run(block.text).italic = True
            elif isinstance(block, Table):
                _table(document, block.headers, block.rows, block.caption)
            elif isinstance(block, Bullets):
                if block.caption:
                    document.add_paragraph().add_run(block.caption).bold = True
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
    if report.cited:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{report.texts['cited']}: ").bold = True
        paragraph.add_run(", ".join(report.cited))
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue(), report.generated_at)


def _table(document, headers, rows, caption: str) -> None:
    if caption:
        document.add_paragraph().add_run(caption).bold = True
    columns = len(headers) if headers else len(rows[0]) if rows else 1
    table = document.add_table(rows=len(rows) + (1 if headers else 0), cols=columns)
    table.style = "Table Grid"
    # Cells are reached through the XML rows: python-docx's row.cells recomputes the whole grid
    # on every call, which made a 5,000-row action list take minutes.
    lines = list(table._tbl.tr_lst)
    if headers:
        header_row, *lines = lines
        for tc, header in zip(header_row.tc_lst, headers, strict=True):
            _Cell(tc, table).paragraphs[0].add_run(header).bold = True
        _repeat_as_header(header_row)
    for tr, row in zip(lines, rows, strict=True):
        for tc, value in zip(tr.tc_lst, row, strict=True):
            _Cell(tc, table).text = value


def _repeat_as_header(tr) -> None:
    properties = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _page_numbers(document, label: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{label} ")
    run = paragraph.add_run()
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


def render(report: Report, fmt: Format) -> bytes:
    return RENDERERS[fmt](report)


def file_name(report: Report, fmt: Format) -> str:
    subject = re.sub(r"[^A-Za-z0-9-]+", "-", report.subject).strip("-") or "rapport"
    return f"{report.kind.value}-{subject}.{fmt.value}"
