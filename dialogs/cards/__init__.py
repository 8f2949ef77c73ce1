"""Adaptive Card builders: pure functions from data and texts to card dicts (schema 1.5)."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes, Attachment

CARD_VERSION = "1.5"


def adaptive_card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return card


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def submit(title: str, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "Action.Submit", "title": title, "data": data, **extra}


def card_activity(card: dict[str, Any], text: str | None = None) -> Activity:
    attachment: Attachment = CardFactory.adaptive_card(card)
    return Activity(type=ActivityTypes.message, text=text, attachments=[attachment])


def field_error_text(texts, key: str) -> str:
    """Domain message keys ("error.required") to the user's words ("field_error.required")."""
    return texts(f"field_error.{key.removeprefix('error.')}")


def labelled(texts, element: dict[str, Any], label: str, *, required: bool = False, error: str | None = None):
    """An input with its label, the required marker, and the server's error right below it."""
    element = dict(element)
    element["label"] = f"{label} {texts('field.required_marker')}" if required else label
    if required:
        element["isRequired"] = True
        element["errorMessage"] = texts("field_error.required")
    items = [element]
    if error:
        items.append(text_block(field_error_text(texts, error), color="Attention", size="Small", spacing="None"))
    return items


def choices(options: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": title, "value": value} for value, title in options]


def fact_set(facts: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]}
