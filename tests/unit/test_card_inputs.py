"""The card inputs every builder uses: the label, the error below the input, and a value echoed
only within the card's own limits (a forged submit is never shown back past them)."""

from __future__ import annotations

from dialogs.cards.inputs import choice_input, date_input, number_input, text_input, time_input
from presentation.i18n import Texts

TEXTS = Texts("sv")
OPTIONS = [("ja", "Ja"), ("nej", "Nej")]


def test_text_is_clipped_to_its_limit_and_its_error_stands_below_it():
    element, error = text_input(TEXTS, "note", "Anteckning", "x" * 50, limit=10, error="error.required", required=True)
    assert (element["type"], element["value"], element["maxLength"], element["isRequired"]) == (
        "Input.Text", "x" * 10, 10, True,
    )  # fmt: skip
    assert element["label"] == "Anteckning" and error["color"] == "Attention"
    assert error["text"] == TEXTS("field_error.required")
    assert text_input(TEXTS, "note", "Anteckning", None, limit=10) == [
        {"type": "Input.Text", "id": "note", "maxLength": 10, "isMultiline": False, "value": "", "label": "Anteckning"}
    ]


def test_a_choice_comes_back_only_if_the_card_offers_it():
    assert choice_input(TEXTS, "svar", "Svar", OPTIONS, "nej")[0]["value"] == "nej"
    assert choice_input(TEXTS, "svar", "Svar", OPTIONS, "kanske")[0]["value"] == ""
    assert choice_input(TEXTS, "svar", "Svar", OPTIONS, "ja,nej")[0]["value"] == "", "one choice, not two"
    many = choice_input(TEXTS, "svar", "Svar", OPTIONS, "ja,nej", multi=True, expanded=True)[0]
    assert (many["value"], many["isMultiSelect"], many["style"]) == ("ja,nej", True, "expanded")
    assert choice_input(TEXTS, "svar", "Svar", OPTIONS, "ja,kanske", multi=True)[0]["value"] == ""
    # a form that returns a refused answer beside its reason shows it as it was sent
    assert choice_input(TEXTS, "svar", "Svar", OPTIONS, "kanske", offered_only=False)[0]["value"] == "kanske"


def test_dates_times_and_numbers_keep_their_shape():
    assert date_input(TEXTS, "on", "Datum", "2026-11-20T10:00:00 och mer")[0]["value"] == "2026-11-20"
    assert time_input(TEXTS, "at", "Tid", "09:30:59")[0]["value"] == "09:30"
    number = number_input(TEXTS, "days", "Dagar", 7, minimum=0, maximum=60)[0]
    assert (number["value"], number["min"], number["max"]) == (7, 0, 60)
    assert "value" not in number_input(TEXTS, "days", "Dagar", True)[0], "a boolean is no number"
