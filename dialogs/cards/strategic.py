"""Cards of the strategic-questions register: every question across the delprojekt, grouped by
status, each with its own form (forum, status, answer) and Save for the kansli; a form to raise a
question; split over several cards so that none exceeds Teams' size limit. Pure functions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.cards import PROJECT_FIELD, adaptive_card, clip, fact_set, field_error_text, submit, text_block
from dialogs.cards.inputs import choice_input, text_input
from domain.strategic_questions import (
    ANSWER_MAX,
    OPEN,
    QUESTION_MAX,
    Forum,
    QuestionStatus,
    StrategicQuestion,
)
from presentation.i18n import Texts

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CARD_BUDGET_BYTES = 22_000  # Teams renders 28 KB; the header and the raise form take the rest
MAX_SHOWN = 60  # more than a kansli can work through on one screen: the rest by filter
TEXT_IN_CARD = 600

# The views of the register: which statuses each shows. "open" is what the kansli works on.
VIEWS: dict[str, frozenset[QuestionStatus]] = {
    "open": OPEN,
    QuestionStatus.VACKT.value: frozenset({QuestionStatus.VACKT}),
    QuestionStatus.PA_DAGORDNING.value: frozenset({QuestionStatus.PA_DAGORDNING}),
    QuestionStatus.BESVARAD.value: frozenset({QuestionStatus.BESVARAD}),
    "all": frozenset(QuestionStatus),
}
DEFAULT_VIEW = "open"


def forum_name(texts: Texts, forum: Forum | None) -> str:
    return texts(f"strategic.forum.{forum.value}") if forum else texts("strategic.forum.none")


def status_name(texts: Texts, status: QuestionStatus) -> str:
    return texts(f"strategic.status.{status.value}")


def error_text(texts: Texts, key: str) -> str:
    """The register's own messages ("error.strategic_forum_required"), else the common ones."""
    name = key.removeprefix("error.")
    if name.startswith("strategic_"):
        return texts(f"strategic.field_error.{name.removeprefix('strategic_')}")
    return field_error_text(texts, key)


def _day(at) -> str:
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d") if at else ""


def source_line(texts: Texts, q: StrategicQuestion) -> str:
    if q.meeting_number is not None:
        return texts(
            "strategic.source_minutes",
            key=q.delprojekt_key,
            id=q.label,
            number=q.meeting_number,
            date=_day(q.meeting_held_at),
            by=q.raised_by,
        )
    return texts("strategic.source_direct", key=q.delprojekt_key, id=q.label, date=_day(q.raised_at), by=q.raised_by)


def _facts(texts: Texts, q: StrategicQuestion) -> dict[str, Any]:
    facts = [
        (texts("strategic.field.forum"), forum_name(texts, q.forum)),
        (texts("strategic.field.status"), status_name(texts, q.status)),
    ]
    if q.answer:
        facts.append((texts("strategic.field.answer"), clip(q.answer, TEXT_IN_CARD)))
    if q.answered_at:
        facts.append((texts("strategic.answered_label"), texts("strategic.answered", date=_day(q.answered_at),
                                                                by=q.answered_by or "")))  # fmt: skip
    return fact_set(facts)


def _form(texts: Texts, q: StrategicQuestion, values: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    """Forum, status and answer of one question. Ids carry the question's id: every Save on a card
    gathers every input of the card, and the handler reads the ones of its own question. No
    isRequired, for the same reason (a Save would be refused over another question's field)."""
    qid = q.id
    forums = [(f.value, forum_name(texts, f)) for f in Forum]
    statuses = [(s.value, status_name(texts, s)) for s in QuestionStatus]
    items: list[dict[str, Any]] = []
    items += choice_input(
        texts, f"forum__{qid}", texts("strategic.field.forum"), forums,
        values.get(f"forum__{qid}", q.forum.value if q.forum else ""), error=errors.get("forum"),
        placeholder=texts("strategic.forum.none"), explain=error_text,
    )  # fmt: skip
    items += choice_input(
        texts, f"status__{qid}", texts("strategic.field.status"), statuses,
        values.get(f"status__{qid}", q.status.value), error=errors.get("status"), explain=error_text,
    )  # fmt: skip
    items += text_input(
        texts, f"answer__{qid}", texts("strategic.field.answer"), values.get(f"answer__{qid}", q.answer),
        limit=ANSWER_MAX, error=errors.get("answer"), multiline=True, explain=error_text,
    )  # fmt: skip
    return items


def question_container(
    texts: Texts,
    q: StrategicQuestion,
    editable: bool,
    view: str,
    on_card: Sequence[int] = (),
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    values = values or {}
    errors = errors or {}
    items: list[dict[str, Any]] = [
        text_block(source_line(texts, q), weight="Bolder"),
        text_block(clip(q.text, TEXT_IN_CARD), spacing="Small"),
        _facts(texts, q),
    ]
    if editable:
        if errors:
            items.append(text_block(texts("strategic.form_errors"), color="Attention"))
        items += _form(texts, q, values, errors)
        data = {
            "action": "strategic.update",
            "question_id": q.id,
            "version": q.version,
            "view": view,
            "on_card": list(on_card),
        }
        items.append({"type": "ActionSet", "actions": [submit(texts("strategic.save"), data)]})
    return {"type": "Container", "separator": True, "spacing": "Medium", "items": items}


def _size(element: dict[str, Any]) -> int:
    return len(json.dumps(element, ensure_ascii=False).encode("utf-8"))


def _header(
    texts: Texts, counts: dict[QuestionStatus, int], view: str, shown: int, scope: str | None
) -> list[dict[str, Any]]:
    title = texts("strategic.title_for", key=scope) if scope else texts("strategic.title")
    return [
        text_block(title, size="Large", weight="Bolder"),
        text_block(texts("strategic.counts", **{s.value: counts.get(s, 0) for s in QuestionStatus})),
        text_block(texts("strategic.showing", view=texts(f"strategic.view.{view}"), count=shown), isSubtle=True),
    ]


def _filters(texts: Texts, view: str, scope: str | None) -> dict[str, Any]:
    actions = []
    for name in VIEWS:
        if name == view:
            continue
        data: dict[str, Any] = {"action": "strategic.list", "view": name}
        if scope:
            data[PROJECT_FIELD] = scope
        actions.append(submit(texts(f"strategic.view.{name}"), data))
    return {"type": "ActionSet", "actions": actions}


def raise_form(
    texts: Texts,
    projects: Sequence[tuple[str, str]],
    card_id: str,
    view: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The kansli's form to raise a question: the delprojekt (key, title), the forum, the text."""
    values = values or {}
    errors = errors or {}
    body: list[dict[str, Any]] = []
    # the only one there is (the register of one delprojekt) is the one meant
    only = projects[0][0] if len(projects) == 1 else ""
    body += choice_input(
        texts, "raise_delprojekt", texts("strategic.field.delprojekt"),
        [(key, f"{key} {title}") for key, title in projects], values.get("raise_delprojekt", only),
        error=errors.get("delprojekt"), placeholder="–", explain=error_text,
    )  # fmt: skip
    body += choice_input(
        texts, "raise_forum", texts("strategic.field.forum"), [(f.value, forum_name(texts, f)) for f in Forum],
        values.get("raise_forum", ""), error=errors.get("forum"), placeholder=texts("strategic.forum.none"),
        explain=error_text,
    )  # fmt: skip
    body += text_input(
        texts, "raise_text", texts("strategic.field.text"), values.get("raise_text", ""), limit=QUESTION_MAX,
        error=errors.get("text"), multiline=True, explain=error_text,
    )  # fmt: skip
    body.append(
        {
            "type": "ActionSet",
            "actions": [
                submit(texts("strategic.raise_submit"), {"action": "strategic.raise", "card_id": card_id, "view": view})
            ],
        }
    )
    return body


def raise_card(texts: Texts, projects, card_id: str, view: str, values=None, errors=None) -> dict[str, Any]:
    """The raise form on its own: what the kansli gets back, with their values, when it had errors."""
    body = [text_block(texts("strategic.raise"), size="Large", weight="Bolder")]
    if errors:
        body.append(text_block(texts("strategic.form_errors"), color="Attention"))
    return adaptive_card(body + raise_form(texts, projects, card_id, view, values, errors))


def register_cards(
    texts: Texts,
    questions: Sequence[StrategicQuestion],
    counts: dict[QuestionStatus, int],
    editable: bool,
    view: str,
    scope: str | None = None,
    projects: Sequence[tuple[str, str]] = (),
    card_id: str = "",
    values: dict[str, Any] | None = None,
    errors: dict[int, dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """The register as one or more cards, every one under CARD_BUDGET_BYTES. Questions come grouped
    by status (väckt, på dagordning, besvarad). `values` are what the user had entered (kept on a
    redraw), `errors` field errors per question id."""
    errors = errors or {}
    ordered = sorted(questions, key=lambda q: list(QuestionStatus).index(q.status))
    shown, hidden = list(ordered[:MAX_SHOWN]), max(0, len(ordered) - MAX_SHOWN)
    header = _header(texts, counts, view, len(ordered), scope)
    top: list[dict[str, Any]] = [_filters(texts, view, scope)]
    if editable and projects:
        form = adaptive_card(raise_form(texts, projects, card_id, view))
        top[0]["actions"].append({"type": "Action.ShowCard", "title": texts("strategic.raise"), "card": form})
    if not shown:
        return [adaptive_card(header + [text_block(texts("strategic.empty"))] + top)]

    # Split by size first; each Save then learns which questions share its card (for the redraw).
    budget = CARD_BUDGET_BYTES - _size({"body": header + top})
    groups: list[list[StrategicQuestion]] = [[]]
    size = 0
    for q in shown:
        q_size = _size(question_container(texts, q, editable, view, values=values, errors=errors.get(q.id))) + 150
        if groups[-1] and size + q_size > budget:
            groups.append([])
            size = 0
        groups[-1].append(q)
        size += q_size + 12 * len(groups[-1])  # the ids every Save on the card carries
    cards = []
    for n, group in enumerate(groups, start=1):
        body = list(header) if n == 1 else [text_block(texts("strategic.title"), weight="Bolder")]
        if len(groups) > 1:
            body.append(text_block(texts("strategic.part", n=n, total=len(groups)), isSubtle=True))
        status = None
        on_card = [q.id for q in group]
        for q in group:
            if q.status is not status:
                status = q.status
                count = sum(1 for other in ordered if other.status is status)
                group_title = texts(
                    "strategic.group", status=texts(f"strategic.group_name.{status.value}"), count=count
                )
                body.append(text_block(group_title, weight="Bolder", size="Medium", spacing="Large"))
            body.append(question_container(texts, q, editable, view, on_card, values, errors.get(q.id)))
        if n == len(groups) and hidden:
            body.append(text_block(texts.count("strategic.more", hidden), isSubtle=True))
        if n == 1:
            body += top
        cards.append(adaptive_card(body))
    return cards
