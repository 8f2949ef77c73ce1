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


# Teams renders an Adaptive Card of at most 28 KB.
MAX_CARD_BYTES = 28 * 1024
# Field names the Agents Playground cannot carry in a submit (it throws and sends nothing).
PLAYGROUND_RESERVED = {"key"}


def card_problems(card: dict[str, Any]) -> list[str]:
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator().iter_errors(card)]
    if card.get("version") != "1.5":
        problems.append(f"version is {card.get('version')!r}, not 1.5")
    problems.extend(parser_rule_problems(card))
    return problems


def _elements(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _elements(value)
    elif isinstance(node, list):
        for value in node:
            yield from _elements(value)


def parser_rule_problems(card: dict[str, Any]) -> list[str]:
    """The rules the official parser (npm adaptivecards, parse + validateProperties) and the clients
    enforce beyond the JSON schema; tests/browser/validate-cards.mjs runs the parser itself."""
    problems = []
    size = len(json.dumps(card, ensure_ascii=False).encode("utf-8"))
    if size > MAX_CARD_BYTES:
        problems.append(f"card of {size} bytes exceeds {MAX_CARD_BYTES}")
    seen: set[str] = set()
    for element in _elements(card.get("body", []) + card.get("actions", [])):
        kind = element.get("type")
        element_id = element.get("id")
        if isinstance(kind, str) and element_id is not None:
            if element_id in seen:
                problems.append(f"duplicate id {element_id!r}")
            seen.add(element_id)
            if kind.startswith("Input.") and element_id in PLAYGROUND_RESERVED:
                problems.append(f"input id {element_id!r} cannot be submitted in the Agents Playground")
        if kind == "Input.ChoiceSet":
            for choice in element.get("choices", []):
                if not choice.get("title") or not choice.get("value"):
                    problems.append(f"choice set {element_id!r}: choice {choice!r} lacks a title or a value")
        if kind in ("Action.Submit", "Action.Execute"):
            data = element.get("data")
            if isinstance(data, dict) and PLAYGROUND_RESERVED & set(data):
                problems.append(f"submit data {data!r} has a field the Agents Playground cannot carry")
            if not str(element.get("title", "")).strip(" ✖✕×"):
                problems.append(f"action {data!r} has no words in its title")
    return problems


def assert_valid_message(activity: dict[str, Any]) -> None:
    size = len(json.dumps(activity, ensure_ascii=False).encode("utf-8"))
    assert size <= MAX_MESSAGE_BYTES, f"message of {size} bytes exceeds {MAX_MESSAGE_BYTES}"
    for attachment in activity.get("attachments") or []:
        if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
            problems = card_problems(attachment["content"])
            assert not problems, "invalid Adaptive Card:\n" + "\n".join(problems[:20])
