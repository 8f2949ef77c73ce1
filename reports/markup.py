"""A Report as HTML (one printable file, no external assets) and as Markdown, through the Jinja2
templates in reports/templates/.

Templates run with StrictUndefined so a template bug fails a test instead of printing an empty
field in a report; HTML is autoescaped, Markdown escapes its own special characters."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reports.document import Report
from reports.formatting import moment

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
def environment(kind: str) -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html.j2"]) if kind == "html" else False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    return env


TEMPLATES = {"html": "report.html.j2", "md": "report.md.j2"}


def _page(kind: str, report: Report) -> str:
    template = environment(kind).get_template(TEMPLATES[kind])
    return template.render(report=report, generated=moment(report.generated_at))


def render_html(report: Report) -> bytes:
    return _page("html", report).encode("utf-8")


def render_markdown(report: Report) -> bytes:
    # Collapse the blank lines the template's control blocks leave behind.
    return (re.sub(r"\n{3,}", "\n\n", _page("md", report)).strip() + "\n").encode("utf-8")
