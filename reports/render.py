"""Render a Report to bytes in the format asked for: Word (reports/word.py, its tables in
reports/word_tables.py), HTML and Markdown (reports/markup.py), and the file's name.

The other names are here for the code and tests that import them from this module."""

from __future__ import annotations

import re

from reports.document import Format, Report
from reports.markup import environment as _environment
from reports.markup import md_cell, md_escape, render_html, render_markdown
from reports.word import render_docx
from reports.word_style import StyleTemplate
from reports.word_tables import CHAR_TWIPS, PADDING_TWIPS, column_widths

__all__ = [
    "CHAR_TWIPS",
    "PADDING_TWIPS",
    "RENDERERS",
    "_environment",
    "column_widths",
    "file_name",
    "md_cell",
    "md_escape",
    "render",
    "render_docx",
    "render_html",
    "render_markdown",
]

RENDERERS = {Format.DOCX: render_docx, Format.HTML: render_html, Format.MD: render_markdown}


def render(report: Report, fmt: Format, style: StyleTemplate | None = None) -> bytes:
    """`style`: the Word style template (the shipped one by default); other formats ignore it."""
    if fmt is Format.DOCX:
        return render_docx(report, style)
    return RENDERERS[fmt](report)


def file_name(report: Report, fmt: Format) -> str:
    subject = re.sub(r"[^A-Za-z0-9-]+", "-", report.subject).strip("-") or "rapport"
    return f"{report.kind.value}-{subject}.{fmt.value}"
