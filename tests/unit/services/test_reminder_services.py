"""The reminder use cases on a fake unit of work: the sweep plans an action item's reminders into
the outbox once, re-plans only what changed, closes them when the item is done, follows the
settings (which only those who may change the delprojekt set) and sends nothing for a stopped
delprojekt; a snooze lands on a working morning. Without a database or HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.checklists.library import TemplateLibrary
from domain.errors import NotAllowed
from domain.minutes import EntryKind
from domain.reminders.calendar import WorkingCalendar
from domain.reminders.rules import ReminderSettings, Rule
from domain.services import lifecycle, minutes, reminders
from domain.services.lifecycle import ChannelLink
from domain.services.minutes import NewEntry
from tests.unit.services.fakes import FakeUnitOfWork, FakeUnitsOfWork
from tests.unit.services.test_lifecycle_services import ANNA, KANSLI, NOW, STRANGER, registered

CALENDAR = WorkingCalendar()
LIBRARY = TemplateLibrary.load()
CHANNEL = ChannelLink("19:arbetsgrupp@thread.tacv2", "19:arbetsgrupp@thread.tacv2", "channel")


async def _with_action(uow: FakeUnitOfWork):
    """A delprojekt linked to its channel with one action item due in three days."""
    project = await registered(uow)
    await lifecycle.link_channel(uow, ANNA, project.key, CHANNEL, NOW)
    _, meeting = await minutes.open_meeting(uow, ANNA, project.key, NOW, False)
    todo = NewEntry(EntryKind.ATGARD, "Boka lokal", owner_name="Anna Berg", due=NOW.date() + timedelta(days=3))
    entry, _, _ = await minutes.add_entry(uow, ANNA, meeting.id, todo, NOW, False)
    return project, entry


async def _sweep(uow: FakeUnitOfWork, now: datetime = NOW) -> reminders.SweepResult:
    return await reminders.sweep_changed(FakeUnitsOfWork(uow), CALENDAR, LIBRARY, now)


def _pending(uow: FakeUnitOfWork) -> set[tuple[str, str]]:
    return {(rule, occasion) for (rule, _, occasion), row in uow.store.outbox.items() if row["state"] == "pending"}


async def test_an_action_item_is_planned_once_and_its_reminders_close_when_it_is_done():
    uow = FakeUnitOfWork()
    project, entry = await _with_action(uow)
    first = await _sweep(uow)
    assert (first.created, first.planned) == (2, 1)
    assert _pending(uow) == {("atgard_snart", "due:2026-11-25"), ("atgard_forsenad", "overdue:2026-11-25")}
    assert {row["conversation_id"] for row in uow.store.outbox.values()} == {CHANNEL.conversation_id}
    again = await _sweep(uow, NOW + timedelta(minutes=5))
    assert (again.created, again.planned, again.unchanged) == (0, 0, 1), "nothing changed: nothing planned"
    await minutes.complete_action(uow, ANNA, entry.id, NOW + timedelta(minutes=6))
    assert _pending(uow) == set() and {r["state"] for r in uow.store.outbox.values()} == {"done"}
    after = await _sweep(uow, NOW + timedelta(minutes=10))
    assert (after.created, after.planned) == (0, 1) and _pending(uow) == set()


async def test_the_settings_switch_a_rule_off_and_only_the_arbetsgrupp_sets_them():
    uow = FakeUnitOfWork()
    project, _ = await _with_action(uow)
    await _sweep(uow)
    quiet = ReminderSettings(disabled=frozenset({Rule.ACTION_DUE}))
    async with uow:
        with pytest.raises(NotAllowed):
            await reminders.save_settings(uow, STRANGER, project, quiet, NOW)
        await reminders.save_settings(uow, ANNA, project, quiet, NOW)
        await uow.commit()
    changed = await _sweep(uow, NOW + timedelta(minutes=5))
    assert (changed.planned, changed.cancelled) == (1, 1)
    assert _pending(uow) == {("atgard_forsenad", "overdue:2026-11-25")}


async def test_a_stopped_delprojekt_gets_no_more_reminders():
    uow = FakeUnitOfWork()
    project, _ = await _with_action(uow)
    await _sweep(uow)
    await lifecycle.end(uow, KANSLI, project.key, None, "stop", "Dubblett", NOW)
    stopped = await _sweep(uow, NOW + timedelta(minutes=5))
    assert stopped.cancelled == 2 and _pending(uow) == set()


async def test_the_incremental_sweep_leaves_the_outbox_as_planning_everything_does():
    everything, changed = FakeUnitOfWork(), FakeUnitOfWork()
    for uow in (everything, changed):
        await _with_action(uow)
    async with everything:
        assert await reminders.sweep(everything, CALENDAR, LIBRARY, NOW) == (2, 0)
        await everything.commit()
    await _sweep(changed)
    assert _pending(everything) == _pending(changed)


def test_a_snooze_lands_on_the_next_working_morning():
    sunday = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    assert reminders.snooze_until(CALENDAR, sunday, 1) == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 08:00 local
    christmas_eve = datetime(2026, 12, 23, 10, 0, tzinfo=UTC)
    assert reminders.snooze_until(CALENDAR, christmas_eve, 1) == datetime(2026, 12, 28, 7, 0, tzinfo=UTC)
