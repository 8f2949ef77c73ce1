"""Render a Report to bytes in the format asked for: Word (reports/word.py, its tables in
reports/word_tables.py), HTML and Markdown (reports/markup.py), and the file's name.

The other names are here for the code and tests that import them from this module."""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING, Any

from reports.document import Format, Report

if TYPE_CHECKING:
    from reports.word_style import StyleTemplate

# Where each re-exported name lives: imported when first asked for, so that starting the service
# imports neither python-docx nor Jinja2 (issue 18: 0.2 s of the start-up); the first report does.
_LAZY = {
    "CHAR_TWIPS": "reports.word_tables",
    "PADDING_TWIPS": "reports.word_tables",
    "column_widths": "reports.word_tables",
    "_environment": "reports.markup",
    "md_cell": "reports.markup",
    "md_escape": "reports.markup",
    "render_html": "reports.markup",
    "render_markdown": "reports.markup",
    "render_docx": "reports.word",
}
_ALIASES = {"_environment": "environment"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_LAZY[name]), _ALIASES.get(name, name))


__all__ = ["file_name", "render"]  # and, by attribute, every name in _LAZY

_RENDERERS = {Format.DOCX: "render_docx", Format.HTML: "render_html", Format.MD: "render_markdown"}


def render(report: Report, fmt: Format, style: StyleTemplate | None = None) -> bytes:
    """`style`: the Word style template (the shipped one by default); other formats ignore it."""
    renderer = __getattr__(_RENDERERS[fmt])
    if fmt is Format.DOCX:
        return renderer(report, style)
    return renderer(report)


def file_name(report: Report, fmt: Format) -> str:
    subject = re.sub(r"[^A-Za-z0-9-]+", "-", report.subject).strip("-") or "rapport"
    return f"{report.kind.value}-{subject}.{fmt.value}"
