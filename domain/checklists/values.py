"""Answer values per answer type: what is accepted, and the normalised, JSON-native form stored.

| type               | accepted                                              | stored                      |
|--------------------|-------------------------------------------------------|-----------------------------|
| ja_nej             | "ja", "nej" (any case)                                | "ja" / "nej"                |
| ja_nej_ej_aktuellt | as ja_nej, or "ej_aktuellt" / "ej aktuellt" + a short | "ja" / "nej" / "ej_aktuellt"|
|                    | justification (required, at most 500 characters)      |                             |
| text / lang_text   | non-empty text, at most 500 / 10,000 characters       | the text, trimmed           |
| ett_val            | one option id                                         | the option id               |
| flera_val          | option ids, as a list or "a,b" (what a card sends);   | list of ids in option order |
|                    | none at all only when the item is not required        |                             |
| datum              | ISO yyyy-mm-dd (what Input.Date sends), or the        | "yyyy-mm-dd"                |
|                    | Swedish day-first d/m/yyyy or d/m yyyy; years         |                             |
|                    | 1900-2199                                             |                             |
| tal                | a number, or text with a decimal comma and spaces     | int when whole, else float  |
|                    | between thousands ("1 234,5")                         |                             |
| person             | a name, or {name, aad_object_id} when picked in Teams | the name, or that table     |

A justification is kept only with "ej_aktuellt"; with any other value it is dropped, because the
card's field asks for it only to explain "not applicable". Errors are ValidationFailed with a
message key per field ("value" or "justification")."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from domain.checklists.model import NO, NOT_APPLICABLE, YES, AnswerType, Item
from domain.errors import ValidationFailed

TEXT_MAX, LONG_TEXT_MAX, JUSTIFICATION_MAX, PERSON_MAX = 500, 10_000, 500, 200
NUMBER_TEXT_MAX = 30
NUMBER_ABS_MAX = 10**15  # beyond any count or sum in kronor a checklist asks for; keeps floats exact
YEAR_MIN, YEAR_MAX = 1900, 2199

REQUIRED = "error.required"
NOT_AN_OPTION = "error.not_an_option"
TOO_LONG = "error.too_long"
JUSTIFICATION_REQUIRED = "error.justification_required"
INVALID_DATE = "error.invalid_date"
NOT_A_NUMBER = "error.not_a_number"
BELOW_MINIMUM = "error.below_minimum"
ABOVE_MAXIMUM = "error.above_maximum"
INVALID_PERSON = "error.invalid_person"

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SWEDISH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})[/ ](\d{4})")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Control characters other than tab and newlines: never meant, and PostgreSQL refuses NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_YES_NO = {"ja": YES, "nej": NO, "ej_aktuellt": NOT_APPLICABLE, "ej aktuellt": NOT_APPLICABLE}


def validate_answer(item: Item, raw: Any, justification: str | None = "") -> tuple[Any, str]:
    """The normalised value and justification for `item`, or ValidationFailed({field: key})."""
    value = _VALIDATORS[item.type](item, raw)
    note = clean_text(justification)
    if value != NOT_APPLICABLE or item.type is not AnswerType.YES_NO_NA:
        return value, ""
    if not note:
        raise ValidationFailed({"justification": JUSTIFICATION_REQUIRED})
    if len(note) > JUSTIFICATION_MAX:
        raise ValidationFailed({"justification": TOO_LONG})
    return value, note


def fits(item: Item, value: Any) -> bool:
    """Whether a stored value is of the item's kind: an option it still has, a text for a text item,
    and so on. Looser than `validate_answer` on purpose: an answer saved under an older rule (a
    shorter limit, say) still counts; only one that cannot mean anything for this item (after a
    new template version changed its type or removed the option) does not."""
    possible = item.possible_values()
    if item.type is AnswerType.MULTI:
        return isinstance(value, list) and all(isinstance(v, str) and v in possible for v in value)
    if possible is not None:
        return isinstance(value, str) and value in possible
    if item.type in (AnswerType.TEXT, AnswerType.LONG_TEXT, AnswerType.DATE):
        return isinstance(value, str) and bool(value)
    if item.type is AnswerType.NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return (isinstance(value, str) and bool(value)) or (isinstance(value, Mapping) and bool(value.get("name")))


def clean_text(raw: Any) -> str:
    return _CONTROL.sub("", raw).strip() if isinstance(raw, str) else ""


def person_name(value: Any) -> str:
    """The name of a stored person value (plain name or {name, aad_object_id})."""
    return str(value.get("name", "")) if isinstance(value, Mapping) else str(value)


def _fail(key: str) -> ValidationFailed:
    return ValidationFailed({"value": key})


def _yes_no(item: Item, raw: Any) -> str:
    text = clean_text(raw).casefold()
    if not text:
        raise _fail(REQUIRED)
    value = _YES_NO.get(text)
    if value is None or (value == NOT_APPLICABLE and item.type is not AnswerType.YES_NO_NA):
        raise _fail(NOT_AN_OPTION)
    return value


def _text(item: Item, raw: Any) -> str:
    text = clean_text(raw)
    if not text:
        raise _fail(REQUIRED)
    cap = TEXT_MAX if item.type is AnswerType.TEXT else LONG_TEXT_MAX
    if len(text) > min(cap, item.limits.max_length or cap):
        raise _fail(TOO_LONG)
    return text


def _single(item: Item, raw: Any) -> str:
    text = clean_text(raw)
    if not text:
        raise _fail(REQUIRED)
    if item.option(text) is None:
        raise _fail(NOT_AN_OPTION)
    return text


def _multi(item: Item, raw: Any) -> list[str]:
    if isinstance(raw, list | tuple):
        parts = [clean_text(p) if isinstance(p, str) else p for p in raw]
    elif raw is None or isinstance(raw, str):
        parts = [p.strip() for p in clean_text(raw).split(",")]
    else:
        raise _fail(NOT_AN_OPTION)
    parts = [p for p in parts if p != ""]
    if not parts and item.required:
        raise _fail(REQUIRED)
    if any(not isinstance(p, str) or item.option(p) is None for p in parts):
        raise _fail(NOT_AN_OPTION)
    return [o.id for o in item.options if o.id in parts]


def parse_date(raw: Any) -> str:
    """ISO yyyy-mm-dd or Swedish day-first d/m/yyyy (d/m yyyy); stored as ISO text."""
    if isinstance(raw, date):
        parsed = raw
    else:
        text = clean_text(raw)
        if not text:
            raise _fail(REQUIRED)
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = match.groups()
        elif match := _SWEDISH_DATE.fullmatch(text):
            day, month, year = match.groups()
        else:
            raise _fail(INVALID_DATE)
        try:
            parsed = date(int(year), int(month), int(day))
        except ValueError:
            raise _fail(INVALID_DATE) from None
    if not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise _fail(INVALID_DATE)
    return parsed.isoformat()


def _date(item: Item, raw: Any) -> str:
    return parse_date(raw.date() if isinstance(raw, datetime) else raw)


def _number(item: Item, raw: Any) -> int | float:
    if isinstance(raw, bool):
        raise _fail(NOT_A_NUMBER)
    if isinstance(raw, int | float):
        number: float = raw
    else:
        text = _SPACES.sub("", clean_text(raw)).replace(",", ".")
        if not text:
            raise _fail(REQUIRED)
        if len(text) > NUMBER_TEXT_MAX or not _NUMBER.fullmatch(text):
            raise _fail(NOT_A_NUMBER)
        number = float(text)
    if not math.isfinite(number):
        raise _fail(NOT_A_NUMBER)
    low = -NUMBER_ABS_MAX if item.limits.min is None else item.limits.min
    high = NUMBER_ABS_MAX if item.limits.max is None else item.limits.max
    if number < low:
        raise _fail(BELOW_MINIMUM)
    if number > high:
        raise _fail(ABOVE_MAXIMUM)
    return int(number) if float(number).is_integer() else float(number)


def _person(item: Item, raw: Any) -> str | dict[str, str]:
    aad_object_id = None
    if isinstance(raw, Mapping):
        name, aad_object_id = clean_text(raw.get("name")), raw.get("aad_object_id")
    else:
        name = clean_text(raw)
    if not name:
        raise _fail(REQUIRED)
    if len(name) > PERSON_MAX:
        raise _fail(TOO_LONG)
    if aad_object_id in (None, ""):
        return name
    if not isinstance(aad_object_id, str) or not _GUID.fullmatch(aad_object_id):
        raise _fail(INVALID_PERSON)
    return {"name": name, "aad_object_id": aad_object_id.lower()}


_VALIDATORS = {
    AnswerType.YES_NO: _yes_no,
    AnswerType.YES_NO_NA: _yes_no,
    AnswerType.TEXT: _text,
    AnswerType.LONG_TEXT: _text,
    AnswerType.SINGLE: _single,
    AnswerType.MULTI: _multi,
    AnswerType.DATE: _date,
    AnswerType.NUMBER: _number,
    AnswerType.PERSON: _person,
}
