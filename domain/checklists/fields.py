"""The fields of a checklist template that several parts share (ids, texts, unknown keys) and the
parsing of one item, every problem reported to the collector (see loader.py for the schema)."""

from __future__ import annotations

import math
import re
from typing import Any

from domain.checklists.conditions import ConditionError, parse_condition
from domain.checklists.model import (
    ANSWERABLE_STAGES,
    CHOICE_TYPES,
    LOCALES,
    SCHEDULES,
    AnswerType,
    Item,
    Limits,
    Option,
    Text,
)
from domain.checklists.problems import ProblemCollector
from domain.checklists.values import LONG_TEXT_MAX, TEXT_MAX

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,59}")
OPTION_KEYS = ("id", "sv", "en")
ITEM_KEYS = (
    "id", "stage", "section", "type", "required", "question", "help", "options", "condition", "kefu", "limits",
    "schedules",
)  # fmt: skip
QUESTION_MAX, HELP_MAX, LABEL_MAX = 300, 2000, 200
MAX_OPTIONS = 30


def unknown_keys(raw: dict, allowed: tuple[str, ...], what: str, problems: ProblemCollector, where: str | None):
    unknown = sorted(set(raw) - set(allowed))
    if not unknown:
        return
    if where is None:  # top level: each unknown key is its own "where"
        for key in unknown:
            problems.add(key, "unknown_field", f"unknown top-level field (allowed: {', '.join(allowed)})")
        return
    problems.add(
        where, "unknown_field", f"{what} has unknown fields: {', '.join(unknown)} (allowed: {', '.join(allowed)})"
    )


def parse_id(raw: dict, fallback: str, problems: ProblemCollector, what: str) -> str | None:
    value = raw.get("id")
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value
    problems.add(
        fallback if not isinstance(value, str) or not value else value,
        "bad_id",
        f"the {what} id {value!r} must be 1-60 characters: lower-case a-z, digits or _, starting with a letter",
    )
    return None


def parse_text(raw: Any, where: str, field: str, limit: int, problems: ProblemCollector) -> Text | None:
    if not isinstance(raw, dict):
        problems.add(where, "missing_translation" if raw is None else "wrong_type", f"{field} needs sv and en texts")
        return None
    unknown_keys(raw, LOCALES, field, problems, where)
    texts: dict[str, str] = {}
    for locale in LOCALES:
        value = raw.get(locale)
        if not isinstance(value, str) or not value.strip():
            problems.add(where, "missing_translation", f"{field} lacks the {locale} text")
        elif len(value) > limit:
            problems.add(where, "too_long", f"{field}.{locale} is {len(value)} characters; at most {limit} allowed")
        else:
            texts[locale] = value.strip()
    return Text(texts["sv"], texts["en"]) if len(texts) == len(LOCALES) else None


def parse_item(raw: Any, index: int, sections: set[str], problems: ProblemCollector) -> Item | None:
    where = f"items[{index}]"
    if not isinstance(raw, dict):
        problems.add(where, "wrong_type", "an item must be a table ([[items]])")
        return None
    item_id = parse_id(raw, where, problems, "item")
    where = item_id or where
    before = len(problems.problems)
    unknown_keys(raw, ITEM_KEYS, "the item", problems, where)
    stage = _enum(raw.get("stage"), where, "stage", {s.value: s for s in ANSWERABLE_STAGES}, problems)
    answer_type = _enum(raw.get("type"), where, "type", {t.value: t for t in AnswerType}, problems)
    section = raw.get("section")
    if section is None:
        problems.add(where, "missing_field", "the item needs a section (the slutrapport section it feeds)")
    elif not isinstance(section, str) or section not in sections:
        problems.add(where, "unknown_section", f"section {section!r} is not one of the template's sections")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        problems.add(where, "wrong_type", "required must be true or false")
    question = parse_text(raw.get("question"), where, "question", QUESTION_MAX, problems)
    help_text = parse_text(raw.get("help"), where, "help", HELP_MAX, problems)
    options = _options(raw.get("options"), answer_type, where, problems)
    limits = _limits(raw.get("limits"), answer_type, where, problems)
    kefu = _kefu(raw.get("kefu", []), where, problems)
    schedules = raw.get("schedules")
    if schedules is not None and (schedules not in SCHEDULES or answer_type is not AnswerType.DATE):
        problems.add(where, "wrong_type", f"schedules must be one of {', '.join(SCHEDULES)}, on a datum item")
    condition = None
    if "condition" in raw:
        try:
            condition = parse_condition(raw["condition"])
        except ConditionError as error:
            problems.add(where, error.code, f"condition: {error.message}")
    if len(problems.problems) > before or None in (item_id, stage, answer_type, question, help_text):
        return None
    return Item(
        id=item_id,
        stage=stage,
        section=section,
        question=question,
        help=help_text,
        type=answer_type,
        required=required,
        options=options,
        condition=condition,
        kefu=kefu,
        limits=limits,
        schedules=schedules,
    )


def _enum(raw: Any, where: str, field: str, allowed: dict[str, Any], problems: ProblemCollector) -> Any:
    if raw is None:
        problems.add(where, "missing_field", f"the item needs a {field} (one of {', '.join(allowed)})")
        return None
    if not isinstance(raw, str) or raw not in allowed:
        problems.add(where, f"bad_{field}", f"{field} {raw!r} is not one of {', '.join(allowed)}")
        return None
    return allowed[raw]


def _options(raw: Any, answer_type: AnswerType | None, where: str, problems: ProblemCollector) -> tuple[Option, ...]:
    if answer_type not in CHOICE_TYPES:
        if raw is not None:
            problems.add(where, "unexpected_options", "only ett_val and flera_val items have options")
        return ()
    if not isinstance(raw, list) or not raw:
        problems.add(where, "no_options", f"a {answer_type} item needs a non-empty list of options")
        return ()
    if len(raw) > MAX_OPTIONS:
        problems.add(where, "too_many", f"an item may have at most {MAX_OPTIONS} options")
        return ()
    options: list[Option] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.add(where, "wrong_type", "each option must be a table with id, sv and en")
            continue
        option_id = parse_id(entry, where, problems, f"option[{index}]")
        unknown_keys(entry, OPTION_KEYS, f"option {option_id or index}", problems, where)
        label = parse_text(
            {k: entry.get(k) for k in LOCALES}, where, f"option {option_id or index}", LABEL_MAX, problems
        )
        if option_id is None or label is None:
            continue
        if any(o.id == option_id for o in options):
            problems.add(where, "duplicate_id", f"option id {option_id!r} is used twice")
            continue
        options.append(Option(option_id, label))
    return tuple(options)


_LENGTH_CAPS: dict[AnswerType, int] = {AnswerType.TEXT: TEXT_MAX, AnswerType.LONG_TEXT: LONG_TEXT_MAX}


def _limits(raw: Any, answer_type: AnswerType | None, where: str, problems: ProblemCollector) -> Limits:
    if raw is None:
        return Limits()
    if not isinstance(raw, dict):
        problems.add(where, "wrong_type", "limits must be a table, e.g. limits = { max_length = 200 }")
        return Limits()
    unknown_keys(raw, ("max_length", "min", "max"), "limits", problems, where)

    def bad(message: str) -> None:
        problems.add(where, "bad_limits", message)

    max_length, low, high = raw.get("max_length"), raw.get("min"), raw.get("max")
    if max_length is not None:
        cap = _LENGTH_CAPS.get(answer_type) if answer_type is not None else None
        if cap is None:
            bad("max_length only applies to text and lang_text items")
        elif not isinstance(max_length, int) or isinstance(max_length, bool) or not 1 <= max_length <= cap:
            bad(f"max_length must be a whole number from 1 to {cap}")
    for name, value in (("min", low), ("max", high)):
        if value is None:
            continue
        if answer_type is not AnswerType.NUMBER:
            bad(f"{name} only applies to tal items")
        elif not _finite_number(value):
            bad(f"{name} must be a finite number")
    if _finite_number(low) and _finite_number(high) and low > high:
        bad("min must not be greater than max")
    return Limits(max_length, low, high)


def _finite_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _kefu(raw: Any, where: str, problems: ProblemCollector) -> tuple[int, ...]:
    if (
        not isinstance(raw, list)
        or any(not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= 10 for k in raw)
        or len(set(raw)) != len(raw)
    ):
        problems.add(where, "bad_kefu", "kefu must be a list of distinct KEFU action numbers 1-10, e.g. kefu = [3, 7]")
        return ()
    return tuple(raw)
