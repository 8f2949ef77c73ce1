"""How a stored checklist answer reads: "Ja", an option's label, a person's name."""

from __future__ import annotations

from typing import Any

from domain.checklists.model import NO, NOT_APPLICABLE, YES, AnswerType, Item
from domain.checklists.values import person_name
from presentation.i18n import Texts


def value_text(texts: Texts, item: Item, value: Any) -> str:
    if item.type in (AnswerType.YES_NO, AnswerType.YES_NO_NA):
        return {
            YES: texts("checklist.yes"),
            NO: texts("checklist.no"),
            NOT_APPLICABLE: texts("checklist.not_applicable"),
        }.get(value, str(value))
    if item.type in (AnswerType.SINGLE, AnswerType.MULTI):
        values = value if isinstance(value, list) else [value]
        return ", ".join(o.label(texts.locale) for v in values if (o := item.option(v)) is not None)
    if item.type is AnswerType.PERSON:
        return person_name(value)
    return str(value)
