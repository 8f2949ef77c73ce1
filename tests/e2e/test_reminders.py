"""Reminders delivered to the fake Bot Connector over HTTP: faults, 403, at-most-once after a
crash, several dispatchers on one database, and acting on a reminder card (issue 7)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from bot.app import ADAPTER, UOW
from bot.reminder_dispatcher import RateLimiter, ReminderDispatcher, adapter_sender
from dialogs.cards.reminders import day_text
from domain.checklists.library import TemplateLibrary
from domain.reminders.calendar import STOCKHOLM, WorkingCalendar
from presentation.i18n import Texts
from storage.db import create_engine
from storage.tables import minute_entries, reminders
from storage.unit_of_work import UnitOfWorkFactory
from tests.e2e.lifecycle_helpers import CHANNEL, KANSLI, all_text, card_of, find, settings
from tests.harness.activities import Conversation, User
from tests.harness.bot_client import BotClient
from tests.harness.clock import FakeClock
from tests.harness.example_delprojekt import store_example
from tests.harness.fake_connector import ScriptedFailure

EVA = User("Eva Ordförande", "aad-eva")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=STOCKHOLM).astimezone(UTC)
CAL = WorkingCalendar()
# Commands use the real clock: a meeting ten days ahead of whenever the tests run.
MEETING_DAY = date.today() + timedelta(days=10)


async def linked_example(bot: BotClient, meetings: int = 6) -> int:
    """The example delprojekt, linked to CHANNEL, with the bot having heard from the channel."""
    project_id = await store_example(bot.app[UOW], meetings=meetings)
    await bot.say("hjälp", where=CHANNEL, user=EVA)
    async with bot.app[UOW]() as uow:
        await uow.channels.link(CHANNEL.channel_id, project_id, CHANNEL.id, "channel", "test", MONDAY)
        await uow.commit()
    return project_id


def dispatcher(bot: BotClient, clock: FakeClock, uow=None, **options) -> ReminderDispatcher:
    return ReminderDispatcher(
        uow or bot.app[UOW],
        adapter_sender(bot.app[ADAPTER], ""),
        CAL,
        TemplateLibrary.load(),
        clock=clock,
        limiter=RateLimiter(clock=clock.monotonic, sleep=clock.sleep),
        kansli_aad_ids=frozenset({KANSLI.aad_object_id}),
        sweep_every=timedelta(0),
        rng=random.Random(7),
        **options,
    )


async def states(bot: BotClient) -> dict[str, int]:
    async with bot.app[UOW]() as uow:
        return await uow.reminders.counts()


async def open_actions(bot: BotClient) -> int:
    async with bot.app[UOW]() as uow:
        return sum(len(v) for v in (await uow.meetings.open_actions()).values())


def reminder_cards(connector) -> list:
    return [s for s in connector.sent if s.cards and "reminder" in str(s.cards[0].get("actions", ""))]


async def test_overdue_action_items_are_posted_once_with_the_owner_mentioned(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        clock = FakeClock(MONDAY)
        expected = await open_actions(bot)
        first = await dispatcher(bot, clock).run_once()
        assert first.sent == expected > 0 and first.created >= expected
        again = await dispatcher(bot, clock).run_once()
        assert again.created == 0 and again.sent == 0
        posted = reminder_cards(connector)
        assert len(posted) == expected
        assert all(s.conversation_id == CHANNEL.id for s in posted)
        assert "Åtgärd försenad – SBV-2026-03" in all_text(posted)
        mentioned = [s for s in posted if s.activity.get("entities")]
        assert mentioned and "<at>" in mentioned[0].text
        assert (await states(bot))["sent"] == expected


async def test_nothing_is_posted_outside_working_time(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        saturday = FakeClock(datetime(2026, 11, 21, 10, tzinfo=STOCKHOLM).astimezone(UTC))
        result = await dispatcher(bot, saturday).run_once()
        assert result.created > 0 and result.sent == 0 and not reminder_cards(connector)
        evening = FakeClock(datetime(2026, 11, 23, 17, 5, tzinfo=STOCKHOLM).astimezone(UTC))
        assert (await dispatcher(bot, evening).run_once()).sent == 0
        assert (await dispatcher(bot, FakeClock(MONDAY + timedelta(days=1))).run_once()).sent > 0


async def test_throttling_and_server_errors_are_retried_with_backoff(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        expected = await open_actions(bot)
        clock = FakeClock(MONDAY)
        connector.fail_next(ScriptedFailure(429, {"Retry-After": "7"}), ScriptedFailure(500), ScriptedFailure(503))
        first = await dispatcher(bot, clock).run_once()
        assert expected == 3 and first.retried == 3 and first.sent == 0
        async with bot.app[UOW]() as uow:
            rows = (await uow._connection.execute(select(reminders).where(reminders.c.state == "pending"))).all()
        delays = sorted((row.next_attempt_at - MONDAY).total_seconds() for row in rows if row.attempts == 1)
        assert delays[0] == 7  # Retry-After honoured
        assert all(15 <= d <= 30 for d in delays[1:]) and len(delays) == 3  # 30 s base, equal jitter
        assert all(
            "Scripted" in row.last_error or row.last_error.startswith(("429", "500", "503"))
            for row in rows
            if row.attempts == 1
        )
        assert (await dispatcher(bot, clock).run_once()).sent == 0  # not before their time
        clock.now += timedelta(seconds=31)
        second = await dispatcher(bot, clock).run_once()
        assert second.sent == 3
        ids = [s.cards[0]["actions"][0]["data"]["reminder_id"] for s in reminder_cards(connector)]
        assert len(ids) == len(set(ids)) == expected
        assert (await states(bot)).get("sent") == expected and "dead" not in await states(bot)


async def test_repeated_failures_end_in_the_dead_letter_list(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        clock = FakeClock(MONDAY)
        run = dispatcher(bot, clock, batch=1, max_attempts=3)
        expected = await open_actions(bot)
        connector.fail_next(*[ScriptedFailure(503)] * (3 * expected))
        for _ in range(3):
            await run.run_once()
            clock.now += timedelta(hours=2)
        counts = await states(bot)
        assert counts.get("dead") == expected and "sent" not in counts
        await bot.say("hjälp", where=Conversation.personal(KANSLI), user=KANSLI)
        sent = await bot.say("påminnelser fel", where=Conversation.personal(KANSLI), user=KANSLI)
        assert "Påminnelser som inte kunde skickas" in all_text(sent) and "3 försök" in all_text(sent)
        sent = await bot.say("påminnelser fel", where=CHANNEL, user=EVA)
        assert "Det här kan bara kansliet se." in all_text(sent)
        resend = card_of(await bot.say("påminnelser fel", where=Conversation.personal(KANSLI), user=KANSLI))
        data = resend["actions"][0]["data"]
        sent = await bot.submit(data, where=Conversation.personal(KANSLI), user=KANSLI)
        assert f"{expected} påminnelse" in all_text(sent) and "skickas igen" in all_text(sent)
        await run.run_once()
        assert "dead" not in await states(bot)


async def test_a_403_stops_reminders_to_the_channel_and_tells_the_kansli(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        await bot.say("hjälp", where=Conversation.personal(KANSLI), user=KANSLI)
        clock = FakeClock(MONDAY)
        connector.fail_next(ScriptedFailure(403))
        connector.clear()
        result = await dispatcher(bot, clock, batch=1).run_once()
        told = [s for s in connector.sent if s.conversation_id == Conversation.personal(KANSLI).id]
        assert told and "kan inte längre skriva i kanalen för SBV-2026-03" in told[0].text
        assert result.dead >= 1 and not reminder_cards(connector)
        async with bot.app[UOW]() as uow:
            assert await uow.channels.reminder_targets() == {}
        # A new pass plans nothing more for the channel the bot was removed from.
        assert (await dispatcher(bot, clock).run_once()).sent == 0


async def test_a_crash_while_sending_is_never_resent_and_the_untried_rest_is_sent(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        clock = FakeClock(MONDAY)
        async with bot.app[UOW]() as uow:
            from domain.services import reminders as service

            await service.sweep(uow, CAL, TemplateLibrary.load(), clock.now)
            claimed = await uow.reminders.claim("crashed-instance", clock.now, timedelta(minutes=2), 3)
            await uow.commit()
        # The crashed instance had started sending the first of its batch, not the other two.
        async with bot.app[UOW]() as uow:
            assert await uow.reminders.start_sending(claimed[0].id, "crashed-instance")
            await uow.commit()
        assert len(claimed) == 3
        clock.now += timedelta(minutes=3)
        result = await dispatcher(bot, clock).run_once()
        assert result.dead == 1
        sent_ids = {s.cards[0]["actions"][0]["data"]["reminder_id"] for s in reminder_cards(connector)}
        assert claimed[0].id not in sent_ids  # maybe sent already: never sent a second time
        assert {claimed[1].id, claimed[2].id} <= sent_ids  # never tried: not lost, sent now
        async with bot.app[UOW]() as uow:
            dead = await uow.reminders.dead()
        assert [r.id for r in dead] == [claimed[0].id] and dead[0].last_error.startswith("uncertain")


async def test_done_and_snooze_from_the_reminder_card(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        clock = FakeClock(MONDAY)
        await dispatcher(bot, clock).run_once()
        first, second = reminder_cards(connector)[:2]
        done = first.cards[0]["actions"][0]["data"]
        assert done["action"] == "reminder.done"
        sent = await bot.submit(done, where=CHANNEL, user=EVA)
        assert "Åtgärden är markerad som klar" in all_text(sent)
        async with bot.app[UOW]() as uow:
            row = await uow.reminders.get(done["reminder_id"])
            entry = (
                await uow._connection.execute(
                    select(minute_entries).where(minute_entries.c.id == row.params["entry_id"])
                )
            ).first()
        assert row.state == "done" and entry.done_at is not None
        sent = await bot.submit(done, where=CHANNEL, user=EVA)
        assert "redan hanterad" in all_text(sent)

        snooze = next(a["data"] for a in second.cards[0]["actions"] if a["data"].get("days") == 1)
        sent = await bot.submit(snooze, where=CHANNEL, user=EVA)
        assert "Jag påminner igen" in all_text(sent)
        async with bot.app[UOW]() as uow:
            row = await uow.reminders.get(snooze["reminder_id"])
        assert row.state == "pending" and row.next_attempt_at > datetime.now(UTC)
        sent = await bot.submit(snooze, where=CHANNEL, user=EVA)
        assert "redan hanterad" in all_text(sent)
        status = next(a["data"] for a in second.cards[0]["actions"] if a["data"]["action"] == "reminder.status")
        assert "SBV-2026-03" in all_text(await bot.submit(status, where=CHANNEL, user=EVA))


async def test_paminnelser_shows_what_is_coming_and_saves_settings(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        await dispatcher(bot, FakeClock(datetime(2026, 11, 21, 10, tzinfo=STOCKHOLM).astimezone(UTC))).run_once()
        card = card_of(await bot.say("påminnelser SBV-2026-03", where=CHANNEL, user=EVA))
        assert "Påminnelser för SBV-2026-03" in all_text([type("S", (), {"text": "", "cards": [card]})])
        save = card["actions"][0]["data"]
        bad = {
            **save,
            "rules": "mote,atgard_forsenad",
            "action_due_days": "x",
            "lead_days": "5",
            "next_meeting": MEETING_DAY.isoformat(),
        }
        sent = await bot.submit(bad, where=CHANNEL, user=EVA)
        assert "Ange ett heltal mellan 0 och 60." in all_text(sent)
        async with bot.app[UOW]() as uow:
            assert (await uow.reminders.settings_of(1)).next_meeting is None
        good = {**bad, "action_due_days": "3", "next_meeting_time": "13:30"}
        sent = await bot.submit(good, where=CHANNEL, user=EVA)
        assert "Inställningarna för påminnelser om SBV-2026-03 är sparade." in all_text(sent)
        async with bot.app[UOW]() as uow:
            chosen = await uow.reminders.settings_of(1)
        assert chosen.action_due_days == 3 and chosen.next_meeting == datetime.combine(
            MEETING_DAY, time(13, 30), STOCKHOLM
        ).astimezone(UTC)
        assert "arsrapport" in {r.value for r in chosen.disabled} and "mote" not in {r.value for r in chosen.disabled}
        # The card after saving lists the meeting reminder at once, on the working day before.
        assert f"Arbetsgruppsmöte {day_text(Texts('sv'), MEETING_DAY)} – SBV-2026-03" in all_text(
            sent
        ) and f"{CAL.working_day_before(MEETING_DAY)} 08:00" in all_text(sent)
        stranger = User("Okänd", "aad-okand")
        sent = await bot.submit(good, where=CHANNEL, user=stranger)
        assert "Bara arbetsgruppens ledamöter och kansliet" in all_text(sent)


async def test_three_dispatchers_on_one_database_deliver_each_reminder_exactly_once(database_url, connector):
    """Three service instances (each its own engine and connection pool) on the same database."""
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot, meetings=40)
        expected = await open_actions(bot)  # by this Monday in 2028 every one of them is overdue
        clock = FakeClock(datetime(2028, 8, 7, 9, tzinfo=STOCKHOLM).astimezone(UTC))
        engines = [create_engine(database_url) for _ in range(3)]
        try:
            runs = [dispatcher(bot, clock, UnitOfWorkFactory(engine), batch=3) for engine in engines]
            for _ in range(3):
                await asyncio.gather(*(run.run_once() for run in runs))
        finally:
            for engine in engines:
                await engine.dispose()
        ids = [s.cards[0]["actions"][0]["data"]["reminder_id"] for s in reminder_cards(connector)]
        assert expected >= 20
        assert len(ids) == len(set(ids)) >= expected
        async with bot.app[UOW]() as uow:
            rows = (await uow._connection.execute(select(reminders))).all()
        due = {row.id for row in rows if row.next_attempt_at <= clock.now and row.state != "cancelled"}
        assert set(ids) == due == {row.id for row in rows if row.state == "sent"}
        assert sum(1 for row in rows if row.rule == "atgard_forsenad" and row.id in due) == expected


async def test_the_service_runs_the_dispatcher_in_the_background(database_url, connector):
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
    enabled = replace(settings(database_url), reminders_enabled=True, reminder_interval_seconds=1)
    async with BotClient(enabled, connector) as bot:
        for _ in range(100):
            counts = await states(bot)
            if counts:
                break
            await asyncio.sleep(0.1)
        assert sum(counts.values()) > 0  # planned by the service's own dispatcher task


async def test_dates_that_contradict_each_other_are_refused_and_nothing_is_saved(database_url, connector):
    """The example delprojekt's nämnd decided on 2026-10-20 and its first meeting was held."""
    async with BotClient(settings(database_url), connector) as bot:
        await linked_example(bot)
        card = card_of(await bot.say("påminnelser SBV-2026-03", where=CHANNEL, user=EVA))
        save = card["actions"][0]["data"]
        base = {**save, "rules": "mote", "action_due_days": "2", "lead_days": "5"}
        cases = {
            "follow_up_on": ({"follow_up_on": "2026-09-01"}, "Uppföljningen kan inte ligga före nämndens beslut."),
            "draft_due": ({"draft_due": "2025-01-01"}, "Rapportutkastet kan inte vara klart före arbetsgruppens"),
            "namnd_meeting": (
                {"ledningsgrupp_meeting": "2027-03-10", "namnd_meeting": "2027-03-01"},
                "Nämndens möte ligger före ledningsgruppens.",
            ),
            "ledningsgrupp_meeting": (
                {"draft_due": "2027-04-01", "ledningsgrupp_meeting": "2027-03-10"},
                "Ledningsgruppens möte ligger före datumet då rapportutkastet ska vara klart.",
            ),
        }
        for field, (values, message) in cases.items():
            sent = await bot.submit(base | values, where=CHANNEL, user=EVA)
            assert message in all_text(sent), field
            kept = find(card_of(sent), lambda n, name=field: n.get("id") == name)
            assert kept and kept[0]["value"] == values[field], field  # what the user typed is still there
        async with bot.app[UOW]() as uow:
            stored = await uow.reminders.settings_of(1)
        assert stored.follow_up_on is None and stored.draft_due is None and stored.namnd_meeting is None
