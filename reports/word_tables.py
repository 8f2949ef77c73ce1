"""Tables in a Word report, fitted to their content, and the styled paragraph every part of the
Word renderer (reports/word.py) writes with.

python-docx is slow where a report is large: styles are looked up by id once per document
(`document._style_ids`, set by reports/word.py) and cells are written through the XML."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell

# Average width of a character of table text (9.5 pt, or a wide fallback font such as LibreOffice's
# DejaVu Sans for Calibri), and a cell's left and right padding, in twentieths of a point.
CHAR_TWIPS = 120
PADDING_TWIPS = 260
# Longest word a column is widened for; longer ones (a URL) may break, not squeeze the others.
LONGEST_WORD = 18
SHORT_WORD = 12  # a date is 10
TABLE_TEXT = "Table Text"


def add(document, text: str = "", style: str | None = None):
    """A paragraph in one of the template's styles (by name)."""
    paragraph = document.add_paragraph(text)
    if style is not None:
        set_style(paragraph, document._style_ids[style])
    return paragraph


def set_style(paragraph, style_id: str | None) -> None:
    # Straight into the XML: python-docx's paragraph.style looks the style up by name each time.
    if style_id is not None:
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def table(document, headers, rows, caption: str, first_column_bold: bool = False) -> None:
    if caption:
        add(document, caption, "Caption")
    columns = len(headers) if headers else len(rows[0]) if rows else 1
    grid = document.add_table(rows=len(rows) + (1 if headers else 0), cols=columns)
    grid._tbl.tblPr.get_or_add_tblStyle().val = document._style_ids["Table Grid"]
    widths = column_widths(headers, rows, _text_width(document))
    _fix_widths(grid, widths)
    # Cells are reached through the XML rows: python-docx's row.cells recomputes the whole grid
    # on every call, which made a 5,000-row action list take minutes.
    lines = list(grid._tbl.tr_lst)
    style = _table_text_style(document)
    if headers:
        header_row, *lines = lines
        for tc, header, width in zip(header_row.tc_lst, headers, widths, strict=True):
            _width(tc, width)
            paragraph = _Cell(tc, grid).paragraphs[0]
            set_style(paragraph, style)
            paragraph.add_run(header).bold = True
        _row_properties(header_row, header=True)
    for tr, row in zip(lines, rows, strict=True):
        for index, (tc, value, width) in enumerate(zip(tr.tc_lst, row, widths, strict=True)):
            _width(tc, width)
            cell = _Cell(tc, grid)
            if first_column_bold and index == 0:
                cell.paragraphs[0].add_run(value).bold = True
            else:
                cell.text = value
            set_style(cell.paragraphs[0], style)
        _row_properties(tr, header=False)
    # Air between a table and the text after it (and Word needs a paragraph between two tables).
    after = document.add_paragraph()
    after.paragraph_format.space_after = Pt(4)


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
