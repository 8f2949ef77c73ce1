"""Small templates written as TOML text, so each test shows exactly what the kansli would write."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.checklists.loader import parse_template
from domain.checklists.model import Template

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

HEADER = """
name = "Testmall"
version = "1.0"

[[sections]]
id = "analys"
sv = "Analys"
en = "Analysis"

[[sections]]
id = "konsekvenser"
sv = "Konsekvenser"
en = "Consequences"
"""


def item(item_id: str, stage: str = "initiering", type: str = "ja_nej", extra: str = "") -> str:
    return f"""
[[items]]
id = "{item_id}"
stage = "{stage}"
section = "analys"
type = "{type}"
question = {{ sv = "Fråga {item_id}?", en = "Question {item_id}?" }}
help = {{ sv = "Hjälp för {item_id}.", en = "Help for {item_id}." }}
{extra}
"""


def text(*items: str, header: str = HEADER) -> str:
    return header + "".join(items)


def template(*items: str) -> Template:
    return parse_template(text(*items), "test.toml")


CHOICES = """options = [
  { id = "ekonomi", sv = "Ekonomi", en = "Finance" },
  { id = "hr", sv = "HR", en = "HR" },
  { id = "juridik", sv = "Juridik", en = "Law" },
]"""
