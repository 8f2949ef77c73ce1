"""A whole simulated year of reminders with an injected clock: every reminder is posted exactly
once, only in Swedish working time, never on a weekend or a public holiday."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.reminder_dispatcher import RateLimiter, ReminderDispatcher
from domain.checklists.library import TemplateLibrary
from domain.conversations import ConversationAddress
from domain.reminders.calendar import STOCKHOLM, WorkingCalendar
from domain.reminders.rules import ReminderSettings
from storage.db import create_engine
from storage.migrate import migrate
from storage.unit_of_work import UnitOfWorkFactory
from tests.harness.clock import FakeClock
from tests.harness.example_delprojekt import store_example

CAL = WorkingCalendar()
CHANNEL = "19:arbetsgrupp@thread.tacv2"


async def test_a_simulated_year(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'year.db'}")
    try:
        await migrate(engine)
        uow = UnitOfWorkFactory(engine)
        project_id = await store_example(uow, meetings=12)
        start = datetime(2026, 1, 1, tzinfo=STOCKHOLM).astimezone(UTC)
        async with uow() as work:
            await work.channels.link(CHANNEL, project_id, CHANNEL, "channel", "test", start)
            await work.conversations.remember(
                ConversationAddress(
                    CHANNEL,
                    "msteams",
                    "https://smba.example/",
                    "channel",
                    "tenant",
                    "team",
                    CHANNEL,
                    reference={"conversation": {"id": CHANNEL}, "serviceUrl": "https://smba.example/"},
                ),
                start,
            )
            await work.reminders.save_settings(
                project_id,
                ReminderSettings(next_meeting=datetime(2026, 6, 22, 9, tzinfo=STOCKHOLM)),  # Monday after midsommar
                "test",
                start,
            )
            await work.commit()

        clock = FakeClock(start)
        posted: list[tuple[int, datetime]] = []

        async def send(address, activity):
            data = activity.attachments[0].content["actions"][-1]["data"]
            reminder_id = next(
                a["data"]["reminder_id"]
                for a in activity.attachments[0].content["actions"]
                if "reminder_id" in a["data"]
            )
            assert data["delprojekt"] == "SBV-2026-03"
            posted.append((reminder_id, clock.now))
            return f"activity-{len(posted)}"

        dispatcher = ReminderDispatcher(
            uow,
            send,
            CAL,
            TemplateLibrary.load(),
            clock=clock,
            limiter=RateLimiter(clock=clock.monotonic, sleep=clock.sleep),
            sweep_every=timedelta(hours=20),
            rng=random.Random(1),
        )
        end = datetime(2027, 1, 1, tzinfo=STOCKHOLM).astimezone(UTC)
        while clock.now < end:
            await dispatcher.run_once()
            local = clock.now.astimezone(STOCKHOLM)
            # Every two hours through the working day, then on to the next morning.
            step = timedelta(hours=2) if 6 <= local.hour < 18 else timedelta(hours=12 if local.hour >= 18 else 6)
            clock.now += step

        counts = Counter(reminder_id for reminder_id, _ in posted)
        assert posted and max(counts.values()) == 1, "a reminder was posted twice"
        for _, at in posted:
            local = at.astimezone(STOCKHOLM)
            assert CAL.is_working_day(local.date()), f"posted on {local.date()} ({CAL.holiday_name(local.date())})"
            assert 8 <= local.hour < 17, local
        async with uow() as work:
            states = await work.reminders.counts()
            rows = {r.id: r for r in await _all(work)}
        assert states.get("sent") == len(posted) and "dead" not in states
        rules = Counter(rows[i].rule for i, _ in posted)
        assert rules["atgard_forsenad"] == rules["atgard_snart"] > 0
        assert rules["mote"] == 1 and rules["arsrapport"] == 1
        meeting_reminder = next(at for i, at in posted if rows[i].rule == "mote").astimezone(STOCKHOLM)
        # The working day before Monday 22 June is Thursday 18 June: midsommarafton is a holiday.
        assert meeting_reminder.date().isoformat() == "2026-06-18"
    finally:
        await engine.dispose()


async def _all(work):
    from sqlalchemy import select

    from storage.reminder_repository import _reminder
    from storage.tables import reminders

    return [_reminder(row) for row in await work._connection.execute(select(reminders))]
