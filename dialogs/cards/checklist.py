"""Checklist cards: each open item with its input, its help one tap away and its own Save button;
split over several messages so that none exceeds Teams' size limit."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import PROJECT_FIELD, adaptive_card, choices, labelled, submit, text_block
from domain.characters import Character
from domain.checklists.answers import JUSTIFICATION_MAX, LONG_TEXT_MAX, TEXT_MAX, Progress
from domain.checklists.model import NO, NOT_APPLICABLE, YES, Answer, AnswerType, Item
from domain.checklists.values import person_name
from domain.delprojekt import Delprojekt
from presentation.i18n import Texts
from presentation.values import value_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Well under the ~80 KB a message may be, leaving room for the activity around the card.
# Teams renders cards up to 28 KB; the rest of the card (header, progress) fits in what is left.
CARD_BUDGET_BYTES = 24_000


def progress_text(texts: Texts, progress: Progress) -> str:
    return texts(
        "checklist.progress",
        stage=texts(f"stages.{progress.stage.value}.name"),
        required_answered=progress.required_answered,
        required=progress.required,
        answered=progress.answered,
        total=progress.total,
    )


def _input(texts: Texts, item: Item, value: Any, error: str | None) -> list[dict[str, Any]]:
    name = f"v__{item.id}"
    label = item.question(texts.locale)
    required = item.required
    raw = "" if value is None else value
    if item.type in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        options = [(YES, texts("checklist.yes")), (NO, texts("checklist.no"))]
        if item.type is AnswerType.YES_NO_NA:
            options.append((NOT_APPLICABLE, texts("checklist.not_applicable")))
        element = {
            "type": "Input.ChoiceSet",
            "id": name,
            "style": "expanded",
            "choices": choices(options),
            "value": str(raw),
        }
    elif item.type in (AnswerType.SINGLE, AnswerType.MULTI):
        element = {
            "type": "Input.ChoiceSet",
            "id": name,
            "style": "expanded",
            "isMultiSelect": item.type is AnswerType.MULTI,
            "choices": choices([(o.id, o.label(texts.locale)) for o in item.options]),
            "value": ",".join(raw) if isinstance(raw, list) else str(raw),
        }
    elif item.type is AnswerType.DATE:
        element = {"type": "Input.Date", "id": name, "value": str(raw)}
    elif item.type is AnswerType.NUMBER:
        element = {"type": "Input.Number", "id": name}
        if isinstance(raw, int | float):
            element["value"] = raw
    else:
        limit = {AnswerType.TEXT: TEXT_MAX, AnswerType.LONG_TEXT: LONG_TEXT_MAX}.get(item.type, 200)
        element = {
            "type": "Input.Text",
            "id": name,
            "isMultiline": item.type is AnswerType.LONG_TEXT,
            "maxLength": limit,
            "value": str(raw),
        }
    # The marker only, no isRequired: every Save on a card gathers all its inputs, and Teams would
    # refuse to save one item while another required item on the card is still empty.
    if required:
        label = f"{label} {texts('field.required_marker')}"
    return labelled(texts, element, label, error=error)


def item_container(
    texts: Texts,
    key: str,
    item: Item,
    history: list[Answer],
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    on_card: list[str] | None = None,
) -> dict[str, Any]:
    """An item's input, its current answer, help one tap away and its Save. `on_card` are the ids
    of the items on the same card: the card is redrawn with them once this one is saved."""
    values = values or {}
    errors = errors or {}
    current = history[-1] if history else None
    entered = values.get(f"v__{item.id}", current.value if current else None)
    if item.type is AnswerType.PERSON and entered is not None:
        entered = person_name(entered)
    items = _input(texts, item, entered, errors.get("value"))
    if current is not None:
        at = current.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
        items.append(
            text_block(
                texts("checklist.current", value=value_text(texts, item, current.value), by=current.by, at=at),
                isSubtle=True,
                size="Small",
            )
        )
    if item.type is AnswerType.YES_NO_NA:
        justification = {
            "type": "Input.Text",
            "id": f"j__{item.id}",
            "maxLength": JUSTIFICATION_MAX,
            "value": str(values.get(f"j__{item.id}", current.justification if current else "")),
        }
        items += labelled(texts, justification, texts("checklist.justification"), error=errors.get("justification"))
    help_card = adaptive_card([text_block(item.help(texts.locale))])
    data = {
        "action": "checklist.answer",
        PROJECT_FIELD: key,
        "item": item.id,
        "revision": current.revision if current else 0,
    }
    if on_card:
        data["on_card"] = on_card
    items.append(
        {
            "type": "ActionSet",
            "actions": [
                {"type": "Action.ShowCard", "title": texts("checklist.help"), "card": help_card},
                submit(texts("checklist.save"), data),
            ],
        }
    )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _header(texts: Texts, project: Delprojekt, stage_label: str, progress: Progress) -> list[dict[str, Any]]:
    return [
        text_block(texts("checklist.title", key=project.key, stage=stage_label), size="Large", weight="Bolder"),
        text_block(progress_text(texts, progress)),
    ]


def checklist_cards(
    texts: Texts,
    project: Delprojekt,
    stage_label: str,
    progress: Progress,
    items: list[Item],
    answers: dict[str, list[Answer]],
) -> list[dict[str, Any]]:
    """One or more cards holding the items; every card stays under CARD_BUDGET_BYTES."""
    header = _header(texts, project, stage_label, progress)
    if not items:
        return [adaptive_card(header + [text_block(texts("checklist.all_answered", stage=stage_label), color="Good")])]
    # Split by size first; then each Save learns which items share its card (for the redraw).
    groups: list[list[Item]] = [[]]
    size = 0
    for item in items:
        container = item_container(texts, str(project.key), item, answers.get(item.id, []))
        container_size = len(json.dumps(container, ensure_ascii=False).encode("utf-8"))
        if groups[-1] and size + container_size > CARD_BUDGET_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += container_size + 40 * len(groups[-1])  # the ids every Save on the card carries
    chunks = [
        [
            item_container(texts, str(project.key), i, answers.get(i.id, []), on_card=[g.id for g in group])
            for i in group
        ]
        for group in groups
    ]
    cards = []
    for n, chunk in enumerate(chunks, start=1):
        top = (
            header
            if n == 1
            else [text_block(texts("checklist.title", key=project.key, stage=stage_label), weight="Bolder")]
        )
        if len(chunks) > 1:
            top = [*top, text_block(texts("checklist.part", n=n, total=len(chunks)), isSubtle=True)]
        cards.append(adaptive_card(top + chunk))
    return cards


def redrawn_card(
    texts: Texts,
    project: Delprojekt,
    stage_label: str,
    progress: Progress,
    items: list[Item],
    answers: dict[str, list[Answer]],
) -> dict[str, Any]:
    """A checklist card after one of its items was saved: answered items are shown as answered
    (nothing to press), the others keep their inputs."""
    body = _header(texts, project, stage_label, progress)
    on_card = [i.id for i in items]
    for item in items:
        history = answers.get(item.id, [])
        if history:
            current = history[-1]
            at = current.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
            answered = texts("checklist.answered_line", question=item.question(texts.locale),
                             value=value_text(texts, item, current.value), by=current.by, at=at)  # fmt: skip
            body.append({"type": "Container", "separator": True, "items": [text_block(answered)]})
        else:
            body.append(item_container(texts, str(project.key), item, history, on_card=on_card))
    return adaptive_card(body)


def single_item_card(texts: Texts, project: Delprojekt, item: Item, history, values, errors=None) -> dict[str, Any]:
    title = texts("checklist.title", key=project.key, stage=texts(f"stages.{item.stage.value}.name"))
    return adaptive_card(
        [text_block(title, weight="Bolder"), item_container(texts, str(project.key), item, history, values, errors)]
    )


def character_form(texts: Texts, project: Delprojekt) -> dict[str, Any]:
    element = {
        "type": "Input.ChoiceSet",
        "id": "characters",
        "isMultiSelect": True,
        "style": "expanded",
        "choices": choices([(c.value, texts(f"characters.{c.value}")) for c in Character]),
        "value": ",".join(sorted(c.value for c in project.characters)),
    }
    body = [text_block(texts("character.form_title", key=project.key), size="Large", weight="Bolder")]
    body += labelled(texts, element, texts("field.characters"), required=True)
    data = {"action": "delprojekt.characters", PROJECT_FIELD: str(project.key), "version": project.version}
    return adaptive_card(body, [submit(texts("character.submit"), data)])


def template_card(texts: Texts, project: Delprojekt, current_ref: str, newest_ref: str) -> dict[str, Any]:
    body = [text_block(texts("template.info", key=project.key, ref=current_ref))]
    if newest_ref == current_ref:
        body.append(text_block(texts("template.newest"), color="Good"))
        return adaptive_card(body)
    body.append(text_block(texts("template.newer", ref=newest_ref), weight="Bolder"))
    return adaptive_card(
        body, [submit(texts("template.upgrade"), {"action": "checklist.upgrade", PROJECT_FIELD: str(project.key)})]
    )
