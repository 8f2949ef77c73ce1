"""A stored plan holds until `valid_until`: until then the same inputs plan the same reminders
within the horizon (issue 18: the sweep re-plans only what changed or what time has made due).

Checked as a property: for random delprojekt states, settings, action items and moments, planning
again at any later moment before the plan runs out gives the very reminder keys that are written
to the outbox (those within the horizon), so a sweep that skips the delprojekt changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.decisions import DecisionKind, ProjectDecision
from domain.minutes import Entry, EntryKind, Person
from domain.reminders.calendar import STOCKHOLM, WorkingCalendar
from domain.reminders.rules import Planned, ReminderSettings, Rule, next_change, plan
from domain.services.reminders import HORIZON, SPREAD, horizon, renew_at, valid_until
from domain.stages import Stage
from tests.harness.example_delprojekt import example_project

CAL = WorkingCalendar()
BASE = date(2026, 1, 1)
PROJECT = example_project()

days = st.integers(min_value=-60, max_value=500).map(lambda n: BASE + timedelta(days=n))
maybe_day = st.none() | days


@st.composite
def situations(draw):
    stage = draw(st.sampled_from([Stage.ANALYS, Stage.FORSLAG, Stage.SLUTRAPPORT, Stage.IMPLEMENTERING]))
    decided = draw(maybe_day)
    decisions = [ProjectDecision(DecisionKind.NAMND, decided, "RSN", "", "", "k", datetime(2026, 1, 1, tzinfo=UTC))]
    project = replace(PROJECT, stage=stage, decisions=decisions if decided else [])
    meeting = draw(maybe_day)
    chosen = ReminderSettings(
        disabled=frozenset(draw(st.sets(st.sampled_from(list(Rule)), max_size=3))),
        action_due_days=draw(st.integers(min_value=0, max_value=10)),
        lead_days=draw(st.integers(min_value=0, max_value=15)),
        next_meeting=datetime.combine(meeting, datetime.min.time(), STOCKHOLM).replace(hour=13) if meeting else None,
        stage_target=draw(maybe_day),
        draft_due=draw(maybe_day),
        ledningsgrupp_meeting=draw(maybe_day),
        namnd_meeting=draw(maybe_day),
        follow_up_on=draw(maybe_day),
    )
    actions = [
        Entry(f"a{n}", EntryKind.ATGARD, "Gör det", "Eva", datetime(2026, 1, 1, tzinfo=UTC),
              owner=Person("Björn", "aad-b"), due=due)
        for n, due in enumerate(draw(st.lists(days, max_size=6)))
    ]  # fmt: skip
    hour = draw(st.integers(min_value=0, max_value=23))
    now = datetime.combine(draw(days), datetime.min.time(), STOCKHOLM).replace(hour=hour).astimezone(UTC)
    open_required = draw(st.integers(min_value=0, max_value=3))
    return project, actions, chosen, now, open_required


def _written(project, actions, open_required, chosen, at, key=None):
    """What a sweep at `at` wants in the outbox: the keys of the plan within the horizon (the
    horizon of the delprojekt whose spread key is `key`)."""
    reach = at + horizon(key)
    return {p.key for p in plan(project, actions, open_required, chosen, CAL, at) if p.due_at <= reach}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(situations(), st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=5))
def test_the_plan_is_the_same_until_it_runs_out(situation, fractions):
    project, actions, chosen, now, open_required = situation
    planned = plan(project, actions, open_required, chosen, CAL, now)
    until = valid_until(planned, next_change(project, actions, chosen, CAL, now), now, CAL)
    assert until > now
    expected = _written(project, actions, open_required, chosen, now)
    for fraction in fractions:
        later = now + (until - now) * fraction
        if later >= until:
            continue
        assert _written(project, actions, open_required, chosen, later) == expected, (now, later, until)


def test_a_plan_runs_out_when_a_reminder_comes_within_the_horizon_or_a_date_passes():
    now = datetime(2026, 11, 20, 10, tzinfo=STOCKHOLM).astimezone(UTC)
    far = Entry("far", EntryKind.ATGARD, "Långt bort", "Eva", now, owner=Person("Björn", None), due=date(2027, 3, 3))
    chosen = ReminderSettings(disabled=frozenset({Rule.YEARLY}))
    planned = plan(PROJECT, [far], 0, chosen, CAL, now)
    until = valid_until(planned, next_change(PROJECT, [far], chosen, CAL, now), now, CAL)
    # "Due soon" on Monday 2027-03-01 08:00 comes within the 35-day horizon on 2027-01-25 08:00,
    # before any date the rules read passes (the action's due date, the yearly report's grace).
    assert until == datetime(2027, 1, 25, 8, tzinfo=STOCKHOLM)
    soon = replace(far, due=date(2026, 11, 24))
    assert next_change(PROJECT, [soon], chosen, CAL, now) == date(2026, 11, 25)


def test_a_reminder_entering_the_horizon_across_a_dst_change_ends_the_plan_in_time():
    """Found by the property above: 35 days before a reminder on the Monday after the change to
    summer time is an hour earlier in UTC than in wall-clock time."""

    due = datetime(2026, 3, 30, 8, 0, tzinfo=STOCKHOLM)  # summer time began on 29 March
    now = datetime(2026, 2, 20, 23, 0, tzinfo=UTC)
    until = valid_until([Planned(Rule.ACTION_OVERDUE, "a0", "overdue:2026-03-27", due)], date(2026, 4, 1), now, CAL)
    assert until <= due.astimezone(UTC) - HORIZON
    assert until == datetime(2026, 2, 23, 6, 0, tzinfo=UTC)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(situations())
def test_every_reminder_is_due_in_working_time(situation):
    """What lets a plan that runs out at midnight be renewed later in the night: nothing planned
    is due outside working time, and nothing is sent outside it."""
    project, actions, chosen, now, open_required = situation
    for planned in plan(project, actions, open_required, chosen, CAL, now):
        assert CAL.is_working_time(planned.due_at), planned


@settings(max_examples=400, deadline=None, derandomize=True)
@given(situations(), st.integers(min_value=1, max_value=10**7), st.lists(st.floats(0, 1), min_size=1, max_size=5))
def test_a_spread_plan_holds_until_it_runs_out(situation, key, fractions):
    """The plans of the sweep (`spread_key`: the delprojekt's id) hold as the exact ones do, except
    in the night after a day changed: there the plan renewed at any moment before the delprojekt's
    `renew_at` is the one renewed at midnight, and nothing is sent before it (no working time)."""
    project, actions, chosen, now, open_required = situation
    planned = plan(project, actions, open_required, chosen, CAL, now)
    changes_on = next_change(project, actions, chosen, CAL, now)
    until = valid_until(planned, changes_on, now, CAL, spread_key=key)
    assert until > now
    midnight = datetime.combine(changes_on, datetime.min.time(), STOCKHOLM)
    expected = _written(project, actions, open_required, chosen, now, key)
    for fraction in fractions:
        later = now + (until - now) * fraction
        if later >= until:
            continue
        if later < midnight:
            assert _written(project, actions, open_required, chosen, later, key) == expected, (now, later, until)
            continue
        # The night: at most SPREAD long, ending with a quarter of the gap before working time left.
        first_slot = CAL.next_slot(midnight)
        assert until - midnight <= SPREAD
        assert first_slot - until >= (first_slot - midnight) / 4
        renewed = _written(project, actions, open_required, chosen, midnight, key)
        assert _written(project, actions, open_required, chosen, later, key) == renewed, (midnight, later, until)


def test_the_renewals_of_one_midnight_spread_over_the_night():
    midnight = datetime(2026, 11, 24, 0, tzinfo=STOCKHOLM)  # a Tuesday
    moments = [renew_at(midnight, CAL, key) for key in range(1, 10_001)]
    assert min(moments) >= midnight
    assert max(moments) < datetime(2026, 11, 24, 6, tzinfo=STOCKHOLM)
    per_sweep = Counter((m - midnight) // timedelta(minutes=5) for m in moments)
    assert len(per_sweep) == 72  # every 5-minute sweep of the six hours takes some
    assert max(per_sweep.values()) < 2 * 10_000 / 72
    assert renew_at(midnight, CAL, 42) == renew_at(midnight, CAL, 42)
