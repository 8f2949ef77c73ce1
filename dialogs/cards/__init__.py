"""Adaptive Card builders: pure functions from data and texts to card dicts (schema 1.5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Activity, ActivityTypes, Attachment

CARD_VERSION = "1.5"
# The submit-data field naming the delprojekt. Not "key": the Agents Playground throws on a submit
# whose data has a field of that name (React reserves it) and sends nothing.
PROJECT_FIELD = "delprojekt"


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


def bullets(lines: list[str]) -> dict[str, Any]:
    """Lines as a Markdown list in one text block."""
    return text_block("\n".join(f"- {line}" for line in lines))


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis where it was cut (a card is read, not archived)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def submit(title: str, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "Action.Submit", "title": title, "data": data, **extra}


def line_with_button(line: str, button: dict[str, Any]) -> dict[str, Any]:
    """A line of text with its one button at the end (remove a member, mark an action item done)."""
    return {
        "type": "ColumnSet",
        "columns": [
            {"type": "Column", "width": "stretch", "items": [text_block(line)]},
            {"type": "Column", "width": "auto", "items": [{"type": "ActionSet", "actions": [button]}]},
        ],
    }


def card_activity(card: dict[str, Any], text: str | None = None) -> Activity:
    attachment: Attachment = CardFactory.adaptive_card(card)
    return Activity(type=ActivityTypes.message, text=text, attachments=[attachment])


def field_error_text(texts, key: str) -> str:
    """Domain message keys ("error.required") to the user's words ("field_error.required")."""
    return texts(f"field_error.{key.removeprefix('error.')}")


def labelled(
    texts, element: dict[str, Any], label: str, *, required: bool = False, error: str | None = None,
    explain: Callable[[Any, str], str] = field_error_text,
) -> list[dict[str, Any]]:  # fmt: skip
    """An input with its label and the server's error right below it (`explain` puts the message
    key in words). A required input gets no marker in its label: the client draws one itself for
    `isRequired`. The cards build their inputs with dialogs/cards/inputs.py, which calls this."""
    element = dict(element)
    element["label"] = label
    if required:
        element["isRequired"] = True
        element["errorMessage"] = texts("field_error.required")
    items = [element]
    if error:
        items.append(text_block(explain(texts, error), color="Attention", size="Small", spacing="None"))
    return items


def choices(options: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"title": title, "value": value} for value, title in options]


def fact_set(facts: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in facts]}


def done_card(texts, message: str, by: str, at: str, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """What a form that has done its job turns into: what was saved, by whom and when. Nothing on
    it can be pressed again."""
    body = [text_block(f"✔ {message}", weight="Bolder", color="Good")]
    body += extra or []
    body.append(text_block(texts("form.done_by", by=by, at=at), isSubtle=True, size="Small"))
    return adaptive_card(body)


def with_message(card: dict[str, Any], message: str | None) -> dict[str, Any]:
    """The card with a line on top saying what just happened (for a card redrawn in place)."""
    if not message:
        return card
    return {**card, "body": [text_block(message, color="Good"), *card.get("body", [])]}
