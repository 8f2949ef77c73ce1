"""One reminder sweep over a large portfolio on PostgreSQL (issue 7).

Seeds 10,000 delprojekt, each linked to a channel with a stored conversation reference and an
ordförande, and 100,000 action items (10 per delprojekt, due dates spread over a year), with bulk
inserts; then times a sweep (plan every reminder and write the outbox) twice: the first creates
the rows, the second finds them all there. Also times claiming a batch of due rows.
Then the service itself on that database: the p50/p99 of unrelated `hjälp` turns (over HTTP, a
fake Bot Connector) without a sweep, while the service's dispatcher sweeps in its worker process
(bot/reminder_sweeper.py) and, for comparison, while the same sweep runs on the service's event
loop (as before issue 18).
Prints figures; asserts nothing about time. Needs PostgreSQL (SAMARBETE_TEST_POSTGRES_URL or the
local default); with SQLite as the argument `sqlite` it runs the same on a temporary file.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import DISPATCHER  # noqa: E402
from domain.checklists.library import TemplateLibrary  # noqa: E402
from domain.reminders.calendar import STOCKHOLM, WorkingCalendar  # noqa: E402
from domain.services import reminders as service  # noqa: E402
from storage.db import create_engine  # noqa: E402
from storage.migrate import migrate  # noqa: E402
from storage.tables import (  # noqa: E402
    arbetsgrupp_members,
    channel_links,
    conversation_references,
    delprojekt,
    meetings,
    minute_entries,
    reminder_plans,
)
from storage.unit_of_work import UnitOfWorkFactory  # noqa: E402
from tests.harness import activities, databases  # noqa: E402
from tests.harness.activities import Conversation, User  # noqa: E402
from tests.harness.bot_client import BotClient, settings_for  # noqa: E402
from tests.harness.fake_connector import FakeConnector  # noqa: E402

PROJECTS = 10_000
ACTIONS_PER_PROJECT = 10
NOW = datetime(2026, 11, 23, 9, tzinfo=STOCKHOLM).astimezone(UTC)
STAGES = ["analys", "forslag", "nulagesanalys", "implementering", "arbetsgrupp_tillsatt"]


async def seed(engine) -> None:
    created = datetime(2026, 1, 5, tzinfo=UTC)
    async with engine.begin() as connection:
        for start in range(0, PROJECTS, 2000):
            numbers = range(start + 1, min(start + 2000, PROJECTS) + 1)
            await connection.execute(
                delprojekt.insert(),
                [
                    {
                        "id": n,
                        "key": f"SBV-2026-{n:04d}",
                        "key_prefix": "SBV",
                        "key_year": 2026,
                        "key_number": n,
                        "title": f"Delprojekt {n}",
                        "stage": STAGES[n % len(STAGES)],
                        "regions": ["Skåne", "Halland"],
                        "characters": [],
                        "created_by": "bench",
                        "created_at": created,
                        "version": 1,
                        "uppdrag": {},
                    }
                    for n in numbers
                ],
            )
            await connection.execute(
                arbetsgrupp_members.insert(),
                [
                    {
                        "id": f"m{n}",
                        "delprojekt_id": n,
                        "position": 0,
                        "name": f"Ordförande {n}",
                        "role": "ordforande",
                        "region": "Skåne",
                        "organisation": "",
                        "aad_object_id": f"aad-{n}",
                        "added_by": "bench",
                        "added_at": created,
                    }
                    for n in numbers
                ],
            )
            channel = "19:ch{}@thread.tacv2"
            await connection.execute(
                channel_links.insert(),
                [
                    {
                        "link_id": channel.format(n),
                        "delprojekt_id": n,
                        "conversation_id": channel.format(n),
                        "kind": "channel",
                        "linked_by": "bench",
                        "linked_at": created,
                    }
                    for n in numbers
                ],
            )
            await connection.execute(
                conversation_references.insert(),
                [
                    {
                        "conversation_id": channel.format(n),
                        "channel_id": "msteams",
                        "service_url": "https://smba.example/",
                        "conversation_type": "channel",
                        "teams_channel_id": channel.format(n),
                        "reference": {},
                        "is_active": True,
                        "first_seen_at": created,
                        "updated_at": created,
                    }
                    for n in numbers
                ],
            )
            await connection.execute(
                meetings.insert(),
                [
                    {
                        "id": n,
                        "delprojekt_id": n,
                        "number": 1,
                        "held_at": created,
                        "place": "",
                        "present": [],
                        "absent": [],
                        "agenda": [],
                        "created_by": "bench",
                        "version": 1,
                    }
                    for n in numbers
                ],
            )
            await connection.execute(
                minute_entries.insert(),
                [
                    {
                        "id": f"e{n}-{i}",
                        "meeting_id": n,
                        "delprojekt_id": n,
                        "seq": i,
                        "kind": "atgard",
                        "text": f"Åtgärd {i}",
                        "details": {"owner": {"name": "Björn", "aad_object_id": f"aad-b{n}"}},
                        "by": "bench",
                        "at": created,
                        "due": date(2026, 6, 1) + timedelta(days=(n * 7 + i * 37) % 365),
                    }
                    for n in numbers
                    for i in range(ACTIONS_PER_PROJECT)
                ],
            )


async def add_actions(engine, count: int, at: datetime) -> None:
    """An action item due in a week added to each of the first `count` delprojekt."""
    async with engine.begin() as connection:
        await connection.execute(
            minute_entries.insert(),
            [
                {
                    "id": f"new-{n}-{at.timestamp():.0f}",
                    "meeting_id": n,
                    "delprojekt_id": n,
                    "seq": 1000,
                    "kind": "atgard",
                    "text": "Ny åtgärd",
                    "details": {"owner": {"name": "Björn", "aad_object_id": f"aad-b{n}"}},
                    "by": "bench",
                    "at": at,
                    "due": (at + timedelta(days=7)).date(),
                }
                for n in range(1, count + 1)
            ],
        )


async def measure(label: str, url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate(engine)
        started = time.perf_counter()
        await seed(engine)
        print(
            f"{label}: seeded {PROJECTS:,} delprojekt, {PROJECTS * ACTIONS_PER_PROJECT:,} action items "
            f"in {time.perf_counter() - started:.1f} s"
        )
        uow = UnitOfWorkFactory(engine)
        calendar, library = WorkingCalendar(), TemplateLibrary.load()
        started = time.perf_counter()
        async with uow() as work:
            created, cancelled = await service.sweep(work, calendar, library, NOW)
        seconds = time.perf_counter() - started
        print(f"  full sweep, every delprojekt planned (rolled back): {seconds:.2f} s, {created:,} reminders")
        steps = (
            ("first sweep (plans everything, creates the outbox)", NOW, None),
            ("second sweep, 5 minutes later (nothing changed)", NOW + timedelta(minutes=5), None),
            ("sweep after 100 delprojekt changed (an action item added to each)", NOW + timedelta(minutes=10), 100),
        )
        for attempt, at, changed in steps:
            if changed:
                await add_actions(engine, changed, at)
            started = time.perf_counter()
            result = await service.sweep_changed(uow, calendar, library, at)
            seconds = time.perf_counter() - started
            print(
                f"  {attempt}: {seconds:.2f} s (goal ≤ 1 s), {result.planned:,} planned, {result.unchanged:,} "
                f"unchanged, {result.created:,} reminders created, {result.cancelled:,} cancelled"
            )
        # The night and the morning: plans that run out at midnight are renewed at their own moment
        # before 06:00 (service.renew_at), and reminders due at 08:00 enter each delprojekt's
        # horizon at its own moment between 02:00 and 08:00 (service.horizon), so the sweeps every
        # 5 minutes share them.
        tomorrow = NOW.astimezone(STOCKHOLM).date() + timedelta(days=1)
        midnight = datetime.combine(tomorrow, datetime.min.time(), STOCKHOLM)
        night: list[tuple[float, service.SweepResult]] = []
        for n in range(12 * 10):  # 00:00 to 09:55
            started = time.perf_counter()
            result = await service.sweep_changed(uow, calendar, library, midnight + timedelta(minutes=5 * n))
            night.append((time.perf_counter() - started, result))
        slowest, busiest = max(night, key=lambda pair: pair[0])
        print(
            f"  the {len(night)} sweeps of the night and morning, every 5 minutes from 00:00 to 09:55: "
            f"slowest {slowest:.2f} s (goal ≤ 1 s; "
            f"{busiest.planned} planned), median {sorted(t for t, _ in night)[len(night) // 2]:.2f} s; "
            f"{sum(r.planned for _, r in night):,} planned in all, the most in one sweep "
            f"{max(r.planned for _, r in night)}, {sum(r.created for _, r in night):,} reminders created, "
            f"{sum(r.cancelled for _, r in night):,} cancelled"
        )
        morning = midnight + timedelta(days=1, hours=10)  # the next night not swept: the service was down
        started = time.perf_counter()
        result = await service.sweep_changed(uow, calendar, library, morning)
        print(
            f"  catching up a whole night at once (the service was down from 10:00 to 10:00 the next day): "
            f"{time.perf_counter() - started:.2f} s, {result.planned:,} planned"
        )
        tracemalloc.start()
        # Committed, as every sweep_changed writes chunk by chunk (before issue 18's second round
        # this one was rolled back: the outbox below now also holds what it cancelled).
        await service.sweep_changed(uow, calendar, library, NOW + timedelta(days=2))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"  peak Python memory of a sweep: {peak:.0f} MB")
        started = time.perf_counter()
        async with uow() as work:
            claimed = await work.reminders.claim("bench", NOW, timedelta(minutes=2), 50)
            await work.commit()
        print(f"  claiming a batch of {len(claimed)} due reminders: {(time.perf_counter() - started) * 1000:.1f} ms")
        async with uow() as work:
            print(f"  outbox: {await work.reminders.counts()}")
    finally:
        await engine.dispose()
    await turns_during_sweeps(url)


async def _turns_while(bot, connector, task: asyncio.Task | None, count: int) -> list[float]:
    """`hjälp` turns one after the other: `count` of them, or for as long as `task` runs."""
    user = User("Sven Svep", "eeeeeeee-0000-0000-0000-000000000001")
    where = Conversation.personal(user)
    times: list[float] = []
    while (task is None and len(times) < count) or (task is not None and not task.done()):
        started = time.perf_counter()
        await bot.post(activities.message(connector.url, "hjälp", where=where, user=user))
        times.append(time.perf_counter() - started)
        if len(connector.sent) > 500:
            connector.clear()
    return times


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


async def turns_during_sweeps(url: str) -> None:
    connector = FakeConnector()
    await connector.start()
    engine = create_engine(url)
    try:
        async with BotClient(settings_for(url), connector) as bot:
            dispatcher = bot.app[DISPATCHER]
            await _turns_while(bot, connector, None, 50)  # warm-up
            quiet = await _turns_while(bot, connector, None, 300)
            print(f"  unrelated turns, no sweep: p50 {_p(quiet, 0.5):.1f} ms, p99 {_p(quiet, 0.99):.1f} ms")
            cases = (
                ("a sweep that plans all 10,000 again, in the worker process", False, True, 1),
                ("10 sweeps 5 minutes apart (nothing changed), in the worker process", False, False, 10),
                ("a sweep that plans all 10,000 again, on the event loop (before issue 18)", True, True, 1),
            )
            for label, here, everything, sweeps in cases:
                if everything:
                    async with engine.begin() as connection:
                        await connection.execute(reminder_plans.delete())

                async def sweeping(here: bool = here, sweeps: int = sweeps):
                    planned = 0
                    for n in range(sweeps):
                        planned += (await dispatcher.sweep(NOW + timedelta(days=3, minutes=5 * n), here=here)).planned
                    return planned

                started = time.perf_counter()
                task = asyncio.create_task(sweeping())
                during = await _turns_while(bot, connector, task, 0)
                seconds = time.perf_counter() - started
                planned = task.result()
                print(
                    f"  during {label} ({seconds:.2f} s, {planned:,} planned): {len(during)} turns, "
                    f"p50 {_p(during, 0.5):.1f} ms, p99 {_p(during, 0.99):.1f} ms "
                    f"({_p(during, 0.99) / _p(quiet, 0.99):.2f}× the p99 without; goal ≤ 2×)"
                )
    finally:
        await engine.dispose()
        await connector.close()


def main() -> None:
    if sys.argv[1:] == ["sqlite"]:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(measure("SQLite", f"sqlite:///{folder}/bench.db"))
        return
    postgres = databases.create_postgres_database()
    if isinstance(postgres, str):
        print(f"PostgreSQL needed: {postgres}")
        return
    try:
        asyncio.run(measure("PostgreSQL", postgres.url))
    finally:
        databases.drop_postgres_database(postgres)


if __name__ == "__main__":
    main()
