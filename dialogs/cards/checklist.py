"""Checklist cards: each open item with its input, its help one tap away and its own Save button;
split over several messages so that none exceeds Teams' size limit."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import PROJECT_FIELD, adaptive_card, choices, labelled, submit, text_block
from domain.arbetsgrupp import Member
from domain.characters import Character
from domain.checklists.answers import JUSTIFICATION_MAX, LONG_TEXT_MAX, TEXT_MAX, Progress
from domain.checklists.model import NO, NOT_APPLICABLE, YES, Answer, AnswerType, Item
from domain.checklists.values import PERSON_MAX, person_name
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


def _input(
    texts: Texts, item: Item, value: Any, error: str | None, members: list[Member] | None = None
) -> list[dict[str, Any]]:
    name = f"v__{item.id}"
    label = item.question(texts.locale)
    required = item.required
    raw = "" if value is None else value
    if item.type is AnswerType.PERSON and members:
        return _person_input(texts, item, label, raw, error, members)
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
            "value": str(raw)[:limit],  # a forged submit is not echoed past the limit
        }
    # The marker only, no isRequired: every Save on a card gathers all its inputs, and Teams would
    # refuse to save one item while another required item on the card is still empty.
    if required:
        label = f"{label} {texts('field.required_marker')}"
    return labelled(texts, element, label, error=error)


def _person_input(texts: Texts, item: Item, label: str, raw: Any, error: str | None, members: list[Member]):
    """A person is picked from the arbetsgrupp; someone outside it is written in the field below."""
    picked = raw if isinstance(raw, str) and any(m.id == raw for m in members) else ""
    if not picked and raw:
        named = person_name(raw)
        picked = next((m.id for m in members if m.name == named), "")
    people = [(m.id, f"{m.name} · {texts(f'roles.{m.role.value}')}") for m in members]
    element = {"type": "Input.ChoiceSet", "id": f"v__{item.id}", "style": "compact", "choices": choices(people),
               "value": picked, "placeholder": texts("checklist.pick_person")}  # fmt: skip
    if item.required:
        label = f"{label} {texts('field.required_marker')}"
    other = "" if picked else person_name(raw) if raw else ""
    free = {"type": "Input.Text", "id": f"p__{item.id}", "maxLength": PERSON_MAX, "value": other}
    return [*labelled(texts, element, label, error=error), *labelled(texts, free, texts("checklist.other_person"))]


def item_container(
    texts: Texts,
    key: str,
    item: Item,
    history: list[Answer],
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    members: list[Member] | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """An item's input, its current answer and its help one tap away. The card's one Save saves
    every item filled in; `note` says why this one was not (someone answered it meanwhile)."""
    values = values or {}
    errors = errors or {}
    current = history[-1] if history else None
    entered = values.get(f"p__{item.id}") or values.get(f"v__{item.id}", current.value if current else None)
    if item.type is AnswerType.PERSON and entered is not None and not members:
        entered = person_name(entered)
    items = _input(texts, item, entered, errors.get("value"), members)
    if note:
        items.append(text_block(note, color="Attention", size="Small"))
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
    items.append(
        {
            "type": "ActionSet",
            "actions": [{"type": "Action.ShowCard", "title": texts("checklist.help"), "card": help_card}],
        }
    )
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def save_action(texts: Texts, key: str, items: list[Item], answers: dict[str, list[Answer]]) -> dict[str, Any]:
    """The card's one Save: the revision each item's answer had when the card was drawn, so an
    answer given meanwhile is recognised item by item."""
    revisions = {i.id: (answers[i.id][-1].revision if answers.get(i.id) else 0) for i in items}
    return submit(texts("checklist.save_all"), {"action": "checklist.save", PROJECT_FIELD: key, "revisions": revisions})


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
    """One or more cards holding the items, each with one Save for all it holds; every card stays
    under CARD_BUDGET_BYTES."""
    header = _header(texts, project, stage_label, progress)
    if not items:
        return [adaptive_card(header + [text_block(texts("checklist.all_answered", stage=stage_label), color="Good")])]
    key, members = str(project.key), project.members
    groups: list[list[Item]] = [[]]
    size = 0
    for item in items:
        container = item_container(texts, key, item, answers.get(item.id, []), members=members)
        container_size = len(json.dumps(container, ensure_ascii=False).encode("utf-8")) + 40  # its revision
        if groups[-1] and size + container_size > CARD_BUDGET_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += container_size
    cards = []
    for n, group in enumerate(groups, start=1):
        top = (
            header
            if n == 1
            else [text_block(texts("checklist.title", key=project.key, stage=stage_label), weight="Bolder")]
        )
        if len(groups) > 1:
            top = [*top, text_block(texts("checklist.part", n=n, total=len(groups)), isSubtle=True)]
        body = top + [item_container(texts, key, i, answers.get(i.id, []), members=members) for i in group]
        cards.append(adaptive_card(body, [save_action(texts, key, group, answers)]))
    return cards


def redrawn_card(
    texts: Texts,
    project: Delprojekt,
    stage_label: str,
    progress: Progress,
    items: list[Item],
    answers: dict[str, list[Answer]],
    values: dict[str, Any] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    meanwhile: dict[str, Answer] | None = None,
) -> dict[str, Any]:
    """A checklist card after its Save: answered items are shown as answered (nothing to press);
    the others keep their inputs, with what the user wrote and, where it was not saved, why."""
    values, errors, meanwhile = values or {}, errors or {}, meanwhile or {}
    body = _header(texts, project, stage_label, progress)
    key, open_items = str(project.key), []
    for item in items:
        history = answers.get(item.id, [])
        if history and item.id not in errors and item.id not in meanwhile:
            current = history[-1]
            at = current.at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
            answered = texts("checklist.answered_line", question=item.question(texts.locale),
                             value=value_text(texts, item, current.value), by=current.by, at=at)  # fmt: skip
            body.append({"type": "Container", "separator": True, "items": [text_block(answered)]})
            continue
        note = None
        if item.id in meanwhile:
            other = meanwhile[item.id]
            at = other.at.astimezone(STOCKHOLM).strftime("%H:%M")
            note = texts("checklist.answered_meanwhile_item", by=other.by, at=at,
                         value=value_text(texts, item, other.value))  # fmt: skip
        body.append(
            item_container(texts, key, item, history, values, errors.get(item.id), members=project.members, note=note)
        )
        open_items.append(item)
    actions = [save_action(texts, key, open_items, answers)] if open_items else None
    return adaptive_card(body, actions)


def single_item_card(texts: Texts, project: Delprojekt, item: Item, history, values, errors=None) -> dict[str, Any]:
    title = texts("checklist.title", key=project.key, stage=texts(f"stages.{item.stage.value}.name"))
    container = item_container(texts, str(project.key), item, history, values, errors, members=project.members)
    answers = {item.id: history} if history else {}
    return adaptive_card(
        [text_block(title, weight="Bolder"), container], [save_action(texts, str(project.key), [item], answers)]
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
