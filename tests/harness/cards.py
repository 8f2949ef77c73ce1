"""Checks every Adaptive Card the bot sends: valid against the 1.5 schema, and small enough for Teams."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft6Validator

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "adaptive-card-1.5.json"
# Teams refuses messages near 100 KB; the bot keeps every message under this.
MAX_MESSAGE_BYTES = 80_000


@cache
def _validator() -> Draft6Validator:
    return Draft6Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def card_problems(card: dict[str, Any]) -> list[str]:
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(card)]
    if card.get("version") != "1.5":
        problems.append(f"version is {card.get('version')!r}, not 1.5")
    return problems


def assert_valid_message(activity: dict[str, Any]) -> None:
    size = len(json.dumps(activity, ensure_ascii=False).encode("utf-8"))
    assert size <= MAX_MESSAGE_BYTES, f"message of {size} bytes exceeds {MAX_MESSAGE_BYTES}"
    for attachment in activity.get("attachments") or []:
        if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
            problems = card_problems(attachment["content"])
            assert not problems, "invalid Adaptive Card:\n" + "\n".join(problems[:20])
