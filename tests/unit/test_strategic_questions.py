"""The strategic-questions register (KEFU 10): the way a question goes, what each change needs, who
may do what, and its cards (split under Teams' limit, errors at the field, the user's values kept)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.strategic_commands import parse_arguments
from dialogs.cards import strategic as cards
from domain.delprojekt import Delprojekt
from domain.errors import ValidationFailed
from domain.keys import DelprojektKey
from domain.permissions import Actor, may_get_report
from domain.strategic_questions import (
    ANSWER_MAX,
    QUESTION_MAX,
    TRANSITIONS,
    Forum,
    QuestionStatus,
    StrategicQuestion,
    may_change,
    may_list_all,
    parse_forum,
    raise_question,
)
from domain.uppdrag import Uppdrag
from presentation.i18n import Texts
from tests.harness.cards import card_problems
from tests.harness.example_delprojekt import example_questions, example_snapshot

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
KANSLI = Actor("Karin Kansli", "aad-kansli", is_kansli=True)
MEMBER = Actor("Eva Ek", "aad-eva")
STRANGER = Actor("Sven Utomstående", "aad-sven")
V, P, B = QuestionStatus.VACKT, QuestionStatus.PA_DAGORDNING, QuestionStatus.BESVARAD


def question(**fields) -> StrategicQuestion:
    return replace(raise_question("SBV-2026-03", "Ska jouren delas mellan regionerna?", MEMBER, NOW), **fields)


def project() -> Delprojekt:
    p = Delprojekt.initiate(
        DelprojektKey("SBV", 2026, 3), "Jourlinjen", by="Eva Ek", at=NOW, regions=["Region Skåne"],
        characters=set(), uppdrag=Uppdrag(bakgrund="b", syfte_mal="s", patientnytta="p"), by_id="aad-eva",
    )  # fmt: skip
    return p


def errors_of(q: StrategicQuestion, forum, status, answer="") -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        q.change(forum, status, answer, "Karin Kansli", LATER)
    return failed.value.errors


# -- raising ------------------------------------------------------------------------------------
def test_a_raised_question_is_vackt_with_no_forum_unless_given_and_no_answer():
    q = question()
    assert (q.status, q.forum, q.answer, q.raised_by, q.raised_by_id) == (V, None, "", "Eva Ek", "aad-eva")
    assert raise_question("K", "  Fråga  ", KANSLI, NOW, Forum.LEDNINGSGRUPP).forum is Forum.LEDNINGSGRUPP
    assert raise_question("K", "  Fråga  ", KANSLI, NOW).text == "Fråga"


@pytest.mark.parametrize(("text", "error"), [("", "error.required"), ("   ", "error.required"),
                                             ("x" * (QUESTION_MAX + 1), "error.too_long")])  # fmt: skip
def test_a_question_needs_a_text_of_sensible_length(text, error):
    with pytest.raises(ValidationFailed) as failed:
        raise_question("SBV-2026-03", text, KANSLI, NOW)
    assert failed.value.errors == {"text": error}


def test_forum_from_card_data():
    assert parse_forum("") is None
    assert parse_forum("politisk_niva") is Forum.POLITISK_NIVA
    with pytest.raises(ValueError):
        parse_forum("regionfullmaktige")


# -- the way a question goes ----------------------------------------------------------------------
def test_the_whole_way_vackt_on_the_agenda_answered():
    q = question()
    done = q.change(Forum.LEDNINGSGRUPP, P, "", "Karin Kansli", NOW)
    assert (done.status_before, done.status_after, done.forum_changed, done.answer_changed) == (V, P, True, False)
    assert q.answered_at is None and q.updated_by == "Karin Kansli"
    done = q.change(Forum.LEDNINGSGRUPP, B, "  Ja, gemensamt.  ", "Karin Kansli", LATER)
    assert (q.status, q.answer, q.answered_at, q.answered_by) == (B, "Ja, gemensamt.", LATER, "Karin Kansli")
    assert done.anything and not done.forum_changed


def test_off_the_agenda_again_is_a_way_back():
    q = question(forum=Forum.SAMARBETSGRUPP, status=P)
    q.change(Forum.SAMARBETSGRUPP, V, "", "Karin Kansli", LATER)
    assert q.status is V


def test_every_transition_not_in_the_table_is_refused_and_changes_nothing():
    for start in QuestionStatus:
        for target in QuestionStatus:
            if target is start or target in TRANSITIONS[start]:
                continue
            q = question(forum=Forum.LEDNINGSGRUPP, status=start, answer="Svar" if start is B else "")
            before = replace(q)
            errors = errors_of(q, Forum.LEDNINGSGRUPP, target, "Svar")
            expected = "error.strategic_answered_final" if start is B else "error.strategic_not_on_agenda"
            assert errors == {"status": expected}, (start, target)
            assert q == before


def test_besvarad_needs_an_answer_and_a_forum():
    q = question(forum=Forum.LEDNINGSGRUPP, status=P)
    assert errors_of(q, Forum.LEDNINGSGRUPP, B, "   ") == {"answer": "error.strategic_answer_required"}
    assert errors_of(q, None, B, "Svar") == {"forum": "error.strategic_forum_required"}
    assert q.status is P and q.answer == ""


def test_on_the_agenda_needs_a_forum():
    assert errors_of(question(), None, P) == {"forum": "error.strategic_forum_required"}


def test_an_answer_too_long_is_refused():
    q = question(forum=Forum.LEDNINGSGRUPP, status=P)
    assert errors_of(q, Forum.LEDNINGSGRUPP, B, "x" * (ANSWER_MAX + 1)) == {"answer": "error.too_long"}


def test_an_answered_question_keeps_its_first_answer_time_when_the_answer_is_corrected():
    q = question(forum=Forum.LEDNINGSGRUPP, status=P)
    q.change(Forum.LEDNINGSGRUPP, B, "Ja.", "Karin Kansli", NOW)
    done = q.change(Forum.LEDNINGSGRUPP, B, "Ja, från 2027.", "Kalle Kansli", LATER)
    assert done.answer_changed and not done.forum_changed and done.status_after is B
    assert (q.answer, q.answered_at, q.answered_by, q.updated_by) == ("Ja, från 2027.", NOW, "Karin Kansli",
                                                                       "Kalle Kansli")  # fmt: skip
    assert errors_of(q, Forum.LEDNINGSGRUPP, B, "") == {"answer": "error.strategic_answer_required"}


def test_a_save_that_changes_nothing_says_so_and_touches_nothing():
    q = question(forum=Forum.SAMARBETSGRUPP)
    done = q.change(Forum.SAMARBETSGRUPP, V, "", "Karin Kansli", LATER)
    assert not done.anything and q.updated_at is None


def test_an_answer_may_be_drafted_before_the_question_is_answered():
    q = question(forum=Forum.LEDNINGSGRUPP, status=P)
    q.change(Forum.LEDNINGSGRUPP, P, "Utkast till svar", "Karin Kansli", LATER)
    assert (q.status, q.answer, q.answered_at) == (P, "Utkast till svar", None)


# -- who may do what ----------------------------------------------------------------------------
def test_only_the_kansli_changes_the_kansli_and_the_ledningsgrupp_list_all():
    assert may_change(KANSLI) and not may_change(MEMBER) and not may_change(STRANGER)
    ledningsgrupp = frozenset({"aad-sven"})
    assert may_list_all(KANSLI, frozenset()) and may_list_all(STRANGER, ledningsgrupp)
    assert not may_list_all(MEMBER, ledningsgrupp) and not may_list_all(Actor("Anon", None), ledningsgrupp)


def test_the_ledningsgrupp_gets_the_slutrapport_and_the_uppdrag_of_every_delprojekt_and_nothing_more():
    p, lg = project(), frozenset({"aad-sven"})
    assert may_get_report(STRANGER, p, "slutrapport", lg) and may_get_report(STRANGER, p, "uppdrag", lg)
    assert not may_get_report(STRANGER, p, "protokoll", lg) and not may_get_report(STRANGER, p, "uppfoljning", lg)
    assert not may_get_report(STRANGER, p, "slutrapport") and may_get_report(MEMBER, p, "protokoll")


# -- the command's words ----------------------------------------------------------------------------
def test_the_command_takes_a_view_and_a_delprojekt_in_either_order():
    assert parse_arguments("") == (None, None)
    assert parse_arguments("besvarade SBV-2026-03") == ("besvarad", "SBV-2026-03")
    assert parse_arguments("sbv-2026-03 på dagordning") == ("pa_dagordning", "sbv-2026-03")
    assert parse_arguments("on the agenda") == ("pa_dagordning", None)
    assert parse_arguments("alla") == ("all", None)
    assert parse_arguments("besvarade imorgon") == "imorgon"


# -- the cards -------------------------------------------------------------------------------------
def stored_questions(count: int | None = None) -> list[StrategicQuestion]:
    found = example_questions(example_snapshot(meetings=12).meetings)
    if count is not None:
        found = (found * (count // len(found) + 1))[:count]
    return [replace(q, id=n, number=n, version=1) for n, q in enumerate(found, start=1)]


def counts(questions) -> dict[QuestionStatus, int]:
    return {s: sum(q.status is s for q in questions) for s in QuestionStatus}


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_the_register_is_grouped_by_status_with_a_form_and_save_per_question(locale):
    texts = Texts(locale)
    questions = stored_questions()
    made = cards.register_cards(texts, questions, counts(questions), True, "all", None, [("SBV-2026-03", "J")], "c1")
    for card in made:
        assert card_problems(card) == []
    body = [block for card in made for block in card["body"]]
    groups = [b["text"] for b in body if b.get("type") == "TextBlock" and b.get("size") == "Medium"]
    # in status order; a group that goes on on the next card is named again there
    names = list(dict.fromkeys(g.split(" (")[0] for g in groups))
    assert names == [texts(f"strategic.group_name.{s.value}") for s in QuestionStatus]
    saves = [a["data"] for c in made for a in _all(c) if a.get("type") == "Action.Submit"
             and a["data"].get("action") == "strategic.update"]  # fmt: skip
    assert sorted(d["question_id"] for d in saves) == [q.id for q in questions]
    for card in made:
        on_card = {d["question_id"] for d in saves if d["question_id"] in _ids_on(card)}
        assert all(set(d["on_card"]) == on_card for d in saves if d["question_id"] in on_card)


def test_a_long_register_is_split_and_capped_with_a_note_of_the_rest():
    texts = Texts("sv")
    questions = [replace(q, text="Lång fråga " * 50) for q in stored_questions(cards.MAX_SHOWN + 7)]
    made = cards.register_cards(texts, questions, counts(questions), True, "all", None, [("SBV-2026-03", "J")], "c1")
    assert len(made) > 1
    for card in made:
        assert card_problems(card) == []
    shown = sum(len(_ids_on(card)) for card in made)
    assert shown == cards.MAX_SHOWN
    assert "… och 7 frågor till" in str(made[-1])


def test_read_only_for_the_ledningsgrupp_no_inputs_and_no_raise_form():
    texts = Texts("sv")
    questions = stored_questions()
    made = cards.register_cards(texts, questions, counts(questions), False, "open")
    assert not [e for c in made for e in _all(c) if str(e.get("type", "")).startswith("Input.")]
    assert "Väck en fråga" not in str(made)


def test_errors_are_shown_at_the_field_and_the_users_values_kept():
    texts = Texts("sv")
    questions = stored_questions()[:3]
    q = questions[1]
    values = {f"answer__{q.id}": "Mitt svar", f"status__{q.id}": "besvarad", f"forum__{questions[0].id}": "x"}
    made = cards.register_cards(texts, questions, counts(questions), True, "open", values=values,
                                errors={q.id: {"forum": "error.strategic_forum_required"}})  # fmt: skip
    inputs = {e["id"]: e.get("value") for c in made for e in _all(c) if "id" in e}
    assert inputs[f"answer__{q.id}"] == "Mitt svar" and inputs[f"status__{q.id}"] == "besvarad"
    assert texts("strategic.field_error.forum_required") in str(made)


def _all(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _all(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all(value)


def _ids_on(card) -> set[int]:
    return {int(e["id"].split("__")[1]) for e in _all(card) if str(e.get("id", "")).startswith("status__")}
