"""The Word style template reports are written into: a `.docx` the kansli can edit in Word, whose
styles, letterhead (header, logo), margins and page size every Word report uses.

A default ships (reports/templates/word/rapportmall.docx, made by `python -m reports.word_style`).
A region's own goes in the TEMPLATE_DIR folder under the same name, `rapportmall.docx`. A file
that cannot be used is refused with what is wrong, before anything is generated or recorded."""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.word_errors import WordTemplateInvalid

FILE_NAME = "rapportmall.docx"
SHIPPED = Path(__file__).parent / "templates" / "word" / FILE_NAME
# The styles the renderer writes with; a template must define each (Word's built-in names).
REQUIRED_STYLES = {
    "Title": WD_STYLE_TYPE.PARAGRAPH,
    "Subtitle": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 1": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 2": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 3": WD_STYLE_TYPE.PARAGRAPH,
    "Normal": WD_STYLE_TYPE.PARAGRAPH,
    "List Bullet": WD_STYLE_TYPE.PARAGRAPH,
    "Caption": WD_STYLE_TYPE.PARAGRAPH,
    "Table Grid": WD_STYLE_TYPE.TABLE,
}


@dataclass(frozen=True)
class StyleTemplate:
    path: Path
    data: bytes  # the file as read and checked; every report starts from these bytes


def style_template_path(directory: Path | str | None) -> Path:
    """The region's template in TEMPLATE_DIR if there is one, else the shipped default."""
    if directory:
        own = Path(directory) / FILE_NAME
        if own.exists():
            return own
    return SHIPPED


def load_style_template(path: Path) -> StyleTemplate:
    """Read and check a style template; WordTemplateInvalid says what is wrong with it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise WordTemplateInvalid(str(path), "unreadable", error.strerror or str(error)) from None
    return _checked(str(path), data)


@cache
def _checked(path: str, data: bytes) -> StyleTemplate:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WordTemplateInvalid(path, "not_docx")
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise WordTemplateInvalid(path, "damaged", str(error)) from None
    names = {(s.name, s.type) for s in document.styles}
    missing = [name for name, kind in REQUIRED_STYLES.items() if (name, kind) not in names]
    if missing:
        raise WordTemplateInvalid(path, "styles_missing", ", ".join(missing))
    return StyleTemplate(Path(path), data)


def shipped() -> StyleTemplate:
    return load_style_template(SHIPPED)


def make_default() -> bytes:
    """The shipped template: python-docx's styles, A4 with 2.5 cm margins, Calibri, calm headings
    and an empty header the renderer fills with the programme's letterhead line."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    _set_language(normal, "sv-SE")
    for name, size, before in (("Heading 1", 16, 18), ("Heading 2", 13, 12), ("Heading 3", 11.5, 10)):
        style = styles[name]
        style.font.name, style.font.size = "Calibri", Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name, title.font.size = "Calibri", Pt(30)
    title.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    subtitle = styles["Subtitle"]
    subtitle.font.name, subtitle.font.size = "Calibri", Pt(15)
    caption = styles["Caption"]
    caption.font.size, caption.font.italic, caption.font.bold = Pt(10), False, True
    caption.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(8)
    # Table text a little smaller than the body (reports/word_tables.py uses it when a template has it).
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9.5)
    table_text.paragraph_format.space_after = Pt(0)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_language(style, language: str) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)


if __name__ == "__main__":
    SHIPPED.parent.mkdir(parents=True, exist_ok=True)
    SHIPPED.write_bytes(make_default())
    print(f"wrote {SHIPPED}", file=sys.stderr)
