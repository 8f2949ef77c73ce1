"""The working calendar and the reminder rules, pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from domain.anchoring import AnchoringEntry, AnchoringForum, AnchoringOutcome
from domain.decisions import DecisionKind, ProjectDecision
from domain.minutes import Entry, EntryKind, Person
from domain.reminders.calendar import STOCKHOLM, WorkingCalendar
from domain.reminders.rules import ReminderSettings, Rule, add_months, plan
from domain.stages import Stage
from tests.harness.example_delprojekt import BLEKINGE, KRONOBERG, SKANE, example_project

CAL = WorkingCalendar()


def local(y, m, d, hh=0, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=STOCKHOLM)


def test_working_time_weekends_and_swedish_holidays():
    assert CAL.is_working_time(local(2026, 11, 23, 9))  # Monday
    assert not CAL.is_working_time(local(2026, 11, 23, 7, 59))
    assert not CAL.is_working_time(local(2026, 11, 23, 17))
    assert not CAL.is_working_time(local(2026, 11, 22, 10))  # Sunday
    for holiday in (date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2026, 4, 3)):
        assert not CAL.is_working_day(holiday), holiday
    assert CAL.holiday_name(date(2026, 6, 19)) == "Midsommarafton"
    # Skärtorsdag evening waits until the Tuesday after Easter Monday.
    assert CAL.next_slot(local(2026, 4, 2, 18)) == local(2026, 4, 7, 8)
    assert CAL.next_slot(local(2026, 12, 23, 17, 30)) == local(2026, 12, 28, 8)
    assert CAL.next_slot(local(2026, 11, 23, 6)) == local(2026, 11, 23, 8)
    assert CAL.working_day_before(date(2026, 12, 28)) == date(2026, 12, 23)


def test_configurable_hours():
    short = WorkingCalendar(start=time(9), end=time(15))
    assert not short.is_working_time(local(2026, 11, 23, 8, 30))
    assert short.next_slot(local(2026, 11, 23, 15)) == local(2026, 11, 24, 9)


def test_add_months_clamps_to_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 10, 20), 12) == date(2027, 10, 20)


def _action(entry_id: str, due: date, aad: str | None = "aad-bjorn") -> Entry:
    return Entry(
        entry_id,
        EntryKind.ATGARD,
        "Ta fram underlag",
        "Eva",
        local(2026, 1, 1),
        owner=Person("Björn Berg", aad),
        due=due,
    )


def _keys(planned):
    return {(p.rule, p.occasion) for p in planned}


def test_action_items_due_soon_and_overdue():
    project = example_project()
    now = local(2026, 11, 20, 10).astimezone(UTC)
    planned = plan(project, [_action("a1", date(2026, 11, 26))], 0, ReminderSettings(), CAL, now)
    due = next(p for p in planned if p.rule is Rule.ACTION_DUE)
    overdue = next(p for p in planned if p.rule is Rule.ACTION_OVERDUE)
    assert due.due_at == local(2026, 11, 24, 8) and due.params["owner_aad"] == "aad-bjorn"
    assert overdue.due_at == local(2026, 11, 27, 8)
    assert due.key == ("atgard_snart", "a1", "due:2026-11-26")
    # Already overdue: the overdue reminder comes once, now; no "due soon".
    late = plan(project, [_action("a2", date(2026, 11, 1))], 0, ReminderSettings(), CAL, now)
    assert {p.rule for p in late if p.subject == "a2"} == {Rule.ACTION_OVERDUE}
    # The same state planned twice gives the same keys: storage refuses the second copy.
    assert _keys(planned) == _keys(plan(project, [_action("a1", date(2026, 11, 26))], 0, ReminderSettings(), CAL, now))


def test_rules_follow_the_settings_and_the_stage():
    project = replace(example_project(), stage=Stage.ANALYS, decisions=[])
    now = local(2026, 11, 20, 10).astimezone(UTC)
    settings = ReminderSettings(
        next_meeting=local(2026, 12, 28, 13),
        stage_target=date(2026, 12, 10),
        draft_due=date(2027, 1, 15),
        ledningsgrupp_meeting=date(2027, 2, 10),
        namnd_meeting=date(2027, 3, 20),
    )
    planned = {p.rule: p for p in plan(project, [], 4, settings, CAL, now)}
    assert planned[Rule.MEETING].due_at == local(2026, 12, 23, 8)  # the working day before, after Christmas
    assert planned[Rule.CHECKLIST].params["open"] == 4 and planned[Rule.CHECKLIST].due_at == local(2026, 12, 7, 8)
    assert planned[Rule.REPORT_DRAFT].due_at == local(2027, 1, 11, 8)
    assert planned[Rule.LEDNINGSGRUPP].due_at == local(2027, 2, 1, 8)
    assert planned[Rule.NAMND].due_at == local(2027, 3, 10, 8)
    assert planned[Rule.YEARLY].occasion == "2027"
    assert Rule.FOLLOW_UP not in planned  # no nämnd decision yet
    assert Rule.CHECKLIST not in {p.rule for p in plan(project, [], 0, settings, CAL, now)}
    off = replace(settings, disabled=frozenset({Rule.MEETING, Rule.YEARLY}))
    assert not {Rule.MEETING, Rule.YEARLY} & {p.rule for p in plan(project, [], 4, off, CAL, now)}


def test_follow_up_and_implementation():
    project = example_project()  # in implementering, nämnd decided 2026-10-20, Halland not reported
    now = local(2026, 11, 20, 10).astimezone(UTC)
    planned = {p.rule: p for p in plan(project, [], 0, ReminderSettings(), CAL, now)}
    assert planned[Rule.FOLLOW_UP].occasion == "2027-10-20"
    assert planned[Rule.IMPLEMENTATION].due_at == local(2027, 4, 20, 8)
    assert "Halland" in planned[Rule.IMPLEMENTATION].params["regions"]
    assert "ordforande" not in {p.rule.value for p in planned.values()}  # seed 004's RSG rule is gone
    chosen = ReminderSettings(follow_up_on=date(2027, 6, 1))
    assert {p.rule: p for p in plan(project, [], 0, chosen, CAL, now)}[Rule.FOLLOW_UP].occasion == "2027-06-01"
    # the checklist's date is used when the settings give none; the settings win over it
    answered = {p.rule: p for p in plan(project, [], 0, ReminderSettings(), CAL, now, date(2027, 9, 1))}
    assert answered[Rule.FOLLOW_UP].occasion == "2027-09-01"
    both = {p.rule: p for p in plan(project, [], 0, chosen, CAL, now, date(2027, 9, 1))}
    assert both[Rule.FOLLOW_UP].occasion == "2027-06-01"
    namnd = ProjectDecision(DecisionKind.NAMND, date(2025, 1, 10), "RSN", "", "", "k", now)
    older = replace(project, decisions=[namnd])
    follow_up = {p.rule: p for p in plan(older, [], 0, ReminderSettings(), CAL, now)}[Rule.FOLLOW_UP]
    assert follow_up.due_at.astimezone(STOCKHOLM).date() == date(2026, 11, 20)  # overdue follow-up: now


def test_a_closed_delprojekt_has_no_reminders():
    project = replace(example_project(), stage=Stage.AVSLUTAD)
    now = local(2026, 11, 20, 10).astimezone(UTC)
    assert plan(project, [_action("a1", date(2026, 12, 1))], 0, ReminderSettings(), CAL, now) == []


def test_anchoring_is_asked_for_before_the_proposals_and_before_the_ledningsgrupp():
    now = local(2026, 11, 20, 10).astimezone(UTC)
    example = example_project()
    # Anchored in the spring everywhere; only Blekinge and Kronoberg again from August (within four months).
    log = [e for e in example.anchoring if e.on < date(2026, 7, 1) or e.region in (BLEKINGE, KRONOBERG)]
    project = replace(example, stage=Stage.ANALYS, anchoring=log)
    planned = {p.rule: p for p in plan(project, [], 0, ReminderSettings(), CAL, now)}
    assert planned[Rule.ANCHORING].params["regions"] == "Region Skåne, Region Halland"
    assert planned[Rule.ANCHORING].params["stage"] == "forslag"
    fresh = AnchoringEntry(SKANE, AnchoringForum.LINJEN, date(2026, 11, 2), "Linjen", "", AnchoringOutcome.FORANKRAT,
                           "K", now)  # fmt: skip
    anchored = replace(project, anchoring=[*project.anchoring, fresh])
    assert (
        SKANE
        not in {p.rule: p for p in plan(anchored, [], 0, ReminderSettings(), CAL, now)}[Rule.ANCHORING].params[
            "regions"
        ]
    )
    reporting = replace(project, stage=Stage.SLUTRAPPORT)
    assert {p.rule: p for p in plan(reporting, [], 0, ReminderSettings(), CAL, now)}[Rule.ANCHORING].params[
        "stage"
    ] == "godkand_av_ledningsgrupp"
    working = replace(project, stage=Stage.NULAGESANALYS)
    assert Rule.ANCHORING not in {p.rule for p in plan(working, [], 0, ReminderSettings(), CAL, now)}
