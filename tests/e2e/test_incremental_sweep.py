"""The dispatcher's sweep plans only what changed or what time has made due (issue 18), and
leaves the outbox exactly as planning everything again would: after every incremental sweep, a
full `sweep` finds nothing to create and nothing to cancel. Also: the sweep in a worker process,
and one sweep at a time on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta

import pytest

from bot.app import UOW
from bot.reminder_sweeper import ProcessSweeper
from domain.checklists.library import TemplateLibrary
from domain.minutes import Entry, EntryKind, Person
from domain.reminders.rules import ReminderSettings
from domain.services import reminders as service
from presentation.i18n import default_programme
from tests.e2e.lifecycle_helpers import CHANNEL, OTHER_CHANNEL, settings
from tests.e2e.test_reminders import CAL, MONDAY, linked_example
from tests.harness.bot_client import BotClient

LIBRARY = TemplateLibrary.load()


async def incremental(bot: BotClient, at) -> service.SweepResult:
    return await service.sweep_changed(bot.app[UOW], CAL, LIBRARY, at)


async def full_sweep_would_change(bot: BotClient, at) -> tuple[int, int]:
    """What planning everything again would create and cancel (rolled back: only looked at)."""
    async with bot.app[UOW]() as uow:
        return await service.sweep(uow, CAL, LIBRARY, at)


async def add_action(bot: BotClient, project_id: int, entry_id: str, due: date) -> None:
    async with bot.app[UOW]() as uow:
        meeting = (await uow.meetings.of_delprojekt(project_id))[-1]
        await uow.meetings.lock_delprojekt(project_id)
        entry = Entry(entry_id, EntryKind.ATGARD, "Ny åtgärd", "Eva", MONDAY, owner=Person("Björn", None), due=due)
        await uow.meetings.add_entry(meeting.id, project_id, entry)
        await uow.commit()


async def test_each_sweep_leaves_the_outbox_as_planning_everything_would(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        project_id = await linked_example(bot)
        first = await incremental(bot, MONDAY)
        assert first.planned == 1 and first.created > 0
        assert await full_sweep_would_change(bot, MONDAY) == (0, 0)

        again = await incremental(bot, MONDAY + timedelta(minutes=5))
        assert (again.planned, again.unchanged, again.created) == (0, 1, 0)

        async def mark_done() -> None:
            async with bot.app[UOW]() as uow:
                await uow.meetings.mark_done("inc-1", "Eva", MONDAY)
                await uow.commit()

        async def move_due() -> None:
            async with bot.app[UOW]() as uow:
                await uow.meetings.set_due("inc-2", MONDAY.date() + timedelta(days=2))
                await uow.commit()

        async def change_settings() -> None:
            chosen = ReminderSettings(next_meeting=MONDAY + timedelta(days=9), draft_due=MONDAY.date() + timedelta(40))
            async with bot.app[UOW]() as uow:
                await uow.reminders.save_settings(project_id, chosen, "Eva", MONDAY)
                await uow.commit()

        changes = [
            lambda: add_action(bot, project_id, "inc-1", MONDAY.date() + timedelta(days=3)),
            mark_done,
            lambda: add_action(bot, project_id, "inc-2", MONDAY.date() + timedelta(days=20)),
            move_due,
            change_settings,
        ]
        for minutes, change in enumerate(changes, start=2):
            await change()
            at = MONDAY + timedelta(minutes=5 * minutes)
            result = await incremental(bot, at)
            assert result.planned == 1, change
            assert await full_sweep_would_change(bot, at) == (0, 0), change

        # Time alone: each day for two months, at night and in the morning, nothing else changing.
        # A plan that runs out at midnight is renewed at its own moment of the night
        # (service.renew_at, before 06:00), so at 02:00 it may not be yet; at 10:00 it always is.
        replanned = 0
        for day in range(1, 60):
            for hour in (1, 9):
                at = MONDAY.replace(hour=0) + timedelta(days=day, hours=hour)
                replanned += (await incremental(bot, at)).planned
                if hour == 9:
                    assert await full_sweep_would_change(bot, at) == (0, 0), at
        assert 0 < replanned < 118  # re-planned on the days something came due, not at every sweep


async def test_a_channel_unlinked_or_the_delprojekt_changed_is_planned_again(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        project_id = await linked_example(bot)
        await incremental(bot, MONDAY)
        async with bot.app[UOW]() as uow:
            project = await uow.delprojekt.get_by_id(project_id)
            project.title = "Ny titel"
            await uow.delprojekt.save(project)
            await uow.commit()
        changed = await incremental(bot, MONDAY + timedelta(minutes=5))
        assert changed.planned == 1
        assert await full_sweep_would_change(bot, MONDAY + timedelta(minutes=5)) == (0, 0)
        async with bot.app[UOW]() as uow:
            await uow.channels.unlink(CHANNEL.channel_id)
            await uow.commit()
        # No channel, nothing to plan (as the full sweep); linked again to the same channel, the
        # plan made for it before still holds; linked to another one, planned again.
        assert (await incremental(bot, MONDAY + timedelta(minutes=10))).planned == 0
        async with bot.app[UOW]() as uow:
            await uow.channels.link(CHANNEL.channel_id, project_id, CHANNEL.id, "channel", "test", MONDAY)
            await uow.commit()
        assert (await incremental(bot, MONDAY + timedelta(minutes=15))).unchanged == 1
        assert await full_sweep_would_change(bot, MONDAY + timedelta(minutes=15)) == (0, 0)
        await bot.say("hjälp", where=OTHER_CHANNEL)
        async with bot.app[UOW]() as uow:
            await uow.channels.link(OTHER_CHANNEL.channel_id, project_id, OTHER_CHANNEL.id, "channel", "test", MONDAY)
            await uow.commit()
        assert (await incremental(bot, MONDAY + timedelta(minutes=20))).planned == 1
        assert await full_sweep_would_change(bot, MONDAY + timedelta(minutes=20)) == (0, 0)


async def test_a_clock_set_back_plans_again(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        await incremental(bot, MONDAY + timedelta(days=1))
        assert (await incremental(bot, MONDAY)).planned == 1
        assert await full_sweep_would_change(bot, MONDAY) == (0, 0)


async def test_the_sweep_in_a_worker_process_plans_the_same(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        sweeper = ProcessSweeper(database_url, (CAL.start, CAL.end), "", default_programme())
        try:
            result = await sweeper(MONDAY)
            assert result.planned == 1 and result.created > 0
            assert await full_sweep_would_change(bot, MONDAY) == (0, 0)
            assert (await sweeper(MONDAY + timedelta(minutes=5))).unchanged == 1
            # Background work: the worker gives way to the service's turns when the CPUs are busy.
            (worker,) = sweeper._executor._processes
            assert os.getpriority(os.PRIO_PROCESS, worker) > os.getpriority(os.PRIO_PROCESS, 0)
        finally:
            sweeper.close()


async def test_on_postgresql_one_instance_sweeps_at_a_time(database_url, connector):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serves one instance: its sweep takes no lock")
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        async with bot.app[UOW]() as sweeping:  # another instance's sweep, under way
            assert await sweeping.reminders.try_sweep_lock()
            second = await service.sweep_changed(bot.app[UOW], CAL, LIBRARY, MONDAY)
        assert second.skipped and second.planned == 0
        first = await incremental(bot, MONDAY)
        assert not first.skipped and first.planned == 1
        # The next sweep (another instance's, a moment later) finds the plan made.
        assert (await incremental(bot, MONDAY + timedelta(minutes=1))).unchanged == 1


async def test_a_dead_worker_is_replaced_at_the_next_sweep(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        sweeper = ProcessSweeper(database_url, (CAL.start, CAL.end), "", default_programme())
        try:
            await sweeper(MONDAY)
            for process in list(sweeper._executor._processes.values()):  # killed, as by the OOM killer
                process.kill()
                process.join()
            with pytest.raises(BrokenProcessPool):
                await sweeper(MONDAY + timedelta(minutes=5))
            assert (await sweeper(MONDAY + timedelta(minutes=10))).unchanged == 1
        finally:
            sweeper.close()


async def test_on_sqlite_a_sweep_with_nothing_to_plan_takes_no_write_lock(database_url, connector):
    if database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL writers lock rows, not the database")
    async with BotClient(settings(database_url), connector) as bot:
        project_id = await linked_example(bot)
        await incremental(bot, MONDAY)
        async with bot.app[UOW]() as writer:  # BEGIN IMMEDIATE: a turn writing, say
            await writer.reminders.save_settings(project_id, ReminderSettings(), "Eva", MONDAY)
            # It reads and finds nothing changed; before issue 18 it waited for the lock here.
            quiet = await asyncio.wait_for(incremental(bot, MONDAY + timedelta(minutes=5)), timeout=10)
            await writer.commit()
        assert (quiet.planned, quiet.unchanged) == (0, 1)
