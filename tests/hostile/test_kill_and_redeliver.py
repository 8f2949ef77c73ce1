"""kill -9 under load, then Teams' redelivery: the service runs as a real process, is killed while
card submits are in flight, restarted, and every submit is delivered again with its activity id.
Each press is stored exactly once: none lost, none twice."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections import Counter
from pathlib import Path

import aiohttp
from sqlalchemy import select

from storage.db import create_engine
from storage.tables import minute_entries
from tests.e2e.lifecycle_helpers import CHANNEL, action_data, initiation
from tests.harness import activities

ROOT = Path(__file__).resolve().parents[2]
SUBMITS = 24


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def start_service(database_url: str, port: int, env_file: Path) -> asyncio.subprocess.Process:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "MicrosoftAppId": "",
        "REMINDERS_ENABLED": "false",
        "MIGRATE_ON_START": "true",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--env-file", str(env_file), "serve",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    async with aiohttp.ClientSession() as session:
        for _ in range(400):  # a loaded CI machine can take a while
            if process.returncode is not None:
                raise AssertionError(f"the service exited at start with {process.returncode}")
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return process
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    if process.returncode is None:
        process.kill()
    raise AssertionError("the service did not start")


async def post(session: aiohttp.ClientSession, port: int, activity: dict) -> int | None:
    try:
        async with session.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as response:
            await response.read()
            return response.status
    except (TimeoutError, aiohttp.ClientError):
        return None  # the answer was lost: Teams would deliver the activity again


async def stored_texts(database_url: str) -> Counter:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(minute_entries.c.text))
            return Counter(text for (text,) in rows)
    finally:
        await engine.dispose()


async def test_submits_killed_in_flight_and_redelivered_are_stored_once(database_url, connector, tmp_path):
    port = free_port()
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    timeout = aiohttp.ClientTimeout(total=20)
    process = await start_service(database_url, port, env_file)
    try:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            assert await post(session, port, activities.card_submit(connector.url, initiation(), where=CHANNEL)) == 201
            await post(session, port, activities.message(connector.url, "anteckning", where=CHANNEL))
            opened = next(s for s in reversed(connector.sent) if s.cards)
            add_card = next(a["card"] for a in opened.cards[0]["actions"] if a.get("title") == "Lägg till")
            add = action_data(add_card, "minutes.add")
            presses = [
                activities.card_submit(connector.url, add | {"kind": "beslut", "text": f"Beslut nr {n}"}, where=CHANNEL)
                for n in range(SUBMITS)
            ]
            in_flight = [asyncio.create_task(post(session, port, press)) for press in presses]
            # Killed as soon as the first press is answered: the rest are in flight or queued.
            await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            process.send_signal(signal.SIGKILL)
            answers = await asyncio.gather(*in_flight)
        await process.wait()
        before_redelivery = await stored_texts(database_url)

        process = await start_service(database_url, port, env_file)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            redelivered = [await post(session, port, press) for press in presses]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    after = await stored_texts(database_url)
    assert all(status in (200, 201) for status in redelivered)
    assert all(count == 1 for count in before_redelivery.values())  # the kill itself doubles nothing
    assert {f"Beslut nr {n}": 1 for n in range(SUBMITS)} == {t: c for t, c in after.items() if t.startswith("Beslut")}
    assert any(a in (200, 201) for a in answers)  # the kill came while the service was working
