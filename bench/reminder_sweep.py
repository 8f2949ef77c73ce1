"""One reminder sweep over a large portfolio on PostgreSQL (issue 7).

Seeds 10,000 delprojekt, each linked to a channel with a stored conversation reference and an
ordförande, and 100,000 action items (10 per delprojekt, due dates spread over a year), with bulk
inserts; then times a sweep (plan every reminder and write the outbox) twice: the first creates
the rows, the second finds them all there. Also times claiming a batch of due rows.
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
)
from storage.unit_of_work import UnitOfWorkFactory  # noqa: E402
from tests.harness import databases  # noqa: E402

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
        for attempt in ("first sweep (creates the outbox)", "second sweep (nothing new)"):
            started = time.perf_counter()
            async with uow() as work:
                created, cancelled = await service.sweep(work, calendar, library, NOW)
                await work.commit()
            seconds = time.perf_counter() - started
            print(f"  {attempt}: {seconds:.2f} s, {created:,} reminders created, {cancelled:,} cancelled")
        tracemalloc.start()
        async with uow() as work:
            await service.sweep(work, calendar, library, NOW)
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
