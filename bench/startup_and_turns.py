"""Start-up time and turn throughput of the service (figures for the foundation issue).

Measures, on a fresh SQLite database (and PostgreSQL when SAMARBETE_TEST_POSTGRES_URL is set):
- start-up: app factory + migrations + listening, until /readyz answers 200;
- `hjälp` turns over HTTP against a fake Bot Connector on loopback, sequential and 10 at a time.
Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.harness import activities, databases  # noqa: E402
from tests.harness.activities import Conversation, User  # noqa: E402
from tests.harness.bot_client import BotClient, settings_for  # noqa: E402
from tests.harness.fake_connector import FakeConnector  # noqa: E402

TURNS = 200


async def measure(label: str, database_url: str) -> None:
    connector = FakeConnector()
    await connector.start()
    try:
        started = time.perf_counter()
        async with BotClient(settings_for(database_url), connector) as bot:
            assert bot.client is not None
            ready = await bot.client.get("/readyz")
            startup = time.perf_counter() - started
            assert ready.status == 200

            channel = Conversation.channel()
            latencies = []
            for _ in range(TURNS):
                t0 = time.perf_counter()
                await bot.say("hjälp", where=channel)
                latencies.append(time.perf_counter() - t0)

            users = [User(f"Användare {i}") for i in range(10)]
            t0 = time.perf_counter()
            for _ in range(TURNS // 10):
                await asyncio.gather(
                    *(bot.post(activities.message(connector.url, "hjälp", where=channel, user=u)) for u in users)
                )
            concurrent = time.perf_counter() - t0
    finally:
        await connector.close()
    latencies.sort()
    print(f"[{label}] start-up until /readyz = 200: {startup * 1000:.0f} ms")
    print(
        f"[{label}] {TURNS} sequential 'hjälp' turns: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms"
    )
    print(f"[{label}] {TURNS} turns, 10 concurrent users: {TURNS / concurrent:.0f} turns/s")


async def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        await measure("sqlite", f"sqlite:///{directory}/bench.db")
    if os.environ.get(databases.ENV_VAR):
        created = await asyncio.to_thread(databases.create_postgres_database)
        if isinstance(created, str):
            raise SystemExit(created)
        try:
            await measure("postgresql", created.url)
        finally:
            await asyncio.to_thread(databases.drop_postgres_database, created)


if __name__ == "__main__":
    asyncio.run(main())
