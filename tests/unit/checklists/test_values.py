"""Answer validation per answer type, with message keys per field."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.checklists.model import AnswerType, Item, Limits, Option, Text
from domain.checklists.values import (
    JUSTIFICATION_MAX,
    LONG_TEXT_MAX,
    PERSON_MAX,
    TEXT_MAX,
    person_name,
    validate_answer,
)
from domain.errors import ValidationFailed
from domain.stages import Stage

OPTIONS = tuple(Option(i, Text(i.title(), i.title())) for i in ("ekonomi", "hr", "juridik"))
GUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def make(type: AnswerType, required: bool = True, limits: Limits | None = None) -> Item:
    options = OPTIONS if type in (AnswerType.SINGLE, AnswerType.MULTI) else ()
    return Item(
        "x",
        Stage.ANALYS,
        "analys",
        Text("F?", "Q?"),
        Text("H", "H"),
        type,
        required,
        options,
        limits=limits or Limits(),
    )


def refused(item: Item, raw, justification: str = "") -> dict[str, str]:
    with pytest.raises(ValidationFailed) as error:
        validate_answer(item, raw, justification)
    return error.value.errors


# -- ja/nej and ja/nej/ej aktuellt ---------------------------------------------------------------


@pytest.mark.parametrize("raw, value", [("ja", "ja"), (" Nej ", "nej"), ("JA", "ja")])
def test_yes_no(raw, value):
    assert validate_answer(make(AnswerType.YES_NO), raw) == (value, "")


@pytest.mark.parametrize(
    "raw, key", [("", "error.required"), (None, "error.required"), ("kanske", "error.not_an_option"),
                 ("ej_aktuellt", "error.not_an_option"), (True, "error.required")]
)  # fmt: skip
def test_yes_no_refuses_anything_else(raw, key):
    assert refused(make(AnswerType.YES_NO), raw) == {"value": key}


def test_not_applicable_needs_a_short_justification():
    item = make(AnswerType.YES_NO_NA)
    assert refused(item, "ej_aktuellt") == {"justification": "error.justification_required"}
    assert refused(item, "ej_aktuellt", "   ") == {"justification": "error.justification_required"}
    assert refused(item, "ej_aktuellt", "x" * (JUSTIFICATION_MAX + 1)) == {"justification": "error.too_long"}
    assert validate_answer(item, "ej aktuellt", "  Frågan gäller inte primärvård. ") == (
        "ej_aktuellt",
        "Frågan gäller inte primärvård.",
    )
    assert validate_answer(item, "ej_aktuellt", "x" * JUSTIFICATION_MAX)[1] == "x" * JUSTIFICATION_MAX


def test_a_justification_is_kept_only_with_not_applicable():
    assert validate_answer(make(AnswerType.YES_NO_NA), "ja", "onödig") == ("ja", "")
    assert validate_answer(make(AnswerType.TEXT), "svar", "onödig") == ("svar", "")


# -- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("type, cap", [(AnswerType.TEXT, TEXT_MAX), (AnswerType.LONG_TEXT, LONG_TEXT_MAX)])
def test_text_and_long_text(type, cap):
    item = make(type)
    assert validate_answer(item, "  Rad ett\nRad två  ") == ("Rad ett\nRad två", "")
    assert validate_answer(item, "x" * cap)[0] == "x" * cap
    assert refused(item, "x" * (cap + 1)) == {"value": "error.too_long"}
    assert refused(item, "  ") == {"value": "error.required"}


def test_a_template_may_set_a_tighter_length():
    item = make(AnswerType.TEXT, limits=Limits(max_length=10))
    assert refused(item, "x" * 11) == {"value": "error.too_long"}
    assert validate_answer(item, "x" * 10)[0] == "x" * 10


def test_control_characters_are_removed():
    assert validate_answer(make(AnswerType.TEXT), "a\x00b\x07c\td")[0] == "abc\td"
    assert refused(make(AnswerType.TEXT), "\x00\x01") == {"value": "error.required"}


# -- choices -------------------------------------------------------------------------------------


def test_single_choice():
    item = make(AnswerType.SINGLE)
    assert validate_answer(item, "hr") == ("hr", "")
    assert refused(item, "it") == {"value": "error.not_an_option"}
    assert refused(item, "HR") == {"value": "error.not_an_option"}
    assert refused(item, "") == {"value": "error.required"}


def test_multiple_choice_accepts_a_list_or_what_a_card_sends():
    item = make(AnswerType.MULTI)
    assert validate_answer(item, "juridik,ekonomi")[0] == ["ekonomi", "juridik"]  # in option order
    assert validate_answer(item, ["hr", "hr", "ekonomi"])[0] == ["ekonomi", "hr"]
    assert refused(item, "ekonomi,it") == {"value": "error.not_an_option"}
    assert refused(item, [1]) == {"value": "error.not_an_option"}
    assert refused(item, {"ekonomi": True}) == {"value": "error.not_an_option"}


def test_multiple_choice_needs_one_option_only_when_required():
    assert refused(make(AnswerType.MULTI), "") == {"value": "error.required"}
    assert refused(make(AnswerType.MULTI), []) == {"value": "error.required"}
    assert validate_answer(make(AnswerType.MULTI, required=False), "")[0] == []


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, value",
    [
        ("2026-12-24", "2026-12-24"),
        ("24/12/2026", "2026-12-24"),
        ("1/2 2027", "2027-02-01"),
        (date(2026, 5, 1), "2026-05-01"),
        (datetime(2026, 5, 1, 13, 30), "2026-05-01"),
    ],
)
def test_dates_iso_or_swedish_day_first(raw, value):
    assert validate_answer(make(AnswerType.DATE), raw)[0] == value


@pytest.mark.parametrize(
    "raw", ["2026-02-30", "24.12.2026", "12/24/2026", "2026-W47-1", "20261224", "igår", "1800-01-01"]
)
def test_bad_dates_are_refused(raw):
    assert refused(make(AnswerType.DATE), raw) == {"value": "error.invalid_date"}


def test_an_empty_date_is_missing():
    assert refused(make(AnswerType.DATE), "") == {"value": "error.required"}


# -- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, value", [("12", 12), ("1 234,5", 1234.5), ("1\u00a0000", 1000), ("-3", -3), (7, 7), (2.0, 2), (0.25, 0.25)]
)
def test_numbers(raw, value):
    number = validate_answer(make(AnswerType.NUMBER), raw)[0]
    assert number == value and type(number) is type(value)


@pytest.mark.parametrize("raw", ["tolv", "1e5", "nan", "inf", "1,2,3", "1.234,5", True, float("nan"), "9" * 31])
def test_not_numbers_are_refused(raw):
    assert refused(make(AnswerType.NUMBER), raw) == {"value": "error.not_a_number"}


def test_number_limits():
    item = make(AnswerType.NUMBER, limits=Limits(min=0, max=100))
    assert refused(item, "-1") == {"value": "error.below_minimum"}
    assert refused(item, "100,5") == {"value": "error.above_maximum"}
    assert validate_answer(item, "100")[0] == 100
    assert refused(make(AnswerType.NUMBER), 10**16) == {"value": "error.above_maximum"}


# -- persons -------------------------------------------------------------------------------------


def test_a_person_is_a_name_optionally_with_an_aad_object_id():
    item = make(AnswerType.PERSON)
    assert validate_answer(item, "  Eva Holm ")[0] == "Eva Holm"
    picked = validate_answer(item, {"name": "Eva Holm", "aad_object_id": GUID.upper()})[0]
    assert picked == {"name": "Eva Holm", "aad_object_id": GUID}
    assert validate_answer(item, {"name": "Eva Holm", "aad_object_id": ""})[0] == "Eva Holm"
    assert person_name(picked) == person_name("Eva Holm") == "Eva Holm"


def test_bad_persons_are_refused():
    item = make(AnswerType.PERSON)
    assert refused(item, "") == {"value": "error.required"}
    assert refused(item, {"aad_object_id": GUID}) == {"value": "error.required"}
    assert refused(item, "x" * (PERSON_MAX + 1)) == {"value": "error.too_long"}
    assert refused(item, {"name": "Eva", "aad_object_id": "not-a-guid"}) == {"value": "error.invalid_person"}


def test_stored_values_validate_to_themselves():
    # Migration re-validates stored answers; every normalised value must pass unchanged.
    samples = {
        AnswerType.YES_NO: "ja",
        AnswerType.TEXT: "Text",
        AnswerType.SINGLE: "hr",
        AnswerType.MULTI: ["ekonomi", "hr"],
        AnswerType.DATE: "2026-01-31",
        AnswerType.NUMBER: 12.5,
        AnswerType.PERSON: {"name": "Eva", "aad_object_id": GUID},
    }
    for type, value in samples.items():
        assert validate_answer(make(type), value)[0] == value, type
