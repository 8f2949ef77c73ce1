"""Turn cost of this bot beside a bare botbuilder echo bot (issue 18).

Both bots run as their own processes (`samarbete serve` and bench/_echo_bot.py, the stock SDK
sample) and answer to the same fake Bot Connector (tests/harness/fake_connector.py) in this
process; every figure is a whole HTTP turn including the bot's reply to the connector. The echo
turns are interleaved with ours in the same run, so machine noise hits both alike.

Prints, on SQLite and on PostgreSQL (SAMARBETE_TEST_POSTGRES_URL, or the local default when it
answers), each figure with its ratio to the echo bot and the goal beside it:
- c1 median and p95 of checklist "Spara", minutes "Lägg till" (a beslut) and `status`;
- c16 turns/s of checklist "Spara" and minutes add;
- `status` and minutes add on a delprojekt with 1,000 minute entries and 10,000 answer revisions,
  beside a fresh one with the same answers given once;
- `översikt` at 10, 1,000 and 10,000 delprojekt;
- start to /readyz, and RSS after 20,000 turns (idle, 5,000, 20,000).

`python bench/turns.py` runs everything; `--quick` runs fewer turns; `--only sqlite|postgresql`
picks a database; `--skip-rss` / `--skip-overview` leave out the long parts. Asserts nothing about
time: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.checklists.library import TemplateLibrary  # noqa: E402
from domain.checklists.model import AnswerType  # noqa: E402
from storage.db import create_engine  # noqa: E402
from storage.tables import arbetsgrupp_members, checklist_answers, delprojekt, meetings, minute_entries  # noqa: E402
from tests.e2e.lifecycle_helpers import KANSLI, action_data, card_of, find, initiation  # noqa: E402
from tests.harness import activities, databases  # noqa: E402
from tests.harness.activities import ANNA, Conversation, User  # noqa: E402
from tests.harness.fake_connector import FakeConnector  # noqa: E402


@dataclass
class Scale:
    c1_turns: int = 200
    c16_turns: int = 480
    history_turns: int = 60
    overview_turns: int = 15
    rss_turns: int = 20_000
    restarts: int = 7


QUICK = Scale(c1_turns=60, c16_turns=160, history_turns=20, overview_turns=5, rss_turns=4000, restarts=3)

GOALS = {
    "checklist": 1.2,
    "minutes": 1.5,
    "status": 1.3,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A bot in its own process, reached over loopback."""

    def __init__(self, label: str, command: list[str], env: dict[str, str], port: int, ready_path: str) -> None:
        self.label = label
        self.port = port
        self._command = command
        self._env = env
        self._ready_path = ready_path
        self.process: subprocess.Popen | None = None
        self.startup_seconds = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, session: aiohttp.ClientSession) -> None:
        started = time.perf_counter()
        self.process = subprocess.Popen(self._command, env=self._env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: ASYNC220
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.label} exited with {self.process.returncode}")
            try:
                async with session.get(self.url + self._ready_path) as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.01)
        self.startup_seconds = time.perf_counter() - started

    def rss_mb(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def bot_server(database_url: str) -> Server:
    port = free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        MicrosoftAppId="",
        MicrosoftAppPassword="",
        REMINDERS_ENABLED="false",
        KANSLI_AAD_IDS=KANSLI.aad_object_id,
        LOG_LEVEL="WARNING",
        HOST="127.0.0.1",
        PORT=str(port),
    )
    command = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"]
    return Server("bot", [*command, "--env-file", "/dev/null", "serve"], env, port, "/readyz")


def echo_server() -> Server:
    port = free_port()
    command = [sys.executable, str(ROOT / "bench" / "_echo_bot.py"), str(port)]
    return Server("echo", command, dict(os.environ), port, "/healthz")


class Client:
    """Posts activities to a bot and waits for its HTTP answer (which comes after its replies)."""

    def __init__(self, session: aiohttp.ClientSession, server: Server, connector: FakeConnector) -> None:
        self._session = session
        self._server = server
        self.connector = connector

    async def post(self, activity: dict[str, Any]) -> float:
        started = time.perf_counter()
        async with self._session.post(self._server.url + "/api/messages", json=activity) as response:
            await response.read()
            if response.status not in (200, 201):
                raise SystemExit(f"{self._server.label}: {response.status} {await response.text()}")
        return time.perf_counter() - started

    async def send(self, activity: dict[str, Any]):
        before = len(self.connector.sent)
        await self.post(activity)
        return self.connector.sent[before:]

    async def say(self, text: str, where: Conversation, user: User = ANNA):
        return await self.send(activities.message(self.connector.url, text, where=where, user=user))

    async def submit(self, value: dict[str, Any], where: Conversation, user: User = ANNA, reply_to: str | None = None):
        activity = activities.card_submit(self.connector.url, value, where=where, user=user, reply_to=reply_to)
        return await self.send(activity)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


# -- the paths under test ---------------------------------------------------------------------
TEMPLATE = TemplateLibrary.load().default()
# Answered on every "Spara" turn: an unconditional yes/no question of the first stage (always on
# the card of a new delprojekt); the history is seeded into free-text items of any stage.
YES_NO_ITEMS = {i.id for i in TEMPLATE.items if i.type is AnswerType.YES_NO and i.condition is None}
TEXT_ITEMS = [i for i in TEMPLATE.items if i.type is AnswerType.LONG_TEXT and i.condition is None]


class Project:
    """A delprojekt registered through its card in its own channel, ready for the measured paths."""

    def __init__(self, client: Client, channel: Conversation) -> None:
        self.client = client
        self.channel = channel
        self.key = ""
        self.project_id = 0
        self.meeting_id = 0
        self._answer: dict[str, Any] = {}
        self._item = ""
        self._card_id: str | None = None
        self._add: dict[str, Any] = {}
        self.revision = 0
        self._entries = 0

    async def setup(self, before_minutes: Callable[[str], Awaitable[None]] | None = None) -> None:
        sent = await self.client.submit(initiation(card_id=self.channel.id), self.channel)
        self.key = next(word for s in sent for word in s.text.replace("*", " ").split() if word.startswith("SBV-"))
        if before_minutes is not None:
            await before_minutes(self.key)
        sent = await self.client.say("checklista", self.channel)
        for message in sent:
            for card in message.cards:
                save = next(
                    (s["data"] for s in find(card, lambda n: n.get("type") == "Action.Submit")
                     if s.get("data", {}).get("action") == "checklist.save"),
                    None,
                )  # fmt: skip
                item = next((i for i in (save or {}).get("revisions", {}) if i in YES_NO_ITEMS), None)
                if item is not None:
                    self._answer, self._item, self._card_id = dict(save), item, message.activity_id
                    break
            if self._answer:
                break
        assert self._answer, "no yes/no checklist item on a checklist card"
        opened = await self.client.say("anteckning", self.channel)
        self._add = action_data(card_of(opened), "minutes.add")
        self.meeting_id = int(self._add["meeting_id"])

    def answer_activity(self) -> dict[str, Any]:
        """The card's Save with one yes/no item filled in, "ja" and "nej" by turns (an answer equal
        to the current one is no new revision, and every measured Save writes one)."""
        item = self._item
        revisions = self._answer["revisions"] | {item: self.revision}
        value = self._answer | {"revisions": revisions, f"v__{item}": ("ja", "nej")[self.revision % 2]}
        self.revision += 1
        return activities.card_submit(self.client.connector.url, value, where=self.channel, reply_to=self._card_id)

    def minutes_activity(self) -> dict[str, Any]:
        self._entries += 1
        value = self._add | {"kind": "beslut", "text": f"Beslut nummer {self._entries}."}
        return activities.card_submit(self.client.connector.url, value, where=self.channel)

    def status_activity(self) -> dict[str, Any]:
        return activities.message(self.client.connector.url, "status", where=self.channel)


async def echo_turn(echo: Client, connector: FakeConnector, user: User = ANNA) -> float:
    where = Conversation.personal(user)
    return await echo.post(activities.message(connector.url, "hjälp", where=where, user=user))


async def interleaved(
    bot: Client, echo: Client, paths: dict[str, Callable[[], dict[str, Any]]], turns: int
) -> dict[str, list[float]]:
    """One turn of each path, then one echo turn, `turns` times over (warm-up turns first)."""
    for make in paths.values():
        for _ in range(5):
            await bot.post(make())
    for _ in range(5):
        await echo_turn(echo, bot.connector)
    times: dict[str, list[float]] = {name: [] for name in [*paths, "echo"]}
    for _ in range(turns):
        for name, make in paths.items():
            times[name].append(await bot.post(make()))
            times["echo"].append(await echo_turn(echo, bot.connector))
        if len(bot.connector.sent) > 2000:
            bot.connector.clear()
    return times


async def concurrent(post: Callable[[int], Awaitable[float]], workers: int, turns: int) -> float:
    """Turns per second with `workers` posting at once, `turns` in all."""
    each = turns // workers

    async def worker(n: int) -> None:
        for _ in range(each):
            await post(n)

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(workers)))
    return workers * each / (time.perf_counter() - started)


async def seed_history(database_url: str, key: str, meetings_count: int, entries: int, revisions: int) -> None:
    """Give a delprojekt a long past: approved minutes of earlier meetings (a third of the entries
    beslut with register ids, the rest notes and action items) and many revisions of its answers."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            project_id = (await connection.execute(delprojekt.select().where(delprojekt.c.key == key))).first().id
            start = datetime.now(UTC) - timedelta(days=7 * meetings_count + 7)
            meeting_ids = []
            for number in range(1, meetings_count + 1):
                held = start + timedelta(days=7 * number)
                result = await connection.execute(
                    meetings.insert().values(
                        delprojekt_id=project_id, number=number, held_at=held, place="Teams", present=[],
                        absent=[], agenda=[], created_by="bench", approved_by="bench", approved_at=held, version=2,
                    )
                )  # fmt: skip
                meeting_ids.append((result.inserted_primary_key[0], held))
            per_meeting = entries // meetings_count if meetings_count else 0
            rows = []
            for index, (meeting_id, held) in enumerate(meeting_ids):
                for n in range(per_meeting):
                    serial = index * per_meeting + n
                    kind = ("beslut", "anteckning", "atgard")[serial % 3]
                    rows.append(
                        {
                            "id": f"history-{project_id}-{serial}",
                            "meeting_id": meeting_id,
                            "delprojekt_id": project_id,
                            "seq": n + 1,
                            "kind": kind,
                            "register_id": f"B-{serial // 3 + 1}" if kind == "beslut" else None,
                            "text": f"Post {serial} ur historien.",
                            "details": {"owner": {"name": "Björn"}} if kind == "atgard" else {},
                            "by": "bench",
                            "at": held,
                            "due": held.date() + timedelta(days=14) if kind == "atgard" else None,
                        }
                    )
            if rows:
                await connection.execute(minute_entries.insert(), rows)
            per_item = revisions // len(TEXT_ITEMS)
            await connection.execute(
                checklist_answers.insert(),
                [
                    {
                        "delprojekt_id": project_id,
                        "item_id": item.id,
                        "revision": revision,
                        "value": f"Svar {revision}",
                        "justification": "",
                        "by": "bench",
                        "at": start,
                    }
                    for item in TEXT_ITEMS
                    for revision in range(1, per_item + 1)
                ],
            )
    finally:
        await engine.dispose()


async def seed_portfolio(database_url: str, first: int, last: int) -> None:
    """Delprojekt `first`..`last` (1-based) with an ordförande each, by bulk insert."""
    engine = create_engine(database_url)
    created = datetime(2026, 1, 5, tzinfo=UTC)
    stages = ["analys", "forslag", "nulagesanalys", "implementering", "arbetsgrupp_tillsatt"]
    try:
        async with engine.begin() as connection:
            for start in range(first, last + 1, 2000):
                numbers = range(start, min(start + 2000, last + 1))
                await connection.execute(
                    delprojekt.insert(),
                    [
                        {
                            "key": f"SBV-2025-{n:04d}",
                            "key_prefix": "SBV",
                            "key_year": 2025,
                            "key_number": n,
                            "title": f"Delprojekt {n}",
                            "stage": stages[n % len(stages)],
                            "regions": ["Region Skåne", "Region Halland"],
                            "characters": [],
                            "created_by": "bench",
                            "created_at": created,
                            "version": 1,
                            "uppdrag": {},
                        }
                        for n in numbers
                    ],
                )
                ids = dict(
                    (
                        await connection.execute(
                            delprojekt.select()
                            .with_only_columns(delprojekt.c.key_number, delprojekt.c.id)
                            .where(delprojekt.c.key_year == 2025, delprojekt.c.key_number.in_(list(numbers)))
                        )
                    ).all()
                )
                await connection.execute(
                    arbetsgrupp_members.insert(),
                    [
                        {
                            "id": f"bench-m{n}",
                            "delprojekt_id": ids[n],
                            "position": 0,
                            "name": f"Ordförande {n}",
                            "role": "ordforande",
                            "region": "Region Skåne",
                            "organisation": "",
                            "aad_object_id": f"aad-{n}",
                            "added_by": "bench",
                            "added_at": created,
                        }
                        for n in numbers
                    ],
                )
    finally:
        await engine.dispose()


# -- one database -----------------------------------------------------------------------------
def line(label: str, ours: float, echo: float, goal: str, unit: str = "ms", ratio: float | None = None) -> str:
    ratio = ours / echo if ratio is None else ratio
    return f"  {label:58} {ours:8.1f} {unit:5} echo {echo:7.1f} {unit:5} {ratio:5.2f}×   goal {goal}"


async def measure(label: str, database_url: str, overview_url: str | None, scale: Scale, rss: bool) -> None:
    connector = FakeConnector()
    await connector.start()
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=64)) as session:
        bot_proc, echo_proc = bot_server(database_url), echo_server()
        try:
            await bot_proc.start(session)
            await echo_proc.start(session)
            bot, echo = Client(session, bot_proc, connector), Client(session, echo_proc, connector)
            startup, echo_startup = bot_proc.startup_seconds * 1000, echo_proc.startup_seconds * 1000
            print(f"[{label}] start-up, each beside the echo bot's:")
            print(line("start to /readyz, fresh database (all migrations)", startup, echo_startup, "≤ 2000 ms"))
            main = Project(bot, Conversation.channel("bench-main"))
            await main.setup()

            times = await interleaved(
                bot,
                echo,
                {
                    "checklist": main.answer_activity,
                    "minutes": main.minutes_activity,
                    "status": main.status_activity,
                },
                scale.c1_turns,
            )
            echo_median = statistics.median(times["echo"])
            print(f"[{label}] c1, {scale.c1_turns} turns each, interleaved with {len(times['echo'])} echo turns "
                  f"(echo median {ms(echo_median)} ms, p95 {ms(p95(times['echo']))} ms):")  # fmt: skip
            p95_goal = "≤ 30 ms" if label == "sqlite" else "≤ 40 ms"
            names = {"checklist": 'checklist "Spara"', "minutes": 'minutes "Lägg till" beslut', "status": "status"}
            for name, title in names.items():
                median = statistics.median(times[name])
                print(line(f"{title}, median", median * 1000, echo_median * 1000, f"≤ {GOALS[name]}×"))
                goal = p95_goal if name == "checklist" else "–"
                print(line(f"{title}, p95", p95(times[name]) * 1000, p95(times["echo"]) * 1000, goal))

            # c16: each worker its own delprojekt (own channel), as 16 arbetsgrupper at work.
            projects = [Project(bot, Conversation.channel(f"bench-c16-{n}")) for n in range(16)]
            for project in projects:
                await project.setup()
            users = [User(f"Ekobrukare {n}", f"eeeeeeee-0000-0000-0000-{n:012d}") for n in range(16)]

            async def echo_post(n: int) -> float:
                return await echo_turn(echo, connector, users[n])

            for path, goal in (("checklist", "≥ 1.0× PostgreSQL, ≥ 0.7× SQLite"), ("minutes", "–")):

                async def bot_post(n: int, path: str = path) -> float:
                    project = projects[n]
                    activity = project.answer_activity() if path == "checklist" else project.minutes_activity()
                    return await bot.post(activity)

                ours = await concurrent(bot_post, 16, scale.c16_turns)
                theirs = await concurrent(echo_post, 16, scale.c16_turns)
                connector.clear()
                print(line(f"c16 {names[path]}", ours, theirs, goal, "t/s"))

            # History: the same paths on a delprojekt with a long past, interleaved with a fresh one
            # that has the same answers, each given once (the same state, no past): 50 earlier
            # meetings with 1,000 entries, 10,000 answer revisions; today's
            # meeting (where the entries are added) is opened after them, as in real life.
            old = Project(bot, Conversation.channel("bench-history"))
            await old.setup(lambda key: seed_history(database_url, key, 50, 1000, 10_000))
            fresh = Project(bot, Conversation.channel("bench-fresh"))
            await fresh.setup(lambda key: seed_history(database_url, key, 0, 0, len(TEXT_ITEMS)))
            for name, title in (("status", "status"), ("minutes", names["minutes"])):
                make = {"status": Project.status_activity, "minutes": Project.minutes_activity}[name]
                heavy: list[float] = []
                light: list[float] = []
                for project in (old, fresh):
                    for _ in range(3):
                        await bot.post(make(project))
                for _ in range(scale.history_turns):
                    heavy.append(await bot.post(make(old)))
                    light.append(await bot.post(make(fresh)))
                connector.clear()
                h, f = statistics.median(heavy), statistics.median(light)
                print(line(f"{title} at 1,000 entries / 10,000 revisions vs fresh", h * 1000, f * 1000, "≤ 1.10×")
                      .replace("echo", "fresh"))  # fmt: skip

            if rss:
                await rss_run(label, bot, bot_proc, echo, echo_proc, main, scale.rss_turns)
        finally:
            bot_proc.stop()
            echo_proc.stop()
        await restarts(label, session, database_url, scale.restarts)
        if overview_url is not None:
            await overview_run(label, session, connector, overview_url, scale)
    await connector.close()


async def restarts(label: str, session: aiohttp.ClientSession, database_url: str, rounds: int) -> None:
    """Start to /readyz of a restart (the database up to date, as after every deploy but the one
    that migrates), each beside the echo bot's start: one start is too noisy a figure here."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        for server, times in ((bot_server(database_url), ours), (echo_server(), theirs)):
            try:
                await server.start(session)
                times.append(server.startup_seconds * 1000)
            finally:
                server.stop()
    print(line(f"start to /readyz, restart, median of {rounds}", statistics.median(ours), statistics.median(theirs),
               "≤ 2000 ms"))  # fmt: skip


async def rss_run(
    label: str, bot: Client, bot_proc: Server, echo: Client, echo_proc: Server, main: Project, turns: int
) -> None:
    """Many turns from many conversations and users (per-conversation caches must stay bounded)."""
    idle = bot_proc.rss_mb()
    marks = {}
    users = [User(f"Person {n}", f"dddddddd-0000-0000-0000-{n:012d}") for n in range(2000)]
    for n in range(turns):
        kind = n % 4
        if kind == 0:
            await bot.post(main.answer_activity())
        elif kind == 1:
            await bot.post(main.status_activity())
        else:
            user = users[n % len(users)]
            await bot.post(activities.message(bot.connector.url, "hjälp", where=Conversation.personal(user), user=user))
        if len(bot.connector.sent) > 1000:
            bot.connector.clear()
        if n + 1 in (5000, turns):
            marks[n + 1] = bot_proc.rss_mb()
    for n in range(min(turns, 5000)):
        await echo_turn(echo, echo.connector, users[n % len(users)])
    echo.connector.clear()
    after = ", ".join(f"{mb:.0f} MB after {count:,}" for count, mb in marks.items())
    print(f"[{label}] RSS: idle {idle:.0f} MB, {after} turns (goal ≤ 150 MB after 20,000); "
          f"echo bot {echo_proc.rss_mb():.0f} MB")  # fmt: skip


async def overview_run(label: str, session, connector: FakeConnector, database_url: str, scale: Scale) -> None:
    server = bot_server(database_url)
    try:
        await server.start(session)
        client = Client(session, server, connector)
        where = Conversation.personal(KANSLI)
        seeded = 0
        figures = []
        for size in (10, 1000, 10_000):
            await seed_portfolio(database_url, seeded + 1, size)
            seeded = size
            activity = lambda: activities.message(connector.url, "översikt", where=where, user=KANSLI)  # noqa: E731
            await client.post(activity())
            times = [await client.post(activity()) for _ in range(scale.overview_turns)]
            connector.clear()
            figures.append(f"{size:,}: {ms(statistics.median(times))} ms")
        print(f"[{label}] översikt median at " + ", ".join(figures) + " (goal ≤ 50 ms at 10,000)")
    finally:
        server.stop()


async def fresh_postgres() -> databases.PostgresDatabase | None:
    created = await asyncio.to_thread(databases.create_postgres_database)
    if isinstance(created, str):
        print(f"[postgresql] skipped: {created}")
        return None
    return created


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer turns (a rough figure in a minute or two)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--skip-overview", action="store_true")
    args = parser.parse_args()
    scale = QUICK if args.quick else Scale()
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 CPUs here; figures are noisy above ~0.5)")
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            overview = None if args.skip_overview else f"sqlite:///{folder}/overview.db"
            await measure("sqlite", f"sqlite:///{folder}/bench.db", overview, scale, not args.skip_rss)
    if args.only in (None, "postgresql"):
        turns_db = await fresh_postgres()
        overview_db = None if args.skip_overview or turns_db is None else await fresh_postgres()
        if turns_db is not None:
            try:
                await measure("postgresql", turns_db.url, overview_db.url if overview_db else None, scale,
                              not args.skip_rss)  # fmt: skip
            finally:
                await asyncio.to_thread(databases.drop_postgres_database, turns_db)
                if overview_db is not None:
                    await asyncio.to_thread(databases.drop_postgres_database, overview_db)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
