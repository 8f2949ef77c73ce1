"""The inputs of every card: a labelled Adaptive Card input with the server's error below it,
given the value to show, the error (a message key) and the limits. What comes back into a card
is what the card allows: text clipped to its maxLength, a choice only if the card offers it, a
date as YYYY-MM-DD, so a forged submit is never echoed past a card's own limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dialogs.cards import choices, field_error_text, labelled
from presentation.i18n import Texts

Explain = Callable[[Texts, str], str]  # a message key ("error.required") in the user's words
Elements = list[dict[str, Any]]


def text_input(
    texts: Texts, name: str, label: str, value: Any = "", *, limit: int, error: str | None = None,
    multiline: bool = False, required: bool = False, placeholder: str = "", explain: Explain = field_error_text,
) -> Elements:  # fmt: skip
    element: dict[str, Any] = {
        "type": "Input.Text", "id": name, "maxLength": limit, "isMultiline": multiline,
        "value": ("" if value is None else str(value))[:limit],
    }  # fmt: skip
    if placeholder:
        element["placeholder"] = placeholder
    return labelled(texts, element, label, required=required, error=error, explain=explain)


def offered(options: list[tuple[str, str]], value: Any, multi: bool = False) -> str:
    """`value` if the card offers it (every part of a multi-select's "a,b"), else nothing chosen."""
    known = {option for option, _ in options}
    value = "" if value is None else str(value)
    parts = [part for part in value.split(",") if part] if multi else [value] if value else []
    return value if all(part in known for part in parts) else ""


def choice_input(
    texts: Texts, name: str, label: str, options: list[tuple[str, str]], value: Any = "", *,
    error: str | None = None, expanded: bool = False, multi: bool = False, required: bool = False,
    placeholder: str = "", explain: Explain = field_error_text, offered_only: bool = True,
) -> Elements:  # fmt: skip
    """`options` are (value, title) pairs. `offered_only=False` shows back even a value the card
    does not offer, for a form that returns what was sent next to why it was refused."""
    element: dict[str, Any] = {"type": "Input.ChoiceSet", "id": name, "style": "expanded" if expanded else "compact"}
    if multi:
        element["isMultiSelect"] = True
    element["choices"] = choices(options)
    if placeholder:
        element["placeholder"] = placeholder
    element["value"] = offered(options, value, multi) if offered_only else ("" if value is None else str(value))
    return labelled(texts, element, label, required=required, error=error, explain=explain)


def date_input(
    texts: Texts, name: str, label: str, value: Any = "", *, error: str | None = None, required: bool = False
) -> Elements:
    element = {"type": "Input.Date", "id": name, "value": ("" if value is None else str(value))[:10]}
    return labelled(texts, element, label, required=required, error=error)


def time_input(texts: Texts, name: str, label: str, value: Any = "", *, error: str | None = None) -> Elements:
    element = {"type": "Input.Time", "id": name, "value": ("" if value is None else str(value))[:5]}
    return labelled(texts, element, label, error=error)


def number_input(
    texts: Texts, name: str, label: str, value: int | float | None = None, *, minimum: int | None = None,
    maximum: int | None = None, error: str | None = None,
) -> Elements:  # fmt: skip
    element: dict[str, Any] = {"type": "Input.Number", "id": name}
    if minimum is not None:
        element["min"] = minimum
    if maximum is not None:
        element["max"] = maximum
    if isinstance(value, int | float) and not isinstance(value, bool):
        element["value"] = value
    return labelled(texts, element, label, error=error)
